// The Imports section of the engagement view: the Import files… button, the import panel (chosen files,
// format, host name, progress, per-file results) and the table of past imports.
import type { Locator, Page } from '@playwright/test';

export class ImportsPage {
  readonly importButton: Locator;
  readonly panel: Locator;
  readonly chosenFiles: Locator;
  readonly formatSelect: Locator;
  readonly hostNameInput: Locator;
  readonly startButton: Locator;
  readonly cancelPanelButton: Locator;
  readonly progressBar: Locator;
  readonly results: Locator;
  readonly doneButton: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    this.importButton = page.getByRole('button', { name: 'Import files…' });
    this.panel = page.getByRole('region', { name: /^Import (results|\d+ files?)$/ });
    this.chosenFiles = this.panel.getByRole('list', { name: 'Chosen files' }).getByRole('listitem');
    this.formatSelect = this.panel.getByRole('combobox', { name: 'Format' });
    this.hostNameInput = this.panel.getByRole('textbox', { name: /^Host name \(required\)/ });
    this.startButton = this.panel.getByRole('button', { name: 'Import', exact: true });
    this.cancelPanelButton = this.panel.getByRole('button', { name: 'Cancel', exact: true });
    this.progressBar = this.panel.getByRole('progressbar');
    this.results = this.panel.getByTestId('import-result');
    this.doneButton = this.panel.getByRole('button', { name: 'Done', exact: true });
    this.table = page.getByRole('table', { name: 'Imports' });
    this.rows = this.table.locator('tbody tr:not(.expansion)');
    this.empty = page.getByText('No imports yet.');
  }

  result(fileName: string): Locator {
    return this.results.filter({ hasText: fileName });
  }

  summary(fileName: string): Locator {
    return this.result(fileName).getByTestId('import-summary');
  }

  row(fileName: string): Locator {
    return this.rows.filter({ hasText: fileName });
  }

  /** The retry form a failed file gets when the core asks for a host name. */
  retryHostName(fileName: string): Locator {
    return this.result(fileName).getByRole('textbox', { name: `Host name for ${fileName}` });
  }

  retryButton(fileName: string): Locator {
    return this.result(fileName).getByRole('button', { name: 'Import with this host name' });
  }

  /** The format ids the select offers (besides "Detect automatically"). */
  async formatIds(): Promise<string[]> {
    const values = await this.formatSelect
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    return values.filter((v) => v !== '');
  }

  /** Opens the panel on the files the dialog stub was told to answer with. */
  async choose(): Promise<void> {
    await this.importButton.click();
    await this.panel.waitFor();
  }

  /** Starts the import with the panel's current choices and waits for the per-file results. */
  async start(options: { format?: string; hostName?: string } = {}): Promise<void> {
    if (options.format !== undefined) await this.formatSelect.selectOption(options.format);
    if (options.hostName !== undefined) await this.hostNameInput.fill(options.hostName);
    await this.startButton.click();
    await this.doneButton.waitFor();
  }
}
