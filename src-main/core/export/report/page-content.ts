// Two economies in how pdfkit lays out and writes pages, each giving the same bytes: a page's content
// operators written in one piece (batchContent), and the widths of strings remembered (memoizeWidths).

export interface PageInternals {
  write(chunk: string | Uint8Array): unknown;
  end(): unknown;
  content: { write(chunk: string | Uint8Array): unknown };
}

/**
 * pdfkit turns every content operator into its own byte array as it is written (a dozen per line of
 * text); a page's operators are kept as strings instead and written as one piece when the page ends —
 * the same bytes, a fraction of the allocations.
 */
export function batchContent(page: PageInternals): void {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length > 0) page.content.write(pending.join('\n'));
    pending = [];
  };
  page.write = (chunk) => {
    if (typeof chunk === 'string') pending.push(chunk);
    else {
      flush();
      page.content.write(chunk);
    }
  };
  const end = page.end.bind(page);
  page.end = () => {
    flush();
    return end();
  };
}

interface WidthInternals {
  _font: { id: string };
  _fontSize: number;
  widthOfString(
    text: string,
    options?: { features?: unknown; characterSpacing?: number; horizontalScaling?: number },
  ): number;
}

/**
 * Every cell is measured to size its row, measured again to place it, and pdfkit measures each line once
 * more after drawing it: the width of a string in a font and size is remembered instead of laid out anew.
 */
export function memoizeWidths(doc: PDFKit.PDFDocument): void {
  const d = doc as unknown as WidthInternals;
  const measure = d.widthOfString.bind(doc);
  const known = new Map<string, number>();
  d.widthOfString = (text, options = {}) => {
    if (options.features) return measure(text, options);
    const key = `${d._font.id} ${d._fontSize} ${options.characterSpacing ?? 0} ${options.horizontalScaling ?? 100} ${text}`;
    let width = known.get(key);
    if (width === undefined) {
      if (known.size >= 200_000) known.clear();
      width = measure(text, options);
      known.set(key, width);
    }
    return width;
  };
}
