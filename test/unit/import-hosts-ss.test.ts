// The ss parser: real listings from the corpus with counts derived by awk, small fixtures for the layouts
// the corpus lacks (no Netid column, IPv6 zones, several owners, sctp, resolved names).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ss } from '../../src-main/core/import/hosts/ss';
import { corpus, corpusAvailable, countBy, parseWith } from './import-helpers';

const opts = { hostName: 'web01' };
const row = (o: { proto: string; bindAddress: string | null; port: number }) => `${o.proto} ${o.bindAddress}:${o.port}`;

describe('ss: layouts', () => {
  it('reads `ss -tlpn` without a Netid column as TCP and says so in meta', () => {
    // Produced by `ss -tlpn` on the build container (Debian 12, iproute2 6.1), trimmed to three rows.
    const text = [
      'State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess                                ',
      'LISTEN 0      128          0.0.0.0:2024       0.0.0.0:*                                          ',
      'LISTEN 0      4096         0.0.0.0:199        0.0.0.0:*    users:(("snmpd",pid=2619,fd=7))       ',
      'LISTEN 0      1024       127.0.0.1:11211      0.0.0.0:*    users:(("memcached",pid=2610,fd=23))  ',
      '',
    ].join('\n');
    for (const piece of [7, 4093]) {
      const r = parseWith(ss, text, opts, piece);
      expect(r.observations.map((o) => [row(o), o.state, o.process])).toEqual([
        ['tcp 0.0.0.0:2024', 'listening', null],
        ['tcp 0.0.0.0:199', 'listening', 'snmpd pid 2619'],
        ['tcp 127.0.0.1:11211', 'listening', 'memcached pid 2610'],
      ]);
      expect(r.meta['proto-inferred']).toMatch(/^3 rows: no Netid column/);
      expect(r.hosts).toEqual([{ ip: null, hostNames: ['web01'], mac: null, status: 'up', seenAt: null }]);
      expect(r.observations.every((o) => o.hostIp === null && o.hostNames.join() === 'web01')).toBe(true);
      expect(r.notes).toEqual([]);
    }
  });

  it('reads `ss -ulpn` without a Netid column as UDP', () => {
    // Produced by `ss -ulpn` on the build container.
    const text =
      'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n' +
      'UNCONN 0      0          127.0.0.1:1161      0.0.0.0:*    users:(("snmpd",pid=2619,fd=6))\n';
    const r = parseWith(ss, text, opts, 5);
    expect(r.observations.map((o) => [row(o), o.reason, o.process])).toEqual([
      ['udp 127.0.0.1:1161', 'UNCONN', 'snmpd pid 2619'],
    ]);
    expect(r.meta['proto-inferred']).toMatch(/UNCONN rows as udp/);
  });

  it('handles IPv6, zones, wildcards, several owners, resolved names, mptcp and sctp', () => {
    // Hand-written from the shapes ss prints (iproute2 5.x/6.x); expected values read off the lines.
    const text = [
      'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process',
      'tcp   LISTEN 0      128    [::]:22            [::]:*            users:(("sshd",pid=812,fd=4))',
      'tcp   LISTEN 0      128    0.0.0.0:22         0.0.0.0:*         users:(("sshd",pid=812,fd=3))',
      'tcp   LISTEN 0      64     *:6556             *:*               users:(("xinetd",pid=9,fd=5)) v6only:0 <->',
      'udp   UNCONN 0      0      [fe80::1]%eth0:123 [::]:*            users:(("ntpd",pid=77,fd=24))',
      'udp   UNCONN 0      0      0.0.0.0%virbr0:67  0.0.0.0:*         users:(("dnsmasq",pid=2783,fd=3))',
      'udp   UNCONN 0      0      *:*                *:*',
      'tcp   ESTAB  0      0      10.0.0.5:22        10.0.0.9:51234    users:(("sshd",pid=900,fd=4))',
      'tcp   LISTEN 0      100    127.0.0.1:frobnicator 0.0.0.0:*',
      'u_str LISTEN 0      128    /run/x.sock 1234   * 0',
      'tcp   LISTEN 0      511    0.0.0.0:80         0.0.0.0:*         users:(("nginx",pid=10,fd=6),("nginx",pid=11,fd=6),("nginx",pid=10,fd=7))',
      '\t cubic wscale:7,7 rto:204',
      'tcp   LISTEN 0      128    127.0.0.1:ssh      0.0.0.0:*         users:(("sshd",1206,3))',
      'mptcp LISTEN 0      4096   0.0.0.0:8443       0.0.0.0:*',
      'sctp  LISTEN 0      128    10.0.0.1%eth0:9999 0.0.0.0:*         users:(("sctpd",pid=5,fd=3))',
      '      `- 10.0.0.2%eth0:9999',
      '',
    ].join('\n');
    const r = parseWith(ss, text, opts, 3);
    expect(r.observations.map((o) => [row(o), o.service, o.extraInfo, o.process])).toEqual([
      ['tcp :::22', null, null, 'sshd pid 812'],
      ['tcp 0.0.0.0:22', null, null, 'sshd pid 812'],
      ['tcp *:6556', null, null, 'xinetd pid 9'],
      ['udp fe80::1%eth0:123', null, null, 'ntpd pid 77'],
      ['udp 0.0.0.0%virbr0:67', null, null, 'dnsmasq pid 2783'],
      ['tcp 0.0.0.0:80', null, null, 'nginx pid 10, nginx pid 11'],
      ['tcp 127.0.0.1:22', 'ssh', null, 'sshd pid 1206'],
      ['tcp 0.0.0.0:8443', null, 'mptcp', null],
      ['sctp 10.0.0.1%eth0:9999', null, null, 'sctpd pid 5'],
      ['sctp 10.0.0.2%eth0:9999', null, null, 'sctpd pid 5'],
    ]);
    expect(r.observations.find((o) => o.service === 'ssh')?.method).toBe('table');
    expect(r.meta).toMatchObject({
      'connections-skipped': '1',
      'unix-sockets-skipped': '1',
      'unbound-sockets-skipped': '1',
      'unknown-service-names': '1',
      'detail-lines-skipped': '1',
    });
    expect(r.notes).toEqual([
      { line: 9, column: 1, what: expect.stringMatching(/^unknown service name "frobnicator"; listener skipped/) },
    ]);
  });

  it('one observation per (proto, bind address, port): a second socket merges its owner', () => {
    // Hand-written: two dhclient processes on udp 0.0.0.0:68, as in the Ubuntu corpus listing.
    const text =
      'Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port\n' +
      'udp UNCONN 0 0 0.0.0.0:68 0.0.0.0:* users:(("dhclient",pid=4852,fd=6))\n' +
      'udp UNCONN 0 0 0.0.0.0:68 0.0.0.0:* users:(("dhclient",pid=4738,fd=6))\n' +
      'tcp LISTEN 0 128 0.0.0.0:68 0.0.0.0:*\n';
    const r = parseWith(ss, text, opts);
    expect(r.observations.map((o) => [row(o), o.process])).toEqual([
      ['udp 0.0.0.0:68', 'dhclient pid 4852, dhclient pid 4738'],
      ['tcp 0.0.0.0:68', null],
    ]);
    expect(r.meta['duplicate-sockets-merged']).toBe('1');
  });

  it('notes lines before the header and a last line without a line break', () => {
    const text =
      '$ sudo ss -tlpn\nState Recv-Q Send-Q Local Address:Port Peer Address:Port\nLISTEN 0 128 0.0.0.0:22 0.0.0.0:*';
    const r = parseWith(ss, text, opts);
    expect(r.observations.map(row)).toEqual(['tcp 0.0.0.0:22']);
    expect(r.notes).toEqual([
      { line: 1, column: 1, what: 'line before the ss header: "$ sudo ss -tlpn"' },
      { line: 3, column: null, what: 'the file does not end with a line break: its last line may be cut' },
    ]);
  });
});

describe.skipIf(!corpusAvailable)('ss: corpus listings', () => {
  const parse = (file: string, piece = 4093) => parseWith(ss, readFileSync(corpus(`hosts/${file}`)), opts, piece);

  it('ss-tulpn-debian12.txt: 3 TCP + 1 UDP loopback listeners', () => {
    // awk 'NR>1 && ($2=="LISTEN" || $2=="UNCONN") {print $1, $5}' | sort -u -> 4 rows: tcp 127.0.0.1:{6380,8081,11212},
    // udp 127.0.0.1:11212 (memcached lists one pid with four fds: one owner).
    for (const piece of [7, 4093]) {
      const r = parse('ss-tulpn-debian12.txt', piece);
      expect(r.observations.map((o) => [row(o), o.process])).toEqual([
        ['udp 127.0.0.1:11212', 'memcached pid 22065'],
        ['tcp 127.0.0.1:6380', 'redis-server pid 22059'],
        ['tcp 127.0.0.1:8081', 'python3 pid 22070'],
        ['tcp 127.0.0.1:11212', 'memcached pid 22065'],
      ]);
      expect(r.notes).toEqual([]);
    }
  });

  it('jc--ss-sudo-tulpen.out: 72 listeners from 73 rows', () => {
    // awk 'NR>1' -> 73 rows: 58 tcp LISTEN + 15 udp UNCONN; `awk 'NR>1{print $1,$5}' | sort -u` -> 72
    // (udp 0.0.0.0:68 appears twice, one per dhclient). Distinct bind addresses from the same awk,
    // host part before the last ':' -> 0.0.0.0 59, 127.0.0.1 7, 127.0.0.53%lo 2, 192.168.122.1 2,
    // 0.0.0.0%virbr0 1, 192.168.178.5 1.
    const r = parse('jc--ss-sudo-tulpen.out', 7);
    expect(r.observations).toHaveLength(72);
    expect(countBy(r.observations, (o) => o.proto)).toEqual({ tcp: 58, udp: 14 });
    expect(countBy(r.observations, (o) => o.bindAddress)).toEqual({
      '0.0.0.0': 59,
      '127.0.0.1': 7,
      '127.0.0.53%lo': 2,
      '192.168.122.1': 2,
      '0.0.0.0%virbr0': 1,
      '192.168.178.5': 1,
    });
    expect(r.meta['duplicate-sockets-merged']).toBe('1');
    expect(r.observations.find((o) => row(o) === 'udp 0.0.0.0:68')?.process).toBe(
      'dhclient pid 4852, dhclient pid 4738',
    );
    // Line 37: apache lists seven pids on :80.
    expect(r.observations.find((o) => row(o) === 'tcp 0.0.0.0:80')?.process?.split(', ')).toHaveLength(7);
    // Line 2 has no users:(...) (a kernel socket, vxlan 4789).
    expect(r.observations.find((o) => row(o) === 'udp 0.0.0.0:4789')?.process).toBeNull();
    expect(r.notes).toEqual([]);
  });

  it('jc--ss-wide.out: 155 listeners, the Process column, IPv6 zones', () => {
    // awk 'NR>1{print $1,$5}' | sort -u | wc -l -> 155 (29 tcp LISTEN, 126 udp UNCONN; no repeats).
    // Host parts: 0.0.0.0 127, [::] 11, 127.0.0.1 4, 1.2.1.{31,32,43} 3 each, 1.2.1.214 1, [::1] 1, * 1,
    // [fe80::9cc5:aeff:fec5:34ae]%eth0 1.
    const r = parse('jc--ss-wide.out', 7);
    expect(countBy(r.observations, (o) => o.proto)).toEqual({ tcp: 29, udp: 126 });
    expect(countBy(r.observations, (o) => o.bindAddress)).toEqual({
      '0.0.0.0': 127,
      '::': 11,
      '127.0.0.1': 4,
      '1.2.1.31': 3,
      '1.2.1.32': 3,
      '1.2.1.43': 3,
      '1.2.1.214': 1,
      '::1': 1,
      '*': 1,
      'fe80::9cc5:aeff:fec5:34ae%eth0': 1,
    });
    expect(r.observations.find((o) => row(o) === 'tcp 0.0.0.0:111')?.process).toBe('rpcbind pid 895, systemd pid 1');
    expect(r.notes).toEqual([]);
  });

  it('jc--ss-sudo-a.out: 6 listeners among unix and netlink sockets', () => {
    // awk: tcp LISTEN 4, udp UNCONN with a port 2; `awk '$1 ~ /^u_/'` 110 unix; netids other than
    // u_*/tcp/udp (nl, p_raw, icmp6, v_str) 42. Names: domain x2, ssh x2, bootpc x1.
    const r = parse('jc--ss-sudo-a.out');
    expect(r.observations.map((o) => [row(o), o.service])).toEqual([
      ['udp 127.0.0.53%lo:53', 'domain'],
      ['udp 192.168.71.131%ens33:68', 'bootpc'],
      ['tcp 127.0.0.53%lo:53', 'domain'],
      ['tcp 0.0.0.0:22', 'ssh'],
      ['tcp 127.0.0.1:35485', null],
      ['tcp :::22', 'ssh'],
    ]);
    expect(r.meta).toMatchObject({
      'unix-sockets-skipped': '110',
      'other-sockets-skipped': '42',
      'connections-skipped': '0',
    });
    expect(r.notes).toEqual([]);
  });

  it('2-jc--ss-sudo-a.out: 7 listeners, 2 established connections skipped', () => {
    // awk: tcp LISTEN 4, udp UNCONN 3, tcp ESTAB 2; u_* 150; nl/p_raw/raw 44.
    const r = parse('2-jc--ss-sudo-a.out');
    expect(r.observations.map(row)).toEqual([
      'udp *:68',
      'udp 127.0.0.1:323',
      'udp ::1:323',
      'tcp 127.0.0.1:25',
      'tcp *:22',
      'tcp ::1:25',
      'tcp :::22',
    ]);
    expect(r.meta).toMatchObject({
      'unix-sockets-skipped': '150',
      'other-sockets-skipped': '44',
      'connections-skipped': '2',
    });
  });
});
