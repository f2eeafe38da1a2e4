// The Review tab: the queue with the readiness score, the open item's checklist and save state, and its
// three sections (decision, people, features with their links and tests).
import type { Locator, Page } from '@playwright/test';

export class ReviewPage {
  readonly tab: Locator;
  readonly readiness: Locator;
  readonly queue: Locator;
  readonly queueItems: Locator;
  readonly item: Locator;
  readonly checklist: Locator;
  readonly blockers: Locator;
  readonly save: Locator;
  readonly saveError: Locator;
  readonly decision: Locator;
  readonly people: Locator;
  readonly featuresSection: Locator;
  readonly features: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByRole('tab', { name: /^Review/ });
    this.readiness = page.getByTestId('review-readiness').getByRole('status');
    this.queue = page.getByRole('list', { name: 'Review queue' });
    this.queueItems = page.getByTestId('review-queue-item');
    this.item = page.getByTestId('review-item');
    this.checklist = page.getByTestId('review-checklist');
    this.blockers = this.checklist.getByTestId('review-blocker');
    this.save = page.getByTestId('review-save');
    this.saveError = page.getByTestId('review-save-error');
    this.decision = page.getByTestId('review-decision');
    this.people = page.getByTestId('review-people');
    this.featuresSection = page.getByTestId('review-features');
    this.features = page.getByTestId('review-feature');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.readiness.waitFor();
  }

  /** The queue entry of an item, by the start of its summary ("Anonymous FTP login allowed on 21/tcp"). */
  queueItem(summary: string): Locator {
    return this.queueItems.filter({ hasText: summary });
  }

  async openItem(summary: string): Promise<void> {
    await this.queueItem(summary).click();
    await this.item.filter({ has: this.page.getByRole('heading', { name: summary }) }).waitFor();
  }

  field(section: Locator, label: string): Locator {
    return section.getByLabel(label, { exact: true });
  }

  feature(title: string): Locator {
    return this.features.filter({ has: this.page.getByRole('heading', { name: title }) });
  }

  async addFeature(kind: string, title: string): Promise<Locator> {
    const form = this.featuresSection.getByRole('form', { name: 'Add a security feature' });
    await form.getByLabel('Kind').selectOption({ label: kind });
    await form.getByLabel('New feature').fill(title);
    await form.getByRole('button', { name: 'Add feature' }).click();
    return this.feature(title);
  }

  linkForm(feature: Locator): Locator {
    return feature.getByRole('form', { name: /^Link where / });
  }

  testForm(feature: Locator): Locator {
    return feature.getByRole('form', { name: /^Add a test of / });
  }

  tests(feature: Locator): Locator {
    return feature.getByTestId('review-test');
  }
}
