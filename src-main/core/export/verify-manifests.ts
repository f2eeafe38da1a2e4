// The BagIt checks of a verification: bag-info's Payload-Oxum, every line of the payload manifest (and
// no payload file missing or extra), and every line of the tag manifest (which must cover every tag
// file but its own signature). Works on the digests computed while the zip was read.
import { MANIFEST, parseManifest, SIGNATURE, TAG_MANIFEST, type ManifestLine } from './bagit';
import { check, checkOf, type VerifyCheck } from './verify-check';

export interface EntryDigest {
  sha256: string;
  size: number;
}

const REQUIRED_TAGS = ['bagit.txt', 'bag-info.txt', MANIFEST];

function lines(text: string | null, name: string, problems: string[]): ManifestLine[] {
  if (text === null) {
    problems.push(`${name} is missing`);
    return [];
  }
  try {
    return parseManifest(text, name);
  } catch (err) {
    problems.push((err as Error).message);
    return [];
  }
}

/** Compares manifest lines with the digests; returns the problems, each naming its file. */
function compare(listed: ManifestLine[], digests: ReadonlyMap<string, EntryDigest>, name: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const l of listed) {
    if (seen.has(l.path)) problems.push(`${name}: ${l.path} is listed twice`);
    seen.add(l.path);
    const d = digests.get(l.path);
    if (!d) problems.push(`${l.path}: listed in ${name} but missing from the package`);
    else if (d.sha256 !== l.sha256) problems.push(`${l.path}: SHA-256 differs from ${name} (the file was altered)`);
  }
  return problems;
}

export function checkManifests(
  digests: ReadonlyMap<string, EntryDigest>,
  manifest: string | null,
  tagManifest: string | null,
  info: ReadonlyMap<string, string>,
): VerifyCheck[] {
  const payload = [...digests.keys()].filter((n) => n.startsWith('data/'));
  const out: VerifyCheck[] = [];

  const infoProblems: string[] = [];
  if (info.size === 0) infoProblems.push('bag-info.txt is missing or unreadable');
  else {
    const oxum = /^(\d+)\.(\d+)$/.exec(info.get('Payload-Oxum') ?? '');
    const bytes = payload.reduce((n, p) => n + (digests.get(p)?.size ?? 0), 0);
    if (!oxum) infoProblems.push('bag-info.txt: Payload-Oxum is missing or malformed');
    else if (Number(oxum[1]) !== bytes || Number(oxum[2]) !== payload.length) {
      infoProblems.push(
        `bag-info.txt: Payload-Oxum says ${oxum[1]} bytes in ${oxum[2]} files; the package has ${bytes} in ${payload.length}`,
      );
    }
    if (!info.get('External-Identifier'))
      infoProblems.push('bag-info.txt: External-Identifier (the package id) is missing');
  }
  out.push(checkOf('bag-info', infoProblems, `Payload-Oxum matches: ${payload.length} payload files`));

  const mProblems: string[] = [];
  const mLines = lines(manifest, MANIFEST, mProblems);
  for (const l of mLines) if (!l.path.startsWith('data/')) mProblems.push(`${MANIFEST}: ${l.path} is not under data/`);
  mProblems.push(...compare(mLines, digests, MANIFEST));
  const listed = new Set(mLines.map((l) => l.path));
  for (const p of payload)
    if (!listed.has(p)) mProblems.push(`${p}: in the package but not in ${MANIFEST} (a file was added)`);
  out.push(
    checkOf(
      'manifest',
      mProblems,
      `every payload file matches ${MANIFEST} (${mLines.length} files), none missing or extra`,
    ),
  );

  const tProblems: string[] = [];
  const tLines = lines(tagManifest, TAG_MANIFEST, tProblems);
  for (const l of tLines)
    if (l.path.startsWith('data/')) tProblems.push(`${TAG_MANIFEST}: lists the payload file ${l.path}`);
  tProblems.push(...compare(tLines, digests, TAG_MANIFEST));
  const tagged = new Set(tLines.map((l) => l.path));
  for (const name of digests.keys()) {
    if (name.startsWith('data/') || name === TAG_MANIFEST || name === SIGNATURE || tagged.has(name)) continue;
    tProblems.push(`${name}: in the package but not in ${TAG_MANIFEST} (a file was added)`);
  }
  if (tagManifest !== null) {
    for (const r of REQUIRED_TAGS) if (!tagged.has(r)) tProblems.push(`${TAG_MANIFEST} does not cover ${r}`);
  }
  out.push(checkOf('tag-manifest', tProblems, `every tag file matches ${TAG_MANIFEST} (${tLines.length} files)`));
  if (manifest === null && tagManifest === null) out.push(check('bag', 'fail', 'this is not a BagIt package'));
  return out;
}
