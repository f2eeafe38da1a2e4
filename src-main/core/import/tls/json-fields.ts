// Typed reads of parsed JSON reports: the assessors' documents are untrusted input, so every field is checked
// for its kind before use instead of being cast.

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The field as an object, or null when absent or of another kind. */
export function obj(o: JsonObject | null | undefined, key: string): JsonObject | null {
  const v = o?.[key];
  return isObject(v) ? v : null;
}

/** The field as an array, or null when absent or of another kind. */
export function arr(o: JsonObject | null | undefined, key: string): unknown[] | null {
  const v = o?.[key];
  return Array.isArray(v) ? v : null;
}

/** The field as text (numbers are written out), or null. */
export function str(o: JsonObject | null | undefined, key: string): string | null {
  const v = o?.[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

export function num(o: JsonObject | null | undefined, key: string): number | null {
  const v = o?.[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

/** True only for JSON true (or the text "true"/"True" some tools write). */
export function yes(o: JsonObject | null | undefined, key: string): boolean {
  const v = o?.[key];
  return v === true || v === 'true' || v === 'True';
}

/** False only for JSON false (or "false"/"False"); absent or null is not false. */
export function no(o: JsonObject | null | undefined, key: string): boolean {
  const v = o?.[key];
  return v === false || v === 'false' || v === 'False';
}
