// Which CSV column feeds which observation field: from the user's mapping when given, otherwise from
// common header names (case, spaces, underscores and dots ignored). Shared by detection and the parser.

export type CsvField =
  'host' | 'ip' | 'hostname' | 'proto' | 'port' | 'state' | 'service' | 'product' | 'version' | 'process';

export const CSV_FIELDS: readonly CsvField[] = [
  'host',
  'ip',
  'hostname',
  'proto',
  'port',
  'state',
  'service',
  'product',
  'version',
  'process',
];

/** Names a user may write in a mapping for a field, besides the field's own name. */
const FIELD_ALIASES: Readonly<Record<string, CsvField>> = {
  'host/ip': 'host',
  address: 'host',
  'ip address': 'ip',
  'host name': 'hostname',
  fqdn: 'hostname',
  protocol: 'proto',
  status: 'state',
  'service name': 'service',
  program: 'process',
};

/** Header names recognised without a mapping, in normalised form (see normaliseHeader). */
const AUTO: Readonly<Record<string, CsvField>> = {
  host: 'host',
  address: 'host',
  target: 'host',
  'host address': 'host',
  ip: 'ip',
  ipv4: 'ip',
  ipv6: 'ip',
  'ip address': 'ip',
  ipaddress: 'ip',
  'ipv4 address': 'ip',
  'ipv6 address': 'ip',
  'host ip': 'ip',
  hostname: 'hostname',
  'host name': 'hostname',
  fqdn: 'hostname',
  dns: 'hostname',
  'dns name': 'hostname',
  protocol: 'proto',
  proto: 'proto',
  'port protocol': 'proto',
  transport: 'proto',
  port: 'port',
  ports: 'port',
  'port number': 'port',
  'destination port': 'port',
  'dst port': 'port',
  state: 'state',
  status: 'state',
  'port state': 'state',
  service: 'service',
  'service name': 'service',
  product: 'product',
  version: 'version',
  process: 'process',
  'process name': 'process',
  program: 'process',
};

export function normaliseHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_.-]+/g, ' ');
}

/** Column index -> field. Each field takes the first column that names it. */
export type ColumnMap = Map<number, CsvField>;

export function autoMap(header: readonly string[]): ColumnMap {
  const map: ColumnMap = new Map();
  const taken = new Set<CsvField>();
  header.forEach((name, i) => {
    const key = normaliseHeader(name);
    const field = Object.hasOwn(AUTO, key) ? AUTO[key] : undefined;
    if (field && !taken.has(field)) {
      taken.add(field);
      map.set(i, field);
    }
  });
  return map;
}

/** The field a mapping value names, or null when it names none. */
export function fieldNamed(value: string): CsvField | null {
  const key = normaliseHeader(value);
  if ((CSV_FIELDS as readonly string[]).includes(key)) return key as CsvField;
  return Object.hasOwn(FIELD_ALIASES, key) ? (FIELD_ALIASES[key] ?? null) : null;
}

/**
 * Column index -> field from the user's mapping (file column name -> field). A column name matches
 * exactly first, then ignoring case and spacing. Returns the problems instead of throwing, so the caller
 * can say where.
 */
export function explicitMap(
  header: readonly string[],
  columns: Readonly<Record<string, string>>,
): { map: ColumnMap; problems: string[] } {
  const map: ColumnMap = new Map();
  const problems: string[] = [];
  for (const [column, value] of Object.entries(columns)) {
    const field = fieldNamed(value);
    if (!field) {
      problems.push(`"${value}" (for column "${column}") is not a field; expected one of ${CSV_FIELDS.join(', ')}`);
      continue;
    }
    let at = header.indexOf(column);
    if (at < 0) at = header.findIndex((h) => normaliseHeader(h) === normaliseHeader(column));
    if (at < 0) {
      problems.push(`column "${column}" is not in the header`);
      continue;
    }
    if ([...map.values()].includes(field)) {
      problems.push(`field "${field}" is mapped from more than one column`);
      continue;
    }
    map.set(at, field);
  }
  return { map, problems };
}

/** A mapping is usable when it names a port column and some host column. */
export function mapsHostAndPort(map: ColumnMap): boolean {
  const fields = new Set(map.values());
  return fields.has('port') && (fields.has('host') || fields.has('ip') || fields.has('hostname'));
}
