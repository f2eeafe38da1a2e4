// Plain-text renderings of replies for people; `--json` prints the values instead.
import type { JobResult, Response } from '../api/contract';

type Info = Response<'engagement.info'>;
type Verdict = Response<'audit.verify'>;
type Entries = Response<'audit.list'>;
type Files = Response<'file.list'>;

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}

export function formatInfo(info: Info): string {
  const period =
    info.periodStart || info.periodEnd ? `${info.periodStart ?? '…'} to ${info.periodEnd ?? '…'}` : 'not set';
  return [
    `Engagement  ${info.path}`,
    `Entity      ${info.entity}`,
    `Assessor    ${info.assessor}`,
    `Period      ${period}`,
    `Scope note  ${info.scopeNote ? info.scopeNote.replace(/\n/g, '\n            ') : '(none)'}`,
    `Created     ${info.createdAt} by ${info.createdBy}`,
    `Schema      v${info.schemaVersion} (Portcullis ${info.appVersion})`,
    `Id          ${info.engagementId}`,
  ].join('\n');
}

export function formatVerdict(path: string, v: Verdict): string {
  return v.valid
    ? `${path}: audit chain valid (${v.entries} entries, head ${v.headHash.slice(0, 16)}…)`
    : `${path}: audit chain INVALID at entry ${v.firstBad.seq}: ${v.firstBad.reason}`;
}

export function formatEntries(entries: Entries): string {
  if (entries.length === 0) return '(no entries)';
  return entries
    .map((e) => `${String(e.seq).padStart(5)}  ${e.time}  ${e.actor}  ${e.command}  ${e.hash.slice(0, 12)}`)
    .join('\n');
}

export function formatFiles(files: Files): string {
  if (files.length === 0) return '(no stored files)';
  return files
    .map((f) => `${f.sha256}  ${formatBytes(f.size).padStart(10)}  ${f.role.padEnd(10)}  ${f.name}`)
    .join('\n');
}

type Imports = Response<'import.list'>;
type Outcomes = JobResult<'import.files'>;
type Page = Response<'observation.query'>;
type Formats = Response<'format.list'>;

export function formatOutcomes(outcomes: Outcomes): string {
  return outcomes
    .map((o) => {
      if (!o.ok) return `${o.source}: NOT imported: ${o.error.message}`;
      const r = o.result;
      const notes = r.noteCount > 0 ? `, ${r.noteCount} parse-coverage note(s)` : '';
      const lines = [
        `${r.fileName}: ${r.formatLabel}: ${found(r)}${notes} (import #${r.importId}, SHA-256 ${r.sha256.slice(0, 16)}…)`,
      ];
      for (const n of r.firstNotes.slice(0, 5))
        lines.push(`  note: ${n.line !== null ? `line ${n.line}: ` : ''}${n.what}`);
      if (r.noteCount > 5) lines.push(`  … ${r.noteCount - 5} more: portcullis notes <engagement> ${r.importId}`);
      return lines.join('\n');
    })
    .join('\n');
}

/** What an import found: rules for rulebases, tickets for ticket exports, else hosts and observations. */
function found(r: Imports[number]): string {
  if (r.ruleCount > 0) return `${r.ruleCount} rule(s)`;
  if (r.ticketCount > 0 || /^(jira|servicenow|ticket)-/.test(r.format)) return `${r.ticketCount} ticket(s)`;
  // A rulebase file without access rules (object catalog, NAT rulebase…) says what it holds instead.
  const contents = r.meta['contents'];
  if (r.observationCount === 0 && r.hostCount === 0 && contents) return `0 rule(s): the file holds ${contents}`;
  return `${r.hostCount} host(s), ${r.observationCount} observation(s)`;
}

/** The count column of `portcullis imports`: rules, tickets or observations. */
function counted(r: Imports[number]): [number, string] {
  if (r.ruleCount > 0) return [r.ruleCount, 'rules'];
  if (r.ticketCount > 0) return [r.ticketCount, 'tkts'];
  return [r.observationCount, 'obs'];
}

export function formatImports(imports: Imports): string {
  if (imports.length === 0) return '(no imports)';
  return imports
    .map(
      (r) =>
        `#${String(r.importId).padEnd(4)} ${r.importedAt}  ${r.format.padEnd(16)} ${String(counted(r)[0]).padStart(8)} ${counted(r)[1]}  ${String(r.noteCount).padStart(5)} notes  ${r.fileName}${r.hostName ? ` (host ${r.hostName})` : ''}`,
    )
    .join('\n');
}

export function formatNotes(notes: Response<'import.notes'>): string {
  if (notes.length === 0) return '(no parse-coverage notes)';
  return notes
    .map((n) => `${n.line !== null ? `line ${n.line}${n.column !== null ? `:${n.column}` : ''}` : '-'}\t${n.what}`)
    .join('\n');
}

export function formatObservationPage(page: Page): string {
  const head = `${page.total} observation(s)${page.rows.length < page.total ? `, showing ${page.rows.length}` : ''}`;
  const rows = page.rows.map((o) => {
    const host = o.hostIp ?? o.hostNames[0] ?? '?';
    const svc = [o.tunnel ? `${o.tunnel}/` : '', o.service ?? '?'].join('');
    const what = [o.product, o.version].filter(Boolean).join(' ');
    const facts =
      o.facts.length > 0
        ? `  [${[...new Set(o.facts.map((f) => `${f.key}=${f.value}`))].slice(0, 4).join('; ')}${o.facts.length > 4 ? '; …' : ''}]`
        : '';
    return `${host.padEnd(16)} ${`${o.port}/${o.proto}`.padEnd(10)} ${o.state.padEnd(10)} ${svc.padEnd(14)} ${what}${facts}`;
  });
  return [head, ...rows].join('\n');
}

export function formatFormats(list: Formats): string {
  const w = Math.max(...list.map((f) => f.id.length), 2);
  return list
    .map(
      (f) =>
        `${f.id.padEnd(w)}  ${f.family.padEnd(7)}  ${f.label}${f.needsHostName ? ' (needs --host)' : ''}\n${' '.repeat(w + 2)}detects: ${f.detector}`,
    )
    .join('\n');
}

export function formatRules(page: Response<'rule.list'>): string {
  const head = `${page.total} rule(s)${page.rows.length < page.total ? `, showing ${page.rows.length}` : ''}`;
  const cell = (xs: string[] | null, negated = false) =>
    `${negated ? '!' : ''}${xs === null ? 'any' : xs.length === 0 ? '(none)' : xs.join(',')}`;
  let current = '';
  const out = [head];
  for (const r of page.rows) {
    const key = `${r.device} ${r.ruleset}`;
    if (key !== current) {
      current = key;
      const policy = page.policies.find(
        (p) => p.device === r.device && p.ruleset === r.ruleset && p.importId === r.importId,
      );
      out.push(
        `${r.device} / ${r.ruleset}${r.direction ? ` (${r.direction})` : ''}${policy ? `, default ${policy.policy}` : ''}`,
      );
    }
    const what = `${r.action}${r.target ? ` ${r.target}` : ''}${r.enabled ? '' : ' (disabled)'}`;
    const extra = [...r.unresolved.map((u) => `unresolved ${u}`), ...r.conditions].join('; ');
    out.push(
      `  ${String(r.order).padStart(4)}  ${what.padEnd(10)} ${r.protocol.padEnd(5)} ${cell(r.sources, r.sourcesNegated)} -> ${cell(r.destinations, r.destinationsNegated)} ports ${cell(r.destinationPorts)}${r.name ? `  [${r.name}]` : ''}${extra ? `  {${extra}}` : ''}${r.lineFrom !== null ? `  (line ${r.lineFrom})` : ''}`,
    );
  }
  return out.join('\n');
}

function ruleLabel(r: Response<'rule.reach'>['byRule'][number]['rule'], ruleset: string): string {
  if (!r) return `the default policy of ${ruleset}`;
  const lines =
    r.lineFrom === null
      ? ''
      : r.lineTo !== null && r.lineTo !== r.lineFrom
        ? ` lines ${r.lineFrom}-${r.lineTo}`
        : ` line ${r.lineFrom}`;
  return `${r.ruleset} #${r.order}${r.name ? ` [${r.name}]` : ''} ${r.action}${lines}`;
}

export function formatReach(results: Response<'rule.reach'>[]): string {
  const out: string[] = [];
  for (const r of results) {
    const p = r.permissiveness;
    const what = `${r.destination} ${r.port === null ? '' : `${r.port}/`}${r.proto}`;
    out.push(`${r.device} (entry ${r.entries.join(', ')}): ${what}`);
    if (r.admittedCidrs.length === 0 && r.conditionalCidrs.length === 0) out.push('  no source admitted');
    if (r.admittedCidrs.length > 0) {
      const any = p.anySource ? '  ANY SOURCE' : '';
      out.push(
        `  admitted: ${r.admittedCidrs.join(', ')}${any}  (${p.admittedV4} IPv4 / ${p.admittedV6} IPv6 addresses; ${(p.publicShare * 100).toFixed(4)}% of public space)`,
      );
    }
    if (r.conditionalCidrs.length > 0) out.push(`  admitted only if conditions hold: ${r.conditionalCidrs.join(', ')}`);
    for (const b of r.byRule) {
      if (b.cidrs.length > 0) out.push(`    by ${ruleLabel(b.rule, b.ruleset)}: ${b.cidrs.join(', ')}`);
      if (b.conditionalCidrs.length > 0)
        out.push(`    maybe by ${ruleLabel(b.rule, b.ruleset)}: ${b.conditionalCidrs.join(', ')}`);
    }
    for (const c of r.conditional.slice(0, 10))
      out.push(`    undecidable ${ruleLabel(c.rule, c.ruleset)}: ${c.doubts.join('; ')}`);
    if (p.shadowed.length > 0)
      out.push(
        `  ${p.shadowed.length} shadowed rule(s): ${p.shadowed
          .slice(0, 5)
          .map((s) => ruleLabel(s.rule, s.rule.ruleset))
          .join('; ')}`,
      );
    for (const problem of r.problems) out.push(`  problem: ${problem}`);
  }
  return out.join('\n');
}
