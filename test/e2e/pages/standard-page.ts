// The Standard tab: the standard's head with the engagement copy's version, the rules table with its
// applicability controls, a rule opened to its detail or its edit form, the decision authority, the
// version history, the criteria and the states counted as in use.
import type { Locator, Page } from '@playwright/test';

/** What the rule form is filled with; fields left out are left as they are. */
export interface RuleFields {
  id?: string;
  title?: string;
  severity?: 'High' | 'Medium' | 'Low';
  /** Criterion titles to tick (others are left as they are). */
  criteria?: string[];
  rationale?: string;
  replacement?: string;
  features?: string;
  references?: string;
  matchers?: string;
}

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
  readonly addRuleButton: Locator;
  readonly ruleDetail: Locator;
  readonly criterionEntries: Locator;
  readonly inUse: Locator;

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
    this.addRuleButton = page.getByRole('button', { name: 'Add a rule…' });
    this.ruleDetail = page.getByTestId('rule-detail');
    this.criterionEntries = page.getByTestId('standard-criterion');
    this.inUse = page.getByTestId('standard-in-use');
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

  /** Opens (or closes) a rule's detail by its title. */
  async toggleRule(title: string): Promise<void> {
    await this.page.getByRole('button', { name: `Details of ${title}`, exact: true }).click();
  }

  /** The rule form: "Add a rule of your own", or "Edit rule <title>". */
  ruleForm(name: string): Locator {
    return this.page.getByRole('form', { name, exact: true });
  }

  async openNewRule(): Promise<Locator> {
    await this.addRuleButton.click();
    const form = this.ruleForm('Add a rule of your own');
    await form.waitFor();
    return form;
  }

  async fillRule(form: Locator, f: RuleFields): Promise<void> {
    if (f.id !== undefined) await form.getByLabel(/^Id/).fill(f.id);
    if (f.title !== undefined) await form.getByLabel(/^Title/).fill(f.title);
    if (f.severity !== undefined) await form.getByLabel('Severity').selectOption({ label: f.severity });
    for (const c of f.criteria ?? []) await form.getByRole('checkbox', { name: c, exact: true }).check();
    if (f.rationale !== undefined) await form.getByLabel(/^Why it is insecure/).fill(f.rationale);
    if (f.replacement !== undefined) await form.getByLabel(/^Secure replacement/).fill(f.replacement);
    if (f.features !== undefined) await form.getByLabel(/^Security features/).fill(f.features);
    if (f.references !== undefined) await form.getByLabel(/^References/).fill(f.references);
    if (f.matchers !== undefined) await form.getByLabel(/^Matchers/).fill(f.matchers);
  }

  /** Asks the open rule's detail for its edit form. */
  async editRule(title: string): Promise<Locator> {
    await this.ruleDetail.getByRole('button', { name: `Edit rule ${title}` }).click();
    const form = this.ruleForm(`Edit rule ${title}`);
    await form.waitFor();
    return form;
  }

  /** Removes an entity rule from its open detail, confirming. */
  async removeRule(title: string): Promise<void> {
    await this.ruleDetail.getByRole('button', { name: `Remove rule ${title}` }).click();
    await this.page
      .getByRole('group', { name: `Confirm removing ${title}` })
      .getByRole('button', { name: 'Remove rule' })
      .click();
    await this.rule(title).waitFor({ state: 'detached' });
  }

  criterion(title: string): Locator {
    return this.criterionEntries.filter({
      has: this.page.getByTestId('criterion-title').getByText(title, { exact: true }),
    });
  }

  async editCriterion(title: string, next: { title?: string; description?: string }): Promise<void> {
    await this.page.getByRole('button', { name: `Edit criterion ${title}`, exact: true }).click();
    const form = this.page.getByRole('form', { name: `Edit criterion ${title}`, exact: true });
    if (next.title !== undefined) await form.getByLabel(/^Title/).fill(next.title);
    if (next.description !== undefined) await form.getByLabel(/^Description/).fill(next.description);
    await form.getByRole('button', { name: 'Save criterion' }).click();
    await form.waitFor({ state: 'detached' });
  }

  async addCriterion(c: { id: string; title: string; description: string }): Promise<void> {
    await this.page.getByRole('button', { name: 'Add a criterion' }).click();
    const form = this.page.getByRole('form', { name: 'Add a criterion', exact: true });
    await form.getByLabel(/^Id/).fill(c.id);
    await form.getByLabel(/^Title/).fill(c.title);
    await form.getByLabel(/^Description/).fill(c.description);
    await form.getByRole('button', { name: 'Add criterion' }).click();
    await form.waitFor({ state: 'detached' });
  }

  /** Asks to remove a criterion and confirms; the core may refuse (see the criterion's alert). */
  async removeCriterion(title: string): Promise<void> {
    await this.page.getByRole('button', { name: `Remove criterion ${title}`, exact: true }).click();
    await this.page
      .getByRole('group', { name: `Confirm removing criterion ${title}` })
      .getByRole('button', { name: 'Remove criterion' })
      .click();
  }

  async setInUseStates(text: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Edit the states counted as in use' }).click();
    const form = this.page.getByRole('form', { name: 'States counted as in use' });
    await form.getByLabel('States that count as in use').fill(text);
    await form.getByRole('button', { name: 'Save states' }).click();
    await form.waitFor({ state: 'detached' });
  }
}
