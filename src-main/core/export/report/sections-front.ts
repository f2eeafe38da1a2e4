// The cover (who, what, when, which package and engagement state) and the scope and methodology
// section: what was in scope, which sources the findings come from, and how the assessment was done
// against the defined-approach testing procedures 1.2.6.a and 1.2.6.b.
import { bullets, paragraph } from './blocks';
import { plural } from './safe-text';
import { facts, table, type Fact } from './table';
import type { ReportData } from './types';
import { COLORS, MARGIN, type ReportWriter } from './writer';

export const REQUIREMENT_TEXT =
  'Security features are defined and implemented for all services, protocols, and ports that are in use and considered to be insecure, such that the risk is mitigated.';

function period(d: ReportData): string {
  const { periodStart, periodEnd } = d.engagement;
  if (!periodStart && !periodEnd) return 'not recorded';
  return `${periodStart ?? '…'} to ${periodEnd ?? '…'}`;
}

/** The engagement hash the package gives, or else the audit log's head hash (which fixes the state too). */
export function engagementHash(d: ReportData): Fact {
  if (d.options.engagementHash) return ['Engagement hash', d.options.engagementHash, 'mono'];
  const v = d.audit.verdict;
  return v.valid
    ? ['Audit log head', v.headHash, 'mono']
    : ['Audit log head', 'not available: the audit chain is broken'];
}

function atAGlance(d: ReportData): string[] {
  const sev = (s: string) => d.items.filter((i) => i.item.severity === s).length;
  const gaps = d.items.reduce((n, it) => n + it.review.issues.filter((i) => i.severity === 'blocker').length, 0);
  const v = d.audit.verdict;
  return [
    `${plural(d.items.length, 'insecure item')} in use (${sev('high')} high, ${sev('medium')} medium, ${sev('low')} low severity) among ${plural(d.inventory.rows, 'service')} on ${plural(d.inventory.assets, 'asset')}.`,
    `${d.readiness.ready} audit-ready; ${plural(gaps, 'gap')} still open.`,
    `${plural(d.imports.length, 'source file')} and ${plural(d.evidence.length, 'evidence entry', 'evidence entries')} on record.`,
    v.valid
      ? `Audit log intact: ${plural(v.entries, 'entry', 'entries')} in an unbroken hash chain.`
      : `Audit log BROKEN at entry ${v.firstBad.seq}.`,
  ];
}

export function coverPage(w: ReportWriter, d: ReportData): void {
  const doc = w.doc;
  doc.y = MARGIN.top + 30;
  paragraph(w, 'PCI DSS v4.0.1 · Requirement 1.2.6', { font: 'bold', size: 10, color: COLORS.accent, gap: 10 });
  w.tag('H1', () => {
    w.setFont('bold', 24, COLORS.text);
    doc.text('Insecure services, protocols and ports', w.left, doc.y, { width: w.width });
  });
  doc.y += 4;
  paragraph(w, 'Evidence report', { size: 16, color: COLORS.muted, gap: 24 });
  paragraph(w, d.engagement.entity, { font: 'bold', size: 15, gap: 18 });
  const a = d.options.assessor;
  const assessor = a.organization ? `${a.name}, ${a.organization}` : a.name;
  const s = d.standard.current;
  facts(
    w,
    [
      ['Assessed entity', d.engagement.entity],
      ['Assessor', assessor],
      ...(d.engagement.assessor !== a.name ? [['Engagement assessor', d.engagement.assessor] as [string, string]] : []),
      ['Assessment period', period(d)],
      ['Report date', d.fixedTime.replace('T', ' ').replace(/\.000Z$|Z$/, ' UTC')],
      ['Package id', d.options.packageId ?? 'not part of an evidence package'],
      ['Engagement id', d.engagement.engagementId, 'mono'],
      engagementHash(d),
      [
        'Standard in force',
        `${s.document.title} (${s.document.id} ${s.document.version}), engagement copy v${s.version}`,
      ],
      [
        'Readiness',
        `${d.readiness.ready} of ${plural(d.readiness.total, 'insecure item')} audit-ready (${d.readiness.score} %) on ${d.today}`,
      ],
    ],
    9,
  );
  doc.y += 4;
  w.heading(3, 'At a glance');
  bullets(w, atAGlance(d), { size: 9 });
  doc.y += 6;
  paragraph(w, `Requirement 1.2.6: “${REQUIREMENT_TEXT}”`, { font: 'italic', size: 9, color: COLORS.muted, gap: 10 });
  paragraph(
    w,
    'This report is generated from the engagement file by Portcullis. Every source file it cites is listed in the appendix with its SHA-256; evidence is cited by its register id (E-001…). When the PDF carries a digital signature (PAdES), check it with pdfsig or a PDF reader before relying on the content.',
    { size: 8.5, color: COLORS.muted },
  );
}

const FAMILY_LABEL: Record<string, string> = {
  scan: 'Scan results',
  tls: 'TLS / SSH assessments',
  hosts: 'Host listener inventories',
  rulebase: 'Rulebases and security groups',
  ticket: 'Change tickets',
  generic: 'Generic tables',
  other: 'Other',
};

export function scopeSection(w: ReportWriter, d: ReportData): void {
  w.newPage();
  w.beginSection();
  w.sectionHeading('scope');
  w.heading(3, 'Scope');
  paragraph(w, d.engagement.scopeNote.trim() || 'No scope note was recorded for this engagement.');
  paragraph(w, `Assessment period: ${period(d)}. Findings and validations are judged as of ${d.today}.`);

  w.heading(3, 'Sources');
  const families = new Map<string, number>();
  for (const i of d.imports) families.set(i.family, (families.get(i.family) ?? 0) + 1);
  table(
    w,
    [
      { header: 'Kind of source', width: 3 },
      { header: 'Files', width: 1, align: 'right' },
    ],
    [...families].map(([family, files]) => [FAMILY_LABEL[family] ?? family, String(files)]),
  );
  const byType = new Map<string, number>();
  for (const e of d.evidence) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
  paragraph(
    w,
    `The evidence register holds ${plural(d.evidence.length, 'entry', 'entries')}` +
      (byType.size > 0 ? ` (${[...byType].map(([t, n]) => `${n} ${t}`).join(', ')}).` : '.') +
      ` ${plural(d.attachments.length, 'attachment')} ${d.attachments.length === 1 ? 'was' : 'were'} added by hand.`,
  );

  w.heading(3, 'Methodology');
  const doc = d.standard.current.document;
  bullets(w, [
    `Detect: services in use are taken from ${plural(d.imports.filter((i) => i.family === 'scan' || i.family === 'hosts' || i.family === 'tls').length, 'scan, listing or assessment file')}; an observation counts as in use in state ${doc.inUseStates.join(' or ')}. The in-use inventory merges them into ${plural(d.inventory.rows, 'service')} on ${plural(d.inventory.assets, 'asset')}.`,
    `Decide: every observation is classified against the entity's standard "${doc.title}" (${doc.id} ${doc.version}, engagement copy v${d.standard.current.version}); its decision authority is ${doc.decisionAuthority.role}${doc.decisionAuthority.name ? ` (${doc.decisionAuthority.name})` : ''}. Matches are grouped into ${plural(d.items.length, 'insecure item')}, one per rule and port.`,
    'Dispose and define: each item has a review record — disable, replace, or constrain and secure — with its justification, owner, approver, expiry and the security features that mitigate it, each tied to where it is implemented (rule lines, configuration files, register entries) and how it was tested.',
    `Validate: each record is checked for what is still missing (decision, approval, features located and tested with proof, allowlists not overbroad, proof of closure). An item with no blocking gap is audit-ready; ${d.readiness.ready} of ${d.readiness.total} are.`,
    'Testing procedures: 1.2.6.a — examine documentation that identifies the insecure services in use and the security features defined for each; 1.2.6.b — examine network security control configuration to verify the features are implemented. The QSA workpaper section lists the evidence examined for each by id.',
  ]);
  bullets(w, [
    'Reconcile: what is open is set against what is documented — open without an approved exception, stale exceptions, allowed but never observed, observed but not admitted by any rule, expiring exceptions, and services still open after a decision to disable or replace them (section 5).',
  ]);
  if (d.reconciliation.status === 'not-run')
    paragraph(w, `Limitation: ${d.reconciliation.reason}`, { size: 8.5, color: COLORS.muted });
}
