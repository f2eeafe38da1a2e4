// Accessibility of every view, in Chromium against the harness: the sample engagement is opened through
// the welcome screen, then axe-core (WCAG 2.0/2.1 A and AA rules) scans the welcome view and every tab of
// the engagement (with an item opened in Insecure items and in Review, and a row opened in Evidence), in
// the light and the dark theme. No serious or critical violation may remain; the count of violations by
// impact is printed for each view. The light run also takes the README's welcome and sample screenshots.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect } from './fixtures';
import { DriftPage } from './pages/drift-page';
import { EngagementPage } from './pages/engagement-page';
import { EvidencePage } from './pages/evidence-page';
import { InventoryPage } from './pages/inventory-page';
import { ItemsPage } from './pages/items-page';
import { ObservationsPage } from './pages/observations-page';
import { ReconcilePage } from './pages/reconcile-page';
import { ReviewPage } from './pages/review-page';
import { RulesPage } from './pages/rules-page';
import { StandardPage } from './pages/standard-page';
import { WelcomePage } from './pages/welcome-page';

const shots = resolve(import.meta.dirname, '../../docs/screenshots');
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;

async function scan(page: Page, testInfo: TestInfo, view: string): Promise<void> {
  // Let entry transitions and pending answers settle, so colours are measured as the user sees them.
  await page.waitForLoadState('networkidle');
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const counts = Object.fromEntries(
    IMPACTS.map((impact) => [impact, violations.filter((v) => v.impact === impact).length]),
  );
  const line = `axe ${testInfo.project.name} ${testInfo.title.split(' ').at(-1)} ${view}: ${IMPACTS.map((i) => `${i} ${counts[i]}`).join(', ')}`;
  console.log(line);
  await testInfo.attach(`axe-${view}`, { body: JSON.stringify(violations, null, 2), contentType: 'application/json' });
  const severe = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect.soft(severe, `serious or critical violations in the ${view} view`).toEqual([]);
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(() => {
    test.use({ colorScheme: theme, viewport: { width: 1280, height: 900 } });

    test(`every view has no serious or critical violation, ${theme}`, async ({ page }, testInfo) => {
      const welcome = new WelcomePage(page);
      await welcome.goto();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await scan(page, testInfo, 'welcome');
      if (theme === 'light') await shoot(page, 'welcome');

      await welcome.sampleButton.click();
      const engagement = new EngagementPage(page);
      await expect(engagement.title).toHaveText('Harbor Street Grocers (sample)');
      await expect(page.getByTestId('dashboard-readiness')).toBeVisible();
      await expect(engagement.auditRows).toHaveCount(16);
      await scan(page, testInfo, 'overview');
      if (theme === 'light') await shoot(page, 'sample-overview');

      const items = new ItemsPage(page);
      await items.open();
      await scan(page, testInfo, 'insecure-items');
      await items.toggle('Telnet on 23/tcp');
      await expect(items.detail).toBeVisible();
      await scan(page, testInfo, 'insecure-item-open');

      const review = new ReviewPage(page);
      await review.open();
      await review.openItem('Telnet on 23/tcp');
      await expect(review.features).toHaveCount(2);
      await scan(page, testInfo, 'review-item-open');
      if (theme === 'light') await shoot(page, 'sample-review');

      const inventory = new InventoryPage(page);
      await inventory.open();
      await scan(page, testInfo, 'inventory');

      const reconcile = new ReconcilePage(page);
      await reconcile.open();
      await scan(page, testInfo, 'reconcile');

      const drift = new DriftPage(page);
      await drift.open();
      await scan(page, testInfo, 'drift');

      const observations = new ObservationsPage(page);
      await observations.open();
      await scan(page, testInfo, 'observations');

      const rules = new RulesPage(page);
      await rules.open();
      await scan(page, testInfo, 'rules');

      const standard = new StandardPage(page);
      await standard.open();
      await scan(page, testInfo, 'standard');

      const evidence = new EvidencePage(page);
      await evidence.open();
      await scan(page, testInfo, 'evidence');
      await evidence.toggle('E-008');
      await expect(evidence.editor('E-008')).toBeVisible();
      await scan(page, testInfo, 'evidence-row-open');
    });
  });
}
