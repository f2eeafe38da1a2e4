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

/**
 * Where the UTF-8 character cut by the end of `bytes` starts (bytes.length when none is cut): the
 * decoder is given whole characters only, and the cut one waits for the next read.
 */
function completeUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(4, n); back++) {
    const b = bytes[n - back]!;
    if (b < 0x80) return n; // ASCII: nothing is cut
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return length > back ? n - back : n;
    }
  }
  return n; // continuation bytes only: not UTF-8; the decoder says so
}

export function createDecoder(encoding: ReturnType<typeof sniffEncoding>['encoding'], bom: number): Decoder {
  const decoder = new TextDecoder(encoding === 'latin1' ? 'windows-1252' : encoding, { fatal: true, ignoreBOM: false });
  // UTF-8 is decoded read by read, whole characters only, without the streaming decoder: V8 then makes
  // one-byte strings of ASCII text, which the parsers scan about twice as fast (and decoding is 3× faster).
  let carry: Uint8Array | null = null;
  const utf8 = encoding === 'utf-8';
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
        if (!utf8) return check(decoder.decode(piece, { stream: true }), offset);
        if (carry) {
          piece = Buffer.concat([carry, piece]);
          carry = null;
        }
        const end = completeUtf8(piece);
        if (end < piece.length) carry = piece.slice(end);
        return check(decoder.decode(piece.subarray(0, end)), offset);
      } catch (err) {
        if (err instanceof ParseError) throw err;
        throw new ParseError(`not ${encoding.toUpperCase()} text near byte offset ${offset}; expected a text report`);
      }
    },
    flush() {
      try {
        if (carry) throw new Error('cut character');
        return decoder.decode();
      } catch {
        throw new ParseError(`the file ends inside a ${encoding.toUpperCase()} character; expected complete text`);
      }
    },
  };
}
