// Tickets on the command line: import a Jira issue (corpus) and a host firewall whose rule comments name
// tickets, then list the tickets (text, JSON, CSV), the imports line, and the suggested rule links.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpus, corpusAvailable } from './import-helpers';
import { runCliIn } from './cli-helpers';
import { tempDir } from './helpers';

function cli(cwd: string, ...argv: string[]) {
  return runCliIn(cwd, argv, { workers: true });
}

const ISSUE = 'tickets/django-DefectDojo--JIRAImportAndPushTestApi.test_create_edit_update_finding.yaml';
const IPTABLES = [
  '*filter',
  ':INPUT DROP [0:0]',
  ':FORWARD DROP [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  '-A INPUT -s 10.1.0.0/24 -p tcp -m tcp --dport 22 -m comment --comment "jump host ssh, NTEST-3077" -j ACCEPT',
  '-A INPUT -p tcp -m tcp --dport 23 -m comment --comment "legacy telnet CHG0031877" -j ACCEPT',
  'COMMIT',
  '',
].join('\n');

describe.skipIf(!corpusAvailable)('tickets on the command line', () => {
  it('imports tickets, lists them as text, JSON and CSV, and suggests rule links', async () => {
    const cwd = tempDir();
    await cli(cwd, 'new', 't.portcullis', '--entity', 'Acme', '--assessor', 'QSA');
    const imported = await cli(cwd, 'import', 't.portcullis', corpus(ISSUE));
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(
      /: Jira issues \(REST JSON: issue, search result or list\): 1 ticket\(s\) \(import #1/,
    );
    writeFileSync(join(cwd, 'fw.rules'), IPTABLES);
    expect((await cli(cwd, 'import', 't.portcullis', 'fw.rules', '--host', 'pos-gw')).status).toBe(0);
    const imports = await cli(cwd, 'imports', 't.portcullis');
    expect(imports.stdout).toMatch(/#1 .* jira-json +1 tkts/);

    const text = await cli(cwd, 'tickets', 't.portcullis', '--text', 'api test');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^1 ticket\(s\)\nNTEST-3077 +Done +Jira Api Test 3\n +jira, import #1 line 1/);
    const none = await cli(cwd, 'tickets', 't.portcullis', '--text', 'no such words');
    expect(none.stdout).toBe('0 ticket(s)\n');

    const json = await cli(cwd, 'tickets', 't.portcullis', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      total: 1,
      rows: [
        {
          key: 'NTEST-3077',
          closed: '2025-07-25T19:01:06.962Z',
          url: 'https://defectdojo.atlassian.net/browse/NTEST-3077',
        },
      ],
    });
    const csv = await cli(cwd, 'tickets', 't.portcullis', '--csv');
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"key","system","title","status","type","requester","assignee","approvers","approval","created","updated","plannedStart","plannedEnd","closed","url","importId","lineFrom"',
    );
    expect(lines[1]).toMatch(/^"NTEST-3077","jira","Jira Api Test 3","Done","Task",/);
    expect(lines).toHaveLength(2);

    const links = await cli(cwd, 'ticket-links', 't.portcullis');
    expect(links.status).toBe(0);
    expect(links.stdout).toMatch(/^2 ticket mention\(s\) in rules, 1 matching an imported ticket, 1 not imported\n/);
    expect(links.stdout).toMatch(
      /NTEST-3077 +imported +rule #\d+ pos-gw \/ filter\/INPUT #\d+ \(comment, line 5\): Jira Api Test 3/,
    );
    expect(links.stdout).toMatch(
      /CHG0031877 +NOT imported +rule #\d+ pos-gw \/ filter\/INPUT #\d+ \(comment, line 6\)/,
    );
    const linksJson = JSON.parse((await cli(cwd, 'ticket-links', 't.portcullis', '--json')).stdout) as unknown[];
    expect(linksJson).toHaveLength(2);
    expect(linksJson[0]).toMatchObject({ ticketKey: 'NTEST-3077', imported: true, where: 'comment', device: 'pos-gw' });
  });
});
