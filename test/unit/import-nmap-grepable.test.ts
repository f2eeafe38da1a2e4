// nmap grepable output (-oG): real local scans, the fields nmap can write on a Host line, detection
// against normal output (-oN), and broken input (cut files, other formats, junk).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src-main/core/import/formats';
import { nmapGrepableFormat } from '../../src-main/core/import/scans/nmap-grepable';
import type { Observation } from '../../src-main/core/model/observation';
import { corpus, corpusAvailable, countBy, parseError, parseWith } from './import-helpers';
import { NMAP_GREPABLE_MIXED, NMAP_GREPABLE_VERBOSE } from './import-scan-fixtures';

const row = (o: Observation) =>
  `${o.hostIp} ${o.proto}/${o.port} ${o.state} ${o.tunnel ? `${o.tunnel}/` : ''}${o.service ?? '-'} [${o.product ?? ''}] (${o.extraInfo ?? ''})`;

describe('nmap grepable: real nmap 7.93 scans of 127.0.0.1 (fixtures)', () => {
  it('-v scan: ports, ignored state as meta, the header and trailer as meta', () => {
    const r = parseWith(nmapGrepableFormat, NMAP_GREPABLE_VERBOSE, {}, 7);
    // grep -o '[0-9]*/open/tcp' grep-v.gnmap | wc -l -> 7; "Ignored State: closed (1024)".
    expect(r.observations.map(row)).toEqual([
      '127.0.0.1 tcp/199 open smux [Linux SNMP multiplexer] ()',
      '127.0.0.1 tcp/2121 open ftp [vsftpd 2.0.8 or later] ()',
      '127.0.0.1 tcp/2222 open ssh [OpenSSH 9.2p1 Debian 2+deb12u10] (protocol 2.0)',
      '127.0.0.1 tcp/4433 open ssl/http [OpenSSL s_server -www httpd] (command line: s_server -accept 127.0.0.1:4433 -cert c.pem -key k.pem -cipher ALL:@SECLEVEL=0 -www)',
      '127.0.0.1 tcp/6379 open redis [Redis key-value store 7.0.15] ()',
      '127.0.0.1 tcp/8000 open http [SimpleHTTPServer 0.6] (Python 3.11.7)',
      '127.0.0.1 tcp/11211 open memcached [Memcached 1.6.18] (uptime 507 seconds)',
    ]);
    expect(r.observations.every((o) => o.hostNames.join() === 'localhost' && o.seenAt === null)).toBe(true);
    // "Status: Up" and "Ports:" lines name the same host: reported once.
    expect(r.hosts).toEqual([{ ip: '127.0.0.1', hostNames: ['localhost'], mac: null, status: 'up', seenAt: null }]);
    expect(r.meta).toEqual({
      scanner: 'nmap',
      version: '7.93',
      startstr: 'Fri Nov 27 08:22:49 2026',
      args: 'nmap -v -sV -p 1-1024,2121,2222,2323,4433,6379,8000,11211 -oG grep-v.gnmap 127.0.0.1',
      portsScanned: 'TCP(1031;1-1024,2121,2222,2323,4433,6379,8000,11211) UDP(0;) SCTP(0;) PROTOCOLS(0;)',
      endstr: 'Fri Nov 27 08:23:21 2026',
      summary: '1 IP address (1 host up) scanned in 31.71 seconds',
      extraports: 'closed 1024',
    });
    expect(r.notes).toEqual([]);
    // "(protocol 2.0)" in the version field gives the SSH protocol fact, as in XML.
    expect(r.observations[2]?.facts.map((f) => `${f.key}=${f.value}`)).toEqual(['ssh.protocol=2']);
  });

  it('TCP and UDP, closed ports listed, SNMP community from service detection', () => {
    const r = parseWith(nmapGrepableFormat, NMAP_GREPABLE_MIXED, {}, 5);
    // grep -o '[0-9]*/[a-z|]*/[a-z]*/' grep-mixed.gnmap -> 5 entries: tcp open x2, tcp closed x1,
    // udp open x1, udp closed x1.
    expect(countBy(r.observations, (o) => `${o.proto} ${o.state}`)).toEqual({
      'tcp open': 2,
      'tcp closed': 1,
      'udp open': 1,
      'udp closed': 1,
    });
    const snmp = r.observations.find((o) => o.port === 1161);
    expect(snmp).toMatchObject({
      proto: 'udp',
      service: 'snmp',
      product: 'SNMPv1 server; net-snmp SNMPv3 server',
      extraInfo: 'public',
    });
    expect(snmp?.facts.map((f) => `${f.key}=${f.value}`)).toEqual([
      'snmp.version=1',
      'snmp.version=3',
      'snmp.community=public',
    ]);
    // A closed port with only a port-table name: "2323/closed/tcp//3d-nfsd///".
    expect(r.observations.find((o) => o.port === 2323)).toMatchObject({
      state: 'closed',
      service: '3d-nfsd',
      product: null,
    });
  });

  it('gives the same result whatever the piece size', () => {
    const whole = parseWith(nmapGrepableFormat, NMAP_GREPABLE_VERBOSE, {}, 1 << 20);
    for (const size of [1, 3, 64])
      expect(parseWith(nmapGrepableFormat, NMAP_GREPABLE_VERBOSE, {}, size)).toEqual(whole);
  });
});

/**
 * Hand-written to the layout of nmap's output.c (log_write(LOG_MACHINE, ...)): the fields a Host line
 * can carry (OS, Seq Index, IP ID Seq, Protocols, owner), a down host, a "?" guess, and a version text
 * containing ", " (synthetic) that must not be taken for the separator between ports.
 */
const FIELDS = [
  '# Nmap 7.94 scan initiated Tue Nov 14 22:13:20 2023 as: nmap -O -sV -oG out.gnmap 192.0.2.0/30',
  'Host: 192.0.2.1 (gw.example)\tStatus: Up',
  'Host: 192.0.2.1 (gw.example)\tPorts: 23/open/tcp//telnet//Cisco router telnetd/, 80/open/tcp//http?///, 443/filtered/tcp//https///, 8080/open/tcp/root/http//Foo httpd 1.0 (a, b)/\tIgnored State: closed (996)\tOS: Cisco IOS 12.X\tSeq Index: 260\tIP ID Seq: Randomized',
  'Host: 192.0.2.2 ()\tStatus: Down',
  'Host: 192.0.2.3 ()\tProtocols: 1/open/icmp/, 6/open/tcp/',
  'Host: 192.0.2.3 ()\tStatus: Up\tWeird: x',
  'something unexpected',
  '# Nmap done at Tue Nov 14 22:15:00 2023 -- 4 IP addresses (2 hosts up) scanned in 100.00 seconds',
  '',
].join('\n');

describe('nmap grepable: every field of a Host line (hand-written fixture)', () => {
  const r = parseWith(nmapGrepableFormat, FIELDS, {}, 11);

  it('ports, hosts up and down, a version with a comma kept whole', () => {
    expect(r.observations.map(row)).toEqual([
      '192.0.2.1 tcp/23 open telnet [Cisco router telnetd] ()',
      '192.0.2.1 tcp/80 open http [] ()',
      '192.0.2.1 tcp/443 filtered https [] ()',
      '192.0.2.1 tcp/8080 open http [Foo httpd 1.0] (a, b)',
    ]);
    expect(r.hosts.map((h) => `${h.ip} ${h.status} ${h.hostNames.join()}`)).toEqual([
      '192.0.2.1 up gw.example',
      '192.0.2.2 down ',
      '192.0.2.3 up ',
    ]);
    expect(r.meta.extraports).toBe('closed 996');
  });

  it('notes the owner, the protocol scan, unknown fields and lines; OS and sequence fields are ignored by design', () => {
    expect(r.notes).toEqual([
      { line: 3, column: null, what: 'skipped owner "root" of tcp/8080: ident user has no observation field' },
      { line: 5, column: null, what: 'skipped IP protocol scan results on 192.0.2.3: protocols are not ports' },
      { line: 6, column: null, what: 'unrecognised field "Weird: x"' },
      { line: 7, column: null, what: 'unrecognised line: "something unexpected"' },
    ]);
  });
});

describe('nmap grepable: detection', () => {
  // The first lines of the normal output (-oN) of the same local scan as the fixtures.
  const normal = [
    '# Nmap 7.93 scan initiated Fri Nov 27 08:14:34 2026 as: nmap -sV -Pn -p 2121,2222 -oN local-tcp.nmap 127.0.0.1',
    'Nmap scan report for localhost (127.0.0.1)',
    'Host is up (0.000025s latency).',
    '',
    'PORT      STATE SERVICE   VERSION',
    '2121/tcp  open  ftp       vsftpd 2.0.8 or later',
    '',
  ].join('\n');

  it('claims grepable output, not normal output', () => {
    expect(nmapGrepableFormat.detect(NMAP_GREPABLE_VERBOSE, 'scan.gnmap')).toBeGreaterThanOrEqual(0.9);
    expect(detectFormat(NMAP_GREPABLE_MIXED, 'x.txt')?.id).toBe('nmap-grepable');
    expect(nmapGrepableFormat.detect(normal, 'scan.nmap')).toBe(0);
    // A run with no host up: only the two comment lines; -oG in the command line says which output it is.
    const empty =
      '# Nmap 7.94 scan initiated Tue Nov 14 22:13:20 2023 as: nmap -oG - 192.0.2.9\n# Nmap done at Tue Nov 14 22:13:23 2023 -- 1 IP address (0 hosts up) scanned in 3.00 seconds\n';
    expect(nmapGrepableFormat.detect(empty, 'x')).toBe(0.6);
    expect(parseWith(nmapGrepableFormat, empty)).toMatchObject({ observations: [], hosts: [], notes: [] });
  });

  it.skipIf(!corpusAvailable)(
    'the corpus normal-output file (nmap-normal) is not claimed; normal output is not imported',
    () => {
      const text = readFileSync(corpus('scans/lab-validation--nmap_10.1.1.133_-p_22_-Pn.txt'), 'utf8');
      expect(nmapGrepableFormat.detect(text, 'nmap_10.1.1.133_-p_22_-Pn.txt')).toBe(0);
      expect(parseError(() => parseWith(nmapGrepableFormat, text)).message).toMatch(
        /^expected "# Nmap <version> scan initiated/,
      );
    },
  );
});

describe('nmap grepable: broken input', () => {
  it('a file cut before "# Nmap done" fails at its last line; a cut port entry fails where it is cut', () => {
    const lines = NMAP_GREPABLE_VERBOSE.split('\n');
    const withoutTrailer = lines.slice(0, 4).join('\n') + '\n';
    expect(parseError(() => parseWith(nmapGrepableFormat, withoutTrailer))).toMatchObject({
      message: 'expected a "# Nmap done at ..." line at the end; the scan was interrupted or the file is truncated',
      line: 4,
    });
    const cutInPort = NMAP_GREPABLE_VERBOSE.slice(0, NMAP_GREPABLE_VERBOSE.indexOf('2222/open/tcp') + 9);
    const err = parseError(() => parseWith(nmapGrepableFormat, cutInPort));
    expect(err.line).toBe(4);
    expect(err.column).toBe((lines[3] ?? '').indexOf('2222/open') + 1);
    expect(err.message).toMatch(
      /^expected a port entry "port\/state\/protocol\/owner\/service\/rpc\/version\/", found "2222\/open"/,
    );
  });

  it('cut at any point before the trailer line, it fails on the line where it ends', () => {
    const trailerAt = NMAP_GREPABLE_VERBOSE.indexOf('# Nmap done');
    for (const fraction of [0.02, 0.2, 0.45, 0.7, 0.99]) {
      const head = NMAP_GREPABLE_VERBOSE.slice(0, Math.floor(trailerAt * fraction));
      expect(parseError(() => parseWith(nmapGrepableFormat, head, {}, 7)).line, `cut at ${head.length}`).toBe(
        head.replace(/\n$/, '').split('\n').length,
      );
    }
  });

  it('refuses other formats, junk and an empty file', () => {
    expect(
      parseError(() => parseWith(nmapGrepableFormat, '<?xml version="1.0"?>\n<nmaprun scanner="nmap"/>\n')),
    ).toMatchObject({ line: 1 });
    expect(parseError(() => parseWith(nmapGrepableFormat, Buffer.from([0x23, 0x20, 0x00, 0x01]))).message).toMatch(
      /binary data/,
    );
    expect(parseError(() => parseWith(nmapGrepableFormat, '')).message).toMatch(/the file is empty/);
    const badIp = `${NMAP_GREPABLE_MIXED.split('\n')[0]}\nHost: 999.1.1.1 ()\tStatus: Up\n`;
    expect(parseError(() => parseWith(nmapGrepableFormat, badIp))).toMatchObject({
      line: 2,
      message: 'expected an IP address after "Host: ", found "999.1.1.1"',
    });
  });
});
