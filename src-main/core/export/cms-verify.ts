// Checks a detached CMS SignedData over given content: one signer, SHA-256, the messageDigest attribute
// equal to the content's hash, the ESS signing certificate equal to the signer's certificate, and the
// signature over the signed attributes valid for the signer's public key. Chain and trust are judged
// apart (see certificate-chain.ts).
import { createHash, createPublicKey, verify } from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import {
  child,
  explicit,
  implicitConstructed,
  int,
  nullValue,
  octets,
  oid,
  parseAll,
  readInt,
  readOid,
  readTime,
  seq,
  setOf,
  TAG,
  tlv,
  type Node,
} from './der';
import { OID } from './oids';
import { readCertificate } from './x509';

export interface CmsVerdict {
  ok: boolean;
  detail: string;
  /** The signer's certificate (DER), when it could be found. */
  signer: Buffer | null;
  /** Every certificate the signature carries. */
  certificates: Buffer[];
  signingTime: Date | null;
}

function attributes(signerInfo: Node): { der: Buffer; values: Map<string, Node> } | null {
  const attrs = signerInfo.children.find((c) => c.tag === 0xa0);
  if (!attrs) return null;
  const values = new Map<string, Node>();
  for (const a of attrs.children) {
    const type = readOid(child(a, 0, 'attribute type'));
    if (values.has(type)) throw new Error(`the signed attribute ${type} appears twice`);
    values.set(type, child(child(a, 1, 'attribute values'), 0, 'attribute value'));
  }
  // What was signed is the SET OF encoding (tag 0x31), not the [0] IMPLICIT one carried here.
  return { der: Buffer.concat([Buffer.from([TAG.SET]), attrs.der.subarray(1)]), values };
}

export function verifyDetached(p7s: Buffer, content: Buffer): CmsVerdict {
  const fail = (detail: string, signer: Buffer | null = null, certificates: Buffer[] = []): CmsVerdict => ({
    ok: false,
    detail,
    signer,
    certificates,
    signingTime: null,
  });
  let signedData: Node;
  try {
    const info = parseAll(p7s);
    if (readOid(child(info, 0, 'content type')) !== OID.signedData) return fail('not a CMS SignedData');
    signedData = child(child(info, 1, 'content'), 0, 'SignedData');
  } catch (err) {
    return fail(`not a DER CMS signature (${(err as Error).message})`);
  }
  try {
    const certsNode = signedData.children.find((c) => c.tag === 0xa0);
    const certificates = certsNode ? certsNode.children.map((c) => Buffer.from(c.der)) : [];
    const shape = structureProblem(signedData, certificates);
    if (shape) return fail(shape, null, certificates);
    const encap = child(signedData, 2, 'encapsulated content');
    if (encap.children.length > 1)
      return fail('the signature is not detached (it carries content)', null, certificates);
    const signerInfos = signedData.children[signedData.children.length - 1];
    if (!signerInfos || signerInfos.tag !== TAG.SET || signerInfos.children.length !== 1) {
      return fail('expected exactly one signer', null, certificates);
    }
    const si = signerInfos.children[0]!;
    if (readInt(child(si, 0, 'SignerInfo version')) !== 1)
      return fail('the SignerInfo is not version 1', null, certificates);
    const sid = child(si, 1, 'signer identifier');
    const signer = certificates.find((c) => {
      const f = readCertificate(c);
      return (
        sid.children.length === 2 && f.issuer.equals(sid.children[0]!.der) && f.serial.equals(sid.children[1]!.der)
      );
    });
    if (!signer) return fail("the signer's certificate is not in the signature", null, certificates);
    if (readOid(child(child(si, 2, 'digest algorithm'), 0, 'digest algorithm')) !== OID.sha256) {
      return fail('the digest algorithm is not SHA-256', signer, certificates);
    }
    const attrs = attributes(si);
    if (!attrs) return fail('the signature has no signed attributes', signer, certificates);
    const digest = createHash('sha256').update(content).digest();
    const md = attrs.values.get(OID.messageDigest);
    if (!md || !md.content.equals(digest)) {
      return fail(
        'the signed content digest does not match the tag manifest (it was changed after signing)',
        signer,
        certificates,
      );
    }
    if (attrs.values.get(OID.contentType) && readOid(attrs.values.get(OID.contentType)!) !== OID.data) {
      return fail('the signed content type is not data', signer, certificates);
    }
    const essNode = attrs.values.get(OID.signingCertificateV2);
    if (essNode) {
      const certHash = child(child(child(essNode, 0, 'certs'), 0, 'ESSCertIDv2'), 0, 'certHash');
      const hash =
        certHash.tag === TAG.OCTET_STRING
          ? certHash
          : child(child(child(essNode, 0, 'certs'), 0, 'ESSCertIDv2'), 1, 'certHash');
      if (!hash.content.equals(createHash('sha256').update(signer).digest())) {
        return fail('the signing-certificate attribute names a different certificate', signer, certificates);
      }
    }
    const algorithm = readOid(child(child(si, 4, 'signature algorithm'), 0, 'signature algorithm'));
    if (![OID.rsaEncryption, OID.sha256WithRSA, OID.ecdsaWithSHA256].includes(algorithm as never)) {
      return fail(`unsupported signature algorithm ${algorithm}`, signer, certificates);
    }
    const signature = child(si, 5, 'signature').content;
    const key = createPublicKey({ key: readCertificate(signer).spki, format: 'der', type: 'spki' });
    if (!verify('sha256', attrs.der, key, signature)) {
      return fail("the signature does not match the signer's key", signer, certificates);
    }
    const chain = chainProblem(signer, certificates);
    if (chain) return fail(chain, signer, certificates);
    const canonical = canonicalSignature({
      certificates,
      signer,
      signedAttributes: attrs.der,
      rsa: algorithm !== OID.ecdsaWithSHA256,
      signature,
    });
    if (!canonical.equals(p7s)) {
      return fail(
        'the signature file was changed outside what it signs (it is not as Portcullis wrote it)',
        signer,
        certificates,
      );
    }
    const st = attrs.values.get(OID.signingTime);
    return {
      ok: true,
      detail: 'valid CMS signature (SHA-256) over the tag manifest',
      signer,
      certificates,
      signingTime: st ? readTime(st) : null,
    };
  } catch (err) {
    return fail(`the signature is malformed (${(err as Error).message})`);
  }
}

/**
 * What a SignedData from Portcullis must look like beyond its signature: version 1, SHA-256 as the only
 * digest, id-data content, and the certificates it carries forming exactly the signer's chain, each link
 * checking against the next and a self-issued top checking against itself, so a byte changed in these
 * unsigned parts is noticed too.
 */
function structureProblem(signedData: Node, certificates: Buffer[]): string | null {
  if (readInt(child(signedData, 0, 'version')) !== 1) return 'the SignedData is not version 1';
  const digests = child(signedData, 1, 'digest algorithms');
  if (digests.children.length !== 1 || readOid(child(digests.children[0]!, 0, 'digest')) !== OID.sha256) {
    return 'the SignedData does not name SHA-256 as its only digest algorithm';
  }
  if (readOid(child(child(signedData, 2, 'encapsulated content'), 0, 'content type')) !== OID.data) {
    return 'the signed content type is not data';
  }
  try {
    for (const c of certificates) new X509Certificate(c);
  } catch {
    return 'a certificate carried in the signature is damaged';
  }
  return null;
}

/** The carried certificates must be the signer's chain and nothing else, every link intact. */
export function chainProblem(signer: Buffer, certificates: readonly Buffer[]): string | null {
  const all = certificates.map((c) => new X509Certificate(c));
  let current = new X509Certificate(signer);
  const used = new Set<string>([current.fingerprint256]);
  for (;;) {
    if (current.subject === current.issuer) {
      if (!current.verify(current.publicKey)) {
        return `the certificate ${current.subject.replace(/\n/g, ', ')} carried in the signature was altered`;
      }
      break;
    }
    const issuer = all.find(
      (c) => !used.has(c.fingerprint256) && current.checkIssued(c) && current.verify(c.publicKey),
    );
    if (!issuer) break;
    used.add(issuer.fingerprint256);
    current = issuer;
  }
  const extra = all.find((c) => !used.has(c.fingerprint256));
  return extra
    ? `the signature carries a certificate outside the signer's chain, or an altered one (${extra.subject.replace(/\n/g, ', ')})`
    : null;
}

/** Re-encodes a verified signature the way Portcullis writes it: any other byte means it was changed. */
export function canonicalSignature(parts: {
  certificates: readonly Buffer[];
  signer: Buffer;
  signedAttributes: Buffer;
  rsa: boolean;
  signature: Buffer;
}): Buffer {
  const cert = readCertificate(parts.signer);
  const signerInfo = seq(
    int(1),
    seq(cert.issuer, cert.serial),
    seq(oid(OID.sha256)),
    implicitConstructed(0, parts.signedAttributes),
    parts.rsa ? seq(oid(OID.rsaEncryption), nullValue()) : seq(oid(OID.ecdsaWithSHA256)),
    octets(parts.signature),
  );
  const signedData = seq(
    int(1),
    setOf(seq(oid(OID.sha256))),
    seq(oid(OID.data)),
    tlv(0xa0, Buffer.concat([...parts.certificates].sort(Buffer.compare))),
    setOf(signerInfo),
  );
  return seq(oid(OID.signedData), explicit(0, signedData));
}
