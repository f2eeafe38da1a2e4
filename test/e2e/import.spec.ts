// Importing real tool outputs end to end, in Chromium against the harness: files chosen through the
// stubbed dialog, per-file results, the imports table, and the observations table paged, sorted and
// filtered by the core. Expected numbers are counted here from the files themselves, independently of
// the app's parsers.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { PortcullisApi } from '../../src-main/api/contract';
import { test, expect } from './fixtures';
import { EngagementPage } from './pages/engagement-page';
import { ImportsPage } from './pages/imports-page';
import { ObservationsPage } from './pages/observations-page';
import { StartPage, type NewEngagement } from './pages/start-page';

const repoRoot = resolve(import.meta.dirname, '../..');
const corpus = resolve(repoRoot, '../shared/corpus');
const nmapSmall = join(corpus, 'scans/nmap-issue4406.xml');
const nmapLarge = join(corpus, 'scans/nmap-ndiff-random-1.xml');
const nmapExample = join(corpus, 'scans/nmap--nmap_example.xml');
const nmapWithNotes = join(corpus, 'scans/python-libnmap--dionaea_scan.xml');
const ssListing = join(corpus, 'hosts/ss-tulpn-debian12.txt');

test.skip(!existsSync(corpus), `the corpus of tool outputs is not at ${corpus}; these tests need it`);

const acme: NewEngagement = { fileName: 'acme-2025', entity: 'Acme Retail', assessor: 'A. Assessor' };

interface PortElement {
  proto: string;
  port: number;
  state: string;
  /** The <service> element's name, product and version attributes, as written. */
  service: { name?: string; product?: string; version?: string };
}

/** Every <port> element of an nmap XML file, read with regular expressions (not the app's parser). */
function nmapPorts(file: string): PortElement[] {
  const xml = readFileSync(file, 'utf8');
  const ports: PortElement[] = [];
  for (const m of xml.matchAll(/<port\s([^>]*)>([\s\S]*?)<\/port>/g)) {
    const attrs = m[1] ?? '';
    const body = m[2] ?? '';
    const attr = (source: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(source)?.[1];
    const serviceTag = /<service\s[^>]*>/.exec(body)?.[0] ?? '';
    ports.push({
      proto: attr(attrs, 'protocol') ?? '',
      port: Number(attr(attrs, 'portid')),
      state: attr(/<state\s[^>]*>/.exec(body)?.[0] ?? '', 'state') ?? '',
      service: {
        name: attr(serviceTag, 'name'),
        product: attr(serviceTag, 'product'),
        version: attr(serviceTag, 'version'),
      },
    });
  }
  // The element count must agree with a plain count of the opening tags, or the regex above missed some.
  expect(ports.length).toBe(countOf(xml, /<port\s/g));
  return ports;
}

function countOf(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

/** "Showing 1–100 of 1,234" as the observations table words it. */
function range(first: number, last: number, total: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `Showing ${n(first)}–${n(last)} of ${n(total)}`;
}

async function openEngagement(page: Page): Promise<{ engagement: EngagementPage; imports: ImportsPage }> {
  const start = new StartPage(page);
  await start.goto();
  await start.create(acme);
  const engagement = new EngagementPage(page);
  await expect(engagement.title).toHaveText('Acme Retail');
  return { engagement, imports: new ImportsPage(page) };
}

/** Skips the test when this build has no parser for a format the test needs (parsers land separately). */
async function requireFormats(page: Page, ...ids: string[]): Promise<void> {
  const offered = await page.evaluate(async () => {
    const bridge = (window as unknown as { portcullis: PortcullisApi }).portcullis;
    const reply = await bridge['format.list']({});
    return reply.ok ? reply.value.map((f) => f.id) : [];
  });
  const missing = ids.filter((id) => !offered.includes(id));
  test.skip(missing.length > 0, `no parser yet for: ${missing.join(', ')}`);
}

test('imports an nmap XML scan: summary, imports table and the observations it found', async ({
  page,
  harness,
  requests,
}) => {
  const expected = nmapPorts(nmapSmall).length;
  const { engagement, imports } = await openEngagement(page);
  await expect(imports.empty).toBeVisible();

  await harness.queueDialogPaths([nmapSmall]);
  await imports.choose();
  await expect(imports.chosenFiles).toHaveText(['nmap-issue4406.xml']);
  await expect(imports.formatSelect).toHaveValue('');
  await expect(imports.formatSelect.locator('option:checked')).toHaveText('Detect automatically');
  await requireFormats(page, 'nmap-xml');
  await expect(imports.hostNameInput).toHaveCount(0);

  await imports.start();
  const summary = imports.summary('nmap-issue4406.xml');
  await expect(summary).toHaveText(
    new RegExp(`^nmap XML \\(-oX\\): 1 host, ${expected} observations, \\d+ coverage notes?$`),
  );
  const notes = Number(/(\d+) coverage notes?$/.exec((await summary.textContent()) ?? '')?.[1]);

  const row = imports.row('nmap-issue4406.xml');
  await expect(imports.rows).toHaveCount(1);
  await expect(row).toContainText('nmap XML (-oX)');
  await expect(row.getByRole('cell').nth(3)).toHaveText(String(expected));
  await expect(row.getByRole('cell').nth(4)).toHaveText(String(notes));
  await expect(row).toContainText('e2e');
  // The original is stored as evidence too, and the import is in the audit log.
  await expect(engagement.fileRow('nmap-issue4406.xml')).toContainText('original');
  await expect(engagement.auditTable).toContainText('import.file');

  await imports.doneButton.click();
  await expect(imports.panel).toHaveCount(0);

  const observations = new ObservationsPage(page);
  await expect(observations.tab).toHaveText(new RegExp(`^Observations\\s*${expected}$`));
  await observations.open();
  await expect(observations.range).toHaveText(range(1, expected, expected));
  await expect(observations.rows).toHaveCount(expected);
  await expect(observations.nextPage).toHaveCount(0);

  expect(requests.all.some((u) => u.startsWith(`${harness.origin}/api/invoke`))).toBe(true);
  expect(requests.foreign).toEqual([]);
});

test('pages, sorts and filters observations through the core', async ({ page, harness }) => {
  const ports = [...nmapPorts(nmapSmall), ...nmapPorts(nmapLarge)];
  const total = ports.length;
  expect(total).toBeGreaterThan(200);
  const { imports } = await openEngagement(page);

  await harness.queueDialogPaths([nmapSmall, nmapLarge]);
  await imports.choose();
  await expect(imports.chosenFiles).toHaveCount(2);
  await requireFormats(page, 'nmap-xml');
  await imports.start();
  await expect(imports.results.getByTestId('import-summary')).toHaveCount(2);
  await expect(imports.rows).toHaveCount(2);

  const observations = new ObservationsPage(page);
  await observations.open();
  await expect(observations.range).toHaveText(range(1, 100, total));
  await expect(observations.rows).toHaveCount(100);
  await expect(observations.previousPage).toBeDisabled();
  await observations.nextPage.click();
  await expect(observations.range).toHaveText(range(101, 200, total));
  await expect(observations.rows).toHaveCount(100);
  await observations.nextPage.click();
  await expect(observations.range).toHaveText(range(201, total, total));
  await expect(observations.rows).toHaveCount(total - 200);
  await expect(observations.nextPage).toBeDisabled();
  await observations.previousPage.click();
  await expect(observations.range).toHaveText(range(101, 200, total));

  // Sorting goes back to the first page and is done by the core over every row, not just this page.
  const sortedPorts = ports.map((p) => p.port).sort((a, b) => a - b);
  await observations.sortBy('Port');
  await expect(observations.sortState('Port')).toHaveAttribute('aria-sort', 'ascending');
  await expect(observations.range).toHaveText(range(1, 100, total));
  expect((await observations.rowCells(0))[1]).toBe(String(sortedPorts[0]));
  await observations.sortBy('Port');
  await expect(observations.sortState('Port')).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => (await observations.rowCells(0))[1]).toBe(String(sortedPorts.at(-1)));

  // Each filter narrows the total to what the files say.
  const byState = (state: string) => ports.filter((p) => p.state === state).length;
  await observations.state.selectOption('filtered');
  await expect(observations.range).toHaveText(range(1, 100, byState('filtered')));
  await observations.state.selectOption('closed');
  await expect(observations.range).toHaveText(range(1, byState('closed'), byState('closed')));
  for (const cells of await Promise.all(
    Array.from({ length: byState('closed') }, (_, i) => observations.rowCells(i)),
  )) {
    expect(cells[3]).toBe('closed');
  }
  await observations.state.selectOption('');

  const term = 'mysql';
  const byTerm = ports.filter((p) =>
    [p.service.name, p.service.product, p.service.version].some((v) => v?.toLowerCase().includes(term)),
  ).length;
  expect(byTerm).toBeGreaterThan(0);
  await observations.search.fill('MySQL');
  await expect(observations.range).toHaveText(range(1, byTerm, byTerm));
  await observations.state.selectOption('open');
  const openMysql = ports.filter(
    (p) => p.state === 'open' && [p.service.name, p.service.product].some((v) => v?.toLowerCase().includes(term)),
  ).length;
  await expect(observations.range).toHaveText(range(1, openMysql, openMysql));
  await observations.clearFilters.click();
  await expect(observations.range).toHaveText(range(1, 100, total));

  const port22 = ports.filter((p) => p.port === 22).length;
  await observations.port.fill('22');
  await expect(observations.range).toHaveText(range(1, port22, port22));
  await observations.port.fill('99999');
  await expect(page.getByRole('alert')).toContainText('The port must be a number from 0 to 65535');
  await observations.port.fill('');

  const ssh = ports.filter((p) => p.service.name === 'ssh').length;
  await observations.service.fill('ssh');
  await expect(observations.range).toHaveText(range(1, ssh, ssh));
  await observations.service.fill('');

  // One import only, through the import filter.
  await observations.importSelect.selectOption({ label: 'nmap-issue4406.xml' });
  const small = nmapPorts(nmapSmall).length;
  await expect(observations.range).toHaveText(range(1, small, small));
});

test('opens a row to its details: names, product, CPEs, facts and script output as text', async ({ page, harness }) => {
  const { imports } = await openEngagement(page);
  await harness.queueDialogPaths([nmapSmall]);
  await imports.choose();
  await requireFormats(page, 'nmap-xml');
  await imports.start();
  await imports.doneButton.click();

  const observations = new ObservationsPage(page);
  await observations.open();
  await observations.port.fill('22');
  await expect(observations.range).toHaveText(range(1, 1, 1));
  const cells = await observations.rowCells(0);
  expect(cells[0]).toContain('10.250.195.71');
  expect(cells[0]).toContain('ip-10-250-195-71.eu-west-1.compute.internal');
  expect(cells.slice(1, 5)).toEqual(['22', 'tcp', 'open', 'ssh']);
  await observations.expand(0);
  const details = observations.details;
  await expect(details).toBeVisible();
  await expect(details).toContainText('ip-10-250-195-71.eu-west-1.compute.internal');
  await expect(details).toContainText('OpenSSH');
  await expect(details).toContainText('protocol 2.0');
  await expect(details).toContainText('cpe:/a:openbsd:openssh:7.4');
  await expect(details.getByRole('table', { name: 'Facts' })).toBeVisible();
  const script = details.locator('pre').first();
  await expect(script).toContainText('cpe:/a:openbsd:openssh:7.4');
  // Script output is text: nothing in it becomes markup.
  expect(await script.evaluate((el) => el.children.length)).toBe(0);
  await observations.rows
    .nth(0)
    .getByRole('button', { name: /^Details of/ })
    .press('Enter');
  await expect(details).toHaveCount(0);
});

test('shows what the parser did not understand: the first notes, then all of them', async ({ page, harness }) => {
  // The scan's first <prescript> script is about the whole run, not a port: the parser notes it, on its line.
  const xml = readFileSync(nmapWithNotes, 'utf8');
  const prescript = xml.indexOf('<prescript>');
  const firstScript = /<script id="([^"]+)"/.exec(xml.slice(prescript));
  expect(prescript).toBeGreaterThan(0);
  const line = xml.slice(0, prescript + (firstScript?.index ?? 0)).split('\n').length;

  const { imports } = await openEngagement(page);
  await harness.queueDialogPaths([nmapWithNotes]);
  await imports.choose();
  await requireFormats(page, 'nmap-xml');
  await imports.start();

  const fileName = 'python-libnmap--dionaea_scan.xml';
  const summary = imports.summary(fileName);
  await expect(summary).toHaveText(/: 1 host, \d+ observations, \d+ coverage notes$/);
  const noteCount = Number(/(\d+) coverage notes$/.exec((await summary.textContent()) ?? '')?.[1]);
  expect(noteCount).toBeGreaterThan(5);
  const result = imports.result(fileName);
  const notes = result.getByRole('listitem');
  await expect(notes).toHaveCount(5);
  await expect(notes.first()).toHaveText(new RegExp(`^line ${line}: .*"${firstScript?.[1]}"`));

  await result.getByRole('button', { name: `Show all ${noteCount} notes` }).click();
  await expect(notes).toHaveCount(noteCount);
  await expect(notes.first()).toHaveText(new RegExp(`^line ${line}: `));
  await result.getByRole('button', { name: 'Show fewer notes' }).click();
  await expect(notes).toHaveCount(5);

  await imports.doneButton.click();
  const row = imports.row(fileName);
  await expect(row.getByRole('cell').nth(4)).toHaveText(String(noteCount));
  await row.getByRole('button', { name: `${noteCount} coverage notes for ${fileName}` }).click();
  const expansion = imports.table.locator('tr.expansion');
  await expect(expansion).toContainText(`Coverage notes for ${fileName}`);
  await expect(expansion.getByRole('listitem')).toHaveCount(noteCount);
  await row.getByRole('button', { name: `${noteCount} coverage notes for ${fileName}` }).click();
  await expect(expansion).toHaveCount(0);
});

test('an ss listing needs a host name: the UI asks for it, then imports', async ({ page, harness }) => {
  const listeners = readFileSync(ssListing, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '').length;
  const { imports } = await openEngagement(page);
  await harness.queueDialogPaths([ssListing]);
  await imports.choose();
  await requireFormats(page, 'ss');
  await imports.start();

  const result = imports.result('ss-tulpn-debian12.txt');
  await expect(result.getByRole('alert')).toContainText('describes one host');
  await expect(result).toContainText('Nothing was imported from this file.');
  await expect(imports.empty).toBeVisible();

  await imports.retryHostName('ss-tulpn-debian12.txt').fill('db01.acme.example');
  await imports.retryButton('ss-tulpn-debian12.txt').click();
  await expect(imports.summary('ss-tulpn-debian12.txt')).toHaveText(
    new RegExp(`^ss socket listing \\(iproute2\\): 1 host, ${listeners} observations, \\d+ coverage notes?$`),
  );
  await expect(result.getByRole('alert')).toHaveCount(0);
  await expect(result).toContainText('db01.acme.example');
  await expect(imports.row('ss-tulpn-debian12.txt')).toContainText('db01.acme.example');

  await imports.doneButton.click();
  const observations = new ObservationsPage(page);
  await observations.open();
  await expect(observations.range).toHaveText(range(1, listeners, listeners));
  await observations.port.fill('6380');
  await expect(observations.rows).toHaveCount(1);
  await observations.expand(0);
  await expect(observations.details).toContainText('redis-server');
  await expect(observations.details).toContainText('127.0.0.1');
});

test('choosing a host listing format asks for the host name up front', async ({ page, harness }) => {
  const { imports } = await openEngagement(page);
  await harness.queueDialogPaths([ssListing]);
  await imports.choose();
  await requireFormats(page, 'ss', 'nmap-xml');
  await imports.formatSelect.selectOption('nmap-xml');
  await expect(imports.hostNameInput).toHaveCount(0);
  await imports.formatSelect.selectOption('ss');
  await expect(imports.hostNameInput).toBeVisible();
  await expect(imports.formatSelect.locator('option:checked')).toHaveText('ss socket listing (iproute2)');
  await expect(imports.formatSelect.locator('optgroup', { has: page.locator('option[value="ss"]') })).toHaveAttribute(
    'label',
    'Host listener inventories',
  );

  await imports.start({ hostName: 'web01' });
  await expect(imports.summary('ss-tulpn-debian12.txt')).toContainText('ss socket listing (iproute2): 1 host');
  await expect(imports.row('ss-tulpn-debian12.txt')).toContainText('web01');
});

test('cancelling a running import keeps nothing of the file in progress', async ({ page, harness }) => {
  // A generated scan large enough to take seconds to import: 400,000 ports on 8,000 hosts.
  const big = join(harness.scratch, 'big-scan.xml');
  const hosts: string[] = [];
  for (let h = 0; h < 8000; h++) {
    const ports: string[] = [];
    for (let p = 1; p <= 50; p++) {
      ports.push(
        `<port protocol="tcp" portid="${p * 100}"><state state="open" reason="syn-ack"/><service name="http" product="nginx" method="probed" conf="10"/></port>`,
      );
    }
    const ip = `10.${h >> 8}.${h & 255}.1`;
    hosts.push(
      `<host><status state="up"/><address addr="${ip}" addrtype="ipv4"/><ports>\n${ports.join('\n')}\n</ports></host>`,
    );
  }
  writeFileSync(
    big,
    `<?xml version="1.0"?>\n<nmaprun scanner="nmap" args="nmap -sV" start="1700000000" version="7.94" xmloutputversion="1.05">\n${hosts.join('\n')}\n<runstats><finished time="1700000100" exit="success"/></runstats>\n</nmaprun>\n`,
  );

  const { engagement, imports } = await openEngagement(page);
  await harness.queueDialogPaths([big]);
  await imports.choose();
  await requireFormats(page, 'nmap-xml');
  await imports.formatSelect.selectOption('nmap-xml');
  await imports.startButton.click();
  await expect(imports.progressBar).toBeVisible();
  await imports.panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(imports.panel.getByRole('status')).toHaveText(
    'Cancelled. Nothing was imported from the file in progress or any after it.',
  );
  await expect(imports.results).toHaveCount(0);
  await imports.doneButton.click();
  await expect(imports.empty).toBeVisible();
  await expect(engagement.fileRows).toHaveCount(0);
  await expect(engagement.auditRows).toHaveCount(1);
  await expect(new ObservationsPage(page).tab).toHaveText(/^Observations\s*0$/);
});

test('a file that is not a scan fails with a clear message and imports nothing', async ({ page, harness }) => {
  const notes = join(harness.scratch, 'meeting-notes.txt');
  writeFileSync(notes, 'Kick-off meeting\n- scope: CDE only\n- next call on Tuesday\n');
  const { engagement, imports } = await openEngagement(page);
  await harness.queueDialogPaths([notes]);
  await imports.choose();
  await imports.start();

  const result = imports.result('meeting-notes.txt');
  await expect(result.getByRole('alert')).toContainText('meeting-notes.txt: format not recognised');
  await expect(result).toContainText('Not imported');
  await expect(result).toContainText('Nothing was imported from this file.');
  await expect(imports.retryButton('meeting-notes.txt')).toHaveCount(0);

  await imports.doneButton.click();
  await expect(imports.empty).toBeVisible();
  await expect(imports.table).toHaveCount(0);
  await expect(engagement.fileRows).toHaveCount(0);
  await expect(engagement.auditRows).toHaveCount(1);
  const observations = new ObservationsPage(page);
  await expect(observations.tab).toHaveText(/^Observations\s*0$/);
  await observations.open();
  await expect(observations.range).toHaveText('No observations yet: import a scan or a host listing first.');
});

test('files dropped on the engagement view open the import panel (where the face gives paths)', async ({
  page,
  harness,
}) => {
  // The harness gives dropped files no paths; stand in for Electron's File.path, pointing into the
  // workspace (which the harness lets the page read without a dialog).
  const dropped = join(harness.workspace, 'dropped');
  mkdirSync(dropped);
  copyFileSync(ssListing, join(dropped, 'ss-tulpn-debian12.txt'));
  await page.addInitScript((dir) => {
    Object.defineProperty(File.prototype, 'path', {
      configurable: true,
      get(this: File) {
        return `${dir}/${this.name}`;
      },
    });
  }, dropped);
  const { imports } = await openEngagement(page);

  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['ignored'], 'ss-tulpn-debian12.txt', { type: 'text/plain' }));
    return dt;
  });
  const main = page.locator('main.engagement');
  await main.dispatchEvent('dragenter', { dataTransfer });
  await expect(page.getByText('Drop files to import them')).toBeVisible();
  await main.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByText('Drop files to import them')).toHaveCount(0);
  await expect(imports.chosenFiles).toHaveText(['ss-tulpn-debian12.txt']);
  await requireFormats(page, 'ss');
  await imports.start({ format: 'ss', hostName: 'pos-17' });
  await expect(imports.summary('ss-tulpn-debian12.txt')).toContainText('1 host');
});

test.describe('screenshot', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('saves the observations table with a row open for the README', async ({ page, harness }) => {
    const open = [...nmapPorts(nmapExample), ...nmapPorts(nmapLarge)].filter((p) => p.state === 'open').length;
    const { imports } = await openEngagement(page);
    await harness.queueDialogPaths([nmapExample, nmapLarge]);
    await imports.choose();
    await requireFormats(page, 'nmap-xml');
    await imports.start();
    await imports.doneButton.click();

    const observations = new ObservationsPage(page);
    await observations.open();
    await observations.state.selectOption('open');
    await observations.sortBy('Port');
    await expect(observations.range).toHaveText(range(1, 100, open));
    // An FTP server that lets anyone in: a fact, its evidence and the script output it came from.
    const ftp = observations.rows.filter({ hasText: '204.152.191.37' }).filter({ hasText: 'vsftpd' });
    await ftp.click();
    await expect(observations.details.getByRole('table', { name: 'Facts' })).toContainText('ftp.anonymous');

    await page.evaluate(() => window.scrollTo(0, 0));
    const out = resolve(repoRoot, 'docs/screenshots');
    mkdirSync(out, { recursive: true });
    await page.screenshot({ path: join(out, 'observations.png') });
  });
});
