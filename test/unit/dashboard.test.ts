// The dashboard's counts on a real engagement: the local nmap scan and the fw1 rulebase, reviews in several
// states, and a later scan with one service stopped; planned-test scans are left out of the timeline.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NMAP_LOCAL_TCP_XML } from './import-scan-fixtures';
import { KEY, record, setup } from './review-fixtures';
import { finished } from './table-helpers';

type Dash = {
  items: number;
  ready: number;
  score: number;
  byCriterion: { criterion: string; items: number }[];
  byDisposition: { disposition: string; items: number; ready: number }[];
  expiry: { month: string; exceptions: number }[];
  timeline: { fileName: string; date: string; open: number; insecure: number }[];
};

describe('dashboard', () => {
  it('counts items by criterion and disposition, exceptions by expiry month, and open endpoints per scan', async () => {
    const { table, events, baseDir, ftpRule, proofSha } = await setup();
    const path = 'r.portcullis';
    // The table's clock (fixedContext) starts on 2026-11-01.
    const today = '2026-11-01';
    const inMonths = (n: number) => {
      const d = new Date(`${today}T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + n, 15);
      return d.toISOString().slice(0, 10);
    };
    await table.invoke('review.apply', {
      path,
      key: KEY,
      record: { ...record(ftpRule, proofSha), expiryDate: inMonths(2) },
    });
    await table.invoke('review.apply', {
      path,
      key: 'ftp|2121/tcp',
      record: { disposition: 'constrain', status: 'in-review', expiryDate: '2020-01-31' },
    });
    await table.invoke('review.apply', {
      path,
      key: 'unauthenticated-store|6379/tcp',
      record: { disposition: 'disable' },
    });
    const later = NMAP_LOCAL_TCP_XML.replace(
      /<port protocol="tcp" portid="6379"><state state="open"/,
      '<port protocol="tcp" portid="6379"><state state="closed"',
    ).replace('start="1795767274"', 'start="1796372074"');
    writeFileSync(join(baseDir, 'later.xml'), later);
    const started = (await table.invoke('import.files', { path, sources: ['later.xml'] })) as {
      value: { jobId: string };
    };
    await finished(events, started.value.jobId);

    const dash = (await table.invoke('dashboard.get', { path })) as { ok: boolean; value: Dash };
    expect(dash).toMatchObject({ ok: true });
    const v = dash.value;
    expect([v.items, v.ready, v.score]).toEqual([7, 2, 29]);
    expect(v.byDisposition).toEqual([
      { disposition: 'none', items: 4, ready: 0 },
      { disposition: 'disable', items: 1, ready: 1 },
      { disposition: 'replace', items: 0, ready: 0 },
      { disposition: 'constrain', items: 2, ready: 1 },
    ]);
    const exp = Object.fromEntries(v.expiry.filter((e) => e.exceptions > 0).map((e) => [e.month, e.exceptions]));
    expect(exp).toEqual({ expired: 1, [inMonths(2).slice(0, 7)]: 1 });
    expect(v.expiry).toHaveLength(15);
    expect(v.byCriterion.reduce((n, c) => n + c.items, 0)).toBeGreaterThanOrEqual(7);
    expect(v.timeline.map((t) => [t.fileName, t.date.slice(0, 10), t.open, t.insecure])).toEqual([
      ['scan.xml', '2026-11-27', 6, 5],
      ['later.xml', '2026-12-04', 5, 4],
    ]);
    await table.close();
  });
});
