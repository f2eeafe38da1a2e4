// Detection of the TLS/SSH assessor formats over the whole corpus: each claims exactly the files MANIFEST.tsv
// lists under its id and nothing else (no nmap XML, masscan JSON, scanner CSV, rulebase JSON…), by content.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDecoder, sniffEncoding } from '../../src-main/core/import/decode';
import { detectFormat, formatById } from '../../src-main/core/import/formats';
import { HEAD_BYTES } from '../../src-main/core/import/run-import';
import { tlsFormats } from '../../src-main/core/import/tls/index';
import { corpus, corpusAvailable, corpusDir } from './import-helpers';

/** The head the runner gives detectors: the first 64 KiB, decoded, cut at the last complete line. */
function head(path: string): string {
  const bytes = readFileSync(path).subarray(0, HEAD_BYTES);
  const { encoding, bom } = sniffEncoding(bytes);
  const cut = bytes.length >= HEAD_BYTES ? bytes.subarray(0, bytes.lastIndexOf(10) + 1 || bytes.length) : bytes;
  try {
    return createDecoder(encoding, bom).decode(cut, 0);
  } catch {
    return '';
  }
}

function manifest(): { format: string; file: string }[] {
  const [, ...rows] = readFileSync(`${corpusDir}/MANIFEST.tsv`, 'utf8').trim().split('\n');
  return rows.map((r) => {
    const [, format = '', file = ''] = r.split('\t');
    return { format, file };
  });
}

describe('TLS/SSH format registry entries', () => {
  it('are the six formats, family tls, no host name needed, registered by id', () => {
    expect(tlsFormats.map((f) => f.id)).toEqual([
      'sslyze-json',
      'sslyze-xml',
      'testssl-json',
      'testssl-csv',
      'sslscan-xml',
      'ssh-audit-json',
    ]);
    for (const f of tlsFormats) {
      expect(f).toMatchObject({ family: 'tls', needsHostName: false });
      expect(formatById(f.id)).toBe(f);
      expect(f.detector.length).toBeGreaterThan(20);
    }
  });

  it('claim nothing in empty or unrelated text', () => {
    for (const f of tlsFormats) {
      expect(f.detect('', 'sslscan.xml'), f.id).toBe(0);
      expect(f.detect('ip,port,service\n10.0.0.1,443,https\n', 'testssl.csv'), f.id).toBe(0);
      expect(f.detect('[{"ip": "10.0.0.1", "timestamp": "1", "ports": [{"port": 443}]}]', 'sslyze.json'), f.id).toBe(0);
    }
  });
});

describe.skipIf(!corpusAvailable)('TLS/SSH detection over the corpus', () => {
  it('each TLS format scores only the files MANIFEST.tsv lists under its id', () => {
    const rows = manifest();
    // cut -f2 MANIFEST.tsv | grep -cE '^(sslyze-json|sslyze-xml|testssl-csv|sslscan-xml|ssh-audit-json)$' -> 6
    expect(rows.filter((r) => tlsFormats.some((f) => f.id === r.format))).toHaveLength(6);
    const wrong: string[] = [];
    for (const { format, file } of rows) {
      const text = head(corpus(file));
      for (const f of tlsFormats) {
        const score = f.detect(text, 'renamed.txt');
        if (score > 0 !== (f.id === format)) wrong.push(`${f.id} scored ${score} on ${file} (${format})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the whole registry picks the TLS format for each TLS file, whatever its name', () => {
    for (const { format, file } of manifest().filter((r) => tlsFormats.some((f) => f.id === r.format))) {
      expect(detectFormat(head(corpus(file)), 'export.dat')?.id, file).toBe(format);
    }
  });
});
