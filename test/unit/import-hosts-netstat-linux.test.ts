// The Linux (net-tools) netstat parser: corpus listings with counts derived by awk, fixtures for the
// -o timer column, resolved names and the 23-column address cut.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { netstatLinux } from '../../src-main/core/import/hosts/netstat-linux';
import { corpus, corpusAvailable, countBy, parseWith } from './import-helpers';

const opts = { hostName: 'db01' };
const row = (o: { proto: string; bindAddress: string | null; port: number }) => `${o.proto} ${o.bindAddress}:${o.port}`;

describe('netstat (Linux): layouts', () => {
  it('reads the -o Timer column without taking it into the program name', () => {
    // Produced by `netstat -tulpno` on the build container (Debian 12, net-tools 2.10), trimmed.
    const text = [
      'Active Internet connections (only servers)',
      'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name     Timer',
      'tcp        0      0 0.0.0.0:2024            0.0.0.0:*               LISTEN      -                    off (0.00/0/0)',
      'tcp        0      0 0.0.0.0:199             0.0.0.0:*               LISTEN      2619/snmpd           off (0.00/0/0)',
      '',
    ].join('\n');
    for (const piece of [7, 4093]) {
      const r = parseWith(netstatLinux, text, opts, piece);
      expect(r.observations.map((o) => [row(o), o.reason, o.process])).toEqual([
        ['tcp 0.0.0.0:2024', 'LISTEN', null],
        ['tcp 0.0.0.0:199', 'LISTEN', 'snmpd pid 2619'],
      ]);
      expect(r.notes).toEqual([]);
    }
  });

  it('maps resolved names (netstat without -n) and keeps host names as printed', () => {
    // First three rows produced by `netstat -tulp` on the build container; the last three hand-written
    // in the same layout (an IPv6 wildcard, a connected UDP socket, a name not in the table).
    const text = [
      'Active Internet connections (only servers)',
      'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    ',
      'tcp        0      0 0.0.0.0:2024            0.0.0.0:*               LISTEN      -                   ',
      'tcp        0      0 0.0.0.0:smux            0.0.0.0:*               LISTEN      2619/snmpd          ',
      'tcp        0      0 localhost:46429         0.0.0.0:*               LISTEN      25200/node          ',
      'tcp6       0      0 [::]:ssh                [::]:*                  LISTEN      812/sshd: /usr/sbin ',
      'udp        0      0 10.0.0.5:ntp            10.0.0.1:ntp            ESTABLISHED 77/ntpd             ',
      'udp        0      0 0.0.0.0:frobnicator     0.0.0.0:*                           88/frob             ',
      '',
    ].join('\n');
    const r = parseWith(netstatLinux, text, opts, 11);
    expect(r.observations.map((o) => [row(o), o.service, o.extraInfo, o.process])).toEqual([
      ['tcp 0.0.0.0:2024', null, null, null],
      ['tcp 0.0.0.0:199', 'smux', null, 'snmpd pid 2619'],
      ['tcp localhost:46429', null, null, 'node pid 25200'],
      ['tcp :::22', 'ssh', 'tcp6', 'sshd: /usr/sbin pid 812'],
    ]);
    expect(r.meta).toMatchObject({ 'connections-skipped': '1', 'unknown-service-names': '1' });
    expect(r.notes).toEqual([
      { line: 8, column: 1, what: expect.stringMatching(/^unknown service name "frobnicator"/) },
    ]);
  });

  it('notes a local address that fills the 23-character column (its host part may be cut)', () => {
    // Hand-written: net-tools cuts the host part of "2001:db8:aaaa:bbbb::10:8443" to fit 23 columns.
    const text =
      'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\n' +
      'tcp6       0      0 2001:db8:aaaa:bbbb:8443 :::*                    LISTEN      900/java\n';
    const r = parseWith(netstatLinux, text, opts);
    expect(r.observations.map(row)).toEqual(['tcp 2001:db8:aaaa:bbbb:8443']);
    expect(r.notes).toEqual([
      { line: 2, column: 21, what: expect.stringMatching(/fills netstat's column and its host part may be cut/) },
    ]);
  });
});

describe.skipIf(!corpusAvailable)('netstat (Linux): corpus listings', () => {
  const parse = (file: string, piece = 4093) =>
    parseWith(netstatLinux, readFileSync(corpus(`hosts/${file}`)), opts, piece);

  // Each expectation below was derived from the file with awk, independently of the parser:
  //   listeners   awk '($1 ~ /^tcp6?$/ && $6=="LISTEN") || ($1 ~ /^udp6?$/ && $6!="ESTABLISHED") {print $1,$4}' | sort -u | wc -l
  //   tcp         awk '$1 ~ /^tcp6?$/ && $6=="LISTEN" {print $1,$4}' | sort -u | wc -l
  //   connections awk '$1 ~ /^(tcp|udp)6?$/ && $6=="ESTABLISHED"' | wc -l
  //   unix        grep -c '^unix';  raw   grep -c '^raw'
  it.each([
    ['netstat-tulpn-debian12.txt', 4, 3, 0, 0, 0],
    ['jc--netstat-sudo-lnp.out', 7, 4, 0, 33, 1],
    ['2-jc--netstat-sudo-lnp.out', 6, 4, 0, 21, 1],
    ['jc--netstat-sudo-lnp-space.out', 22, 15, 0, 21, 1],
    ['jc--netstat-sudo-aeep.out', 7, 4, 2, 150, 1],
    ['2-jc--netstat-sudo-aeep.out', 6, 4, 2, 113, 1],
    ['jc--netstat-l.out', 7, 4, 0, 33, 1],
    ['jc--netstat.out', 0, 0, 2, 129, 0],
    ['jc--netstat-old.out', 2, 1, 0, 8, 0],
    ['jc--netstat-no-state.out', 4, 0, 0, 0, 0],
  ] as const)(
    '%s: %i listeners (%i tcp), %i connections, %i unix, %i raw',
    (file, listeners, tcp, conns, unix, raw) => {
      const r = parse(file, 7);
      expect(r.observations).toHaveLength(listeners);
      expect(r.observations.filter((o) => o.proto === 'tcp')).toHaveLength(tcp);
      expect(r.meta).toMatchObject({
        listeners: String(listeners),
        'connections-skipped': String(conns),
        'unix-sockets-skipped': String(unix),
        'other-sockets-skipped': String(raw),
      });
      expect(r.observations.every((o) => o.state === 'listening' && o.hostNames.join() === 'db01')).toBe(true);
      expect(r.notes).toEqual([]);
    },
  );

  it('netstat-tulpn-debian12.txt matches its ss twin (ss-tulpn-debian12.txt) listener for listener', () => {
    const fromNetstat = parse('netstat-tulpn-debian12.txt').observations.map((o) => `${row(o)} ${o.process}`);
    expect(fromNetstat.sort()).toEqual([
      'tcp 127.0.0.1:11212 memcached pid 22065',
      'tcp 127.0.0.1:6380 redis-server pid 22059',
      'tcp 127.0.0.1:8081 python3 pid 22070',
      'udp 127.0.0.1:11212 memcached pid 22065',
    ]);
  });

  it('jc--netstat-sudo-lnp-space.out: program names with spaces, two owners merged', () => {
    // 25 listening rows, 22 distinct (awk above): tcp 0.0.0.0:22 and tcp6 :::22 appear twice (pids 600
    // and 1127), udp 0.0.0.0:9694 twice (pids 1205, 1203).
    const r = parse('jc--netstat-sudo-lnp-space.out');
    expect(r.meta['duplicate-sockets-merged']).toBe('3');
    expect(r.observations.find((o) => row(o) === 'tcp 0.0.0.0:22')?.process).toBe(
      'sshd: /usr/sbin pid 600, sshd pid 1127',
    );
    expect(r.observations.find((o) => row(o) === 'tcp 0.0.0.0:9000')?.process).toBe('pgpool: watchd pid 1187');
    expect(r.observations.find((o) => row(o) === 'udp 0.0.0.0:9694')?.process).toBe(
      'pgpool: heartb pid 1205, pgpool: heartb pid 1203',
    );
  });

  it('jc--netstat-sudo-aeep.out: User/Inode columns skipped, resolved names mapped', () => {
    // The seven listening rows, read off the file: localhost:smtp (tcp, tcp6), 0.0.0.0:ssh, [::]:ssh,
    // 0.0.0.0:bootpc, localhost:323 (udp, udp6).
    const r = parse('jc--netstat-sudo-aeep.out');
    expect(r.observations.map((o) => [row(o), o.extraInfo, o.service, o.process])).toEqual([
      ['tcp localhost:25', null, 'smtp', 'master pid 1489'],
      ['tcp 0.0.0.0:22', null, 'ssh', 'sshd pid 1215'],
      ['tcp localhost:25', 'tcp6', 'smtp', 'master pid 1489'],
      ['tcp :::22', 'tcp6', 'ssh', 'sshd pid 1215'],
      ['udp 0.0.0.0:68', null, 'bootpc', 'dhclient pid 1029'],
      ['udp localhost:323', null, null, 'chronyd pid 795'],
      ['udp localhost:323', 'udp6', null, 'chronyd pid 795'],
    ]);
    expect(countBy(r.observations, (o) => o.reason)).toEqual({ LISTEN: 4, '(null)': 3 });
  });

  it('jc--netstat.out: the Bluetooth section is counted, not read', () => {
    // The file ends with "Active Bluetooth connections (w/o servers)" and two header lines.
    expect(parse('jc--netstat.out').meta['other-section-lines-skipped']).toBe('2');
  });
});
