// A small DER encoder and decoder on Buffers, enough for certificates, CMS and PKCS#12. Encoding takes
// already-encoded children, so raw DER from elsewhere (a public key, a name) is embedded byte for byte.

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8: 0x0c,
  PRINTABLE: 0x13,
  IA5: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  BMP: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
}

export const seq = (...items: Buffer[]): Buffer => tlv(TAG.SEQUENCE, Buffer.concat(items));
/** A SET OF in DER order: the encodings sorted as byte strings (X.690 11.6). */
export const setOf = (...items: Buffer[]): Buffer => tlv(TAG.SET, Buffer.concat([...items].sort(Buffer.compare)));
export const octets = (b: Buffer): Buffer => tlv(TAG.OCTET_STRING, b);
export const nullValue = (): Buffer => Buffer.from([TAG.NULL, 0]);
export const utf8 = (s: string): Buffer => tlv(TAG.UTF8, Buffer.from(s, 'utf8'));
export const ia5 = (s: string): Buffer => tlv(TAG.IA5, Buffer.from(s, 'ascii'));
export const bool = (v: boolean): Buffer => tlv(TAG.BOOLEAN, Buffer.from([v ? 0xff : 0]));
export const bitString = (b: Buffer, unusedBits = 0): Buffer =>
  tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([unusedBits]), b]));
/** [n] EXPLICIT (constructed context tag around one encoded value). */
export const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);
/** [n] IMPLICIT over a constructed value: its tag replaced, content kept. */
export const implicitConstructed = (n: number, encoded: Buffer): Buffer => tlv(0xa0 | n, parse(encoded).content);

/** A non-negative INTEGER from its big-endian magnitude. */
export function uint(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const trimmed = bytes.subarray(i);
  return tlv(TAG.INTEGER, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

export const int = (n: number): Buffer => {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`DER: ${n} is not a small non-negative integer`);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return uint(Buffer.from(bytes.length === 0 ? [0] : bytes));
};

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = parts;
  const out: number[] = [a * 40 + b];
  for (const p of rest) {
    const group: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) group.unshift((v & 0x7f) | 0x80);
    out.push(...group);
  }
  return tlv(TAG.OID, Buffer.from(out));
}

/** UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5), seconds precision, Z. */
export function time(d: Date): Buffer {
  const iso = d.toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  return d.getUTCFullYear() < 2050
    ? tlv(TAG.UTC_TIME, Buffer.from(`${digits.slice(2)}Z`, 'ascii'))
    : tlv(TAG.GENERALIZED_TIME, Buffer.from(`${digits}Z`, 'ascii'));
}

export interface Node {
  tag: number;
  /** The whole encoding (tag, length and content). */
  der: Buffer;
  content: Buffer;
  children: Node[];
}

const CONSTRUCTED = 0x20;

/** Parses one DER value (and its children when constructed). Throws on anything truncated or indefinite. */
export function parse(buf: Buffer, offset = 0, depth = 0): Node {
  if (depth > 64) throw new Error('DER: nested too deeply');
  const tag = buf[offset];
  if (tag === undefined) throw new Error('DER: unexpected end of data');
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: multi-byte tags are not supported');
  let pos = offset + 1;
  const first = buf[pos++];
  if (first === undefined) throw new Error('DER: truncated length');
  let len = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 6) throw new Error('DER: unsupported length encoding');
    len = 0;
    for (let i = 0; i < n; i++) {
      const b = buf[pos++];
      if (b === undefined) throw new Error('DER: truncated length');
      len = len * 256 + b;
    }
  }
  const end = pos + len;
  if (end > buf.length) throw new Error('DER: value runs past the end of the data');
  const content = buf.subarray(pos, end);
  const children: Node[] = [];
  if (tag & CONSTRUCTED) {
    let p = 0;
    while (p < content.length) {
      const child = parse(content, p, depth + 1);
      children.push(child);
      p += child.der.length;
    }
  }
  return { tag, der: buf.subarray(offset, end), content, children };
}

/** Parses a whole buffer that must hold exactly one value. */
export function parseAll(buf: Buffer): Node {
  const node = parse(buf);
  if (node.der.length !== buf.length) throw new Error('DER: trailing data after the value');
  return node;
}

export function child(node: Node, i: number, what: string): Node {
  const c = node.children[i];
  if (!c) throw new Error(`DER: ${what} is missing`);
  return c;
}

export function readOid(node: Node): string {
  if (node.tag !== TAG.OID) throw new Error('DER: expected an OBJECT IDENTIFIER');
  const b = node.content;
  const first = b[0] ?? 0;
  const parts = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let v = 0;
  for (let i = 1; i < b.length; i++) {
    const byte = b[i] ?? 0;
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

export function readInt(node: Node): number {
  if (node.tag !== TAG.INTEGER) throw new Error('DER: expected an INTEGER');
  if (node.content.length > 6) throw new Error('DER: integer too large');
  return node.content.reduce((acc, b) => acc * 256 + b, 0);
}

export function readTime(node: Node): Date {
  const s = node.content.toString('ascii');
  const m =
    node.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) throw new Error(`DER: unsupported time "${s}"`);
  const y = Number(m[1]);
  const year = node.tag === TAG.UTC_TIME ? (y < 50 ? 2000 + y : 1900 + y) : y;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}
