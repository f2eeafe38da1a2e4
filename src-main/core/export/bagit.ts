// BagIt (RFC 8493) text files: the declaration, bag-info, and SHA-256 manifests written as
// `<sha256>␠␠<path>` so that `sha256sum -c` checks them as they are; plus the rule that turns a stored
// file's name into a safe path inside the bag.

export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';
export const MANIFEST = 'manifest-sha256.txt';
export const TAG_MANIFEST = 'tagmanifest-sha256.txt';
export const SIGNATURE = 'tagmanifest-sha256.txt.p7s';

export interface ManifestLine {
  sha256: string;
  path: string;
}

/** Lines sorted by path; paths never hold CR, LF or % (see safeFileName), so no percent-encoding is needed. */
export function manifestText(lines: readonly ManifestLine[]): string {
  return [...lines]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((l) => `${l.sha256}  ${l.path}\n`)
    .join('');
}

/** Parses a manifest; a malformed line is reported with its number. */
export function parseManifest(text: string, fileName: string): ManifestLine[] {
  const out: ManifestLine[] = [];
  text.split('\n').forEach((line, i) => {
    if (line === '') return;
    const m = /^([0-9a-f]{64}) [ *]?(\S.*)$/.exec(line);
    if (!m) throw new Error(`${fileName} line ${i + 1}: expected "<sha256>  <path>"`);
    const path = m[2]!.replace(/%(0A|0D|25)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    out.push({ sha256: m[1]!, path });
  });
  return out;
}

/** bag-info.txt: `Label: value` lines in the given order; values are kept on one line. */
export function bagInfoText(fields: readonly [string, string][]): string {
  return fields.map(([k, v]) => `${k}: ${v.replace(/[\r\n]+/g, ' ').trim()}\n`).join('');
}

export function parseBagInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | null = null;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (/^[ \t]/.test(line) && last) {
      out.set(last, `${out.get(last) ?? ''} ${line.trim()}`);
      continue;
    }
    const i = line.indexOf(':');
    if (i <= 0) throw new Error(`bag-info.txt: expected "Label: value", got "${line.slice(0, 80)}"`);
    last = line.slice(0, i).trim();
    out.set(last, line.slice(i + 1).trim());
  }
  return out;
}

/**
 * A stored file's name as a path component inside the bag: letters, digits, dot, dash, underscore and
 * plus only (everything else becomes "_"), no leading dot, at most 120 characters. Callers prefix it
 * with a unique id, so no two files collide and "..", "/" or a drive letter can never reach the path.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._+-]/gu, '_')
    .replace(/^[.]+/, '_')
    .slice(0, 120);
  return cleaned === '' ? 'file' : cleaned;
}
