// The Standard tab: the standard's head with the engagement copy's version, the rules table with its
// applicability controls, the decision authority, the version history and the criteria.
import type { Locator, Page } from '@playwright/test';

export class StandardPage {
  readonly tab: Locator;
  readonly title: Locator;
  readonly version: Locator;
  readonly rules: Locator;
  readonly history: Locator;
  readonly criteria: Locator;
  readonly exportButton: Locator;
  readonly editAuthorityButton: Locator;
  readonly authority: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByRole('tab', { name: 'Standard' });
    this.title = page.getByTestId('standard-title');
    this.version = page.getByTestId('standard-version');
    this.rules = page.getByTestId('standard-rule');
    this.history = page.getByTestId('standard-history-entry');
    this.criteria = page.getByTestId('standard-criteria');
    this.exportButton = page.getByRole('button', { name: 'Export as Markdown' });
    this.editAuthorityButton = page.getByRole('button', { name: 'Edit decision authority' });
    this.authority = page.getByTestId('decision-authority');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.title.waitFor();
  }

  rule(title: string): Locator {
    return this.rules.filter({ has: this.page.locator('.rule-title').getByText(title, { exact: true }) });
  }

  applies(title: string): Locator {
    return this.rule(title).getByTestId('rule-applies');
  }

  /** The form that asks why a rule does not apply (open it with openNotApplicable). */
  notApplicableForm(title: string): Locator {
    return this.page.getByRole('form', { name: `Mark ${title} not applicable` });
  }

  async openNotApplicable(title: string): Promise<Locator> {
    await this.page.getByRole('button', { name: `Mark ${title} not applicable` }).click();
    const form = this.notApplicableForm(title);
    await form.waitFor();
    return form;
  }

  /** Marks a rule not applicable with a reason and waits for the rule to say so. */
  async markNotApplicable(title: string, reason: string): Promise<void> {
    const form = await this.openNotApplicable(title);
    await form.getByRole('textbox', { name: /^Why does/ }).fill(reason);
    await form.getByRole('button', { name: 'Mark not applicable' }).click();
    await form.waitFor({ state: 'detached' });
  }

  async applyAgain(title: string): Promise<void> {
    await this.page.getByRole('button', { name: `Make ${title} apply again` }).click();
  }

  async setAuthority(a: { role?: string; name?: string; approvedOn?: string; note?: string }): Promise<void> {
    await this.editAuthorityButton.click();
    const form = this.page.getByRole('form', { name: 'Edit decision authority' });
    if (a.role !== undefined) await form.getByLabel('Role').fill(a.role);
    if (a.name !== undefined) await form.getByLabel('Name').fill(a.name);
    if (a.approvedOn !== undefined) await form.getByLabel('Approved on').fill(a.approvedOn);
    if (a.note !== undefined) await form.getByLabel('Note').fill(a.note);
    await form.getByRole('button', { name: 'Save authority' }).click();
    await form.waitFor({ state: 'detached' });
  }
}
