// Tables that break across pages: each row is measured first and moves whole to the next page when it
// does not fit, where the header row is drawn again (as a pagination artifact, so the structure tree
// holds the header once). Tagged Table > TR > TH/TD; cells may link to a destination in the report.
// Cell text is clipped so that no row can be taller than a page.
import { clip, safeLine, safeText } from './safe-text';
import { COLORS, MARGIN, type FontName, type ReportWriter } from './writer';

export interface Column {
  header: string;
  /** Share of the content width (the shares are normalised). */
  width: number;
  font?: FontName;
  align?: 'left' | 'right';
}

export type Cell = string | { text: string; font?: FontName; color?: string; goTo?: string };

export interface TableOptions {
  size?: number;
  /** Longest text per cell before it is clipped (default 700 characters). */
  maxCell?: number;
  /** Multi-line cells keep their line breaks; otherwise cells are one paragraph. */
  multiline?: boolean;
}

const PAD = 3;

function cellOf(c: Cell): { text: string; font?: FontName; color?: string; goTo?: string } {
  return typeof c === 'string' ? { text: c } : c;
}

export function table(w: ReportWriter, columns: Column[], rows: Cell[][], opts: TableOptions = {}): void {
  const doc = w.doc;
  const size = opts.size ?? 8;
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * w.width);
  const xs = widths.map((_, i) => w.left + widths.slice(0, i).reduce((s, x) => s + x, 0));
  const maxRow = w.bottom - MARGIN.top - 40;
  const prepare = (cells: Cell[], header: boolean) =>
    columns.map((col, i) => {
      const c = cellOf(cells[i] ?? '');
      const clean = opts.multiline ? safeText(c.text) : safeLine(c.text);
      return {
        ...c,
        text: clip(clean, opts.maxCell ?? 700),
        font: header ? 'bold' : (c.font ?? col.font ?? 'regular'),
      };
    });
  const measure = (cells: ReturnType<typeof prepare>) => {
    let h = 0;
    cells.forEach((c, i) => {
      w.setFont(c.font as FontName, size);
      h = Math.max(h, w.measure(c.text || ' ', widths[i]! - 2 * PAD));
    });
    return Math.min(h + 2 * PAD, maxRow);
  };
  const header = prepare(
    columns.map((c) => c.header),
    true,
  );
  const headerHeight = measure(header);

  const drawRow = (cells: ReturnType<typeof prepare>, height: number, tr: PDFKit.PDFStructureElement | null) => {
    const y = doc.y;
    const isHeader = tr === null || cells === header;
    w.artifact(() => {
      if (isHeader) doc.rect(w.left, y, w.width, height).fill(COLORS.band);
      doc
        .moveTo(w.left, y + height)
        .lineTo(w.left + w.width, y + height)
        .lineWidth(0.5)
        .strokeColor(COLORS.rule)
        .stroke();
    });
    cells.forEach((c, i) => {
      const draw = () => {
        w.setFont(c.font as FontName, size, c.color ?? COLORS.text);
        w.textBox(c.text, xs[i]! + PAD, y + PAD, widths[i]! - 2 * PAD, {
          height: height - 2 * PAD + 1,
          align: columns[i]!.align ?? 'left',
          ...(c.goTo ? { goTo: c.goTo } : {}),
        });
      };
      if (tr) w.tag(isHeader ? 'TH' : 'TD', draw, tr, isHeader ? { scope: 'Column' } : {});
      else w.artifact(draw, 'Pagination');
    });
    doc.x = w.left;
    doc.y = y + height;
  };

  const tableStruct = w.group('Table');
  w.ensureSpace(headerHeight + 20);
  const headTr = w.group('TR', tableStruct);
  drawRow(header, headerHeight, headTr);
  headTr.end();
  for (const row of rows) {
    const cells = prepare(row, false);
    const height = measure(cells);
    if (doc.y + height > w.bottom) {
      w.newPage();
      drawRow(header, headerHeight, null);
    }
    const tr = w.group('TR', tableStruct);
    drawRow(cells, height, tr);
    tr.end();
  }
  tableStruct.end();
  doc.y += 6;
}

/** A label, its value, and the font (mono for hashes and ids) and colour for the value. */
export type Fact =
  | [string, string | null | undefined]
  | [string, string | null | undefined, FontName]
  | [string, string | null | undefined, FontName, string];

/** Label/value pairs as a two-column table without a header (a definition list an assessor can scan). */
export function facts(w: ReportWriter, pairs: Fact[], size = 8.5): void {
  const doc = w.doc;
  const labelWidth = 130;
  const valueWidth = w.width - labelWidth;
  const tableStruct = w.group('Table');
  for (const [label, value, font = 'regular', color = COLORS.text] of pairs) {
    const v = clip(safeText(value ?? '—') || '—', 4000);
    const l = safeLine(label);
    w.setFont('bold', size);
    const labelHeight = w.measure(l, labelWidth - 2 * PAD);
    w.setFont(font, size);
    const h = Math.max(w.measure(v, valueWidth - 2 * PAD), labelHeight);
    const height = Math.min(h + 2 * PAD - 1, w.bottom - MARGIN.top - 40);
    w.ensureSpace(height);
    const y = doc.y;
    const tr = w.group('TR', tableStruct);
    w.tag(
      'TH',
      () => {
        w.setFont('bold', size, COLORS.muted);
        w.textBox(l, w.left, y + PAD, labelWidth - 2 * PAD, { height });
      },
      tr,
      { scope: 'Row' },
    );
    w.tag(
      'TD',
      () => {
        w.setFont(font, size, color);
        w.textBox(v, w.left + labelWidth, y + PAD, valueWidth - 2 * PAD, { height });
      },
      tr,
    );
    tr.end();
    doc.x = w.left;
    doc.y = y + height;
  }
  tableStruct.end();
  doc.y += 6;
}
