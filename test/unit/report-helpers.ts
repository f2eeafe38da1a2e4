// Helpers for the PDF report tests: render an engagement's report at a fixed time, and read a PDF back
// with poppler's command-line tools (pdftotext, pdfinfo, pdfsig), which tests skip without.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST_FORMATS } from '../../src-main/api/host-formats';
import { renderReport, type ReportOptions } from '../../src-main/core/export/report/index';
import { ensureDerived } from '../../src-main/core/inventory/derived';
import { EngagementStore } from '../../src-main/core/store/engagement-store';

export const FONTS_DIR = resolve(fileURLToPath(new URL('../../resources/fonts', import.meta.url)));
export const FIXED_TIME = '2026-11-20T10:00:00Z';

function has(tool: string): boolean {
  return spawnSync(tool, ['-v'], { stdio: 'ignore' }).status === 0;
}

export const popplerAvailable = has('pdftotext') && has('pdfinfo') && has('pdfsig');
if (!popplerAvailable) {
  console.warn('[report] pdftotext/pdfinfo/pdfsig (poppler-utils) are absent: PDF content tests are SKIPPED');
}

export function reportOptions(extra: Partial<ReportOptions> = {}): ReportOptions {
  return {
    fixedTime: FIXED_TIME,
    assessor: { name: 'Alice Auditor', organization: 'Example QSA LLP' },
    fontsDir: FONTS_DIR,
    ...extra,
  };
}

/** Brings the derived tables up to date (as the export job does) and renders the report. */
export async function renderAt(path: string, extra: Partial<ReportOptions> = {}): Promise<Buffer> {
  const store = EngagementStore.open(path);
  try {
    ensureDerived(store, { actor: 'report-test', now: () => FIXED_TIME }, HOST_FORMATS);
    return await renderReport(store.db, reportOptions(extra));
  } finally {
    store.close();
  }
}

function withFile<T>(pdf: Buffer, fn: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-pdf-'));
  try {
    const file = join(dir, 'r.pdf');
    writeFileSync(file, pdf);
    return fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(tool: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The text of the PDF (or of pages first..last), as pdftotext reads it; stderr must stay clean. */
export function pdfText(
  pdf: Buffer,
  opts: { first?: number; last?: number; layout?: boolean } = {},
): { text: string; warnings: string } {
  return withFile(pdf, (file) => {
    const range = [
      ...(opts.first ? ['-f', String(opts.first)] : []),
      ...(opts.last ? ['-l', String(opts.last)] : []),
      ...(opts.layout ? ['-layout'] : []),
    ];
    const r = run('pdftotext', [...range, file, '-']);
    if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
    return { text: r.stdout, warnings: r.stderr };
  });
}

/** The text of every page, 1-based (index 0 is page 1). */
export function pageTexts(pdf: Buffer): string[] {
  return pdfText(pdf).text.split('\f').slice(0, -1);
}

export function pdfInfo(pdf: Buffer): Record<string, string> {
  return withFile(pdf, (file) => {
    const r = run('pdfinfo', [file]);
    const out: Record<string, string> = {};
    for (const line of r.stdout.split('\n')) {
      const m = /^([^:]+):\s*(.*)$/.exec(line);
      if (m) out[m[1]!] = m[2]!;
    }
    return out;
  });
}

export function pdfSig(pdf: Buffer): { status: number | null; stdout: string } {
  return withFile(pdf, (file) => {
    const r = run('pdfsig', [file]);
    return { status: r.status, stdout: r.stdout + r.stderr };
  });
}
