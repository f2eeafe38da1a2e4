// Text that is placed on a page now but known only once every page exists — a page number in the table
// of contents, "Page 3 of 1,940" in a footer. Each is a small form XObject drawn where the text goes and
// written at the end, so pages never have to be kept in memory (pdfkit's bufferPages holds every page's
// content until the end: about half a megabyte a page). Uses pdfkit's font objects directly, which its
// typings do not describe; the narrow interfaces below say what is relied on.

interface PdfFontInternals {
  id: string;
  ascender: number;
  encode(text: string): [string[], unknown[]];
  widthOfString(text: string, size: number): number;
  ref(): PDFKit.PDFKitReference;
}

interface DocInternals {
  _font: PdfFontInternals;
  page: { xobjects: Record<string, PDFKit.PDFKitReference> };
  addContent(data: string): void;
  ref(
    data: Record<string, unknown>,
  ): PDFKit.PDFKitReference & { data: Record<string, unknown>; end(chunk: string): void };
}

const GRAY: Record<string, string> = { muted: '0.353 0.353 0.353 rg', text: '0.102 0.102 0.102 rg' };

export class DeferredText {
  private readonly xo: ReturnType<DocInternals['ref']>;

  /** `name` must be unique within the document (and the same on every render, for reproducible bytes). */
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly name: string,
    private readonly width: number,
    private readonly height: number,
    private readonly style: { fontKey: string; size: number; align: 'left' | 'right'; color: 'muted' | 'text' },
  ) {
    const d = doc as unknown as DocInternals;
    this.xo = d.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, width, height], Resources: { Font: {} } });
  }

  /** Draws the (still empty) text box with its top-left corner at x, y on the current page. */
  place(x: number, y: number): void {
    const d = this.doc as unknown as DocInternals;
    d.page.xobjects[this.name] = this.xo;
    this.doc.save();
    this.doc.transform(1, 0, 0, -1, x, y + this.height);
    d.addContent(`/${this.name} Do`);
    this.doc.restore();
  }

  /** Writes the text; call once, before the document ends. */
  fill(text: string): void {
    this.doc.font(this.style.fontKey);
    const font = (this.doc as unknown as DocInternals)._font;
    const [glyphs] = font.encode(text);
    const size = this.style.size;
    const width = font.widthOfString(text, size);
    const dx = this.style.align === 'right' ? Math.max(0, this.width - width) : 0;
    const baseline = this.height - (font.ascender / 1000) * size;
    (this.xo.data.Resources as { Font: Record<string, unknown> }).Font[font.id] = font.ref();
    this.xo.end(
      `${GRAY[this.style.color]}\nBT\n/${font.id} ${size} Tf\n1 0 0 1 ${dx.toFixed(2)} ${baseline.toFixed(2)} Tm\n<${glyphs.join('')}> Tj\nET`,
    );
  }
}
