// Running text: paragraphs and bulleted lists, tagged P and L > LI > (Lbl, LBody). Input text reaches the
// page only through safeText here.
import { safeText } from './safe-text';
import { COLORS, type ReportWriter, type TextStyle } from './writer';

type Struct = PDFKit.PDFStructureElement;

export function paragraph(w: ReportWriter, text: string, style: TextStyle = {}, parent?: Struct): void {
  const t = safeText(text);
  w.setFont(style.font ?? 'regular', style.size ?? 9, style.color ?? COLORS.text);
  // Never start a paragraph in the bottom margin (and never add a page inside its marked content).
  if (w.doc.y + w.doc.currentLineHeight(true) > w.bottom) w.newPage();
  w.tag(
    'P',
    () => {
      w.setFont(style.font ?? 'regular', style.size ?? 9, style.color ?? COLORS.text);
      const indent = style.indent ?? 0;
      w.textBox(t, w.left + indent, w.doc.y, (style.width ?? w.width) - indent, {
        align: style.align ?? 'left',
      });
    },
    parent,
  );
  w.doc.y += style.gap ?? 4;
}

/** A bulleted list, tagged L > LI > (Lbl, LBody). */
export function bullets(w: ReportWriter, lines: string[], style: TextStyle = {}): void {
  if (lines.length === 0) return;
  const list = w.group('L');
  const indent = style.indent ?? 0;
  for (const line of lines) {
    const t = safeText(line);
    w.setFont(style.font ?? 'regular', style.size ?? 9, style.color ?? COLORS.text);
    w.ensureSpace(Math.min(w.measure(t, w.width - indent - 12), 60) + 2);
    const y = w.doc.y;
    const li = w.group('LI', list);
    w.tag('Lbl', () => w.doc.text('•', w.left + indent, y, { width: 10, lineBreak: false }), li);
    w.tag(
      'LBody',
      () => {
        w.setFont(style.font ?? 'regular', style.size ?? 9, style.color ?? COLORS.text);
        w.textBox(t, w.left + indent + 12, y, w.width - indent - 12);
      },
      li,
    );
    li.end();
    w.doc.y += 2;
  }
  list.end();
  w.doc.y += (style.gap ?? 4) - 2;
}
