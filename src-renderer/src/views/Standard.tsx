// Standard: the engagement's copy of the insecure-services standard that the items are classified
// against. Its title and versions (the publisher's, and the engagement copy's with who changed what and
// when), the decision authority, the rules with whether each applies to this entity, the criteria that
// make a service insecure, the states that count as in use, and every version so far. Rules, criteria,
// the in-use states and the authority are edited here, each change one new version; the standard can be
// exported as Markdown.
import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { call, messageOf } from '../api/client';
import type { StandardVersion, StandardVersionInfo } from '../api/types';
import { Alert } from '../components/Alert';
import { formatTime, shortHash } from '../format';
import { useStandardStore } from '../store/standard-store';
import { StandardAuthority } from './StandardAuthority';
import { StandardCriteria } from './StandardCriteria';
import { StandardInUse } from './StandardInUse';
import { StandardRules } from './StandardRules';

export function Standard({ path }: { path: string }) {
  const { current, history, error, load } = useStandardStore(
    useShallow((s) => ({ current: s.current, history: s.history, error: s.error, load: s.load })),
  );

  useEffect(() => {
    void load(path);
  }, [load, path]);

  if (!current) return error ? <Alert message={error} /> : <p className="muted">Loading the standard…</p>;

  return (
    <div className="workbench standard">
      <div className="primary">
        <StandardHead path={path} current={current} />
        <Alert message={error} />
        <StandardRules path={path} document={current.document} />
      </div>
      <aside className="sidebar" aria-label="Decision authority, versions and criteria">
        <StandardAuthority path={path} authority={current.document.decisionAuthority} />
        <History history={history} />
        <StandardCriteria path={path} document={current.document} />
      </aside>
    </div>
  );
}

function StandardHead({ path, current }: { path: string; current: StandardVersion }) {
  const id = useId();
  const doc = current.document;
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  async function exportMarkdown() {
    setExporting(true);
    setExportError(null);
    setExported(null);
    try {
      // The face asks where to save it (native save dialog in the app) and writes it there.
      const file = await call('standard.export', { path, format: 'markdown', save: true });
      setExported(file.savedTo);
    } catch (err) {
      setExportError(messageOf(err));
    } finally {
      setExporting(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <div className="card-head-text">
          <h2 id={`${id}-title`} data-testid="standard-title">
            {doc.title}
          </h2>
          <p className="muted small">
            <span className="mono">{doc.id}</span> · version {doc.version}
          </p>
        </div>
        <button type="button" className="button" onClick={() => void exportMarkdown()} disabled={exporting}>
          {exporting ? 'Exporting…' : 'Export as Markdown'}
        </button>
      </div>
      <Alert message={exportError} />
      {exported && (
        <p className="muted small" role="status" data-testid="standard-saved">
          Saved to <span className="mono">{exported}</span>
        </p>
      )}
      <div className="standard-version" data-testid="standard-version">
        <p>
          <strong>Engagement copy version {current.version}</strong>{' '}
          <span className="muted">
            · {formatTime(current.createdAt)} by {current.createdBy}
          </span>
        </p>
        <p className="small">{current.change}</p>
        <p className="muted small mono" title={current.sha256}>
          SHA-256 {shortHash(current.sha256)}
        </p>
      </div>
      <dl className="kv standard-facts">
        <dt>Scope</dt>
        <dd>{doc.scope}</dd>
        <dt>In use</dt>
        <dd>
          <StandardInUse path={path} states={doc.inUseStates} />
        </dd>
      </dl>
    </section>
  );
}

function History({ history }: { history: StandardVersionInfo[] }) {
  const id = useId();
  const newestFirst = [...history].reverse();
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Version history</h2>
      <ol className="history" aria-labelledby={`${id}-title`} data-testid="standard-history">
        {newestFirst.map((v) => (
          <li key={v.version} className="history-entry" data-testid="standard-history-entry">
            <div className="history-head">
              <strong>Version {v.version}</strong>
              <span className="muted small">
                {formatTime(v.createdAt)} · {v.createdBy}
              </span>
            </div>
            <p className="small wrap-anywhere">{v.change}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
