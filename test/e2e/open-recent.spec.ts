// File > Open Recent and Clear Recent as the renderer receives them, in Chromium against the harness. The
// harness has no native menu, so the test hands the page the same plain-data event the desktop app's main
// process sends, through the bridge's own event stream; the menu's items are checked in
// test/unit/menu-recent.test.ts.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { PortcullisApi } from '../../src-main/api/contract';
import { test, expect } from './fixtures';
import { EngagementPage } from './pages/engagement-page';
import { StartPage } from './pages/start-page';
import { WelcomePage } from './pages/welcome-page';

type Captured = Window & { __portcullisEvents?: EventSource };

/** Keeps the bridge's EventSource reachable, so a test can deliver an event as the host would. */
async function captureEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Original = window.EventSource;
    window.EventSource = class extends Original {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        (window as Captured).__portcullisEvents = this;
      }
    };
  });
}

/** A menu event, as the desktop app's main process sends it. */
async function menuEvent(page: Page, event: Record<string, unknown>): Promise<void> {
  await page.evaluate((data) => {
    const source = (window as Captured).__portcullisEvents;
    if (!source) throw new Error('the bridge opened no event stream');
    source.dispatchEvent(new MessageEvent('message', { data }));
  }, JSON.stringify(event));
}

test('Open Recent opens a listed engagement the welcome screen’s way; Clear Recent empties the list', async ({
  page,
  harness,
}) => {
  await captureEvents(page);
  const start = new StartPage(page);
  const welcome = new WelcomePage(page);
  const engagement = new EngagementPage(page);
  await start.goto();
  for (const [fileName, entity] of [
    ['first', 'First Store'],
    ['second', 'Second Store'],
  ] as const) {
    await start.create({ fileName, entity, assessor: 'A. Assessor' });
    await expect(engagement.title).toHaveText(entity);
    await engagement.backLink.click();
  }
  await expect(welcome.recentItems).toHaveCount(2);
  await start.open('second.portcullis');
  await expect(engagement.title).toHaveText('Second Store');

  // From inside another engagement, as the menu would be used.
  await menuEvent(page, { type: 'menu', command: 'open-recent', path: join(harness.workspace, 'first.portcullis') });
  await expect(engagement.title).toHaveText('First Store');

  // The event carries no right to a file: one the host never allowed stays closed, and over an open
  // engagement the refusal shows there (the engagement stays open).
  const elsewhere = join(harness.scratch, 'elsewhere.portcullis');
  copyFileSync(join(harness.workspace, 'first.portcullis'), elsewhere);
  await menuEvent(page, { type: 'menu', command: 'open-recent', path: elsewhere });
  await expect(page.locator('.alert.banner')).toContainText('outside the workspace');
  await expect(engagement.title).toHaveText('First Store');
  await page.locator('.alert.banner').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.locator('.alert.banner')).toHaveCount(0);

  await engagement.backLink.click();
  await expect(welcome.recentItems.first()).toContainText('first.portcullis');
  // On the welcome screen the refusal shows in its own place (another file: a repeat within a moment is
  // one command).
  const another = join(harness.scratch, 'elsewhere-2.portcullis');
  copyFileSync(elsewhere, another);
  await menuEvent(page, { type: 'menu', command: 'open-recent', path: another });
  await expect(welcome.error).toContainText('outside the workspace');
  await expect(welcome.heading).toBeVisible();

  await menuEvent(page, { type: 'menu', command: 'clear-recent' });
  await expect(welcome.recentItems).toHaveCount(0);
  await expect(page.getByText('Engagements you open appear here')).toBeVisible();
  const kept = await page.evaluate(() =>
    (window as unknown as { portcullis: PortcullisApi }).portcullis['engagement.recent']({}),
  );
  expect(kept).toEqual({ ok: true, value: [] });
  // Forgetting is not deleting: both engagements are still in the workspace.
  await expect(start.row('first.portcullis')).toContainText('First Store');
  await expect(start.row('second.portcullis')).toContainText('Second Store');
});
