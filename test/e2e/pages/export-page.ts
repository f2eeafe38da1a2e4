// The Export tab: the signing identity card (choice, facts, the New identity and Import PKCS#12 forms),
// the export card (readiness, passphrase, the two exports and their jobs) and the Verify a package card.
import type { Locator, Page } from '@playwright/test';

export interface NewIdentity {
  kind: 'assessor' | 'ca';
  name: string;
  commonName: string;
  organization?: string;
  email?: string;
  keyType?: 'rsa-3072' | 'p256';
  /** The local CA that issues it, and that CA's passphrase. */
  issuedBy?: { name: string; passphrase: string };
  passphrase: string;
}

export class ExportPage {
  readonly tab: Locator;
  readonly newIdentityButton: Locator;
  readonly importButton: Locator;
  readonly identityForm: Locator;
  readonly importForm: Locator;
  readonly noIdentity: Locator;
  readonly signWith: Locator;
  readonly identityFacts: Locator;
  readonly caCertPath: Locator;
  readonly readiness: Locator;
  readonly exportForm: Locator;
  readonly passphrase: Locator;
  readonly exportError: Locator;
  readonly exportPackageButton: Locator;
  readonly exportReportButton: Locator;
  readonly jobs: Locator;
  readonly choosePackageButton: Locator;
  readonly chooseCaButton: Locator;
  readonly verifyAgainButton: Locator;
  readonly verdict: Locator;
  readonly checks: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByRole('tab', { name: /^Export/ });
    this.newIdentityButton = page.getByRole('button', { name: 'New identity…' });
    this.importButton = page.getByRole('button', { name: 'Import PKCS#12…' });
    this.identityForm = page.getByRole('form', { name: 'New signing identity' });
    this.importForm = page.getByRole('form', { name: 'Import a PKCS#12 identity' });
    this.noIdentity = page.getByTestId('no-identity');
    this.signWith = page.getByRole('combobox', { name: 'Sign with' });
    this.identityFacts = page.getByTestId('identity-facts');
    this.caCertPath = page.getByTestId('ca-cert-path');
    this.readiness = page.getByTestId('export-readiness');
    this.exportForm = page.getByRole('form', { name: 'Export', exact: true });
    this.passphrase = this.exportForm.getByLabel(/^Passphrase of/);
    this.exportError = this.exportForm.getByRole('alert');
    this.exportPackageButton = page.getByRole('button', { name: 'Export evidence package…' });
    this.exportReportButton = page.getByRole('button', { name: 'Export PDF report…' });
    this.jobs = page.getByTestId('job');
    this.choosePackageButton = page.getByRole('button', { name: 'Choose package…' });
    this.chooseCaButton = page.getByRole('button', { name: 'Choose CA certificate…' });
    this.verifyAgainButton = page.getByRole('button', { name: 'Verify again' });
    this.verdict = page.getByTestId('verify-verdict');
    this.checks = page.getByTestId('verify-check');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.noIdentity.or(this.signWith).waitFor();
  }

  async createIdentity(i: NewIdentity): Promise<void> {
    await this.newIdentityButton.click();
    const form = this.identityForm;
    await form
      .getByRole('radio', {
        name: i.kind === 'ca' ? /^The firm's local certificate authority/ : /^An assessor's identity/,
      })
      .check();
    await form.getByLabel('Name on this machine').fill(i.name);
    await form.getByLabel('Common name').fill(i.commonName);
    if (i.organization !== undefined) await form.getByLabel('Organisation').fill(i.organization);
    if (i.email !== undefined) await form.getByLabel('E-mail').fill(i.email);
    if (i.keyType !== undefined) await form.getByLabel('Key type').selectOption(i.keyType);
    if (i.issuedBy) {
      await form.getByLabel('Issued by').selectOption(i.issuedBy.name);
      await form.getByLabel(`Passphrase of ${i.issuedBy.name}`).fill(i.issuedBy.passphrase);
    }
    await form.getByLabel('Passphrase', { exact: true }).fill(i.passphrase);
    await form.getByLabel('Passphrase again').fill(i.passphrase);
    await form.getByRole('button', { name: i.kind === 'ca' ? 'Create local CA' : 'Create identity' }).click();
  }

  /** The job card of an export, by the label it was started with. */
  job(label: RegExp): Locator {
    return this.jobs.filter({ hasText: label });
  }

  /** One line of a finished export's result (File, Size, SHA-256, Signer…). */
  result(job: Locator, field: string): Locator {
    return job.getByTestId('export-result').locator(`dt:text-is("${field}") + dd`);
  }

  check(name: string): Locator {
    return this.page.locator(`[data-testid="verify-check"][data-check="${name}"]`);
  }
}
