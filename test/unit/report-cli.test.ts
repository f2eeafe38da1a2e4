// `portcullis report` over the handler table: writes the PDF (reproducibly for a fixed time), never
// overwrites, signs with a stored identity whose passphrase comes from the environment or a file (never
// argv), and leaves no file at all when it fails.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCliIn } from './cli-helpers';
import { tempDir } from './helpers';
import { NMAP_LOCAL_TCP_XML } from './import-scan-fixtures';
import { pdfSig, pdfText, popplerAvailable } from './report-helpers';

const FIXED = '2026-11-20T10:00:00Z';
let cwd: string;
let env: Record<string, string>;

beforeEach(async () => {
  cwd = tempDir();
  env = { PORTCULLIS_HOME: join(cwd, 'home') };
  writeFileSync(join(cwd, 'scan.xml'), NMAP_LOCAL_TCP_XML);
  expect(
    (await runCliIn(cwd, ['new', 'e.portcullis', '--entity', 'Acme Retail', '--assessor', 'A. Assessor'], { env }))
      .status,
  ).toBe(0);
  expect((await runCliIn(cwd, ['import', 'e.portcullis', 'scan.xml'], { env })).status).toBe(0);
});

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const leftovers = () => readdirSync(cwd).filter((f) => f.includes('.partial-'));

describe('portcullis report', () => {
  it('writes the report, reproducibly for a fixed time, and never overwrites a file', async () => {
    const r = await runCliIn(cwd, ['report', 'e.portcullis', '--out', 'r.pdf', '--fixed-time', FIXED, '--json'], {
      env,
    });
    expect(r.status).toBe(0);
    const value = JSON.parse(r.stdout) as { out: string; sha256: string; pages: number; items: number; signer: null };
    expect(value).toMatchObject({
      out: join(cwd, 'r.pdf'),
      signer: null,
      fixedTime: '2026-11-20T10:00:00.000Z',
      items: 7,
    });
    expect(value.sha256).toBe(sha(join(cwd, 'r.pdf')));
    expect(value.pages).toBeGreaterThan(10);
    if (popplerAvailable) expect(pdfText(readFileSync(join(cwd, 'r.pdf'))).text).toContain('Acme Retail');

    const again = await runCliIn(cwd, ['report', 'e.portcullis', '--out', 'r2.pdf', '--fixed-time', FIXED], { env });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('not signed');
    expect(sha(join(cwd, 'r2.pdf'))).toBe(value.sha256);

    const clash = await runCliIn(cwd, ['report', 'e.portcullis', '--out', 'r.pdf'], { env });
    expect(clash.status).toBe(1);
    expect(clash.stderr).toMatch(/r\.pdf: already exists; choose another name/);
    expect(sha(join(cwd, 'r.pdf'))).toBe(value.sha256);
  });

  it('signs with a stored identity, the passphrase from the environment or a file', async () => {
    const keys = await runCliIn(cwd, ['keys', 'new', '--name', 'alice', '--cn', 'Alice Auditor'], {
      env: { ...env, PORTCULLIS_PASSPHRASE: 'correct horse battery' },
    });
    expect(keys.status, keys.stderr).toBe(0);
    const r = await runCliIn(cwd, ['report', 'e.portcullis', '--out', 's.pdf', '--identity', 'alice', '--json'], {
      env: { ...env, PORTCULLIS_PASSPHRASE: 'correct horse battery' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ signer: 'Alice Auditor' });
    if (popplerAvailable) expect(pdfSig(readFileSync(join(cwd, 's.pdf'))).stdout).toContain('Signature is Valid.');

    writeFileSync(join(cwd, 'pass.txt'), 'correct horse battery\n');
    const fromFile = await runCliIn(
      cwd,
      ['report', 'e.portcullis', '--out', 's2.pdf', '--identity', 'alice', '--passphrase-file', 'pass.txt'],
      { env },
    );
    expect(fromFile.status, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toContain('signed (PAdES-B-B) by Alice Auditor');
  });

  it('refuses bad requests and leaves no file behind when it fails', async () => {
    await runCliIn(cwd, ['keys', 'new', '--name', 'alice', '--cn', 'Alice Auditor'], {
      env: { ...env, PORTCULLIS_PASSPHRASE: 'correct horse battery' },
    });
    const wrong = await runCliIn(cwd, ['report', 'e.portcullis', '--out', 'w.pdf', '--identity', 'alice'], {
      env: { ...env, PORTCULLIS_PASSPHRASE: 'not the passphrase' },
    });
    expect(wrong.status).toBe(1);
    expect(existsSync(join(cwd, 'w.pdf'))).toBe(false);

    const noSecret = await runCliIn(cwd, ['report', 'e.portcullis', '--out', 'w.pdf', '--identity', 'alice'], { env });
    expect(noSecret.status).toBe(1);
    expect(noSecret.stderr).toMatch(/--passphrase-file, set PORTCULLIS_PASSPHRASE/);

    const stray = await runCliIn(cwd, ['report', 'e.portcullis', '--out', 'w.pdf', '--passphrase-file', 'p.txt'], {
      env,
    });
    expect(stray.status).toBe(1);
    expect(stray.stderr).toMatch(/only used with --identity/);

    const unknown = await runCliIn(cwd, ['report', 'e.portcullis', '--out', 'w.pdf', '--identity', 'bob'], {
      env: { ...env, PORTCULLIS_PASSPHRASE: 'whatever passphrase' },
    });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no identity named "bob"/);

    const time = await runCliIn(cwd, ['report', 'e.portcullis', '--out', 'w.pdf', '--fixed-time', 'yesterday'], {
      env,
    });
    expect(time.status).toBe(1);
    expect(time.stderr).toMatch(/fixedTime: expected an ISO 8601 time/);

    const notPdf = await runCliIn(cwd, ['report', 'e.portcullis', '--out', 'w.txt'], { env });
    expect(notPdf.status).toBe(1);
    expect(notPdf.stderr).toMatch(/out: expected a file name ending in \.pdf/);

    const noDir = await runCliIn(cwd, ['report', 'e.portcullis', '--out', join('missing', 'w.pdf')], { env });
    expect(noDir.status).toBe(1);
    expect(noDir.stderr).toMatch(/cannot write the report/);

    expect(existsSync(join(cwd, 'w.pdf'))).toBe(false);
    expect(leftovers()).toEqual([]);
  });
});
