// Plain-text and CSV renderings of the standard and of insecure items.
import type { Response } from '../api/contract';
import { csvRow } from './csv';

type Items = Response<'item.list'>;
type Item = Response<'item.get'>;
type Standard = Response<'standard.get'>;

export function formatItems(list: Items): string {
  const out: string[] = [];
  if (list.items.length === 0) out.push('No insecure service, protocol or port found in use.');
  for (const i of list.items) {
    out.push(`${i.severity.toUpperCase().padEnd(6)} ${i.summary}`);
    const nets = i.networks.map((n) => `${n.network} (${n.hosts})`).join(', ');
    out.push(`       key ${i.key}  ·  basis ${i.basis}  ·  ${i.observationCount} observation(s)  ·  networks ${nets}`);
    out.push(`       seen by ${i.sources.map((s) => `#${s.importId} ${s.fileName}`).join(', ')}`);
    const r = i.review;
    out.push(
      r
        ? `       review: ${r.disposition ?? 'no decision'} (${r.status})${r.justification ? ` — ${r.justification.replace(/\s+/g, ' ').slice(0, 120)}` : ''}`
        : '       review: not reviewed yet',
    );
  }
  if (list.notApplicable.length > 0) {
    out.push('', 'Not applicable to this entity (kept with the reason):');
    for (const n of list.notApplicable) {
      out.push(
        `  ${n.title} (${n.ruleId}): ${n.reason} — ${n.hostCount} host(s), ${n.observationCount} observation(s)`,
      );
    }
  }
  out.push('', `${list.items.length} insecure item(s) under standard version ${list.standardVersion}.`);
  return out.join('\n');
}

const itemColumns = [
  'key',
  'rule_id',
  'title',
  'severity',
  'criteria',
  'proto',
  'port',
  'services',
  'hosts',
  'observations',
  'networks',
  'basis',
  'sources',
  'first_seen',
  'last_seen',
  'disposition',
  'review_status',
  'justification',
  'standard_version',
] as const;

export function itemsCsv(list: Items): string {
  let out = csvRow(itemColumns);
  for (const i of list.items) {
    out += csvRow([
      i.key,
      i.ruleId,
      i.title,
      i.severity,
      i.criteria.join(' '),
      i.proto,
      i.port,
      i.services.join(' '),
      i.hostCount,
      i.observationCount,
      i.networks.map((n) => `${n.network}:${n.hosts}`).join(' '),
      i.basis,
      i.sources.map((s) => s.fileName).join(' '),
      i.firstSeen,
      i.lastSeen,
      i.review?.disposition ?? null,
      i.review?.status ?? null,
      i.review?.justification ?? null,
      list.standardVersion,
    ]);
  }
  // The CLI ends what a command renders with '\n': leave the '\r' so every row ends in CRLF.
  return out.replace(/\n$/, '');
}

export function formatItem(d: Item): string {
  const out = [
    `${d.item.summary}`,
    `Rule      ${d.rule.title} (${d.rule.id}), severity ${d.rule.severity}; criteria ${d.rule.criteria.join(', ')}`,
    `Why       ${d.rule.rationale}`,
    `Replace   ${d.rule.replacement}`,
    '',
  ];
  for (const h of d.hosts) {
    const what = [h.service, h.product, h.version].filter(Boolean).join(' ');
    const bind = h.bindAddress ? ` bound ${h.bindAddress}` : '';
    out.push(`${h.host}  ${h.state}${what ? `  ${what}` : ''}${bind}  (#${h.source.importId} ${h.source.fileName})`);
    out.push(`    ${h.basis}: ${h.label}`);
    for (const e of h.evidence) {
      const src = e.source ? ` [${e.source}]` : '';
      const excerpt = e.excerpt && e.excerpt !== e.value ? ` — ${e.excerpt.replace(/\s+/g, ' ').slice(0, 160)}` : '';
      out.push(`      ${e.field}${e.key ? ` ${e.key}` : ''} = ${e.value}${src}${excerpt}`);
    }
  }
  return out.join('\n');
}

export function formatStandard(s: Standard): string {
  const d = s.document;
  const a = d.decisionAuthority;
  const out = [
    `${d.title}`,
    `Standard ${d.id} ${d.version}; engagement version ${s.version} (${s.change}); sha256 ${s.sha256.slice(0, 16)}…`,
    `Authority ${a.role}${a.name ? `, ${a.name}` : ''}; approved ${a.approvedOn ?? 'not recorded'}`,
    `In use    ${d.inUseStates.join(', ')}`,
    '',
    'Criteria:',
    ...d.criteria.map((c) => `  ${c.id.padEnd(22)} ${c.title}`),
    '',
    'Rules:',
    ...d.rules.map(
      (r) =>
        `  ${r.id.padEnd(26)} ${r.severity.padEnd(6)} ${r.applicable ? '' : '[not applicable] '}${r.title}${r.origin === 'entity' ? ' (entity)' : ''}`,
    ),
  ];
  return out.join('\n');
}

export function formatHistory(h: Response<'standard.history'>): string {
  return h.map((v) => `v${v.version}  ${v.createdAt}  ${v.createdBy}  ${v.change}`).join('\n');
}
