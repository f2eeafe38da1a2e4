// The Inventory tab: filters and grouping, the page range and pager, the sortable table, a row opened to
// its sources, listings, rule lines and owner / purpose forms, and the asset register import.
import type { Locator, Page } from '@playwright/test';

export class InventoryPage {
  readonly tab: Locator;
  readonly range: Locator;
  readonly empty: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly search: Locator;
  readonly asset: Locator;
  readonly service: Locator;
  readonly owner: Locator;
  readonly insecureOnly: Locator;
  readonly groupBy: Locator;
  readonly groupsSummary: Locator;
  readonly groups: Locator;
  readonly clearFilters: Locator;
  readonly detail: Locator;
  readonly sources: Locator;
  readonly allowed: Locator;
  readonly importRegisterButton: Locator;
  readonly importResult: Locator;
  readonly importError: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByRole('tab', { name: /^Inventory/ });
    this.range = page.getByTestId('inventory-range');
    this.empty = page.getByTestId('inventory-empty');
    this.table = page.getByRole('table', { name: 'In-use inventory' });
    this.rows = page.getByTestId('inventory-row');
    const filters = page.getByRole('search', { name: 'Filter the inventory' });
    this.search = filters.getByRole('searchbox', { name: 'Search' });
    this.asset = filters.getByRole('textbox', { name: 'Asset' });
    this.service = filters.getByRole('textbox', { name: 'Service' });
    this.owner = filters.getByRole('textbox', { name: 'Owner' });
    this.insecureOnly = filters.getByRole('checkbox', { name: 'Insecure only' });
    this.groupBy = filters.getByRole('combobox', { name: 'Group by' });
    this.groupsSummary = page.getByTestId('inventory-groups-summary');
    this.groups = page.getByTestId('inventory-group');
    this.clearFilters = page.getByRole('button', { name: 'Clear filters' });
    this.detail = page.getByTestId('inventory-detail');
    this.sources = this.detail.getByTestId('inventory-source');
    this.allowed = this.detail.getByTestId('inventory-allowed');
    this.importRegisterButton = page.getByRole('button', { name: 'Import asset register (CSV)…' });
    this.importResult = page.getByTestId('asset-import-result');
    this.importError = page.locator('.inventory').getByRole('alert');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.range.or(this.empty).waitFor();
  }

  /** One row, by asset and "445/tcp". */
  row(asset: string, port: string): Locator {
    return this.page.locator(`[data-testid="inventory-row"][data-asset="${asset}"][data-port="${port}"]`);
  }

  cell(asset: string, port: string, column: 'service' | 'seen-by' | 'owner' | 'purpose' | 'insecure'): Locator {
    return this.row(asset, port).getByTestId(`inventory-${column}`);
  }

  /** Opens (or closes) a row by its details button. */
  async toggle(asset: string, port: string): Promise<void> {
    await this.row(asset, port)
      .getByRole('button', { name: `Details of ${asset} ${port}` })
      .click();
  }

  /** Sorts by a column header ("Asset", "Insecure", ...); clicking again flips the direction. */
  async sortBy(column: string): Promise<void> {
    await this.table.getByRole('columnheader', { name: column }).getByRole('button').click();
  }

  /** The button that filters the table to one group of the groups list. */
  groupButton(key: string): Locator {
    return this.groups.getByRole('button', { name: groupName(key) });
  }

  /** One group's row: its key, then the cells rows, assets and insecure. */
  group(key: string): Locator {
    return this.groups.filter({ has: this.page.getByRole('button', { name: groupName(key) }) });
  }

  /** The owner / purpose form of one service ("445/tcp") of an asset. */
  serviceForm(asset: string, port: string): Locator {
    return this.detail.getByRole('form', { name: `Owner and purpose of ${port} on ${asset}` });
  }

  assetForm(asset: string): Locator {
    return this.detail.getByRole('form', { name: `Owner and purpose of the whole asset ${asset}` });
  }

  async annotate(form: Locator, owner: string, purpose: string): Promise<void> {
    await form.getByRole('textbox', { name: 'Owner' }).fill(owner);
    await form.getByRole('textbox', { name: 'Business purpose' }).fill(purpose);
    await form.getByRole('button', { name: /^Save for / }).click();
  }
}

function groupName(key: string): RegExp {
  return new RegExp(`^Show the .* of (service|asset|owner) ${escape(key)}$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
