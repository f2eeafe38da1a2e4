// Detection of the host listener formats over the whole corpus: each listing is claimed by its own
// format, and no host format claims a file of another kind (scans, TLS reports, rulebases, tickets).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDecoder, sniffEncoding } from '../../src-main/core/import/decode';
import { detectFormat } from '../../src-main/core/import/formats';
import { hostFormats } from '../../src-main/core/import/hosts/index';
import { HEAD_BYTES } from '../../src-main/core/import/run-import';
import { corpus, corpusAvailable } from './import-helpers';

/** MANIFEST's format column for the hosts category -> our format id. */
const EXPECTED_ID: Readonly<Record<string, string>> = {
  'ss-tulpn': 'ss',
  'ss-tulpen': 'ss',
  'ss-a': 'ss',
  'netstat-tulpn': 'netstat-linux',
  'netstat-lnp': 'netstat-linux',
  'netstat-aeep': 'netstat-linux',
  'netstat-l': 'netstat-linux',
  netstat: 'netstat-linux',
  'netstat-bsd': 'netstat-bsd',
  'netstat-macos': 'netstat-bsd',
  'windows-netstat-anob': 'netstat-windows',
  'windows-netstat-an': 'netstat-windows',
  'windows-netstat': 'netstat-windows',
  lsof: 'lsof',
};

/** The head the runner gives detection: the first 64 KiB, decoded (or '' when it is not text). */
function head(rel: string): string {
  const bytes = readFileSync(corpus(rel)).subarray(0, HEAD_BYTES);
  try {
    const { encoding, bom } = sniffEncoding(bytes);
    return createDecoder(encoding, bom).decode(bytes, 0);
  } catch {
    return '';
  }
}

const manifest = (): { category: string; format: string; file: string }[] =>
  corpusAvailable
    ? readFileSync(corpus('MANIFEST.tsv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split('\t'))
        .map(([category = '', format = '', file = '']) => ({ category, format, file }))
    : [];

describe.skipIf(!corpusAvailable)('host listener detection over the corpus', () => {
  it('every host listing in MANIFEST is claimed by its own format, through the full registry', () => {
    const hosts = manifest().filter((m) => m.category === 'hosts');
    // grep -c '^hosts' MANIFEST.tsv -> 22
    expect(hosts).toHaveLength(22);
    for (const m of hosts) {
      const name = m.file.split('/').pop() ?? '';
      expect(EXPECTED_ID[m.format], m.format).toBeDefined();
      expect(detectFormat(head(m.file), name)?.id, m.file).toBe(EXPECTED_ID[m.format]);
      // Unambiguous signatures (title + header, or the header as first line) score high.
      const spec = hostFormats.find((f) => f.id === EXPECTED_ID[m.format]);
      expect(spec?.detect(head(m.file), name), m.file).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('no host format claims a file of another category', () => {
    const others = manifest().filter((m) => m.category !== 'hosts');
    expect(others.length).toBeGreaterThan(200);
    for (const m of others) {
      const h = head(m.file);
      const name = m.file.split('/').pop() ?? '';
      for (const f of hostFormats) expect(f.detect(h, name), `${f.id} on ${m.file}`).toBe(0);
    }
  });

  it('each host listing scores 0 for the other host formats', () => {
    for (const m of manifest().filter((x) => x.category === 'hosts')) {
      const h = head(m.file);
      for (const f of hostFormats.filter((x) => x.id !== EXPECTED_ID[m.format])) {
        expect(f.detect(h, m.file), `${f.id} on ${m.file}`).toBe(0);
      }
    }
  });
});

describe('host listener detection: content, not file names', () => {
  it('a file named like a listing but holding something else is not claimed', () => {
    for (const f of hostFormats) {
      expect(f.detect('Minutes of the CAB meeting\nAttendees: ...\n', 'ss-tulpn.txt')).toBe(0);
      expect(f.detect('', 'netstat.out')).toBe(0);
    }
  });

  it('a header after a shell prompt is still found, with less certainty', () => {
    const ss = hostFormats.find((f) => f.id === 'ss');
    const text = '$ ss -tlpn\nState Recv-Q Send-Q Local Address:Port Peer Address:Port\n';
    expect(ss?.detect(text, 'x')).toBe(0.8);
  });
});
