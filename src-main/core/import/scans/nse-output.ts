// The structured output of one NSE script as nmap writes it in XML (<script id output> holding nested
// <table key>/<elem key>), with the few accessors the fact rules need.
export type NseItem =
  { kind: 'elem'; key: string | null; text: string } | { kind: 'table'; key: string | null; items: NseItem[] };

export interface NseScript {
  id: string;
  /** The human-readable output (the `output` attribute). */
  output: string;
  /** Structured output; empty for scripts and nmap versions that write none. */
  items: NseItem[];
}

/** The first item with this key. */
export function item(items: readonly NseItem[], key: string): NseItem | undefined {
  return items.find((i) => i.key === key);
}

/** Text of the elem with this key, or null. */
export function elemText(items: readonly NseItem[], key: string): string | null {
  const i = item(items, key);
  return i?.kind === 'elem' ? i.text : null;
}

/** Items of the table with this key, or null. */
export function tableItems(items: readonly NseItem[], key: string): NseItem[] | null {
  const i = item(items, key);
  return i?.kind === 'table' ? i.items : null;
}

/** Texts of the elems directly in `items` (a list such as `<table key="dialects"><elem>…`). */
export function elemTexts(items: readonly NseItem[]): string[] {
  return items.flatMap((i) => (i.kind === 'elem' ? [i.text] : []));
}

/** Sub-tables directly in `items` (a list of records such as the cipher tables). */
export function subTables(items: readonly NseItem[]): NseItem[][] {
  return items.flatMap((i) => (i.kind === 'table' ? [i.items] : []));
}

/** Every table at any depth, itself included, for scripts that nest results under varying keys. */
export function allTables(items: NseItem[]): NseItem[][] {
  const out: NseItem[][] = [items];
  for (const i of items) if (i.kind === 'table') out.push(...allTables(i.items));
  return out;
}
