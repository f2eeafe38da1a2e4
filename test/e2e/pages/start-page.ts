// The start view: the engagement list, the New engagement form and the header's theme control.
import type { Locator, Page } from '@playwright/test';

export interface NewEngagement {
  fileName: string;
  entity?: string;
  assessor?: string;
  periodStart?: string;
  periodEnd?: string;
  scopeNote?: string;
}

export class StartPage {
  readonly heading: Locator;
  readonly form: Locator;
  readonly formError: Locator;
  readonly listTable: Locator;
  readonly emptyList: Locator;
  readonly actor: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Engagements', exact: true });
    this.form = page.getByRole('form', { name: 'New engagement' });
    this.formError = this.form.getByRole('alert');
    this.listTable = page.getByRole('table');
    this.emptyList = page.getByText('No engagements in this workspace yet');
    this.actor = page.getByTestId('actor');
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await this.heading.waitFor();
  }

  async fillNew(e: NewEngagement): Promise<void> {
    await this.form.getByLabel('File name').fill(e.fileName);
    if (e.entity !== undefined) await this.form.getByLabel('Assessed entity').fill(e.entity);
    if (e.assessor !== undefined) await this.form.getByLabel('Assessor').fill(e.assessor);
    if (e.periodStart !== undefined) await this.form.getByLabel('Period start').fill(e.periodStart);
    if (e.periodEnd !== undefined) await this.form.getByLabel('Period end').fill(e.periodEnd);
    if (e.scopeNote !== undefined) await this.form.getByLabel('Scope note').fill(e.scopeNote);
  }

  async submitNew(): Promise<void> {
    await this.form.getByRole('button', { name: 'Create engagement' }).click();
  }

  async create(e: NewEngagement): Promise<void> {
    await this.fillNew(e);
    await this.submitNew();
  }

  row(fileName: string): Locator {
    return this.listTable.getByRole('row').filter({ hasText: fileName });
  }

  async open(fileName: string): Promise<void> {
    await this.page.getByRole('button', { name: `Open ${fileName}` }).click();
  }

  themeChoice(name: 'System' | 'Light' | 'Dark'): Locator {
    return this.page.getByRole('radio', { name });
  }
}
