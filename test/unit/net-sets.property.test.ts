// Property tests of the address and port set algebra against a naive model that enumerates members:
// IPv4 and IPv6 sets drawn inside a random 4096-address universe, ports over all 65536, fixed seeds.
import { describe, expect, it } from 'vitest';
import { formatV4, formatV6, parseBlock } from '../../src-main/core/net/address';
import { AddressSet, PortSet } from '../../src-main/core/net';
import { prng } from '../prng';

const U = 4096; // universe size: a /20 of IPv4, a /116 of IPv6

type Model = Uint8Array;

interface Universe<T extends number | bigint> {
  family: 4 | 6;
  base: T;
  text: (offset: number) => string;
  at: (offset: number) => T;
}

function v4Universe(rand: () => number): Universe<number> {
  const base = Math.floor(rand() * 2 ** 20) * U;
  return { family: 4, base, text: (o) => formatV4(base + o), at: (o) => base + o };
}

function v6Universe(rand: () => number): Universe<bigint> {
  // A random /116 somewhere in the 128-bit space (high bits random too).
  let hi = 0n;
  for (let i = 0; i < 4; i++) hi = (hi << 29n) | BigInt(Math.floor(rand() * 2 ** 29));
  const base = (hi & ((1n << 116n) - 1n)) << 12n;
  return { family: 6, base, text: (o) => formatV6(base + BigInt(o)), at: (o) => base + BigInt(o) };
}

/** A random set of 0-4 blocks (CIDRs, hosts, ranges) inside the universe, with its model. */
function randomSet<T extends number | bigint>(rand: () => number, u: Universe<T>): { texts: string[]; model: Model } {
  const model = new Uint8Array(U);
  const texts: string[] = [];
  const n = Math.floor(rand() * 5);
  for (let k = 0; k < n; k++) {
    const kind = rand();
    if (kind < 0.6) {
      const bits = Math.floor(rand() * 13); // host bits 0..12 inside the /20 or /116
      const size = 2 ** bits;
      const start = Math.floor(rand() * (U / size)) * size;
      const prefix = (u.family === 4 ? 32 : 128) - bits;
      // Sometimes write the CIDR with host bits set: they must be cleared, as firewalls do.
      const shown = rand() < 0.2 ? start + Math.floor(rand() * size) : start;
      texts.push(bits === 0 && rand() < 0.5 ? u.text(shown) : `${u.text(shown)}/${prefix}`);
      model.fill(1, start, start + size);
    } else {
      const a = Math.floor(rand() * U);
      const b = Math.min(U - 1, a + Math.floor(rand() * (rand() < 0.5 ? 16 : U)));
      texts.push(`${u.text(a)}-${u.text(b)}`);
      model.fill(1, a, b + 1);
    }
  }
  return { texts, model };
}

/** The canonical interval list of a model, in absolute addresses. */
function modelIntervals<T extends number | bigint>(m: Model, u: Universe<T>): T[] {
  const out: T[] = [];
  for (let i = 0; i < U;) {
    if (!m[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < U && m[j]) j++;
    out.push(u.at(i), u.at(j));
    i = j;
  }
  return out;
}

function familyPart<T extends number | bigint>(s: AddressSet, u: Universe<T>): readonly T[] {
  return (u.family === 4 ? s.v4 : s.v6) as readonly T[];
}

function count(m: Model): number {
  let n = 0;
  for (const x of m) n += x;
  return n;
}

/** A CIDR list is the minimal cover iff its blocks are aligned, disjoint, sorted and no two are buddies. */
function expectMinimalCover(cidrs: string[]): void {
  const blocks = cidrs.map((c) => {
    const b = parseBlock(c)!;
    expect(b, c).not.toBeNull();
    expect(parseBlock(c.split('/')[0]!)!.start, `${c} is aligned`).toBe(b.start);
    return { start: BigInt(b.start), end: BigInt(b.end), family: b.family };
  });
  for (let i = 1; i < blocks.length; i++) {
    const a = blocks[i - 1]!;
    const b = blocks[i]!;
    if (a.family !== b.family) continue;
    expect(a.end <= b.start, 'sorted and disjoint').toBe(true);
    const size = a.end - a.start;
    const buddies = size === b.end - b.start && a.end === b.start && a.start % (2n * size) === 0n;
    expect(buddies, `${cidrs[i - 1]} + ${cidrs[i]} would merge`).toBe(false);
  }
}

function checkFamily<T extends number | bigint>(seed: number, cases: number, make: (r: () => number) => Universe<T>) {
  const rand = prng(seed);
  const space = 2n ** (make(rand).family === 4 ? 32n : 128n);
  for (let c = 0; c < cases; c++) {
    const u = make(rand);
    const A = randomSet(rand, u);
    const B = randomSet(rand, u);
    const a = AddressSet.parse(A.texts);
    const b = AddressSet.parse(B.texts);
    const ops: [string, AddressSet, (x: number, y: number) => number][] = [
      ['union', a.union(b), (x, y) => x | y],
      ['intersect', a.intersect(b), (x, y) => x & y],
      ['subtract', a.subtract(b), (x, y) => x & (1 - y)],
    ];
    const ctx = `case ${c}: A=${A.texts.join(' ')} B=${B.texts.join(' ')}`;
    expect(familyPart(a, u), ctx).toEqual(modelIntervals(A.model, u));
    for (const [name, result, f] of ops) {
      const m = A.model.map((x, i) => f(x, B.model[i]!));
      expect(familyPart(result, u), `${name} ${ctx}`).toEqual(modelIntervals(m, u));
      expect(result.size(), `${name} size ${ctx}`).toBe(BigInt(count(m)));
      expect(result.isEmpty()).toBe(count(m) === 0);
    }
    // Membership by address text, including just outside the universe.
    for (let k = 0; k < 8; k++) {
      const o = Math.floor(rand() * U);
      expect(a.contains(u.text(o)), `${ctx} contains ${u.text(o)}`).toBe(A.model[o] === 1);
    }
    if (u.family === 4 && u.base !== 0) expect(a.contains(formatV4((u.base as number) - 1))).toBe(false);
    // Complement within the family: the universe part flips, the count is the rest of the space.
    const comp = a.complement(u.family);
    const compModel = A.model.map((x) => 1 - x);
    const inside = AddressSet.parse(`${u.text(0)}-${u.text(U - 1)}`);
    expect(familyPart(comp.intersect(inside), u), `complement ${ctx}`).toEqual(modelIntervals(compModel, u));
    expect(comp.size()).toBe(space - BigInt(count(A.model)));
    expect(comp.complement(u.family).equals(a)).toBe(true);
    expect(a.union(comp).isAll(u.family)).toBe(true);
    // Relations.
    expect(a.intersects(b)).toBe(A.model.some((x, i) => x === 1 && B.model[i] === 1));
    expect(a.isSubsetOf(b)).toBe(A.model.every((x, i) => x === 0 || B.model[i] === 1));
    expect(a.equals(b)).toBe(A.model.every((x, i) => x === B.model[i]));
    expect(a.subtract(b).union(a.intersect(b)).equals(a)).toBe(true);
    expect(a.union(b).equals(b.union(a))).toBe(true);
    // Display round trip, minimal.
    const cidrs = a.union(b).toCidrs();
    expect(AddressSet.parse(cidrs).equals(a.union(b)), `toCidrs ${ctx}`).toBe(true);
    expectMinimalCover(cidrs);
  }
}

describe('AddressSet against an enumerated model', () => {
  it('IPv4: 3000 random pairs inside random /20s', () => checkFamily(0x5eed4, 3000, v4Universe));
  it('IPv6: 1500 random pairs inside random /116s', () => checkFamily(0x5eed6, 1500, v6Universe));

  it('keeps the families apart', () => {
    const rand = prng(46);
    for (let c = 0; c < 500; c++) {
      const u4 = v4Universe(rand);
      const u6 = v6Universe(rand);
      const A4 = randomSet(rand, u4);
      const A6 = randomSet(rand, u6);
      const B4 = randomSet(rand, u4);
      const a = AddressSet.parse([...A4.texts, ...A6.texts]);
      const b = AddressSet.parse(B4.texts);
      expect(a.family(4).equals(AddressSet.parse(A4.texts))).toBe(true);
      expect(a.family(6).equals(AddressSet.parse(A6.texts))).toBe(true);
      expect(a.subtract(b).family(6).equals(a.family(6))).toBe(true);
      expect(a.size()).toBe(BigInt(count(A4.model) + count(A6.model)));
      expect(a.sizeV4()).toBe(BigInt(count(A4.model)));
      expect(a.sizeV6()).toBe(BigInt(count(A6.model)));
      const both = a.complement();
      expect(both.sizeV4()).toBe(2n ** 32n - BigInt(count(A4.model)));
      expect(both.sizeV6()).toBe(2n ** 128n - BigInt(count(A6.model)));
      expect(AddressSet.parse(a.toCidrs()).equals(a)).toBe(true);
    }
  });
});

function portModel(specs: string[] | null): Model {
  const m = new Uint8Array(65536);
  if (specs === null) return m.fill(1);
  for (const s of specs) {
    const [a, b] = s.split('-').map(Number) as [number, number | undefined];
    m.fill(1, a, (b ?? a) + 1);
  }
  return m;
}

function portIntervals(m: Model): number[] {
  const out: number[] = [];
  for (let i = 0; i < m.length;) {
    if (!m[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < m.length && m[j]) j++;
    out.push(i, j);
    i = j;
  }
  return out;
}

function randomPorts(rand: () => number): string[] | null {
  if (rand() < 0.05) return null;
  const out: string[] = [];
  const n = Math.floor(rand() * 5);
  for (let k = 0; k < n; k++) {
    const a = rand() < 0.3 ? Math.floor(rand() * 1024) : Math.floor(rand() * 65536);
    if (rand() < 0.5) out.push(String(a));
    else out.push(`${a}-${Math.min(65535, a + Math.floor(rand() * (rand() < 0.7 ? 100 : 40000)))}`);
  }
  return out;
}

describe('PortSet against an enumerated model', () => {
  it('400 random pairs over all 65536 ports', () => {
    const rand = prng(0x9047);
    for (let c = 0; c < 400; c++) {
      const A = randomPorts(rand);
      const B = randomPorts(rand);
      const a = PortSet.parse(A);
      const b = PortSet.parse(B);
      const ma = portModel(A);
      const mb = portModel(B);
      const ctx = `case ${c}: ${JSON.stringify(A)} / ${JSON.stringify(B)}`;
      expect(a.intervals, ctx).toEqual(portIntervals(ma));
      const ops: [PortSet, (x: number, y: number) => number][] = [
        [a.union(b), (x, y) => x | y],
        [a.intersect(b), (x, y) => x & y],
        [a.subtract(b), (x, y) => x & (1 - y)],
        [a.complement(), (x) => 1 - x],
      ];
      for (const [result, f] of ops) {
        const m = ma.map((x, i) => f(x, mb[i]!));
        expect(result.intervals, ctx).toEqual(portIntervals(m));
        expect(result.size()).toBe(count(m));
        expect(result.isEmpty()).toBe(count(m) === 0);
        expect(result.isAny()).toBe(count(m) === 65536);
      }
      for (let k = 0; k < 16; k++) {
        const p = Math.floor(rand() * 65536);
        expect(a.contains(p)).toBe(ma[p] === 1);
      }
      expect(PortSet.parse(a.toStrings()).equals(a), ctx).toBe(true);
      expect(a.isSubsetOf(a.union(b))).toBe(true);
    }
  });
});
