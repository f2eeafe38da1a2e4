// What the package's data folder says, read back from an exported package: the workbook (no cell is ever
// a formula), CSV with formulas neutralised, tests with their proofs resolved to evidence ids and package
// paths, items with reviews, OSCAL assessment results whose references resolve, the audit log and its
// verdict, the reconciliation and the signed report, and bag-info.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBagInfo, parseManifest } from '../../src-main/core/export/bagit';
import {
  buildExportEngagement,
  exportTo,
  readEntries,
  removeKeptDirs,
  run,
  type ExportFixture,
} from './export-helpers';
import { corpusAvailable } from './import-helpers';

let f: ExportFixture;
let entries: Map<string, Buffer>;
const text = (name: string) => entries.get(name)!.toString('utf8');
const json = <T>(name: string) => JSON.parse(text(name)) as T;

/** Cells of a sheet, by reference, with their type and text; throws if the XML is not well formed. */
function cells(xml: string): { refs: Map<string, { t: string | undefined; text: string }>; formulas: number } {
  const parser = new SaxesParser();
  const refs = new Map<string, { t: string | undefined; text: string }>();
  let current: { ref: string; t: string | undefined; text: string } | null = null;
  let formulas = 0;
  parser.on('opentag', (tag) => {
    if (tag.name === 'c')
      current = { ref: String(tag.attributes.r), t: tag.attributes.t as string | undefined, text: '' };
    if (tag.name === 'f') formulas++;
  });
  parser.on('text', (t) => {
    if (current) current.text += t;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'c' && current) {
      refs.set(current.ref, { t: current.t, text: current.text });
      current = null;
    }
  });
  parser.write(xml).close();
  return { refs, formulas };
}

describe.skipIf(!corpusAvailable)('package data', () => {
  beforeAll(async () => {
    f = await buildExportEngagement(true);
    const zip = join(f.dir, 'data.zip');
    await exportTo(f, zip);
    entries = await readEntries(zip);
  }, 120_000);
  afterAll(async () => {
    await f?.t.table.close();
    removeKeptDirs();
  });

  it('writes a workbook whose cells are inline strings or numbers, never formulas', async () => {
    const xlsx = join(f.dir, 'workbook.xlsx');
    writeFileSync(xlsx, entries.get('data/workbook.xlsx')!);
    const book = await readEntries(xlsx);
    expect(book.get('xl/workbook.xml')!.toString()).toMatch(
      /<sheet name="items" sheetId="1" r:id="rId1"\/><sheet name="inventory" sheetId="2" r:id="rId2"\/><sheet name="tests" sheetId="3" r:id="rId3"\/><sheet name="evidence" sheetId="4" r:id="rId4"\/>/,
    );
    const evidence = cells(book.get('xl/worksheets/sheet4.xml')!.toString('utf8'));
    expect(evidence.formulas).toBe(0);
    const titles = [...evidence.refs].filter(([ref]) => ref.startsWith('C')).map(([, c]) => c);
    expect(titles).toContainEqual({ t: 'inlineStr', text: '=HYPERLINK("x") network engineer' });
    const items = cells(book.get('xl/worksheets/sheet1.xml')!.toString('utf8'));
    expect(items.refs.get('A1')).toEqual({ t: 'inlineStr', text: 'key' });
    // Ports are numbers, booleans are booleans.
    expect([...items.refs].find(([ref, c]) => ref.startsWith('E') && ref !== 'E1' && c.t === undefined)).toBeDefined();
    expect([...items.refs].some(([ref, c]) => ref.startsWith('M') && c.t === 'b')).toBe(true);
    for (let n = 1; n <= 4; n++)
      expect(cells(book.get(`xl/worksheets/sheet${n}.xml`)!.toString('utf8')).formulas).toBe(0);
  });

  it('neutralises formulas in CSV and lists each file with its evidence id and package path', () => {
    const csv = text('data/evidence.csv');
    expect(csv).toContain('"\'=HYPERLINK(""x"") network engineer"');
    expect(csv.split('\r\n')[0]).toBe(
      '"ref","type","title","version","purpose","revision_date","collected_on","collected_by","file","sha256","size","package_path","procedure","sample_set","note"',
    );
    expect(csv).toMatch(/"E-003","document","proof\.txt",.*"data\/attachments\/3-proof\.txt"/);
    expect(text('data/items.csv').split('\r\n')[0]).toMatch(/^"key","title","severity","proto","port"/);
    expect(text('data/rules.csv')).toMatch(/"host1"/);
  });

  it('resolves every test proof to evidence ids and package paths', () => {
    const tests =
      json<{ itemKey: string; featureId: string; result: string; evidenceRefs: string[]; packagePaths: string[] }[]>(
        'data/tests.json',
      );
    expect(tests).toMatchObject([
      {
        itemKey: 'telnet|23/tcp',
        featureId: 'F1',
        result: 'pass',
        evidenceRefs: ['E-003'],
        packagePaths: ['data/attachments/3-proof.txt'],
      },
      { itemKey: 'telnet|23/tcp', featureId: 'F1', result: 'pass', evidenceRefs: ['E-004'], packagePaths: [] },
    ]);
    const items = json<{
      items: { key: string; review: { record: { disposition: string } }; sources: { packagePath: string }[] }[];
    }>('data/items.json');
    const telnet = items.items.find((i) => i.key === 'telnet|23/tcp')!;
    expect(telnet.review.record.disposition).toBe('constrain');
    expect(telnet.sources.map((s) => s.packagePath)).toEqual(['data/originals/1-nexpose-many-vulns.xml']);
  });

  it('writes OSCAL assessment results whose references resolve', () => {
    type Oscal = {
      'assessment-results': {
        uuid: string;
        metadata: { 'oscal-version': string; 'last-modified': string; title: string; version: string };
        'import-ap': { href: string };
        results: {
          'reviewed-controls': { 'control-selections': { 'include-controls': { 'control-id': string }[] }[] };
          observations: {
            uuid: string;
            methods: string[];
            collected: string;
            'relevant-evidence': { href?: string }[];
          }[];
          findings: {
            uuid: string;
            target: { type: string; 'target-id': string; status: { state: string } };
            'related-observations': { 'observation-uuid': string }[];
          }[];
        }[];
        'back-matter': {
          resources: { uuid: string; rlinks?: { href: string; hashes?: { algorithm: string; value: string }[] }[] }[];
        };
      };
    };
    const ar = json<Oscal>('data/oscal-assessment-results.json')['assessment-results'];
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(ar.uuid).toMatch(uuid);
    expect(ar.metadata).toMatchObject({ 'oscal-version': '1.1.2', 'last-modified': '2026-12-01T10:00:00.000Z' });
    const result = ar.results[0]!;
    expect(result['reviewed-controls']['control-selections'][0]!['include-controls']).toEqual([
      { 'control-id': 'pcidss-1.2.6' },
    ]);
    const resources = new Map(ar['back-matter'].resources.map((r) => [r.uuid, r]));
    expect(resources.has(ar['import-ap'].href.slice(1))).toBe(true);
    const observations = new Set(result.observations.map((o) => o.uuid));
    for (const o of result.observations) {
      expect(o.uuid).toMatch(uuid);
      expect(o.methods.length).toBeGreaterThan(0);
      for (const e of o['relevant-evidence']) if (e.href) expect(resources.has(e.href.slice(1)), e.href).toBe(true);
    }
    expect(result.findings.length).toBe(result.observations.length);
    for (const fnd of result.findings) {
      expect(['satisfied', 'not-satisfied']).toContain(fnd.target.status.state);
      expect(observations.has(fnd['related-observations'][0]!['observation-uuid'])).toBe(true);
    }
    // Each original is a resource whose hash is the one in the manifest.
    const manifest = new Map(parseManifest(text('manifest-sha256.txt'), 'm').map((l) => [l.path, l.sha256]));
    const original = [...resources.values()].find((r) => r.rlinks?.[0]?.href === 'originals/1-nexpose-many-vulns.xml')!;
    expect(original.rlinks![0]!.hashes).toEqual([
      { algorithm: 'SHA-256', value: manifest.get('data/originals/1-nexpose-many-vulns.xml') },
    ]);
  });

  it('carries the audit log with its verdict, the reconciliation, the signed report and bag-info', () => {
    const lines = text('data/audit-log.jsonl').trim().split('\n');
    const chain = json<{ verdict: { valid: boolean; entries: number; headHash: string } }>('data/audit-chain.json');
    expect(chain.verdict).toMatchObject({ valid: true, entries: lines.length });
    expect((JSON.parse(lines.at(-1)!) as { hash: string }).hash).toBe(chain.verdict.headHash);
    const info = parseBagInfo(text('bag-info.txt'));
    expect(info.get('Portcullis-Engagement-Hash')).toBe(chain.verdict.headHash);
    expect(info.get('Bagging-Date')).toBe('2026-12-01');
    expect(info.get('Source-Organization')).toBe('Example QSA LLP');
    const payload = [...entries].filter(([n]) => n.startsWith('data/'));
    expect(info.get('Payload-Oxum')).toBe(`${payload.reduce((n, [, b]) => n + b.length, 0)}.${payload.length}`);
    expect(entries.has('data/reconciliation.json')).toBe(true);
    expect(info.get('Portcullis-Reconciliation')).toBe('data/reconciliation.json');
    expect(info.get('Portcullis-Report')).toBe('data/report.pdf');
    const pdf = join(f.dir, 'report.pdf');
    writeFileSync(pdf, entries.get('data/report.pdf')!);
    const sig = run('pdfsig', [pdf], f.dir);
    if (sig.status !== null) expect(sig.out).toMatch(/Signature Validation: Signature is Valid/);
    expect(text('data/engagement.json')).not.toContain(f.path);
  });
});
