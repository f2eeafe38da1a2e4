// Plain-text and CSV renderings of the in-use inventory.
import type { Response } from '../api/contract';
import { csvRow } from './csv';

type Page = Response<'inventory.query'>;
type Row = Page['rows'][number];

function service(r: Row): string {
  return [r.services.join('/'), r.products.join('; ')].filter(Boolean).join(' ') || '(not identified)';
}

export function formatInventoryPage(p: Page): string {
  const out = p.rows.map((r) => {
    const insecure = r.insecure.length > 0 ? `  INSECURE: ${r.insecure.map((i) => i.title).join('; ')}` : '';
    const owner = r.owner ? `  owner ${r.owner}` : '';
    const purpose = r.purpose ? `  purpose "${r.purpose}"` : '';
    const listed = r.listedByHost ? '  [host listing]' : '';
    return `${r.asset.padEnd(16)} ${`${r.port}/${r.proto}`.padEnd(10)} ${service(r)}  (${r.importCount} import(s))${listed}${owner}${purpose}${insecure}`;
  });
  const shown = p.rows.length === 0 ? 0 : p.rows.length;
  out.push(`${shown} of ${p.total} in-use service(s); standard version ${p.standardVersion}.`);
  return out.join('\n');
}

const columns = [
  'asset',
  'host_names',
  'proto',
  'port',
  'services',
  'products',
  'observations',
  'imports',
  'listed_by_host',
  'first_seen',
  'last_seen',
  'owner',
  'purpose',
  'insecure',
  'insecure_rules',
] as const;

export function inventoryCsv(value: unknown, first: boolean): string {
  const p = value as Page;
  let out = first ? csvRow(columns) : '';
  for (const r of p.rows) {
    out += csvRow([
      r.asset,
      r.hostNames.join(' '),
      r.proto,
      r.port,
      r.services.join(' '),
      r.products.join('; '),
      r.observationCount,
      r.importCount,
      r.listedByHost ? 'yes' : 'no',
      r.firstSeen,
      r.lastSeen,
      r.owner,
      r.purpose,
      r.insecure.length > 0 ? 'yes' : 'no',
      r.insecure.map((i) => i.ruleId).join(' '),
    ]);
  }
  return out;
}

export function formatInventoryGroups(groups: Response<'inventory.groups'>): string {
  return groups
    .map(
      (g) =>
        `${String(g.rows).padStart(7)} row(s)  ${String(g.assets).padStart(6)} asset(s)  ${String(g.insecure).padStart(6)} insecure  ${g.key}`,
    )
    .join('\n');
}

export function formatInventoryEntry(e: Response<'inventory.get'>): string {
  const r = e.row;
  const out = [
    `${r.asset} ${r.port}/${r.proto}  ${service(r)}`,
    `Names     ${r.hostNames.join(', ') || '(none)'}`,
    `Owner     ${r.owner ?? '(not recorded)'}${layerNote(e.annotations)}`,
    `Purpose   ${r.purpose ?? '(not recorded)'}`,
    `Insecure  ${r.insecure.map((i) => `${i.title} [${i.severity}] (item ${i.itemKey})`).join('; ') || 'no'}`,
    '',
    'Seen by:',
    ...e.sources.map(
      (s) =>
        `  #${s.importId} ${s.fileName} (${s.format})  ${s.observations} observation(s)  ${s.firstSeen ?? ''}${s.lastSeen && s.lastSeen !== s.firstSeen ? ` .. ${s.lastSeen}` : ''}`,
    ),
  ];
  if (e.listings.length > 0) {
    out.push('Host listings:');
    for (const l of e.listings)
      out.push(`  #${l.importId} ${l.state} bound ${l.bindAddress ?? '?'}${l.process ? ` by ${l.process}` : ''}`);
  }
  out.push('Allowed by:');
  if (e.allowedBy.length === 0) out.push('  no imported rulebase admits traffic to it (or none is imported)');
  for (const a of e.allowedBy) {
    const from = a.anySource
      ? 'ANY source'
      : a.admittedCidrs.slice(0, 6).join(', ') + (a.admittedCidrs.length > 6 ? ', …' : '');
    out.push(
      `  ${a.device} (import #${a.importId}): from ${a.admittedCidrs.length > 0 || a.anySource ? from : '(nothing for sure)'}`,
    );
    if (a.conditionalCidrs.length > 0)
      out.push(`    only if conditions hold: ${a.conditionalCidrs.slice(0, 6).join(', ')}`);
    for (const rule of a.rules) {
      out.push(
        `    ${rule.ruleset} #${rule.order} ${rule.action}${rule.name ? ` "${rule.name}"` : ''}${rule.lineFrom ? ` line ${rule.lineFrom}` : ''}`,
      );
    }
  }
  return out.join('\n');
}

function layerNote(a: Response<'inventory.get'>['annotations']): string {
  const parts: string[] = [];
  if (a.service) parts.push(`service: ${a.service.source}`);
  if (a.asset) parts.push(`asset ${a.asset.recordedFor}: ${a.asset.source}`);
  return parts.length > 0 ? `  (${parts.join('; ')})` : '';
}
