// The welcome band of the start screen (its three ways in and their error), the recent engagements, and
// the "Why this matters" notes that the walk-through's steps carry.
import type { Locator, Page } from '@playwright/test';

export class WelcomePage {
  readonly heading: Locator;
  readonly newButton: Locator;
  readonly openButton: Locator;
  readonly sampleButton: Locator;
  readonly error: Locator;
  readonly recent: Locator;
  readonly recentItems: Locator;
  readonly fileNameField: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Welcome to Portcullis' });
    const band = page.getByRole('region', { name: 'Welcome to Portcullis' });
    this.newButton = band.getByRole('button', { name: 'New engagement' });
    this.openButton = band.getByRole('button', { name: 'Open…' });
    this.sampleButton = band.getByRole('button', { name: 'Open sample engagement' });
    this.error = band.getByRole('alert');
    this.recent = page.getByRole('list', { name: 'Recent' });
    this.recentItems = this.recent.getByRole('listitem');
    this.fileNameField = page.getByRole('form', { name: 'New engagement' }).getByLabel('File name');
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await this.heading.waitFor();
  }

  /** A recent engagement's entry, by its file name. */
  recentItem(fileName: string): Locator {
    return this.recentItems.filter({ hasText: fileName });
  }

  /** A "Why this matters" note of the page, by its step ("the decision", "the evidence register"). */
  why(step: string): Locator {
    return this.page.locator('details.why').filter({ has: this.page.getByText(`: ${step}`, { exact: true }) });
  }
}
