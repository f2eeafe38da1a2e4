// Drift on real scans from the corpus: ndiff's own pair of scans of one network a day apart, a pair whose
// script output makes Debian's ndiff crash (python-libnmap's nmap 5 and nmap 6 scans of one network), and
// two different scans of one host (ports only, then versions, scripts and UDP).
import { describe, expect, it } from 'vitest';
import { brief, counts, drift, engagementWith } from './drift-helpers';
import { corpus, corpusAvailable } from './import-helpers';

describe.skipIf(!corpusAvailable)('drift on real scans (corpus)', () => {
  it('ndiff’s own pair of random scans a day apart', async () => {
    const store = await engagementWith([
      corpus('scans/nmap-ndiff-random-1.xml'),
      corpus('scans/nmap-ndiff-random-2.xml'),
    ]);
    const page = drift(store, { from: 1, to: 2 });
    expect(counts(page)).toEqual({
      opened: [1, 1, 0],
      'new-host': [31, 14, 8],
      closed: [1, 1, 0],
      'host-gone': [15, 8, 3],
      'service-changed': [0, 0, 0],
      'scripts-changed': [0, 0, 0],
    });
    const rows = page.rows.map(brief);
    expect(rows).toContainEqual({
      kind: 'opened',
      at: '10.210.134.64 50001/tcp',
      states: '- -> open',
      insecure: false,
      rules: ['', ''],
    });
    expect(rows).toContainEqual({
      kind: 'closed',
      at: '10.253.52.142 4567/tcp',
      states: 'open -> -',
      insecure: false,
      rules: ['', ''],
    });
    expect(rows).toContainEqual({
      kind: 'new-host',
      at: '10.237.241.129 23/tcp',
      states: '- -> open',
      insecure: true,
      rules: ['', 'telnet'],
    });
    // Up in the second scan with every port filtered or closed: one row for the host.
    expect(rows).toContainEqual({
      kind: 'new-host',
      at: '10.121.45.17',
      states: '- -> -',
      insecure: false,
      rules: ['', ''],
    });
  });

  it('python-libnmap’s scans of one network by nmap 5 and 6, whose script output makes ndiff crash', async () => {
    const store = await engagementWith([
      corpus('scans/python-libnmap--full_sudo5.xml'),
      corpus('scans/python-libnmap--full_sudo6.xml'),
    ]);
    const page = drift(store, { from: 1, to: 2 });
    expect(counts(page)).toEqual({
      opened: [3, 1, 2],
      'new-host': [1, 1, 0],
      closed: [0, 0, 0],
      'host-gone': [3, 1, 2],
      'service-changed': [4, 1, 4],
      'scripts-changed': [7, 2, 7],
    });
    const scripts = page.rows.filter((r) => r.kind === 'scripts-changed' && r.host === '192.168.1.5');
    expect(scripts.map((r) => [r.port, r.content?.scripts])).toEqual([
      [2869, { added: ['http-methods', 'http-title'], removed: ['html-title'], changed: [] }],
      [5357, { added: ['http-methods', 'http-title'], removed: ['html-title'], changed: [] }],
    ]);
    const https = page.rows.find((r) => r.kind === 'scripts-changed' && r.port === 443)!;
    expect(https.content?.scripts).toEqual({
      added: ['http-methods', 'http-title', 'ssl-cert', 'ssl-date', 'ssl-known-key'],
      removed: [],
      changed: ['sslv2'],
    });
    expect(https.rulesAfter).toEqual(['tls-deprecated-protocols', 'tls-weak-ciphers']);
    expect(page.rows.filter((r) => r.kind === 'opened').map((r) => [brief(r).at, r.after?.service])).toEqual([
      ['192.168.1.3 88/tcp', 'kerberos-sec'],
      ['192.168.1.3 3389/tcp', 'ms-wbt-server'],
      ['192.168.1.3 5900/tcp', 'vnc'],
    ]);
  });

  it('two different scans of one host: ports only, then versions, scripts and UDP', async () => {
    const store = await engagementWith([corpus('scans/nmap-ndiff-single.xml'), corpus('scans/nmap-ndiff-complex.xml')]);
    const page = drift(store, { from: 1, to: 2 });
    expect(
      page.rows.map((r) => [r.kind, `${r.port}/${r.proto}`, r.fields.map((f) => `${f.field}=${f.after}`)]),
    ).toEqual([
      ['service-changed', '22/tcp', ['product=OpenSSH', 'version=4.3']],
      ['scripts-changed', '22/tcp', []],
      ['service-changed', '53/tcp', ['product=ISC BIND', 'version=9.3.4']],
      ['service-changed', '80/tcp', ['product=Apache httpd', 'version=2.2.2']],
      ['scripts-changed', '80/tcp', []],
      ['opened', '53/udp', []],
    ]);
    expect(page.rows[1]!.content?.facts.added).toEqual(['ssh.protocol=2']);
    expect(page.rows[4]!.content?.facts.added).toEqual(['http.title=Go ahead and ScanMe!']);
  });
});
