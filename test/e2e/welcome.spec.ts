// The welcome screen end to end, in Chromium against the harness: the three ways in, the sample
// engagement copied into the workspace and opened (the shipped file never opened in place), the open
// dialog for an engagement file outside the workspace, the recent list, and the context help of the
// walk-through.
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from './fixtures';
import { EngagementPage } from './pages/engagement-page';
import { EvidencePage } from './pages/evidence-page';
import { ReviewPage } from './pages/review-page';
import { StartPage } from './pages/start-page';
import { WelcomePage } from './pages/welcome-page';

const repoRoot = resolve(import.meta.dirname, '../..');
const shippedSample = join(repoRoot, 'resources/samples/harbor-street.portcullis');
const SAMPLE = 'Harbor Street Grocers (sample)';

test('offers the three ways in; New engagement brings the form to the keyboard', async ({ page }) => {
  const welcome = new WelcomePage(page);
  await welcome.goto();
  await expect(welcome.newButton).toBeVisible();
  await expect(welcome.openButton).toBeVisible();
  await expect(welcome.sampleButton).toBeVisible();
  await expect(welcome.sampleButton).toHaveAccessibleDescription(/Harbor Street Grocers/);
  await expect(page.getByText('Engagements you open appear here')).toBeVisible();
  await welcome.newButton.click();
  await expect(welcome.fileNameField).toBeFocused();
});

test('opens the sample as a copy in the workspace, remembers it, and makes a new copy each time', async ({
  page,
  harness,
}) => {
  const welcome = new WelcomePage(page);
  const engagement = new EngagementPage(page);
  await welcome.goto();
  await welcome.sampleButton.click();
  await expect(engagement.title).toHaveText(SAMPLE);
  await expect(page.getByText('harbor-street-sample.portcullis', { exact: true })).toBeVisible();
  expect(readdirSync(harness.workspace).filter((n) => n.endsWith('.portcullis'))).toEqual([
    'harbor-street-sample.portcullis',
  ]);
  // The copy's log: the sample's own history, then who copied it.
  await expect(engagement.badge).toHaveText(/Chain valid · 16 entries$/);
  expect(await engagement.auditEntry(16)).toMatchObject({ actor: 'e2e', command: 'engagement.sample' });
  expect(await engagement.auditEntry(1)).toMatchObject({ actor: 'M. Okafor (QSA)', command: 'engagement.create' });

  const review = new ReviewPage(page);
  await review.open();
  await expect(review.readiness).toContainText('2 of 11');

  await engagement.backLink.click();
  await expect(welcome.recentItems).toHaveCount(1);
  await expect(welcome.recentItem('harbor-street-sample.portcullis')).toContainText(SAMPLE);
  await expect(new StartPage(page).row('harbor-street-sample.portcullis')).toContainText(SAMPLE);

  await welcome.sampleButton.click();
  await expect(page.getByText('harbor-street-sample-2.portcullis', { exact: true })).toBeVisible();
  await engagement.backLink.click();
  await expect(welcome.recentItems.first()).toContainText('harbor-street-sample-2.portcullis');
  await expect(welcome.recentItems).toHaveCount(2);

  // Reopening from the recent list.
  await welcome
    .recentItem('harbor-street-sample.portcullis')
    .getByRole('button', { name: /Harbor Street/ })
    .click();
  await expect(page.getByText('harbor-street-sample.portcullis', { exact: true })).toBeVisible();
});

test('opens an engagement outside the workspace through the dialog, and refuses another kind of file', async ({
  page,
  harness,
}) => {
  const outside = join(harness.scratch, 'store-14-2026.portcullis');
  copyFileSync(shippedSample, outside);
  const notes = join(harness.scratch, 'notes.txt');
  writeFileSync(notes, 'not an engagement');
  const welcome = new WelcomePage(page);
  await welcome.goto();

  await harness.queueDialogPaths([notes]);
  await welcome.openButton.click();
  await expect(welcome.error).toContainText('not a Portcullis engagement');

  await harness.queueDialogPaths([outside]);
  await welcome.openButton.click();
  const engagement = new EngagementPage(page);
  await expect(engagement.title).toHaveText(SAMPLE);
  await engagement.backLink.click();
  await expect(welcome.recentItem('store-14-2026.portcullis')).toContainText(outside);
  await expect(welcome.error).toHaveCount(0);

  // A cancelled dialog changes nothing.
  await welcome.openButton.click();
  await expect(welcome.heading).toBeVisible();
  await expect(welcome.error).toHaveCount(0);

  await welcome
    .recentItem('store-14-2026.portcullis')
    .getByRole('button', { name: /^Remove / })
    .click();
  await expect(welcome.recentItems).toHaveCount(0);
});

test('each step of the walk-through says why it matters, collapsed until asked', async ({ page }) => {
  const welcome = new WelcomePage(page);
  await welcome.goto();
  await welcome.sampleButton.click();
  const review = new ReviewPage(page);
  await review.open();
  await review.openItem('Telnet on 23/tcp');
  for (const step of ['the decision', 'the exception', 'the security features']) {
    await expect(welcome.why(step)).toHaveCount(1);
  }
  await expect(welcome.why('the tests')).toHaveCount(2);
  const decision = welcome.why('the decision');
  await expect(decision.getByText('What an auditor looks for:')).toBeHidden();
  await decision.getByText('Why this matters').click();
  await expect(decision.getByText('What an auditor looks for:')).toBeVisible();
  await expect(decision).toContainText('a later scan confirms it');

  const evidence = new EvidencePage(page);
  await evidence.open();
  const why = welcome.why('the evidence register');
  await why.getByText('Why this matters').click();
  await expect(why).toContainText('1.2.6.a the documentation examined');
});
