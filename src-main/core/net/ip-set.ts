// AddressSet: an exact set of IPv4 and IPv6 addresses as two sorted, merged interval lists, with the
// set algebra the rule evaluation needs. Immutable; nothing here ever enumerates addresses.
import {
  cidrCoverV4,
  cidrCoverV6,
  parseAddress,
  parseBlock,
  V4_SPACE,
  V6_SPACE,
  type AddressBlock,
  type Family,
} from './address';
import * as iv from './intervals';
import * as iv6 from './intervals-v6';
import type { Intervals } from './intervals';

export class AddressError extends Error {
  constructor(readonly text: string) {
    super(`expected an IPv4/IPv6 address, CIDR or first-last range, got ${JSON.stringify(text.slice(0, 80))}`);
    this.name = 'AddressError';
  }
}

const FULL_V4: Intervals<number> = iv.of(0, V4_SPACE);
const FULL_V6: Intervals<bigint> = iv6.of(0n, V6_SPACE);
const NONE_V4: Intervals<number> = iv.empty();
const NONE_V6: Intervals<bigint> = iv6.empty();

export class AddressSet {
  static readonly EMPTY = new AddressSet(NONE_V4, NONE_V6);
  static readonly ANY = new AddressSet(FULL_V4, FULL_V6);
  static readonly ANY_V4 = new AddressSet(FULL_V4, NONE_V6);
  static readonly ANY_V6 = new AddressSet(NONE_V4, FULL_V6);

  /** Use the static builders; the lists must already be sorted and merged. */
  private constructor(
    /** IPv4 intervals, [start, end) pairs in [0, 2^32). */
    readonly v4: Intervals<number>,
    /** IPv6 intervals, [start, end) pairs in [0, 2^128). */
    readonly v6: Intervals<bigint>,
  ) {}

  /** From canonical interval lists (as produced by this module); not re-checked. */
  static fromIntervals(v4: Intervals<number>, v6: Intervals<bigint>): AddressSet {
    if (v4.length === 0 && v6.length === 0) return AddressSet.EMPTY;
    return new AddressSet(v4, v6);
  }

  /** From loose [start, end) pairs in any order (overlaps allowed). */
  static fromPairs(v4: readonly number[], v6: readonly bigint[]): AddressSet {
    return AddressSet.fromIntervals(iv.normalise(v4), iv6.normalise(v6));
  }

  /** CIDRs, hosts and first-last ranges of either family; throws AddressError naming the first bad text. */
  static parse(texts: string | Iterable<string>): AddressSet {
    const { set, invalid } = AddressSet.tryParse(texts);
    if (invalid.length > 0) throw new AddressError(invalid[0]!);
    return set;
  }

  /** Like parse, but returns the texts it could not read instead of throwing. */
  static tryParse(texts: string | Iterable<string>): { set: AddressSet; invalid: string[] } {
    const v4 = iv.empty<number>();
    const v6 = iv6.empty<bigint>();
    const invalid: string[] = [];
    for (const text of typeof texts === 'string' ? [texts] : texts) {
      const b: AddressBlock | null = parseBlock(text);
      if (!b) invalid.push(text);
      else if (b.family === 4) v4.push(b.start, b.end);
      else v6.push(b.start, b.end);
    }
    return { set: AddressSet.fromPairs(v4, v6), invalid };
  }

  family(f: Family): AddressSet {
    return f === 4 ? AddressSet.fromIntervals(this.v4, NONE_V6) : AddressSet.fromIntervals(NONE_V4, this.v6);
  }

  union(o: AddressSet): AddressSet {
    return AddressSet.fromIntervals(iv.union(this.v4, o.v4), iv6.union(this.v6, o.v6));
  }

  intersect(o: AddressSet): AddressSet {
    return AddressSet.fromIntervals(iv.intersect(this.v4, o.v4), iv6.intersect(this.v6, o.v6));
  }

  subtract(o: AddressSet): AddressSet {
    return AddressSet.fromIntervals(iv.subtract(this.v4, o.v4), iv6.subtract(this.v6, o.v6));
  }

  /**
   * Complement within each family's own space. With `family`, only that family is complemented and the
   * result holds that family only ("everything IPv4 that is not in the set").
   */
  complement(family?: Family): AddressSet {
    const c4 = iv.complement(this.v4, 0, V4_SPACE);
    const c6 = iv6.complement(this.v6, 0n, V6_SPACE);
    if (family === 4) return AddressSet.fromIntervals(c4, NONE_V6);
    if (family === 6) return AddressSet.fromIntervals(NONE_V4, c6);
    return AddressSet.fromIntervals(c4, c6);
  }

  /** Whether the address (either family) is a member; throws AddressError if it is not an address. */
  contains(address: string): boolean {
    const a = parseAddress(address);
    if (!a) throw new AddressError(address);
    return a.family === 4 ? iv.contains(this.v4, a.value) : iv6.contains(this.v6, a.value);
  }

  isEmpty(): boolean {
    return this.v4.length === 0 && this.v6.length === 0;
  }

  /** Whether every address of the family (or, without one, of both families) is a member. */
  isAll(family?: Family): boolean {
    const all4 = iv.equals(this.v4, FULL_V4);
    const all6 = iv6.equals(this.v6, FULL_V6);
    return family === 4 ? all4 : family === 6 ? all6 : all4 && all6;
  }

  /** Number of addresses, both families together. */
  size(): bigint {
    return iv.sizeOf(this.v4) + iv6.sizeOf(this.v6);
  }

  sizeV4(): bigint {
    return iv.sizeOf(this.v4);
  }

  sizeV6(): bigint {
    return iv6.sizeOf(this.v6);
  }

  equals(o: AddressSet): boolean {
    return iv.equals(this.v4, o.v4) && iv6.equals(this.v6, o.v6);
  }

  isSubsetOf(o: AddressSet): boolean {
    return iv.isSubset(this.v4, o.v4) && iv6.isSubset(this.v6, o.v6);
  }

  intersects(o: AddressSet): boolean {
    return iv.intersects(this.v4, o.v4) || iv6.intersects(this.v6, o.v6);
  }

  /** The minimal CIDR cover (IPv4 first, each family in address order), for display. */
  toCidrs(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.v4.length; i += 2) cidrCoverV4(this.v4[i]!, this.v4[i + 1]!, out);
    for (let i = 0; i < this.v6.length; i += 2) cidrCoverV6(this.v6[i]!, this.v6[i + 1]!, out);
    return out;
  }

  toString(): string {
    const cidrs = this.toCidrs();
    return cidrs.length === 0 ? '(none)' : cidrs.length > 20 ? `${cidrs.slice(0, 20).join(', ')}, …` : cidrs.join(', ');
  }
}
