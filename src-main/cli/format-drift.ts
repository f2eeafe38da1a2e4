// Text and CSV renderings of drift between two scans and of one service's timeline across scans.
import type { Response } from '../api/contract';
import { csvRow } from './csv';

type Page = Response<'drift.compare'>;
type Row = Page['rows'][number];
type Side = NonNullable<Row['before']>;
type ScanInfo = Page['from'];
type Timeline = Response<'drift.timeline'>;

export const KIND_LABELS: Record<Row['kind'], string> = {
  opened: 'opened',
  'new-host': 'new host',
  closed: 'closed',
  'host-gone': 'host gone',
  'service-changed': 'service changed',
  'scripts-changed': 'scripts changed',
};

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function scanLabel(s: ScanInfo): string {
  return `#${s.importId} ${s.fileName} (${s.startedAt ? `scan ${when(s.startedAt)}` : `imported ${when(s.importedAt)}`})`;
}

function sideText(s: Side | null): string {
  if (!s) return '—';
  const what = [s.tunnel ? `${s.tunnel}/${s.service ?? '?'}` : s.service, s.product, s.version]
    .filter(Boolean)
    .join(' ');
  return what ? `${s.state} ${what}` : s.state;
}

/** What changed on a row, in one line: field changes, scripts, facts and TLS versions. */
export function changeText(r: Row): string {
  const parts = r.fields.map((f) => `${f.field} ${f.before ?? '—'} → ${f.after ?? '—'}`);
  const c = r.content;
  if (c) {
    if (c.tls.offered.length > 0) parts.push(`TLS newly offered ${c.tls.offered.join(', ')}`);
    if (c.tls.withdrawn.length > 0) parts.push(`TLS withdrawn ${c.tls.withdrawn.join(', ')}`);
    const scripts = [
      ...c.scripts.added.map((s) => `+${s}`),
      ...c.scripts.removed.map((s) => `-${s}`),
      ...c.scripts.changed.map((s) => `~${s}`),
    ];
    if (scripts.length > 0) parts.push(`scripts ${scripts.join(' ')}`);
    if (c.facts.added.length > 0) parts.push(`facts gained ${c.facts.added.length}`);
    if (c.facts.removed.length > 0) parts.push(`facts lost ${c.facts.removed.length}`);
  }
  return parts.join('; ');
}

function insecureText(r: Row): string {
  const now = r.kind === 'closed' || r.kind === 'host-gone' ? r.rulesBefore : r.rulesAfter;
  const was = r.rulesBefore.filter((id) => !now.includes(id));
  const out: string[] = [];
  if (now.length > 0) out.push(`INSECURE ${now.join(', ')}`);
  if (was.length > 0 && r.before && r.after) out.push(`no longer ${was.join(', ')}`);
  return out.join('; ');
}

export function formatDriftSummary(page: Page): string {
  return page.summary
    .map((s) => {
      const hosts = s.kind === 'new-host' || s.kind === 'host-gone' ? ` on ${s.hosts} host(s)` : '';
      return `${KIND_LABELS[s.kind]} ${s.rows}${hosts}${s.insecure > 0 ? ` (${s.insecure} insecure)` : ''}`;
    })
    .join(' · ');
}

export function formatDrift(page: Page): string {
  const head = [
    `Drift from ${scanLabel(page.from)}`,
    `        to ${scanLabel(page.to)}, standard v${page.standardVersion}`,
    formatDriftSummary(page),
    `${page.total} row(s)${page.rows.length < page.total ? `, showing ${page.offset + 1}-${page.offset + page.rows.length}` : ''}`,
  ];
  if (page.rows.length === 0) return head.join('\n');
  const hostWidth = Math.min(40, Math.max(4, ...page.rows.map((r) => r.host.length)));
  const lines = page.rows.map((r) => {
    const port = r.port === null ? '(host)' : `${r.port}/${r.proto}`;
    const main = `${KIND_LABELS[r.kind].padEnd(15)} ${r.host.padEnd(hostWidth)} ${port.padEnd(10)} ${sideText(r.before)} → ${sideText(r.after)}`;
    const extra = [changeText(r), insecureText(r)].filter(Boolean).join('; ');
    return extra ? `${main}\n${''.padEnd(16)}${extra}` : main;
  });
  const rules = page.rules.length > 0 ? ['', ...page.rules.map((r) => `${r.ruleId}: ${r.title}`)] : [];
  return [...head, '', ...lines, ...rules].join('\n');
}

const COLUMNS = [
  'kind',
  'host',
  'hostNames',
  'proto',
  'port',
  'beforeState',
  'beforeService',
  'beforeProduct',
  'beforeVersion',
  'afterState',
  'afterService',
  'afterProduct',
  'afterVersion',
  'insecure',
  'rulesBefore',
  'rulesAfter',
  'changes',
] as const;

export function driftCsv(value: unknown, first: boolean): string {
  const page = value as Page;
  const out = first ? [csvRow(COLUMNS)] : [];
  for (const r of page.rows) {
    const s = (side: Side | null) => [
      side?.state ?? null,
      side?.service ?? null,
      side?.product ?? null,
      side?.version ?? null,
    ];
    out.push(
      csvRow([
        r.kind,
        r.host,
        r.hostNames.join('; '),
        r.proto,
        r.port,
        ...s(r.before),
        ...s(r.after),
        r.insecure ? 'yes' : 'no',
        r.rulesBefore.join('; '),
        r.rulesAfter.join('; '),
        changeText(r),
      ]),
    );
  }
  return out.join('');
}

function cellText(c: Timeline['hosts'][number]['cells'][number]): string {
  if (!c.covered) return 'not scanned';
  if (c.state === null) return 'not listed';
  const text = [c.state, c.service].filter(Boolean).join(' ');
  return c.rules.length > 0 ? `${text} !` : text;
}

export function formatTimeline(t: Timeline): string {
  const head = `${t.port}/${t.proto}: ${t.total} host(s) seen on it by ${t.imports.length} scan import(s)${t.hosts.length < t.total ? `, showing ${t.offset + 1}-${t.offset + t.hosts.length}` : ''}`;
  if (t.hosts.length === 0) return head;
  const scans = t.imports.map((s) => `  #${String(s.importId).padEnd(4)} ${scanLabel(s).replace(/^#\d+ /, '')}`);
  const cols = t.imports.map((s) => `#${s.importId}`);
  const width = Math.max(
    12,
    ...t.hosts.flatMap((h) => h.cells.map((c) => cellText(c).length)),
    ...cols.map((c) => c.length),
  );
  const hostWidth = Math.min(40, Math.max(4, ...t.hosts.map((h) => h.host.length)));
  const header = `${'HOST'.padEnd(hostWidth)}  ${cols.map((c) => c.padEnd(width)).join('  ')}`.trimEnd();
  const rows = t.hosts.map((h) =>
    `${h.host.padEnd(hostWidth)}  ${h.cells.map((c) => cellText(c).padEnd(width)).join('  ')}`.trimEnd(),
  );
  const legend =
    t.rules.length > 0 ? ['', `! insecure: ${t.rules.map((r) => `${r.ruleId} (${r.title})`).join(', ')}`] : [];
  return [head, 'Scans:', ...scans, '', header, ...rows, ...legend].join('\n');
}
