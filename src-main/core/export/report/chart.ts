// Horizontal bar charts drawn with vector paths: one labelled bar per category with its value printed
// beside it, tagged as a Figure whose alternative text carries the same numbers for screen readers.
import { clip, safeLine } from './safe-text';
import { COLORS, type ReportWriter } from './writer';

export interface Bar {
  label: string;
  value: number;
}

const BAR = 11;
const GAP = 4;

export function barChart(w: ReportWriter, title: string, bars: Bar[], color = COLORS.accent): void {
  const doc = w.doc;
  const data = bars.map((b) => ({ label: clip(safeLine(b.label), 40), value: b.value }));
  const max = Math.max(1, ...data.map((b) => b.value));
  const labelWidth = 150;
  const valueWidth = 50;
  const barMax = w.width - labelWidth - valueWidth - 8;
  const height = 18 + data.length * (BAR + GAP) + 4;
  w.ensureSpace(height);
  const alt = `${safeLine(title)}: ${data.map((b) => `${b.label} ${b.value.toLocaleString('en')}`).join('; ') || 'no data'}`;
  const top = doc.y;
  w.tag(
    'Figure',
    () => {
      w.setFont('bold', 9);
      doc.text(safeLine(title), w.left, top, { width: w.width, lineBreak: false });
      let y = top + 16;
      if (data.length === 0) {
        w.setFont('italic', 8.5, COLORS.muted);
        doc.text('No data.', w.left, y, { width: w.width, lineBreak: false });
      }
      for (const b of data) {
        const len = b.value === 0 ? 0 : Math.max(1.5, (b.value / max) * barMax);
        w.setFont('regular', 8);
        doc.text(b.label, w.left, y + 1.5, { width: labelWidth - 6, align: 'right', lineBreak: false, height: BAR });
        doc
          .rect(w.left + labelWidth, y, barMax, BAR)
          .fill(COLORS.band)
          .rect(w.left + labelWidth, y, len, BAR)
          .fill(color);
        w.setFont('regular', 8);
        doc.text(b.value.toLocaleString('en'), w.left + labelWidth + barMax + 6, y + 1.5, {
          width: valueWidth,
          lineBreak: false,
        });
        y += BAR + GAP;
      }
    },
    undefined,
    { alt },
  );
  doc.x = w.left;
  doc.y = top + height + 6;
}
