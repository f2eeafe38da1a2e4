// Rulebases end to end, in Chromium against the harness: an iptables-save file and an AWS security group
// export imported through the UI, their devices, rulesets and rules in the Rules tab, and reachability
// asked and answered. Expected numbers and texts are read here from the files themselves, independently
// of the app's parsers.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { PortcullisApi } from '../../src-main/api/contract';
import { test, expect } from './fixtures';
import { EngagementPage } from './pages/engagement-page';
import { ImportsPage } from './pages/imports-page';
import { RulesPage } from './pages/rules-page';
import { StartPage } from './pages/start-page';

const repoRoot = resolve(import.meta.dirname, '../..');
const corpus = resolve(repoRoot, '../shared/corpus');
const host1File = join(corpus, 'rulebases/batfish-example-host1.iptables');
const awsFile = join(corpus, 'rulebases/batfish-hybrid-aws-SecurityGroups.json');

test.skip(
  !existsSync(host1File) || !existsSync(awsFile),
  `the rulebase corpus is not at ${corpus}; these tests need it`,
);

/** The filter table's INPUT chain of an iptables-save file, read line by line (not with the app's parser). */
function inputChain(file: string): { rules: string[]; policy: string } {
  const text = readFileSync(file, 'utf8');
  const filter = /^\*filter\n([\s\S]*?)^COMMIT$/m.exec(text)?.[1] ?? '';
  const rules = filter.split('\n').filter((l) => l.startsWith('-A INPUT '));
  // Every "-A INPUT" line of the whole file is in the filter table here, or the count above would miss some.
  expect(rules.length).toBe(text.split('\n').filter((l) => l.startsWith('-A INPUT ')).length);
  const policy = /^:INPUT (\S+)/m.exec(filter)?.[1] ?? '';
  return { rules, policy: policy.toLowerCase() === 'accept' ? 'allow' : policy.toLowerCase() };
}

interface SecurityGroup {
  GroupId: string;
  GroupName?: string;
  VpcId?: string;
  IpPermissions?: Record<string, unknown[] | undefined>[];
  IpPermissionsEgress?: Record<string, unknown[] | undefined>[];
}

const PEER_KEYS = ['IpRanges', 'Ipv6Ranges', 'PrefixListIds', 'UserIdGroupPairs'];

/** One rule per peer of a permission: every IpRanges, Ipv6Ranges, PrefixListIds and UserIdGroupPairs entry. */
function peerCount(permissions: SecurityGroup['IpPermissions']): number {
  return (permissions ?? []).reduce((n, p) => n + PEER_KEYS.reduce((m, k) => m + (p[k]?.length ?? 0), 0), 0);
}

function securityGroups(file: string): SecurityGroup[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { SecurityGroups: SecurityGroup[] }).SecurityGroups;
}

async function openEngagement(page: Page): Promise<ImportsPage> {
  const start = new StartPage(page);
  await start.goto();
  await start.create({ fileName: 'acme-fw', entity: 'Acme Retail', assessor: 'A. Assessor' });
  await expect(new EngagementPage(page).title).toHaveText('Acme Retail');
  return new ImportsPage(page);
}

/** Skips the test when this build has no parser for a format the test needs. */
async function requireFormats(page: Page, ...ids: string[]): Promise<void> {
  const offered = await page.evaluate(async () => {
    const bridge = (window as unknown as { portcullis: PortcullisApi }).portcullis;
    const reply = await bridge['format.list']({});
    return reply.ok ? reply.value.map((f) => f.id) : [];
  });
  const missing = ids.filter((id) => !offered.includes(id));
  test.skip(missing.length > 0, `no parser yet for: ${missing.join(', ')}`);
}

/** Imports host1's iptables-save file: the core asks for the host name, the retry form gives it. */
async function importHost1(
  page: Page,
  imports: ImportsPage,
  harness: { queueDialogPaths(p: string[]): Promise<void> },
) {
  const fileName = 'batfish-example-host1.iptables';
  await harness.queueDialogPaths([host1File]);
  await imports.choose();
  await requireFormats(page, 'iptables-save');
  await imports.start();
  await expect(imports.result(fileName).getByRole('alert')).toBeVisible();
  await imports.retryHostName(fileName).fill('host1');
  await imports.retryButton(fileName).click();
  await expect(imports.summary(fileName)).toHaveText(/: 2 rules, \d+ coverage notes?$/);
  await imports.doneButton.click();
}

async function importAws(page: Page, imports: ImportsPage, harness: { queueDialogPaths(p: string[]): Promise<void> }) {
  await harness.queueDialogPaths([awsFile]);
  await imports.choose();
  await requireFormats(page, 'aws-security-groups');
  await imports.start();
  await expect(imports.summary('batfish-hybrid-aws-SecurityGroups.json')).toContainText(' rules, ');
  await imports.doneButton.click();
}

test('an iptables rulebase: its chains, rules, original text and who can reach what', async ({ page, harness }) => {
  const input = inputChain(host1File);
  expect(input.rules).toHaveLength(2);
  const sshOrder = input.rules.indexOf('-A INPUT -p tcp --dport 22 -j ACCEPT') + 1;
  expect(sshOrder).toBeGreaterThan(0);

  const imports = await openEngagement(page);
  await importHost1(page, imports, harness);
  await expect(imports.row('batfish-example-host1.iptables')).toContainText('host1');
  await expect(imports.row('batfish-example-host1.iptables')).toContainText(`${input.rules.length} rules`);

  const rules = new RulesPage(page);
  await expect(rules.tab).toHaveText(new RegExp(`^Rules\\s*${input.rules.length}$`));
  await rules.open();
  await expect(rules.devices).toHaveCount(1);
  const host1 = rules.device('host1');
  await expect(host1).toContainText('batfish-example-host1.iptables');
  const inputRuleset = rules.ruleset('host1', 'filter/INPUT');
  await expect(inputRuleset).toContainText(`${input.rules.length} rules`);
  await expect(inputRuleset).toContainText(`policy ${input.policy}`);
  expect(input.policy).toBe('drop');

  await inputRuleset.click();
  await expect(inputRuleset).toHaveAttribute('aria-current', 'true');
  await expect(rules.title).toHaveText('filter/INPUT');
  await expect(rules.range).toHaveText(
    `Showing 1–${input.rules.length} of ${input.rules.length} rules, in evaluation order`,
  );
  await expect(rules.rows).toHaveCount(input.rules.length);
  const ssh = await rules.rowCells(sshOrder - 1);
  expect(ssh.slice(0, 3)).toEqual([String(sshOrder), 'allow', 'tcp']);
  expect(ssh[5]).toBe('22');

  // A rule opens to its details and its original text, shown as text.
  await rules.expand(sshOrder - 1);
  await expect(rules.details).toBeVisible();
  const original = rules.details.getByTestId('rule-text');
  await expect(original).toHaveText(input.rules[sshOrder - 1]!);
  expect(await original.evaluate((el) => el.children.length)).toBe(0);
  await expect(rules.details).toContainText('line ');
  await rules.expand(sshOrder - 1);
  await expect(rules.details).toHaveCount(0);

  // SSH is open to the world through filter/INPUT; telnet falls through to the chain's DROP policy.
  await rules.check({ destination: '10.0.0.5', proto: 'tcp', port: 22, entries: ['filter/INPUT'] });
  await expect(rules.headline).toHaveText('Any source can reach 10.0.0.5 22/tcp');
  await expect(rules.entriesUsed).toHaveText('filter/INPUT');
  await expect(rules.answer).toContainText('0.0.0.0/0');
  const link = rules.ruleLink(`filter/INPUT #${sshOrder}`);
  await expect(link).toBeVisible();

  // The link turns to the rule in the table and opens it.
  await rules.ruleset('host1', 'filter/FORWARD').click();
  await expect(rules.title).toHaveText('filter/FORWARD');
  await link.click();
  await expect(rules.title).toHaveText('filter/INPUT');
  await expect(rules.details.getByTestId('rule-text')).toHaveText(input.rules[sshOrder - 1]!);
  await expect(rules.rows.nth(sshOrder - 1)).toHaveClass(/focused/);

  await rules.check({ destination: '10.0.0.5', proto: 'tcp', port: 23, entries: ['filter/INPUT'] });
  await expect(rules.headline).toHaveText('No source can reach 10.0.0.5 23/tcp');
  await expect(rules.byRule).toHaveCount(0);
  await expect(rules.answer).toContainText('No rule admits this traffic.');

  // Bad questions are stopped in the form or explained by the core.
  await rules.port.fill('');
  await rules.checkButton.click();
  await expect(rules.reachForm.getByRole('alert')).toContainText('Enter the destination port');
  await rules.check({ destination: 'not-an-address', proto: 'tcp', port: 22 });
  await expect(rules.answer.getByRole('alert')).toContainText('not-an-address');
});

test('security groups add a device per VPC; rule counts match the export', async ({ page, harness }) => {
  const groups = securityGroups(awsFile);
  // The group with the most ingress peers, and its rule count counted from the JSON.
  const group = [...groups].sort((a, b) => peerCount(b.IpPermissions) - peerCount(a.IpPermissions))[0]!;
  const ingress = peerCount(group.IpPermissions);
  expect(ingress).toBeGreaterThan(1);
  const awsRules = groups.reduce((n, g) => n + peerCount(g.IpPermissions) + peerCount(g.IpPermissionsEgress), 0);

  const imports = await openEngagement(page);
  await importHost1(page, imports, harness);
  const rules = new RulesPage(page);
  await rules.open();
  await expect(rules.devices).toHaveCount(1);

  await rules.page.getByRole('tab', { name: 'Overview' }).click();
  await importAws(page, imports, harness);
  await expect(rules.tab).toHaveText(new RegExp(`^Rules\\s*${2 + awsRules}$`));
  // The imports table's rule count opens the Rules tab on the import's first device.
  const vpcs = [...new Set(groups.map((g) => g.VpcId!))].sort();
  await imports
    .row('batfish-hybrid-aws-SecurityGroups.json')
    .getByRole('button', { name: `Show the ${awsRules} rules of batfish-hybrid-aws-SecurityGroups.json` })
    .click();
  await expect(rules.title).toHaveText(`${vpcs[0]}: all rulesets`);
  await expect(rules.devices).toHaveCount(1 + vpcs.length);

  const vpc = group.VpcId!;
  if (vpc !== vpcs[0]) await rules.showRulesets(vpc);
  const ruleset = rules
    .device(vpc)
    .getByTestId('ruleset')
    .filter({ hasText: group.GroupId })
    .filter({ hasText: 'ingress' });
  await expect(ruleset).toHaveCount(1);
  await expect(ruleset).toContainText(`${ingress} rules`);
  await ruleset.click();
  await expect(rules.title).toContainText(group.GroupId);
  await expect(rules.rows).toHaveCount(ingress);
});

test.describe('screenshot', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('saves the Rules tab with a reachability answer for the README', async ({ page, harness }) => {
    // The VPC of the group with the most ingress rules: several groups, and SSH open to the world.
    const groups = securityGroups(awsFile);
    const group = [...groups].sort((a, b) => peerCount(b.IpPermissions) - peerCount(a.IpPermissions))[0]!;
    const imports = await openEngagement(page);
    await importAws(page, imports, harness);
    const rules = new RulesPage(page);
    await rules.open();
    await rules
      .device(group.VpcId!)
      .getByRole('button', { name: new RegExp(`^${group.VpcId}`) })
      .click();
    await expect(rules.title).toHaveText(`${group.VpcId}: all rulesets`);
    await rules.check({ destination: '192.168.1.10', proto: 'tcp', port: 22 });
    await expect(rules.headline).toHaveText(/can reach 192\.168\.1\.10 22\/tcp$/);

    await page.evaluate(() => window.scrollTo(0, 0));
    const out = resolve(repoRoot, 'docs/screenshots');
    mkdirSync(out, { recursive: true });
    await page.screenshot({ path: join(out, 'rules.png') });
    // Set PORTCULLIS_DARK_SHOT to a path to look at the same view in the dark theme.
    if (process.env.PORTCULLIS_DARK_SHOT) {
      await new StartPage(page).themeChoice('Dark').check();
      await page.screenshot({ path: process.env.PORTCULLIS_DARK_SHOT });
    }
  });
});
