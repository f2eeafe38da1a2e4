// Imports: scan results, TLS/SSH assessments and host listener inventories parsed into observations, and
// firewall rulebases, host firewalls and cloud security groups parsed into rules.
// Files are chosen in the dialog (or dropped on the window), imported by a job with progress and Cancel,
// and each file's outcome is shown: what was found and what the parser did not understand, or why
// nothing was imported. Below, every past import with its parse coverage notes.
import { Fragment, useEffect, useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { call, messageOf } from '../api/client';
import type { FormatInfo, ImportOutcome, ImportRecord } from '../api/types';
import { Alert } from '../components/Alert';
import { NoteItems, NotesList } from '../components/NotesList';
import { ProgressBar } from '../components/ProgressBar';
import { baseName, formatBytes, formatCount, formatTime } from '../format';
import { useEngagementStore } from '../store/engagement-store';
import { DETECT, useImportStore } from '../store/import-store';
import { useJobsStore } from '../store/jobs-store';

/** How many of an import's first notes the result shows before "Show all notes". */
const PREVIEW_NOTES = 5;

const families: { id: FormatInfo['family']; label: string }[] = [
  { id: 'scan', label: 'Port and vulnerability scanners' },
  { id: 'tls', label: 'TLS and SSH assessments' },
  { id: 'hosts', label: 'Host listener inventories' },
  { id: 'rulebase', label: 'Firewall rulebases and security groups' },
  { id: 'ticket', label: 'Change tickets (Jira, ServiceNow)' },
  { id: 'generic', label: 'Generic' },
];

type ImportedRecord = Extract<ImportOutcome, { ok: true }>['result'];

/** "nmap XML: 3 hosts, 25 observations, 2 coverage notes" */
export function importSummary(
  r: Pick<ImportRecord, 'formatLabel' | 'hostCount' | 'observationCount' | 'ruleCount' | 'ticketCount' | 'noteCount'>,
) {
  const found =
    r.ruleCount > 0
      ? formatCount(r.ruleCount, 'rule')
      : r.ticketCount > 0
        ? formatCount(r.ticketCount, 'ticket')
        : `${formatCount(r.hostCount, 'host')}, ${formatCount(r.observationCount, 'observation')}`;
  return `${r.formatLabel}: ${found}, ${formatCount(r.noteCount, 'coverage note')}`;
}

/** Whether a file failed only because its format describes one host and no host name was given. */
export function asksForHostName(error: { code: string; message: string }): boolean {
  return error.code === 'NEEDS_HOST_NAME';
}

/** True while the panel is starting or running any of its jobs. */
function useImportBusy(): boolean {
  const starting = useImportStore((s) => s.starting);
  const jobIds = useImportStore(
    useShallow((s) => [s.run?.jobId, ...Object.values(s.retries).map((r) => r.jobId)].filter((id) => id !== undefined)),
  );
  const running = useJobsStore((s) =>
    jobIds.some((id) => {
      const job = s.jobs[id];
      return !job || job.status === 'running';
    }),
  );
  return starting || running;
}

export function Imports({
  path,
  onShowObservations,
  onShowRules,
}: {
  path: string;
  onShowObservations(importId: number): void;
  onShowRules(importId: number): void;
}) {
  const imports = useEngagementStore((s) => s.imports);
  const panelPath = useImportStore((s) => s.path);
  const choose = useImportStore((s) => s.choose);
  const loadFormats = useImportStore((s) => s.loadFormats);
  const busy = useImportBusy();
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void loadFormats();
  }, [loadFormats]);

  async function pick() {
    setError(null);
    setPicking(true);
    try {
      const { paths } = await call('dialog.openFiles', { title: 'Import scans, inventories and rulebases' });
      if (paths.length > 0) choose(path, paths);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setPicking(false);
    }
  }

  return (
    <section className="card" aria-labelledby="imports-title">
      <div className="card-head">
        <div className="card-head-text">
          <h2 id="imports-title">Imports</h2>
          <p className="muted small">
            Port scans, TLS/SSH assessments and host listener inventories, parsed into observations; firewall rulebases
            and security groups, parsed into rules. Each original is kept as evidence.
          </p>
        </div>
        <div className="toolbar">
          <button
            type="button"
            className="button primary"
            data-command="import"
            onClick={() => void pick()}
            disabled={picking || busy}
          >
            Import files…
          </button>
        </div>
      </div>
      <Alert message={error} />
      {panelPath === path && <ImportPanel path={path} />}
      {imports.length === 0 ? (
        <p className="empty">
          No imports yet. Import nmap, masscan or other scanner output, a host’s <span className="mono">ss</span> /{' '}
          <span className="mono">netstat</span> listing, or a firewall configuration or security group export.
        </p>
      ) : (
        <ImportsTable path={path} imports={imports} onShowObservations={onShowObservations} onShowRules={onShowRules} />
      )}
    </section>
  );
}

function ImportPanel({ path }: { path: string }) {
  const id = useId();
  const { sources, run, close } = useImportStore(
    useShallow((s) => ({ sources: s.sources, run: s.run, close: s.close })),
  );
  const job = useJobsStore((s) => (run ? s.jobs[run.jobId] : undefined));
  const cancel = useJobsStore((s) => s.cancel);
  const busy = useImportBusy();
  const stage = !run ? 'choose' : !job || job.status === 'running' ? 'running' : 'done';

  return (
    <div className="import-panel" role="region" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className={stage === 'running' ? 'visually-hidden' : 'panel-title'}>
        {stage === 'done' ? 'Import results' : `Import ${formatCount(sources.length, 'file')}`}
      </h3>
      {stage === 'choose' && <ImportForm />}
      {stage === 'running' && job && (
        <ProgressBar
          label={job.label}
          done={job.done}
          total={job.total}
          phase={job.phase}
          format={formatBytes}
          onCancel={() => void cancel(job.jobId)}
          cancelling={job.cancelling}
        />
      )}
      {stage === 'running' && !job && <p className="muted">Starting…</p>}
      {stage === 'done' && job && (
        <>
          {job.status === 'failed' && <Alert message={job.message} />}
          {job.status === 'cancelled' && (
            <p className="notice" role="status">
              {job.message}
            </p>
          )}
          {Array.isArray(job.value) && (
            <ul className="results" aria-label="Import results">
              {(job.value as ImportOutcome[]).map((o) => (
                <ResultItem key={o.source} path={path} outcome={o} />
              ))}
            </ul>
          )}
          <div className="actions">
            <button type="button" className="button" onClick={close} disabled={busy}>
              Done
            </button>
          </div>
        </>
      )}
    </div>
  );
}

function ImportForm() {
  const id = useId();
  const s = useImportStore(
    useShallow((st) => ({
      sources: st.sources,
      format: st.format,
      hostName: st.hostName,
      formats: st.formats,
      formatsError: st.formatsError,
      starting: st.starting,
      error: st.error,
      setFormat: st.setFormat,
      setHostName: st.setHostName,
      start: st.start,
      close: st.close,
    })),
  );
  const chosen = s.format === DETECT ? undefined : s.formats?.find((f) => f.id === s.format);

  function submit(e: FormEvent) {
    e.preventDefault();
    void s.start();
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Import options">
      <ul className="chosen-files" aria-label="Chosen files">
        {s.sources.map((source) => (
          <li key={source} title={source}>
            <span className="mono">{baseName(source)}</span>
          </li>
        ))}
      </ul>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-format`}>Format</label>
          <select
            id={`${id}-format`}
            value={s.format}
            disabled={s.starting}
            onChange={(e) => s.setFormat(e.target.value)}
            aria-describedby={`${id}-format-hint`}
          >
            <option value={DETECT}>Detect automatically</option>
            {families.map((family) => {
              const members = (s.formats ?? []).filter((f) => f.family === family.id);
              if (members.length === 0) return null;
              return (
                <optgroup key={family.id} label={family.label}>
                  {members.map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.label}
                    </option>
                  ))}
                </optgroup>
              );
            })}
          </select>
          <p id={`${id}-format-hint`} className="hint">
            {chosen
              ? `Recognised by ${chosen.detector}; parser ${chosen.parserVersion}.`
              : 'Each file’s format is recognised from its content.'}
          </p>
        </div>
        {chosen?.needsHostName && (
          <div className="field">
            <label htmlFor={`${id}-host`}>
              Host name <span className="required">(required)</span>
            </label>
            <input
              id={`${id}-host`}
              type="text"
              spellCheck={false}
              value={s.hostName}
              disabled={s.starting}
              onChange={(e) => s.setHostName(e.target.value)}
              aria-describedby={`${id}-host-hint`}
            />
            <p id={`${id}-host-hint`} className="hint">
              The host the listing was taken on; its listeners are recorded against this name.
            </p>
          </div>
        )}
      </div>
      <Alert message={s.formatsError ? `The list of formats is unavailable: ${s.formatsError}` : null} />
      <Alert message={s.error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={s.starting}>
          {s.starting ? 'Starting…' : 'Import'}
        </button>
        <button type="button" className="button" onClick={s.close} disabled={s.starting}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ResultItem({ path, outcome }: { path: string; outcome: ImportOutcome }) {
  const retry = useImportStore((s) => s.retries[outcome.source]);
  const retryJob = useJobsStore((s) => (retry ? s.jobs[retry.jobId] : undefined));
  const retried =
    retryJob && retryJob.status !== 'running' && Array.isArray(retryJob.value)
      ? (retryJob.value as ImportOutcome[])[0]
      : undefined;
  const shown = retried ?? outcome;
  const fileName = shown.ok ? shown.result.fileName : baseName(shown.source);

  return (
    <li className={shown.ok ? 'result result-ok' : 'result result-failed'} data-testid="import-result">
      <div className="result-head">
        <span className="result-file mono" title={shown.source}>
          {fileName}
        </span>
        {shown.ok ? <span className="tag tag-ok">Imported</span> : <span className="tag tag-bad">Not imported</span>}
        {shown.ok && shown.result.hostName && (
          <span className="muted small">
            host <strong>{shown.result.hostName}</strong>
          </span>
        )}
      </div>
      {shown.ok ? (
        <ImportedSummary path={path} result={shown.result} />
      ) : (
        <>
          <p className="alert" role="alert">
            {shown.error.message}
          </p>
          <p className="muted small">Nothing was imported from this file.</p>
          {asksForHostName(shown.error) && <HostNameRetry source={shown.source} fileName={fileName} />}
        </>
      )}
    </li>
  );
}

function ImportedSummary({ path, result }: { path: string; result: ImportedRecord }) {
  const [showAll, setShowAll] = useState(false);
  const preview = result.firstNotes.slice(0, PREVIEW_NOTES);
  const more = result.noteCount > preview.length;
  return (
    <>
      <p className="result-summary" data-testid="import-summary">
        {importSummary(result)}
      </p>
      {result.noteCount > 0 && (
        <div className="result-notes">
          {showAll ? (
            <NotesList path={path} importId={result.importId} total={result.noteCount} />
          ) : (
            <NoteItems notes={preview} />
          )}
          {more && (
            <button
              type="button"
              className="button small quiet"
              aria-expanded={showAll}
              onClick={() => setShowAll((v) => !v)}
            >
              {showAll ? 'Show fewer notes' : `Show all ${formatCount(result.noteCount, 'note')}`}
            </button>
          )}
        </div>
      )}
    </>
  );
}

function HostNameRetry({ source, fileName }: { source: string; fileName: string }) {
  const id = useId();
  const retryWithHostName = useImportStore((s) => s.retryWithHostName);
  const retry = useImportStore((s) => s.retries[source]);
  const retryError = useImportStore((s) => s.retryErrors[source] ?? null);
  const retryJob = useJobsStore((s) => (retry ? s.jobs[retry.jobId] : undefined));
  const [hostName, setHostName] = useState('');
  const running = !!retry && (!retryJob || retryJob.status === 'running');

  function submit(e: FormEvent) {
    e.preventDefault();
    void retryWithHostName(source, hostName);
  }

  return (
    <form className="retry" onSubmit={submit} noValidate aria-label={`Host name for ${fileName}`}>
      <div className="field">
        <label htmlFor={`${id}-host`}>Host name for {fileName}</label>
        <div className="inline-field">
          <input
            id={`${id}-host`}
            type="text"
            spellCheck={false}
            value={hostName}
            disabled={running}
            onChange={(e) => setHostName(e.target.value)}
          />
          <button type="submit" className="button primary" disabled={running}>
            {running ? 'Importing…' : 'Import with this host name'}
          </button>
        </div>
      </div>
      <Alert message={retryError ?? (retryJob?.status === 'failed' ? retryJob.message : null)} />
    </form>
  );
}

/** Text that wraps only at its spaces: "nmap XML (-oX)" never breaks inside "(-oX)". */
function Unbroken({ text }: { text: string }) {
  const words = text.split(' ');
  return words.map((word, i) => (
    <Fragment key={i}>
      <span className="nowrap">{word}</span>
      {i < words.length - 1 ? ' ' : null}
    </Fragment>
  ));
}

function ImportsTable({
  path,
  imports,
  onShowObservations,
  onShowRules,
}: {
  path: string;
  imports: ImportRecord[];
  onShowObservations(importId: number): void;
  onShowRules(importId: number): void;
}) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <div className="table-wrap">
      <table className="table imports-table" aria-labelledby="imports-title">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Format</th>
            <th scope="col">Host</th>
            <th scope="col" className="num">
              Found
            </th>
            <th scope="col" className="num">
              Notes
            </th>
            <th scope="col">Imported (UTC)</th>
          </tr>
        </thead>
        <tbody>
          {imports.map((r, i) => (
            <Fragment key={r.importId}>
              <tr className={i % 2 === 1 ? 'row-alt' : undefined}>
                <td className="wrap-anywhere" title={`SHA-256 ${r.sha256}`}>
                  {r.fileName}
                </td>
                <td title={`parser ${r.parserVersion}`}>
                  <Unbroken text={r.formatLabel} />
                </td>
                <td className="wrap-anywhere">
                  {r.hostName ??
                    (r.ruleCount > 0 && r.hostCount === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <span className="muted nowrap">{formatCount(r.hostCount, 'host')}</span>
                    ))}
                </td>
                <td className="num">
                  {r.ruleCount > 0 && r.observationCount === 0 ? (
                    <button
                      type="button"
                      className="link-button nowrap"
                      title="Show these rules"
                      aria-label={`Show the ${formatCount(r.ruleCount, 'rule')} of ${r.fileName}`}
                      onClick={() => onShowRules(r.importId)}
                    >
                      {formatCount(r.ruleCount, 'rule')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="link-button"
                      title="Show these observations"
                      aria-label={`Show the ${formatCount(r.observationCount, 'observation')} of ${r.fileName}`}
                      onClick={() => onShowObservations(r.importId)}
                    >
                      {r.observationCount.toLocaleString('en-US')}
                    </button>
                  )}
                </td>
                <td className="num">
                  {r.noteCount === 0 ? (
                    <span className="muted">0</span>
                  ) : (
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={open === r.importId}
                      aria-label={`${formatCount(r.noteCount, 'coverage note')} for ${r.fileName}`}
                      onClick={() => setOpen((v) => (v === r.importId ? null : r.importId))}
                    >
                      {r.noteCount.toLocaleString('en-US')}
                    </button>
                  )}
                </td>
                <td className="nowrap" title={r.importedAt}>
                  {formatTime(r.importedAt, false)}
                  <div className="muted small">by {r.importedBy}</div>
                </td>
              </tr>
              {open === r.importId && (
                <tr className="expansion">
                  <td colSpan={6}>
                    <p className="expansion-title">Coverage notes for {r.fileName}</p>
                    <NotesList path={path} importId={r.importId} total={r.noteCount} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
