// The Insecure items tab: the filters, the items grouped by severity, one item opened to its rule, hosts
// and evidence, and the rules declared not applicable.
import type { Locator, Page } from '@playwright/test';

export class ItemsPage {
  readonly tab: Locator;
  readonly summary: Locator;
  readonly empty: Locator;
  readonly items: Locator;
  readonly search: Locator;
  readonly severity: Locator;
  readonly detail: Locator;
  readonly notApplicable: Locator;
  readonly notApplicableRules: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByRole('tab', { name: /^Insecure items/ });
    this.summary = page.getByTestId('items-summary');
    this.empty = page.getByTestId('items-empty');
    this.items = page.getByTestId('insecure-item');
    const filters = page.getByRole('search', { name: 'Filter insecure items' });
    this.search = filters.getByRole('searchbox', { name: 'Search' });
    this.severity = filters.getByRole('combobox', { name: 'Severity' });
    this.detail = page.getByTestId('item-detail');
    this.notApplicable = page.getByTestId('not-applicable');
    this.notApplicableRules = page.getByTestId('not-applicable-rule');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.summary.or(this.empty).waitFor();
  }

  /** One item, by the start of its summary ("SMB version 1 on 445/tcp"). */
  item(summaryStart: string): Locator {
    return this.items.filter({ has: this.page.getByTestId('item-summary').filter({ hasText: summaryStart }) });
  }

  counts(summaryStart: string): Locator {
    return this.item(summaryStart).getByTestId('item-counts');
  }

  /** Opens (or closes) an item by its summary button. */
  async toggle(summaryStart: string): Promise<void> {
    await this.item(summaryStart)
      .getByRole('button', { name: new RegExp(`^${escape(summaryStart)}`) })
      .click();
  }

  /** The severity group an item is listed under ("High", "Medium", "Low"). */
  group(severity: string): Locator {
    return this.page.getByRole('list', { name: new RegExp(`^${severity}\\b`) });
  }

  /** The evidence lines under one host of the open item. */
  evidence(host: string): Locator {
    return this.detail.getByRole('list', { name: `Evidence for ${host}` }).getByTestId('evidence');
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
