// The Reconcile tab: what is open (scans, host listings) against what is documented (reviews and their
// exceptions, the in-use inventory, the imported rulebases). On top the day the exceptions are judged on
// and the expiry window, the export of every row (CSV or JSON, to a file the user picks), and one card per
// category with its count; below, each category's rows with what was found and what to do, each insecure
// item opening in the Insecure items tab.
import { useEffect, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Alert } from '../components/Alert';
import { formatCount } from '../format';
import { useEngagementStore } from '../store/engagement-store';
import { importsVersionOf } from '../store/items-store';
import { DEFAULT_DAYS, useReconcileStore, type ReconcileCategory } from '../store/reconcile-store';
import { useDebounced } from '../use-debounced';
import { ReconcileSection } from './ReconcileSection';
import '../styles/reconcile.css';

const DEBOUNCE_MS = 300;

export function Reconcile({ path, onShowItem }: { path: string; onShowItem(itemKey: string): void }) {
  const id = useId();
  const imports = useEngagementStore((s) => s.imports);
  const version = importsVersionOf(imports);
  const { answer, answeredPath, loading, error, asOf, days, load } = useReconcileStore(
    useShallow((s) => ({
      answer: s.answer,
      answeredPath: s.answeredPath,
      loading: s.loading,
      error: s.error,
      asOf: s.asOf,
      days: s.days,
      load: s.load,
    })),
  );
  const settledDays = useDebounced(days, DEBOUNCE_MS);

  useEffect(() => {
    void load(path);
  }, [path, version, asOf, settledDays, load]);

  const shown = answeredPath === path ? answer : null;
  const sectionId = (c: ReconcileCategory) => `${id}-${c.id}`;

  return (
    <div className="reconcile" aria-busy={loading}>
      <section className="card" aria-labelledby={`${id}-title`}>
        <div className="card-head">
          <div className="card-head-text">
            <h2 id={`${id}-title`}>Reconciliation</h2>
            <p className="muted small">
              What is open against what is documented: every insecure service the latest scans find open, the exceptions
              and inventory entries they no longer confirm, and the firewall rules that do not match what is in use.
              {shown && (
                <>
                  {' '}
                  As of {shown.asOf}: {formatCount(shown.snapshot.scanImports, 'scan import')} covering{' '}
                  {formatCount(shown.snapshot.hostsCovered, 'host')},{' '}
                  {formatCount(shown.snapshot.devices, 'rulebase device')}.
                </>
              )}
            </p>
          </div>
          <ReconcileExport path={path} />
        </div>
        <ReconcileControls />
        <Alert message={error} />
        {shown ? (
          <ul className="rc-cards" aria-label="Categories" data-testid="reconcile-cards">
            {shown.categories.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className={`rc-card ${c.state === 'no-rulebase' ? 'rc-card-off' : c.count > 0 ? 'rc-card-bad' : 'rc-card-ok'}`}
                  data-testid="reconcile-card"
                  data-category={c.id}
                  onClick={() => document.getElementById(sectionId(c))?.focus()}
                >
                  <span className="rc-count" data-testid="reconcile-card-count">
                    {c.state === 'no-rulebase' ? '—' : c.count.toLocaleString('en-US')}
                  </span>
                  <span className="rc-card-title">{c.title}</span>
                  {c.state === 'no-rulebase' && <span className="rc-card-note">No rulebase imported</span>}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          !error && <p className="muted">Reconciling…</p>
        )}
      </section>
      {shown?.categories.map((c) => (
        <ReconcileSection key={c.id} headingId={sectionId(c)} category={c} stale={loading} onShowItem={onShowItem} />
      ))}
    </div>
  );
}

function ReconcileControls() {
  const id = useId();
  const { asOf, days, setAsOf, setDays } = useReconcileStore(
    useShallow((s) => ({ asOf: s.asOf, days: s.days, setAsOf: s.setAsOf, setDays: s.setDays })),
  );
  return (
    <div className="rc-controls" role="group" aria-label="Judge on">
      <label className="inline-field" htmlFor={`${id}-asof`}>
        As of
        <input id={`${id}-asof`} type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
      </label>
      {!asOf && <span className="muted small">(today, by this computer’s clock)</span>}
      {asOf && (
        <button type="button" className="button small quiet" onClick={() => setAsOf('')}>
          Today
        </button>
      )}
      <label className="inline-field" htmlFor={`${id}-days`}>
        Expiring within
        <input
          id={`${id}-days`}
          type="number"
          min={0}
          max={3660}
          value={days}
          onChange={(e) => {
            const n = Number(e.target.value);
            setDays(Number.isInteger(n) && n >= 0 && n <= 3660 ? n : DEFAULT_DAYS);
          }}
        />
        days
      </label>
    </div>
  );
}

function ReconcileExport({ path }: { path: string }) {
  const { exporting, savedTo, exportError, exportAs } = useReconcileStore(
    useShallow((s) => ({
      exporting: s.exporting,
      savedTo: s.savedTo,
      exportError: s.exportError,
      exportAs: s.exportAs,
    })),
  );
  return (
    <div className="rc-export">
      <div className="toolbar">
        <button
          type="button"
          className="button"
          onClick={() => void exportAs(path, 'csv')}
          disabled={exporting !== null}
        >
          {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => void exportAs(path, 'json')}
          disabled={exporting !== null}
        >
          {exporting === 'json' ? 'Exporting…' : 'Export JSON'}
        </button>
      </div>
      <Alert message={exportError} />
      {savedTo && (
        <p className="muted small" role="status" data-testid="reconcile-saved">
          Saved to{' '}
          <span className="mono wrap-anywhere" data-testid="reconcile-saved-path">
            {savedTo}
          </span>
        </p>
      )}
    </div>
  );
}
