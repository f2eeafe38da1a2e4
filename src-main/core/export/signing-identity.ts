// What signs: a private key with its certificate and the chain above it. Produced by the identity store
// (identity.ts) and consumed by the CMS signer (cms.ts) and the PDF signature.
import type { KeyObject } from 'node:crypto';

export interface SigningIdentity {
  privateKey: KeyObject;
  /** The signer's certificate, DER. */
  certificate: Buffer;
  /** Certificates above it, DER, issuer first (empty for a self-signed certificate). */
  chain: Buffer[];
}
