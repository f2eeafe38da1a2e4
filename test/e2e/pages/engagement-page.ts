// The engagement view: metadata, audit chain, evidence files, jobs and the audit log.
import type { Locator, Page } from '@playwright/test';

export class EngagementPage {
  readonly title: Locator;
  readonly badge: Locator;
  readonly verifyChainButton: Locator;
  readonly editButton: Locator;
  readonly auditTable: Locator;
  readonly auditRows: Locator;
  readonly filesTable: Locator;
  readonly fileRows: Locator;
  readonly addFilesButton: Locator;
  readonly rehashButton: Locator;
  readonly jobs: Locator;
  readonly progressBar: Locator;
  readonly backLink: Locator;

  constructor(readonly page: Page) {
    this.title = page.locator('.page-title');
    this.badge = page.getByTestId('audit-badge');
    this.verifyChainButton = page.getByRole('button', { name: 'Verify audit chain' });
    this.editButton = page.getByRole('button', { name: 'Edit', exact: true });
    this.auditTable = page.getByRole('table', { name: 'Audit log' });
    this.auditRows = this.auditTable.locator('tbody tr');
    this.filesTable = page.getByRole('table', { name: 'Evidence files' });
    this.fileRows = this.filesTable.locator('tbody tr');
    this.addFilesButton = page.getByRole('button', { name: 'Add files…' });
    this.rehashButton = page.getByRole('button', { name: 'Re-hash stored files' });
    this.jobs = page.getByTestId('job');
    this.progressBar = page.getByRole('progressbar');
    this.backLink = page.getByRole('link', { name: 'All engagements' });
  }

  meta(field: 'entity' | 'assessor' | 'period' | 'scope'): Locator {
    return this.page.getByTestId(`meta-${field}`);
  }

  /** The audit row for one sequence number, as its cells' texts. */
  async auditEntry(seq: number): Promise<{ seq: string; time: string; actor: string; command: string; hash: string }> {
    const cells = await this.auditRows
      .nth(seq - 1)
      .getByRole('cell')
      .allInnerTexts();
    const [s = '', time = '', actor = '', command = '', hash = ''] = cells.map((c) => c.trim());
    return { seq: s, time, actor, command, hash };
  }

  fileRow(name: string): Locator {
    return this.fileRows.filter({ hasText: name });
  }

  async editScopeNote(text: string): Promise<void> {
    await this.editButton.click();
    await this.page.getByLabel('Scope note').fill(text);
    await this.page.getByRole('button', { name: 'Save changes' }).click();
  }
}
