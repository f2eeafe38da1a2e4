// Reconciliation through the handler table: a real iptables rulebase and generated scan pairs give exact
// rows in every category; the real ndiff scan pair (the same network scanned twice in 2009) shows hosts not
// rescanned staying out of "stale", a real port gone stale, and a decision newer than every sighting; host
// listings are judged only by host listings; without a rulebase the rule categories say so.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Response } from '../../src-main/api/contract';
import { corpus, corpusAvailable } from './import-helpers';
import { APRIL_SCAN, EDGE_RULEBASE, MARCH_SCAN, nmapXml } from './reconcile-fixtures';
import { finished, tableFor } from './table-helpers';
import { tempDir } from './helpers';

type Answer = Response<'reconcile.run'>;
type Table = ReturnType<typeof tableFor>;
const P = 'n.portcullis';
const PEOPLE = { owner: 'Store ops', requester: 'R. Requester', approver: 'A. Approver' };

async function engagement(files: { name: string; text?: string; hostName?: string }[], savePath?: string) {
  const t = tableFor({ open: true, ...(savePath ? { savePath } : {}) });
  expect((await t.table.invoke('engagement.create', { path: P, meta: { entity: 'Acme', assessor: 'QSA' } })).ok).toBe(
    true,
  );
  for (const f of files) {
    const source = f.text === undefined ? f.name : join(t.baseDir, f.name);
    if (f.text !== undefined) writeFileSync(source, f.text);
    const started = (await t.table.invoke('import.files', {
      path: P,
      sources: [source],
      ...(f.hostName ? { hostName: f.hostName } : {}),
    })) as { ok: true; value: { jobId: string } };
    const done = await finished(t.events, started.value.jobId);
    expect(done.reply).toMatchObject({ ok: true, value: [{ ok: true }] });
  }
  return t;
}

async function review(t: Table, key: string, record: Record<string, unknown>) {
  const r = await t.table.invoke('review.apply', { path: P, key, record });
  expect(r, key).toMatchObject({ ok: true });
}

async function run(t: Table, req: Record<string, unknown> = {}): Promise<Answer> {
  const r = await t.table.invoke('reconcile.run', { path: P, ...req });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as Answer;
}

const category = (a: Answer, id: string) => a.categories.find((c) => c.id === id)!;
/** "item-or-title host port" per row, for compact exact assertions. */
const brief = (a: Answer, id: string) =>
  category(a, id).rows.map((r) => `${r.kind} ${r.itemKey ?? r.title} ${r.host} ${r.endpoint}`);

async function ruleId(t: Table, ruleset: string, order: number): Promise<number> {
  const r = (await t.table.invoke('rule.list', { path: P, ruleset })) as {
    value: { rows: { ruleId: number; order: number }[] };
  };
  return r.value.rows.find((x) => x.order === order)!.ruleId;
}

/** The reviews of the generated network: one per situation the categories tell apart. */
async function reviewNetwork(t: Table) {
  await review(t, 'ftp|21/tcp', { disposition: 'disable', decisionDate: '2026-03-20' });
  await review(t, 'vnc|5900/tcp', {
    disposition: 'constrain',
    status: 'approved',
    expiryDate: '2026-12-31',
    ...PEOPLE,
  });
  await review(t, 'finger|79/tcp', {
    disposition: 'constrain',
    status: 'approved',
    expiryDate: '2027-03-31',
    ...PEOPLE,
  });
  await review(t, 'unauthenticated-store|6379/tcp', {
    disposition: 'constrain',
    status: 'approved',
    expiryDate: '2026-05-20',
    ...PEOPLE,
  });
  await review(t, 'database-cleartext|3306/tcp', {
    disposition: 'constrain',
    status: 'in-review',
    expiryDate: '2026-04-15',
    ...PEOPLE,
  });
  await review(t, 'rdp-legacy|3389/tcp', {
    disposition: 'replace',
    decisionDate: '2026-03-10',
    targetDate: '2026-04-01',
    replacementPlan: 'RDP with NLA, reached only over the VPN',
  });
  await review(t, 'http-cleartext|80/tcp', { justification: 'The web team is still deciding' });
}

describe.skipIf(!corpusAvailable)('reconciliation of a scanned network with a real rulebase', () => {
  async function network(savePath?: string) {
    const t = await engagement(
      [
        { name: 'march.xml', text: MARCH_SCAN },
        { name: 'april.xml', text: APRIL_SCAN },
        { name: corpus(EDGE_RULEBASE), hostName: 'edge-fw' },
      ],
      savePath,
    );
    await reviewNetwork(t);
    return t;
  }

  it('lists exact rows in every category', async () => {
    const t = await network();
    const a = await run(t, { asOf: '2026-05-01' });
    expect(a).toMatchObject({
      asOf: '2026-05-01',
      days: 30,
      snapshot: { scanImports: 2, hostsCovered: 12, devices: 1 },
    });
    expect(a.categories.map((c) => [c.id, c.state, c.count, c.truncated])).toEqual([
      ['open-without-exception', 'done', 4, false],
      ['stale', 'done', 4, false],
      ['allowed-never-observed', 'done', 2, false],
      ['observed-not-admitted', 'done', 6, false],
      ['expiring', 'done', 2, false],
      ['disposed-still-observed', 'done', 2, false],
    ]);
    const web1 = await ruleId(t, 'filter/I_permit-web-services', 1);
    const web2 = await ruleId(t, 'filter/I_permit-web-services', 2);
    const mail1 = await ruleId(t, 'filter/I_permit-mail-services', 1);
    const mail2 = await ruleId(t, 'filter/I_permit-mail-services', 2);

    // 1. Open with no decision or an exception not approved; approved VNC (.15) and Redis are not listed,
    // nor FTP and RDP, which were decided to be disabled / replaced (category 6).
    expect(brief(a, 'open-without-exception')).toEqual([
      'endpoint http-cleartext|80/tcp 200.1.1.1 80/tcp',
      'endpoint telnet|23/tcp 200.1.1.3 23/tcp',
      'endpoint mail-cleartext|25/tcp 200.1.1.4 25/tcp',
      'endpoint database-cleartext|3306/tcp 203.0.113.13 3306/tcp',
    ]);
    const [http, telnet, smtp, mysql] = category(a, 'open-without-exception').rows;
    expect(http).toMatchObject({
      ruleIds: [web1],
      rules: ['edge-fw filter/I_permit-web-services #1 (line 45)'],
      importIds: [1],
      lastSeen: '2026-03-02T10:01:00.000Z',
      finding:
        'HTTP without TLS is open on 200.1.1.1 80/tcp, last seen open 2026-03-02 (import #1); its review records no decision yet.',
    });
    expect(http!.action).toMatch(/^Decide: disable it \(preferred\), replace it with HTTPS with TLS 1\.2\+ only/);
    expect(telnet).toMatchObject({
      ruleIds: [],
      status: null,
      finding: expect.stringMatching(/no review records a decision\.$/),
    });
    expect(smtp).toMatchObject({ ruleIds: [mail1], services: ['smtp'] });
    expect(mysql).toMatchObject({
      importIds: [1, 2],
      disposition: 'constrain',
      status: 'in-review',
      finding: expect.stringMatching(/kept under an exception that is in review, not approved\.$/),
      action: 'Have the exception approved by A. Approver (not by its requester), or disable the service.',
    });

    // 2. VNC closed on .11 (still open on .15), finger closed on .16: exceptions and inventory entries.
    expect(brief(a, 'stale')).toEqual([
      'exception vnc|5900/tcp 203.0.113.11 5900/tcp',
      'exception finger|79/tcp 203.0.113.16 79/tcp',
      'inventory vnc 203.0.113.11 5900/tcp',
      'inventory finger 203.0.113.16 79/tcp',
    ]);
    const [vnc, finger, vncInv] = category(a, 'stale').rows;
    expect(vnc).toMatchObject({
      finding:
        'The approved exception for VNC covers 203.0.113.11 5900/tcp, but april.xml (import #2, 2026-04-06) covered the host and did not find it open.',
      action: "Take 203.0.113.11 out of the exception's scope; 1 other host(s) still have 5900/tcp open.",
    });
    expect(finger!.action).toBe('Retire the exception: no host has 79/tcp open any more.');
    expect(vncInv!.finding).toBe(
      '203.0.113.11 5900/tcp is in the in-use inventory, last seen open 2026-03-02, but april.xml (import #2, 2026-04-06) covered the host and did not find it open.',
    );

    // 3. Mail to .5 and web to .2 are allowed; .5 had 25 closed and .2 had 80 closed. The five UDP rules
    // toward 200.1.1.1-5 are not judged (no UDP scan); the "established" TCP rules open nothing.
    expect(brief(a, 'allowed-never-observed')).toEqual([
      'rule edge-fw filter/I_permit-mail-services #2 (line 42) 200.1.1.5/32 25/tcp',
      'rule edge-fw filter/I_permit-web-services #2 (line 46) 200.1.1.2/32 80/tcp',
    ]);
    expect(category(a, 'allowed-never-observed').rows.map((r) => r.ruleIds)).toEqual([[mail2], [web2]]);
    expect(category(a, 'allowed-never-observed').rows[1]!.finding).toBe(
      'edge-fw filter/I_permit-web-services #2 (line 46) allows HTTP without TLS (80/tcp) toward 200.1.1.2/32; scans covered 1 host(s) there and none was ever seen with 80/tcp open.',
    );
    expect(category(a, 'allowed-never-observed').notes).toContain(
      '5 allow rule(s) admitting insecure services were not judged: no scanned host lies in their destinations. Scan those destinations to judge them.',
    );

    // 4. Telnet on .3: the edge firewall names .3 but only lets return traffic in. 203.0.113.x: no rulebase covers it.
    expect(brief(a, 'observed-not-admitted')).toEqual([
      'endpoint telnet|23/tcp 200.1.1.3 23/tcp',
      'endpoint ftp|21/tcp 203.0.113.10 21/tcp',
      'endpoint unauthenticated-store|6379/tcp 203.0.113.12 6379/tcp',
      'endpoint database-cleartext|3306/tcp 203.0.113.13 3306/tcp',
      'endpoint rdp-legacy|3389/tcp 203.0.113.14 3389/tcp',
      'endpoint vnc|5900/tcp 203.0.113.15 5900/tcp',
    ]);
    const [covered, outside] = category(a, 'observed-not-admitted').rows;
    expect(covered!.finding).toBe(
      'Telnet is open on 200.1.1.3 23/tcp (last seen 2026-03-02), but edge-fw filters traffic to 200.1.1.3 and no rule admits 23/tcp from any source (at most return traffic).',
    );
    expect(outside!.finding).toMatch(
      /and no imported rulebase covers 203\.0\.113\.10: none of the 1 device\(s\) names/,
    );
    expect(outside!.action).toMatch(/^Find how it is reached: if the host is exposed outside the imported firewalls/);
    expect(category(a, 'observed-not-admitted').notes[0]).toMatch(/1 device\(s\) read: edge-fw \(import #3\)\.$/);

    // 5. MySQL's exception expired 16 days before; Redis's expires in 19 days.
    expect(category(a, 'expiring').rows.map((r) => [r.itemKey, r.expiryDate, r.daysLeft, r.status])).toEqual([
      ['database-cleartext|3306/tcp', '2026-04-15', -16, 'in-review'],
      ['unauthenticated-store|6379/tcp', '2026-05-20', 19, 'approved'],
    ]);
    expect(category(a, 'expiring').rows[0]!.finding).toBe(
      'The exception for Database listener without enforced TLS on 3306/tcp expired on 2026-04-15, 16 day(s) before 2026-05-01; 1 host(s) have it open now.',
    );

    // 6. FTP decided disabled on 03-20 and RDP to be replaced by 04-01: both still open on 04-06.
    expect(brief(a, 'disposed-still-observed')).toEqual([
      'endpoint ftp|21/tcp 203.0.113.10 21/tcp',
      'endpoint rdp-legacy|3389/tcp 203.0.113.14 3389/tcp',
    ]);
    const [ftp, rdp] = category(a, 'disposed-still-observed').rows;
    expect(ftp!.finding).toBe(
      'FTP without TLS was decided on 2026-03-20 to be disabled, yet 203.0.113.10 21/tcp was still open on 2026-04-06 (imports #1, #2).',
    );
    expect(rdp!.action).toBe(
      'The target date 2026-04-01 has passed: finish the replacement and import the rescan, or record a new approved date.',
    );
  });

  it('cuts rows to the limit, answers only the categories asked, and uses the expiry window', async () => {
    const t = await network();
    const cut = await run(t, { asOf: '2026-05-01', limit: 1 });
    expect(category(cut, 'stale')).toMatchObject({ count: 4, truncated: true });
    expect(category(cut, 'stale').rows).toHaveLength(1);
    const one = await run(t, { asOf: '2026-05-01', days: 10, categories: ['expiring'] });
    expect(one.categories.map((c) => c.id)).toEqual(['expiring']);
    expect(one.categories[0]!.rows.map((r) => r.itemKey)).toEqual(['database-cleartext|3306/tcp']);
    // Approving the MySQL exception takes it out of category 1.
    await review(t, 'database-cleartext|3306/tcp', {
      disposition: 'constrain',
      status: 'approved',
      expiryDate: '2027-04-15',
      ...PEOPLE,
    });
    const after = await run(t, { asOf: '2026-05-01', categories: ['open-without-exception', 'expiring'] });
    expect(brief(after, 'open-without-exception')).not.toContain(
      'endpoint database-cleartext|3306/tcp 203.0.113.13 3306/tcp',
    );
    expect(category(after, 'expiring').rows.map((r) => r.itemKey)).toEqual(['unauthenticated-store|6379/tcp']);
  });

  it('saves every row as CSV or JSON where the dialog says, answering with the rows cut to the limit', async () => {
    const out = join(tempDir(), 'reconciliation.csv');
    const t = await network(out);
    const a = await run(t, { asOf: '2026-05-01', save: true, format: 'csv', limit: 1 });
    expect(a.savedTo).toBe(out);
    expect(category(a, 'open-without-exception').rows).toHaveLength(1);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"category","kind","item","title","host","port","services","imports","rule ids","rules","disposition","status","owner","first seen","last seen","decision date","expiry date","target date","days left","finding","action"',
    );
    expect(lines).toHaveLength(1 + 4 + 4 + 2 + 6 + 2 + 2);
    expect(lines[1]).toMatch(
      /^"open-without-exception","endpoint","http-cleartext\|80\/tcp","HTTP without TLS","200\.1\.1\.1","80\/tcp","http","1",/,
    );
    const json = await run(t, { asOf: '2026-05-01', save: true, format: 'json' });
    const saved = JSON.parse(readFileSync(out, 'utf8')) as Answer;
    expect(saved.categories.map((c) => c.rows.length)).toEqual(json.categories.map((c) => c.count));
  });

  it('refuses bad requests with what was expected', async () => {
    const t = await engagement([]);
    const err = async (req: Record<string, unknown>) =>
      ((await t.table.invoke('reconcile.run', { path: P, ...req })) as { error: { message: string } }).error.message;
    expect(await err({ asOf: '2026-02-30' })).toBe('reconcile.run: asOf: expected a date as YYYY-MM-DD');
    expect(await err({ days: -1 })).toBe('reconcile.run: days: expected 0 days or more');
    expect(await err({ categories: ['drift'] })).toMatch(/^reconcile\.run: categories\.0: .*"open-without-exception"/);
    expect(await err({ categories: [] })).toBe('reconcile.run: categories: name at least one category');
  });
});

/** nmap XML read with regular expressions (not the app's parser): host -> "port/proto" -> [state, service]. */
function ports(file: string): Map<string, Map<string, [string, string]>> {
  const out = new Map<string, Map<string, [string, string]>>();
  for (const h of readFileSync(file, 'utf8').matchAll(/<host[\s>][\s\S]*?<\/host>/g)) {
    const ip = /<address addr="([\d.]+)" addrtype="ipv4"/.exec(h[0])![1]!;
    const map = new Map<string, [string, string]>();
    for (const p of h[0].matchAll(/<port protocol="(\w+)" portid="(\d+)">([\s\S]*?)<\/port>/g)) {
      const state = /<state state="([^"]+)"/.exec(p[3]!)![1]!;
      // "ssl/http" for a service inside TLS, as nmap's normal output writes it.
      const service = /<service name="([^"]*)"/.exec(p[3]!)?.[1] ?? '';
      map.set(`${p[2]}/${p[1]}`, [state, /tunnel="ssl"/.test(p[3]!) ? `ssl/${service}` : service]);
    }
    out.set(ip, map);
  }
  return out;
}

describe.skipIf(!corpusAvailable)('reconciliation of the real ndiff scan pair', () => {
  const first = corpus('scans/nmap-ndiff-random-1.xml');
  const second = corpus('scans/nmap-ndiff-random-2.xml');

  it('keeps hosts not rescanned out of "stale", finds what closed, and respects the decision date', async () => {
    const t = await engagement([
      { name: first },
      { name: second },
      { name: corpus(EDGE_RULEBASE), hostName: 'edge-fw' },
    ]);
    await review(t, 'ftp|21/tcp', { disposition: 'disable', decisionDate: '2026-03-20' });
    await review(t, 'http-cleartext|80/tcp', {
      disposition: 'constrain',
      status: 'approved',
      expiryDate: '2026-12-31',
      ...PEOPLE,
    });
    const a = await run(t, { asOf: '2026-05-01' });

    // The current state per host: the second scan where it saw the host, else the first.
    const before = ports(first);
    const after = ports(second);
    const current = new Map([...before, ...after]);
    const openWith = (service: string, port: string) =>
      [...current].filter(([, m]) => m.get(port)?.[0] === 'open' && m.get(port)?.[1] === service).map(([ip]) => ip);
    const telnetHosts = openWith('telnet', '23/tcp');
    expect(telnetHosts.length).toBeGreaterThan(5);
    const rowsOf = (id: string, key: string) =>
      category(a, id)
        .rows.filter((r) => r.itemKey === key)
        .map((r) => r.host!)
        .sort();
    expect(rowsOf('open-without-exception', 'telnet|23/tcp')).toEqual([...telnetHosts].sort());
    expect(rowsOf('observed-not-admitted', 'telnet|23/tcp')).toEqual([...telnetHosts].sort());
    const dropped = category(a, 'observed-not-admitted').rows.find((r) => r.itemKey === 'telnet|23/tcp')!;
    expect(dropped.finding).toMatch(/but edge-fw filters traffic to 10\.[\d.]+ and no rule admits 23\/tcp/);

    // FTP was decided (2026) long after every sighting (2009): neither open-without-exception nor
    // disposed-still-observed lists it; the note counts the hosts to rescan.
    const ftpHosts = openWith('ftp', '21/tcp');
    expect(rowsOf('open-without-exception', 'ftp|21/tcp')).toEqual([]);
    expect(category(a, 'disposed-still-observed').count).toBe(0);
    expect(category(a, 'disposed-still-observed').notes[0]).toMatch(
      new RegExp(
        `^${ftpHosts.length} host\\(s\\) decided to be disabled or replaced were last seen open before the decision`,
      ),
    );

    // Stale: only what the second scan looked at and no longer found open. HTTP on 80/tcp is under an
    // approved exception; the hosts the second scan did not look at are not stale, and the note says so.
    const closed = [...after].flatMap(([ip, m]) =>
      [...(before.get(ip) ?? new Map<string, [string, string]>())]
        .filter(([port, [state]]) => state === 'open' && m.get(port)?.[0] !== 'open')
        .map(([port]) => `inventory ${ip} ${port}`),
    );
    expect(closed.length).toBeGreaterThan(0);
    expect(category(a, 'stale').rows.map((r) => `${r.kind} ${r.host} ${r.endpoint}`)).toEqual(closed);
    // Hosts only one of the two scans looked at: seen once, never scanned again.
    const numeric = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
    const unscanned = [...current]
      .filter(([ip]) => before.has(ip) !== after.has(ip))
      .filter(([, m]) => m.get('80/tcp')?.[0] === 'open' && m.get('80/tcp')?.[1] === 'http')
      .map(([ip]) => ip)
      .sort((x, y) => numeric(x) - numeric(y))
      .map((ip) => `${ip} 80/tcp`);
    expect(unscanned.length).toBeGreaterThan(1);
    expect(category(a, 'stale').notes).toContain(
      `${unscanned.length} host(s) under approved exceptions were not scanned again after they were first seen open (${unscanned.join(', ')}): they are not called stale; rescan them to confirm.`,
    );
    expect(rowsOf('open-without-exception', 'http-cleartext|80/tcp')).toEqual([]);
    expect(rowsOf('stale', 'http-cleartext|80/tcp')).toEqual([]);
  });
});

describe.skipIf(!corpusAvailable)('reconciliation with host listings and without a rulebase', () => {
  const LISTING = corpus('hosts/ss-tulpn-debian12.txt');

  it('judges a host listing only by a later host listing of the host', async () => {
    const scan = nmapXml('2026-03-02T10:00:00Z', [
      { ip: '192.0.2.60', name: 'cache-01', ports: [{ port: 22, service: 'ssh', product: 'OpenSSH' }] },
    ]);
    const t = await engagement([
      { name: LISTING, hostName: 'cache-01' },
      { name: 'scan.xml', text: scan },
    ]);
    // The scan (later) saw the host but not its loopback listeners: that says nothing about them.
    expect(category(await run(t), 'stale').count).toBe(0);
    // A later listing of the same host without the redis line: 6380/tcp is gone, and so is the SSH port
    // the scan saw, since a host listing shows every listener of its host.
    const later = readFileSync(LISTING, 'utf8')
      .split('\n')
      .filter((l) => !l.includes('redis-server'))
      .join('\n');
    const t2 = await engagement([
      { name: LISTING, hostName: 'cache-01' },
      { name: 'scan.xml', text: scan },
      { name: 'ss-later.txt', text: later, hostName: 'cache-01' },
    ]);
    const a = await run(t2);
    expect(brief(a, 'stale')).toEqual(['inventory ssh 192.0.2.60 22/tcp', 'inventory 6380/tcp 192.0.2.60 6380/tcp']);
    for (const row of category(a, 'stale').rows) {
      expect(row.finding).toMatch(
        /but ss-later\.txt \(import #3, 2026-11-01\) covered the host and did not find it open\.$/,
      );
    }
  });

  it('says the rule categories need a rulebase, and judges on the host clock by default', async () => {
    const t = await engagement([
      { name: 'march.xml', text: MARCH_SCAN },
      { name: 'april.xml', text: APRIL_SCAN },
    ]);
    await reviewNetwork(t);
    const a = await run(t);
    // The table's clock says 2026-11-01: VNC's exception (2026-12-31) is 60 days away.
    expect(a.asOf).toBe('2026-11-01');
    expect(a.snapshot.devices).toBe(0);
    for (const id of ['allowed-never-observed', 'observed-not-admitted']) {
      expect(category(a, id)).toMatchObject({ state: 'no-rulebase', count: 0, rows: [] });
      expect(category(a, id).notes[0]).toMatch(/^No rulebase is imported: import the firewall/);
    }
    expect(category(a, 'open-without-exception').rows.every((r) => r.ruleIds.length === 0)).toBe(true);
    expect(category(a, 'expiring').rows.map((r) => [r.itemKey, r.daysLeft])).toEqual([
      ['database-cleartext|3306/tcp', -200],
      ['unauthenticated-store|6379/tcp', -165],
    ]);
    const wider = await run(t, { days: 60 });
    expect(category(wider, 'expiring').rows.map((r) => [r.itemKey, r.daysLeft])).toEqual([
      ['database-cleartext|3306/tcp', -200],
      ['unauthenticated-store|6379/tcp', -165],
      ['vnc|5900/tcp', 60],
    ]);
  });
});
