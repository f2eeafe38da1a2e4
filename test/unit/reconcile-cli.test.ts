// `portcullis reconcile` on the command line: counts per category then rows (text), the same answer as
// JSON and CSV, --as-of / --days / --category, and clear errors for a bad number or date.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Response } from '../../src-main/api/contract';
import { runCliIn } from './cli-helpers';
import { tempDir } from './helpers';
import { corpus, corpusAvailable } from './import-helpers';
import { APRIL_SCAN, EDGE_RULEBASE, MARCH_SCAN } from './reconcile-fixtures';

async function setUp(withRules: boolean): Promise<string> {
  const cwd = tempDir();
  expect((await runCliIn(cwd, ['new', 'e.portcullis', '--entity', 'Acme', '--assessor', 'QSA'])).status).toBe(0);
  writeFileSync(join(cwd, 'march.xml'), MARCH_SCAN);
  writeFileSync(join(cwd, 'april.xml'), APRIL_SCAN);
  expect((await runCliIn(cwd, ['import', 'e.portcullis', 'march.xml', 'april.xml'])).status).toBe(0);
  if (withRules) {
    const fw = await runCliIn(cwd, ['import', 'e.portcullis', corpus(EDGE_RULEBASE), '--host', 'edge-fw']);
    expect(fw.status).toBe(0);
  }
  writeFileSync(join(cwd, 'ftp.json'), JSON.stringify({ disposition: 'disable', decisionDate: '2026-03-20' }));
  expect((await runCliIn(cwd, ['review', 'e.portcullis', 'ftp|21/tcp', '--file', 'ftp.json'])).status).toBe(0);
  return cwd;
}

describe.skipIf(!corpusAvailable)('portcullis reconcile', () => {
  it('prints the counts per category, then each row with what was found and what to do', async () => {
    const cwd = await setUp(true);
    const text = await runCliIn(cwd, ['reconcile', 'e.portcullis', '--as-of', '2026-05-01']);
    expect(text.stderr).toBe('');
    expect(text.status).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines.slice(0, 9)).toEqual([
      'Reconciliation as of 2026-05-01 (exceptions expiring within 30 days), standard version 1: 2 scan import(s) covering 12 host(s), 1 rulebase device(s).',
      '',
      '7  Open without an approved exception',
      '2  Stale exceptions and inventory entries',
      '2  Allowed but never observed',
      '6  Observed but not admitted by any rule',
      '0  Exceptions expired or expiring',
      '1  Disabled or replaced, still open',
      '',
    ]);
    expect(text.stdout).toContain(
      [
        'Disabled or replaced, still open (1): Services decided to be disabled or replaced that are still open after the decision.',
        '  ftp|21/tcp  203.0.113.10  21/tcp   [imports #1, #2; disable, draft]',
        '      Found: FTP without TLS was decided on 2026-03-20 to be disabled, yet 203.0.113.10 21/tcp was still open on 2026-04-06 (imports #1, #2).',
        '      Do:    Disable it as decided (stop the service or close the port), then import the rescan that shows it closed; if it must stay, change the decision.',
      ].join('\n'),
    );
    expect(text.stdout).toMatch(
      /\n {2}mail-cleartext\|25\/tcp {2}200\.1\.1\.4 {2}25\/tcp {3}\[import #1; admitted by edge-fw filter\/I_permit-mail-services #1 \(line 41\)\]\n/,
    );
    expect(text.stdout).toContain('\n  Note: 5 allow rule(s) admitting insecure services were not judged');

    const cut = await runCliIn(cwd, ['reconcile', 'e.portcullis', '--as-of', '2026-05-01', '--limit', '1']);
    expect(cut.stdout).toContain('\n  … 6 more row(s) not shown (--limit N to see more, --csv for every row).\n');

    const json = JSON.parse(
      (await runCliIn(cwd, ['reconcile', 'e.portcullis', '--as-of', '2026-05-01', '--json'])).stdout,
    ) as Response<'reconcile.run'>;
    expect(json.categories.map((c) => c.count)).toEqual([7, 2, 2, 6, 0, 1]);
    expect(json.savedTo).toBeNull();

    const csv = await runCliIn(cwd, ['reconcile', 'e.portcullis', '--as-of', '2026-05-01', '--csv', '--limit', '1']);
    const rows = csv.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toMatch(/^"category","kind","item","title","host","port",/);
    // --csv writes every row, whatever --limit says.
    expect(rows).toHaveLength(1 + 7 + 2 + 2 + 6 + 0 + 1);
    expect(rows.filter((r) => r.startsWith('"stale","inventory",""'))).toHaveLength(2);
  });

  it('takes --category and --days, and says plainly when no rulebase is imported', async () => {
    const cwd = await setUp(false);
    const out = await runCliIn(cwd, [
      'reconcile',
      'e.portcullis',
      '--as-of',
      '2026-05-01',
      '--category',
      'observed-not-admitted',
      '--category',
      'expiring',
      '--days',
      '60',
    ]);
    expect(out.status).toBe(0);
    expect(out.stdout.split('\n').slice(2, 4)).toEqual([
      '-  Observed but not admitted by any rule  (no rulebase imported)',
      '0  Exceptions expired or expiring',
    ]);
    expect(out.stdout).toContain('  No rulebase imported: this cannot be answered yet.');
    expect(out.stdout).toContain('  Note: Judged on 2026-05-01; the window is 60 day(s).');
  });

  it('refuses a bad number, date or category with what was expected', async () => {
    const cwd = await setUp(false);
    const days = await runCliIn(cwd, ['reconcile', 'e.portcullis', '--days', 'soon']);
    expect(days).toMatchObject({ status: 1, stdout: '' });
    expect(days.stderr).toBe('portcullis: error: --days: expected a whole number, got "soon"\n');
    const date = await runCliIn(cwd, ['reconcile', 'e.portcullis', '--as-of', '2026-13-01']);
    expect(date.status).toBe(1);
    expect(date.stderr).toBe('portcullis: error: reconcile.run: asOf: expected a date as YYYY-MM-DD\n');
    const cat = await runCliIn(cwd, ['reconcile', 'e.portcullis', '--category', 'everything', '--json']);
    expect(cat.status).toBe(1);
    expect(JSON.parse(cat.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(cat.stderr).toMatch(/^portcullis: error: reconcile\.run: categories\.0: .*"open-without-exception"/);
  });
});
