// Verifying a signed evidence package offline, as the auditor who receives it would: choose the zip and,
// optionally, the CA certificate to trust; every check is shown with its outcome and what it found, and
// one line gives the verdict, naming the checks that failed. While it runs, its progress and Cancel.
import { useId } from 'react';
import type { PackageVerdict, VerifyCheck } from '../api/types';
import { Alert } from '../components/Alert';
import { JobList } from '../components/JobList';
import { baseName, formatTime } from '../format';
import { useVerifyStore } from '../store/verify-store';
import '../styles/export.css';

const checkLabels: Record<string, string> = {
  zip: 'Zip structure',
  bagit: 'BagIt declaration',
  'bag-info': 'Bag info',
  manifest: 'Payload manifest',
  'tag-manifest': 'Tag manifest',
  signature: 'Package signature (CMS)',
  certificate: 'Signer certificate',
  'report-signature': 'PDF report signature',
  'audit-chain': 'Audit chain',
};

const verifyJobs = ['package.verify'] as const;

const statusLabels: Record<VerifyCheck['status'], string> = { pass: 'Pass', fail: 'Fail', warn: 'Warning' };
const statusTags: Record<VerifyCheck['status'], string> = {
  pass: 'tag tag-ok',
  fail: 'tag tag-bad',
  warn: 'tag tag-warn',
};

function verdictLine(v: PackageVerdict): { text: string; ok: boolean } {
  const failed = v.checks.filter((c) => c.status === 'fail').map((c) => checkLabels[c.name] ?? c.name);
  if (!v.valid) return { text: `Not valid: failed ${failed.join(', ')}.`, ok: false };
  if (v.trusted) {
    return { text: 'Valid: complete, unaltered and signed by a signer that chains to the CA given.', ok: true };
  }
  return {
    text: 'Valid, but the signer is not trusted: complete and unaltered, but its certificate was not checked against a CA you trust. Choose the CA certificate to check it.',
    ok: false,
  };
}

function CheckRow({ check }: { check: VerifyCheck }) {
  const more = check.problems.length > 1 ? check.problems : [];
  return (
    <tr data-testid="verify-check" data-check={check.name} data-status={check.status}>
      <th scope="row">
        {checkLabels[check.name] ?? check.name}
        <div className="muted small mono">{check.name}</div>
      </th>
      <td>
        <span className={statusTags[check.status]}>{statusLabels[check.status]}</span>
      </td>
      <td className="wrap-anywhere">
        {check.detail}
        {more.length > 0 && (
          <ul className="verify-problems small">
            {more.slice(0, 50).map((p) => (
              <li key={p}>{p}</li>
            ))}
            {more.length > 50 && <li>… and {(more.length - 50).toLocaleString('en-US')} more</li>}
          </ul>
        )}
      </td>
    </tr>
  );
}

export function VerifyPackage() {
  const id = useId();
  const { pkg, ca, verdict, verifying, error } = useVerifyStore();
  const { choosePackage, chooseCa, clearCa, verify } = useVerifyStore();
  const line = verdict ? verdictLine(verdict) : null;

  return (
    <section className="card verify-package" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <div className="card-head-text">
          <h2 id={`${id}-title`}>Verify a package</h2>
          <p className="muted small">
            Checks a signed evidence package offline: the zip, the BagIt manifests, every file&apos;s SHA-256, the CMS
            signature and its certificate, the PDF report&apos;s signature and the audit chain.
          </p>
        </div>
        <div className="toolbar">
          <button type="button" className="button primary" data-command="verify" onClick={() => void choosePackage()}>
            Choose package…
          </button>
          <button type="button" className="button" onClick={() => void chooseCa()}>
            Choose CA certificate…
          </button>
          <button type="button" className="button" disabled={!pkg || verifying} onClick={() => void verify()}>
            Verify again
          </button>
        </div>
      </div>
      <dl className="kv small">
        <dt>Package</dt>
        <dd className="mono" data-testid="verify-package-path">
          {pkg ?? 'none chosen'}
        </dd>
        <dt>Trusted CA</dt>
        <dd>
          {ca ? (
            <>
              <span className="mono">{baseName(ca)}</span>{' '}
              <button type="button" className="link-button" onClick={() => void clearCa()}>
                Do not use a CA
              </button>
            </>
          ) : (
            'none: the signature is checked, the signer is not'
          )}
        </dd>
      </dl>
      <Alert message={error} />
      {pkg && <JobList path={pkg} channels={verifyJobs} />}
      {verdict && line && !verifying && (
        <>
          <p
            className={line.ok ? 'verify-verdict ok' : verdict.valid ? 'verify-verdict warn' : 'verify-verdict bad'}
            role="status"
            data-testid="verify-verdict"
          >
            {line.text}
          </p>
          {verdict.packageId && (
            <p className="muted small">
              Package <span className="mono">{verdict.packageId}</span>
              {verdict.exportTime ? `, exported ${formatTime(verdict.exportTime)}` : ''}
            </p>
          )}
          <div className="table-wrap">
            <table className="table verify-table" aria-label="Verification checks">
              <thead>
                <tr>
                  <th scope="col">Check</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {verdict.checks.map((c) => (
                  <CheckRow key={c.name} check={c} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
