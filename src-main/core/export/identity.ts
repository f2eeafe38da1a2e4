// Signing identities of assessors: a key (RSA-3072 or P-256, made by node:crypto) with an X.509
// certificate, self-signed or issued by the firm's local CA, kept as an encrypted PKCS#12 file outside
// any engagement. Passphrases only ever pass through; nothing here stores or logs them.
import { X509Certificate, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PortcullisError } from '../model/errors';
import { readPkcs12, writePkcs12 } from './pkcs12';
import type { SigningIdentity } from './signing-identity';
import { buildCertificate, readCertificate, type CertificateSubject } from './x509';

export type { SigningIdentity } from './signing-identity';
export type Identity = SigningIdentity;

export const keyTypes = ['rsa-3072', 'p256'] as const;
export type KeyType = (typeof keyTypes)[number];

export interface NewIdentityOptions extends CertificateSubject {
  keyType: KeyType;
  /** The firm's local CA that issues the certificate; self-signed when absent. */
  ca?: Identity | undefined;
  validDays?: number | undefined;
  /** When the certificate starts to be valid (default: now). */
  notBefore?: Date | undefined;
}

const DAY_MS = 86_400_000;

function generateKey(keyType: KeyType): { privateKey: KeyObject; publicKey: KeyObject } {
  return keyType === 'rsa-3072'
    ? generateKeyPairSync('rsa', { modulusLength: 3072, publicExponent: 0x10001 })
    : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

function checkSubject(s: CertificateSubject): void {
  const bad = (what: string, v: string | undefined, max: number) =>
    v !== undefined && (v.trim() === '' || v.length > max || /[\u0000-\u001f\u007f]/.test(v))
      ? `${what} must be 1-${max} printable characters`
      : null;
  const problem =
    bad('the common name', s.commonName, 64) ??
    bad('the organization', s.organization, 64) ??
    (s.email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(s.email) ? 'the e-mail must look like name@domain' : null);
  if (problem) throw new PortcullisError('INVALID_REQUEST', problem);
}

function makeIdentity(opts: NewIdentityOptions, isCa: boolean): Identity {
  checkSubject(opts);
  const validDays = opts.validDays ?? (isCa ? 3650 : 825);
  if (!Number.isInteger(validDays) || validDays < 1 || validDays > 36500) {
    throw new PortcullisError('INVALID_REQUEST', `validDays: expected 1-36500 days, got ${validDays}`);
  }
  if (opts.ca && !isCertificateAuthority(opts.ca.certificate)) {
    throw new PortcullisError('INVALID_REQUEST', 'the issuing identity is not a certificate authority');
  }
  const notBefore = new Date(Math.floor((opts.notBefore ?? new Date()).getTime() / 1000) * 1000);
  const { privateKey, publicKey } = generateKey(opts.keyType);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const certificate = buildCertificate({
    subject: { commonName: opts.commonName, organization: opts.organization, email: opts.email },
    publicKey,
    privateKey,
    issuer: opts.ca ? { certificate: opts.ca.certificate, privateKey: opts.ca.privateKey } : undefined,
    isCa,
    notBefore,
    notAfter: new Date(notBefore.getTime() + validDays * DAY_MS),
    serial,
  });
  return { privateKey, certificate, chain: opts.ca ? [opts.ca.certificate, ...opts.ca.chain] : [] };
}

/** An assessor's signing identity: a new key and a certificate for it. */
export function newIdentity(opts: NewIdentityOptions): Identity {
  return makeIdentity(opts, false);
}

/** The firm's local certificate authority, made once; it issues assessors' certificates. */
export function newLocalCa(opts: Omit<NewIdentityOptions, 'ca'>): Identity {
  return makeIdentity(opts, true);
}

export function isCertificateAuthority(der: Buffer): boolean {
  return new X509Certificate(der).ca;
}

/** Checks a key is one we can sign with and that it belongs to its certificate. */
function checkUsable(id: Identity): Identity {
  const key = id.privateKey;
  const details = key.asymmetricKeyDetails ?? {};
  const ok =
    (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048) ||
    (key.asymmetricKeyType === 'ec' && ['prime256v1', 'secp384r1'].includes(details.namedCurve ?? ''));
  if (!ok) {
    throw new PortcullisError(
      'INVALID_REQUEST',
      `the key is ${key.asymmetricKeyType ?? 'unknown'}${details.namedCurve ? ` ${details.namedCurve}` : ''}${details.modulusLength ? ` ${details.modulusLength}-bit` : ''}: expected RSA of at least 2048 bits or ECDSA P-256/P-384`,
    );
  }
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  if (!readCertificate(id.certificate).spki.equals(spki)) {
    throw new PortcullisError('INVALID_REQUEST', 'the certificate does not belong to the private key');
  }
  return id;
}

/** Reads a PKCS#12 file's key and certificates. */
export function importIdentity(p12: Buffer, passphrase: string): Identity {
  try {
    return checkUsable(readPkcs12(p12, passphrase));
  } catch (err) {
    if (err instanceof PortcullisError) throw err;
    throw new PortcullisError('INVALID_REQUEST', `PKCS#12: ${(err as Error).message}`);
  }
}

export function loadIdentity(path: string, passphrase: string): SigningIdentity {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new PortcullisError(
      'NOT_FOUND',
      `${path}: cannot read the identity (${(err as NodeJS.ErrnoException).code})`,
    );
  }
  try {
    return importIdentity(bytes, passphrase);
  } catch (err) {
    throw new PortcullisError('INVALID_REQUEST', `${path}: ${(err as Error).message.replace(/^PKCS#12: /, '')}`);
  }
}

/** The PKCS#12 bytes of an identity, encrypted with `passphrase`. */
export function exportIdentity(id: Identity, passphrase: string, friendlyName: string): Buffer {
  return writePkcs12(id, passphrase, friendlyName);
}
