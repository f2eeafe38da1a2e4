// The Export tab end to end, in Chromium against the harness: a real nmap scan imported through the UI,
// the firm's local CA and an assessor identity it issues created in the UI, the readiness warning with
// the core's own counts, a wrong passphrase and a cancelled save dialog that write nothing, then the
// signed package and the signed PDF report written through the save dialog (outside the workspace),
// each with its file, size, SHA-256 and signer. The package then verifies in the UI: untrusted without
// a CA, every check passed with the CA; after one byte of the zip is flipped on disk, the failing checks
// are named. Last, a PKCS#12 file is imported through the open dialog (a wrong passphrase refused by
// name) and the tab passes axe. Hashes and sizes are computed here from the files themselves.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { PortcullisApi } from '../../src-main/api/contract';
import { test, expect } from './fixtures';
import { EngagementPage } from './pages/engagement-page';
import { ExportPage } from './pages/export-page';
import { ImportsPage } from './pages/imports-page';
import { StartPage } from './pages/start-page';

const repoRoot = resolve(import.meta.dirname, '../..');
const corpus = resolve(repoRoot, '../shared/corpus');
const FILE = 'nmap-nmap_multiple_port.xml';
const scan = join(corpus, 'scans', FILE);
const CA_PASSPHRASE = 'firm CA passphrase 1';
const PASSPHRASE = 'alice signs the binder';

test.skip(!existsSync(scan), `the scan corpus is not at ${corpus} (no ${scan}); this test needs it`);

const sha256Of = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function readiness(page: Page): Promise<{ total: number; open: number; issues: number }> {
  return page.evaluate(async () => {
    const bridge = (window as unknown as { portcullis: PortcullisApi }).portcullis;
    const list = await bridge['engagement.list']({});
    if (!list.ok || !list.value[0]) throw new Error('no engagement');
    const reply = await bridge['review.validate']({ path: list.value[0].path });
    if (!reply.ok) throw new Error(reply.error.message);
    const open = reply.value.items.filter((i) => !i.auditReady);
    return { total: reply.value.total, open: open.length, issues: open.flatMap((i) => i.issues).length };
  });
}

/** Serious or critical WCAG 2.1 A/AA violations on the page as it is now. */
async function severeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

async function screenshotTab(page: Page, name: string): Promise<void> {
  const out = resolve(repoRoot, 'docs/screenshots');
  mkdirSync(out, { recursive: true });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(out, name), fullPage: true });
}

test('signs and exports the package and the report, then verifies it and names a flipped byte', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 1000 });
  const start = new StartPage(page);
  await start.goto();
  await start.create({ fileName: 'acme-export', entity: 'Acme Retail', assessor: 'Alice Auditor' });
  await expect(new EngagementPage(page).title).toHaveText('Acme Retail');
  const imports = new ImportsPage(page);
  await harness.queueDialogPaths([scan]);
  await imports.choose();
  await imports.start();
  await expect(imports.summary(FILE)).toContainText('13 observations');
  await imports.doneButton.click();

  const ex = new ExportPage(page);
  await ex.open();
  await expect(ex.noIdentity).toBeVisible();
  await expect(ex.exportPackageButton).toBeDisabled();

  // The firm's CA once, then the assessor's identity it issues.
  await ex.createIdentity({
    kind: 'ca',
    name: 'firm-ca',
    commonName: 'Example QSA Local CA',
    organization: 'Example QSA LLP',
    keyType: 'p256',
    passphrase: CA_PASSPHRASE,
  });
  await expect(ex.caCertPath).toHaveText(/firm-ca\.pem$/);
  const caPem = (await ex.caCertPath.innerText()).trim();
  await ex.createIdentity({
    kind: 'assessor',
    name: 'alice',
    commonName: 'Alice Auditor',
    organization: 'Example QSA LLP',
    email: 'alice@example.org',
    keyType: 'p256',
    issuedBy: { name: 'firm-ca', passphrase: CA_PASSPHRASE },
    passphrase: PASSPHRASE,
  });
  await expect(ex.signWith).toHaveValue('alice');
  await expect(ex.identityFacts).toContainText('O=Example QSA LLP, CN=Alice Auditor');
  await expect(ex.identityFacts).toContainText('ECDSA P-256 key, issued by O=Example QSA LLP, CN=Example QSA Local CA');

  // The readiness warning says what the core says is open.
  const r = await readiness(page);
  expect(r.open).toBeGreaterThan(0);
  await expect(ex.readiness).toContainText(
    `${r.open} of ${r.total} insecure item${r.total === 1 ? '' : 's'} not audit-ready: ${r.issues} open validation`,
  );
  await expect(ex.readiness).toContainText('You can export anyway');

  // A wrong passphrase fails the job by name and leaves no file; a cancelled save dialog starts nothing.
  const zip = join(harness.scratch, 'acme-evidence.zip');
  await ex.passphrase.fill('not the passphrase');
  await harness.queueSavePaths([zip]);
  await ex.exportPackageButton.click();
  await expect(ex.passphrase).toHaveValue('');
  const failed = ex.job(/wrong passphrase/);
  await expect(failed).toContainText('alice.p12: wrong passphrase');
  expect(existsSync(zip)).toBe(false);
  await failed.getByRole('button', { name: 'Dismiss' }).click();
  await ex.passphrase.fill(PASSPHRASE);
  await harness.queueSavePaths([null]);
  await ex.exportPackageButton.click();
  await expect(ex.passphrase).toHaveValue('');
  await expect(ex.jobs).toHaveCount(0);
  await expect(ex.exportError).toHaveCount(0);

  // The package, saved outside the workspace where the dialog chose.
  await ex.passphrase.fill(PASSPHRASE);
  await harness.queueSavePaths([zip]);
  await ex.exportPackageButton.click();
  const pkgJob = ex.job(/Signed evidence package/);
  await expect(pkgJob).toContainText('Wrote acme-evidence.zip', { timeout: 60_000 });
  await expect(ex.result(pkgJob, 'File')).toHaveText(zip);
  await expect(ex.result(pkgJob, 'SHA-256')).toHaveText(sha256Of(zip));
  await expect(ex.result(pkgJob, 'Size')).toContainText(`${(statSync(zip).size / 1024).toFixed(1)} KiB`);
  await expect(ex.result(pkgJob, 'Signer')).toHaveText('O=Example QSA LLP, CN=Alice Auditor');

  // The report: the extension left off in the dialog is added.
  await ex.passphrase.fill(PASSPHRASE);
  await harness.queueSavePaths([join(harness.scratch, 'acme-report')]);
  await ex.exportReportButton.click();
  const pdf = join(harness.scratch, 'acme-report.pdf');
  const reportJob = ex.job(/PDF report \(signed by alice\)/);
  await expect(reportJob).toContainText('Wrote acme-report.pdf', { timeout: 60_000 });
  expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await expect(ex.result(reportJob, 'SHA-256')).toHaveText(sha256Of(pdf));
  await expect(ex.result(reportJob, 'Signer')).toHaveText('Alice Auditor');
  expect(readdirSync(harness.scratch).sort()).toEqual(['acme-evidence.zip', 'acme-report.pdf']);
  await screenshotTab(page, 'export.png');

  // Verify: without a CA the signer is not trusted; with the firm's CA every check passes.
  await harness.queueDialogPaths([zip]);
  await ex.choosePackageButton.click();
  await expect(ex.verdict).toHaveText(/^Valid, but the signer is not trusted/);
  await expect(ex.check('certificate')).toHaveAttribute('data-status', 'warn');
  await harness.queueDialogPaths([caPem]);
  await ex.chooseCaButton.click();
  await expect(ex.verdict).toHaveText('Valid: complete, unaltered and signed by a signer that chains to the CA given.');
  const names = await ex.checks.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-check')));
  expect(names).toEqual([
    'zip',
    'bagit',
    'bag-info',
    'manifest',
    'tag-manifest',
    'signature',
    'certificate',
    'report-signature',
    'audit-chain',
  ]);
  for (const name of names) await expect(ex.check(name!)).toHaveAttribute('data-status', 'pass');

  // One byte of the scan inside the zip flipped on disk: the manifest check names the file.
  const bytes = readFileSync(zip);
  const at = bytes.indexOf('<nmaprun');
  expect(at).toBeGreaterThan(0);
  bytes[at + 1] = bytes[at + 1]! ^ 0x01;
  writeFileSync(zip, bytes);
  await ex.verifyAgainButton.click();
  await expect(ex.verdict).toHaveText('Not valid: failed Zip structure, Payload manifest.');
  await expect(ex.check('manifest')).toHaveAttribute('data-status', 'fail');
  await expect(ex.check('manifest')).toContainText(
    `data/originals/1-${FILE}: SHA-256 differs from manifest-sha256.txt (the file was altered)`,
  );
  await expect(ex.check('zip')).toContainText(`data/originals/1-${FILE}: CRC-32 does not match`);
  await expect(ex.check('signature')).toHaveAttribute('data-status', 'pass');
  await page.getByRole('heading', { name: 'Verify a package' }).scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  await page.locator('.verify-package').screenshot({ path: join(resolve(repoRoot, 'docs/screenshots'), 'verify.png') });

  // The firm's own PKCS#12 imported through the open dialog (here: alice's, kept by the harness): a wrong
  // passphrase is refused by name, the right one adds it under the name given, and it signs from then on.
  await harness.queueDialogPaths([join(dirname(caPem), 'alice.p12')]);
  await ex.importButton.click();
  await expect(ex.importForm.getByLabel('Name on this machine')).toHaveValue('alice');
  await ex.importForm.getByLabel('Name on this machine').fill('alice-firm');
  await ex.importForm.getByLabel('Passphrase of the PKCS#12 file').fill('not the passphrase');
  await ex.importForm.getByRole('button', { name: 'Import identity' }).click();
  await expect(ex.importForm.getByRole('alert')).toContainText('wrong passphrase');
  await ex.importForm.getByLabel('Passphrase of the PKCS#12 file').fill(PASSPHRASE);
  await ex.importForm.getByRole('button', { name: 'Import identity' }).click();
  await expect(ex.importForm).toHaveCount(0);
  await expect(ex.signWith).toHaveValue('alice-firm');
  await expect(ex.identityFacts).toContainText('O=Example QSA LLP, CN=Alice Auditor');

  // The whole tab, with the package contents and the identity form open, passes axe.
  await page.getByText('What goes into the package').click();
  await ex.newIdentityButton.click();
  await expect(ex.identityForm).toBeVisible();
  expect(await severeViolations(page)).toEqual([]);
});
