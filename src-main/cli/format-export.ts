// How signing identities, an export and a package verification read on a terminal.
import type { JobResult, Response } from '../api/contract';

type Identity = Response<'identity.list'>[number];

export function formatIdentity(i: Identity, verb = 'Identity'): string {
  const issuer = i.selfSigned ? 'self-signed' : `issued by ${i.issuer}`;
  return [
    `${verb} ${i.name}: ${i.subject} (${i.isCa ? 'local CA, ' : ''}${i.keyType}, ${issuer})`,
    `  valid ${i.notBefore.slice(0, 10)} to ${i.notAfter.slice(0, 10)}; certificate SHA-256 ${i.fingerprintSha256}`,
    `  PKCS#12: ${i.p12Path}`,
    `  certificate: ${i.certPath}${i.isCa ? '  (give this to verifiers: portcullis verify PACKAGE.zip --ca THIS_FILE)' : ''}`,
  ].join('\n');
}

export function formatIdentities(list: Identity[]): string {
  return list.length === 0
    ? 'No signing identities yet: create one with "portcullis keys new --name NAME --cn \\"Your Name\\"".'
    : list.map((i) => formatIdentity(i)).join('\n');
}

export function formatExport(r: JobResult<'export.package'>): string {
  return [
    `Wrote ${r.out} (${r.bytes} bytes, ${r.payloadFiles} payload files)`,
    `  package ${r.packageId}; engagement audit head ${r.engagementHash}`,
    `  signed by ${r.signer.subject} (certificate SHA-256 ${r.signer.fingerprintSha256}${r.signer.selfSigned ? ', self-signed' : ''})`,
    `  SHA-256 of the zip: ${r.sha256}`,
    ...(r.report ? [] : ['  no PDF report in this package (no renderer in this build)']),
    '  check it: portcullis verify PACKAGE.zip --ca CA.pem   (or follow VERIFY.txt inside it)',
  ].join('\n');
}

export function formatVerdict(v: JobResult<'package.verify'>): string {
  const mark = { pass: 'ok  ', fail: 'FAIL', warn: 'WARN' } as const;
  const lines = v.checks.flatMap((c) => [
    `${mark[c.status]} ${c.name}: ${c.detail}`,
    ...(c.problems.length > 1 ? c.problems.slice(0, 20).map((p) => `       - ${p}`) : []),
    ...(c.problems.length > 20 ? [`       … and ${c.problems.length - 20} more`] : []),
  ]);
  const verdict = !v.valid
    ? `INVALID: ${v.path} failed ${v.checks
        .filter((c) => c.status === 'fail')
        .map((c) => c.name)
        .join(', ')}`
    : v.trusted
      ? `VALID: ${v.path} is complete, unaltered and signed by a trusted signer`
      : `VALID, signer NOT TRUSTED: ${v.path} is complete and unaltered, but its signer was not checked against a CA (--ca)`;
  return [...lines, verdict].join('\n');
}
