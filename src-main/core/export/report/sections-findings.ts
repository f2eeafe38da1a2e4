// Reconciliation findings (what is open against what is documented), the open validations across every
// item, and the QSA workpaper: the evidence examined for testing procedures 1.2.6.a and 1.2.6.b by id,
// followed by the evidence register itself.
import { paragraph } from './blocks';
import { HEADINGS } from './contents';
import { plural } from './safe-text';
import { table } from './table';
import type { ReportData, WorkpaperLine } from './types';
import { COLORS, type ReportWriter } from './writer';

/** Up to this many gaps and pieces of advice are listed one per row; beyond, they are grouped. */
const MAX_VALIDATION_ROWS = 300;

export function reconciliationSection(w: ReportWriter, d: ReportData): void {
  w.newPage();
  w.beginSection();
  w.sectionHeading('reconciliation');
  const r = d.reconciliation;
  if (r.status === 'not-run') {
    paragraph(w, `Not run. ${r.reason}`, { font: 'bold' });
    return;
  }
  paragraph(
    w,
    `What is open (scans and host listings) against what is documented (reviews, the inventory, rulebases), as of ${r.asOf}: ${plural(r.scanImports, 'scan or host listing', 'scans or host listings')} covering ${plural(r.hostsCovered, 'host')}, ${plural(r.devices, 'rulebase device')}. Exceptions expiring within ${r.days} days are listed.`,
  );
  table(
    w,
    [
      { header: 'Category', width: 4 },
      { header: 'Findings', width: 1, align: 'right' },
    ],
    r.categories.map((c) => [c.title, c.note ? 'not judged' : c.count.toLocaleString('en')]),
  );
  for (const c of r.categories) {
    w.heading(3, `${c.title}: ${c.note ? 'not judged' : plural(c.count, 'finding')}`);
    paragraph(w, c.question, { size: 8.5, font: 'italic', color: COLORS.muted });
    if (c.note) {
      paragraph(w, c.note, { color: '#9c2a2a' });
      continue;
    }
    for (const n of c.notes) paragraph(w, n, { size: 8, color: COLORS.muted });
    if (c.rows.length === 0) {
      paragraph(w, 'None.', { color: COLORS.muted });
      continue;
    }
    table(
      w,
      c.columns.map((h, i) => ({
        header: h,
        width: [2.2, 1.4, 0.9, 3.2, 2.6][i] ?? 1,
        ...(i === 1 ? { font: 'mono' as const } : {}),
      })),
      c.rows,
      { size: 7.5 },
    );
    if (c.count > c.rows.length) {
      paragraph(
        w,
        `The first ${c.rows.length} of ${c.count.toLocaleString('en')} are listed; the evidence package lists them all.`,
        {
          size: 8,
          color: COLORS.muted,
        },
      );
    }
  }
}

export function validationsSection(w: ReportWriter, d: ReportData): void {
  w.newPage();
  w.beginSection();
  w.sectionHeading('validations');
  const rows = d.items.flatMap((it) =>
    it.review.issues.map((i) => [
      {
        text: `${it.index}. ${it.item.title} on ${it.item.port}/${it.item.proto}`,
        goTo: `item-${it.index}`,
        color: COLORS.accent,
      },
      i.severity === 'blocker' ? { text: 'gap', font: 'bold' as const, color: '#9c2a2a' } : 'advice',
      i.message,
      i.fix,
    ]),
  );
  const gaps = d.items.reduce((n, it) => n + it.review.issues.filter((i) => i.severity === 'blocker').length, 0);
  paragraph(
    w,
    rows.length === 0
      ? 'None: every insecure item is audit-ready and no advice is open.'
      : `Judged on ${d.today}: ${plural(gaps, 'gap')} ${gaps === 1 ? 'blocks' : 'block'} readiness; ${rows.length - gaps === 0 ? 'no advice is open' : `${plural(rows.length - gaps, 'piece')} of advice ${rows.length - gaps === 1 ? 'is' : 'are'} open`}.`,
  );
  if (rows.length === 0) return;
  if (rows.length <= MAX_VALIDATION_ROWS) {
    table(
      w,
      [
        { header: 'Item', width: 2.2 },
        { header: 'Kind', width: 0.8 },
        { header: 'What is missing', width: 2.6 },
        { header: 'How to fix it', width: 2.8 },
      ],
      rows,
    );
    return;
  }
  // Thousands of rows would bury the pattern: one row per kind of gap, with the items it concerns.
  paragraph(w, `Grouped by what is missing; each item's section lists its own gaps in full.`, { size: 8.5 });
  const groups = new Map<string, { severity: string; message: string; fix: string; items: number[]; same: boolean }>();
  for (const it of d.items) {
    for (const i of it.review.issues) {
      const g = groups.get(i.code);
      if (!g)
        groups.set(i.code, { severity: i.severity, message: i.message, fix: i.fix, items: [it.index], same: true });
      else {
        if (g.items.at(-1) !== it.index) g.items.push(it.index);
        g.same &&= g.message === i.message;
      }
    }
  }
  const sorted = [...groups.values()].sort((a, b) =>
    a.severity === b.severity ? b.items.length - a.items.length : a.severity === 'blocker' ? -1 : 1,
  );
  for (const g of sorted) {
    const kind = g.severity === 'blocker' ? 'Gap' : 'Advice';
    w.ensureSpace(60);
    paragraph(w, `${kind}: ${g.same ? g.message : `${g.message} (and the like)`} — ${plural(g.items.length, 'item')}`, {
      font: 'bold',
      color: g.severity === 'blocker' ? '#9c2a2a' : COLORS.text,
      gap: 1,
    });
    paragraph(w, `Fix: ${g.fix}`, { indent: 10, size: 8.5, gap: 1 });
    paragraph(w, `Items: ${g.items.join(', ')}`, { indent: 10, size: 8.5, gap: 8 });
  }
}

function workpaperTable(w: ReportWriter, lines: WorkpaperLine[], empty: string): void {
  if (lines.length === 0) {
    paragraph(w, empty, { color: '#9c2a2a' });
    return;
  }
  table(
    w,
    [
      { header: 'Evidence', width: 0.9, font: 'mono' },
      { header: 'Type', width: 1 },
      { header: 'Title, version, revision', width: 2.6 },
      { header: 'Examined because', width: 3.5 },
    ],
    lines.map((l) => [
      l.ref,
      l.type,
      [l.title, l.version && `version ${l.version}`, l.revisionDate && `revised ${l.revisionDate}`]
        .filter(Boolean)
        .join(', '),
      l.why,
    ]),
  );
}

export function workpaperSection(w: ReportWriter, d: ReportData): void {
  w.newPage();
  w.beginSection();
  w.sectionHeading('workpaper');
  paragraph(
    w,
    `Finding support: ${d.readiness.ready} of ${plural(d.readiness.total, 'insecure item')} in use are audit-ready on ${d.today}. The evidence reference numbers below are those of the evidence register (${HEADINGS.register.title.split(' ')[0]}).`,
  );
  w.sectionHeading('wp-a', 'workpaper');
  paragraph(
    w,
    'Examine documentation that identifies all insecure services, protocols and ports in use, to verify that security features are defined for each to mitigate the risk.',
    { font: 'italic', size: 8.5, color: COLORS.muted },
  );
  workpaperTable(
    w,
    d.workpaper.a,
    'No documentation is marked for 1.2.6.a yet: mark the standard, exception records and procedures in the evidence register (procedure 1.2.6.a).',
  );
  w.sectionHeading('wp-b', 'workpaper');
  paragraph(
    w,
    'Examine configuration settings for NSCs to verify that the defined security features are implemented for each identified insecure service, protocol and port.',
    { font: 'italic', size: 8.5, color: COLORS.muted },
  );
  workpaperTable(
    w,
    d.workpaper.b,
    'No configuration evidence is cited for 1.2.6.b yet: link features to rule lines or configuration files, or mark configuration evidence for procedure 1.2.6.b.',
  );
  w.sectionHeading('register', 'workpaper');
  if (d.evidence.length === 0) {
    paragraph(w, 'The register is empty.');
    return;
  }
  table(
    w,
    [
      { header: 'Ref', width: 0.8, font: 'mono' },
      { header: 'Type', width: 0.9 },
      { header: 'Title / file', width: 2.4 },
      { header: 'Purpose, note, sample set', width: 2.8 },
      { header: 'Collected', width: 1.3 },
      { header: 'Proc.', width: 0.7 },
    ],
    d.evidence.map((e) => [
      e.ref,
      e.type,
      [e.title, e.file && e.file.name !== e.title ? e.file.name : null, e.version && `version ${e.version}`]
        .filter(Boolean)
        .join(', '),
      [e.purpose, e.note, e.sampleSet && `sample set: ${e.sampleSet}`].filter(Boolean).join(' — ') || '—',
      `${e.collectedOn.slice(0, 10)} ${e.collectedBy}`,
      e.procedure ?? '—',
    ]),
  );
}
