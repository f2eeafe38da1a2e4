// Worked examples of the address and port sets: the text forms they read and write, errors, the CIDR cover,
// and the public address space used by the permissiveness figures.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatV6, parseAddress, parseBlock } from '../../src-main/core/net/address';
import { AddressError, AddressSet, PortError, PortSet, PUBLIC_SPACE, RFC1918 } from '../../src-main/core/net';

describe('AddressSet', () => {
  it('reads CIDRs, hosts, netmasks and ranges of both families', () => {
    const s = AddressSet.parse([
      '10.0.0.0/8',
      '10.1.2.3',
      '192.168.1.77/24', // host bits set: cleared, as the firewalls do
      '172.16.0.0/255.255.0.0',
      '2001:DB8::/32',
      '::ffff:192.0.2.1',
      '198.51.100.5-198.51.100.20',
    ]);
    expect(s.toCidrs()).toEqual([
      '10.0.0.0/8',
      '172.16.0.0/16',
      '192.168.1.0/24',
      '198.51.100.5/32',
      '198.51.100.6/31',
      '198.51.100.8/29',
      '198.51.100.16/30',
      '198.51.100.20/32',
      '::ffff:c000:201/128',
      '2001:db8::/32',
    ]);
    expect(s.sizeV4()).toBe(2n ** 24n + 2n ** 16n + 256n + 16n);
    expect(s.sizeV6()).toBe(2n ** 96n + 1n);
    expect(s.contains('10.255.255.255')).toBe(true);
    expect(s.contains('11.0.0.0')).toBe(false);
    expect(s.contains('2001:db8:ffff::1')).toBe(true);
    expect(s.contains('2001:db9::')).toBe(false);
  });

  it('handles the edges of both spaces', () => {
    expect(AddressSet.parse('0.0.0.0/0').equals(AddressSet.ANY_V4)).toBe(true);
    expect(AddressSet.parse(['0.0.0.0/0', '::/0']).equals(AddressSet.ANY)).toBe(true);
    expect(AddressSet.ANY.isAll()).toBe(true);
    expect(AddressSet.ANY_V4.isAll(4)).toBe(true);
    expect(AddressSet.ANY_V4.isAll()).toBe(false);
    expect(AddressSet.ANY.size()).toBe(2n ** 32n + 2n ** 128n);
    expect(AddressSet.parse('255.255.255.255').toCidrs()).toEqual(['255.255.255.255/32']);
    expect(AddressSet.parse('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128').sizeV6()).toBe(1n);
    expect(AddressSet.parse('0.0.0.0-255.255.255.255').toCidrs()).toEqual(['0.0.0.0/0']);
    expect(AddressSet.parse('::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff').toCidrs()).toEqual(['::/0']);
    expect(AddressSet.ANY.complement().isEmpty()).toBe(true);
    expect(AddressSet.EMPTY.complement().equals(AddressSet.ANY)).toBe(true);
    expect(AddressSet.parse('10.0.0.0/8').complement(4).toCidrs()).toEqual([
      '0.0.0.0/5',
      '8.0.0.0/7',
      '11.0.0.0/8',
      '12.0.0.0/6',
      '16.0.0.0/4',
      '32.0.0.0/3',
      '64.0.0.0/2',
      '128.0.0.0/1',
    ]);
    expect(AddressSet.parse('10.0.0.0/8').complement(4).sizeV6()).toBe(0n);
  });

  it('refuses what is not an address, naming it', () => {
    for (const bad of [
      '10.0.0.256',
      '10.0.0',
      '10.0.0.0/33',
      '1.2.3.4/',
      'fe80::1%eth0',
      'host',
      '2001:db8::/129',
      '10.0.0.9-10.0.0.1',
      '1.2.3.4-::1',
      ':::',
      '1:2:3:4:5:6:7:8:9',
      '10.0.0.0/255.0.255.0',
    ]) {
      expect(() => AddressSet.parse(bad), bad).toThrow(AddressError);
    }
    expect(() => AddressSet.parse(['10.0.0.0/8', 'nope'])).toThrow(/"nope"/);
    expect(AddressSet.tryParse(['10.0.0.0/8', 'nope', '::1']).invalid).toEqual(['nope']);
    expect(() => AddressSet.ANY.contains('x')).toThrow(AddressError);
  });

  it('writes IPv6 the RFC 5952 way', () => {
    const cases: [string, string][] = [
      ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
      ['0:0:0:0:0:0:0:0', '::'],
      ['fe80::', 'fe80::'],
      ['::1', '::1'],
      ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ];
    for (const [input, out] of cases) {
      const a = parseAddress(input);
      expect(a?.family).toBe(6);
      expect(formatV6(a!.value as bigint)).toBe(out);
    }
    expect(parseBlock('2001:db8::1/64')).toEqual({
      family: 6,
      start: 0x20010db8n << 96n,
      end: (0x20010db8n << 96n) + 2n ** 64n,
    });
  });

  it('does the algebra on mixed families', () => {
    const a = AddressSet.parse(['10.0.0.0/8', '2001:db8::/32']);
    const b = AddressSet.parse(['10.128.0.0/9', '2001:db8:8000::/33', '192.168.0.0/16']);
    expect(a.intersect(b).toCidrs()).toEqual(['10.128.0.0/9', '2001:db8:8000::/33']);
    expect(a.subtract(b).toCidrs()).toEqual(['10.0.0.0/9', '2001:db8::/33']);
    expect(a.union(b).toCidrs()).toEqual(['10.0.0.0/8', '192.168.0.0/16', '2001:db8::/32']);
    expect(b.isSubsetOf(a)).toBe(false);
    expect(a.intersect(b).isSubsetOf(a)).toBe(true);
    expect(a.family(6).toCidrs()).toEqual(['2001:db8::/32']);
    // Adjacent blocks merge into one interval, so equal sets compare equal whatever their spelling.
    expect(AddressSet.parse(['10.0.0.0/9', '10.128.0.0/9']).equals(AddressSet.parse('10.0.0.0/8'))).toBe(true);
  });
});

describe('PortSet', () => {
  it('reads the model strings; null is any', () => {
    expect(PortSet.parse(['22', '1000-2000', '1500-3000', '2999']).toStrings()).toEqual(['22', '1000-3000']);
    expect(PortSet.parse(null).isAny()).toBe(true);
    expect(PortSet.parse(null).toStrings()).toBeNull();
    expect(PortSet.parse(['0-65535']).isAny()).toBe(true);
    expect(PortSet.parse(['6000:6063']).size()).toBe(64);
    expect(PortSet.parse([]).isEmpty()).toBe(true);
    expect(PortSet.parse(['80']).complement().size()).toBe(65535);
    expect(
      PortSet.parse(['1-1024'])
        .subtract(PortSet.parse(['22']))
        .toStrings(),
    ).toEqual(['1-21', '23-1024']);
  });

  it('refuses what is not a port', () => {
    for (const bad of ['65536', '-1', '20-10', 'ssh', '', '1-2-3'])
      expect(() => PortSet.parse([bad]), bad).toThrow(PortError);
  });
});

describe('public address space', () => {
  it('is the IANA globally reachable unicast space (counts from Python ipaddress over the same lists)', () => {
    expect(PUBLIC_SPACE.sizeV4()).toBe(3702258434n);
    expect(PUBLIC_SPACE.sizeV6()).toBe(42529741020188316757504082008994742275n);
    for (const a of ['8.8.8.8', '192.0.0.9', '192.31.196.1', '2001:4860::1', '64:ff9b::1', '2001:20::1'])
      expect(PUBLIC_SPACE.contains(a), a).toBe(true);
    for (const a of [
      '10.1.1.1',
      '100.64.0.1',
      '127.0.0.1',
      '169.254.1.1',
      '192.0.2.1',
      '224.0.0.1',
      '255.255.255.255',
      '2001:db8::1',
      'fd00::1',
      'fe80::1',
      '::1',
      '2002::1',
      'ff02::1',
    ])
      expect(PUBLIC_SPACE.contains(a), a).toBe(false);
    expect(RFC1918.intersects(PUBLIC_SPACE)).toBe(false);
  });
});

describe('the two copies of the interval algebra', () => {
  it('are the same code: intervals.ts (numbers) and intervals-v6.ts (bigints) differ only in their header', () => {
    const body = (name: string) =>
      readFileSync(new URL(`../../src-main/core/net/${name}`, import.meta.url), 'utf8').replace(/^(\/\/.*\n)+/, '');
    expect(body('intervals-v6.ts')).toBe(body('intervals.ts'));
  });
});
