// The in-use inventory: rows merged by asset and port across scans and host listings, provenance, the
// rule lines that admit each service, insecure reasons that follow the standard, owner and purpose typed
// in or imported from an asset register (refused whole with file and line when broken), and queries.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inventoryDetail, inventoryGroups, inventoryPage } from '../../src-main/api/inventory';
import { importFile } from '../../src-main/core/import/run-import';
import { annotate, importAssetCsv } from '../../src-main/core/inventory/annotations';
import { assetSortKey } from '../../src-main/core/inventory/build';
import { networkOf } from '../../src-main/core/standard/assets';
import { editStandard } from '../../src-main/core/standard/standard-store';
import { listAudit } from '../../src-main/core/store/audit-log';
import type { EngagementStore } from '../../src-main/core/store/engagement-store';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { corpus, corpusAvailable } from './import-helpers';
import { NMAP_LOCAL_TCP_XML } from './import-scan-fixtures';

const ctx = fixedContext('qsa');
const page = { sort: 'asset' as const, descending: false, offset: 0, limit: 500 };

// A host firewall written for the test: 2121/tcp from one /16, 6379/tcp from anywhere, default drop.
const FIREWALL = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 10.20.0.0/16 -p tcp -m tcp --dport 2121 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 6379 -j ACCEPT
COMMIT
`;

async function engagement(files: [string, string, string?][]): Promise<{ store: EngagementStore; dir: string }> {
  const dir = tempDir();
  const store = newEngagement(dir);
  for (const [name, text, host] of files) {
    writeFileSync(join(dir, name), text);
    await importFile(store, ctx, join(dir, name), host ? { hostName: host } : {});
  }
  return { store, dir };
}

describe('inventory', () => {
  it('has one row per asset and port with services, insecure reasons and the rule lines admitting it', async () => {
    const { store } = await engagement([
      ['local.xml', NMAP_LOCAL_TCP_XML],
      ['fw.rules', FIREWALL, 'fw1'],
    ]);
    const all = inventoryPage(store, ctx, {}, page);
    expect(all.rows.map((r) => `${r.asset} ${r.port}/${r.proto} ${r.services.join('/')}`)).toEqual([
      '127.0.0.1 2121/tcp ftp',
      '127.0.0.1 2222/tcp ssh',
      '127.0.0.1 4433/tcp http',
      '127.0.0.1 6379/tcp redis',
      '127.0.0.1 8000/tcp http',
      '127.0.0.1 11211/tcp memcached',
    ]);
    const ftp = inventoryDetail(store, ctx, { asset: '127.0.0.1', proto: 'tcp', port: 2121 });
    expect(ftp.row.insecure.map((i) => i.itemKey)).toEqual(['ftp|2121/tcp', 'ftp-anonymous|2121/tcp']);
    expect(ftp.sources).toMatchObject([{ fileName: 'local.xml', format: 'nmap-xml', observations: 1 }]);
    expect(ftp.annotations).toEqual({ service: null, asset: null });
    expect(ftp.allowedBy).toEqual([
      {
        device: 'fw1',
        importId: 2,
        anySource: false,
        admittedCidrs: ['10.20.0.0/16'],
        conditionalCidrs: [],
        rules: [{ ruleset: 'filter/INPUT', order: 1, action: 'allow', name: null, lineFrom: 5 }],
        problems: [],
      },
    ]);
    const redis = inventoryDetail(store, ctx, { asset: '127.0.0.1', proto: 'tcp', port: 6379 });
    expect(redis.allowedBy[0]).toMatchObject({ anySource: true, rules: [{ order: 2, lineFrom: 6 }] });
    // SSH 9.2 with modern algorithms: in use, not insecure; and no rule admits it.
    const ssh = inventoryDetail(store, ctx, { asset: '127.0.0.1', proto: 'tcp', port: 2222 });
    expect(ssh.row.insecure).toEqual([]);
    expect(ssh.allowedBy).toEqual([]);
    expect(() => inventoryDetail(store, ctx, { asset: '127.0.0.1', proto: 'tcp', port: 1 })).toThrow(/nothing in use/);
    store.close();
  });

  it('follows the standard: a rule marked not applicable no longer makes rows insecure', async () => {
    const { store } = await engagement([['local.xml', NMAP_LOCAL_TCP_XML]]);
    expect(inventoryPage(store, ctx, { insecure: true }, page).total).toBe(5);
    editStandard(store, ctx, { op: 'setApplicability', ruleId: 'http-cleartext', applicable: false, reason: 'lab' });
    const insecure = inventoryPage(store, ctx, { insecure: true }, page);
    expect(insecure.rows.map((r) => r.port)).toEqual([2121, 4433, 6379, 11211]);
    expect(insecure.standardVersion).toBe(2);
    store.close();
  });

  it('annotates a whole asset and overrides one service; both empty clears it; each change is audited', async () => {
    const { store } = await engagement([['local.xml', NMAP_LOCAL_TCP_XML]]);
    const before = listAudit(store.db, {}).length;
    annotate(store, ctx, { asset: '127.0.0.1', proto: null, port: null, owner: 'Platform', purpose: 'Build host' });
    annotate(store, ctx, { asset: '127.0.0.1', proto: 'tcp', port: 6379, owner: 'Payments', purpose: 'Token cache' });
    const rows = inventoryPage(store, ctx, {}, page).rows;
    expect(rows.map((r) => [r.port, r.owner, r.purpose])).toEqual([
      [2121, 'Platform', 'Build host'],
      [2222, 'Platform', 'Build host'],
      [4433, 'Platform', 'Build host'],
      [6379, 'Payments', 'Token cache'],
      [8000, 'Platform', 'Build host'],
      [11211, 'Platform', 'Build host'],
    ]);
    expect(inventoryPage(store, ctx, { owner: 'Payments' }, page).rows.map((r) => r.port)).toEqual([6379]);
    expect(inventoryGroups(store, ctx, {}, 'owner')).toEqual([
      { key: 'Platform', rows: 5, assets: 1, insecure: 4 },
      { key: 'Payments', rows: 1, assets: 1, insecure: 1 },
    ]);
    expect(inventoryDetail(store, ctx, { asset: '127.0.0.1', proto: 'tcp', port: 6379 }).annotations).toEqual({
      service: { owner: 'Payments', purpose: 'Token cache', source: 'manual', recordedFor: '127.0.0.1' },
      asset: { owner: 'Platform', purpose: 'Build host', source: 'manual', recordedFor: '127.0.0.1' },
    });
    annotate(store, ctx, { asset: '127.0.0.1', proto: 'tcp', port: 6379, owner: null, purpose: null });
    expect(inventoryPage(store, ctx, { port: 6379 }, page).rows[0]?.owner).toBe('Platform');
    const audit = listAudit(store.db, {}).slice(before);
    expect(audit.map((e) => e.command)).toEqual([
      'inventory.annotate',
      'inventory.annotate',
      'standard.adopt',
      'inventory.annotate',
    ]);
    expect(() => annotate(store, ctx, { asset: ' ', proto: null, port: null, owner: 'x', purpose: null })).toThrow(
      /the asset \(address or host name\) is required/,
    );
    store.close();
  });

  it('the "(no owner)" and "(not identified)" group keys work as filters', async () => {
    const { store } = await engagement([['local.xml', NMAP_LOCAL_TCP_XML]]);
    annotate(store, ctx, { asset: '127.0.0.1', proto: 'tcp', port: 2121, owner: 'Files', purpose: null });
    expect(inventoryGroups(store, ctx, {}, 'owner').map((g) => [g.key, g.rows])).toEqual([
      ['(no owner)', 5],
      ['Files', 1],
    ]);
    expect(inventoryPage(store, ctx, { owner: '(no owner)' }, page).rows.map((r) => r.port)).toEqual([
      2222, 4433, 6379, 8000, 11211,
    ]);
    // Every service of the local scan was identified by a probe.
    expect(inventoryPage(store, ctx, { service: '(not identified)' }, page).total).toBe(0);
    expect(inventoryPage(store, ctx, { service: 'redis' }, page).rows.map((r) => r.port)).toEqual([6379]);
    store.close();
  });

  it('imports an asset register: a host name or an address per row, service rows, the original stored', async () => {
    const { store, dir } = await engagement([['local.xml', NMAP_LOCAL_TCP_XML]]);
    const csv = [
      'Host Name,IP Address,Business Owner,Business Purpose,Port',
      'LOCALHOST,,Platform team,Developer workstation,',
      ',127.0.0.1,Payments,"Card vault cache, tokens only",6379',
      ',127.0.0.1,Payments,Replaced below,6379/tcp',
      ',127.0.0.1,Payments,"Card vault cache, tokens only",6379/tcp',
    ].join('\r\n');
    writeFileSync(join(dir, 'cmdb.csv'), csv);
    const result = await importAssetCsv(store, ctx, join(dir, 'cmdb.csv'));
    expect(result).toMatchObject({
      fileName: 'cmdb.csv',
      rows: 4,
      replaced: 2,
      columns: { asset: 'Host Name / IP Address', owner: 'Business Owner', purpose: 'Business Purpose', port: 'Port' },
    });
    expect(store.db.prepare("SELECT name, role FROM stored_file WHERE name = 'cmdb.csv'").get()).toEqual({
      name: 'cmdb.csv',
      role: 'attachment',
    });
    const rows = inventoryPage(store, ctx, {}, page).rows;
    expect(rows.find((r) => r.port === 2121)).toMatchObject({
      owner: 'Platform team',
      purpose: 'Developer workstation',
    });
    expect(rows.find((r) => r.port === 6379)).toMatchObject({
      owner: 'Payments',
      purpose: 'Card vault cache, tokens only',
    });
    expect(listAudit(store.db, {}).map((e) => e.command)).toContain('inventory.importAssets');
    store.close();
  });

  it('refuses a broken register whole, naming the file and line, and writes nothing', async () => {
    const { store, dir } = await engagement([['local.xml', NMAP_LOCAL_TCP_XML]]);
    const audit = listAudit(store.db, {}).length;
    const files = store.db.prepare('SELECT count(*) FROM stored_file').pluck().get();
    const refuse = async (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      await expect(importAssetCsv(store, ctx, join(dir, name))).rejects.toThrow();
      try {
        await importAssetCsv(store, ctx, join(dir, name));
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    };
    expect(await refuse('a.csv', 'host,owner\nweb1,ops\n,ops\n')).toBe(
      'a.csv: line 3: no host on this row; expected an address or host name',
    );
    expect(await refuse('b.csv', 'host,owner,port\nweb1,ops,http\n')).toBe(
      'b.csv: line 2: "http" is not a port; expected 0-65535 or e.g. 53/udp',
    );
    expect(await refuse('c.csv', 'server,owner\nweb1,ops\n')).toMatch(
      /^c\.csv: line 1: no asset column; expected one headed "asset", "host"/,
    );
    expect(await refuse('d.csv', 'host,location\nweb1,DC1\n')).toBe(
      'd.csv: line 1: no owner or purpose column; expected e.g. "owner" and "business purpose"',
    );
    expect(await refuse('e.csv', 'host,owner,proto\nweb1,ops,udp\n')).toBe(
      'e.csv: line 2: a protocol (udp) without a port',
    );
    expect(await refuse('f.csv', '')).toBe(
      'f.csv: line 1: the file is empty; expected a header row naming asset, owner and purpose columns',
    );
    expect(listAudit(store.db, {})).toHaveLength(audit);
    expect(store.db.prepare('SELECT count(*) FROM stored_file').pluck().get()).toBe(files);
    expect(store.db.prepare('SELECT count(*) FROM asset_annotation').pluck().get()).toBe(0);
    store.close();
  });

  it('sorts assets numerically and filters by text', () => {
    const keys = ['10.0.0.10', 'web1.example', '10.0.0.2', '2001:db8::1', '9.255.0.1'].sort((a, b) =>
      assetSortKey(a) < assetSortKey(b) ? -1 : 1,
    );
    expect(keys).toEqual(['9.255.0.1', '10.0.0.2', '10.0.0.10', '2001:db8::1', 'web1.example']);
    expect(['10.1.2.3', '2001:db8::1', 'fe80::a:b:c:d', 'web1.example', 'zz::1'].map(networkOf)).toEqual([
      '10.1.2.0/24',
      '2001:db8:0:0::/64',
      'fe80:0:0:0::/64',
      'by name',
      'by name',
    ]);
  });
});

describe.skipIf(!corpusAvailable)('inventory over real host listings', () => {
  it('merges an ss listing named "localhost" with the scan of 127.0.0.1 and shows the listening process', async () => {
    const { store, dir } = await engagement([['local.xml', NMAP_LOCAL_TCP_XML]]);
    await importFile(store, ctx, corpus('hosts/jc--ss-sudo-tulpen.out'), { hostName: 'localhost' });
    const redis = inventoryDetail(store, ctx, { asset: '127.0.0.1', proto: 'tcp', port: 6379 });
    expect(redis.row).toMatchObject({ importCount: 2, listedByHost: true, services: ['redis'] });
    expect(redis.sources.map((s) => s.fileName)).toEqual(['local.xml', 'jc--ss-sudo-tulpen.out']);
    // jc--ss-sudo-tulpen.out: "tcp LISTEN 0 128 0.0.0.0:6379 ... users:(("dockerd",pid=2840,fd=4))" (hand-checked).
    expect(redis.listings).toEqual([
      { importId: 2, process: 'dockerd pid 2840', bindAddress: '0.0.0.0', state: 'listening' },
    ]);
    // Ports only the host listing knows about are in use too, and classified (27017: MongoDB).
    const mongo = inventoryDetail(store, ctx, { asset: '127.0.0.1', proto: 'tcp', port: 27017 });
    expect(mongo.row.insecure.map((i) => i.ruleId)).toEqual(['unauthenticated-store']);
    expect(inventoryPage(store, ctx, { text: 'dockerd' }, page).total).toBe(0);
    expect(inventoryPage(store, ctx, { text: 'redis' }, page).rows.map((r) => r.port)).toEqual([6379]);
    void dir;
    store.close();
  });
});
