// The BSD / macOS netstat parser: "address.port" endpoints, tcp4/tcp6/tcp46 families, -A's leading
// columns, and addresses cut at the column width.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { netstatBsd } from '../../src-main/core/import/hosts/netstat-bsd';
import { corpus, corpusAvailable, countBy, parseWith } from './import-helpers';

const opts = { hostName: 'fw-mgmt' };
const row = (o: { proto: string; bindAddress: string | null; port: number }) => `${o.proto} ${o.bindAddress}:${o.port}`;

describe('netstat (BSD): layouts', () => {
  it('reads families, dotted ports, resolved names, sctp, and skips connected UDP and icmp', () => {
    // Hand-written in the layout of FreeBSD 12 `netstat -an` (resolved names as without -n).
    const text = [
      'Active Internet connections (including servers)',
      'Proto Recv-Q Send-Q Local Address          Foreign Address        (state)    ',
      'tcp46      0      0 *.80                   *.*                    LISTEN     ',
      'tcp4       0      0 *.ssh                  *.*                    LISTEN     ',
      'tcp6       0      0 ::1.25                 *.*                    LISTEN     ',
      'udp6       0      0 fe80::1%lo0.123        *.*                    ',
      'udp4       0      0 10.0.0.5.53            10.0.0.1.53            ',
      'sctp4      0      0 *.9999                 *.*                    LISTEN',
      'icm6       0      0 *.*                    *.*                    ',
      'tcp4       0      0 10.0.0.5.22            10.0.0.9.51234         ESTABLISHED',
      '',
    ].join('\n');
    for (const piece of [7, 4093]) {
      const r = parseWith(netstatBsd, text, opts, piece);
      expect(r.observations.map((o) => [row(o), o.extraInfo, o.service])).toEqual([
        ['tcp *:80', 'tcp46', null],
        ['tcp 0.0.0.0:22', 'tcp4', 'ssh'],
        ['tcp ::1:25', 'tcp6', null],
        ['udp fe80::1%lo0:123', 'udp6', null],
        ['sctp 0.0.0.0:9999', 'sctp4', null],
      ]);
      expect(r.meta).toMatchObject({ 'connections-skipped': '2', 'other-sockets-skipped': '1' });
      expect(r.notes).toEqual([]);
    }
  });

  it('skips a listener whose address fills the column: the port may be cut', () => {
    // Hand-written, macOS -an layout (18-character address column): "192.168.100.221.50" may be
    // 192.168.100.221 port 50xxx.
    const text =
      'Active Internet connections (including servers)\n' +
      'Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)    \n' +
      'udp4       0      0  192.168.100.221.50     *.*                               \n';
    const wide = text.replace('Local Address          Foreign', 'Local Address      Foreign');
    const r = parseWith(netstatBsd, wide, opts);
    expect(r.observations).toEqual([]);
    expect(r.notes).toEqual([
      { line: 3, column: 22, what: expect.stringMatching(/fills netstat's 18-character column and may be cut/) },
    ]);
    // The same row under a 22-character column is whole.
    expect(parseWith(netstatBsd, text, opts).observations.map(row)).toEqual(['udp 192.168.100.221:50']);
  });
});

describe.skipIf(!corpusAvailable)('netstat (BSD): corpus listings', () => {
  const parse = (file: string, piece = 4093) =>
    parseWith(netstatBsd, readFileSync(corpus(`hosts/${file}`)), opts, piece);

  it.each(['jc--netstat-an.out', 'jc--netstat-AanP.out'])('%s (FreeBSD 12): 3 TCP listeners, 2 UDP', (file) => {
    // Read off the file: tcp4 127.0.0.1.25, tcp4 *.22, tcp6 *.22 LISTEN; udp4 *.514, udp6 *.514; one
    // ESTABLISHED; 14 lines under the UNIX-domain header. -AanP adds Tcpcb before and Log ID after.
    const r = parse(file, 7);
    expect(r.observations.map((o) => [row(o), o.extraInfo])).toEqual([
      ['tcp 127.0.0.1:25', 'tcp4'],
      ['tcp 0.0.0.0:22', 'tcp4'],
      ['tcp :::22', 'tcp6'],
      ['udp 0.0.0.0:514', 'udp4'],
      ['udp :::514', 'udp6'],
    ]);
    expect(r.meta).toMatchObject({ 'connections-skipped': '1', 'unix-sockets-skipped': '14' });
    expect(r.notes).toEqual([]);
  });

  it('jc--netstat-An.out (macOS): 37 UDP endpoints, no TCP listener, one cut address', () => {
    // awk '$3 ~ /^udp/ && $7=="*.*" && $6 !~ /\.\*$/' -> 45 bound UDP rows; one (192.168.1.221.5063, line 67)
    // is 18 characters, the column width, so it is noted and skipped; `sort -u` of the other 44 -> 37
    // (udp4 28, udp46 2, udp6 7; 7 repeats). Addresses: * 35, 127.0.0.1 2. `grep -c LISTEN` -> 0.
    // Unbound ($6 ~ /\.\*$/) 43; tcp rows not LISTEN 49; icm4 1; 400 lines in the LOCAL (UNIX) section;
    // 141 lines in the kernel sections. Note column: awk 'NR==67{print index($0,"192.168")}' -> 48.
    const r = parse('jc--netstat-An.out', 7);
    expect(r.observations).toHaveLength(37);
    expect(countBy(r.observations, (o) => o.extraInfo)).toEqual({ udp4: 28, udp46: 2, udp6: 7 });
    expect(countBy(r.observations, (o) => o.bindAddress)).toEqual({ '0.0.0.0': 26, '*': 2, '::': 7, '127.0.0.1': 2 });
    expect(r.meta).toMatchObject({
      'duplicate-sockets-merged': '7',
      'unbound-sockets-skipped': '43',
      'connections-skipped': '49',
      'other-sockets-skipped': '1',
      'unix-sockets-skipped': '400',
      'other-section-lines-skipped': '141',
    });
    expect(r.notes).toEqual([
      { line: 67, column: 48, what: expect.stringMatching(/^local address "192.168.1.221.5063" fills/) },
    ]);
  });
});
