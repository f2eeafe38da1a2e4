// ssh-audit JSON: the two corpus files (3.x layout), real ssh-audit 2.5.0 output (2.x layout) and a
// hand-written multi-target report; one observation per audited server with the ssh.* facts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src-main/core/import/run-import';
import { sshAuditJson } from '../../src-main/core/import/tls/ssh-audit-json';
import { ParseError } from '../../src-main/core/import/types';
import type { Observation } from '../../src-main/core/model/observation';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { corpus, corpusAvailable, importInto, parseWith } from './import-helpers';

const values = (o: Observation | undefined, key: string) =>
  (o?.facts ?? []).filter((f) => f.key === key).map((f) => f.value);

/*
 * Real output: `ssh-audit -j -p 22220 127.0.0.1` (ssh-audit 2.5.0 from Debian 12) against
 * `dropbear -F -E -r <rsa-1024 key> -r <ecdsa-256 key> -p 127.0.0.1:22220` (dropbear 2022.83). Verbatim.
 */
const SSH_AUDIT_2 =
  '{"banner": {"comments": null, "protocol": [2, 0], "raw": "SSH-2.0-dropbear_2022.83", "software": "dropbear_2022.83"}, "compression": ["zlib@openssh.com", "none"], "enc": ["chacha20-poly1305@openssh.com", "aes128-ctr", "aes256-ctr"], "fingerprints": [{"hash": "VxUomzyQoo07T2RaKvAvgLk6xlcn9Y2l6OvYi9khijI", "hash_alg": "SHA256", "hostkey": "ssh-rsa"}, {"hash": "73:db:01:4e:01:95:40:20:93:07:b4:35:07:49:e0:04", "hash_alg": "MD5", "hostkey": "ssh-rsa"}], "kex": [{"algorithm": "curve25519-sha256"}, {"algorithm": "curve25519-sha256@libssh.org"}, {"algorithm": "ecdh-sha2-nistp521"}, {"algorithm": "ecdh-sha2-nistp384"}, {"algorithm": "ecdh-sha2-nistp256"}, {"algorithm": "diffie-hellman-group14-sha256"}, {"algorithm": "diffie-hellman-group14-sha1"}, {"algorithm": "kexguess2@matt.ucc.asn.au"}, {"algorithm": "kex-strict-s-v00@openssh.com"}], "key": [{"algorithm": "ecdsa-sha2-nistp256"}, {"algorithm": "rsa-sha2-256", "keysize": 1024}, {"algorithm": "ssh-rsa", "keysize": 1024}], "mac": ["hmac-sha1", "hmac-sha2-256"], "target": "127.0.0.1"}';

// Hand-written in the 3.x layout: two servers (-T), an IPv6 target, protocol 1.99, markup in the banner.
const MULTI = JSON.stringify([
  {
    banner: {
      comments: null,
      protocol: '1.99',
      raw: 'SSH-1.99-<script>alert(1)</script>',
      software: '<script>alert(1)</script>',
    },
    target: '[2001:db8::7]:2222',
    kex: [
      {
        algorithm: 'diffie-hellman-group1-sha1',
        notes: { fail: ['using small 1024-bit modulus'], info: ['removed in OpenSSH 6.9'] },
      },
    ],
    key: [{ algorithm: 'ssh-dss', notes: { fail: ['using small 1024-bit modulus'] } }],
    enc: [
      {
        algorithm: '3des-cbc',
        notes: { fail: ['using broken & deprecated 3DES cipher'], warn: ['using weak cipher mode'] },
      },
    ],
    mac: [{ algorithm: 'hmac-md5', notes: { fail: ['using broken MD5 hash algorithm'] } }],
    cves: [],
    fingerprints: [],
    recommendations: {},
  },
  {
    banner: { comments: null, protocol: '2.0', raw: 'SSH-2.0-OpenSSH_9.6', software: 'OpenSSH_9.6' },
    target: 'bastion.example.test:22',
    kex: [{ algorithm: 'sntrup761x25519-sha512@openssh.com', notes: { info: ['available since OpenSSH 8.5'] } }],
    key: [{ algorithm: 'ssh-ed25519', notes: { info: ['available since OpenSSH 6.5'] } }],
    enc: [{ algorithm: 'chacha20-poly1305@openssh.com', notes: {} }],
    mac: [{ algorithm: 'hmac-sha2-256-etm@openssh.com', notes: {} }],
    additional_notes: '',
    mystery: 1,
  },
]);

describe.skipIf(!corpusAvailable)('ssh-audit JSON 3.x (corpus tls/ssh-audit-many-vulns*.json)', () => {
  it('many-vulns.json: algorithms, the ones ssh-audit fails or warns about, and CVEs', () => {
    const file = corpus('tls/ssh-audit-many-vulns.json');
    const out = parseWith(sshAuditJson, readFileSync(file), {}, 4093);
    expect(parseWith(sshAuditJson, readFileSync(file), {}, 7)).toEqual(out);
    expect(out.observations).toHaveLength(1);
    const o = out.observations[0];
    // jq .target -> "sdf.sdf.fewio:22"; .banner.software "OpenSSH_7.9p1"; .banner.comments
    expect(o).toMatchObject({
      hostIp: null,
      hostNames: ['sdf.sdf.fewio'],
      port: 22,
      proto: 'tcp',
      state: 'open',
      service: 'ssh',
      tunnel: null,
      product: 'OpenSSH',
      version: '7.9p1',
      extraInfo: 'Debian-10+deb10u2',
    });
    expect(values(o, 'banner')).toEqual(['SSH-2.0-OpenSSH_7.9p1 Debian-10+deb10u2']);
    // jq .banner.protocol -> "2.0"
    expect(values(o, 'ssh.protocol')).toEqual(['2']);
    // jq '{kex: (.kex|length), key: (.key|length), enc: (.enc|length), mac: (.mac|length)}' -> 10, 5, 6, 10
    expect(values(o, 'ssh.kex')).toHaveLength(10);
    expect(values(o, 'ssh.hostkey')).toHaveLength(5);
    expect(values(o, 'ssh.cipher')).toHaveLength(6);
    expect(values(o, 'ssh.mac')).toHaveLength(10);
    // jq '[.kex[],.key[],.enc[],.mac[] | select(.notes.fail or .notes.warn) | .algorithm] | unique | length' -> 16
    expect(values(o, 'ssh.weak')).toHaveLength(16);
    expect(o?.facts.find((f) => f.key === 'ssh.weak' && f.value === 'ssh-rsa')?.evidence).toBe(
      'key ssh-rsa: fail: using broken SHA-1 hash algorithm; warn: 2048-bit modulus only provides 112-bits of symmetric strength',
    );
    // jq '[.cves[].name]'
    expect(values(o, 'vuln')).toEqual(['CVE-2021-41617', 'CVE-2020-15778', 'CVE-2019-16905', 'CVE-2016-20012']);
    expect(out.notes).toEqual([]);
  });

  it('many-vulns2.json: an address target and no CVEs', () => {
    const out = parseWith(sshAuditJson, readFileSync(corpus('tls/ssh-audit-many-vulns2.json')), {}, 7);
    const o = out.observations[0];
    // jq .target -> "1.1.1.1:22"
    expect(o).toMatchObject({ hostIp: '1.1.1.1', hostNames: [], port: 22, product: 'OpenSSH', version: '8.9p1' });
    // 10, 4, 6, 10 algorithms; 12 with fail/warn notes; .cves == []
    expect(
      [values(o, 'ssh.kex'), values(o, 'ssh.hostkey'), values(o, 'ssh.cipher'), values(o, 'ssh.mac')].map(
        (v) => v.length,
      ),
    ).toEqual([10, 4, 6, 10]);
    expect(values(o, 'ssh.weak')).toHaveLength(12);
    expect(values(o, 'vuln')).toEqual([]);
    expect(out.notes).toEqual([]);
  });

  it('imports through the runner by detection; a truncated copy imports nothing', async () => {
    const { store, result } = await importInto(corpus('tls/ssh-audit-many-vulns.json'));
    // banner 1 + protocol 1 + 10 + 5 + 6 + 10 algorithms + 16 weak + 4 CVEs
    expect(result).toMatchObject({ format: 'ssh-audit-json', observationCount: 1, hostCount: 1 });
    expect(store.db.prepare('SELECT count(*) FROM observation_fact').pluck().get()).toBe(
      1 + 1 + 10 + 5 + 6 + 10 + 16 + 4,
    );
    store.close();

    const dir = tempDir();
    const text = readFileSync(corpus('tls/ssh-audit-many-vulns.json'), 'utf8');
    writeFileSync(join(dir, 'cut.json'), text.slice(0, 5000));
    const empty = newEngagement(dir);
    await expect(importFile(empty, fixedContext(), join(dir, 'cut.json'))).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/cut\.json: line \d+, column \d+: not valid JSON/),
    });
    for (const t of ['import', 'observation', 'observation_fact', 'scan_host', 'artifact']) {
      expect(empty.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
    }
    expect(verifyAuditChain(empty.db)).toMatchObject({ valid: true, entries: 1 });
    empty.close();
  });
});

describe('ssh-audit JSON 2.5.0 (real output)', () => {
  it('reads the array protocol and plain algorithm names; the missing port is noted', () => {
    expect(sshAuditJson.detect(SSH_AUDIT_2, 'x.json')).toBeGreaterThanOrEqual(0.9);
    const out = parseWith(sshAuditJson, SSH_AUDIT_2, {}, 7);
    const o = out.observations[0];
    expect(o).toMatchObject({
      hostIp: '127.0.0.1',
      port: 22,
      product: 'dropbear',
      version: '2022.83',
      extraInfo: null,
    });
    expect(values(o, 'ssh.protocol')).toEqual(['2']);
    // Counted in the line above: 9 kex, 3 key, 3 enc, 2 mac entries.
    expect(
      [values(o, 'ssh.kex'), values(o, 'ssh.hostkey'), values(o, 'ssh.cipher'), values(o, 'ssh.mac')].map(
        (v) => v.length,
      ),
    ).toEqual([9, 3, 3, 2]);
    expect(o?.facts.find((f) => f.value === 'ssh-rsa')?.evidence).toBe('key: ssh-rsa (1024-bit)');
    // 2.x JSON carries no fail/warn notes, so ssh-audit marked nothing.
    expect(values(o, 'ssh.weak')).toEqual([]);
    expect(out.notes.map((n) => n.what)).toEqual([
      'ssh-audit report 0 (127.0.0.1) does not record the port (ssh-audit 2.x); port 22 assumed',
    ]);
  });
});

describe('ssh-audit JSON: several targets (hand-written 3.x layout)', () => {
  it('gives one observation per report, keeping markup in banners as text', () => {
    const out = parseWith(sshAuditJson, MULTI, {}, 7);
    expect(out.observations.map((o) => [o.hostIp, o.hostNames, o.port])).toEqual([
      ['2001:db8::7', [], 2222],
      [null, ['bastion.example.test'], 22],
    ]);
    expect(out.hosts).toHaveLength(2);
    const [old, modern] = out.observations;
    expect(values(old, 'ssh.protocol')).toEqual(['1', '2']);
    expect(values(old, 'banner')).toEqual(['SSH-1.99-<script>alert(1)</script>']);
    expect(old?.product).toBe('<script>alert(1)</script>');
    expect(values(old, 'ssh.weak')).toEqual(['diffie-hellman-group1-sha1', 'ssh-dss', '3des-cbc', 'hmac-md5']);
    expect(values(modern, 'ssh.weak')).toEqual([]);
    expect(out.notes.map((n) => n.what)).toEqual([
      'unrecognised ssh-audit field "mystery" in report for bastion.example.test:22',
    ]);
  });

  it('refuses other documents, empty input and junk', () => {
    expect(() => parseWith(sshAuditJson, '')).toThrow(/empty/);
    expect(() => parseWith(sshAuditJson, Buffer.from([0x7b, 0, 1]))).toThrow(/binary data/);
    expect(() => parseWith(sshAuditJson, '[]')).toThrow(/expected an ssh-audit -j report/);
    expect(() => parseWith(sshAuditJson, '{"server_scan_results": []}')).toThrow(/"banner" object and algorithm lists/);
    expect(() => parseWith(sshAuditJson, '<?xml version="1.0"?><nmaprun/>')).toThrow(/not valid JSON/);
    for (const at of [1, 100, 500, SSH_AUDIT_2.length - 1]) {
      expect(() => parseWith(sshAuditJson, SSH_AUDIT_2.slice(0, at)), `cut at ${at}`).toThrow(ParseError);
    }
  });
});
