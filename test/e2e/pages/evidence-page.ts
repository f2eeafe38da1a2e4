// The Evidence tab: the register's filters and range, the table, one row's editor and the form that
// records an interview or an observation.
import type { Locator, Page } from '@playwright/test';

export type EvidenceColumn = 'ref' | 'type' | 'title' | 'procedure' | 'purpose' | 'source';

export class EvidencePage {
  readonly tab: Locator;
  readonly range: Locator;
  readonly empty: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly typeFilter: Locator;
  readonly procedureFilter: Locator;
  readonly clearFilters: Locator;
  readonly addButton: Locator;
  readonly noteForm: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByRole('tab', { name: /^Evidence/ });
    this.range = page.getByTestId('evidence-range');
    this.empty = page.getByTestId('evidence-empty');
    this.table = page.getByRole('table', { name: 'Evidence register' });
    this.rows = page.getByTestId('evidence-row');
    const filters = page.getByRole('search', { name: 'Filter the evidence register' });
    this.typeFilter = filters.getByRole('combobox', { name: 'Type' });
    this.procedureFilter = filters.getByRole('combobox', { name: 'Procedure' });
    this.clearFilters = page.getByRole('button', { name: 'Clear filters' });
    this.addButton = page.getByRole('button', { name: 'Add interview or observation' });
    this.noteForm = page.getByRole('form', { name: 'Add interview or observation' });
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.range.or(this.empty).waitFor();
  }

  row(ref: string): Locator {
    return this.page.locator(`[data-testid="evidence-row"][data-ref="${ref}"]`);
  }

  cell(ref: string, column: EvidenceColumn): Locator {
    return this.row(ref).getByTestId(`evidence-${column}`);
  }

  editor(ref: string): Locator {
    return this.page.getByRole('form', { name: `Edit ${ref}` });
  }

  /** Opens (or closes) a row's editor by clicking the row. */
  async toggle(ref: string): Promise<void> {
    await this.cell(ref, 'title').click();
  }

  async addNote(entry: {
    type: 'Interview' | 'Observation';
    title: string;
    note: string;
    procedure?: string;
    sampleSet?: string;
  }): Promise<void> {
    if (!(await this.noteForm.isVisible())) await this.addButton.click();
    const form = this.noteForm;
    await form.getByRole('combobox', { name: 'Type' }).selectOption({ label: entry.type });
    await form.getByRole('textbox', { name: 'Title' }).fill(entry.title);
    await form.getByRole('textbox', { name: 'Note' }).fill(entry.note);
    if (entry.procedure) await form.getByRole('combobox', { name: 'Procedure' }).selectOption(entry.procedure);
    if (entry.sampleSet) await form.getByRole('textbox', { name: 'Sample set' }).fill(entry.sampleSet);
    await form.getByRole('button', { name: /^Record / }).click();
  }
}
