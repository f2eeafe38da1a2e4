// Jira tickets: the corpus's REST issue JSON (derived from DefectDojo's VCR cassettes), the /field list
// (no issues), the original cassette; detection over the whole corpus; a hand-written search result and
// Jira CSV export (no such exports are in the corpus; field names follow Jira Cloud's); hostile input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src-main/core/import/formats';
import { importFile } from '../../src-main/core/import/run-import';
import { jiraCsv } from '../../src-main/core/import/tickets/csv-tickets';
import { ticketFormats } from '../../src-main/core/import/tickets/index';
import { jiraCassette, jiraJson } from '../../src-main/core/import/tickets/jira-json';
import { listImports } from '../../src-main/core/store/observations';
import { listTickets } from '../../src-main/core/store/tickets';
import { fixedContext, newEngagement, tempDir } from './helpers';
import {
  corpus,
  corpusAvailable,
  expectUntouched,
  importInto,
  manifest,
  parseError,
  parseWith,
} from './import-helpers';

const T = 'tickets/django-DefectDojo--';
const DONE = `${T}JIRAImportAndPushTestApi.test_create_edit_update_finding.yaml`;
const EPIC = `${T}JIRAConfigEngagementEpicTest.test_add_engagement_with_jira_project_and_epic_mapping.yaml`;
const GROUP = `${T}JIRAImportAndPushTestApi.test_groups_create_edit_update_finding.yaml`;
const FIELDS = `${T}JIRAImportAndPushTestApi.test_engagement_epic_mapping_enabled_no_epic_and_push_findings.yaml`;
const CASSETTE = `${T}JIRAImportAndPushTestApi.test_engagement_epic_mapping_enabled_create_epic_and_push_findings.yaml`;

const FORMAT_OF: Record<string, string> = {
  [DONE]: 'jira-json',
  [EPIC]: 'jira-json',
  [GROUP]: 'jira-json',
  [FIELDS]: 'jira-json',
  [CASSETTE]: 'jira-vcr-cassette',
};

const head = (rel: string) =>
  readFileSync(corpus(rel))
    .subarray(0, 64 * 1024)
    .toString('utf8');

describe.skipIf(!corpusAvailable)('ticket detection over the whole corpus', () => {
  it('the ticket formats claim exactly the ticket files, and no other format claims those', () => {
    const tickets = manifest().filter((r) => r.category === 'tickets');
    expect(tickets.map((r) => r.file).sort()).toEqual(Object.keys(FORMAT_OF).sort());
    const ids = new Set(ticketFormats.map((f) => f.id));
    for (const { file } of manifest()) {
      const h = head(file);
      const claimed = ticketFormats.filter((f) => f.detect(h, file) > 0).map((f) => f.id);
      const winner = detectFormat(h, file)?.id;
      if (FORMAT_OF[file]) {
        expect(claimed, file).toEqual([FORMAT_OF[file]]);
        expect(winner, file).toBe(FORMAT_OF[file]);
      } else {
        expect(claimed, file).toEqual([]);
        expect(winner === undefined || !ids.has(winner), file).toBe(true);
      }
    }
  });
});

describe.skipIf(!corpusAvailable)('Jira REST issue JSON (corpus)', () => {
  // One issue per file (python3 json.load: a dict with "key" and "fields").
  it.each([
    [DONE, 'NTEST-3077'],
    [EPIC, 'NTEST-3051'],
    [GROUP, 'NTEST-3187'],
  ])('%s: one ticket, %s, no notes', (rel, key) => {
    const out = parseWith(jiraJson, readFileSync(corpus(rel)));
    expect(out.tickets.map((t) => t.key)).toEqual([key]);
    expect(out.notes).toEqual([]);
    expect(out.tickets[0]?.lineFrom).toBe(1);
  });

  it('an issue transitioned to Done: fields checked by hand against the file', () => {
    const [t] = parseWith(jiraJson, readFileSync(corpus(DONE))).tickets;
    // "summary": "Jira Api Test 3", "status": {"name": "Done"}, "issuetype": {"name": "Task"},
    // "created": "2025-07-25T21:00:48.316+0200", "updated": "…21:01:06.987+0200",
    // "resolutiondate": "2025-07-25T21:01:06.962+0200", "self": ".../rest/api/2/issue/21256".
    expect(t).toMatchObject({
      system: 'jira',
      key: 'NTEST-3077',
      title: 'Jira Api Test 3',
      status: 'Done',
      type: 'Task',
      created: '2025-07-25T19:00:48.316Z',
      updated: '2025-07-25T19:01:06.987Z',
      closed: '2025-07-25T19:01:06.962Z',
      url: 'https://defectdojo.atlassian.net/browse/NTEST-3077',
      approvers: [],
      approval: null,
      plannedStart: null,
    });
    expect(t?.description).toMatch(/^\*Title\*: \[Jira Api Test 3\|http:\/\/localhost:8080\/finding\/236\]/);
    expect(t?.fields).toMatchObject({ priority: 'Low', resolution: 'Done', project: 'Unittests' });
    expect(t?.lineTo).toBe(readFileSync(corpus(DONE), 'utf8').trimEnd().split('\n').length);
  });

  it('an Epic in Backlog, and an issue with a UTC+1 zone (checked by hand)', () => {
    const [epic] = parseWith(jiraJson, readFileSync(corpus(EPIC))).tickets;
    // "summary": "new engagement", "issuetype": {"name": "Epic"}, "status": {"name": "Backlog"},
    // "created": "2025-05-24T13:12:38.881+0200", no resolutiondate; customfield_10011 (Epic Name) "new engagement".
    expect(epic).toMatchObject({ title: 'new engagement', type: 'Epic', status: 'Backlog', closed: null });
    expect(epic?.created).toBe('2025-05-24T11:12:38.881Z');
    expect(epic?.fields.customfield_10011).toBe('new engagement');
    const [group] = parseWith(jiraJson, readFileSync(corpus(GROUP))).tickets;
    // "created": "2026-01-16T21:59:58.927+0100", "summary": "Findings in: pg:5.1.0", priority High.
    expect(group).toMatchObject({ title: 'Findings in: pg:5.1.0', created: '2026-01-16T20:59:58.927Z' });
    expect(group?.fields.priority).toBe('High');
  });

  it('the /field list: no tickets, one note saying what the file holds (109 definitions, python3 len())', () => {
    const out = parseWith(jiraJson, readFileSync(corpus(FIELDS)));
    expect(out.tickets).toEqual([]);
    expect(out.notes).toEqual([
      { line: null, column: null, what: 'no issues: the file holds 109 field definitions; kept as evidence' },
    ]);
    expect(out.meta.contents).toBe('Jira field definitions');
  });

  it('parses the same in pieces of 1 and 7 characters', () => {
    for (const rel of [DONE, FIELDS]) {
      const whole = parseWith(jiraJson, readFileSync(corpus(rel)));
      expect(parseWith(jiraJson, readFileSync(corpus(rel)), {}, 7)).toEqual(whole);
      expect(parseWith(jiraJson, readFileSync(corpus(rel)), {}, 1)).toEqual(whole);
    }
  });

  it('imports through the runner; the import counts its tickets', async () => {
    const { store, result } = await importInto(corpus(DONE));
    expect(result).toMatchObject({ format: 'jira-json', ticketCount: 1, ruleCount: 0, noteCount: 0 });
    expect(listImports(store.db)[0]?.ticketCount).toBe(1);
    expect(listTickets(store.db, { key: 'ntest-3077' }).rows[0]?.title).toBe('Jira Api Test 3');
    const fields = await importFile(store, fixedContext(), corpus(FIELDS));
    expect(fields).toMatchObject({ format: 'jira-json', ticketCount: 0, noteCount: 1 });
    expect(listTickets(store.db).total).toBe(1);
    store.close();
  });
});

describe.skipIf(!corpusAvailable)('Jira VCR cassette (corpus)', () => {
  // python3 + yaml.safe_load: 23 interactions; issue bodies (key + fields) in interactions 4 (NTEST-3084),
  // 8, 9, 23 (NTEST-3085), 14, 15 (NTEST-3086), and 20 (agile epic issues: NTEST-3085, NTEST-3086).
  // The POST answers {id, key, self} carry no fields and are not issues.
  it('three tickets, each at its last recorded state', () => {
    const out = parseWith(jiraCassette, readFileSync(corpus(CASSETTE)));
    expect(out.tickets.map((t) => t.key)).toEqual(['NTEST-3084', 'NTEST-3086', 'NTEST-3085']);
    expect(out.meta.recording).toBe('VCR cassette, 23 interactions');
    const epic = out.tickets[0];
    expect(epic).toMatchObject({ type: 'Epic', status: 'Backlog' });
    expect(epic?.lineFrom).toBeGreaterThan(1);
    // Replaced snapshots: 3085 in interactions 9, 20 and 23; 3086 in 15 and 20.
    expect(out.notes.filter((n) => /again; this later state replaces/.test(n.what))).toHaveLength(5);
    // Interactions without an issue: serverInfo x5, createmeta x3, POST create x3, 204 x2, webhooks x2, /field.
    expect(out.notes.filter((n) => /no issue in the response|empty response body/.test(n.what))).toHaveLength(16);
    // Interaction 4's body (GET /issue/NTEST-3084) is the string on line 251 of the file (checked with sed).
    expect(epic).toMatchObject({ key: 'NTEST-3084', title: 'weekly engagement', lineFrom: 251, lineTo: 251 });
    expect(out.tickets[2]).toMatchObject({ title: 'Zap1: Cookie Without Secure Flag', lineFrom: 1951 });
    expect(parseWith(jiraCassette, readFileSync(corpus(CASSETTE)), {}, 7)).toEqual(out);
  });
});

const SEARCH = JSON.stringify(
  {
    startAt: 0,
    maxResults: 50,
    total: 3,
    names: { customfield_10050: 'Planned start', customfield_10051: 'Planned end', customfield_10060: 'Approvers' },
    issues: [
      {
        key: 'NET-42',
        self: 'https://acme.atlassian.net/rest/api/3/issue/10042',
        fields: {
          summary: 'Open 443 from DMZ to pay-gw',
          description: {
            type: 'doc',
            version: 1,
            content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Per CAB 2026-03-02.' }] }],
          },
          status: { name: 'Implemented' },
          issuetype: { name: 'Change' },
          reporter: { displayName: 'R. Quester' },
          assignee: null,
          created: '2026-03-01T09:00:00.000+0000',
          customfield_10050: '2026-03-04T10:00:00.000+0100',
          customfield_10051: '2026-03-04',
          customfield_10060: [{ displayName: 'A. Prover' }, { displayName: 'C. Iso' }],
          labels: ['pci', 'firewall'],
        },
      },
      { key: 'NET-43', id: '10043', self: 'x' },
    ],
  },
  null,
  2,
);

describe('Jira search result and CSV (hand-written fixtures)', () => {
  it('a search page with names: planned dates and approvers through the names map', () => {
    const out = parseWith(jiraJson, SEARCH);
    expect(out.tickets).toHaveLength(1);
    expect(out.tickets[0]).toMatchObject({
      key: 'NET-42',
      description: 'Per CAB 2026-03-02.',
      type: 'Change',
      requester: 'R. Quester',
      assignee: null,
      approvers: ['A. Prover', 'C. Iso'],
      created: '2026-03-01T09:00:00.000Z',
      plannedStart: '2026-03-04T09:00:00.000Z',
      plannedEnd: null,
      url: 'https://acme.atlassian.net/browse/NET-42',
    });
    expect(out.tickets[0]?.fields).toMatchObject({ labels: 'pci, firewall', 'Planned end': '2026-03-04' });
    const whats = out.notes.map((n) => n.what);
    expect(whats).toContain('issues: item 2 is not an issue (no key and fields); skipped');
    expect(whats).toContain('the search result is one page: 2 of 3 issues; the others are not in the file');
    expect(whats.some((w) => /^Planned end: 1 value\(s\) such as "2026-03-04" do not state a time zone/.test(w))).toBe(
      true,
    );
    expect(jiraJson.detect(SEARCH, 'search.json')).toBeGreaterThan(0);
  });

  // Jira Cloud "Export Excel CSV (all fields)": repeated headers for multi-value fields (Labels), dates in
  // the exporting user's zone and format.
  const CSV = [
    'Summary,Issue key,Issue id,Issue Type,Status,Priority,Assignee,Reporter,Created,Updated,Resolved,Labels,Labels,Description,Custom field (Approvers)',
    'Allow SSH from jump host,NET-7,10007,Change,Done,High,B. Admin,R. Quester,04/Mar/26 10:00 AM,05/Mar/26 9:12 AM,05/Mar/26 9:12 AM,pci,fw,"Rule 12 on fw01,',
    'see CHG0031877",A. Prover',
    'Remove telnet,NET-8,10008,Change,To Do,,,R. Quester,06/Mar/26 1:00 PM,06/Mar/26 1:00 PM,,,,,',
    'Duplicate,NET-7,10007,Change,Done,,,,,,,,,,',
  ].join('\r\n');

  it('Jira CSV export: first of repeated columns, dates kept as written, duplicates noted', () => {
    expect(jiraCsv.detect(CSV, 'Jira.csv')).toBe(0.9);
    expect(detectFormat(CSV, 'Jira.csv')?.id).toBe('jira-csv');
    const out = parseWith(jiraCsv, CSV);
    expect(out.tickets.map((t) => t.key)).toEqual(['NET-7', 'NET-8']);
    expect(out.tickets[0]).toMatchObject({
      system: 'jira',
      title: 'Allow SSH from jump host',
      type: 'Change',
      status: 'Done',
      assignee: 'B. Admin',
      requester: 'R. Quester',
      approvers: ['A. Prover'],
      description: 'Rule 12 on fw01,\r\nsee CHG0031877',
      created: null,
      lineFrom: 2,
    });
    expect(out.tickets[0]?.fields).toMatchObject({ Labels: 'pci', Created: '04/Mar/26 10:00 AM', 'Issue id': '10007' });
    expect(out.tickets[1]).toMatchObject({ lineFrom: 4, assignee: null, status: 'To Do' });
    const whats = out.notes.map((n) => n.what);
    expect(whats).toContain('1 repeated column name(s) (multi-value fields): the first column of each is kept');
    expect(whats).toContain('line 5: ticket NET-7 again (first on line 2); the first one is kept');
    expect(whats.some((w) => w.startsWith('Created: 2 value(s) such as "04/Mar/26 10:00 AM"'))).toBe(true);
    expect(parseWith(jiraCsv, CSV, {}, 1)).toEqual(out);
  });
});

describe('hostile or broken Jira input', () => {
  it('refuses with a position, and leaves the store untouched', async () => {
    expect(parseError(() => parseWith(jiraJson, '{"key": "A-1", "fields": {'))).toMatchObject({ line: 1 });
    expect(parseError(() => parseWith(jiraJson, '{"hello": 1}')).message).toMatch(/no Jira issue found/);
    expect(parseError(() => parseWith(jiraCassette, 'interactions:\n  - request: [\n')).line).not.toBeNull();
    expect(parseError(() => parseWith(jiraCassette, 'interactions: !!js/function "x"\n')).message).toMatch(
      /tag .* is refused/,
    );
    expect(parseError(() => parseWith(jiraCsv, 'Summary,Issue key\n"open quote,A-1\n')).message).toMatch(
      /ends inside a quoted field/,
    );
    // Billion laughs: alias expansion is bounded (more than 100 aliases are refused).
    const levels = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    expect(
      parseError(() =>
        parseWith(
          jiraCassette,
          `interactions: []
${levels.join('\n')}
`,
        ),
      ).message,
    ).toMatch(/aliases expand too far/);
    const dir = tempDir();
    writeFileSync(join(dir, 'cut.json'), SEARCH.slice(0, 400));
    const store = newEngagement(dir);
    await expect(
      importFile(store, fixedContext(), join(dir, 'cut.json'), { format: 'jira-json' }),
    ).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/cut\.json: line \d+, column \d+: .*not valid JSON/),
    });
    expectUntouched(store);
    store.close();
  });
});
