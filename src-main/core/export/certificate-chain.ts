// Whether a signer's certificate chains to a CA the verifier trusts: each link's signature checks with its
// issuer's key, each issuer is a CA, every certificate was valid at the time the package says it was
// made, and the chain ends in one of the given CA certificates. Without CA certificates nothing is
// trusted, and the answer says so.
import { X509Certificate } from 'node:crypto';

export interface ChainVerdict {
  status: 'pass' | 'fail' | 'warn';
  detail: string;
}

const describe = (x: X509Certificate) =>
  `${x.subject.replace(/\n/g, ', ')} (SHA-256 ${x.fingerprint256.replace(/:/g, '').toLowerCase()})`;

function validAt(x: X509Certificate, at: Date): boolean {
  return new Date(x.validFrom) <= at && at <= new Date(x.validTo);
}

export function checkChain(
  signerDer: Buffer,
  carried: readonly Buffer[],
  trusted: readonly Buffer[],
  at: Date,
): ChainVerdict {
  const signer = new X509Certificate(signerDer);
  if (!validAt(signer, at)) {
    return {
      status: 'fail',
      detail: `the signer's certificate ${describe(signer)} was not valid at the export time ${at.toISOString()} (valid ${signer.validFrom} to ${signer.validTo})`,
    };
  }
  if (trusted.length === 0) {
    const kind = signer.subject === signer.issuer ? 'self-signed' : `issued by ${signer.issuer.replace(/\n/g, ', ')}`;
    return {
      status: 'warn',
      detail: `${kind} / issuer not trusted: signer ${describe(signer)}; give the CA certificate you trust (--ca) to check the chain`,
    };
  }
  const anchors = trusted.map((d) => new X509Certificate(d));
  // The certificates the signature carries come first, so an altered copy of the CA among them is found
  // (and fails) instead of being passed over for the trusted one.
  const pool = [...carried.map((d) => new X509Certificate(d)), ...anchors];
  let current = signer;
  for (let depth = 0; depth < 8; depth++) {
    const anchor = anchors.find((a) => a.raw.equals(current.raw));
    if (anchor)
      return { status: 'pass', detail: `the signer ${describe(signer)} chains to the trusted CA ${describe(anchor)}` };
    const issuer = pool.find(
      (c) => current.checkIssued(c) && !c.raw.equals(current.raw) && current.verify(c.publicKey),
    );
    if (!issuer) {
      return {
        status: 'fail',
        detail: `the signer ${describe(signer)} does not chain to the given CA: no trusted issuer for ${current.subject.replace(/\n/g, ', ')}`,
      };
    }
    if (!issuer.ca) return { status: 'fail', detail: `${describe(issuer)} issued a certificate but is not a CA` };
    if (!validAt(issuer, at)) {
      return {
        status: 'fail',
        detail: `the issuer ${describe(issuer)} was not valid at the export time ${at.toISOString()}`,
      };
    }
    if (anchors.some((a) => a.raw.equals(issuer.raw))) {
      return { status: 'pass', detail: `the signer ${describe(signer)} chains to the trusted CA ${describe(issuer)}` };
    }
    current = issuer;
  }
  return { status: 'fail', detail: 'the certificate chain is too long' };
}
