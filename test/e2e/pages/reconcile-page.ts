// The Reconcile tab: the day and window controls, the export buttons, one card per category with its
// count, and each category's section with its rows and notes.
import type { Locator, Page } from '@playwright/test';

export class ReconcilePage {
  readonly tab: Locator;
  readonly cards: Locator;
  readonly asOf: Locator;
  readonly days: Locator;
  readonly exportCsv: Locator;
  readonly exportJson: Locator;
  readonly saved: Locator;
  readonly savedPath: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByRole('tab', { name: /^Reconcile/ });
    this.cards = page.getByTestId('reconcile-card');
    const controls = page.getByRole('group', { name: 'Judge on' });
    this.asOf = controls.getByLabel('As of');
    this.days = controls.getByLabel(/^Expiring within/);
    this.exportCsv = page.getByRole('button', { name: 'Export CSV' });
    this.exportJson = page.getByRole('button', { name: 'Export JSON' });
    this.saved = page.getByTestId('reconcile-saved');
    this.savedPath = page.getByTestId('reconcile-saved-path');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.cards.first().waitFor();
  }

  card(category: string): Locator {
    return this.page.locator(`[data-testid="reconcile-card"][data-category="${category}"]`);
  }

  /** The number on a category's card ("—" when it needs a rulebase and none is imported). */
  cardCount(category: string): Locator {
    return this.card(category).getByTestId('reconcile-card-count');
  }

  section(category: string): Locator {
    return this.page.locator(`[data-testid="reconcile-category"][data-category="${category}"]`);
  }

  rows(category: string): Locator {
    return this.section(category).getByTestId('reconcile-row');
  }

  /** One row of a category, by its item key (or title) and host. */
  row(category: string, item: string, host: string): Locator {
    return this.section(category).locator(`[data-testid="reconcile-row"][data-item="${item}"][data-host="${host}"]`);
  }

  count(category: string): Locator {
    return this.section(category).getByTestId('reconcile-count');
  }
}
