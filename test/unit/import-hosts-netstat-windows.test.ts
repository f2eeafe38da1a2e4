// The Windows netstat parser: -aonb (owner lines after each socket), -an, plain netstat, and the UTF-16LE
// file PowerShell's `>` writes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { netstatWindows } from '../../src-main/core/import/hosts/netstat-windows';
import { corpus, corpusAvailable, countBy, parseWith } from './import-helpers';

const opts = { hostName: 'WIN-PAY01' };
const row = (o: { proto: string; bindAddress: string | null; port: number }) => `${o.proto} ${o.bindAddress}:${o.port}`;

// Hand-written in the layout of `netstat -aonb` (Windows 10), CRLF line ends as Windows writes them.
const SAMPLE = [
  '',
  'Active Connections',
  '',
  '  Proto  Local Address          Foreign Address        State           PID',
  '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1712',
  '  RpcSs',
  ' [svchost.exe]',
  '  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4',
  ' Can not obtain ownership information',
  '  TCP    10.0.0.5:3389          10.0.0.9:51234         ESTABLISHED     1100',
  '  TermService',
  ' [svchost.exe]',
  '  TCP    [::]:135               [::]:0                 LISTENING       1712',
  '  RpcSs',
  ' [svchost.exe]',
  '  UDP    0.0.0.0:53             *:*                                    4808',
  '  SharedAccess',
  ' [svchost.exe]',
  '  UDP    0.0.0.0:53             *:*                                    4808',
  '  SharedAccess',
  ' [svchost.exe]',
  '  UDP    [fe80::d586:c72e:e178:1147%11]:1900  *:*                                    8844',
  '  SSDPSRV',
  ' [svchost.exe]',
  '',
].join('\r\n');

const EXPECTED = [
  ['tcp 0.0.0.0:135', 'LISTENING', 'svchost.exe pid 1712 (RpcSs)'],
  ['tcp 0.0.0.0:445', 'LISTENING', 'pid 4'],
  ['tcp :::135', 'LISTENING', 'svchost.exe pid 1712 (RpcSs)'],
  ['udp 0.0.0.0:53', null, 'svchost.exe pid 4808 (SharedAccess)'],
  ['udp fe80::d586:c72e:e178:1147%11:1900', null, 'svchost.exe pid 8844 (SSDPSRV)'],
];

describe('netstat (Windows): layouts', () => {
  it('attaches -b owner lines to the socket above them, at any chunk size', () => {
    for (const piece of [1, 7, 4093]) {
      const r = parseWith(netstatWindows, SAMPLE, opts, piece);
      expect(r.observations.map((o) => [row(o), o.reason, o.process])).toEqual(EXPECTED);
      expect(r.meta).toMatchObject({ 'connections-skipped': '1', 'duplicate-sockets-merged': '1' });
      expect(r.notes).toEqual([]);
    }
  });

  it('reads a UTF-16LE file with a BOM (PowerShell `netstat -aonb > file`) like the UTF-8 one', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]);
    // Odd piece sizes split UTF-16 code units between pieces.
    for (const piece of [3, 4093]) {
      const r = parseWith(netstatWindows, utf16, opts, piece);
      expect(r.observations.map((o) => [row(o), o.reason, o.process])).toEqual(EXPECTED);
      expect(r.notes).toEqual([]);
    }
  });

  it('reads -an (no PID column): listeners without owners', () => {
    // Hand-written in the layout of `netstat -an`.
    const text =
      '\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State\r\n' +
      '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\r\n' +
      '  UDP    [::1]:1900             *:*                    \r\n';
    const r = parseWith(netstatWindows, text, opts);
    expect(r.observations.map((o) => [row(o), o.process])).toEqual([
      ['tcp 0.0.0.0:135', null],
      ['udp ::1:1900', null],
    ]);
  });

  it('notes an owner line with no socket above it and an unknown state', () => {
    const text =
      'Active Connections\n\n  Proto  Local Address          Foreign Address        State           PID\n' +
      ' [orphan.exe]\n' +
      '  TCP    0.0.0.0:8080           0.0.0.0:0              ABHÖREN         1\n';
    const r = parseWith(netstatWindows, text, opts);
    expect(r.observations).toEqual([]);
    expect(r.notes).toEqual([
      { line: 4, column: 1, what: 'unrecognised line: "[orphan.exe]"' },
      { line: 5, column: 1, what: expect.stringMatching(/^unknown TCP state "ABHÖREN" skipped/) },
    ]);
  });
});

describe.skipIf(!corpusAvailable)('netstat (Windows): corpus listings', () => {
  const parse = (file: string, piece = 4093) =>
    parseWith(netstatWindows, readFileSync(corpus(`hosts/${file}`)), opts, piece);

  it('jc--netstat-aonb.out: 51 TCP listeners, 125 UDP endpoints', () => {
    // tr -d '\r' | awk '$1=="TCP" && $4=="LISTENING"{print $2}' | sort -u | wc -l -> 51 (51 rows);
    // awk '$1=="UDP"{print $2}' | sort -u | wc -l -> 125 (204 rows: 79 repeats merged);
    // awk '$1=="TCP" && $4!="LISTENING"' | wc -l -> 63 connections.
    // Bind addresses (host part of the distinct endpoints): 0.0.0.0 20+33, [::] 13+10, 127.0.0.1 8+5,
    // [::1] 2+3, eight fe80::…%zone addresses with 3 UDP ports each.
    // Owners: awk over listener rows followed by "Can not obtain ownership information" -> 35 pid-only.
    const r = parse('jc--netstat-aonb.out', 7);
    expect(countBy(r.observations, (o) => o.proto)).toEqual({ tcp: 51, udp: 125 });
    expect(r.meta).toMatchObject({ 'connections-skipped': '63', 'duplicate-sockets-merged': '79' });
    const binds = countBy(r.observations, (o) => o.bindAddress);
    expect([binds['0.0.0.0'], binds['::'], binds['127.0.0.1'], binds['::1']]).toEqual([53, 23, 13, 5]);
    expect(
      r.observations.filter((o) => o.bindAddress?.startsWith('fe80::') && o.bindAddress.includes('%')),
    ).toHaveLength(24);
    expect(r.observations.filter((o) => /^pid \d+$/.test(o.process ?? ''))).toHaveLength(35);
    const by = (k: string) => r.observations.find((o) => row(o) === k)?.process;
    expect(by('tcp 0.0.0.0:135')).toBe('svchost.exe pid 1712 (RpcSs)');
    expect(by('tcp 0.0.0.0:443')).toBe('vmware-hostd.exe pid 9396');
    expect(by('tcp 0.0.0.0:445')).toBe('pid 4');
    expect(by('udp 0.0.0.0:53')).toBe('svchost.exe pid 4808 (SharedAccess)');
    expect(r.notes).toEqual([]);
  });

  it('2-jc--netstat-an.out: 48 TCP listeners, 101 UDP endpoints, no owners', () => {
    // tr -d '\r' | awk: TCP LISTENING 48 rows / 48 distinct; UDP 180 rows / 101 distinct; 32 connections.
    const r = parse('2-jc--netstat-an.out');
    expect(countBy(r.observations, (o) => o.proto)).toEqual({ tcp: 48, udp: 101 });
    expect(r.observations.every((o) => o.process === null)).toBe(true);
    expect(r.meta).toMatchObject({ 'connections-skipped': '32', 'duplicate-sockets-merged': '79' });
    expect(r.notes).toEqual([]);
  });

  it('2-jc--netstat.out (plain netstat): only connections, so no listeners', () => {
    // awk '$1=="TCP"' -> 32 rows, all ESTABLISHED.
    const r = parse('2-jc--netstat.out');
    expect(r.observations).toEqual([]);
    expect(r.hosts).toHaveLength(1);
    expect(r.meta['connections-skipped']).toBe('32');
  });
});
