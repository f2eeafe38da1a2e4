// Signing identities and CMS signatures, checked against OpenSSL: certificates for RSA-3072 and P-256
// keys (self-signed or issued by the firm's CA), detached CMS with DER-sorted signed attributes and
// signingCertificateV2 that `openssl cms -verify` accepts, PKCS#12 files `openssl pkcs12` reads (AES-256,
// PBKDF2, SHA-256 MAC) and OpenSSL-made files we read, and the identity folder behind the handler table.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signDetached } from '../../src-main/core/export/cms';
import { verifyDetached } from '../../src-main/core/export/cms-verify';
import { parseAll, readOid } from '../../src-main/core/export/der';
import {
  exportIdentity,
  importIdentity,
  newIdentity,
  newLocalCa,
  type KeyType,
} from '../../src-main/core/export/identity';
import { OID } from '../../src-main/core/export/oids';
import { toPem } from '../../src-main/core/export/x509';
import { CA_PASSPHRASE, PASSPHRASE, call, makeIdentities, run, stockTools } from './export-helpers';
import { tempDir } from './helpers';
import { tableFor } from './table-helpers';

const NOW = new Date('2026-11-01T00:00:00Z');

function signedAttributeTypes(p7s: Buffer): { types: string[]; encodings: Buffer[] } {
  const signedData = parseAll(p7s).children[1]!.children[0]!;
  const signerInfo = signedData.children.at(-1)!.children[0]!;
  const attrs = signerInfo.children.find((c) => c.tag === 0xa0)!;
  return { types: attrs.children.map((a) => readOid(a.children[0]!)), encodings: attrs.children.map((a) => a.der) };
}

describe('CMS detached signatures', () => {
  for (const [caKey, leafKey] of [
    ['p256', 'rsa-3072'],
    ['rsa-3072', 'p256'],
  ] as [KeyType, KeyType][]) {
    it.skipIf(!stockTools)(`${leafKey} signer issued by a ${caKey} CA: openssl cms -verify accepts it`, () => {
      const dir = tempDir();
      const ca = newLocalCa({ commonName: 'Example QSA Local CA', keyType: caKey, notBefore: NOW });
      const id = newIdentity({
        commonName: 'Alice Auditor',
        email: 'alice@example.org',
        keyType: leafKey,
        ca,
        notBefore: NOW,
      });
      const content = Buffer.from('0123  data/report.pdf\n');
      writeFileSync(join(dir, 'ca.pem'), toPem(ca.certificate));
      writeFileSync(join(dir, 'content.txt'), content);
      writeFileSync(join(dir, 'sig.p7s'), signDetached(content, id));
      const args = [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        'sig.p7s',
        '-content',
        'content.txt',
        '-CAfile',
        'ca.pem',
        '-out',
        '/dev/null',
      ];
      const ok = run('openssl', args, dir);
      expect(ok.out).toMatch(/CMS Verification successful/);
      writeFileSync(join(dir, 'content.txt'), Buffer.from('0124  data/report.pdf\n'));
      expect(run('openssl', args, dir).status).not.toBe(0);
    });
  }

  it('signs contentType, messageDigest and signingCertificateV2, DER-sorted; signingTime only when asked', () => {
    const id = newIdentity({ commonName: 'Alice Auditor', keyType: 'rsa-3072', notBefore: NOW });
    const content = Buffer.from('tag manifest');
    const plain = signDetached(content, id);
    const { types, encodings } = signedAttributeTypes(plain);
    expect(new Set(types)).toEqual(new Set([OID.contentType, OID.messageDigest, OID.signingCertificateV2]));
    expect(encodings).toEqual([...encodings].sort(Buffer.compare));
    const timed = signDetached(content, id, { signingTime: new Date('2026-12-01T10:00:00Z') });
    expect(signedAttributeTypes(timed).types).toContain(OID.signingTime);
    expect(verifyDetached(timed, content)).toMatchObject({ ok: true, signingTime: new Date('2026-12-01T10:00:00Z') });
    // The signer's certificate is named by its SHA-256 inside the signed attributes.
    const certHash = createHash('sha256').update(id.certificate).digest();
    expect(plain.includes(certHash)).toBe(true);
    // A digest given instead of the content signs the same thing.
    expect(signDetached({ sha256: createHash('sha256').update(content).digest() }, id).equals(plain)).toBe(true);
  });

  it('RSA signatures repeat exactly; ECDSA ones do not (yet both verify)', () => {
    const content = Buffer.from('same content');
    const rsa = newIdentity({ commonName: 'R', keyType: 'rsa-3072', notBefore: NOW });
    const ec = newIdentity({ commonName: 'E', keyType: 'p256', notBefore: NOW });
    expect(signDetached(content, rsa).equals(signDetached(content, rsa))).toBe(true);
    const [a, b] = [signDetached(content, ec), signDetached(content, ec)];
    expect(a.equals(b)).toBe(false);
    expect([verifyDetached(a, content).ok, verifyDetached(b, content).ok]).toEqual([true, true]);
    expect(verifyDetached(a, Buffer.from('other content'))).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/digest does not match/),
    });
  });
});

describe('PKCS#12 identities', () => {
  it.skipIf(!stockTools)('writes AES-256/PBKDF2 files with a SHA-256 MAC that openssl reads', () => {
    const dir = tempDir();
    const ca = newLocalCa({ commonName: 'CA', keyType: 'p256', notBefore: NOW });
    const id = newIdentity({ commonName: 'Älice Äuditor', keyType: 'p256', ca, notBefore: NOW });
    const pass = 'pässphrase wïth ümlauts';
    writeFileSync(join(dir, 'id.p12'), exportIdentity(id, pass, 'alice'));
    const info = run('openssl', ['pkcs12', '-info', '-in', 'id.p12', '-passin', `pass:${pass}`, '-noout'], dir);
    expect(info.status, info.out).toBe(0);
    expect(info.out).toMatch(/MAC: sha256/);
    expect(info.out).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 200000, PRF hmacWithSHA256/);
    expect(info.out).toMatch(/PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC/);
    const pem = run('openssl', ['pkcs12', '-in', 'id.p12', '-passin', `pass:${pass}`, '-nodes'], dir);
    expect(pem.out.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(pem.out).toMatch(/BEGIN PRIVATE KEY/);
    const back = importIdentity(readFileSync(join(dir, 'id.p12')), pass);
    expect(back.certificate.equals(id.certificate)).toBe(true);
    expect(back.chain).toEqual([ca.certificate]);
  });

  it.skipIf(!stockTools)('reads what OpenSSL writes: default (AES), -legacy (RC2-40 + 3DES) and 3DES', () => {
    const dir = tempDir();
    run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'k.pem',
        '-out',
        'c.pem',
        '-subj',
        '/CN=Firm Signer/O=Firm',
        '-days',
        '400',
      ],
      dir,
    );
    const variants: [string, string[]][] = [
      ['default', []],
      ['legacy', ['-legacy']],
      ['3des', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']],
    ];
    for (const [name, extra] of variants) {
      const r = run(
        'openssl',
        [
          'pkcs12',
          '-export',
          '-inkey',
          'k.pem',
          '-in',
          'c.pem',
          '-out',
          `${name}.p12`,
          '-passout',
          'pass:firm-secret',
          ...extra,
        ],
        dir,
      );
      expect(r.status, r.out).toBe(0);
      const id = importIdentity(readFileSync(join(dir, `${name}.p12`)), 'firm-secret');
      expect(id.privateKey.asymmetricKeyType, name).toBe('rsa');
      expect(toPem(id.certificate), name).toBe(readFileSync(join(dir, 'c.pem'), 'utf8'));
      expect(() => importIdentity(readFileSync(join(dir, `${name}.p12`)), 'wrong')).toThrow(/wrong passphrase/);
    }
  });

  it('refuses a damaged file and a wrong passphrase, saying which', () => {
    const id = newIdentity({ commonName: 'A', keyType: 'p256', notBefore: NOW });
    const p12 = exportIdentity(id, 'right passphrase', 'a');
    expect(() => importIdentity(p12, 'wrong passphrase')).toThrow(/wrong passphrase, or the PKCS#12 file was altered/);
    const altered = Buffer.from(p12);
    altered[200] = (altered[200] ?? 0) ^ 0xff;
    expect(() => importIdentity(altered, 'right passphrase')).toThrow(/PKCS#12/);
    expect(() => importIdentity(Buffer.from('not a p12'), 'x')).toThrow(/not a PKCS#12 file/);
  });
});

describe('identity folder through the handler table', () => {
  it('creates the firm CA and an assessor it issues, lists them, and keeps no passphrase anywhere', async () => {
    const identityDir = tempDir();
    const t = tableFor({ identityDir });
    const { caPem } = await makeIdentities(t);
    const list = await call<{ name: string; isCa: boolean; selfSigned: boolean; keyType: string; issuer: string }[]>(
      t,
      'identity.list',
      {},
    );
    expect(list).toMatchObject([
      {
        name: 'alice',
        isCa: false,
        selfSigned: false,
        keyType: 'rsa-3072',
        issuer: 'O=Example QSA LLP, CN=Example QSA Local CA',
      },
      { name: 'firm-ca', isCa: true, selfSigned: true, keyType: 'p256' },
    ]);
    expect(readFileSync(caPem, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(statSync(join(identityDir, 'alice.p12')).mode & 0o077).toBe(0);
    for (const file of readdirSync(identityDir)) {
      const bytes = readFileSync(join(identityDir, file));
      for (const secret of [PASSPHRASE, CA_PASSPHRASE]) {
        expect(bytes.includes(Buffer.from(secret)), `${file} holds a passphrase`).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le').swap16()), `${file} holds a passphrase`).toBe(false);
      }
    }
    const again = await t.table.invoke('identity.new', { name: 'alice', commonName: 'A', passphrase: PASSPHRASE });
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS' } });
    const badName = await t.table.invoke('identity.new', { name: '../evil', commonName: 'A', passphrase: PASSPHRASE });
    expect(badName).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/name/) },
    });
    const short = await t.table.invoke('identity.new', { name: 'bob', commonName: 'B', passphrase: 'short' });
    expect(short).toMatchObject({ ok: false, error: { message: expect.stringMatching(/at least 8 characters/) } });
    const wrongCa = await t.table.invoke('identity.new', {
      name: 'bob',
      commonName: 'B',
      ca: { name: 'firm-ca', passphrase: 'not the CA passphrase' },
      passphrase: PASSPHRASE,
    });
    expect(wrongCa).toMatchObject({ ok: false, error: { message: expect.stringMatching(/wrong passphrase/) } });
    const notCa = await t.table.invoke('identity.new', {
      name: 'bob',
      commonName: 'B',
      ca: { name: 'alice', passphrase: PASSPHRASE },
      passphrase: PASSPHRASE,
    });
    expect(notCa).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/not a certificate authority/) },
    });
    await t.table.close();
  });

  it('imports a PKCS#12 from another tool and keeps it re-encrypted', async () => {
    const identityDir = tempDir();
    const t = tableFor({ identityDir, open: true });
    const foreign = newIdentity({
      commonName: 'Firm Signer',
      organization: 'Firm',
      keyType: 'rsa-3072',
      notBefore: NOW,
    });
    const source = join(t.baseDir, 'firm.p12');
    writeFileSync(source, exportIdentity(foreign, 'firm passphrase', 'firm'));
    const info = await call<{ name: string; commonName: string; p12Path: string }>(t, 'identity.import', {
      name: 'firm',
      source,
      passphrase: 'firm passphrase',
    });
    expect(info).toMatchObject({ name: 'firm', commonName: 'Firm Signer' });
    expect(readFileSync(info.p12Path).equals(readFileSync(source))).toBe(false);
    expect(importIdentity(readFileSync(info.p12Path), 'firm passphrase').certificate.equals(foreign.certificate)).toBe(
      true,
    );
    const wrong = await t.table.invoke('identity.import', { name: 'x', source, passphrase: 'nope' });
    expect(wrong).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/firm\.p12: wrong passphrase/) },
    });
    await t.table.close();
  });
});
