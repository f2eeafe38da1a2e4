// The export card: what the signed evidence package holds, what is still open, the passphrase of the
// signing identity (asked for each export and cleared once the export has started or failed to), and the
// two exports as jobs with progress, cancel, and the file, size, SHA-256 and signer once written.
import { Fragment, useId, useState, type FormEvent } from 'react';
import { messageOf } from '../api/client';
import type { PackageResult, ReportResult } from '../api/types';
import { Alert } from '../components/Alert';
import { JobList, type JobDetails } from '../components/JobList';
import { formatBytes } from '../format';
import { useExportStore } from '../store/export-store';
import { ExportReadiness } from './ExportReadiness';

const exportJobs = ['export.package', 'export.report'] as const;

const contents: readonly [string, string][] = [
  ['data/report.pdf', 'the PDF report, signed (PAdES) by the same identity'],
  ['data/originals/, data/attachments/', 'every imported file and attachment, byte for byte'],
  [
    'data/*.csv, *.json, workbook.xlsx',
    'inventory, insecure items, rules, reconciliation, tests, evidence register, OSCAL assessment results',
  ],
  ['data/standard.json', 'the insecure-services standard in force'],
  ['data/audit-log.jsonl', 'the audit log and its chain check'],
  ['manifest-sha256.txt, .p7s', 'every file’s SHA-256, the tag manifest and its CMS signature'],
  ['VERIFY.txt', 'how to check it with unzip, sha256sum and openssl alone'],
];

const resultDetails: JobDetails = (job) => {
  if (job.status !== 'succeeded' || job.value === null) return null;
  if (job.channel === 'export.package') {
    const r = job.value as PackageResult;
    return (
      <dl className="kv export-result" data-testid="export-result">
        <dt>File</dt>
        <dd className="mono">{r.out}</dd>
        <dt>Size</dt>
        <dd>
          {formatBytes(r.bytes)} ({r.payloadFiles.toLocaleString('en-US')} payload files)
        </dd>
        <dt>SHA-256</dt>
        <dd className="mono">{r.sha256}</dd>
        <dt>Signer</dt>
        <dd>
          {r.signer.subject}
          {r.signer.selfSigned ? ' (self-signed)' : ''}
        </dd>
        <dt>Package id</dt>
        <dd className="mono">{r.packageId}</dd>
      </dl>
    );
  }
  const r = job.value as ReportResult;
  return (
    <dl className="kv export-result" data-testid="export-result">
      <dt>File</dt>
      <dd className="mono">{r.out}</dd>
      <dt>Size</dt>
      <dd>
        {formatBytes(r.bytes)} ({r.pages.toLocaleString('en-US')} pages)
      </dd>
      <dt>SHA-256</dt>
      <dd className="mono">{r.sha256}</dd>
      <dt>Signer</dt>
      <dd>{r.signer ?? 'not signed'}</dd>
    </dl>
  );
};

export function ExportActions({ path }: { path: string }) {
  const id = useId();
  const selected = useExportStore((s) => s.selected);
  const exportPackage = useExportStore((s) => s.exportPackage);
  const exportReport = useExportStore((s) => s.exportReport);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(what: 'package' | 'report') {
    setError(null);
    if (what === 'package' && !selected) {
      setError('Choose or create a signing identity first: the package is always signed.');
      return;
    }
    if (selected && passphrase === '') {
      setError(`Type the passphrase of ${selected} to sign.`);
      return;
    }
    setBusy(true);
    try {
      if (what === 'package' && selected) await exportPackage(path, selected, passphrase);
      else await exportReport(path, selected ? { identity: selected, passphrase } : null);
      setPassphrase('');
    } catch (err) {
      setPassphrase('');
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void run('package');
  }

  return (
    <section className="card export-actions" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <div className="card-head-text">
          <h2 id={`${id}-title`}>Export</h2>
          <p className="muted small">
            The signed evidence package is what the auditor receives: a BagIt zip anyone can verify offline.
          </p>
        </div>
      </div>
      <details className="export-contents">
        <summary>What goes into the package</summary>
        <dl className="kv small">
          {contents.map(([where, what]) => (
            <Fragment key={where}>
              <dt className="mono">{where}</dt>
              <dd>{what}</dd>
            </Fragment>
          ))}
        </dl>
      </details>
      <ExportReadiness path={path} />
      <form className="form" aria-label="Export" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-pass`}>
            {selected ? `Passphrase of ${selected}` : 'Passphrase of the signing identity'}
          </label>
          <input
            id={`${id}-pass`}
            type="password"
            autoComplete="off"
            value={passphrase}
            disabled={!selected}
            onChange={(e) => setPassphrase(e.target.value)}
          />
          <span className="hint">
            {selected
              ? 'Asked for each export and not kept.'
              : 'Choose or create a signing identity above. Without one, only an unsigned report can be written.'}
          </span>
        </div>
        <Alert message={error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy || !selected}>
            Export evidence package…
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void run('report')}>
            Export PDF report…
          </button>
        </div>
      </form>
      <JobList path={path} channels={exportJobs} details={resultDetails} />
    </section>
  );
}
