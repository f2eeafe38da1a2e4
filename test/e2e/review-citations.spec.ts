// Citations and test plans in the walk-through, in Chromium against the harness: a rule line whose comment names a change
// ticket offers that ticket beside the feature (imported: one click links it; the feature shows its id),
// the feature cites an interview from the evidence register as where it is implemented and as the proof
// of its test; a network feature plans negative tests from its rule, and importing the scan a planned
// command writes records the result; files dropped on the Evidence tab land in the register as documents.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { PortcullisApi } from '../../src-main/api/contract';
import { test, expect, type HarnessHandle } from './fixtures';
import { EngagementPage } from './pages/engagement-page';
import { EvidencePage } from './pages/evidence-page';
import { ImportsPage } from './pages/imports-page';
import { ReviewPage } from './pages/review-page';
import { StartPage } from './pages/start-page';

const repoRoot = resolve(import.meta.dirname, '../..');
const corpus = resolve(repoRoot, '../shared/corpus');
const dionaea = join(corpus, 'scans/python-libnmap--dionaea_scan.xml');

test.skip(!existsSync(dionaea), `the scan corpus is not at ${corpus} (no ${dionaea}); these tests need it`);

const ITEM = 'Anonymous FTP login allowed on 21/tcp';
const FIREWALL = [
  '*filter',
  ':INPUT DROP [0:0]',
  ':FORWARD DROP [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  '-A INPUT -s 10.20.30.40/32 -d 172.28.1.3/32 -p tcp -m tcp --dport 21 -m comment --comment "CHG0031877 backup FTP" -j ACCEPT',
  'COMMIT',
  '',
].join('\n');
/** A ServiceNow change_request export (Table API JSON), with the field names ServiceNow documents. */
const CHANGES = JSON.stringify({
  result: [
    {
      number: 'CHG0031877',
      short_description: 'Allow FTP from the backup server only',
      state: 'Closed',
      closed_at: '2026-11-02 10:00:00',
    },
  ],
});
const INTERVIEW = 'Interview with the network engineer';

async function rawCall<T>(page: Page, channel: string, request: unknown): Promise<T> {
  return page.evaluate(
    async ([c, r]) => {
      const bridge = (window as unknown as { portcullis: Record<string, (x: unknown) => Promise<unknown>> }).portcullis;
      return bridge[c as string]!(r);
    },
    [channel, request] as const,
  ) as Promise<T>;
}

async function setUp(page: Page, harness: HarnessHandle): Promise<string> {
  const start = new StartPage(page);
  await start.goto();
  await start.create({ fileName: 'acme-citations', entity: 'Acme Retail', assessor: 'A. Assessor' });
  await expect(new EngagementPage(page).title).toHaveText('Acme Retail');
  const offered = await page.evaluate(async () => {
    const reply = await (window as unknown as { portcullis: PortcullisApi }).portcullis['format.list']({});
    return reply.ok ? reply.value.map((f) => f.id) : [];
  });
  test.skip(!offered.includes('servicenow-json'), 'no ServiceNow JSON parser');
  const imports = new ImportsPage(page);
  const fw = join(harness.scratch, 'fw1.iptables');
  const changes = join(harness.scratch, 'changes.json');
  writeFileSync(fw, FIREWALL);
  writeFileSync(changes, CHANGES);
  await harness.queueDialogPaths([dionaea, changes, fw]);
  await imports.choose();
  await imports.start();
  await imports.retryHostName('fw1.iptables').fill('fw1');
  await imports.retryButton('fw1.iptables').click();
  await expect(imports.summary('fw1.iptables')).toContainText('1 rule');
  await imports.doneButton.click();
  const list = await rawCall<{ value: { path: string }[] }>(page, 'engagement.list', {});
  return list.value.find((e) => e.path.endsWith('acme-citations.portcullis'))!.path;
}

test.use({ viewport: { width: 1280, height: 1000 } });

test('a rule line offers the ticket it names; features cite tickets and evidence entries by id', async ({
  page,
  harness,
}) => {
  const path = await setUp(page, harness);
  const evidence = new EvidencePage(page);
  await evidence.open();
  await evidence.addNote({ type: 'Interview', title: INTERVIEW, note: 'Only the backup server may reach FTP.' });
  const recorded = (await evidence.noteForm.getByRole('status').textContent()) ?? '';
  const ref = /Recorded as (E-\d{3})\./.exec(recorded)?.[1];
  expect(ref, `the form says which ref it gave: "${recorded}"`).toBeDefined();

  const review = new ReviewPage(page);
  await review.open();
  await review.openItem(ITEM);
  const feature = await review.addFeature('Network restriction', 'FTP only from the backup server');
  await expect(feature.getByRole('heading', { level: 4 })).toContainText('F1');
  // No rule linked yet: nothing to suggest.
  await expect(feature.getByTestId('ticket-suggestion')).toHaveCount(0);
  const links = review.linkForm(feature);
  await links.getByLabel('Device').selectOption('fw1');
  await links.getByLabel('Rule line').selectOption({ index: 1 });
  await links.getByRole('button', { name: 'Add link' }).click();
  const suggestion = feature.getByTestId('ticket-suggestion');
  await expect(suggestion).toHaveText(
    /^CHG0031877 Allow FTP from the backup server only \(Closed\) · named in the comment of fw1 filter\/INPUT #1/,
  );
  await suggestion.getByRole('button', { name: 'Link ticket CHG0031877' }).click();
  await expect(feature.getByTestId('feature-tickets')).toHaveValue('CHG0031877');
  await expect(suggestion).toHaveCount(0);
  // The decision's own ticket field offers it as well (the record links the rule).
  await expect(review.decision.getByTestId('ticket-suggestion')).toContainText('CHG0031877');

  await links.getByLabel('Link a').selectOption({ label: 'Evidence entry' });
  await links.getByLabel('Evidence entry').selectOption({ label: `${ref} ${INTERVIEW} (Interview)` });
  await links.getByRole('button', { name: 'Add link' }).click();
  await expect(feature.getByTestId('review-link').nth(1)).toContainText(`${ref} ${INTERVIEW}`);

  await review.testForm(feature).getByLabel('New test').fill('Asked the engineer to show the rule live');
  await review.testForm(feature).getByRole('button', { name: 'Add test' }).click();
  const t = review.tests(feature).first();
  await t.getByLabel('Result').selectOption('pass');
  await t.getByLabel('or an evidence entry').selectOption({ label: `${ref} ${INTERVIEW} (Interview)` });
  await expect(t.getByTestId('review-proof')).toHaveText(`${ref} ${INTERVIEW}`);
  await t.getByLabel('Result').blur();
  await expect(review.save).toHaveText('Saved');
  await page.mouse.move(0, 0);
  await feature.screenshot({ path: join(repoRoot, 'docs/screenshots/review-5-citations.png') });

  // What the core holds: the id, the ticket and both citations.
  const key = await review.item.getAttribute('data-key');
  const state = await rawCall<{
    value: {
      record: {
        features: { id: string; tickets: string[]; implementedBy: unknown[]; tests: { proof: unknown }[] }[];
      };
    };
  }>(page, 'review.get', { path, key });
  const saved = state.value.record.features[0]!;
  expect(saved.id).toBe('F1');
  expect(saved.tickets).toEqual(['CHG0031877']);
  expect(saved.implementedBy).toContainEqual({ kind: 'evidence', ref });
  expect(saved.tests[0]!.proof).toEqual({ kind: 'evidence', ref });
});

test('files dropped on the Evidence tab are added to the register as documents (where the face gives paths)', async ({
  page,
  harness,
}) => {
  // The harness gives dropped files no paths; stand in for Electron's File.path, pointing into the
  // workspace (which the harness lets the page read without a dialog).
  const dropped = join(harness.workspace, 'dropped');
  mkdirSync(dropped);
  writeFileSync(join(dropped, 'ftp-allowlist-change.txt'), 'CHG0031877 implemented 2026-11-02\n');
  copyFileSync(dionaea, join(dropped, 'rescan.xml'));
  await page.addInitScript((dir) => {
    Object.defineProperty(File.prototype, 'path', {
      configurable: true,
      get(this: File) {
        return `${dir}/${this.name}`;
      },
    });
  }, dropped);
  const start = new StartPage(page);
  await start.goto();
  await start.create({ fileName: 'acme-drop', entity: 'Acme Retail', assessor: 'A. Assessor' });
  const evidence = new EvidencePage(page);
  await evidence.open();
  await expect(evidence.empty).toBeVisible();
  await expect(page.getByText('Drop files anywhere on this tab to add them as documents.')).toBeVisible();
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['x'], 'ftp-allowlist-change.txt', { type: 'text/plain' }));
    dt.items.add(new File(['x'], 'rescan.xml', { type: 'text/xml' }));
    return dt;
  });
  const main = page.locator('main.engagement');
  await main.dispatchEvent('dragenter', { dataTransfer });
  await expect(page.getByText('Drop files to add them to the evidence register')).toBeVisible();
  await main.dispatchEvent('drop', { dataTransfer });
  await expect(evidence.rows).toHaveCount(2);
  await expect(evidence.cell('E-001', 'type')).toHaveText('Document');
  await expect(evidence.cell('E-001', 'title')).toHaveText('ftp-allowlist-change.txt');
  await expect(evidence.cell('E-002', 'title')).toHaveText('rescan.xml');
  // A drop on the Evidence tab stores; it does not import (the scan stays a document).
  await expect(evidence.tab).toBeVisible();
  const imports = await rawCall<{ value: unknown[] }>(page, 'import.list', {
    path: join(harness.workspace, 'acme-drop.portcullis'),
  });
  expect(imports.value).toHaveLength(0);
});

/** What nmap 7.93 writes for the planned command `nmap -Pn -n -sT -p 21 --reason -oX FILE 172.28.1.3`. */
function plannedScan(file: string, state: string, reason: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -Pn -n -sT -p 21 --reason -oX ${file} 172.28.1.3" start="1796400000" startstr="Tue Dec  1 10:00:00 2026" version="7.93" xmloutputversion="1.05">
<scaninfo type="connect" protocol="tcp" numservices="1" services="21"/>
<host starttime="1796400000" endtime="1796400002"><status state="up" reason="user-set" reason_ttl="0"/>
<address addr="172.28.1.3" addrtype="ipv4"/>
<hostnames>
</hostnames>
<ports><port protocol="tcp" portid="21"><state state="${state}" reason="${reason}" reason_ttl="0"/><service name="ftp" method="table" conf="3"/></port>
</ports>
</host>
<runstats><finished time="1796400002" timestr="Tue Dec  1 10:00:02 2026" elapsed="2.05" exit="success"/><hosts up="1" down="0" total="1"/>
</runstats>
</nmaprun>
`;
}

test('a network feature plans negative tests from its rule; the scan they write records the result', async ({
  page,
  harness,
}) => {
  await setUp(page, harness);
  const review = new ReviewPage(page);
  await review.open();
  await review.openItem(ITEM);
  const feature = await review.addFeature('Network restriction', 'FTP only from the backup server');
  const links = review.linkForm(feature);
  await links.getByLabel('Device').selectOption('fw1');
  await links.getByLabel('Rule line').selectOption({ index: 1 });
  await links.getByRole('button', { name: 'Add link' }).click();

  const planForm = feature.getByRole('form', { name: /^Plan negative tests of / });
  await planForm.getByLabel(/^Vantage points/).fill('store VLAN jump host 10.50.1.10');
  await planForm.getByRole('button', { name: 'Plan tests' }).click();
  const cases = feature.getByTestId('test-case');
  await expect(cases).toHaveCount(1);
  await expect(cases.first()).toContainText('TP-001');
  await expect(cases.first()).toContainText('Planned');
  await expect(cases.first()).toContainText('From store VLAN jump host (10.50.1.10) to 172.28.1.3 21/tcp');
  await expect(cases.first().locator('code')).toHaveText(
    'nmap -Pn -n -sT -p 21 --reason -oX portcullis-TP-001.xml 172.28.1.3',
  );

  // The assessor runs the command from the jump host and imports what it wrote.
  const scan = join(harness.scratch, 'portcullis-TP-001.xml');
  writeFileSync(scan, plannedScan('portcullis-TP-001.xml', 'filtered', 'no-response'));
  await page.getByRole('tab', { name: /^Overview/ }).click();
  const imports = new ImportsPage(page);
  await harness.queueDialogPaths([scan]);
  await imports.choose();
  await imports.start();
  await expect(imports.summary('portcullis-TP-001.xml')).toContainText('1 host');
  await imports.doneButton.click();

  await review.open();
  await expect(cases.first()).toContainText('Passed');
  await expect(cases.first()).toContainText('Result: filtered (no-response)');
  const recorded = review.tests(feature);
  await expect(recorded).toHaveCount(1);
  await expect(recorded.first().getByLabel('Result')).toHaveValue('pass');
  await expect(recorded.first().getByTestId('review-proof')).toContainText('portcullis-TP-001.xml');
  await page.mouse.move(0, 0);
  await feature.screenshot({ path: join(repoRoot, 'docs/screenshots/review-6-testplan.png') });
});

test('the Overview shows the engagement at a glance, and a decision moves the charts', async ({ page, harness }) => {
  await setUp(page, harness);
  const dashboard = page.getByTestId('dashboard');
  await expect(dashboard.getByTestId('dashboard-readiness')).toHaveText(/^0% audit-ready\s+0 of 11 insecure items$/);
  // The numbers behind each chart are in its table (what a screen reader reads).
  const dispositions = dashboard.getByTestId('chart-disposition').locator('tbody tr');
  await expect(dispositions.first()).toHaveText(/No decision yet\s*11\s*0/);
  await expect(dashboard.getByTestId('chart-timeline').locator('tbody tr')).toHaveCount(1);

  const review = new ReviewPage(page);
  await review.open();
  await review.openItem(ITEM);
  await review.decision.getByRole('radio', { name: 'Disable' }).check();
  await expect(review.save).toHaveText('Saved');
  await page.getByRole('tab', { name: /^Overview/ }).click();
  await expect(dispositions.first()).toHaveText(/No decision yet\s*10\s*0/);
  await expect(dispositions.nth(1)).toHaveText(/Disable\s*1\s*0/);
  await page.mouse.move(0, 0);
  await dashboard.screenshot({ path: join(repoRoot, 'docs/screenshots/dashboard.png') });
});

test('undo puts the review back as it was before the last change, from the audit log', async ({ page, harness }) => {
  await setUp(page, harness);
  const review = new ReviewPage(page);
  await review.open();
  await review.openItem(ITEM);
  const disable = review.decision.getByRole('radio', { name: 'Disable' });
  const constrain = review.decision.getByRole('radio', { name: 'Constrain and secure' });
  const undo = review.item.getByRole('button', { name: 'Undo last change' });
  await expect(undo).toHaveCount(0);
  await disable.check();
  await expect(review.save).toHaveText('Saved');
  await constrain.check();
  await expect(review.save).toHaveText('Saved');
  await undo.click();
  await expect(disable).toBeChecked();
  await expect(constrain).not.toBeChecked();
  await undo.click();
  await expect(constrain).toBeChecked();
});
