// The export commands as a user types them: keys new (the firm CA, then an assessor it issues), keys
// list, keys import, export, verify (exit 1 and the failing check named when the package was altered).
// Passphrases come from a file or the environment, never from the command line.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportIdentity, newIdentity } from '../../src-main/core/export/identity';
import { runCliIn } from './cli-helpers';
import { readEntries, writeEntries } from './export-helpers';
import { corpus, corpusAvailable } from './import-helpers';
import { tempDir } from './helpers';

describe.skipIf(!corpusAvailable)('portcullis keys / export / verify', () => {
  it('creates identities, exports a signed package and verifies it', async () => {
    const cwd = tempDir();
    const home = tempDir();
    const env = { PORTCULLIS_HOME: home, PORTCULLIS_ACTOR: 'alice' };
    writeFileSync(join(cwd, 'ca-pass.txt'), 'firm CA passphrase\n');
    writeFileSync(join(cwd, 'pass.txt'), 'alice passphrase 1\n');
    const ca = await runCliIn(
      cwd,
      [
        'keys',
        'new',
        '--name',
        'firm-ca',
        '--cn',
        'Example QSA Local CA',
        '--org',
        'Example QSA LLP',
        '--key',
        'p256',
        '--local-ca',
        '--passphrase-file',
        'ca-pass.txt',
      ],
      { env },
    );
    expect(ca.stderr).toBe('');
    expect(ca.stdout).toMatch(
      /^Created identity firm-ca: O=Example QSA LLP, CN=Example QSA Local CA \(local CA, p256, self-signed\)/,
    );
    const caPem = join(home, 'identities', 'firm-ca.pem');
    expect(ca.stdout).toContain(caPem);
    const alice = await runCliIn(
      cwd,
      [
        'keys',
        'new',
        '--name',
        'alice',
        '--cn',
        'Alice Auditor',
        '--ca',
        'firm-ca',
        '--ca-passphrase-file',
        'ca-pass.txt',
        '--json',
      ],
      { env: { ...env, PORTCULLIS_PASSPHRASE: 'alice passphrase 1' } },
    );
    expect(JSON.parse(alice.stdout)).toMatchObject({
      name: 'alice',
      keyType: 'rsa-3072',
      issuer: 'O=Example QSA LLP, CN=Example QSA Local CA',
    });
    const list = await runCliIn(cwd, ['keys', 'list'], { env });
    expect(list.stdout).toMatch(
      /Identity alice: CN=Alice Auditor \(rsa-3072, issued by O=Example QSA LLP, CN=Example QSA Local CA\)/,
    );
    expect(list.stdout).toMatch(/Identity firm-ca: /);

    expect(
      (await runCliIn(cwd, ['new', 'e.portcullis', '--entity', 'Acme', '--assessor', 'Alice Auditor'], { env })).status,
    ).toBe(0);
    expect((await runCliIn(cwd, ['import', 'e.portcullis', corpus('scans/nmap-issue4406.xml')], { env })).status).toBe(
      0,
    );
    const exported = await runCliIn(
      cwd,
      ['export', 'e.portcullis', '--out', 'pkg.zip', '--identity', 'alice', '--passphrase-file', 'pass.txt'],
      { env },
    );
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toMatch(/^Wrote .*pkg\.zip \(\d+ bytes, \d+ payload files\)/);
    expect(exported.status).toBe(0);

    // Verification is a job: here in a worker thread, as the installed CLI runs it.
    const verified = await runCliIn(cwd, ['verify', 'pkg.zip', '--ca', caPem], { env, workers: true });
    expect(verified.stderr).toBe('');
    expect(verified.stdout).toMatch(/VALID: .*pkg\.zip is complete, unaltered and signed by a trusted signer/);
    expect(verified.status).toBe(0);
    const absent = await runCliIn(cwd, ['verify', 'absent.zip'], { env });
    expect(absent.stderr).toBe(`portcullis: error: ${join(cwd, 'absent.zip')}: no such file\n`);
    expect(absent.status).toBe(1);
    const noCa = await runCliIn(cwd, ['verify', 'pkg.zip', '--ca', 'absent.pem', '--json'], { env });
    expect(JSON.parse(noCa.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(noCa.stderr).toMatch(/absent\.pem: cannot read the CA file \(ENOENT\)/);
    expect(noCa.status).toBe(1);
    const untrusted = await runCliIn(cwd, ['verify', 'pkg.zip'], { env });
    expect(untrusted.stdout).toMatch(/WARN certificate: .*issuer not trusted/);
    expect(untrusted.stdout).toMatch(/VALID, signer NOT TRUSTED/);
    expect(untrusted.status).toBe(0);

    const entries = await readEntries(join(cwd, 'pkg.zip'));
    const csv = entries.get('data/inventory.csv')!;
    await writeEntries(
      join(cwd, 'bad.zip'),
      new Map([...entries, ['data/inventory.csv', Buffer.concat([csv, Buffer.from('"x"\r\n')])]]),
    );
    const bad = await runCliIn(cwd, ['verify', 'bad.zip', '--ca', caPem, '--json'], { env });
    expect(bad.status).toBe(1);
    const verdict = JSON.parse(bad.stdout) as {
      valid: boolean;
      checks: { name: string; status: string; detail: string }[];
    };
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.filter((c) => c.status === 'fail')).toMatchObject([
      { name: 'bag-info' },
      {
        name: 'manifest',
        detail: 'data/inventory.csv: SHA-256 differs from manifest-sha256.txt (the file was altered)',
      },
    ]);
  }, 120_000);

  it('takes passphrases only from a file, the environment or a terminal', async () => {
    const cwd = tempDir();
    const env = { PORTCULLIS_HOME: tempDir() };
    const argv = await runCliIn(
      cwd,
      ['keys', 'new', '--name', 'a', '--cn', 'A', '--passphrase', 'on the command line'],
      { env },
    );
    expect(argv.status).toBe(2);
    expect(argv.stderr).toMatch(/Unknown option '--passphrase'/);
    const none = await runCliIn(cwd, ['keys', 'new', '--name', 'a', '--cn', 'A'], { env });
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(
      /a passphrase is needed: give a file with --passphrase-file, set PORTCULLIS_PASSPHRASE, or run on a terminal/,
    );
    const missing = await runCliIn(cwd, ['keys', 'new', '--name', 'a', '--cn', 'A', '--passphrase-file', 'nope.txt'], {
      env,
    });
    expect(missing.stderr).toMatch(/nope\.txt: cannot read the passphrase file \(ENOENT\)/);
  });

  it('imports a PKCS#12, named after its file', async () => {
    const cwd = tempDir();
    const home = tempDir();
    const id = newIdentity({ commonName: 'Firm Signer', keyType: 'p256' });
    writeFileSync(join(cwd, 'Firm Signer 2026.p12'), exportIdentity(id, 'firm passphrase', 'firm'));
    const r = await runCliIn(cwd, ['keys', 'import', 'Firm Signer 2026.p12'], {
      env: { PORTCULLIS_HOME: home, PORTCULLIS_PASSPHRASE: 'firm passphrase' },
    });
    expect(r.stdout).toMatch(/^Imported identity Firm_Signer_2026: CN=Firm Signer \(p256, self-signed\)/);
    expect(readFileSync(join(home, 'identities', 'Firm_Signer_2026.pem'), 'utf8')).toMatch(/BEGIN CERTIFICATE/);
  });
});
