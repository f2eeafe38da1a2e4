// Signing identities and package verification over the host's identity folder: create (an assessor's
// identity, or the firm's local CA), import a PKCS#12, list, verify a package. Passphrases are used and
// dropped; nothing here writes them anywhere. Verification runs as a job (see jobs/job-handlers.ts).
import { existsSync, readFileSync } from 'node:fs';
import { PortcullisError } from '../core/model/errors';
import { importIdentity, newIdentity, newLocalCa } from '../core/export/identity';
import {
  identityPaths,
  listIdentities,
  openIdentity,
  saveIdentity,
  type IdentityInfo,
} from '../core/export/identity-store';
import { verifyPackage, type PackageVerdict, type VerifyOptions } from '../core/export/verify';
import type { ParsedRequest } from './contract';

export function createIdentity(dir: string, req: ParsedRequest<'identity.new'>, now: string): IdentityInfo {
  if (req.localCa && req.ca) {
    throw new PortcullisError('INVALID_REQUEST', 'identity.new: a local CA is self-signed: leave out ca');
  }
  const subject = { commonName: req.commonName, organization: req.organization, email: req.email };
  const notBefore = new Date(now);
  const ca = req.ca ? openIdentity(dir, req.ca.name, req.ca.passphrase) : undefined;
  const id = req.localCa
    ? newLocalCa({ ...subject, keyType: req.keyType, validDays: req.validDays, notBefore })
    : newIdentity({ ...subject, keyType: req.keyType, validDays: req.validDays, ca, notBefore });
  return saveIdentity(dir, req.name, id, req.passphrase);
}

/** Re-wraps the firm's PKCS#12 in our format (AES-256, PBKDF2) under the same passphrase. */
export function importIdentityFile(dir: string, source: string, req: ParsedRequest<'identity.import'>): IdentityInfo {
  let bytes: Buffer;
  try {
    bytes = readFileSync(source);
  } catch (err) {
    throw new PortcullisError('NOT_FOUND', `${source}: cannot read (${(err as NodeJS.ErrnoException).code})`);
  }
  let id;
  try {
    id = importIdentity(bytes, req.passphrase);
  } catch (err) {
    throw new PortcullisError('INVALID_REQUEST', `${source}: ${(err as Error).message.replace(/^PKCS#12: /, '')}`);
  }
  return saveIdentity(dir, req.name, id, req.passphrase);
}

export function identities(dir: string): IdentityInfo[] {
  return listIdentities(dir);
}

/**
 * The job request for a verification: paths resolved by the caller. A package or CA file that is not
 * there fails at once, before a worker starts; the job itself reads them.
 */
export function verifyJobRequest(resolved: ParsedRequest<'package.verify'>): ParsedRequest<'package.verify'> {
  if (!existsSync(resolved.package)) throw new PortcullisError('NOT_FOUND', `${resolved.package}: no such file`);
  if (resolved.ca !== undefined && !existsSync(resolved.ca)) {
    throw new PortcullisError('NOT_FOUND', `${resolved.ca}: cannot read the CA file (ENOENT)`);
  }
  return resolved;
}

/** Verifies a package (the job behind package.verify), reading the CA certificate(s) to trust first. */
export async function verify(
  req: ParsedRequest<'package.verify'>,
  opts: Pick<VerifyOptions, 'signal' | 'onProgress'> = {},
): Promise<PackageVerdict> {
  let caPem: string | undefined;
  if (req.ca !== undefined) {
    try {
      caPem = readFileSync(req.ca, 'utf8');
    } catch (err) {
      throw new PortcullisError(
        'NOT_FOUND',
        `${req.ca}: cannot read the CA file (${(err as NodeJS.ErrnoException).code})`,
      );
    }
  }
  return verifyPackage(req.package, { caPem, ...opts });
}

/**
 * The job request for an export: paths resolved by the caller, the identity's name replaced by its
 * PKCS#12 path (which must exist; the job opens it first thing, so a wrong passphrase fails at once
 * without the main process deriving keys), and the export time fixed.
 */
export function exportJobRequest(
  dir: string,
  req: ParsedRequest<'export.package'>,
  resolved: { path: string; out: string },
  now: string,
): ParsedRequest<'export.package'> {
  if (existsSync(resolved.out)) {
    throw new PortcullisError('ALREADY_EXISTS', `${resolved.out}: already exists; choose another name`);
  }
  const p12 = identityPaths(dir, req.identity).p12;
  if (!existsSync(p12)) throw new PortcullisError('NOT_FOUND', `no identity named "${req.identity}" in ${dir}`);
  return { ...req, ...resolved, identity: p12, fixedTime: req.fixedTime ?? now };
}
