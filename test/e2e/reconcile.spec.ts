// The Reconcile tab end to end, in Chromium against the harness: a generated nmap scan and a real
// iptables rulebase imported through the UI, Telnet reviewed only as far as "constrain" (its exception
// still a draft), then the reconciliation: one card per category with its count, the rows with what was
// found and what to do, an item opened from its row, and every row exported as CSV through the save
// dialog. Counts are read here from the scan and the rulebase, as the comments say.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { MARCH_SCAN, EDGE_RULEBASE } from '../unit/reconcile-fixtures';
import { test, expect, type HarnessHandle } from './fixtures';
import { EngagementPage } from './pages/engagement-page';
import { ImportsPage } from './pages/imports-page';
import { ItemsPage } from './pages/items-page';
import { ReconcilePage } from './pages/reconcile-page';
import { ReviewPage } from './pages/review-page';
import { StartPage } from './pages/start-page';

const repoRoot = resolve(import.meta.dirname, '../..');
const corpus = resolve(repoRoot, '../shared/corpus');
const rulebase = join(corpus, EDGE_RULEBASE);
const shots = resolve(repoRoot, 'docs/screenshots');

test.skip(!existsSync(rulebase), `the corpus is not at ${corpus} (no ${rulebase}); this test needs it`);

/**
 * The scan's open insecure services, one per host: 200.1.1.1 HTTP, .3 Telnet, .4 SMTP, 203.0.113.10-16
 * FTP, VNC, Redis, MySQL, RDP, VNC, finger. None has a decision, Telnet's exception is a draft: all open
 * without an approved exception.
 */
const OPEN = 10;
/** Allowed by the firewall to 200.1.1.5 (25/tcp, seen closed) and 200.1.1.2 (80/tcp, seen closed). */
const ALLOWED_NEVER_SEEN = 2;
/** Telnet on .3 (the firewall only lets return traffic in) and the seven 203.0.113.x hosts it never names. */
const NOT_ADMITTED = 8;

async function setUp(page: Page, harness: HarnessHandle): Promise<void> {
  const start = new StartPage(page);
  await start.goto();
  await start.create({ fileName: 'acme-reconcile', entity: 'Acme Retail', assessor: 'A. Assessor' });
  await expect(new EngagementPage(page).title).toHaveText('Acme Retail');
  const imports = new ImportsPage(page);
  const scan = join(harness.scratch, 'march.xml');
  writeFileSync(scan, MARCH_SCAN);
  await harness.queueDialogPaths([scan, rulebase]);
  await imports.choose();
  await imports.start();
  await expect(imports.summary('march.xml')).toContainText('12 host');
  const fw = rulebase.split('/').pop()!;
  await imports.retryHostName(fw).fill('edge-fw');
  await imports.retryButton(fw).click();
  await expect(imports.summary(fw)).toContainText('69 rule');
  await imports.doneButton.click();
}

async function shoot(page: Page, target: Locator, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.mouse.move(0, 0);
  await target.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 8));
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

test.describe('reconcile', () => {
  test.use({ viewport: { width: 1280, height: 1000 } });

  test('shows what is open against what is documented, opens an item, exports every row', async ({ page, harness }) => {
    await setUp(page, harness);

    // Telnet: constrain and secure, nothing more yet — the exception stays a draft.
    const review = new ReviewPage(page);
    await review.open();
    await review.openItem('Telnet on 23/tcp');
    await review.decision.getByRole('radio', { name: 'Constrain and secure' }).check();
    await expect(review.save).toHaveText('Saved');

    const rc = new ReconcilePage(page);
    await rc.open();
    const counts = {
      'open-without-exception': String(OPEN),
      stale: '0',
      'allowed-never-observed': String(ALLOWED_NEVER_SEEN),
      'observed-not-admitted': String(NOT_ADMITTED),
      expiring: '0',
      'disposed-still-observed': '0',
    };
    for (const [category, n] of Object.entries(counts)) {
      await expect(rc.cardCount(category)).toHaveText(n);
      await expect(rc.count(category)).toHaveText(n);
    }
    await expect(rc.rows('open-without-exception')).toHaveCount(OPEN);

    const telnet = rc.row('open-without-exception', 'telnet|23/tcp', '200.1.1.3');
    await expect(telnet).toContainText('Constrain and secure, exception draft');
    await expect(telnet).toContainText(
      'Telnet is open on 200.1.1.3 23/tcp, last seen open 2026-03-02 (import #1); it is kept under an exception that is still a draft, not approved.',
    );
    await expect(telnet).toContainText('Have the exception approved (not by its requester), or disable the service.');
    await expect(rc.row('open-without-exception', 'mail-cleartext|25/tcp', '200.1.1.4')).toContainText(
      'admitted by edge-fw filter/I_permit-mail-services #1 (line 41)',
    );
    await expect(rc.rows('allowed-never-observed')).toHaveText([
      /edge-fw filter\/I_permit-mail-services #2 \(line 42\).*200\.1\.1\.5\/32.*25\/tcp.*Remove the rule or narrow it/,
      /edge-fw filter\/I_permit-web-services #2 \(line 46\).*200\.1\.1\.2\/32.*80\/tcp/,
    ]);
    await expect(rc.row('observed-not-admitted', 'telnet|23/tcp', '200.1.1.3')).toContainText(
      'but edge-fw filters traffic to 200.1.1.3 and no rule admits 23/tcp from any source',
    );
    await expect(rc.row('observed-not-admitted', 'ftp|21/tcp', '203.0.113.10')).toContainText(
      'no imported rulebase covers 203.0.113.10',
    );
    await expect(rc.section('stale').getByTestId('reconcile-empty')).toHaveText('Nothing found.');
    await shoot(page, rc.tab, 'reconcile');

    // Every row, to the file the save dialog names (the harness answers with the workspace).
    await rc.exportCsv.click();
    await expect(rc.saved).toContainText('reconciliation-');
    const savedTo = (await rc.savedPath.textContent())!;
    expect(savedTo.startsWith(harness.workspace)).toBe(true);
    const lines = readFileSync(savedTo, 'utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + OPEN + ALLOWED_NEVER_SEEN + NOT_ADMITTED);
    expect(lines[0]).toMatch(/^"category","kind","item","title","host","port",/);

    // A row opens its insecure item.
    await telnet.getByRole('button', { name: 'Telnet' }).click();
    const items = new ItemsPage(page);
    await expect(items.tab).toHaveAttribute('aria-selected', 'true');
    await expect(items.detail).toContainText('200.1.1.3');
  });
});
