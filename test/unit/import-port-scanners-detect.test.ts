// Detection of the port-scanner formats across the whole corpus: each claims only files of its own
// kind (by the manifest), and claims those with a high score.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDecoder, sniffEncoding } from '../../src-main/core/import/decode';
import { HEAD_BYTES } from '../../src-main/core/import/run-import';
import { portScannerFormats } from '../../src-main/core/import/scans/port-scanners';
import { corpus, corpusAvailable } from './import-helpers';

/** The first 64 KiB decoded as the runner does, or null when it is not text. */
function head(path: string): string | null {
  const bytes = readFileSync(path).subarray(0, HEAD_BYTES);
  const { encoding, bom } = sniffEncoding(bytes);
  try {
    return createDecoder(encoding, bom).decode(
      bytes.length >= HEAD_BYTES ? bytes.subarray(0, bytes.lastIndexOf(10) + 1) : bytes,
      0,
    );
  } catch {
    return null;
  }
}

describe.skipIf(!corpusAvailable)('port-scanner detection over the corpus', () => {
  const rows = readFileSync(corpus('MANIFEST.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split('\t'))
    .map(([, format, file]) => ({ format: format ?? '', file: file ?? '' }));

  it('reads the manifest', () => {
    expect(rows.length).toBeGreaterThan(200);
  });

  it('no port-scanner format claims a file of another kind', () => {
    const wrong: string[] = [];
    for (const { format, file } of rows) {
      const text = head(corpus(file));
      if (text === null) continue;
      for (const spec of portScannerFormats) {
        const score = spec.detect(text, file.split('/').pop() ?? file);
        if (score > 0 && spec.id !== format) wrong.push(`${spec.id} claims ${file} (${format}) with ${score}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('claims its own files: nmap XML from nmap, masscan JSON and naabu with 0.9 or more', () => {
    // The two XXE test files are not nmap output (<root>), the zero-byte masscan file cannot be detected,
    // and files whose scanner attribute is not "nmap" (hand-made "fake_nmap") score lower.
    const unclaimable = [
      'python-libnmap--defused_et_local_includer.xml',
      'python-libnmap--defused_et_included.xml',
      'masscan-no_vuln.json',
    ];
    const weak: string[] = [];
    for (const { format, file } of rows) {
      const spec = portScannerFormats.find((f) => f.id === format);
      if (!spec || unclaimable.some((u) => file.endsWith(u))) continue;
      const text = head(corpus(file)) ?? '';
      const score = spec.detect(text, file);
      if (score < 0.9 && !/scanner="fake_nmap"/.test(text)) weak.push(`${file}: ${score}`);
      expect(score, file).toBeGreaterThan(0);
    }
    expect(weak).toEqual([]);
  });
});
