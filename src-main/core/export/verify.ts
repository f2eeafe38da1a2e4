// Offline verification of an evidence package: the zip's structure, the BagIt declaration and bag-info,
// every manifest line (and no file missing or extra), the tag manifest, the CMS signature over it and
// the signer's certificate (against the CAs given), the PDF report's own signature, and the audit chain
// re-walked from the exported log. Each check says exactly what fails; one pass over the zip, streamed.
import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { PortcullisError } from '../model/errors';
import { BAGIT_TXT, MANIFEST, parseBagInfo, SIGNATURE, TAG_MANIFEST } from './bagit';
import { checkChain } from './certificate-chain';
import { verifyDetached } from './cms-verify';
import { AuditLineWalker, type AuditChainFile } from './data/audit';
import { fromPem } from './x509';
import { entryStream, readZipDirectory, ZipFormatError, type ZipEntry } from './zip-reader';
import { check, checkOf, type VerifyCheck } from './verify-check';
import { checkManifests, type EntryDigest } from './verify-manifests';

export type { CheckStatus, VerifyCheck } from './verify-check';

export interface PackageVerdict {
  path: string;
  /** No check failed (warnings allowed). */
  valid: boolean;
  /** Every check passed: the signer chains to a CA that was given. */
  trusted: boolean;
  packageId: string | null;
  exportTime: string | null;
  checks: VerifyCheck[];
}

export interface VerifyOptions {
  /** PEM text of the CA certificate(s) the verifier trusts. */
  caPem?: string | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Tag files and data files read whole: small, and needed for the checks. */
const KEEP = new Set([
  'bagit.txt',
  'bag-info.txt',
  MANIFEST,
  TAG_MANIFEST,
  SIGNATURE,
  'data/audit-chain.json',
  'data/report.pdf',
]);
/** Larger than any genuine one: a hostile package cannot make the verifier hold gigabytes in memory. */
const maxKept = (name: string) => (name === 'data/report.pdf' ? 512 : 32) * 1024 * 1024;

function unsafeName(name: string): boolean {
  return (
    name.startsWith('/') ||
    name.includes('\\') ||
    name.split('/').some((p) => p === '..' || p === '.' || p === '') ||
    /^[a-zA-Z]:/.test(name)
  );
}

export async function verifyPackage(zipPath: string, opts: VerifyOptions = {}): Promise<PackageVerdict> {
  const checks: VerifyCheck[] = [];
  let entries: ZipEntry[];
  try {
    entries = (await readZipDirectory(zipPath)).entries;
  } catch (err) {
    if (!(err instanceof ZipFormatError) && (err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new PortcullisError('NOT_FOUND', `${zipPath}: no such file`);
    }
    const detail = `${zipPath}: not a readable zip package (${(err as Error).message})`;
    return {
      path: zipPath,
      valid: false,
      trusted: false,
      packageId: null,
      exportTime: null,
      checks: [check('zip', 'fail', detail, [detail])],
    };
  }
  const zipProblems: string[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    if (unsafeName(e.name)) zipProblems.push(`${e.name}: unsafe path (absolute, "..", or empty part)`);
    if (seen.has(e.name)) zipProblems.push(`${e.name}: appears twice`);
    seen.add(e.name);
  }
  const digests = new Map<string, EntryDigest>();
  const kept = new Map<string, Buffer>();
  const audit = new AuditLineWalker();
  const total = entries.reduce((n, e) => n + e.size, 0);
  let done = 0;
  const cancelled = () => new PortcullisError('CANCELLED', 'verification cancelled');
  for (const e of entries) {
    if (opts.signal?.aborted) throw cancelled();
    if (e.name.endsWith('/')) continue;
    const hash = createHash('sha256');
    const parts: Buffer[] = [];
    const keep = KEEP.has(e.name) && e.size <= maxKept(e.name);
    const isAudit = e.name === 'data/audit-log.jsonl';
    if (isAudit) {
      const id = engagementIdSoFar(kept);
      if (id) audit.start(id);
    }
    const decoder = new StringDecoder('utf8');
    try {
      for await (const chunk of entryStream(zipPath, e)) {
        // Checked per chunk too: one stored file may be gigabytes.
        if (opts.signal?.aborted) throw cancelled();
        const b = chunk as Buffer;
        hash.update(b);
        if (keep) parts.push(b);
        if (isAudit) audit.write(decoder.write(b));
        done += b.length;
        opts.onProgress?.(done, total);
      }
      if (isAudit) audit.write(decoder.end());
      digests.set(e.name, { sha256: hash.digest('hex'), size: e.size });
      if (keep) kept.set(e.name, Buffer.concat(parts));
    } catch (err) {
      if (err instanceof PortcullisError && err.code === 'CANCELLED') throw err;
      zipProblems.push((err as Error).message);
      digests.set(e.name, { sha256: 'unreadable', size: e.size });
    }
  }
  checks.push(
    checkOf(
      'zip',
      zipProblems,
      `${entries.length} entries, every CRC-32 and size as recorded, nothing hidden between entries`,
    ),
  );

  const text = (name: string) => kept.get(name)?.toString('utf8') ?? null;
  const bagit = text('bagit.txt');
  checks.push(
    bagit === BAGIT_TXT
      ? check('bagit', 'pass', 'bagit.txt declares BagIt 1.0, UTF-8')
      : check('bagit', 'fail', bagit === null ? 'bagit.txt is missing' : 'bagit.txt is not the BagIt 1.0 declaration'),
  );
  let info = new Map<string, string>();
  try {
    const t = text('bag-info.txt');
    if (t !== null) info = parseBagInfo(t);
  } catch {
    info = new Map();
  }
  checks.push(...checkManifests(digests, text(MANIFEST), text(TAG_MANIFEST), info));

  const tagManifest = kept.get(TAG_MANIFEST);
  const p7s = kept.get(SIGNATURE);
  const exportTime = info.get('Portcullis-Export-Time') ?? null;
  if (!tagManifest || !p7s) {
    checks.push(check('signature', 'fail', `${!p7s ? SIGNATURE : TAG_MANIFEST} is missing: the package is not signed`));
    checks.push(check('certificate', 'fail', 'no signature, so no signer certificate'));
  } else {
    const cms = verifyDetached(p7s, tagManifest);
    checks.push(check('signature', cms.ok ? 'pass' : 'fail', `${SIGNATURE}: ${cms.detail}`));
    if (!cms.signer) checks.push(check('certificate', 'fail', 'the signer certificate could not be read'));
    else {
      const at = new Date(exportTime ?? `${info.get('Bagging-Date') ?? ''}T00:00:00Z`);
      const when = Number.isNaN(at.getTime()) ? new Date() : at;
      const trusted = opts.caPem !== undefined ? fromPem(opts.caPem) : [];
      if (opts.caPem !== undefined && trusted.length === 0) {
        throw new PortcullisError(
          'INVALID_REQUEST',
          'the CA file holds no PEM certificate (-----BEGIN CERTIFICATE-----)',
        );
      }
      const chain = checkChain(cms.signer, cms.certificates, trusted, when);
      checks.push(check('certificate', chain.status, chain.detail));
    }
  }

  const pdf = kept.get('data/report.pdf');
  if (pdf) {
    // Loaded only when there is a report to check: it brings the PDF library with it.
    const { verifyPdfSignature } = await import('./pades');
    const v = verifyPdfSignature(pdf);
    checks.push(check('report-signature', v.ok ? 'pass' : 'fail', `data/report.pdf: ${v.detail}`));
  }
  checks.push(auditCheck(audit, text('data/audit-chain.json'), info));
  const valid = checks.every((c) => c.status !== 'fail');
  return {
    path: zipPath,
    valid,
    trusted: valid && checks.every((c) => c.status === 'pass'),
    packageId: info.get('External-Identifier') ?? null,
    exportTime,
    checks,
  };
}

/** The engagement id from bag-info.txt or audit-chain.json, when read already (both precede the log). */
function engagementIdSoFar(kept: ReadonlyMap<string, Buffer>): string | null {
  try {
    const chain = kept.get('data/audit-chain.json');
    if (chain) return (JSON.parse(chain.toString('utf8')) as AuditChainFile).engagementId ?? null;
    const info = kept.get('bag-info.txt');
    return info ? (parseBagInfo(info.toString('utf8')).get('Portcullis-Engagement-Id') ?? null) : null;
  } catch {
    return null;
  }
}

function auditCheck(walker: AuditLineWalker, chainText: string | null, info: ReadonlyMap<string, string>): VerifyCheck {
  if (chainText === null) return check('audit-chain', 'fail', 'data/audit-chain.json is missing');
  let chain: AuditChainFile;
  try {
    chain = JSON.parse(chainText) as AuditChainFile;
  } catch {
    return check('audit-chain', 'fail', 'data/audit-chain.json is not JSON');
  }
  const v = walker.result(chain.engagementId);
  if (!v.valid) return check('audit-chain', 'fail', `data/audit-log.jsonl: ${v.firstBad.reason}`);
  const recorded = chain.verdict;
  if (!recorded?.valid || recorded.entries !== v.entries || recorded.headHash !== v.headHash) {
    return check(
      'audit-chain',
      'fail',
      `data/audit-chain.json does not match data/audit-log.jsonl (${v.entries} entries, head ${v.headHash})`,
    );
  }
  if (
    info.get('Portcullis-Engagement-Hash') !== v.headHash ||
    info.get('Portcullis-Engagement-Id') !== chain.engagementId
  ) {
    return check(
      'audit-chain',
      'fail',
      'bag-info.txt names another engagement or audit head than the exported audit log',
    );
  }
  return check(
    'audit-chain',
    'pass',
    `${v.entries} audit entries chain from the engagement's genesis to head ${v.headHash}`,
  );
}
