// Builds the PDF report of an engagement: sections in the order the issue lists them, the table of
// contents and page furniture once every page exists. The same engagement state, options and fixed time
// always give the same bytes (no clock, no randomness: CreationDate/ModDate and therefore /ID come from
// fixedTime). buildReport leaves the document open so a signature placeholder can be added (pades.ts).
import type { Database } from 'better-sqlite3';
import { APP_VERSION } from '../../model/version';
import { collectReport } from './collect';
import { contentsPlan } from './contents';
import { drawContents, installFurniture } from './furniture';
import { itemSection } from './section-item';
import { appendixAudit, appendixSources } from './sections-appendix';
import { reconciliationSection, validationsSection, workpaperSection } from './sections-findings';
import { coverPage, scopeSection } from './sections-front';
import { inventorySection, itemsTableSection } from './sections-inventory';
import { standardSection } from './sections-standard';
import { safeLine } from './safe-text';
import { pdfBuffer } from './sink';

export { pdfBuffer };
import type { ReportData, ReportOptions } from './types';
import { ReportWriter } from './writer';

export interface BuiltReport {
  /** The finished layout, not yet ended: end it (pdfBuffer) or sign it (signPdf). */
  doc: PDFKit.PDFDocument;
  /** The report's fixed time: the PDF dates, and the signature's M date when signed. */
  time: Date;
  data: ReportData;
  pages: number;
}

function layout(w: ReportWriter, d: ReportData): void {
  const ref = d.options.packageId ? `package ${d.options.packageId}` : `engagement ${d.engagement.engagementId}`;
  const fillPageCounts = installFurniture(
    w,
    `${safeLine(d.engagement.entity)} · PCI DSS 1.2.6 evidence report`,
    `${ref} · ${d.fixedTime.slice(0, 10)} · Portcullis ${APP_VERSION}`,
  );
  coverPage(w, d);
  const fillContents = drawContents(w, contentsPlan(d));
  scopeSection(w, d);
  standardSection(w, d);
  inventorySection(w, d);
  itemsTableSection(w, d);
  if (d.items.length > 0) w.newPage();
  for (const it of d.items) itemSection(w, d, it);
  reconciliationSection(w, d);
  validationsSection(w, d);
  workpaperSection(w, d);
  appendixSources(w, d);
  appendixAudit(w, d);
  w.close();
  fillContents();
  fillPageCounts();
}

/** Lays out the whole report from an engagement whose derived tables are current (see ensureDerived). */
export function buildReport(db: Database, opts: ReportOptions): BuiltReport {
  const data = collectReport(db, opts);
  const time = new Date(data.fixedTime);
  const w = new ReportWriter({
    fontsDir: opts.fontsDir,
    title: `${safeLine(data.engagement.entity)}: insecure services, protocols and ports (PCI DSS v4.0.1 Requirement 1.2.6)`,
    subject: 'Evidence report for PCI DSS v4.0.1 Requirement 1.2.6',
    author: safeLine(opts.assessor.name),
    keywords: 'PCI DSS v4.0.1, Requirement 1.2.6, insecure services, security features, evidence',
    creator: `Portcullis ${APP_VERSION}`,
    time,
  });
  layout(w, data);
  return { doc: w.doc, time, data, pages: w.pageCount };
}

/** The unsigned report as PDF bytes. */
export function renderReport(db: Database, opts: ReportOptions): Promise<Buffer> {
  return pdfBuffer(buildReport(db, opts).doc);
}
