// The report's page writer over pdfkit: embedded DejaVu fonts, A4 pages, a tagged structure tree
// (Document > Sect > H1/H2/H3/P/L/Table/Figure), named destinations and bookmarks for every heading, and
// the bookkeeping (which heading each page continues, where each destination landed) that the table of
// contents and the page furniture need once every page exists. Input text only ever reaches the page
// through safeText/safeLine.
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { HEADINGS, type HeadingName } from './contents';
import { DeferredText } from './deferred';
import { safeLine } from './safe-text';
import { batchContent, memoizeWidths, type PageInternals } from './page-content';
import { collectOutput } from './sink';

export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = { top: 62, bottom: 58, left: 54, right: 54 };
export const COLORS = { text: '#1a1a1a', muted: '#5a5a5a', rule: '#b8b8b8', band: '#f0f2f5', accent: '#1f4e79' };

export type FontName = 'regular' | 'bold' | 'italic' | 'mono';
const FONT_FILES: Record<FontName, string> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  mono: 'DejaVuSansMono.ttf',
};

type Struct = PDFKit.PDFStructureElement;

export interface WriterOptions {
  fontsDir: string;
  title: string;
  subject: string;
  author: string;
  keywords: string;
  creator: string;
  time: Date;
}

export interface TextStyle {
  font?: FontName;
  size?: number;
  color?: string;
  /** Space after, in points (default 4). */
  gap?: number;
  indent?: number;
  width?: number;
  align?: 'left' | 'right' | 'center';
}

export class ReportWriter {
  readonly doc: PDFKit.PDFDocument;
  /** The page (0-based) each named destination landed on. */
  readonly placed = new Map<string, number>();
  private readonly root: Struct;
  private section: Struct;
  private current = -1;
  private closed = false;
  /** The heading in effect (the running header of pages that continue it). */
  private runningTitle = '';
  /** What the running header of the current page says. */
  private pageTitle = '';
  private color: string = COLORS.text;
  private deferredCount = 0;
  private furniture: ((pageIndex: number, running: string) => void) | null = null;
  private readonly outlines = new Map<string, PDFKit.PDFOutline>();
  private readonly fontKeys: Record<FontName, string>;

  constructor(o: WriterOptions) {
    const fontPath = (f: FontName) => join(o.fontsDir, FONT_FILES[f]);
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      autoFirstPage: false,
      tagged: true,
      lang: 'en',
      displayTitle: true,
      pdfVersion: '1.7',
      font: fontPath('regular'),
      info: {
        Title: o.title,
        Subject: o.subject,
        Author: o.author,
        Keywords: o.keywords,
        Creator: o.creator,
        Producer: `${o.creator} (PDFKit)`,
        CreationDate: o.time,
        ModDate: o.time,
      },
    });
    collectOutput(this.doc);
    memoizeWidths(this.doc);
    // pdfkit caches a font under the name it was first asked for; the regular face is the document's
    // default (opened by path), so it is always asked for by that path, never reopened under another name.
    this.fontKeys = { regular: fontPath('regular'), bold: 'bold', italic: 'italic', mono: 'mono' };
    for (const f of ['bold', 'italic', 'mono'] as const) this.doc.registerFont(f, fontPath(f));
    // Every new page — ours or pdfkit's when text flows on — first finishes the one before (running header,
    // footer) while it is still current; pages are then written out at once, never held in memory.
    const addPage = this.doc.addPage.bind(this.doc);
    this.doc.addPage = (options?: PDFKit.PDFDocumentOptions) => {
      if (this.current >= 0) this.finishPage();
      addPage(options);
      batchContent(this.doc.page as unknown as PageInternals);
      this.current++;
      this.pageTitle = this.runningTitle;
      // A new page starts with the default graphics state: carry the text colour over.
      this.doc.fillColor(this.color);
      return this.doc;
    };
    this.doc.addPage();
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    this.section = this.doc.struct('Sect');
    this.root.add(this.section);
  }

  /** What to draw on every page once it is complete (running header, footer). */
  setFurniture(draw: (pageIndex: number, running: string) => void): void {
    this.furniture = draw;
  }

  private finishPage(): void {
    if (!this.furniture) return;
    const doc = this.doc;
    const saved = { x: doc.x, y: doc.y, color: this.color, font: this.fontName, size: this.fontSize };
    const margins = doc.page.margins;
    const bottom = margins.bottom;
    margins.bottom = 0;
    this.furniture(this.current, this.pageTitle);
    margins.bottom = bottom;
    this.setFont(saved.font, saved.size, saved.color);
    doc.x = saved.x;
    doc.y = saved.y;
  }

  /** A box whose text is written once every page exists (see DeferredText). */
  deferred(width: number, height: number, style: ConstructorParameters<typeof DeferredText>[4]): DeferredText {
    return new DeferredText(this.doc, `Xdt${this.deferredCount++}`, width, height, style);
  }

  fontKey(font: FontName): string {
    return this.fontKeys[font];
  }

  get left(): number {
    return MARGIN.left;
  }
  get width(): number {
    return A4.width - MARGIN.left - MARGIN.right;
  }
  get bottom(): number {
    return A4.height - MARGIN.bottom;
  }
  get pageIndex(): number {
    return this.current;
  }
  get pageCount(): number {
    return this.current + 1;
  }

  private fontName: FontName = 'regular';
  private fontSize = 9;

  setFont(font: FontName, size: number, color: string = COLORS.text): this {
    this.fontName = font;
    this.fontSize = size;
    this.color = color;
    this.doc.font(this.fontKeys[font]).fontSize(size).fillColor(color);
    return this;
  }

  /** The width of one line of `text` in the current font. */
  widthOf(text: string): number {
    return this.doc.widthOfString(text);
  }

  /** Whether `text` (in the current font) fits on one line of `width`. */
  fitsOneLine(text: string, width: number): boolean {
    return !text.includes('\n') && this.widthOf(text) <= width;
  }

  /** The height `text` takes wrapped in `width` (in the current font); cheap for one line. */
  measure(text: string, width: number): number {
    return this.fitsOneLine(text, width) ? this.doc.currentLineHeight(true) : this.doc.heightOfString(text, { width });
  }

  /**
   * Draws `text` in the current font in a box at x, y: as one line when it fits (pdfkit's line wrapper is
   * the costly part of laying out thousands of cells), wrapped otherwise; at most `height` tall when given.
   * Leaves doc.y below the text.
   */
  textBox(
    text: string,
    x: number,
    y: number,
    width: number,
    o: { align?: 'left' | 'right' | 'center'; goTo?: string; height?: number } = {},
  ): void {
    const doc = this.doc;
    if (this.fitsOneLine(text, width)) {
      const free = o.align === 'right' || o.align === 'center' ? width - this.widthOf(text) : 0;
      const dx = o.align === 'right' ? free : free / 2;
      doc.text(text, x + dx, y, { lineBreak: false, ...(o.goTo ? { goTo: o.goTo } : {}) });
      doc.x = x;
      doc.y = y + doc.currentLineHeight(true);
      return;
    }
    doc.text(text, x, y, {
      width,
      align: o.align ?? 'left',
      ...(o.height !== undefined ? { height: o.height } : {}),
      ...(o.goTo ? { goTo: o.goTo } : {}),
    });
    doc.x = x;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = MARGIN.top;
  }

  /** Content that is not part of the document's logical text (rules, backgrounds, furniture). */
  artifact(draw: () => void, type: 'Pagination' | 'Layout' = 'Layout'): void {
    this.doc.markContent('Artifact', { type });
    draw();
    this.doc.endMarkedContent();
  }

  /** Adds a structure element to the current section (or `parent`) whose content `draw` puts on the page. */
  tag(type: string, draw: () => void, parent: Struct = this.section, options: Record<string, string> = {}): void {
    parent.add(this.doc.struct(type, options, draw));
  }

  /** An empty structure element to fill later (tables, lists, the table of contents). */
  group(type: string, parent: Struct = this.section): Struct {
    const s = this.doc.struct(type);
    parent.add(s);
    return s;
  }

  /** Starts a new top-level section of the structure tree. */
  beginSection(): void {
    this.section.end();
    this.section = this.doc.struct('Sect');
    this.root.add(this.section);
  }

  heading(level: 1 | 2 | 3, text: string, dest?: { name: string; outlineParent?: string }): void {
    const size = level === 1 ? 16 : level === 2 ? 12.5 : 10.5;
    this.ensureSpace(size * 2 + 60);
    if (level === 1 && this.doc.y > MARGIN.top + 1) this.doc.y += 6;
    const title = safeLine(text);
    if (level !== 3) {
      // A heading near the top of a page names the page; otherwise the page continues the one before.
      if (this.doc.y <= MARGIN.top + 30) this.pageTitle = title;
      this.runningTitle = title;
    }
    if (level === 3) this.doc.y += 3;
    if (dest) {
      // pdfkit turns the top into PDF coordinates itself.
      this.doc.addNamedDestination(dest.name, 'XYZ', null, this.doc.y - 4, null);
      this.placed.set(dest.name, this.current);
      const parent = dest.outlineParent ? this.outlines.get(dest.outlineParent) : this.doc.outline;
      const outline = (parent ?? this.doc.outline).addItem(title, {
        top: this.doc.y - 4,
        left: A4.width,
      } as { expanded?: boolean });
      this.outlines.set(dest.name, outline);
    }
    this.tag(`H${level}`, () => {
      this.setFont('bold', size, level === 1 ? COLORS.accent : COLORS.text);
      this.textBox(title, this.left, this.doc.y, this.width);
    });
    this.doc.y += level === 1 ? 8 : 4;
  }

  /** A heading the contents list (see contents.ts), with its destination and bookmark. */
  sectionHeading(name: HeadingName, outlineParent?: string): void {
    const h = HEADINGS[name];
    this.heading(h.level, h.title, { name, ...(outlineParent ? { outlineParent } : {}) });
  }

  /** Finishes the last page and closes the structure tree; call once, before the deferred texts are filled. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.finishPage();
    this.section.end();
    this.root.end();
  }
}
