// X.509 v3 certificates built by hand (TBSCertificate in DER, signed with node:crypto) so that RSA and
// P-256 keys take the same path, and the few fields of a certificate that CMS needs, read back from DER.
import { createHash, sign, type KeyObject } from 'node:crypto';
import {
  bitString,
  bool,
  child,
  explicit,
  int,
  nullValue,
  octets,
  oid,
  parseAll,
  readOid,
  readTime,
  seq,
  setOf,
  time,
  tlv,
  uint,
  utf8,
  type Node,
} from './der';
import { OID } from './oids';

export interface CertificateSubject {
  commonName: string;
  organization?: string | undefined;
  email?: string | undefined;
}

export interface CertificateRequest {
  subject: CertificateSubject;
  publicKey: KeyObject;
  /** The issuer's certificate (DER) and key; absent for a self-signed certificate. */
  issuer?: { certificate: Buffer; privateKey: KeyObject } | undefined;
  /** The subject's own key, which signs a self-signed certificate. */
  privateKey: KeyObject;
  isCa: boolean;
  notBefore: Date;
  notAfter: Date;
  /** Positive serial number, big-endian (RFC 5280: at most 20 octets). */
  serial: Buffer;
}

/** The AlgorithmIdentifier of a SHA-256 signature by this key. */
export function signatureAlgorithm(key: KeyObject): Buffer {
  if (key.asymmetricKeyType === 'rsa') return seq(oid(OID.sha256WithRSA), nullValue());
  if (key.asymmetricKeyType === 'ec') return seq(oid(OID.ecdsaWithSHA256));
  throw new Error(`unsupported key type ${key.asymmetricKeyType ?? 'unknown'}: expected RSA or P-256`);
}

export function encodeName(s: CertificateSubject): Buffer {
  const rdn = (type: string, value: string) => setOf(seq(oid(type), utf8(value)));
  return seq(...(s.organization ? [rdn(OID.organization, s.organization)] : []), rdn(OID.commonName, s.commonName));
}

function extension(type: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(type), ...(critical ? [bool(true)] : []), octets(value));
}

/** SHA-1 of the subjectPublicKey bits (RFC 5280 4.2.1.2, method 1). */
export function keyIdentifier(spkiDer: Buffer): Buffer {
  const bits = child(parseAll(spkiDer), 1, 'subjectPublicKey').content.subarray(1);
  return createHash('sha1').update(bits).digest();
}

export function buildCertificate(req: CertificateRequest): Buffer {
  const spki = req.publicKey.export({ type: 'spki', format: 'der' });
  const signer = req.issuer?.privateKey ?? req.privateKey;
  const issuerFields = req.issuer ? readCertificate(req.issuer.certificate) : null;
  const subjectName = encodeName(req.subject);
  const ski = keyIdentifier(spki);
  const aki = issuerFields ? keyIdentifier(issuerFields.spki) : ski;
  // Named bit strings drop trailing zero bits: leaf = digitalSignature + nonRepudiation; CA adds
  // keyCertSign and cRLSign.
  const keyUsage = req.isCa ? bitString(Buffer.from([0x86]), 1) : bitString(Buffer.from([0xc0]), 6);
  const extensions = [
    extension(OID.basicConstraints, true, req.isCa ? seq(bool(true), int(0)) : seq()),
    extension(OID.keyUsage, true, keyUsage),
    extension(OID.subjectKeyIdentifier, false, octets(ski)),
    extension(OID.authorityKeyIdentifier, false, seq(tlv(0x80, aki))),
    ...(req.subject.email
      ? [extension(OID.subjectAltName, false, seq(tlv(0x81, Buffer.from(req.subject.email))))]
      : []),
  ];
  const algorithm = signatureAlgorithm(signer);
  const tbs = seq(
    explicit(0, int(2)),
    uint(req.serial),
    algorithm,
    issuerFields ? issuerFields.subject : subjectName,
    seq(time(req.notBefore), time(req.notAfter)),
    subjectName,
    spki,
    explicit(3, seq(...extensions)),
  );
  return seq(tbs, algorithm, bitString(sign('sha256', tbs, signer)));
}

export interface CertificateFields {
  tbs: Node;
  /** The serialNumber INTEGER, whole encoding. */
  serial: Buffer;
  issuer: Buffer;
  subject: Buffer;
  spki: Buffer;
  notBefore: Date;
  notAfter: Date;
  signatureAlgorithm: string;
}

/** Reads the fields CMS and verification need from a DER certificate. */
export function readCertificate(der: Buffer): CertificateFields {
  const cert = parseAll(der);
  const tbs = child(cert, 0, 'tbsCertificate');
  const at = tbs.children[0]?.tag === 0xa0 ? 1 : 0;
  const validity = child(tbs, at + 3, 'validity');
  return {
    tbs,
    serial: child(tbs, at, 'serialNumber').der,
    issuer: child(tbs, at + 2, 'issuer').der,
    subject: child(tbs, at + 4, 'subject').der,
    spki: child(tbs, at + 5, 'subjectPublicKeyInfo').der,
    notBefore: readTime(child(validity, 0, 'notBefore')),
    notAfter: readTime(child(validity, 1, 'notAfter')),
    signatureAlgorithm: readOid(child(child(cert, 1, 'signatureAlgorithm'), 0, 'algorithm')),
  };
}

export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64.replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

/** Every certificate in a PEM text, as DER, in order. */
export function fromPem(text: string): Buffer[] {
  const out: Buffer[] = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'));
  return out;
}
