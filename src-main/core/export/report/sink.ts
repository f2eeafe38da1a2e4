// Collects a pdfkit document's output as it is written. pdfkit pushes every token of every object into
// its readable stream as its own small Buffer, and while the report is laid out (synchronously) nothing
// drains the stream: a 2,000-page report queues over half a million of them, a quarter of a gigabyte of
// bookkeeping. Taking each chunk at push time and copying it into large blocks keeps the memory to the
// size of the PDF itself. (This replaces the document's own push; nothing else reads its stream.)

const BLOCK = 4 * 1024 * 1024;

class Sink {
  private readonly blocks: Buffer[] = [];
  private current = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  private readonly done: Promise<Buffer>;

  constructor(doc: PDFKit.PDFDocument) {
    let resolveDone: (b: Buffer) => void = () => undefined;
    this.done = new Promise((resolve) => (resolveDone = resolve));
    // What the constructor already wrote (the header) is waiting in the stream's queue.
    for (let chunk = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null)
      this.write(chunk);
    (doc as unknown as { push(chunk: Uint8Array | null): boolean }).push = (chunk) => {
      if (chunk === null) resolveDone(this.bytes());
      else this.write(chunk);
      return true;
    };
  }

  private write(chunk: Uint8Array): void {
    if (chunk.length <= this.current.length - this.used) {
      this.current.set(chunk, this.used);
      this.used += chunk.length;
      return;
    }
    let offset = 0;
    while (offset < chunk.length) {
      if (this.used === this.current.length) {
        this.blocks.push(this.current);
        this.current = Buffer.allocUnsafe(BLOCK);
        this.used = 0;
      }
      const n = Math.min(chunk.length - offset, this.current.length - this.used);
      this.current.set(chunk.subarray(offset, offset + n), this.used);
      this.used += n;
      offset += n;
    }
  }

  private bytes(): Buffer {
    return Buffer.concat([...this.blocks, this.current.subarray(0, this.used)]);
  }

  finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
    doc.end();
    return this.done;
  }
}

const sinks = new WeakMap<PDFKit.PDFDocument, Sink>();

/** Starts collecting `doc`'s output; call before anything is drawn. */
export function collectOutput(doc: PDFKit.PDFDocument): void {
  sinks.set(doc, new Sink(doc));
}

/** Ends a document and gives its bytes. */
export function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  let sink = sinks.get(doc);
  if (!sink) {
    sink = new Sink(doc);
    sinks.set(doc, sink);
  }
  return sink.finish(doc);
}
