// The folder of signing identities the host gives (never inside an engagement): NAME.p12 holds the
// encrypted key and certificates, NAME.pem the public certificate chain, so identities can be listed and
// a CA's certificate handed to verifiers without a passphrase.
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PortcullisError } from '../model/errors';
import { exportIdentity, loadIdentity, type Identity } from './identity';
import { fromPem, toPem } from './x509';

export interface IdentityInfo {
  name: string;
  commonName: string;
  organization: string | null;
  subject: string;
  issuer: string;
  keyType: string;
  isCa: boolean;
  selfSigned: boolean;
  notBefore: string;
  notAfter: string;
  serial: string;
  fingerprintSha256: string;
  p12Path: string;
  certPath: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkIdentityName(name: string): string {
  if (!NAME.test(name) || name.endsWith('.p12') || name.endsWith('.pem')) {
    throw new PortcullisError(
      'INVALID_REQUEST',
      `identity name "${name}": expected 1-64 letters, digits, dots, dashes or underscores, starting with a letter or digit`,
    );
  }
  return name;
}

export function identityPaths(dir: string, name: string): { p12: string; pem: string } {
  checkIdentityName(name);
  return { p12: join(dir, `${name}.p12`), pem: join(dir, `${name}.pem`) };
}

const field = (dn: string, key: string): string | null =>
  dn
    .split('\n')
    .find((l) => l.startsWith(`${key}=`))
    ?.slice(key.length + 1) ?? null;

export function describeCertificate(name: string, certificate: Buffer, dir: string): IdentityInfo {
  const x = new X509Certificate(certificate);
  const key = x.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const keyType =
    key.asymmetricKeyType === 'rsa'
      ? `rsa-${details.modulusLength ?? 0}`
      : details.namedCurve === 'prime256v1'
        ? 'p256'
        : `${key.asymmetricKeyType ?? 'unknown'}${details.namedCurve ? `-${details.namedCurve}` : ''}`;
  const paths = identityPaths(dir, name);
  return {
    name,
    commonName: field(x.subject, 'CN') ?? '',
    organization: field(x.subject, 'O'),
    subject: x.subject.replace(/\n/g, ', '),
    issuer: x.issuer.replace(/\n/g, ', '),
    keyType,
    isCa: x.ca,
    selfSigned: x.subject === x.issuer && x.verify(x.publicKey),
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: new Date(x.validTo).toISOString(),
    serial: x.serialNumber.toLowerCase(),
    fingerprintSha256: x.fingerprint256.replace(/:/g, '').toLowerCase(),
    p12Path: paths.p12,
    certPath: paths.pem,
  };
}

/** Writes a new identity into `dir`; refuses to replace one of the same name. */
export function saveIdentity(dir: string, name: string, id: Identity, passphrase: string): IdentityInfo {
  const paths = identityPaths(dir, name);
  if (existsSync(paths.p12) || existsSync(paths.pem)) {
    throw new PortcullisError('ALREADY_EXISTS', `an identity named "${name}" already exists in ${dir}`);
  }
  if (passphrase.length < 8) {
    throw new PortcullisError('INVALID_REQUEST', 'the passphrase must be at least 8 characters long');
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const p12 = exportIdentity(id, passphrase, name);
  try {
    writeFileSync(paths.p12, p12, { flag: 'wx', mode: 0o600 });
    chmodSync(paths.p12, 0o600);
    writeFileSync(paths.pem, [id.certificate, ...id.chain].map((c) => toPem(c)).join(''), { flag: 'wx', mode: 0o644 });
  } catch (err) {
    rmSync(paths.p12, { force: true });
    throw new PortcullisError('IO_ERROR', `${dir}: cannot write the identity (${(err as Error).message})`);
  }
  return describeCertificate(name, id.certificate, dir);
}

export function listIdentities(dir: string): IdentityInfo[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.pem') && names.includes(`${n.slice(0, -4)}.p12`) && NAME.test(n.slice(0, -4)))
    .sort()
    .flatMap((n) => {
      const cert = fromPem(readFileSync(join(dir, n), 'utf8'))[0];
      return cert ? [describeCertificate(n.slice(0, -4), cert, dir)] : [];
    });
}

/** Opens a stored identity with its passphrase. */
export function openIdentity(dir: string, name: string, passphrase: string): Identity {
  const paths = identityPaths(dir, name);
  if (!existsSync(paths.p12)) throw new PortcullisError('NOT_FOUND', `no identity named "${name}" in ${dir}`);
  return loadIdentity(paths.p12, passphrase);
}
