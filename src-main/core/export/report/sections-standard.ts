// The insecure-services standard in force: who decides, what "insecure" means (criteria), every rule with
// its severity and whether it applies, how the entity's copy differs from the shipped default, and the
// version history of the copy.
import { paragraph } from './blocks';
import { plural } from './safe-text';
import { facts, table } from './table';
import type { ReportData } from './types';
import type { ReportWriter } from './writer';

export function standardSection(w: ReportWriter, d: ReportData): void {
  const { current, history, changes, defaultLabel } = d.standard;
  const doc = current.document;
  const a = doc.decisionAuthority;
  w.newPage();
  w.beginSection();
  w.sectionHeading('standard');
  facts(w, [
    ['Title', doc.title],
    ['Standard', `${doc.id} version ${doc.version}`],
    ['Engagement copy', `version ${current.version} of ${history.length}`],
    ['SHA-256', current.sha256, 'mono'],
    ['Decision authority', [a.role, a.name].filter(Boolean).join(': ')],
    ['Approved on', a.approvedOn ?? 'not recorded'],
    ...(a.note ? [['Note', a.note] as [string, string]] : []),
    ['In use means', `an observation in state ${doc.inUseStates.join(', ')}`],
    ['Scope', doc.scope],
  ]);

  w.sectionHeading('standard-changes', 'standard');
  if (changes.length === 0) {
    paragraph(w, `None: the engagement uses the standard shipped with Portcullis (${defaultLabel}) unchanged.`);
  } else {
    paragraph(w, `Compared with the standard shipped with Portcullis (${defaultLabel}):`);
    table(
      w,
      [
        { header: 'Change', width: 2 },
        { header: 'Detail', width: 5 },
      ],
      changes.map((c) => [c.what, c.detail]),
    );
  }

  w.sectionHeading('standard-criteria', 'standard');
  table(
    w,
    [
      { header: 'Id', width: 1.4, font: 'mono' },
      { header: 'Criterion', width: 2 },
      { header: 'Meaning', width: 5 },
    ],
    doc.criteria.map((c) => [c.id, c.title, c.description]),
  );

  w.sectionHeading('standard-rules', 'standard');
  const used = new Map<string, number>();
  for (const it of d.items) used.set(it.item.ruleId, (used.get(it.item.ruleId) ?? 0) + 1);
  table(
    w,
    [
      { header: 'Rule', width: 3 },
      { header: 'Severity', width: 1 },
      { header: 'Applies', width: 1 },
      { header: 'Items', width: 0.8, align: 'right' },
      { header: 'Secure replacement', width: 3.2 },
    ],
    doc.rules.map((r) => [
      `${r.title} (${r.id})${r.origin === 'entity' ? ' — entity rule' : ''}`,
      r.severity,
      r.applicable ? 'yes' : 'no',
      String(used.get(r.id) ?? 0),
      r.replacement,
    ]),
  );
  if (d.notApplicable.length > 0) {
    w.heading(3, 'Rules marked not applicable');
    table(
      w,
      [
        { header: 'Rule', width: 2.5 },
        { header: 'Reason', width: 4 },
        { header: 'Would match', width: 1.5 },
      ],
      d.notApplicable.map((n) => [
        n.title,
        n.reason,
        n.hostCount > 0 ? plural(n.hostCount, 'host') : 'nothing observed',
      ]),
    );
  }

  w.sectionHeading('standard-history', 'standard');
  table(
    w,
    [
      { header: 'Version', width: 0.8, align: 'right' },
      { header: 'When', width: 2 },
      { header: 'Who', width: 1.4 },
      { header: 'Change', width: 4 },
      { header: 'SHA-256', width: 1.6, font: 'mono' },
    ],
    history.map((h) => [String(h.version), h.createdAt, h.createdBy, h.change, `${h.sha256.slice(0, 16)}…`]),
  );
}
