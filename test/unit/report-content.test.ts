// The PDF report of a realistic engagement built from corpus files, read back with pdftotext: every
// section the issue lists is there, the contents give the right pages, an item prints its features,
// tests and evidence ids, the appendix lists each source file with the SHA-256 of the real file, and two
// renders at the same fixed time are byte-identical.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSha256 } from './helpers';
import { corpus, corpusAvailable } from './import-helpers';
import { buildReportEngagement, TELNET_KEY, type ReportFixture } from './report-fixtures';
import { pageTexts, pdfInfo, pdfText, popplerAvailable, renderAt } from './report-helpers';

const SOURCES = [
  'scans/python-libnmap--full_sudo6.xml',
  'scans/nmap-ndiff-random-2.xml',
  'hosts/ss-tulpn-debian12.txt',
  'rulebases/batfish-example-host1.iptables',
  'rulebases/ciscoconfparse--sample_01.ios',
];

describe.skipIf(!corpusAvailable || !popplerAvailable)('the PDF report of a corpus engagement', () => {
  let dir: string;
  let fx: ReportFixture;
  let pdf: Buffer;
  /** The body (after the contents pages) with whitespace collapsed, so wrapped phrases still match. */
  let flat: string;
  let pages: string[];
  let register: { ref: string; title: string; file: { sha256: string } | null }[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portcullis-report-'));
    fx = await buildReportEngagement(dir, corpus);
    const reply = await fx.table.invoke('evidence.list', { path: fx.path });
    register = (reply as { value: typeof register }).value;
    await fx.close();
    pdf = await renderAt(fx.path, { packageId: 'PKG-2026-0042', engagementHash: 'a'.repeat(64) });
    expect(pdfText(pdf).warnings).toBe('');
    pages = pageTexts(pdf);
    flat = pages.slice(2).join(' ').replace(/\s+/g, ' ');
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has the cover facts and every section the issue lists, in order', () => {
    const cover = pages[0]!;
    for (const s of [
      'Northwind Payments Ltd',
      'Alice Auditor, Example QSA LLP',
      '2026-01-01 to 2026-12-31',
      'PKG-2026-0042',
      'a'.repeat(64),
      '2026-11-20 10:00:00 UTC',
    ]) {
      expect(cover).toContain(s);
    }
    const headings = [
      'Contents',
      '1. Scope and methodology',
      '2. The insecure-services standard in force',
      'Changes from the default',
      '3. Inventory summary',
      '4. Insecure items',
      'Item 1. Telnet on 23/tcp',
      '5. Reconciliation findings',
      '6. Open validations',
      '7. QSA workpaper: Requirement 1.2.6',
      '7.1 Testing procedure 1.2.6.a — documentation examined',
      '7.2 Testing procedure 1.2.6.b — configuration examined',
      '7.3 Evidence register',
      'Appendix A. Source files',
      'Appendix B. Audit-log summary',
    ];
    // Each heading starts a line of the body (after the contents pages) in this order.
    const body = pages.slice(2).join('\f');
    let from = 0;
    for (const h of headings.slice(1)) {
      const at = body.indexOf(`\n${h}\n`, from);
      expect(at, h).toBeGreaterThanOrEqual(from);
      from = at;
    }
    expect(pages[1]).toContain('Contents');
  });

  it('gives each contents entry the page its section starts on', () => {
    const contents = pdfText(pdf, { first: 2, last: 2, layout: true }).text.split('\n');
    for (const title of [
      '3. Inventory summary',
      '4. Insecure items',
      'Item 1. Telnet on 23/tcp',
      'Appendix A. Source files',
    ]) {
      const line = contents.find((l) => l.trim().startsWith(title));
      const page = Number(/(\d+)\s*$/.exec(line ?? '')?.[1]);
      expect(page, title).toBeGreaterThan(2);
      expect(pages[page - 1], `${title} on page ${page}`).toContain(`\n${title}\n`);
    }
    expect(pdf.includes('/Dests')).toBe(true);
    expect(pdf.includes('(item-1)')).toBe(true);
  });

  it('breaks the items table across pages with its header repeated', () => {
    const start = pages.findIndex((p, i) => i > 1 && p.includes('\n4. Insecure items\n'));
    const rows = (p: string) => (p.replace(/\s+/g, ' ').match(/ on \d+\/ ?(tcp|udp)\b/g) ?? []).length;
    // 28 items: the table runs onto the next page, which starts with the header again.
    expect(rows(pages[start]!) + rows(pages[start + 1]!)).toBe(28);
    expect(rows(pages[start + 1]!)).toBeGreaterThan(0);
    for (const p of [pages[start]!, pages[start + 1]!]) {
      for (const h of ['# Insecure item', 'Hosts Severity', 'Disposition Status', 'Audit-ready'])
        expect(p).toContain(h);
    }
  });

  it('prints the telnet item with its decision, rule lines, feature, test and evidence ids', () => {
    const start = flat.indexOf(' Item 1. Telnet on 23/tcp ');
    const item = flat.slice(start, flat.indexOf(' Item 2. ', start));
    expect(start).toBeGreaterThan(0);
    const refOf = (sha: string) => register.find((e) => e.file?.sha256 === sha)!.ref;
    const fwRef = register.find((e) => e.title === 'core-fw.rules')!.ref;
    for (const s of [
      TELNET_KEY,
      'constrain',
      'C. Ciso',
      'Legacy PIN-pad controllers only offer a telnet console',
      '10.10.0.5/32, 10.10.0.6/32',
      'filter/FORWARD #1 (line 5)',
      'F1 · network · Telnet reachable only from the two jump hosts',
      `Rule fw-core filter/FORWARD #1, line 5 (allow) in core-fw.rules [${fwRef}]`,
      'Test 1: PASS · on 2026-10-20 · by QSA',
      `proof: ${refOf(fx.proofSha)} telnet-refused.txt`,
      'Procedure: Connect to 192.168.1.1:23 from 10.10.9.9 (not allowlisted)',
      `Evidence: ${[fwRef, refOf(fx.proofSha)].sort().join(', ')}`,
      'Audit-ready: nothing blocks this item.',
    ]) {
      expect(item).toContain(s);
    }
    const vnc = flat.slice(flat.indexOf('. VNC on 5900/tcp ', start));
    expect(vnc).toContain('Nothing shows the service was disabled.');
  });

  it('lists every source file in the appendix with the SHA-256 of the real file', () => {
    const first = pages.findIndex((p, i) => i > 1 && p.includes('\nAppendix A. Source files\n'));
    const appendix = pages.slice(first).join('\f');
    for (const rel of SOURCES) {
      const name = rel.split('/').pop()!;
      const at = appendix.indexOf(name);
      expect(at, name).toBeGreaterThan(0);
      expect(appendix.slice(at, at + 600)).toContain(fileSha256(corpus(rel)));
    }
    expect(appendix).toContain(fileSha256(join(dir, 'core-fw.rules')));
    expect(appendix).toContain(fx.proofSha);
    expect(appendix).toContain(fx.standardDocSha);
    expect(appendix).toMatch(/The hash chain holds: \d+ entries/);
    // The Cisco configuration's skipped access-list line is listed with its position.
    const flatAppendix = appendix.replace(/\s+/g, ' ');
    expect(flatAppendix).toContain('1 line or element skipped or not understood');
    expect(flatAppendix).toContain('line 348: access-list entry skipped, source: host "any" is not an address');
  });

  it('names the evidence examined for 1.2.6.a and 1.2.6.b by id', () => {
    const wp = flat.slice(
      flat.lastIndexOf(' 7.1 Testing procedure 1.2.6.a'),
      flat.lastIndexOf(' 7.3 Evidence register'),
    );
    const ref = (title: string) => register.find((e) => e.title === title)!.ref;
    const a = wp.slice(0, wp.indexOf('7.2 Testing'));
    const b = wp.slice(wp.indexOf('7.2 Testing'));
    expect(a).toContain(ref('Insecure services standard'));
    expect(b).toContain(ref('core-fw.rules'));
    expect(b).toContain(ref('Network engineer (B. Builder)'));
    expect(b).toContain('rule lines implementing F1 of item 1');
  });

  it('is tagged, titled, in English, and byte-identical when rendered again at the same time', async () => {
    const info = pdfInfo(pdf);
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toContain('Northwind Payments Ltd');
    expect(pdf.includes('/Lang (en)')).toBe(true);
    expect(pdf.includes('/StructTreeRoot')).toBe(true);
    // Bookmarks for every heading and item, and links that jump to named destinations.
    expect(pdf.includes('/Outlines')).toBe(true);
    expect(pdf.includes('/S /GoTo')).toBe(true);
    const again = await renderAt(fx.path, { packageId: 'PKG-2026-0042', engagementHash: 'a'.repeat(64) });
    expect(again.equals(pdf)).toBe(true);
    const later = await renderAt(fx.path, {
      packageId: 'PKG-2026-0042',
      engagementHash: 'a'.repeat(64),
      fixedTime: '2026-11-21T10:00:00Z',
    });
    expect(later.equals(pdf)).toBe(false);
  });
});
