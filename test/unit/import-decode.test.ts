// The decoder the importers read through: UTF-8 is decoded read by read, whole characters only, so a
// character cut by the end of a read must come out whole at the start of the next, whatever the split.
import { describe, expect, it } from 'vitest';
import { createDecoder, sniffEncoding } from '../../src-main/core/import/decode';
import { ParseError } from '../../src-main/core/import/types';
import { prng } from '../prng';

const TEXT = 'host café ▶ 東京 😀 Ωmega\n<port id="443">TLS ✓</port>\n'.repeat(3);

function decodeInPieces(bytes: Buffer, cuts: number[]): string {
  const { encoding, bom } = sniffEncoding(bytes);
  const decoder = createDecoder(encoding, bom);
  let out = '';
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out += decoder.decode(bytes.subarray(from, cut), from);
    from = cut;
  }
  return out + decoder.flush();
}

describe('createDecoder', () => {
  it('gives the same text for every single cut of a UTF-8 text with 2-, 3- and 4-byte characters', () => {
    const bytes = Buffer.from(TEXT, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) expect(decodeInPieces(bytes, [cut]), `cut at ${cut}`).toBe(TEXT);
  });

  it('gives the same text for random cuts into many small reads, with and without a BOM', () => {
    const random = prng(1206);
    for (const prefix of [Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf])]) {
      const bytes = Buffer.concat([prefix, Buffer.from(TEXT, 'utf8')]);
      for (let round = 0; round < 200; round++) {
        const cuts = [...new Set(Array.from({ length: 12 }, () => Math.floor(random() * bytes.length)))].sort(
          (a, b) => a - b,
        );
        expect(decodeInPieces(bytes, cuts)).toBe(TEXT);
      }
    }
  });

  it('refuses bytes that are not UTF-8, and a file that ends inside a character', () => {
    const bad = Buffer.concat([Buffer.from('abc '), Buffer.from([0xc3, 0x28]), Buffer.from(' def')]);
    expect(() => decodeInPieces(bad, [5])).toThrow(/not UTF-8 text near byte offset/);
    const cut = Buffer.from('abc 😀', 'utf8').subarray(0, 6);
    expect(() => decodeInPieces(cut, [3])).toThrow(ParseError);
    expect(() => decodeInPieces(cut, [3])).toThrow(/the file ends inside a UTF-8 character/);
    const lone = Buffer.concat([Buffer.from('abc'), Buffer.from([0x80, 0x80])]);
    expect(() => decodeInPieces(lone, [])).toThrow(/not UTF-8 text/);
  });

  it('refuses a NUL byte with its offset', () => {
    const nul = Buffer.from('abc\u0000def');
    expect(() => decodeInPieces(nul, [2])).toThrow(/NUL byte\) near byte offset 3/);
  });

  it('still decodes UTF-16 with its BOM in pieces', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]);
    expect(decodeInPieces(le, [3, 10, 11, 57])).toBe(TEXT);
  });
});
