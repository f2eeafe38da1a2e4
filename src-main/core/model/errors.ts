// Errors the core raises on purpose: a stable code for programs and a message for people that says
// what was expected and where.

export const errorCodes = [
  'INVALID_REQUEST',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'NOT_SQLITE',
  'NOT_PORTCULLIS',
  'NEWER_SCHEMA',
  'DAMAGED',
  'CANCELLED',
  'PARSE_ERROR',
  'UNKNOWN_FORMAT',
  'NEEDS_HOST_NAME',
  'FORBIDDEN',
  'IO_ERROR',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export class PortcullisError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'PortcullisError';
    this.code = code;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

/** Turns anything thrown into an ErrorInfo; unknown failures keep their message but are marked INTERNAL. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof PortcullisError) return err.toInfo();
  if (isErrorInfo(err)) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  const sysCode = (err as { code?: unknown } | null)?.code;
  if (typeof sysCode === 'string' && /^E[A-Z]+$/.test(sysCode)) return { code: 'IO_ERROR', message };
  return { code: 'INTERNAL', message };
}

function isErrorInfo(v: unknown): v is ErrorInfo {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ErrorInfo).message === 'string' &&
    (errorCodes as readonly string[]).includes((v as ErrorInfo).code)
  );
}
