// The CLI run in-process over the real handler table (jobs in worker threads, from source).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { csvRow } from '../../src-main/cli/csv';
import { corpus, corpusAvailable } from './import-helpers';
import { runCliIn } from './cli-helpers';
import { fileSha256, tempDir } from './helpers';

function cli(cwd: string, ...argv: string[]) {
  return runCliIn(cwd, argv, { workers: true });
}

const newArgs = ['new', 'demo.portcullis', '--entity', 'Acme', '--assessor', 'A. Assessor', '--actor', 'qsa1'];

describe('portcullis CLI', () => {
  it('new --json creates an engagement and prints its info', async () => {
    const cwd = tempDir();
    const r = await cli(cwd, ...newArgs, '--json');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({
      path: join(cwd, 'demo.portcullis'),
      entity: 'Acme',
      createdBy: 'qsa1',
    });
  });

  it('info prints metadata for people', async () => {
    const cwd = tempDir();
    await cli(cwd, ...newArgs, '--period-start', '2026-01-01', '--period-end', '2026-03-31');
    const r = await cli(cwd, 'info', 'demo.portcullis');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Entity +Acme/);
    expect(r.stdout).toMatch(/Period +2026-01-01 to 2026-03-31/);
  });

  it('audit verify reports a valid chain, then names the first entry edited outside the app', async () => {
    const cwd = tempDir();
    await cli(cwd, ...newArgs);
    await cli(cwd, 'update', 'demo.portcullis', '--scope-note', 'POS network');
    await cli(cwd, 'update', 'demo.portcullis', '--assessor', 'B. Assessor');
    const ok = await cli(cwd, 'audit', 'verify', 'demo.portcullis', '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, entries: 3 });

    const db = new Database(join(cwd, 'demo.portcullis'));
    db.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2").run();
    db.close();
    const bad = await cli(cwd, 'audit', 'verify', 'demo.portcullis');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/audit chain INVALID at entry 2: entry 2 was edited or moved/);
  });

  it('file add / list / verify / extract round-trips bytes', async () => {
    const cwd = tempDir();
    await cli(cwd, ...newArgs);
    writeFileSync(join(cwd, 'ss.txt'), 'Netid State Recv-Q Send-Q Local Address:Port\n');
    const add = await cli(cwd, 'file', 'add', 'demo.portcullis', 'ss.txt', '--json');
    expect(add.status).toBe(0);
    const sha = fileSha256(join(cwd, 'ss.txt'));
    expect(JSON.parse(add.stdout)).toMatchObject([{ name: 'ss.txt', sha256: sha, role: 'original' }]);
    expect((await cli(cwd, 'file', 'list', 'demo.portcullis')).stdout).toContain(`${sha}`);
    expect((await cli(cwd, 'file', 'verify', 'demo.portcullis')).stdout).toMatch(
      /1 stored file\(s\), 45 bytes re-hashed: all match/,
    );
    const out = await cli(cwd, 'file', 'extract', 'demo.portcullis', sha, '--out', 'copy.txt');
    expect(out.status).toBe(0);
    expect(fileSha256(join(cwd, 'copy.txt'))).toBe(sha);
  });

  it('fails with exit 1 and one line on stderr naming the file', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'notes.portcullis'), 'hello');
    const r = await cli(cwd, 'info', 'notes.portcullis');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^portcullis: error: .*notes\.portcullis: offset 0: expected the SQLite header/);
  });

  it('with --json, errors are also JSON on stdout', async () => {
    const cwd = tempDir();
    const r = await cli(cwd, 'new', 'x.portcullis', '--entity', 'Acme', '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/meta\.assessor/) },
    });
  });

  it('refuses a wrong command line with exit 2', async () => {
    const cwd = tempDir();
    expect((await cli(cwd, 'frobnicate')).status).toBe(2);
    const r = await cli(cwd, 'info', 'a.portcullis', '--colour');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--colour'.*usage: portcullis info/);
    expect((await cli(cwd, 'info')).stderr).toMatch(/wrong number of arguments/);
  });

  it('--help lists every command', async () => {
    const r = await cli(tempDir(), '--help');
    expect(r.status).toBe(0);
    for (const c of [
      'new',
      'info',
      'update',
      'audit verify',
      'audit log',
      'file add',
      'file list',
      'file extract',
      'file verify',
    ]) {
      expect(r.stdout).toContain(`  ${c} `);
    }
  });
});

describe('portcullis CLI: imports', () => {
  it('formats lists every format with its detector', async () => {
    const r = await cli(tempDir(), 'formats', '--json');
    const list = JSON.parse(r.stdout) as { id: string; detector: string }[];
    for (const id of [
      'nmap-xml',
      'nessus-v2',
      'ss',
      'netstat-windows',
      'sslyze-json',
      'ssh-audit-json',
      'generic-csv',
    ]) {
      expect(list.find((f) => f.id === id)?.detector).toBeTruthy();
    }
    expect((await cli(tempDir(), 'formats')).stdout).toMatch(/^nmap-xml +scan +nmap XML/m);
  });

  it.skipIf(!corpusAvailable)('imports a scan and a host listing, lists observations and writes CSV', async () => {
    const cwd = tempDir();
    await cli(cwd, ...newArgs);
    const scan = corpus('scans/nmap-issue4406.xml');
    const ss = corpus('hosts/ss-tulpn-debian12.txt');
    const noHost = await cli(cwd, 'import', 'demo.portcullis', ss);
    expect(noHost.status).toBe(1);
    expect(noHost.stdout).toMatch(
      /ss-tulpn-debian12\.txt: NOT imported: .*describes one host; give its name with --host NAME/,
    );

    const r = await cli(cwd, 'import', 'demo.portcullis', scan, '--json');
    expect(r.status).toBe(0);
    // 25 ports: grep -c '<port ' nmap-issue4406.xml
    expect(JSON.parse(r.stdout)).toMatchObject([{ ok: true, result: { format: 'nmap-xml', observationCount: 25 } }]);
    const h = await cli(cwd, 'import', 'demo.portcullis', ss, '--host', 'pos-db-01');
    expect(h.status).toBe(0);
    // 4 listeners: the 4 rows after the header of ss-tulpn-debian12.txt
    expect(h.stdout).toMatch(/ss-tulpn-debian12\.txt: ss .*: 1 host\(s\), 4 observation\(s\)/);

    const again = await cli(cwd, 'import', 'demo.portcullis', scan);
    expect(again.status).toBe(1);
    expect(again.stdout).toMatch(/already imported as import #1/);

    const all = await cli(cwd, 'observations', 'demo.portcullis', '--json', '--limit', '1000');
    expect(JSON.parse(all.stdout).total).toBe(29);
    const mysql = await cli(cwd, 'observations', 'demo.portcullis', '--service', 'mysql', '--json');
    // grep -c 'name="mysql"' nmap-issue4406.xml
    expect(JSON.parse(mysql.stdout).total).toBe(
      Number(execFileSync('grep', ['-c', 'name="mysql"', scan], { encoding: 'utf8' }).trim()),
    );
    const csv = await cli(cwd, 'observations', 'demo.portcullis', '--csv', '--filter', 'import=2');
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^"host_ip","host_names","proto","port"/);
    expect(lines).toHaveLength(1 + 4);
    expect((await cli(cwd, 'imports', 'demo.portcullis')).stdout).toMatch(/#1 .* nmap-xml .* 25 obs/);
  });

  it('an unknown filter key is refused by the contract', async () => {
    const cwd = tempDir();
    await cli(cwd, ...newArgs);
    const r = await cli(cwd, 'observations', 'demo.portcullis', '--filter', 'colour=red');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/observation\.query: filter: Unrecognized key: "colour"/);
  });
});

describe('CSV output', () => {
  it('neutralises spreadsheet formulas and quotes every cell', async () => {
    expect(csvRow(["=cmd|' /C calc'!A0", '+1', '-2', '@SUM(A1)', 'plain "q"', null])).toBe(
      `"'=cmd|' /C calc'!A0","'+1","'-2","'@SUM(A1)","plain ""q""",""\r\n`,
    );
  });
});
