// The standard editor end to end, in Chromium against the harness: a catalog rule opened to its
// matchers in words, the entity's own rule added (refused first for matchers that are not JSON and for
// bad port specs, with the core's message), raising an insecure item from a real scan, edited and
// removed; a criterion edited, added and removed, and refused while a rule uses it; the states counted as
// in use changed. Every change is checked in the version history and the audit log.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, type HarnessHandle } from './fixtures';
import { EngagementPage } from './pages/engagement-page';
import { ImportsPage } from './pages/imports-page';
import { ItemsPage } from './pages/items-page';
import { StandardPage, type RuleFields } from './pages/standard-page';
import { StartPage } from './pages/start-page';

const repoRoot = resolve(import.meta.dirname, '../..');
const corpus = resolve(repoRoot, '../shared/corpus');
const dionaea = join(corpus, 'scans/python-libnmap--dionaea_scan.xml');

test.skip(!existsSync(dionaea), `the scan corpus is not at ${corpus} (no ${dionaea}); these tests need it`);

// The scan's FTP service on 21/tcp names its product; the entity's own rule recognises it by that.
const PRODUCT = 'Synology DiskStation';
const NAS = 'Consumer NAS appliance';
const NAS_RULE: RuleFields = {
  id: 'nas-appliance',
  title: NAS,
  severity: 'High',
  criteria: ['Weak or no authentication', 'Management plane exposure'],
  rationale: 'Consumer NAS firmware ships with shared admin accounts and management services on every interface.',
  replacement: 'A managed file server with per-user authentication and SFTP',
  features: 'Management interface reachable only from the admin VLAN\nFirmware patched monthly',
  references: 'Vendor hardening guide | https://example.invalid/nas-hardening\nInternal standard FS-3',
};
const NAS_MATCHERS = JSON.stringify([{ label: `product ${PRODUCT}`, product: PRODUCT }], null, 2);

/** The products of an nmap XML file (read with a regular expression, not the app's parser). */
function productsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/ product="([^"]*)"/g)].map((m) => m[1] ?? '');
}

async function importDionaea(page: Page, harness: HarnessHandle): Promise<void> {
  const start = new StartPage(page);
  await start.goto();
  await start.create({ fileName: 'acme-standard', entity: 'Acme Retail', assessor: 'A. Assessor' });
  await expect(new EngagementPage(page).title).toHaveText('Acme Retail');
  const imports = new ImportsPage(page);
  await harness.queueDialogPaths([dionaea]);
  await imports.choose();
  await imports.start();
  await expect(imports.summary('python-libnmap--dionaea_scan.xml')).toContainText('1 host');
  await imports.doneButton.click();
}

test('edits the standard: an own rule, criteria and the in-use states, each a version', async ({ page, harness }) => {
  expect(productsOf(dionaea).filter((p) => p.startsWith(PRODUCT))).toHaveLength(1);
  await importDionaea(page, harness);
  const standard = new StandardPage(page);
  await standard.open();
  await expect(standard.history).toHaveCount(1);

  // A catalog rule opened: its matchers in words, and no way to remove it (it is set aside instead).
  await standard.toggleRule('Telnet');
  await expect(standard.ruleDetail.getByTestId('rule-rationale')).toContainText('cleartext');
  const telnet = standard.ruleDetail.getByTestId('rule-matcher');
  await expect(telnet).toHaveCount(2);
  await expect(telnet.nth(0)).toContainText('service telnet not inside TLS');
  await expect(telnet.nth(0)).toContainText(/TLS\s*not inside TLS/);
  await expect(telnet.nth(1)).toContainText(/Ports\s*23\/tcp/);
  await expect(telnet.nth(1)).toContainText('when no probe identified the service');
  await expect(standard.ruleDetail.getByTestId('rule-catalog-note')).toContainText('mark it not applicable');
  await expect(standard.ruleDetail.getByRole('button', { name: /^Remove rule/ })).toHaveCount(0);
  await standard.toggleRule('Telnet');
  await expect(standard.ruleDetail).toHaveCount(0);

  // The entity's own rule: matchers that are not JSON, then ports the core refuses, each with its message.
  const form = await standard.openNewRule();
  await standard.fillRule(form, { ...NAS_RULE, matchers: `[{"product": "${PRODUCT}"` });
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(form.getByRole('alert')).toHaveText(/^The matchers are not valid JSON: /);
  await expect(form.getByLabel(/^Matchers/)).toHaveAttribute('aria-invalid', 'true');

  await standard.fillRule(form, { matchers: '[{"label": "telnet", "ports": ["23"]}]' });
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    'standard.edit: edit.rule.match.0.ports.0: a port spec such as "23/tcp", "512-514/tcp" or "*/udp"',
  );
  await standard.fillRule(form, { matchers: '[{"ports": ["99999/tcp"]}]' });
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    'the edited standard: at rules[31] ("nas-appliance").match[0]: the port spec "99999/tcp" is not a range within 0-65535',
  );
  await expect(standard.history).toHaveCount(1);

  await standard.fillRule(form, { matchers: NAS_MATCHERS });
  await form.getByRole('button', { name: 'Add rule' }).click();
  await form.waitFor({ state: 'detached' });
  await expect(standard.history).toHaveCount(2);
  await expect(standard.history.first()).toContainText('rule nas-appliance added');
  const row = standard.rule(NAS);
  await expect(row).toContainText('entity');
  await expect(row).toContainText('High');
  // Opened once added: everything as entered, references split into title and address.
  await expect(standard.ruleDetail.getByTestId('rule-matcher')).toHaveText(
    `product ${PRODUCT}Productmatches /${PRODUCT}/`,
  );
  await expect(standard.ruleDetail).toContainText('Firmware patched monthly');
  await expect(standard.ruleDetail.getByRole('listitem').filter({ hasText: 'Vendor hardening guide' })).toContainText(
    'https://example.invalid/nas-hardening',
  );
  await expect(standard.ruleDetail).toContainText('Weak or no authentication, Management plane exposure');

  // The same id again is refused by the form, before the core.
  const again = await standard.openNewRule();
  await standard.fillRule(again, { ...NAS_RULE, matchers: NAS_MATCHERS });
  await again.getByRole('button', { name: 'Add rule' }).click();
  await expect(again.getByRole('alert')).toHaveText(
    'The standard already has a rule "nas-appliance": choose another id, or edit that rule.',
  );
  await again.getByRole('button', { name: 'Cancel' }).click();

  // The scan's NAS is an insecure item now, in the High group.
  const items = new ItemsPage(page);
  await items.open();
  await expect(items.item(`${NAS} on 21/tcp`)).toHaveCount(1);
  await expect(items.group('High').getByTestId('insecure-item').filter({ hasText: NAS })).toHaveCount(1);

  // Edited: the form comes filled in (matchers as JSON); severity lowered.
  await standard.open();
  await standard.toggleRule(NAS);
  const edit = await standard.editRule(NAS);
  await expect(edit.getByLabel(/^Matchers/)).toHaveValue(NAS_MATCHERS);
  await expect(edit.getByRole('checkbox', { name: 'Weak or no authentication' })).toBeChecked();
  await expect(edit.getByLabel(/^References/)).toHaveValue(
    'Vendor hardening guide | https://example.invalid/nas-hardening\nInternal standard FS-3',
  );
  await standard.fillRule(edit, { severity: 'Medium' });
  await edit.getByRole('button', { name: 'Save rule' }).click();
  await edit.waitFor({ state: 'detached' });
  await expect(standard.history).toHaveCount(3);
  await expect(standard.history.first()).toContainText('rule nas-appliance changed');
  await expect(row).toContainText('Medium');
  // Back to the rule's detail, which stays open.
  await expect(standard.ruleDetail).toContainText(`product ${PRODUCT}`);

  // Criteria: one renamed; one still used cannot go, and the core says which rules use it.
  await standard.editCriterion('Cleartext transmission', { title: 'Cleartext transmission of data' });
  await expect(standard.criterion('Cleartext transmission of data')).toHaveCount(1);
  await expect(standard.history).toHaveCount(4);
  await expect(standard.history.first()).toContainText('criterion cleartext changed');
  await standard.removeCriterion('Weak or no authentication');
  const refusal = standard.criterion('Weak or no authentication').getByRole('alert');
  await expect(refusal).toContainText('criterion weak-auth is still used by rule(s) telnet, ftp');
  await expect(refusal).toContainText('nas-appliance');
  await expect(standard.history).toHaveCount(4);
  // A new one, unused, comes and goes.
  await standard.addCriterion({
    id: 'vendor-eol',
    title: 'No vendor support',
    description: 'The vendor no longer ships security fixes for the product.',
  });
  await expect(standard.criterion('No vendor support')).toContainText('used by no rule');
  await standard.removeCriterion('No vendor support');
  await expect(standard.criterion('No vendor support')).toHaveCount(0);
  await expect(standard.history).toHaveCount(6);
  await expect(standard.history.first()).toContainText('criterion vendor-eol removed');

  // The states that count as in use.
  await standard.setInUseStates('open, listening, open|filtered');
  await expect(standard.inUse).toContainText('open, listening or open|filtered');
  await expect(standard.history.first()).toContainText('states counted as in use: open, listening, open|filtered');

  // The entity's rule removed, after a confirmation; its item goes with it.
  await standard.removeRule(NAS);
  await expect(standard.history).toHaveCount(8);
  await expect(standard.history.first()).toContainText('rule nas-appliance removed');
  await items.open();
  await expect(items.item(`${NAS} on 21/tcp`)).toHaveCount(0);

  await page.getByRole('tab', { name: 'Overview' }).click();
  const engagement = new EngagementPage(page);
  await expect(engagement.auditTable.getByText('standard.edit', { exact: true })).toHaveCount(7);
  await expect(engagement.badge).toHaveText(/Chain valid/);
});

test.describe('screenshot', () => {
  test.use({ viewport: { width: 1280, height: 1000 } });

  test('saves the rule editor open, for the README', async ({ page, harness }) => {
    await importDionaea(page, harness);
    const standard = new StandardPage(page);
    await standard.open();
    const form = await standard.openNewRule();
    await standard.fillRule(form, { ...NAS_RULE, matchers: NAS_MATCHERS });

    const out = resolve(repoRoot, 'docs/screenshots');
    mkdirSync(out, { recursive: true });
    // From the Rules card's head down to the form's buttons: every field, the matchers and their hint.
    const shoot = async (file: string) => {
      await page.evaluate(() => {
        const card = document.querySelector('.rule-editor-panel')?.closest('.card');
        if (card) window.scrollTo(0, card.getBoundingClientRect().top + window.scrollY - 8);
      });
      await page.screenshot({ path: file });
    };
    await shoot(join(out, 'standard-editor.png'));
    // Set PORTCULLIS_DARK_SHOT_DIR to a folder to look at the same view in the dark theme.
    const dark = process.env.PORTCULLIS_DARK_SHOT_DIR;
    if (dark) {
      await new StartPage(page).themeChoice('Dark').check();
      await shoot(join(dark, 'standard-editor-dark.png'));
      await new StartPage(page).themeChoice('System').check();
    }
  });
});
