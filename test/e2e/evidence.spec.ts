// The evidence register end to end, in Chromium against the harness: a real nmap scan imported through
// the UI is registered as E-001 system evidence with its SHA-256; its purpose and procedure are recorded
// (after the core refuses an empty title), an interview is written down as E-002, the register is filtered
// by procedure and type, and the audit log on the Overview shows both changes. The hash is computed here
// from the file itself.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { PortcullisApi } from '../../src-main/api/contract';
import { test, expect } from './fixtures';
import { EngagementPage } from './pages/engagement-page';
import { EvidencePage } from './pages/evidence-page';
import { ImportsPage } from './pages/imports-page';
import { StartPage } from './pages/start-page';

const repoRoot = resolve(import.meta.dirname, '../..');
const corpus = resolve(repoRoot, '../shared/corpus');
const FILE = 'python-libnmap--dionaea_scan.xml';
const dionaea = join(corpus, 'scans', FILE);

test.skip(!existsSync(dionaea), `the scan corpus is not at ${corpus} (no ${dionaea}); these tests need it`);

const PURPOSE = 'Shows the services listening on the honeypot segment';
const INTERVIEW = 'Interview with the network administrator';
const NOTE =
  'Network administrator (J. Doe) walked through the ruleset review process and the approval of insecure services.';

/** Skips the test when this build has no parser for a format the test needs. */
async function requireFormats(page: Page, ...ids: string[]): Promise<void> {
  const offered = await page.evaluate(async () => {
    const bridge = (window as unknown as { portcullis: PortcullisApi }).portcullis;
    const reply = await bridge['format.list']({});
    return reply.ok ? reply.value.map((f) => f.id) : [];
  });
  const missing = ids.filter((id) => !offered.includes(id));
  test.skip(missing.length > 0, `no parser yet for: ${missing.join(', ')}`);
}

test('registers an import as evidence, records its purpose and procedure, and adds an interview', async ({
  page,
  harness,
}) => {
  const sha256 = createHash('sha256').update(readFileSync(dionaea)).digest('hex');

  const start = new StartPage(page);
  await start.goto();
  await start.create({ fileName: 'acme-evidence', entity: 'Acme Retail', assessor: 'A. Assessor' });
  const engagement = new EngagementPage(page);
  await expect(engagement.title).toHaveText('Acme Retail');
  const imports = new ImportsPage(page);
  await harness.queueDialogPaths([dionaea]);
  await imports.choose();
  await requireFormats(page, 'nmap-xml');
  await imports.start();
  await expect(imports.summary(FILE)).toContainText('1 host');
  await imports.doneButton.click();

  // The imported original is E-001, system evidence, with its name and hash.
  const evidence = new EvidencePage(page);
  await evidence.open();
  await expect(evidence.tab).toHaveAttribute('aria-selected', 'true');
  await expect(evidence.rows).toHaveCount(1);
  await expect(evidence.range).toHaveText('1 entry');
  await expect(evidence.cell('E-001', 'ref')).toHaveText('E-001');
  await expect(evidence.cell('E-001', 'type')).toHaveText('System evidence');
  await expect(evidence.cell('E-001', 'source')).toContainText(FILE);
  await expect(evidence.cell('E-001', 'source')).toContainText(sha256.slice(0, 10));
  await expect(evidence.cell('E-001', 'procedure')).toHaveText('—');

  // Its editor offers only document and system evidence; the core refuses an empty title.
  await evidence.toggle('E-001');
  const editor = evidence.editor('E-001');
  await expect(editor).toBeVisible();
  const type = editor.getByRole('combobox', { name: 'Type' });
  await expect(type.locator('option')).toHaveText(['Document', 'System evidence']);
  const title = editor.getByRole('textbox', { name: 'Title' });
  const original = await title.inputValue();
  expect(original).not.toBe('');
  await title.fill('');
  await editor.getByRole('button', { name: 'Save E-001' }).click();
  await expect(editor.getByRole('alert')).toHaveText('E-001: the title must not be empty');

  await title.fill(original);
  await editor.getByRole('textbox', { name: 'Purpose' }).fill(PURPOSE);
  await editor.getByRole('combobox', { name: 'Procedure' }).selectOption('1.2.6.b');
  await editor.getByRole('button', { name: 'Save E-001' }).click();
  await expect(editor.getByRole('status')).toHaveText('Saved.');
  await expect(editor.getByRole('alert')).toHaveCount(0);
  await expect(evidence.cell('E-001', 'purpose')).toHaveText(PURPOSE);
  await expect(evidence.cell('E-001', 'procedure')).toHaveText('1.2.6.b');
  await expect(evidence.cell('E-001', 'title')).toContainText(original);

  // An interview is written down as E-002.
  await evidence.addNote({ type: 'Interview', title: INTERVIEW, note: NOTE, procedure: '1.2.6.a' });
  await expect(evidence.noteForm.getByRole('status')).toHaveText('Recorded as E-002.');
  await expect(evidence.rows).toHaveCount(2);
  await expect(evidence.cell('E-002', 'type')).toHaveText('Interview');
  await expect(evidence.cell('E-002', 'title')).toHaveText(INTERVIEW);
  await expect(evidence.cell('E-002', 'procedure')).toHaveText('1.2.6.a');
  await expect(evidence.cell('E-002', 'source')).toHaveText(
    'Network administrator (J. Doe) walked through the ruleset review process and the…',
  );

  // Filters: by procedure, then by type.
  await evidence.procedureFilter.selectOption('1.2.6.a');
  await expect(evidence.rows).toHaveCount(1);
  await expect(evidence.row('E-002')).toBeVisible();
  await expect(evidence.range).toHaveText('1 entry of 2');
  await evidence.procedureFilter.selectOption('1.2.6.b');
  await expect(evidence.rows).toHaveCount(1);
  await expect(evidence.row('E-001')).toBeVisible();
  await evidence.procedureFilter.selectOption({ label: 'None yet' });
  await expect(evidence.rows).toHaveCount(0);
  await evidence.clearFilters.click();
  await evidence.typeFilter.selectOption({ label: 'Interview' });
  await expect(evidence.rows).toHaveCount(1);
  await expect(evidence.row('E-002')).toBeVisible();
  await evidence.clearFilters.click();
  await expect(evidence.rows).toHaveCount(2);

  // The register with E-001 open, from the tabs down.
  await evidence.noteForm.getByRole('button', { name: 'Close' }).click();
  const out = resolve(repoRoot, 'docs/screenshots');
  mkdirSync(out, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.mouse.move(0, 0);
  await page.evaluate(() => {
    const head = document.querySelector('.tabs');
    if (head) window.scrollTo(0, head.getBoundingClientRect().top + window.scrollY - 8);
  });
  await page.screenshot({ path: join(out, 'evidence.png') });

  // Both changes are in the audit log; the refused one is not.
  await page.getByRole('tab', { name: 'Overview' }).click();
  const commands = engagement.auditRows.getByRole('cell').filter({ hasText: /^evidence\./ });
  await expect(commands).toHaveText(['evidence.update', 'evidence.note']);
});
