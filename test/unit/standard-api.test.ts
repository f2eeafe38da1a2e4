// The standard and item channels through the handler table and the CLI: validation at the door, the
// audited edit, items as JSON and CSV, the readable export, and errors that say what was expected.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliIn } from './cli-helpers';
import { tempDir } from './helpers';
import { NMAP_LOCAL_TCP_XML } from './import-scan-fixtures';
import { finished, tableFor } from './table-helpers';

const meta = { entity: 'Acme', assessor: 'A. Assessor' };

function cli(cwd: string, ...argv: string[]) {
  return runCliIn(cwd, argv, { env: { PORTCULLIS_ACTOR: 'qsa' } });
}

describe('standard and items through the handler table', () => {
  it('answers items after an import, validates edits at the door and audits them', async () => {
    const { table, events, baseDir } = tableFor();
    await table.invoke('engagement.create', { path: 's.portcullis', meta });
    writeFileSync(join(baseDir, 'local.xml'), NMAP_LOCAL_TCP_XML);
    const started = await table.invoke('import.files', { path: 's.portcullis', sources: ['local.xml'] });
    await finished(events, (started as { value: { jobId: string } }).value.jobId);

    const list = await table.invoke('item.list', { path: 's.portcullis' });
    expect(list.ok && (list.value as { items: { key: string }[] }).items.map((i) => i.key)).toEqual([
      'ftp|2121/tcp',
      'ftp-anonymous|2121/tcp',
      'unauthenticated-store|6379/tcp',
      'unauthenticated-store|11211/tcp',
      'tls-deprecated-protocols|4433/tcp',
      'http-cleartext|8000/tcp',
      'tls-weak-ciphers|4433/tcp',
    ]);

    const bad = await table.invoke('standard.edit', {
      path: 's.portcullis',
      edit: { op: 'setApplicability', ruleId: 'ftp', applicable: 'no' },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: /^standard\.edit: edit\./ } });

    const edited = await table.invoke('standard.edit', {
      path: 's.portcullis',
      edit: { op: 'setApplicability', ruleId: 'ftp', applicable: false, reason: 'FTP runs inside IPsec (CHG-1042)' },
    });
    expect(edited).toMatchObject({ ok: true, value: { version: 2 } });
    const log = await table.invoke('audit.list', { path: 's.portcullis' });
    // The first import adopts the standard in its own transaction, so its observations are classified as stored.
    expect(log.ok && (log.value as { command: string }[]).map((e) => e.command).slice(-3)).toEqual([
      'standard.adopt',
      'import.file',
      'standard.edit',
    ]);

    const missing = await table.invoke('item.get', { path: 's.portcullis', key: 'ftp|2121/tcp' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const item = await table.invoke('item.get', { path: 's.portcullis', key: 'ftp-anonymous|2121/tcp' });
    expect(item).toMatchObject({
      ok: true,
      value: { hosts: [{ host: '127.0.0.1', source: { fileName: 'local.xml' } }] },
    });
    await table.close();
  });
});

describe('saving the standard through the save dialog', () => {
  it('writes the Markdown where the user chose, and nothing when the dialog is cancelled', async () => {
    // Outside the workspace: a path the user picks in the dialog may be written.
    const outside = join(tempDir(), 'standard.md');
    const { table } = tableFor({ savePath: outside });
    await table.invoke('engagement.create', { path: 'x.portcullis', meta });
    const saved = await table.invoke('standard.export', { path: 'x.portcullis', save: true });
    expect(saved).toMatchObject({ ok: true, value: { fileName: 'portcullis-default-v1.md', savedTo: outside } });
    expect(readFileSync(outside, 'utf8').split('\n')[0]).toBe('# Insecure services, protocols and ports standard');
    await table.close();

    const cancelled = tableFor({ savePath: null });
    await cancelled.table.invoke('engagement.create', { path: 'y.portcullis', meta });
    const none = await cancelled.table.invoke('standard.export', { path: 'y.portcullis', save: true });
    expect(none).toMatchObject({ ok: true, value: { savedTo: null } });
    await cancelled.table.close();
  });
});

describe('standard and items on the command line', () => {
  it('prints items as text, CSV and JSON; marks a rule not applicable; exports the standard', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'local.xml'), NMAP_LOCAL_TCP_XML);
    expect((await cli(dir, 'new', 'e.portcullis', '--entity', 'Acme', '--assessor', 'QSA')).status).toBe(0);
    expect((await cli(dir, 'import', 'e.portcullis', 'local.xml')).status).toBe(0);

    const text = await cli(dir, 'items', 'e.portcullis');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('HIGH   Anonymous FTP login allowed on 2121/tcp: 1 host in 127.0.0.0/24');
    expect(text.stdout).toContain('7 insecure item(s) under standard version 1.');

    const csv = await cli(dir, 'items', 'e.portcullis', '--csv');
    const rows = csv.stdout.trim().split('\r\n');
    expect(rows[0]).toBe(
      '"key","rule_id","title","severity","criteria","proto","port","services","hosts","observations","networks","basis","sources","first_seen","last_seen","disposition","review_status","justification","standard_version"',
    );
    expect(rows).toHaveLength(8);
    expect(rows[2]).toMatch(
      /^"ftp-anonymous\|2121\/tcp","ftp-anonymous","Anonymous FTP login allowed","high","weak-auth","tcp","2121","ftp","1","1","127\.0\.0\.0\/24:1","fact","local\.xml",/,
    );

    const na = await cli(dir, 'standard', 'na', 'e.portcullis', 'http-cleartext', '--reason', 'Dev box only');
    expect(na).toMatchObject({
      status: 0,
      stdout: 'standard version 2: rule http-cleartext marked not applicable: Dev box only\n',
    });
    const noReason = await cli(dir, 'standard', 'na', 'e.portcullis', 'ftp');
    expect(noReason.status).toBe(1);
    expect(noReason.stderr).toContain('marking rule ftp not applicable needs a reason');

    const json = JSON.parse((await cli(dir, 'items', 'e.portcullis', '--json')).stdout) as {
      items: { ruleId: string }[];
      notApplicable: { ruleId: string; reason: string }[];
    };
    expect(json.items.map((i) => i.ruleId)).not.toContain('http-cleartext');
    expect(json.notApplicable).toMatchObject([{ ruleId: 'http-cleartext', reason: 'Dev box only' }]);

    const md = await cli(dir, 'standard', 'export', 'e.portcullis');
    expect(md.stdout.split('\n')[0]).toBe('# Insecure services, protocols and ports standard');
    expect(md.stdout).toContain('- **Not applicable:** Dev box only');
    expect(md.stdout).toMatch(/\| 2 \| .* \| qsa \| rule http-cleartext marked not applicable: Dev box only \|/);
    const history = await cli(dir, 'standard', 'history', 'e.portcullis');
    expect(history.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('adds an entity rule from a JSON file and refuses a broken one with the path of the problem', async () => {
    const dir = tempDir();
    await cli(dir, 'new', 'e.portcullis', '--entity', 'Acme', '--assessor', 'QSA');
    const rule = {
      id: 'corp-remote-agent',
      title: 'Remote support agent',
      criteria: ['management-exposure'],
      severity: 'medium',
      rationale: 'Vendor agent with its own authentication.',
      replacement: 'The corporate remote-access gateway',
      features: [],
      references: [],
      match: [{ label: 'port 5938/tcp', ports: ['5938/tcp'] }],
      origin: 'entity',
      applicable: true,
      notApplicableReason: null,
    };
    writeFileSync(join(dir, 'rule.json'), JSON.stringify(rule));
    const ok = await cli(dir, 'standard', 'set-rule', 'e.portcullis', 'rule.json');
    expect(ok).toMatchObject({ status: 0, stdout: 'standard version 2: rule corp-remote-agent added\n' });
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...rule, match: [{ ports: ['5938'] }] }));
    const bad = await cli(dir, 'standard', 'set-rule', 'e.portcullis', 'bad.json');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/edit\.rule\.match\.0\.ports\.0: a port spec such as "23\/tcp"/);
    writeFileSync(join(dir, 'junk.json'), '{"id": ');
    const junk = await cli(dir, 'standard', 'set-rule', 'e.portcullis', 'junk.json');
    expect(junk.status).toBe(1);
    expect(junk.stderr).toMatch(/junk\.json: not valid JSON/);
  });
});
