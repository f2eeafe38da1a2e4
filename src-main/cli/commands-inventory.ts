// CLI commands for the in-use inventory: the table (text or CSV), groups, one entry's provenance, and
// owner / business-purpose annotations typed in or imported from an asset register.
import type { Response } from '../api/contract';
import { path0, str } from './args';
import type { CommandSpec, ParsedArgs } from './commands';
import { formatInventoryEntry, formatInventoryGroups, formatInventoryPage, inventoryCsv } from './format-inventory';

function filterFrom(v: ParsedArgs['values']): Record<string, unknown> {
  const port = str(v.port);
  return {
    ...(str(v.text) !== undefined ? { text: str(v.text) } : {}),
    ...(str(v.asset) !== undefined ? { asset: str(v.asset) } : {}),
    ...(str(v.proto) !== undefined ? { proto: str(v.proto) } : {}),
    ...(port !== undefined ? { port: Number(port) } : {}),
    ...(str(v.service) !== undefined ? { service: str(v.service) } : {}),
    ...(str(v.owner) !== undefined ? { owner: str(v.owner) } : {}),
    ...(v.insecure === true ? { insecure: true } : {}),
  };
}

/** "23/tcp" (or "23", meaning TCP) -> { port, proto }; anything else is left for the schema to refuse. */
function portProto(text: string | undefined): { port: number; proto: string } {
  const [p = '', proto = 'tcp'] = (text ?? '').split('/', 2);
  return { port: /^\d+$/.test(p) ? Number(p) : Number.NaN, proto: proto.toLowerCase() };
}

const filterOptions = {
  text: { type: 'string' },
  asset: { type: 'string' },
  proto: { type: 'string' },
  port: { type: 'string' },
  service: { type: 'string' },
  owner: { type: 'string' },
  insecure: { type: 'boolean' },
} as const;

export const inventoryCommands: CommandSpec[] = [
  {
    words: ['inventory'],
    usage:
      'portcullis inventory <file.portcullis> [--insecure] [--text T] [--asset A] [--port N] [--proto P] [--service S] [--owner O] [--sort COL] [--desc] [--limit N] [--offset N] [--csv]',
    summary:
      'the in-use inventory: one row per asset and port, merged across imports, with owner, purpose and insecure reasons',
    options: {
      ...filterOptions,
      sort: { type: 'string' },
      desc: { type: 'boolean' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      csv: { type: 'boolean' },
    },
    minArgs: 1,
    maxArgs: 1,
    channel: 'inventory.query',
    request: (a) => ({
      path: path0(a),
      filter: filterFrom(a.values),
      ...(str(a.values.sort) !== undefined ? { sort: str(a.values.sort) } : {}),
      ...(a.values.desc === true ? { descending: true } : {}),
      ...(str(a.values.limit) !== undefined ? { limit: Number(str(a.values.limit)) } : {}),
      ...(str(a.values.offset) !== undefined ? { offset: Number(str(a.values.offset)) } : {}),
    }),
    render: (v) => formatInventoryPage(v as Response<'inventory.query'>),
    csvPage: inventoryCsv,
  },
  {
    words: ['inventory', 'groups'],
    usage: 'portcullis inventory groups <file.portcullis> --by service|asset|owner [--insecure] [--text T] ...',
    summary: 'count inventory rows by service, asset or owner',
    options: { ...filterOptions, by: { type: 'string' } },
    minArgs: 1,
    maxArgs: 1,
    channel: 'inventory.groups',
    request: (a) => ({ path: path0(a), filter: filterFrom(a.values), by: str(a.values.by) ?? 'service' }),
    render: (v) => formatInventoryGroups(v as Response<'inventory.groups'>),
  },
  {
    words: ['inventory', 'show'],
    usage: 'portcullis inventory show <file.portcullis> <asset> <port[/proto]>',
    summary:
      'one in-use service: every import that saw it, host listings, insecure reasons and the rule lines admitting it',
    options: {},
    minArgs: 3,
    maxArgs: 3,
    channel: 'inventory.get',
    request: (a) => ({ path: path0(a), asset: a.positionals[1] ?? '', ...portProto(a.positionals[2]) }),
    render: (v) => formatInventoryEntry(v as Response<'inventory.get'>),
  },
  {
    words: ['inventory', 'annotate'],
    usage: 'portcullis inventory annotate <file.portcullis> <asset> [port/proto] [--owner NAME] [--purpose TEXT]',
    summary: 'record the owner and business purpose of an asset or one of its services (both empty clears them)',
    options: { owner: { type: 'string' }, purpose: { type: 'string' } },
    minArgs: 2,
    maxArgs: 3,
    channel: 'inventory.annotate',
    request: (a) => ({
      path: path0(a),
      annotation: {
        asset: a.positionals[1] ?? '',
        ...(a.positionals[2] !== undefined ? portProto(a.positionals[2]) : {}),
        owner: str(a.values.owner) || null,
        purpose: str(a.values.purpose) || null,
      },
    }),
    render: () => 'annotation saved',
  },
  {
    words: ['inventory', 'import-assets'],
    usage: 'portcullis inventory import-assets <file.portcullis> <assets.csv>',
    summary:
      'import owners and business purposes from a CMDB / asset-register CSV (columns: asset, owner, purpose[, port, proto])',
    options: {},
    minArgs: 2,
    maxArgs: 2,
    channel: 'inventory.importAssets',
    request: (a) => ({ path: path0(a), source: a.positionals[1] ?? '' }),
    render: (v) => {
      const r = v as Response<'inventory.importAssets'>;
      const cols = Object.entries(r.columns)
        .map(([f, h]) => `${f}="${h}"`)
        .join(', ');
      return `${r.fileName}: ${r.rows} row(s) imported (${r.replaced} replaced earlier rows); columns ${cols}; stored as ${r.sha256.slice(0, 16)}…`;
    },
  },
];
