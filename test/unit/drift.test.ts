// Drift between two generated nmap scans of one network, where every change is known: each kind of
// drift, NSE output and the facts derived from it (TLS versions, anonymous FTP, SMB dialects from a host
// script), filters and paging, the standard deciding what is insecure, errors that name the import,
// and a host listing compared with a scan.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DriftCompareRequest, TimelineRequest } from '../../src-main/api/contract-drift';
import { edit } from '../../src-main/api/standard';
import { importFile } from '../../src-main/core/import/run-import';
import { contentChanges } from '../../src-main/core/reconcile/drift-changes';
import { START_A, START_B, weekOne, weekTwo } from './drift-fixtures';
import { brief, counts, ctx, drift, engagementWith, scanFile } from './drift-helpers';
import { newEngagement, tempDir } from './helpers';

describe('drift between two generated scans of the same network', () => {
  it('reports every kind of change, with the exact rows', async () => {
    const store = await engagementWith([
      scanFile(weekOne(), START_A, 'week1.xml'),
      scanFile(weekTwo(), START_B, 'week2.xml'),
    ]);
    const page = drift(store, { from: 1, to: 2 });
    expect(page.from).toMatchObject({ importId: 1, fileName: 'week1.xml', startedAt: '2025-10-20T08:00:00.000Z' });
    expect(page.to).toMatchObject({ importId: 2, fileName: 'week2.xml', startedAt: '2025-10-27T08:00:00.000Z' });
    expect(page.rows.map(brief)).toEqual([
      { kind: 'opened', at: '192.0.2.10 23/tcp', states: '- -> open', insecure: true, rules: ['', 'telnet'] },
      {
        kind: 'closed',
        at: '192.0.2.10 80/tcp',
        states: 'open -> closed',
        insecure: true,
        rules: ['http-cleartext', ''],
      },
      {
        kind: 'scripts-changed',
        at: '192.0.2.10 443/tcp',
        states: 'open -> open',
        insecure: false,
        rules: ['tls-deprecated-protocols,tls-weak-ciphers', ''],
      },
      {
        kind: 'service-changed',
        at: '192.0.2.11 21/tcp',
        states: 'open -> open',
        insecure: true,
        rules: ['ftp', 'ftp,ftp-anonymous'],
      },
      {
        kind: 'scripts-changed',
        at: '192.0.2.11 21/tcp',
        states: 'open -> open',
        insecure: true,
        rules: ['ftp', 'ftp,ftp-anonymous'],
      },
      {
        kind: 'closed',
        at: '192.0.2.11 3306/tcp',
        states: 'open -> -',
        insecure: true,
        rules: ['database-cleartext', ''],
      },
      {
        kind: 'host-gone',
        at: '192.0.2.12 25/tcp',
        states: 'open -> -',
        insecure: true,
        rules: ['mail-cleartext', ''],
      },
      { kind: 'host-gone', at: '192.0.2.13', states: '- -> -', insecure: false, rules: ['', ''] },
      {
        kind: 'opened',
        at: '192.0.2.14 3389/tcp',
        states: 'filtered -> open',
        insecure: true,
        rules: ['', 'rdp-legacy'],
      },
      {
        kind: 'service-changed',
        at: '192.0.2.15 8443/tcp',
        states: 'open -> open',
        insecure: true,
        rules: ['', 'http-cleartext'],
      },
      // Down in the first scan: not covered by it, so new rather than opened.
      { kind: 'new-host', at: '192.0.2.16 22/tcp', states: '- -> open', insecure: false, rules: ['', ''] },
      {
        kind: 'scripts-changed',
        at: '192.0.2.17 445/tcp',
        states: 'open -> open',
        insecure: false,
        rules: ['smb-v1', ''],
      },
      { kind: 'new-host', at: '192.0.2.20 161/udp', states: '- -> open', insecure: true, rules: ['', 'snmp-v1-v2c'] },
      { kind: 'new-host', at: '192.0.2.21', states: '- -> -', insecure: false, rules: ['', ''] },
    ]);
    const at = (kind: string, where: string) => page.rows.find((r) => r.kind === kind && brief(r).at === where)!;
    // TLS: 1.0 withdrawn and 1.3 offered, from ssl-enum-ciphers; the ssl-date clock changed too but is no change.
    expect(at('scripts-changed', '192.0.2.10 443/tcp').content).toEqual({
      scripts: { added: [], removed: [], changed: ['ssl-enum-ciphers'] },
      facts: {
        added: ['tls.cipher=TLS_AKE_WITH_AES_256_GCM_SHA384'],
        removed: ['tls.cipher.weak=TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'tls.cipher=TLS_RSA_WITH_3DES_EDE_CBC_SHA'],
      },
      tls: { offered: ['TLSv1.3'], withdrawn: ['TLSv1.0'] },
    });
    expect(at('service-changed', '192.0.2.11 21/tcp').fields).toEqual([
      { field: 'version', before: '3.0.3', after: '3.0.5' },
    ]);
    expect(at('scripts-changed', '192.0.2.11 21/tcp').content).toEqual({
      scripts: { added: ['ftp-anon'], removed: [], changed: [] },
      facts: { added: ['ftp.anonymous=true'], removed: [] },
      tls: { offered: [], withdrawn: [] },
    });
    expect(at('service-changed', '192.0.2.15 8443/tcp').fields).toEqual([
      { field: 'service', before: 'https-alt', after: 'http' },
      { field: 'tunnel', before: 'ssl', after: null },
    ]);
    // A host script (smb-protocols) attached to 445: SMBv1 withdrawn.
    expect(at('scripts-changed', '192.0.2.17 445/tcp').content?.facts).toEqual({
      added: ['smb.dialect=3.1.1'],
      removed: ['smb.dialect=NT LM 0.12'],
    });
    expect(at('opened', '192.0.2.10 23/tcp')).toMatchObject({
      hostNames: ['pos-01.cde.example'],
      before: null,
      after: { state: 'open', service: 'telnet', product: 'Linux telnetd', version: null, tunnel: null },
    });
    expect(page.rules).toContainEqual({ ruleId: 'telnet', title: 'Telnet' });
    expect(counts(page)).toEqual({
      opened: [2, 2, 2],
      'new-host': [3, 3, 1],
      closed: [2, 2, 2],
      'host-gone': [2, 2, 1],
      'service-changed': [2, 2, 2],
      'scripts-changed': [3, 3, 1],
    });
    expect(page.total).toBe(14);
  });

  it('filters by kind and insecurity and pages through the same order', async () => {
    const store = await engagementWith([scanFile(weekOne(), START_A, 'a.xml'), scanFile(weekTwo(), START_B, 'b.xml')]);
    const all = drift(store, { from: 1, to: 2 }).rows.map(brief);
    const opened = drift(store, { from: 1, to: 2, change: 'opened' });
    expect(opened.rows.map((r) => brief(r).at)).toEqual(['192.0.2.10 23/tcp', '192.0.2.14 3389/tcp']);
    expect(opened.total).toBe(2);
    expect(opened.summary).toEqual(drift(store, { from: 1, to: 2 }).summary);
    const insecureNew = drift(store, { from: 1, to: 2, change: 'new-host', insecure: true });
    expect(insecureNew.rows.map((r) => brief(r).at)).toEqual(['192.0.2.20 161/udp']);
    const insecure = drift(store, { from: 1, to: 2, insecure: true });
    expect(insecure.total).toBe(all.filter((r) => r.insecure).length);
    expect(insecure.total).toBe(9);
    const pages = [0, 5, 10].map((offset) => drift(store, { from: 1, to: 2, offset, limit: 5 }));
    expect(pages.map((p) => p.total)).toEqual([14, 14, 14]);
    expect(pages.flatMap((p) => p.rows.map(brief))).toEqual(all);
    expect(pages[2]!.offset).toBe(10);
  });

  it('compares the other way round, and switching pairs gives the same answers', async () => {
    const store = await engagementWith([scanFile(weekOne(), START_A, 'a.xml'), scanFile(weekTwo(), START_B, 'b.xml')]);
    const forward = drift(store, { from: 1, to: 2 });
    const back = drift(store, { from: 2, to: 1 });
    expect(counts(back)).toEqual({
      opened: [2, 2, 2],
      'new-host': [2, 2, 1],
      closed: [2, 2, 2],
      'host-gone': [3, 3, 1],
      'service-changed': [2, 2, 1],
      // All three insecure: the "to" side is now the earlier scan, with TLS 1.0, clear-text FTP and SMBv1.
      'scripts-changed': [3, 3, 3],
    });
    expect(back.rows.filter((r) => r.kind === 'opened').map((r) => brief(r).at)).toEqual([
      '192.0.2.10 80/tcp',
      '192.0.2.11 3306/tcp',
    ]);
    expect(back.rows.filter((r) => r.kind === 'host-gone').map((r) => brief(r).at)).toEqual([
      '192.0.2.16 22/tcp',
      '192.0.2.20 161/udp',
      '192.0.2.21',
    ]);
    expect(drift(store, { from: 1, to: 2 })).toEqual(forward);
  });

  it('follows the standard: a rule marked not applicable, and which states count as in use', async () => {
    const store = await engagementWith([scanFile(weekOne(), START_A, 'a.xml'), scanFile(weekTwo(), START_B, 'b.xml')]);
    expect(drift(store, { from: 1, to: 2, change: 'opened' }).rows.map((r) => r.insecure)).toEqual([true, true]);
    edit(store, ctx, { op: 'setApplicability', ruleId: 'telnet', applicable: false, reason: 'lab only' });
    const after = drift(store, { from: 1, to: 2, change: 'opened' });
    expect(after.standardVersion).toBe(2);
    expect(after.rows.map((r) => [brief(r).at, r.insecure, r.rulesAfter])).toEqual([
      ['192.0.2.10 23/tcp', false, []],
      ['192.0.2.14 3389/tcp', true, ['rdp-legacy']],
    ]);
    // With "filtered" in use, 3389 was already in use a week earlier, and 8080 on the vanished host counts.
    edit(store, ctx, { op: 'setInUseStates', states: ['open', 'listening', 'filtered'] });
    const states = drift(store, { from: 1, to: 2 });
    expect(states.rows.filter((r) => r.kind === 'opened').map((r) => brief(r).at)).toEqual(['192.0.2.10 23/tcp']);
    expect(states.rows.filter((r) => r.kind === 'host-gone').map((r) => brief(r).at)).toEqual([
      '192.0.2.12 25/tcp',
      '192.0.2.13 8080/tcp',
    ]);
  });

  it('names the import when it is unknown or not a scan, and refuses comparing a scan with itself', async () => {
    const dir = tempDir();
    const rules = join(dir, 'fw.rules');
    writeFileSync(rules, '*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 23 -j ACCEPT\nCOMMIT\n');
    const store = newEngagement(dir);
    await importFile(store, ctx, scanFile(weekOne(), START_A, 'a.xml'));
    await importFile(store, ctx, rules, { hostName: 'pos-gw' });
    expect(() => drift(store, { from: 1, to: 7 })).toThrow(
      /^to: there is no import #7 in this engagement \(it has 2 import\(s\); see "portcullis imports"\)$/,
    );
    expect(() => drift(store, { from: 2, to: 1 })).toThrow(
      /^from: import #2 \(fw\.rules\) is a rulebase \(iptables-save.*\), not a scan; expected a scan import/,
    );
    expect(() => DriftCompareRequest.parse({ path: store.path, from: 1, to: 1 })).toThrow(
      /expected two different imports to compare/,
    );
    expect(() => TimelineRequest.parse({ path: store.path, proto: 'tcp', port: 70000 })).toThrow(
      /expected a port number 0-65535/,
    );
  });
});

describe('drift between a scan and a host listing', () => {
  it('meets the listing, named by an address, with that address in the scan', async () => {
    const dir = tempDir();
    const listing = join(dir, 'pos-01.ss');
    writeFileSync(
      listing,
      [
        'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process',
        'tcp   LISTEN 0      128    0.0.0.0:22         0.0.0.0:*         users:(("sshd",pid=812,fd=3))',
        'tcp   LISTEN 0      128    0.0.0.0:8080       0.0.0.0:*         users:(("java",pid=900,fd=3))',
        '',
      ].join('\n'),
    );
    const store = newEngagement(dir);
    await importFile(store, ctx, scanFile(weekOne(), START_A, 'a.xml'));
    await importFile(store, ctx, listing, { hostName: '192.0.2.10' });
    const page = drift(store, { from: 1, to: 2 });
    expect(page.rows.filter((r) => r.host === '192.0.2.10').map(brief)).toEqual([
      {
        kind: 'service-changed',
        at: '192.0.2.10 22/tcp',
        states: 'open -> listening',
        insecure: false,
        rules: ['', ''],
      },
      {
        kind: 'scripts-changed',
        at: '192.0.2.10 22/tcp',
        states: 'open -> listening',
        insecure: false,
        rules: ['', ''],
      },
      { kind: 'closed', at: '192.0.2.10 80/tcp', states: 'open -> -', insecure: true, rules: ['http-cleartext', ''] },
      {
        kind: 'closed',
        at: '192.0.2.10 443/tcp',
        states: 'open -> -',
        insecure: true,
        rules: ['tls-deprecated-protocols,tls-weak-ciphers', ''],
      },
      {
        kind: 'opened',
        at: '192.0.2.10 8080/tcp',
        states: '- -> listening',
        insecure: true,
        rules: ['', 'http-cleartext'],
      },
    ]);
    // The listing covers one host: every other host the scan saw is gone (192.0.2.16 was down).
    expect(counts(page)['host-gone']).toEqual([7, 6, 4]);
    expect(counts(page)['new-host']).toEqual([0, 0, 0]);
  });
});

describe('contentChanges', () => {
  const fact = (key: string, value: string) => ({ key, value, source: 's', evidence: 'e' });
  it('ignores clocks and whitespace, reports script and fact changes', () => {
    const before = {
      scripts: [
        { id: 'ssl-date', output: '2025-10-20T08:00:05+00:00; 0s from scanner time.' },
        { id: 'smb-os-discovery', output: '  OS: Windows Server 2016\n  System time: 2025-10-20T08:00:01+00:00' },
        { id: 'http-title', output: 'Login  page' },
      ],
      facts: [fact('tls.protocol', 'TLSv1.2'), fact('http.title', 'Login page')],
    };
    const clocksOnly = {
      scripts: [
        { id: 'ssl-date', output: '2025-10-27T08:00:09+00:00; +4s from scanner time.' },
        { id: 'smb-os-discovery', output: '  OS: Windows Server 2016\n  System time: 2025-10-27T08:00:03+00:00' },
        { id: 'http-title', output: 'Login page' },
      ],
      facts: [{ ...fact('http.title', 'Login page'), evidence: 'other' }, fact('tls.protocol', 'TLSv1.2')],
    };
    expect(contentChanges(before, clocksOnly)).toBeNull();
    const changed = {
      scripts: [{ id: 'smb-os-discovery', output: '  OS: Windows Server 2019\n  System time: 2025-10-27' }],
      facts: [fact('tls.protocol', 'TLSv1.3'), fact('tls.protocol', 'SSLv3')],
    };
    expect(contentChanges(before, changed)).toEqual({
      scripts: { added: [], removed: ['http-title', 'ssl-date'], changed: ['smb-os-discovery'] },
      facts: { added: [], removed: ['http.title=Login page'] },
      tls: { offered: ['SSLv3', 'TLSv1.3'], withdrawn: ['TLSv1.2'] },
    });
  });
});
