// PAdES-B-B signatures on the PDF report: a signature placeholder (SubFilter ETSI.CAdES.detached, the
// report's fixed time as /M) is added while the document is still open, the document is ended, and the
// byte ranges around the placeholder are signed as a detached CMS (signingCertificateV2, no signingTime)
// — so the same engagement state, key (RSA) and fixed time give the same signed bytes. verifyPdfSignature
// checks a signed report with node:crypto alone: byte ranges, digest, signed attributes and signature.
import { X509Certificate, createHash, verify } from 'node:crypto';
import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit';
import { SignPdf, Signer } from '@signpdf/signpdf';
import { signDetached } from './cms';
import { child, parse, readOid, type Node } from './der';
import { OID } from './oids';
import { pdfBuffer } from './report/render';
import type { SigningIdentity } from './signing-identity';
import { readCertificate } from './x509';

export const PADES_SUBFILTER = 'ETSI.CAdES.detached';
/** Bytes reserved for the CMS (hex-encoded twice that in the file): room for a signer and a CA chain. */
const SIGNATURE_BYTES = 16384;

/** A report laid out but not yet ended (see buildReport). */
export interface OpenPdf {
  doc: PDFKit.PDFDocument;
  /** The signature's /M date: the report's fixed time. */
  time: Date;
}

export interface SignatureLabels {
  reason?: string;
  location?: string;
  contactInfo?: string;
}

/** The subject common name of a DER certificate (the whole subject when it has none). */
export function commonName(der: Buffer): string {
  const subject = new X509Certificate(der).subject;
  return /(?:^|\n)CN=([^\n]*)/.exec(subject)?.[1] ?? subject.replace(/\n/g, ', ');
}

class CadesSigner extends Signer {
  constructor(private readonly identity: SigningIdentity) {
    super();
  }

  override async sign(content: Buffer): Promise<Buffer> {
    return signDetached(content, this.identity);
  }
}

/** Adds the PAdES placeholder to an open report, ends it, and signs it with `identity`. */
export async function signPdf(pdf: OpenPdf, identity: SigningIdentity, labels: SignatureLabels = {}): Promise<Buffer> {
  // The (invisible) signature widget goes on the last page, the one still open.
  pdfkitAddPlaceholder({
    pdf: pdf.doc,
    pdfBuffer: Buffer.alloc(0),
    reason: labels.reason ?? 'Evidence report for PCI DSS v4.0.1 Requirement 1.2.6',
    contactInfo: labels.contactInfo ?? '',
    name: commonName(identity.certificate),
    location: labels.location ?? '',
    signingTime: pdf.time,
    signatureLength: SIGNATURE_BYTES,
    subFilter: PADES_SUBFILTER,
    appName: 'Portcullis',
  });
  const unsigned = await pdfBuffer(pdf.doc);
  return new SignPdf().sign(unsigned, new CadesSigner(identity));
}

export interface PdfSignatureVerdict {
  ok: boolean;
  /** What holds or, when ok is false, exactly what does not. */
  detail: string;
  /** The signer certificate's subject common name, when the signature could be read. */
  signer: string | null;
}

function fail(detail: string, signer: string | null = null): PdfSignatureVerdict {
  return { ok: false, detail, signer };
}

function attribute(attrs: Node, type: string): Node | undefined {
  return attrs.children.find((a) => a.children[0] && readOid(a.children[0]) === type)?.children[1]?.children[0];
}

/** Checks the last signature of a PDF: coverage, digest, signed attributes and the signer's signature. */
export function verifyPdfSignature(pdf: Buffer): PdfSignatureVerdict {
  const text = pdf.toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = ranges.at(-1);
  if (!last) return fail('the PDF is not signed: it has no /ByteRange');
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number];
  if (a !== 0 || b <= 0 || c <= b || c + d !== pdf.length) {
    return fail(
      `the signature's byte range [${a} ${b} ${c} ${d}] does not cover the whole file of ${pdf.length} bytes`,
    );
  }
  const hole = text.slice(b, c);
  if (!/^<[0-9a-fA-F]*>$/.test(hole)) return fail('the byte range leaves out more than the signature /Contents');
  const dict = text.slice(text.lastIndexOf('<<', last.index), c + 1);
  const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.]+)/.exec(dict)?.[1] ?? null;
  if (subFilter !== PADES_SUBFILTER)
    return fail(`the signature is ${subFilter ?? 'of no SubFilter'}, not ${PADES_SUBFILTER}`);

  let signer: string | null = null;
  try {
    const cms = parse(Buffer.from(hole.slice(1, -1), 'hex'));
    if (readOid(child(cms, 0, 'contentType')) !== OID.signedData) return fail('the signature is not CMS SignedData');
    const signedData = child(child(cms, 1, 'content'), 0, 'SignedData');
    const certs = signedData.children.find((n) => n.tag === 0xa0)?.children ?? [];
    const infos = signedData.children.at(-1);
    const info = infos?.children[0];
    if (!info || infos?.tag !== 0x31) return fail('the CMS has no SignerInfo');
    const sid = child(info, 1, 'sid');
    const cert = certs.find((x) => {
      const f = readCertificate(x.der);
      return (
        sid.children.length === 2 &&
        f.issuer.equals(child(sid, 0, 'issuer').der) &&
        f.serial.equals(child(sid, 1, 'serial').der)
      );
    });
    if (!cert) return fail('the signer certificate named by the SignerInfo is not in the signature');
    signer = commonName(cert.der);
    const attrs = child(info, 3, 'signedAttrs');
    if (attrs.tag !== 0xa0) return fail('the SignerInfo has no signed attributes', signer);
    const digest = createHash('sha256')
      .update(pdf.subarray(a, a + b))
      .update(pdf.subarray(c, c + d))
      .digest();
    const messageDigest = attribute(attrs, OID.messageDigest);
    if (!messageDigest || !messageDigest.content.equals(digest)) {
      return fail(
        'the document was changed after signing: its SHA-256 no longer matches the signed messageDigest',
        signer,
      );
    }
    const certRef = attribute(attrs, OID.signingCertificateV2);
    const certHash = certRef?.children[0]?.children[0]?.children[0];
    if (!certHash || !certHash.content.equals(createHash('sha256').update(cert.der).digest())) {
      return fail('signingCertificateV2 is missing or does not name the signer certificate (not PAdES-B-B)', signer);
    }
    if (attribute(attrs, OID.signingTime))
      return fail('the CMS carries a signingTime attribute (not PAdES-B-B)', signer);
    const signedBytes = Buffer.concat([Buffer.from([0x31]), attrs.der.subarray(1)]);
    const signature = child(info, 5, 'signature').content;
    const key = new X509Certificate(cert.der).publicKey;
    if (!verify('sha256', signedBytes, key, signature)) {
      return fail('the signature does not verify against the signer certificate', signer);
    }
  } catch (err) {
    return fail(`the signature cannot be read: ${(err as Error).message}`, signer);
  }
  return {
    ok: true,
    detail: `PAdES-B-B (${PADES_SUBFILTER}) signature by ${signer} covers the whole document and verifies`,
    signer,
  };
}
