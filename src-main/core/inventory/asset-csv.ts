// Reads an asset register / CMDB export (CSV with a header) into owner and purpose annotations. Columns
// are recognised by their usual names; a row may name a service (port and protocol) or the whole asset.
// Anything unexpected is refused with the file, line and what was expected.
import { createDecoder, sniffEncoding } from '../import/decode';
import { csvReader } from '../import/generic/csv-reader';
import { ParseError } from '../import/types';
import { PortcullisError } from '../model/errors';
import type { Proto } from '../model/observation';

export interface AssetAnnotation {
  asset: string;
  proto: Proto | null;
  port: number | null;
  owner: string | null;
  purpose: string | null;
}

export interface ParsedAssetCsv {
  rows: (AssetAnnotation & { line: number })[];
  /** Field -> the header it was read from. */
  columns: Record<string, string>;
}

type Field = 'asset' | 'owner' | 'purpose' | 'port' | 'proto';

const NAMES: Record<Field, string[]> = {
  asset: [
    'asset',
    'host',
    'hostname',
    'host name',
    'ip',
    'ip address',
    'address',
    'fqdn',
    'ci',
    'ci name',
    'name',
    'system',
  ],
  owner: ['owner', 'owned by', 'business owner', 'system owner', 'asset owner', 'responsible', 'support group'],
  purpose: [
    'purpose',
    'business purpose',
    'business need',
    'business justification',
    'justification',
    'function',
    'description',
  ],
  port: ['port', 'service port'],
  proto: ['proto', 'protocol', 'transport'],
};

function fieldOf(header: string): Field | null {
  const h = header.trim().toLowerCase().replace(/[_-]+/g, ' ');
  for (const [field, names] of Object.entries(NAMES) as [Field, string[]][]) if (names.includes(h)) return field;
  return null;
}

function fail(fileName: string, line: number, what: string): never {
  throw new PortcullisError('PARSE_ERROR', `${fileName}: line ${line}: ${what}`);
}

export function parseAssetCsv(bytes: Buffer, fileName: string): ParsedAssetCsv {
  const records: { fields: string[]; line: number }[] = [];
  const reader = csvReader({ onRecord: (fields, line) => records.push({ fields, line }) });
  const { encoding, bom } = sniffEncoding(bytes);
  const decoder = createDecoder(encoding, bom);
  try {
    reader.write(decoder.decode(bytes, 0));
    const tail = decoder.flush();
    if (tail) reader.write(tail);
    reader.end();
  } catch (err) {
    if (err instanceof ParseError) fail(fileName, err.line ?? 0, err.message);
    throw err;
  }
  const [header, ...body] = records;
  if (!header) fail(fileName, 1, 'the file is empty; expected a header row naming asset, owner and purpose columns');
  const index = new Map<Field, number>();
  const columns: Record<string, string> = {};
  // Registers often carry both a host name and an address: a row uses the first of them that is filled.
  const assetColumns: number[] = [];
  header.fields.forEach((name, i) => {
    const f = fieldOf(name);
    if (f === 'asset') assetColumns.push(i);
    if (f && !index.has(f)) {
      index.set(f, i);
      columns[f] = name;
    }
  });
  columns.asset = assetColumns.map((i) => header.fields[i]).join(' / ');
  if (!index.has('asset')) {
    fail(fileName, header.line, `no asset column; expected one headed ${NAMES.asset.map((n) => `"${n}"`).join(', ')}`);
  }
  if (!index.has('owner') && !index.has('purpose')) {
    fail(fileName, header.line, 'no owner or purpose column; expected e.g. "owner" and "business purpose"');
  }
  const cell = (r: string[], f: Field) => {
    const i = index.get(f);
    const v = i === undefined ? '' : (r[i] ?? '').trim();
    return v === '' ? null : v;
  };
  const rows = body.map(({ fields, line }) => {
    const asset = assetColumns
      .map((i) => (fields[i] ?? '').trim())
      .find((v) => v !== '')
      ?.toLowerCase();
    if (!asset) fail(fileName, line, `no ${columns.asset} on this row; expected an address or host name`);
    let proto = cell(fields, 'proto')?.toLowerCase() ?? null;
    const portText = cell(fields, 'port');
    let port: number | null = null;
    if (portText !== null) {
      const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(portText);
      if (!m || Number(m[1]) > 65535)
        fail(fileName, line, `"${portText}" is not a port; expected 0-65535 or e.g. 53/udp`);
      port = Number(m[1]);
      // A port without a protocol is TCP unless the cell says e.g. "53/udp" or a protocol column says so.
      proto = m[2]?.toLowerCase() ?? proto ?? 'tcp';
    }
    if (proto !== null && port === null) fail(fileName, line, `a protocol (${proto}) without a port`);
    if (proto !== null && !['tcp', 'udp', 'sctp'].includes(proto)) {
      fail(fileName, line, `"${proto}" is not a protocol; expected tcp, udp or sctp`);
    }
    return {
      asset,
      proto: proto as Proto | null,
      port,
      owner: cell(fields, 'owner'),
      purpose: cell(fields, 'purpose'),
      line,
    };
  });
  return { rows, columns };
}
