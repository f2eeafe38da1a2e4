// Appendices: every source file with its SHA-256, format, parser version and parse-coverage warnings
// (what the parser skipped or did not understand, with positions), every attachment, and the audit-log
// summary with the state of its hash chain.
import { bullets, paragraph } from './blocks';
import { plural } from './safe-text';
import { facts, table } from './table';
import type { ImportLine, ReportData } from './types';
import { COLORS, type ReportWriter } from './writer';

function sourceFile(w: ReportWriter, i: ImportLine): void {
  w.ensureSpace(120);
  paragraph(w, `Import #${i.importId}: ${i.fileName}`, { font: 'bold', size: 9.5, gap: 2 });
  facts(w, [
    ['Evidence', i.ref ?? '—'],
    ['SHA-256', i.sha256, 'mono'],
    ['Format', `${i.formatLabel} (parser ${i.parserVersion})`],
    ['Size', `${i.size.toLocaleString('en')} bytes`],
    ['Imported', `${i.importedAt} by ${i.importedBy}`],
    ['Found', i.counts],
    [
      'Parse coverage',
      i.noteCount === 0
        ? 'complete: every line or element was understood'
        : `${plural(i.noteCount, 'line or element', 'lines or elements')} skipped or not understood${i.noteCount > i.notes.length ? ` (first ${i.notes.length} below)` : ''}`,
    ],
  ]);
  if (i.notes.length > 0) bullets(w, i.notes, { size: 7.5, indent: 8, font: 'mono' });
}

export function appendixSources(w: ReportWriter, d: ReportData): void {
  w.newPage();
  w.beginSection();
  w.sectionHeading('appendix-sources');
  paragraph(
    w,
    'Every file imported into the engagement, kept byte-for-byte in it. Check a copy with `sha256sum`: the digest must equal the one listed.',
  );
  if (d.imports.length === 0) paragraph(w, 'No file was imported.');
  for (const i of d.imports) sourceFile(w, i);
  w.sectionHeading('appendix-attachments', 'appendix-sources');
  if (d.attachments.length === 0) {
    paragraph(w, 'No attachment was added.');
    return;
  }
  table(
    w,
    [
      { header: 'Ref', width: 0.7, font: 'mono' },
      { header: 'File', width: 2.2 },
      { header: 'SHA-256', width: 5.8, font: 'mono' },
      { header: 'Added', width: 1.3 },
    ],
    d.attachments.map((a) => [
      a.ref ?? '—',
      `${a.name} (${a.size.toLocaleString('en')} bytes)`,
      a.sha256,
      `${a.addedAt.slice(0, 10)} ${a.addedBy}`,
    ]),
    { size: 7 },
  );
}

export function appendixAudit(w: ReportWriter, d: ReportData): void {
  w.newPage();
  w.beginSection();
  w.sectionHeading('appendix-audit');
  const a = d.audit;
  const v = a.verdict;
  paragraph(
    w,
    v.valid
      ? `The hash chain holds: ${plural(v.entries, 'entry', 'entries')}, each chained to the one before; head hash ${v.headHash}.`
      : `The hash chain is BROKEN at entry ${v.firstBad.seq}: ${v.firstBad.reason}. The log after that point cannot be trusted.`,
    { font: 'bold', color: v.valid ? COLORS.text : '#9c2a2a' },
  );
  facts(w, [
    ['First entry', a.first],
    ['Last entry', a.last],
    ['People', a.byActor.map((x) => `${x.actor} (${x.count})`).join(', ')],
  ]);
  table(
    w,
    [
      { header: 'Command', width: 2, font: 'mono' },
      { header: 'Entries', width: 0.8, align: 'right' },
      { header: 'First', width: 2 },
      { header: 'Last', width: 2 },
    ],
    a.byCommand.map((c) => [c.command, c.count.toLocaleString('en'), c.first, c.last]),
  );
}
