// Hostile text in an engagement reaches the PDF only as text: HTML and PDF syntax print literally, a
// right-to-left override and control characters show as visible [U+XXXX] marks, and a 10,000-character
// token wraps across lines instead of breaking the layout or the renderer. Also the pure helpers behind
// that, and the "changes from the default standard" list.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clip, safeLine, safeText } from '../../src-main/core/export/report/safe-text';
import { standardChanges } from '../../src-main/core/export/report/standard-changes';
import { defaultStandard } from '../../src-main/core/standard/default-standard';
import { NMAP_LOCAL_TCP_XML } from './import-scan-fixtures';
import { pageTexts, pdfInfo, pdfText, popplerAvailable, renderAt } from './report-helpers';
import { finished, tableFor } from './table-helpers';

const HTML = '<script>alert("x")</script><b onmouseover=alert(1)>hi</b>';
const PDF_SYNTAX = ') Tj ET /JavaScript << /S /JavaScript /JS (app.alert(1)) >> BT (';
const RTL = '\u202Etxt.exe';
const TOKEN = 'A'.repeat(10_000);
/** Review and evidence fields are capped at 8,000 characters by their schemas. */
const SHORTER = 'B'.repeat(7_000);

async function hostileEngagement() {
  const t = tableFor();
  const path = 'h.portcullis';
  await t.table.invoke('engagement.create', {
    path,
    meta: { entity: `Evil ${HTML}`, assessor: `${RTL} Mallory`, scopeNote: `${PDF_SYNTAX}\n${TOKEN}` },
  });
  writeFileSync(join(t.baseDir, 'scan.xml'), NMAP_LOCAL_TCP_XML);
  const started = (await t.table.invoke('import.files', { path, sources: ['scan.xml'] })) as {
    value: { jobId: string };
  };
  await finished(t.events, started.value.jobId);
  const review = await t.table.invoke('review.apply', {
    path,
    key: 'ftp-anonymous|2121/tcp',
    record: {
      disposition: 'constrain',
      justification: `Bell\u0007 escape\u001b[31m red ${RTL} ${SHORTER}`,
      owner: HTML,
      features: [
        {
          kind: 'monitoring',
          title: `Alert ${HTML}`,
          implementedBy: [{ kind: 'note', text: `${PDF_SYNTAX} \u0000 NUL` }],
        },
      ],
    },
  });
  expect(review).toMatchObject({ ok: true });
  const note = await t.table.invoke('evidence.note', {
    path,
    entry: { type: 'observation', title: `Watched ${RTL}`, note: `${HTML} ${SHORTER}` },
  });
  expect(note).toMatchObject({ ok: true });
  await t.table.close();
  return join(t.baseDir, path);
}

describe('hostile text in the report', () => {
  it.skipIf(!popplerAvailable)('renders as visible text without crashing or breaking the layout', async () => {
    const pdf = await renderAt(await hostileEngagement());
    const { text, warnings } = pdfText(pdf);
    expect(warnings).toBe('');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Evil <script>alert("x")</script><b onmouseover=alert(1)>hi</b>');
    expect(flat).toContain('Alert <script>alert("x")</script>');
    expect(flat).toContain('/JavaScript << /S /JavaScript /JS (app.alert(1)) >>');
    expect(flat).toContain('[U+202E]txt.exe Mallory');
    expect(flat).toContain('Bell[U+0007] escape[U+001B][31m red [U+202E]txt.exe');
    expect(flat).toContain('[U+0000] NUL');
    expect(text).not.toContain('\u202E');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000e-\u001f]/);
    // The scope note is a paragraph: every A of the token is printed, wrapped; so is the justification.
    const scopePage = pageTexts(pdf).findIndex((p) => p.includes('1. Scope and methodology\n'));
    const scope = pageTexts(pdf).slice(scopePage).join('');
    expect(scope.slice(0, scope.indexOf('Assessment period:')).replace(/[^A]/g, '').length).toBeGreaterThanOrEqual(
      10_000,
    );
    const item = flat.slice(flat.indexOf('Why it is needed'));
    // Every B of the token, plus those of "Bell" and "[U+001B]" (the page furniture between has none).
    expect(item.slice(0, item.indexOf('Where it is allowed')).replace(/[^B]/g, '').length).toBe(7_002);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThan(200);
    // No JavaScript or action was created from the text.
    expect(pdf.includes('/S /JavaScript')).toBe(false);
    expect(Number(pdfInfo(pdf).Pages)).toBeGreaterThan(10);
  });
});

describe('report text helpers', () => {
  it('marks invisible and control characters and breaks only very long tokens', () => {
    expect(safeText('a\u202Eb\u200Fc\u0007d\r\ne\tf')).toBe('a[U+202E]b[U+200F]c[U+0007]d\ne    f');
    expect(safeLine('one\ntwo\u2028three')).toBe('one two[U+2028]three');
    expect(safeText('\ud800x')).toBe('\ufffdx');
    const sha = 'f'.repeat(64);
    expect(safeText(sha)).toBe(sha);
    const long = safeText('B'.repeat(150));
    expect(long.split('\u200b').map((p) => p.length)).toEqual([72, 72, 6]);
    expect(clip('abcdef', 3)).toBe('abc… [3 more characters]');
  });

  it('lists how an engagement standard differs from the shipped one', () => {
    const shipped = defaultStandard();
    expect(standardChanges(shipped, shipped)).toEqual([]);
    const edited = structuredClone(shipped);
    edited.decisionAuthority = { role: 'CISO', name: 'J. Doe', approvedOn: '2026-03-01', note: null };
    edited.rules[0] = { ...edited.rules[0]!, applicable: false, notApplicableReason: 'No telnet anywhere (CFG-7)' };
    edited.rules[1] = { ...edited.rules[1]!, severity: 'low' };
    edited.rules.push({ ...edited.rules[2]!, id: 'our-rule', origin: 'entity', title: 'Our legacy app' });
    expect(standardChanges(edited, shipped)).toEqual([
      { what: 'Decision authority', detail: 'CISO, J. Doe, approved on 2026-03-01' },
      {
        what: `Rule ${shipped.rules[0]!.id} marked not applicable`,
        detail: `${shipped.rules[0]!.title}: No telnet anywhere (CFG-7)`,
      },
      { what: `Rule ${shipped.rules[1]!.id} edited`, detail: `${shipped.rules[1]!.title}: severity changed` },
      {
        what: 'Rule our-rule added by the entity',
        detail: `Our legacy app (${shipped.rules[2]!.severity}): ${shipped.rules[2]!.rationale}`,
      },
    ]);
  });
});
