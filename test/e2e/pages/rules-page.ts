// The Rules tab: the device list with each device's rulesets, the reachability form and its answer, and
// the rules table with a rule's details.
import type { Locator, Page } from '@playwright/test';

export interface ReachQuestion {
  destination: string;
  proto?: string;
  port?: number | null;
  device?: string;
  /** Entry rulesets to tick; none = the core's choice. */
  entries?: string[];
}

export class RulesPage {
  readonly tab: Locator;
  readonly devices: Locator;
  readonly title: Locator;
  readonly range: Locator;
  readonly rows: Locator;
  readonly details: Locator;
  readonly reachForm: Locator;
  readonly destination: Locator;
  readonly proto: Locator;
  readonly port: Locator;
  readonly deviceSelect: Locator;
  readonly checkButton: Locator;
  readonly answer: Locator;
  readonly headline: Locator;
  readonly entriesUsed: Locator;
  readonly byRule: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByRole('tab', { name: /^Rules/ });
    this.devices = page.getByRole('list', { name: 'Devices' }).getByTestId('device');
    this.title = page.getByTestId('rules-title');
    this.range = page.getByTestId('rules-range');
    this.rows = page.getByTestId('rule');
    this.details = page.getByTestId('rule-details');
    this.reachForm = page.getByRole('form', { name: 'Reachability question' });
    this.destination = this.reachForm.getByRole('textbox', { name: 'Destination' });
    this.proto = this.reachForm.getByRole('combobox', { name: 'Protocol' });
    this.port = this.reachForm.getByRole('textbox', { name: 'Port' });
    this.deviceSelect = this.reachForm.getByRole('combobox', { name: 'Device' });
    this.checkButton = this.reachForm.getByRole('button', { name: 'Check' });
    this.answer = page.getByTestId('reach-answer');
    this.headline = page.getByTestId('reach-headline');
    this.entriesUsed = page.getByTestId('reach-entries');
    this.byRule = page.getByTestId('reach-by-rule');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.devices.first().waitFor();
  }

  /** One device of the list, by its exact name. */
  device(name: string): Locator {
    return this.devices.filter({ has: this.page.locator('.device-title').getByText(name, { exact: true }) });
  }

  /** One ruleset of a device (the device must be open to its rulesets). */
  ruleset(device: string, ruleset: string): Locator {
    return this.device(device)
      .getByTestId('ruleset')
      .filter({ has: this.page.getByText(ruleset, { exact: true }) });
  }

  /** Opens a device that is not the current one to its rulesets. */
  async showRulesets(device: string): Promise<void> {
    await this.device(device)
      .getByRole('button', { name: `Show the rulesets of ${device}` })
      .click();
  }

  /** The cells of one rule row: #, action, proto, sources, destinations, ports, name, hits, enabled. */
  async rowCells(index: number): Promise<string[]> {
    const cells = await this.rows.nth(index).getByRole('cell').allInnerTexts();
    return cells.slice(1).map((c) => c.trim());
  }

  async expand(index: number): Promise<void> {
    await this.rows.nth(index).click();
  }

  entry(ruleset: string): Locator {
    return this.reachForm.getByRole('checkbox', { name: ruleset, exact: true });
  }

  /** Fills the reachability form and asks (the answer replaces the last one when it arrives). */
  async check(q: ReachQuestion): Promise<void> {
    if (q.device !== undefined) await this.deviceSelect.selectOption({ label: q.device });
    await this.destination.fill(q.destination);
    // The protocol first: the port field is disabled for protocols without ports.
    await this.proto.selectOption(q.proto ?? 'tcp');
    if (q.port !== undefined && q.port !== null) await this.port.fill(String(q.port));
    // Tick exactly the entries asked for: read every box once, then change only those that differ.
    const wanted = new Set(q.entries ?? []);
    const boxes = this.reachForm.getByRole('checkbox');
    const states = await boxes.evaluateAll((els) =>
      els.map((el) => ({
        name: (el.closest('label')?.textContent ?? '').trim(),
        checked: (el as HTMLInputElement).checked,
      })),
    );
    for (const [i, box] of states.entries()) {
      if (box.checked !== wanted.has(box.name)) await boxes.nth(i).setChecked(!box.checked);
    }
    await this.checkButton.click();
  }

  /** The link in the "by rule" list to a rule ("filter/INPUT #2") or a default policy. */
  ruleLink(label: string): Locator {
    return this.byRule.getByRole('button', { name: label, exact: true });
  }
}
