// The engagement commands from the keyboard, in Chromium against the harness: the same shortcuts the
// native menu shows (Ctrl+N, Ctrl+I, Ctrl+E, Ctrl+F) run the same commands the menu sends. The menu's
// own items and their accelerators are checked in test/unit/app-security.test.ts.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from './fixtures';
import { EngagementPage } from './pages/engagement-page';
import { ImportsPage } from './pages/imports-page';
import { StartPage } from './pages/start-page';

const corpus = resolve(import.meta.dirname, '../../../shared/corpus');
const scan = join(corpus, 'scans/python-libnmap--dionaea_scan.xml');

test('Ctrl+N, Ctrl+I, Ctrl+E and Ctrl+F reach the new form, the import dialog, the export tab and the filters', async ({
  page,
  harness,
}) => {
  test.skip(!existsSync(scan), `the scan corpus is not at ${corpus}; this test needs ${scan}`);
  const start = new StartPage(page);
  await start.goto();
  await page.locator('body').press('Control+n');
  await expect(start.form.getByLabel('File name')).toBeFocused();

  await start.create({ fileName: 'keys', entity: 'Acme Retail', assessor: 'A. Assessor' });
  const engagement = new EngagementPage(page);
  await expect(engagement.title).toHaveText('Acme Retail');

  // Ctrl+I from another tab: back to the overview, and the import dialog opens (answered by the harness).
  await page.getByRole('tab', { name: /^Evidence/ }).click();
  await harness.queueDialogPaths([scan]);
  await page.locator('body').press('Control+i');
  const imports = new ImportsPage(page);
  await expect(page.getByRole('tab', { name: /^Overview/ })).toHaveAttribute('aria-selected', 'true');
  await expect(imports.chosenFiles).toHaveText(['python-libnmap--dionaea_scan.xml']);
  await imports.start();
  await imports.doneButton.click();

  await page.locator('body').press('Control+e');
  await expect(page.getByRole('tab', { name: /^Export/ })).toHaveAttribute('aria-selected', 'true');

  await page.getByRole('tab', { name: /^Observations/ }).click();
  await page.locator('body').press('Control+f');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    return el ? { tag: el.tagName, inSearch: el.closest('[role="search"]') !== null } : null;
  });
  expect(focused, 'Ctrl+F focused a filter field of the Observations tab').toMatchObject({ inSearch: true });
});
