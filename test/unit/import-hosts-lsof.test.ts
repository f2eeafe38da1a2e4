// The lsof parser: listening TCP and bound UDP sockets from the IPv4/IPv6 rows; everything else counted.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lsof } from '../../src-main/core/import/hosts/lsof';
import { corpus, corpusAvailable, parseWith } from './import-helpers';

const opts = { hostName: 'app02' };
const row = (o: { proto: string; bindAddress: string | null; port: number }) => `${o.proto} ${o.bindAddress}:${o.port}`;

describe('lsof: layouts', () => {
  it('reads `lsof -i -P -n`', () => {
    // First four rows produced by `lsof -i -P -n` on the build container (Debian 12, lsof 4.95); the last
    // three hand-written in the same layout (IPv6, a connection, a blank in the command name).
    const text = [
      'COMMAND     PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME',
      'sshd       2606 root    3u  IPv4  96462      0t0  TCP 127.0.0.1:2222 (LISTEN)',
      'snmpd      2619 root    6u  IPv4  95674      0t0  UDP 127.0.0.1:1161 ',
      'snmpd      2619 root    7u  IPv4  95675      0t0  TCP *:199 (LISTEN)',
      'vsftpd     2612 root    3u  IPv4  96464      0t0  TCP 127.0.0.1:2121 (LISTEN)',
      'sshd        812 root    4u  IPv6  21607      0t0  TCP *:22 (LISTEN)',
      'sshd        900 root    4u  IPv4  63129      0t0  TCP 10.0.0.5:22->10.0.0.9:51234 (ESTABLISHED)',
      'Web\\x20Con 4100 user   40u  IPv6  70001      0t0  UDP [::1]:5353',
      '',
    ].join('\n');
    for (const piece of [7, 4093]) {
      const r = parseWith(lsof, text, opts, piece);
      expect(r.observations.map((o) => [row(o), o.reason, o.extraInfo, o.process])).toEqual([
        ['tcp 127.0.0.1:2222', 'LISTEN', 'IPv4', 'sshd pid 2606'],
        ['udp 127.0.0.1:1161', null, 'IPv4', 'snmpd pid 2619'],
        ['tcp 0.0.0.0:199', 'LISTEN', 'IPv4', 'snmpd pid 2619'],
        ['tcp 127.0.0.1:2121', 'LISTEN', 'IPv4', 'vsftpd pid 2612'],
        ['tcp :::22', 'LISTEN', 'IPv6', 'sshd pid 812'],
        ['udp ::1:5353', null, 'IPv6', 'Web Con pid 4100'],
      ]);
      expect(r.meta['connections-skipped']).toBe('1');
      expect(r.notes).toEqual([]);
    }
  });
});

describe.skipIf(!corpusAvailable)('lsof: corpus listing', () => {
  it('jc--lsof-sudo.out (plain `sudo lsof`): 4 TCP listeners and 3 UDP sockets among 3389 open files', () => {
    // grep -E ' (IPv4|IPv6) ' -> 9 rows: TCP *:ssh (LISTEN) x2 (IPv4, IPv6), localhost:smtp (LISTEN) x2,
    // UDP *:bootpc, UDP localhost:323 x2 (IPv4, IPv6), and 2 rows with "->" (one ssh connection seen
    // from both ends). awk '$5=="unix" || $6=="unix"' -> 322. The rest: 3390 lines - header - 9 - 322 = 3058.
    const r = parseWith(lsof, readFileSync(corpus('hosts/jc--lsof-sudo.out')), opts, 7);
    expect(r.observations.map((o) => [row(o), o.extraInfo, o.process])).toEqual([
      ['udp localhost:323', 'IPv4', 'chronyd pid 795'],
      ['udp localhost:323', 'IPv6', 'chronyd pid 795'],
      ['tcp 0.0.0.0:22', 'IPv4', 'sshd pid 1206'],
      ['tcp :::22', 'IPv6', 'sshd pid 1206'],
      ['tcp localhost:25', 'IPv4', 'master pid 1469'],
      ['tcp localhost:25', 'IPv6', 'master pid 1469'],
      ['udp 0.0.0.0:68', 'IPv4', 'dhclient pid 1939'],
    ]);
    expect(r.meta).toMatchObject({
      'connections-skipped': '2',
      'unix-sockets-skipped': '322',
      'other-files-skipped': '3058',
    });
    expect(r.notes).toEqual([]);
  });
});
