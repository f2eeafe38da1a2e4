// The signed evidence package: a BagIt bag in a zip with the originals, attachments, data exports, the
// audit log, SHA-256 manifests and a CMS signature over the tag manifest. Everything is read inside one
// read transaction (one state of the engagement), generated files are staged and hashed first, and the
// zip is written to `<out>.partial-<random>` and renamed only when complete; on error or cancel the
// partial file is removed. Same state + same key + same fixed time = same bytes (with an RSA key;
// ECDSA signatures are randomised, so P-256 packages differ in the .p7s and its zip entry).
import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, createReadStream, renameSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { PortcullisError } from '../model/errors';
import { artifactChunks } from '../store/artifact-store';
import { verifyAuditChain } from '../store/audit-log';
import type { EngagementStore } from '../store/engagement-store';
import { BAGIT_TXT, manifestText, MANIFEST, SIGNATURE, TAG_MANIFEST } from './bagit';
import { signDetached } from './cms';
import { partialPath, sweepStalePartials } from './partial-file';
import { packageFiles } from './data/files';
import { stableUuid } from './data/oscal';
import { stageData, type DataContext } from './package-data';
import { bagInfo, describeSigner, verifyText, type BagInfo } from './package-text';
import { writeZip, type ZipSource } from './package-zip';
import type { SigningIdentity } from './signing-identity';
import { Stage } from './stage';

export interface PackageOptions {
  out: string;
  identity: SigningIdentity;
  /** The export time written everywhere (bag-info, zip entry dates, report); ISO 8601. */
  exportTime: string;
  signal?: AbortSignal | undefined;
  progress?: ((done: number, total: number | null, phase: string) => void) | undefined;
  /** Renders the signed PDF report for this package; the package says so when there is none. */
  report?: ((p: { packageId: string; engagementHash: string }) => Promise<Readable | Buffer>) | undefined;
  reconciliation?: DataContext['reconciliation'];
}

export interface PackageResult {
  out: string;
  packageId: string;
  engagementHash: string;
  bytes: number;
  sha256: string;
  payloadFiles: number;
  payloadBytes: number;
  report: boolean;
  reconciliation: boolean;
  signer: { subject: string; fingerprintSha256: string; selfSigned: boolean };
}

const cancelled = () => new PortcullisError('CANCELLED', 'export cancelled; no package was written');

/** Streams a stored file, checking on the way that it still hashes to its address. */
function artifactSource(
  store: EngagementStore,
  sha256: string,
  name: string,
  opts: PackageOptions,
  onBytes: (n: number) => void,
) {
  return Readable.from(
    (function* () {
      const hash = createHash('sha256');
      for (const chunk of artifactChunks(store.db, sha256)) {
        if (opts.signal?.aborted) throw cancelled();
        hash.update(chunk);
        onBytes(chunk.length);
        yield chunk;
      }
      if (hash.digest('hex') !== sha256) {
        throw new PortcullisError('DAMAGED', `${name}: the stored bytes no longer match their SHA-256 ${sha256}`);
      }
    })(),
    { objectMode: false },
  );
}

/** Writes the package. The derived tables must be current (the caller runs ensureDerived first). */
export async function writePackage(store: EngagementStore, opts: PackageOptions): Promise<PackageResult> {
  if (existsSync(opts.out))
    throw new PortcullisError('ALREADY_EXISTS', `${opts.out}: already exists; choose another name`);
  const exportTime = new Date(opts.exportTime);
  if (Number.isNaN(exportTime.getTime())) throw new PortcullisError('INVALID_REQUEST', `exportTime: not a date`);
  const cert = new X509Certificate(opts.identity.certificate);
  if (exportTime < new Date(cert.validFrom) || exportTime > new Date(cert.validTo)) {
    throw new PortcullisError(
      'INVALID_REQUEST',
      `the export time ${exportTime.toISOString()} is outside the signing certificate's validity (${new Date(cert.validFrom).toISOString()} to ${new Date(cert.validTo).toISOString()})`,
    );
  }
  sweepStalePartials(opts.out);
  const partial = partialPath(opts.out);
  const stage = new Stage();
  const db = store.db;
  db.exec('BEGIN');
  try {
    const engagement = store.info();
    const verdict = verifyAuditChain(db);
    if (!verdict.valid) {
      throw new PortcullisError(
        'DAMAGED',
        `${store.path}: the audit log does not verify (entry ${verdict.firstBad.seq}: ${verdict.firstBad.reason}); a signed package would vouch for it`,
      );
    }
    const signer = describeSigner(opts.identity.certificate);
    const engagementHash = verdict.headHash;
    const packageId = stableUuid(
      `${engagement.engagementId}\n${engagementHash}\n${exportTime.toISOString()}`,
      signer.fingerprintSha256,
    );
    const files = packageFiles(db);
    opts.progress?.(0, null, 'Writing the data exports');
    const included = await stageData(stage, {
      db,
      engagement,
      packageId,
      exportTime: exportTime.toISOString(),
      files,
      signal: opts.signal,
      report: opts.report ? () => opts.report!({ packageId, engagementHash }) : undefined,
      reconciliation: opts.reconciliation,
    });
    const payload = [
      ...stage.files.map((f) => ({ path: f.name, sha256: f.sha256, size: f.size })),
      ...files.files.map((f) => ({ path: f.path, sha256: f.sha256, size: f.size })),
    ];
    const info: BagInfo = {
      engagement,
      packageId,
      exportTime: exportTime.toISOString(),
      engagementHash,
      signer,
      payloadBytes: payload.reduce((n, f) => n + f.size, 0),
      payloadFiles: payload.length,
      ...included,
    };
    const tags = new Map<string, Buffer>([
      ['bagit.txt', Buffer.from(BAGIT_TXT)],
      ['bag-info.txt', Buffer.from(bagInfo(info))],
      [MANIFEST, Buffer.from(manifestText(payload))],
      ['VERIFY.txt', Buffer.from(verifyText(info))],
    ]);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const tagManifest = Buffer.from(manifestText([...tags].map(([path, b]) => ({ path, sha256: sha(b) }))));
    tags.set(TAG_MANIFEST, tagManifest);
    tags.set(SIGNATURE, signDetached(tagManifest, opts.identity));

    let done = 0;
    const total = info.payloadBytes;
    const onBytes = (n: number) => {
      done += n;
      opts.progress?.(done, total, 'Writing the package');
    };
    const staged = new Map(stage.files.map((f) => [f.name, f]));
    const sources: ZipSource[] = [
      ...[...tags].map(([name, b]) => ({ name, open: () => b })),
      ...files.files.map((f) => ({
        name: f.path,
        open: () => artifactSource(store, f.sha256, f.path, opts, onBytes),
      })),
      ...[...staged.values()].map((f) => ({
        name: f.name,
        open: () =>
          Readable.from(
            (async function* () {
              for await (const chunk of createReadStream(f.path, { highWaterMark: 1024 * 1024 })) {
                if (opts.signal?.aborted) throw cancelled();
                onBytes((chunk as Buffer).length);
                yield chunk as Buffer;
              }
            })(),
            { objectMode: false },
          ),
      })),
    ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const zip = await writeZip(partial, sources, { date: exportTime, signal: opts.signal });
    if (opts.signal?.aborted) throw cancelled();
    if (existsSync(opts.out))
      throw new PortcullisError('ALREADY_EXISTS', `${opts.out}: appeared while exporting; kept it`);
    renameSync(partial, opts.out);
    return {
      out: opts.out,
      packageId,
      engagementHash,
      bytes: zip.bytes,
      sha256: zip.sha256,
      payloadFiles: info.payloadFiles,
      payloadBytes: info.payloadBytes,
      report: included.report,
      reconciliation: included.reconciliation,
      signer: { subject: signer.subject, fingerprintSha256: signer.fingerprintSha256, selfSigned: signer.selfSigned },
    };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
    stage.dispose();
  }
}
