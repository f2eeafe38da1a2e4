// Classification while importing: an import that is given the current standard classifies each
// observation as it stores it, inside its own transaction. The findings must be exactly those of the
// second pass over the stored observations (which is what re-classification after an edit still does),
// the adoption of the standard must land or roll back with the import, and a stale state must fall back.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src-main/core/import/run-import';
import { ensureClassified } from '../../src-main/core/standard/classification';
import { Classifier } from '../../src-main/core/standard/classifier';
import { currentStandard } from '../../src-main/core/standard/standard-store';
import { listAudit } from '../../src-main/core/store/audit-log';
import type { EngagementStore } from '../../src-main/core/store/engagement-store';
import type { CommandContext } from '../../src-main/core/store/context';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { corpus, corpusAvailable } from './import-helpers';
import { NMAP_LOCAL_TCP_XML } from './import-scan-fixtures';

const FILES = [
  'scans/nmap--nmap_example.xml',
  'scans/python-libnmap--dionaea_scan.xml',
  'scans/qualys-sample-report.xml',
  'tls/ssh-audit-many-vulns2.json',
  'tls/sslyze-two-targets.json',
];

function classifying(store: EngagementStore, ctx: CommandContext) {
  return () => {
    const version = ensureClassified(store, ctx);
    const standard = currentStandard(store.db);
    return standard ? { version, classifier: new Classifier(standard.document) } : null;
  };
}

const findings = (store: EngagementStore) =>
  store.db
    .prepare('SELECT rule_id, observation_id, basis, label, evidence FROM finding ORDER BY observation_id, rule_id')
    .all();
const state = (store: EngagementStore) =>
  store.db.prepare('SELECT standard_version, through_observation FROM classification_state').get();

/** An nmap port whose ftp-anon output runs past the 2,000 characters an excerpt keeps. */
function longEvidenceScan(dir: string): string {
  const listing = Array.from({ length: 120 }, (_, i) => `-rw-r--r--    1 0   0   4096 Jan 01  2024 file-${i}.txt`);
  const output = ['Anonymous FTP login allowed (FTP code 230)', ...listing].join('&#xa;');
  const xml = `<?xml version="1.0"?>
<nmaprun scanner="nmap" args="nmap -sV -sC 10.9.9.9" start="1700000000" version="7.94" xmloutputversion="1.05">
<host starttime="1700000000" endtime="1700000060"><status state="up" reason="syn-ack"/>
<address addr="10.9.9.9" addrtype="ipv4"/><hostnames/>
<ports><port protocol="tcp" portid="21"><state state="open" reason="syn-ack"/><service name="ftp" product="vsftpd" version="3.0.3" method="probed" conf="10"/><script id="ftp-anon" output="${output}"/></port></ports>
</host>
<runstats><finished time="1700000060" exit="success"/><hosts up="1" down="0" total="1"/></runstats>
</nmaprun>
`;
  const path = join(dir, 'long-ftp-anon.xml');
  writeFileSync(path, xml);
  return path;
}

describe('classification while importing', () => {
  it('writes the same findings as the pass over stored observations (generated scan, long evidence)', async () => {
    const dir = tempDir();
    const files = [longEvidenceScan(dir), join(dir, 'local.xml')];
    writeFileSync(files[1]!, NMAP_LOCAL_TCP_XML);
    const ctx = fixedContext();
    const during = newEngagement(tempDir());
    const after = newEngagement(tempDir());
    for (const f of files) await importFile(during, ctx, f, { classify: classifying(during, ctx) });
    for (const f of files) await importFile(after, ctx, f);
    ensureClassified(after, ctx);
    const rows = findings(during) as { rule_id: string; evidence: string }[];
    expect(rows.map((r) => r.rule_id)).toContain('ftp-anonymous');
    const anon = rows.find((r) => r.rule_id === 'ftp-anonymous')!;
    // The excerpt is the stored (bounded) one in both ways.
    expect(anon.evidence.length).toBeLessThan(2300);
    expect(anon.evidence).toContain('Anonymous FTP login allowed');
    expect(rows).toEqual(findings(after));
    expect(state(during)).toEqual(state(after));
    during.close();
    after.close();
  });

  it.skipIf(!corpusAvailable)('writes the same findings as the second pass on real scans', async () => {
    const ctx = fixedContext();
    const during = newEngagement(tempDir());
    const after = newEngagement(tempDir());
    for (const f of FILES) await importFile(during, ctx, corpus(f), { classify: classifying(during, ctx) });
    for (const f of FILES) await importFile(after, ctx, corpus(f));
    ensureClassified(after, ctx);
    const rows = findings(during);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows).toEqual(findings(after));
    expect(state(during)).toEqual(state(after));
    during.close();
    after.close();
  });

  it('adopts the standard inside the import: a refused file leaves neither import nor adoption', async () => {
    const dir = tempDir();
    const bad = join(dir, 'cut.xml');
    writeFileSync(bad, NMAP_LOCAL_TCP_XML.slice(0, Math.floor(NMAP_LOCAL_TCP_XML.length * 0.7)));
    const ctx = fixedContext();
    const store = newEngagement(tempDir());
    const before = listAudit(store.db, {}).length;
    await expect(importFile(store, ctx, bad, { classify: classifying(store, ctx) })).rejects.toThrow(
      /nothing was imported/,
    );
    expect(listAudit(store.db, {}).length).toBe(before);
    expect(currentStandard(store.db)).toBeNull();
    store.close();
  });

  it('falls back to the second pass when findings are behind the observations', async () => {
    const dir = tempDir();
    const first = join(dir, 'local.xml');
    writeFileSync(first, NMAP_LOCAL_TCP_XML);
    const ctx = fixedContext();
    const store = newEngagement(tempDir());
    // Imported without classifying: the findings (once adopted) are behind this import's observations.
    await importFile(store, ctx, first);
    const second = longEvidenceScan(dir);
    const version = ensureClassified(store, ctx);
    // As if the last observation had not been classified yet: its findings gone, the state one behind.
    const last = store.db.prepare('SELECT max(id) FROM observation').pluck().get() as number;
    store.db.prepare('DELETE FROM finding WHERE observation_id = ?').run(last);
    store.db.prepare('UPDATE classification_state SET through_observation = ?').run(last - 1);
    const classifier = new Classifier(currentStandard(store.db)!.document);
    await importFile(store, ctx, second, { classify: () => ({ version, classifier }) });
    // Nothing was classified during the import, so the state is still behind and the pass fills the rest.
    expect(state(store)).toEqual({ standard_version: version, through_observation: last - 1 });
    expect(
      store.db
        .prepare('SELECT count(*) FROM finding WHERE observation_id > ?')
        .pluck()
        .get(last - 1),
    ).toBe(0);
    ensureClassified(store, ctx);
    const max = store.db.prepare('SELECT max(id) FROM observation').pluck().get();
    expect(state(store)).toEqual({ standard_version: version, through_observation: max });
    expect((findings(store) as { rule_id: string }[]).map((r) => r.rule_id)).toContain('ftp-anonymous');
    store.close();
  });
});
