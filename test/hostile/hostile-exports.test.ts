// Hostile content that imports fine but must stay inert later: spreadsheet formulas in fields that come
// back out of the CSV exports (observations, items, inventory), HTML/script kept as plain text, and
// attachment names that try to climb out of the folder. Inputs are hand-written for this suite.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngagementStore } from '../../src-main/core/store/engagement-store';
import { queryObservations } from '../../src-main/core/store/observations';
import { listRules } from '../../src-main/core/store/rules';
import { runCliIn } from '../unit/cli-helpers';
import { importInto } from '../unit/import-helpers';
import { tempDir } from '../unit/helpers';

const CALC = "=cmd|' /C calc'!A0";
const FORMULAS = [CALC, '+SUM(1+1)*cmd|" /C calc"!A0', '-2+3+cmd|" /C calc"!A0', '@SUM(1+1)*cmd|" /C calc"!A0'];
const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const SVG = '"><svg onload=alert(1)>';

/** Cells of a CSV document as written by the CLI (every cell quoted). */
function cells(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < csv.length) {
    // Rows end in CRLF; `items --csv` ends its last row with a bare LF (noted in the hardening issue).
    const eol = csv.startsWith('\r\n', i) ? 2 : csv[i] === '\n' ? 1 : 0;
    if (eol > 0) {
      rows.push(row);
      row = [];
      i += eol;
      continue;
    }
    if (csv[i] === ',') {
      i++;
      continue;
    }
    expect(csv[i], `every cell is quoted (at ${i})`).toBe('"');
    let v = '';
    i++;
    for (;;) {
      const q = csv.indexOf('"', i);
      expect(q).toBeGreaterThanOrEqual(0);
      v += csv.slice(i, q);
      if (csv[q + 1] === '"') {
        v += '"';
        i = q + 2;
      } else {
        i = q + 1;
        break;
      }
    }
    row.push(v);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** No cell may start with a character a spreadsheet reads as a formula. */
function expectInert(csv: string): string[][] {
  const rows = cells(csv);
  expect(rows.length).toBeGreaterThan(1);
  for (const r of rows) for (const c of r) expect(c, `cell ${JSON.stringify(c)}`).not.toMatch(/^[=+\-@\t\r]/);
  return rows;
}

const column = (rows: string[][], name: string) => {
  const at = rows[0]!.indexOf(name);
  expect(at, name).toBeGreaterThanOrEqual(0);
  return rows.slice(1).map((r) => r[at]!);
};

const newArgs = ['new', 'e.portcullis', '--entity', 'Acme', '--assessor', 'A. Assessor', '--actor', 'qsa1'];

describe('CSV exports neutralise formulas that came in with imported data', () => {
  it('observations, items and inventory --csv prefix =, +, - and @ cells with a quote', async () => {
    const cwd = tempDir();
    expect((await runCliIn(cwd, newArgs)).status).toBe(0);
    const csv = [
      'host,hostname,port,protocol,state,service,product,version',
      ...FORMULAS.map(
        (f, i) => `10.0.0.${i + 1},"${f.replace(/"/g, '""')}",23,tcp,open,telnet,"${f.replace(/"/g, '""')}",${i}`,
      ),
    ].join('\n');
    // The file name itself is a formula: it comes back in the items' "sources" column.
    const name = `${CALC.replace('/', '')}.csv`;
    writeFileSync(join(cwd, name), `${csv}\n`);
    const imp = await runCliIn(cwd, ['import', 'e.portcullis', name, '--json']);
    expect(imp.status, imp.stdout + imp.stderr).toBe(0);

    const obs = expectInert((await runCliIn(cwd, ['observations', 'e.portcullis', '--csv'])).stdout);
    expect(column(obs, 'product')).toEqual(FORMULAS.map((f) => `'${f}`));
    expect(column(obs, 'host_names')).toEqual(FORMULAS.map((f) => `'${f}`));

    const items = await runCliIn(cwd, ['items', 'e.portcullis', '--csv']);
    expect(items.status, items.stderr).toBe(0);
    const itemRows = expectInert(items.stdout);
    expect(column(itemRows, 'sources')).toContain(`'${name}`);

    for (const [i, f] of FORMULAS.entries()) {
      const a = await runCliIn(cwd, [
        ...['inventory', 'annotate', 'e.portcullis', `10.0.0.${i + 1}`, '23/tcp'],
        // `--opt=VALUE`: a value starting with '-' is otherwise (rightly) refused as ambiguous.
        `--owner=${f}`,
        `--purpose=${FORMULAS[(i + 1) % FORMULAS.length]}`,
      ]);
      expect(a.status, a.stderr).toBe(0);
    }
    const inv = expectInert((await runCliIn(cwd, ['inventory', 'e.portcullis', '--csv'])).stdout);
    expect(column(inv, 'owner')).toEqual(FORMULAS.map((f) => `'${f}`));
    expect(column(inv, 'products')).toEqual(FORMULAS.map((f) => `'${f}`));
    expect(column(inv, 'purpose')).toEqual(FORMULAS.map((_, i) => `'${FORMULAS[(i + 1) % FORMULAS.length]}`));
  });
});

describe('HTML and script in imported text are stored as text', () => {
  const esc = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

  it('nmap: product, extra info, banner and page title keep the markup verbatim', async () => {
    const dir = tempDir();
    const path = join(dir, 'html.xml');
    writeFileSync(
      path,
      `<?xml version="1.0" encoding="UTF-8"?>
<nmaprun scanner="nmap" args="nmap -sV" start="1795767274" version="7.93" xmloutputversion="1.05">
<host><status state="up" reason="user-set"/><address addr="10.0.0.5" addrtype="ipv4"/>
<ports><port protocol="tcp" portid="80"><state state="open" reason="syn-ack"/><service name="http" product="${esc(IMG)}" extrainfo="${esc(SVG)}" method="probed" conf="10"/><script id="http-title" output="${esc(SCRIPT)}"><elem key="title">${esc(SCRIPT)}</elem></script><script id="banner" output="${esc(IMG)}"/></port>
</ports></host>
<runstats><finished time="1795767323" exit="success"/></runstats>
</nmaprun>
`,
    );
    const { store, result } = await importInto(path);
    expect(result.observationCount).toBe(1);
    const [o] = queryObservations(store.db, {}, { offset: 0, limit: 10 }).rows;
    expect(o?.product).toBe(IMG);
    expect(o?.extraInfo).toBe(SVG);
    expect(o?.scripts).toContainEqual({ id: 'http-title', output: SCRIPT });
    expect(o?.scripts).toContainEqual({ id: 'banner', output: IMG });
    store.close();
  });

  it('iptables-save: a rule comment keeps the markup verbatim', async () => {
    const path = join(tempDir(), 'rules.v4');
    writeFileSync(
      path,
      `*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp -m tcp --dport 23 -m comment --comment "${SCRIPT} ${IMG.replace(/"/g, '')}" -j ACCEPT\nCOMMIT\n`,
    );
    const { store, result } = await importInto(path, { hostName: 'fw-01' });
    expect(result.ruleCount).toBeGreaterThan(0);
    const comments = listRules(store.db).rows.map((r) => r.comment);
    expect(comments).toContain(`${SCRIPT} ${IMG}`);
    store.close();
  });

  it('generic CSV: service product and host name keep the markup verbatim', async () => {
    const path = join(tempDir(), 'html.csv');
    writeFileSync(
      path,
      `host,hostname,port,protocol,state,product\n10.0.0.9,"${SVG.replace(/"/g, '""')}",80,tcp,open,${SCRIPT}\n`,
    );
    const { store } = await importInto(path);
    const [o] = queryObservations(store.db, {}, { offset: 0, limit: 10 }).rows;
    expect(o?.product).toBe(SCRIPT);
    expect(o?.hostNames).toEqual([SVG]);
    store.close();
  });
});

describe('attachment names: only the base name is stored', () => {
  it.each([
    ['../../evil.txt', 'evil.txt'],
    ['./sub/../../evil.txt', 'evil.txt'],
    ['sub/./deeper/../deeper/evil.txt', 'evil.txt'],
  ])('file add %s stores %s', async (arg, stored) => {
    const root = tempDir();
    const cwd = join(root, 'a', 'b');
    mkdirSync(join(cwd, 'sub', 'deeper'), { recursive: true });
    writeFileSync(join(root, 'evil.txt'), 'outside the working folder\n');
    writeFileSync(join(root, 'a', 'evil.txt'), 'one level up\n');
    writeFileSync(join(cwd, 'sub', 'deeper', 'evil.txt'), 'inside\n');
    expect((await runCliIn(cwd, newArgs)).status).toBe(0);
    const add = await runCliIn(cwd, ['file', 'add', 'e.portcullis', arg, '--role', 'attachment', '--json']);
    expect(add.status, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject([{ name: stored }]);
    const store = EngagementStore.open(join(cwd, 'e.portcullis'));
    expect(store.db.prepare('SELECT name FROM stored_file').pluck().all()).toEqual([stored]);
    store.close();
  });

  it('an absolute path stores its base name', async () => {
    const cwd = tempDir();
    const outside = join(tempDir(), 'passwd');
    writeFileSync(outside, 'root:x:0:0\n');
    expect((await runCliIn(cwd, newArgs)).status).toBe(0);
    const add = await runCliIn(cwd, ['file', 'add', 'e.portcullis', outside, '--json']);
    expect(add.status, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject([{ name: 'passwd' }]);
  });
});
