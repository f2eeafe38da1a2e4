// The human-facing tag files of a package: bag-info.txt (who, what, when, how much) and VERIFY.txt (how
// to check the package with unzip, sha256sum and openssl alone).
import { X509Certificate } from 'node:crypto';
import type { EngagementInfo } from '../model/engagement';
import { APP_VERSION } from '../model/version';
import { bagInfoText, MANIFEST, SIGNATURE, TAG_MANIFEST } from './bagit';

export interface Signer {
  subject: string;
  issuer: string;
  organization: string | null;
  email: string | null;
  fingerprintSha256: string;
  selfSigned: boolean;
}

export function describeSigner(certificate: Buffer): Signer {
  const x = new X509Certificate(certificate);
  const field = (key: string) =>
    x.subject
      .split('\n')
      .find((l) => l.startsWith(`${key}=`))
      ?.slice(key.length + 1) ?? null;
  const email = /email:([^,\s]+)/.exec(x.subjectAltName ?? '')?.[1] ?? null;
  return {
    subject: x.subject.replace(/\n/g, ', '),
    issuer: x.issuer.replace(/\n/g, ', '),
    organization: field('O'),
    email,
    fingerprintSha256: x.fingerprint256.replace(/:/g, '').toLowerCase(),
    selfSigned: x.subject === x.issuer,
  };
}

export interface BagInfo {
  engagement: EngagementInfo;
  packageId: string;
  exportTime: string;
  engagementHash: string;
  signer: Signer;
  payloadBytes: number;
  payloadFiles: number;
  report: boolean;
  reconciliation: boolean;
}

export function bagInfo(b: BagInfo): string {
  const e = b.engagement;
  const period =
    e.periodStart || e.periodEnd ? `, assessment period ${e.periodStart ?? '?'} to ${e.periodEnd ?? '?'}` : '';
  return bagInfoText([
    ['Source-Organization', b.signer.organization ?? e.assessor],
    ['Contact-Name', e.assessor],
    ...(b.signer.email ? ([['Contact-Email', b.signer.email]] as [string, string][]) : []),
    [
      'External-Description',
      `Evidence package for PCI DSS v4.0.1 Requirement 1.2.6 (insecure services, protocols and ports): ${e.entity}${period}`,
    ],
    ['Bagging-Date', b.exportTime.slice(0, 10)],
    ['External-Identifier', b.packageId],
    ['Payload-Oxum', `${b.payloadBytes}.${b.payloadFiles}`],
    ['Bag-Software-Agent', `Portcullis ${APP_VERSION}`],
    ['Portcullis-Export-Time', b.exportTime],
    ['Portcullis-Engagement-Id', e.engagementId],
    ['Portcullis-Engagement-Hash', b.engagementHash],
    ['Portcullis-Entity', e.entity],
    ['Portcullis-Signer', b.signer.subject],
    ['Portcullis-Signer-Certificate-SHA256', b.signer.fingerprintSha256],
    [
      'Portcullis-Report',
      b.report ? 'data/report.pdf' : 'not included: this build of Portcullis has no PDF report renderer',
    ],
    [
      'Portcullis-Reconciliation',
      b.reconciliation ? 'data/reconciliation.json' : 'not included: this build of Portcullis has no reconciliation',
    ],
  ]);
}

export function verifyText(b: BagInfo): string {
  const trust = b.signer.selfSigned
    ? "The signer's certificate is self-signed: ca.pem is that certificate itself, which you must get from the\nassessor through a channel you trust (never from this package)."
    : `ca.pem is the certificate of the issuing CA (${b.signer.issuer}), which you must get from the\nassessor's firm through a channel you trust (never from this package).`;
  const cms = `openssl cms -verify -binary -inform DER -in ${SIGNATURE} -content ${TAG_MANIFEST} -CAfile ca.pem`;
  return `How to check this evidence package with stock tools
===================================================

Package:     ${b.packageId}
Entity:      ${b.engagement.entity}
Engagement:  ${b.engagement.engagementId} (audit head ${b.engagementHash})
Exported:    ${b.exportTime}
Signed by:   ${b.signer.subject}
Certificate: SHA-256 fingerprint ${b.signer.fingerprintSha256}

The package is a BagIt bag (RFC 8493). Every file under data/ is listed with its SHA-256 in
${MANIFEST}; every other file, that manifest included, in ${TAG_MANIFEST}; and
${SIGNATURE} is a detached CMS signature over ${TAG_MANIFEST} by the assessor.

1. Unzip into a new folder and go there:
     unzip -q PACKAGE.zip -d bag && cd bag
2. Check every payload file (each line must say OK):
     sha256sum -c ${MANIFEST}
3. Check the tag files, the manifest included (each line must say OK):
     sha256sum -c ${TAG_MANIFEST}
4. Check the signature and that the signer's certificate chains to the CA you trust
   (it must end with "CMS Verification successful"):
     ${cms}

${trust}
To compare the signer with the fingerprint the assessor gave you, add "-signer signer.pem" to
step 4, then:
     openssl x509 -in signer.pem -noout -subject -fingerprint -sha256
If your firm's certificates carry no e-mail protection usage, add "-purpose any" to step 4.

All in one line:
     unzip -q PACKAGE.zip -d bag && cd bag && sha256sum -c ${MANIFEST} && sha256sum -c ${TAG_MANIFEST} && ${cms}

${b.report ? 'The PDF report data/report.pdf carries its own PAdES signature: pdfsig data/report.pdf\n\n' : ''}With Portcullis: portcullis verify PACKAGE.zip --ca ca.pem
`;
}
