// The Observations tab: filters, the page range and pager, the sortable table and a row's details.
import type { Locator, Page } from '@playwright/test';

export class ObservationsPage {
  readonly tab: Locator;
  readonly overviewTab: Locator;
  readonly range: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly search: Locator;
  readonly state: Locator;
  readonly proto: Locator;
  readonly port: Locator;
  readonly service: Locator;
  readonly importSelect: Locator;
  readonly clearFilters: Locator;
  readonly nextPage: Locator;
  readonly previousPage: Locator;
  readonly details: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByRole('tab', { name: /^Observations/ });
    this.overviewTab = page.getByRole('tab', { name: 'Overview' });
    this.range = page.getByTestId('observations-range');
    this.table = page.getByRole('table', { name: 'Observations' });
    this.rows = page.getByTestId('observation');
    const filters = page.getByRole('search', { name: 'Filter observations' });
    this.search = filters.getByRole('searchbox', { name: 'Search' });
    this.state = filters.getByRole('combobox', { name: 'State' });
    this.proto = filters.getByRole('combobox', { name: 'Protocol' });
    this.port = filters.getByRole('textbox', { name: 'Port' });
    this.service = filters.getByRole('textbox', { name: 'Service' });
    this.importSelect = filters.getByRole('combobox', { name: 'Import' });
    this.clearFilters = page.getByRole('button', { name: 'Clear filters' });
    this.nextPage = page.getByRole('button', { name: 'Next' }).first();
    this.previousPage = page.getByRole('button', { name: 'Previous' }).first();
    this.details = page.getByTestId('observation-details');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.range.waitFor();
  }

  /** Sorts by a column header ("Host", "Port", ...); clicking again flips the direction. */
  async sortBy(column: string): Promise<void> {
    await this.table.getByRole('columnheader', { name: column }).getByRole('button').click();
  }

  sortState(column: string): Locator {
    return this.table.getByRole('columnheader', { name: column });
  }

  /** The cells of one row: host, port, proto, state, service, product, facts (the toggle cell left out). */
  async rowCells(index: number): Promise<string[]> {
    const cells = await this.rows.nth(index).getByRole('cell').allInnerTexts();
    return cells.slice(1).map((c) => c.trim());
  }

  async expand(index: number): Promise<void> {
    await this.rows.nth(index).click();
  }
}
