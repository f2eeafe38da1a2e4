// The table of contents and the page furniture. The contents are drawn where they belong (after the
// cover) from the planned list of headings, each entry linking to its section; the page numbers, known
// only once the sections exist, are deferred text filled in at the end. Every page gets a running header
// (entity, current section) and a "Page N of M" footer, marked as pagination artifacts so assistive
// technology skips them.
import type { DeferredText } from './deferred';
import { safeLine } from './safe-text';
import { A4, COLORS, MARGIN, type ReportWriter } from './writer';

export interface ContentsEntry {
  /** The named destination of the heading. */
  name: string;
  title: string;
  level: 1 | 2;
}

const LINE = 13;

function fit(w: ReportWriter, text: string, width: number): string {
  if (w.doc.widthOfString(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (w.doc.widthOfString(`${text.slice(0, mid)}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

/** Draws the contents; the returned function writes the page numbers once every heading is placed. */
export function drawContents(w: ReportWriter, entries: ContentsEntry[]): () => void {
  const doc = w.doc;
  w.beginSection();
  w.newPage();
  w.heading(1, 'Contents');
  const toc = w.group('TOC');
  const numbers: { entry: ContentsEntry; box: DeferredText }[] = [];
  const numberWidth = 40;
  for (const e of entries) {
    if (doc.y + LINE > w.bottom) w.newPage();
    const y = doc.y;
    const indent = e.level === 1 ? 0 : 16;
    const size = e.level === 1 ? 9.5 : 8.5;
    const font = e.level === 1 ? 'bold' : 'regular';
    w.setFont(font, size);
    const title = fit(w, safeLine(e.title), w.width - indent - numberWidth - 16);
    const titleEnd = w.left + indent + doc.widthOfString(title);
    const box = w.deferred(numberWidth, LINE, { fontKey: w.fontKey(font), size, align: 'right', color: 'text' });
    w.tag(
      'TOCI',
      () => {
        w.setFont(font, size);
        doc.text(title, w.left + indent, y, { lineBreak: false, goTo: e.name });
        box.place(w.left + w.width - numberWidth, y);
      },
      toc,
    );
    // The page number is in the link too, as readers expect to click it.
    doc.goTo(w.left + w.width - numberWidth, y, numberWidth, LINE - 2, e.name);
    // The dotted leader is decoration: drawn outside the entry's marked content.
    w.artifact(() => {
      doc
        .moveTo(titleEnd + 4, y + 8)
        .lineTo(w.left + w.width - 26, y + 8)
        .dash(0.5, { space: 2.5 })
        .lineWidth(0.6)
        .strokeColor(COLORS.rule)
        .stroke()
        .undash();
    });
    numbers.push({ entry: e, box });
    doc.y = y + LINE;
  }
  toc.end();
  return () => {
    for (const { entry, box } of numbers) {
      const page = w.placed.get(entry.name);
      if (page === undefined) throw new Error(`the contents list "${entry.title}" but no heading was placed for it`);
      box.fill(String(page + 1));
    }
  };
}

/**
 * Running header (entity, current section) and footer (report reference, page N of M) on every page as it
 * is finished. The returned function writes the page counts once the last page exists.
 */
export function installFurniture(w: ReportWriter, header: string, footer: string): () => void {
  const doc = w.doc;
  const counters: { page: number; box: DeferredText }[] = [];
  w.setFurniture((page, running) => {
    w.artifact(() => {
      w.setFont('regular', 7.5, COLORS.muted);
      if (page > 0) {
        const half = w.width / 2 - 6;
        doc.text(fit(w, safeLine(header), half), w.left, MARGIN.top - 30, { lineBreak: false });
        const r = fit(w, safeLine(running), half);
        doc.text(r, w.left + w.width - doc.widthOfString(r), MARGIN.top - 30, { lineBreak: false });
        doc
          .moveTo(w.left, MARGIN.top - 18)
          .lineTo(w.left + w.width, MARGIN.top - 18)
          .lineWidth(0.5)
          .strokeColor(COLORS.rule)
          .stroke();
      }
      const y = A4.height - MARGIN.bottom + 22;
      w.setFont('regular', 7.5, COLORS.muted);
      doc.text(fit(w, safeLine(footer), w.width - 110), w.left, y, { lineBreak: false });
      const box = w.deferred(100, 12, { fontKey: w.fontKey('regular'), size: 7.5, align: 'right', color: 'muted' });
      box.place(w.left + w.width - 100, y);
      counters.push({ page, box });
    }, 'Pagination');
  });
  return () => {
    const total = w.pageCount;
    for (const { page, box } of counters) {
      box.fill(`Page ${(page + 1).toLocaleString('en')} of ${total.toLocaleString('en')}`);
    }
  };
}
