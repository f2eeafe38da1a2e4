// Detached CMS SignedData (RFC 5652) as PAdES-B-B and our tag-manifest signature need it: SHA-256, signed
// attributes contentType, messageDigest and signingCertificateV2 (ESS, RFC 5035), signingTime only when
// asked, attributes DER-sorted. RSA signatures are PKCS#1 v1.5 and therefore deterministic; ECDSA ones
// are not, so two signatures by a P-256 key over the same content differ.
import { createHash, sign } from 'node:crypto';
import { explicit, implicitConstructed, int, nullValue, octets, oid, seq, setOf, time, tlv } from './der';
import { OID } from './oids';
import type { SigningIdentity } from './signing-identity';
import { readCertificate } from './x509';

/** The bytes to sign, or their SHA-256 when the caller hashed them (e.g. a PDF byte range). */
export type SignedContent = Buffer | { sha256: Buffer };

export interface SignOptions {
  /** Adds the CMS signingTime attribute (PAdES-B-B forbids it; leave it out there). */
  signingTime?: Date;
}

const attribute = (type: string, value: Buffer): Buffer => seq(oid(type), setOf(value));

/** ESS signingCertificateV2 naming the signer's certificate by its SHA-256 and issuer/serial. */
function signingCertificateV2(certificate: Buffer): Buffer {
  const fields = readCertificate(certificate);
  const certHash = createHash('sha256').update(certificate).digest();
  // hashAlgorithm is left out: SHA-256 is its DEFAULT, and DER omits defaults.
  const issuerSerial = seq(seq(tlv(0xa4, fields.issuer)), fields.serial);
  return seq(seq(seq(octets(certHash), issuerSerial)));
}

function signerAlgorithm(id: SigningIdentity): Buffer {
  const type = id.privateKey.asymmetricKeyType;
  if (type === 'rsa') return seq(oid(OID.rsaEncryption), nullValue());
  if (type === 'ec') return seq(oid(OID.ecdsaWithSHA256));
  throw new Error(`cannot sign with a ${type ?? 'unknown'} key: expected RSA or P-256`);
}

/** The signed attributes as the SET OF that is signed (tag 0x31); SignerInfo carries them as [0]. */
export function signedAttributes(digest: Buffer, certificate: Buffer, signingTime?: Date): Buffer {
  return setOf(
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(digest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(certificate)),
    ...(signingTime ? [attribute(OID.signingTime, time(signingTime))] : []),
  );
}

export function signDetached(content: SignedContent, id: SigningIdentity, opts: SignOptions = {}): Buffer {
  const digest = Buffer.isBuffer(content) ? createHash('sha256').update(content).digest() : content.sha256;
  if (digest.length !== 32) throw new Error('signDetached: a SHA-256 digest is 32 bytes');
  const cert = readCertificate(id.certificate);
  const attrs = signedAttributes(digest, id.certificate, opts.signingTime);
  const signature = sign('sha256', attrs, id.privateKey);
  const signerInfo = seq(
    int(1),
    seq(cert.issuer, cert.serial),
    seq(oid(OID.sha256)),
    implicitConstructed(0, attrs),
    signerAlgorithm(id),
    octets(signature),
  );
  const signedData = seq(
    int(1),
    setOf(seq(oid(OID.sha256))),
    seq(oid(OID.data)),
    tlv(0xa0, Buffer.concat([id.certificate, ...id.chain].sort(Buffer.compare))),
    setOf(signerInfo),
  );
  return seq(oid(OID.signedData), explicit(0, signedData));
}
