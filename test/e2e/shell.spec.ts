// The shell end to end, in Chromium against the harness: creating and opening engagements, validation
// from the core, adding a large file with progress, themes, and no traffic beyond the harness.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from './fixtures';
import { EngagementPage } from './pages/engagement-page';
import { StartPage, type NewEngagement } from './pages/start-page';

const acme: NewEngagement = {
  fileName: 'acme-2025',
  entity: 'Acme Retail',
  assessor: 'A. Assessor',
  periodStart: '2025-01-01',
  periodEnd: '2025-06-30',
  scopeNote: 'Cardholder data environment: store POS network, payment gateway and the admin jump hosts.',
};

/** Writes `size` random bytes and returns the file's path and SHA-256. */
function makeInput(dir: string, name: string, size: number): { path: string; sha256: string } {
  const path = join(dir, name);
  const bytes = randomBytes(size);
  writeFileSync(path, bytes);
  return { path, sha256: createHash('sha256').update(bytes).digest('hex') };
}

test('creates an engagement through the form, opens it and lists it', async ({ page }) => {
  const start = new StartPage(page);
  await start.goto();
  await expect(start.actor).toContainText('e2e');
  await expect(start.emptyList).toBeVisible();

  await start.create(acme);
  const engagement = new EngagementPage(page);
  await expect(engagement.title).toHaveText('Acme Retail');
  await expect(engagement.meta('entity')).toHaveText('Acme Retail');
  await expect(engagement.meta('assessor')).toHaveText('A. Assessor');
  await expect(engagement.meta('period')).toHaveText('2025-01-01 to 2025-06-30');
  await expect(engagement.meta('scope')).toHaveText(acme.scopeNote!);
  await expect(engagement.badge).toHaveText(/Chain valid · 1 entry$/);
  await expect(engagement.auditRows).toHaveCount(1);
  expect(await engagement.auditEntry(1)).toMatchObject({ seq: '1', actor: 'e2e', command: 'engagement.create' });

  await engagement.backLink.click();
  await expect(start.row('acme-2025.portcullis')).toContainText('Acme Retail');
  await expect(start.row('acme-2025.portcullis')).toContainText('A. Assessor');
});

test('shows the core’s validation message inline and creates nothing', async ({ page, harness }) => {
  const start = new StartPage(page);
  await start.goto();
  await start.create({ fileName: 'no-entity', assessor: 'A. Assessor' });

  await expect(start.formError).toContainText('the assessed entity is required');
  await expect(start.form.getByLabel('File name')).toHaveValue('no-entity');
  await expect(start.emptyList).toBeVisible();
  expect(readdirSync(harness.workspace).filter((n) => n.includes('portcullis'))).toEqual([]);
});

test('adds a 24 MiB file through the dialog with progress and records it', async ({ page, harness }) => {
  const input = makeInput(harness.scratch, 'firewall-rulebase-export.bin', 24 * 1024 * 1024);
  const start = new StartPage(page);
  await start.goto();
  await start.create(acme);
  const engagement = new EngagementPage(page);
  await expect(engagement.badge).toHaveText(/1 entry/);

  await harness.queueDialogPaths([input.path]);
  await engagement.addFilesButton.click();
  await expect(engagement.progressBar).toBeVisible();
  await expect(engagement.progressBar).toHaveAttribute('aria-valuenow', '100');
  await expect(engagement.jobs.getByRole('status')).toHaveText('Added 1 file (24.0 MiB).');

  const row = engagement.fileRow('firewall-rulebase-export.bin');
  await expect(row).toContainText('24.0 MiB');
  await expect(row).toContainText('original');
  await expect(row).toContainText('e2e');
  await expect(row.getByTitle(input.sha256, { exact: true })).toHaveText(
    `${input.sha256.slice(0, 10)}…${input.sha256.slice(-6)}`,
  );

  await expect(engagement.auditRows).toHaveCount(2);
  expect(await engagement.auditEntry(2)).toMatchObject({ seq: '2', actor: 'e2e', command: 'artifact.add' });
  await expect(engagement.badge).toHaveText(/Chain valid · 2 entries$/);
});

test('the theme control switches to dark, persists, and follows the system', async ({ page }) => {
  const start = new StartPage(page);
  await start.goto();
  const html = page.locator('html');
  await expect(start.themeChoice('System')).toBeChecked();
  await expect(html).toHaveAttribute('data-theme', 'light');

  await start.themeChoice('Dark').check();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(start.themeChoice('Dark')).toBeChecked();

  await start.themeChoice('System').check();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-theme', 'dark');
});

test('the renderer talks to nothing but the harness', async ({ page, harness, requests }) => {
  const input = makeInput(harness.scratch, 'scan.xml', 64 * 1024);
  const start = new StartPage(page);
  await start.goto();
  await start.create(acme);
  const engagement = new EngagementPage(page);
  await harness.queueDialogPaths([input.path]);
  await engagement.addFilesButton.click();
  await expect(engagement.fileRow('scan.xml')).toBeVisible();
  await engagement.rehashButton.click();
  await expect(engagement.jobs.getByRole('status').filter({ hasText: 'Re-hashed' })).toHaveText(
    'Re-hashed 1 stored file (64.0 KiB): every file matches its SHA-256.',
  );
  await engagement.verifyChainButton.click();
  await start.themeChoice('Dark').check();
  await engagement.backLink.click();
  await expect(start.row('acme-2025.portcullis')).toBeVisible();

  expect(requests.all.some((u) => u.startsWith(`${harness.origin}/api/invoke`))).toBe(true);
  expect(requests.foreign).toEqual([]);
});

test.describe('screenshot', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('saves the engagement view for the README', async ({ page, harness }) => {
    const rulebase = makeInput(harness.scratch, 'edge-fw01-rulebase.xml', 3 * 1024 * 1024 + 123_456);
    const scan = makeInput(harness.scratch, 'nmap-cde-2025-05.xml', 812_345);
    const start = new StartPage(page);
    await start.goto();
    await start.create(acme);
    const engagement = new EngagementPage(page);
    await engagement.editScopeNote(
      'Cardholder data environment: store POS network, payment gateway and admin jump hosts. Excludes corporate Wi-Fi (segmented, tested 2025-04).',
    );
    await expect(engagement.auditRows).toHaveCount(2);

    await harness.queueDialogPaths([rulebase.path, scan.path]);
    await engagement.addFilesButton.click();
    await expect(engagement.fileRows).toHaveCount(2);
    await expect(engagement.auditRows).toHaveCount(4);
    await expect(engagement.badge).toHaveText(/Chain valid · 4 entries$/);
    await engagement.jobs.getByRole('button', { name: 'Dismiss' }).click();
    await expect(engagement.jobs).toHaveCount(0);

    await page.evaluate(() => window.scrollTo(0, 0));
    const out = resolve(import.meta.dirname, '../../docs/screenshots');
    mkdirSync(out, { recursive: true });
    await page.screenshot({ path: join(out, 'shell.png') });
  });
});
