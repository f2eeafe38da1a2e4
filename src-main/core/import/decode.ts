// Bytes to text for the parsers: BOM-aware (UTF-8, UTF-16 LE/BE, as PowerShell redirection writes),
// strict UTF-8 otherwise, and binary input refused with the byte offset where it shows.
import { ParseError } from './types';

export interface Decoder {
  decode(chunk: Uint8Array, offset: number): string;
  flush(): string;
}

export function sniffEncoding(head: Uint8Array): {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';
  bom: number;
} {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  // An XML declaration may name Latin-1 explicitly.
  const start = Buffer.from(head.subarray(0, 200)).toString('latin1');
  if (/^<\?xml[^>]*encoding=["'](iso-8859-1|latin-?1|windows-1252)["']/i.test(start))
    return { encoding: 'latin1', bom: 0 };
  return { encoding: 'utf-8', bom: 0 };
}

export function createDecoder(encoding: ReturnType<typeof sniffEncoding>['encoding'], bom: number): Decoder {
  const decoder = new TextDecoder(encoding === 'latin1' ? 'windows-1252' : encoding, { fatal: true, ignoreBOM: false });
  let skip = bom;
  const check = (text: string, offset: number) => {
    const nul = text.indexOf('\u0000');
    if (nul >= 0)
      throw new ParseError(`binary data (a NUL byte) near byte offset ${offset + nul}; expected a text report`);
    return text;
  };
  return {
    decode(chunk, offset) {
      let piece = chunk;
      if (skip > 0) {
        const n = Math.min(skip, piece.length);
        piece = piece.subarray(n);
        skip -= n;
      }
      try {
        return check(decoder.decode(piece, { stream: true }), offset);
      } catch (err) {
        if (err instanceof ParseError) throw err;
        throw new ParseError(`not ${encoding.toUpperCase()} text near byte offset ${offset}; expected a text report`);
      }
    },
    flush() {
      try {
        return decoder.decode();
      } catch {
        throw new ParseError(`the file ends inside a ${encoding.toUpperCase()} character; expected complete text`);
      }
    },
  };
}
