// Drift between two scans of the engagement: what opened, closed, appeared or vanished, and what changed
// on ports that stayed open (service, version, TLS, script output) — with the changes that touch an
// insecure service marked. The core compares the pair once and pages the result; the summary tiles
// filter by kind. Below, the timeline of one service across every scan.
import { useEffect, useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { call, messageOf } from '../api/client';
import type { ImportRecord } from '../api/types';
import { Alert } from '../components/Alert';
import { PagerButtons } from '../components/PagerButtons';
import { formatCount, formatPageRange, formatTime } from '../format';
import {
  DRIFT_PAGE,
  driftKinds,
  isScanImport,
  kindLabels,
  useDriftStore,
  type DriftKind,
  type DriftPage,
  type DriftRequest,
} from '../store/drift-store';
import { useEngagementStore } from '../store/engagement-store';
import { importsVersionOf } from '../store/items-store';
import '../styles/drift.css';
import { DriftTable } from './DriftTable';
import { DriftTimeline } from './DriftTimeline';

type Answer = { key: string; page: DriftPage; error: null } | { key: string; page: null; error: string };

/** The chosen pair if both are scans of this engagement, else the last two scans. */
function pairOf(scans: ImportRecord[], from: number | null, to: number | null): [number, number] | null {
  const ids = scans.map((s) => s.importId);
  if (from !== null && to !== null && from !== to && ids.includes(from) && ids.includes(to)) return [from, to];
  const [a, b] = ids.slice(-2);
  return a !== undefined && b !== undefined ? [a, b] : null;
}

export function Drift({ path }: { path: string }) {
  const id = useId();
  const imports = useEngagementStore((s) => s.imports);
  const scans = useMemo(() => imports.filter(isScanImport), [imports]);
  const { from, to, change, insecureOnly, offset, setPair, setChange, setInsecureOnly, setOffset, showTimeline } =
    useDriftStore(
      useShallow((s) => ({
        from: s.from,
        to: s.to,
        change: s.change,
        insecureOnly: s.insecureOnly,
        offset: s.offset,
        setPair: s.setPair,
        setChange: s.setChange,
        setInsecureOnly: s.setInsecureOnly,
        setOffset: s.setOffset,
        showTimeline: s.showTimeline,
      })),
    );
  const pair = pairOf(scans, from, to);
  const key = pair
    ? JSON.stringify({
        request: {
          path,
          from: pair[0],
          to: pair[1],
          ...(change ? { change } : {}),
          ...(insecureOnly ? { insecure: true } : {}),
          offset,
          limit: DRIFT_PAGE,
        } satisfies DriftRequest,
        version: importsVersionOf(imports),
      })
    : null;
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    if (!key) return;
    let live = true;
    const { request } = JSON.parse(key) as { request: DriftRequest };
    call('drift.compare', request).then(
      (page) => live && setAnswer({ key, page, error: null }),
      (err: unknown) => live && setAnswer({ key, page: null, error: messageOf(err) }),
    );
    return () => {
      live = false;
    };
  }, [key]);

  const loading = answer?.key !== key;
  const page = answer?.page ?? null;

  return (
    <div className="drift">
      <section className="card" aria-labelledby={`${id}-title`}>
        <div className="card-head">
          <div className="card-head-text">
            <h2 id={`${id}-title`}>Drift between scans</h2>
            <p className="muted small">
              What changed from one scan to a later one: ports newly open, hosts new or gone, ports closed, and changed
              services, versions, TLS versions and script output. Insecure marks follow the engagement’s standard
              {page ? ` (version ${page.standardVersion})` : ''}.
            </p>
          </div>
        </div>
        {!pair ? (
          <p className="empty" data-testid="drift-empty">
            {scans.length === 0
              ? 'No scan is imported yet: import two scans of the same network from the Overview tab to compare them.'
              : 'Only one scan is imported: import a later scan of the same network to see what changed.'}
          </p>
        ) : (
          <>
            <PairPicker scans={scans} pair={pair} onChange={setPair} />
            <Alert message={answer?.error ?? null} />
            {page && <Summary page={page} change={change} onChange={setChange} />}
            <div className="filters drift-filters" role="search" aria-label="Filter the drift">
              <label className={insecureOnly ? 'check-chip checked' : 'check-chip'}>
                <input type="checkbox" checked={insecureOnly} onChange={(e) => setInsecureOnly(e.target.checked)} />
                Insecure only
              </label>
            </div>
            <div className="pager">
              <div className="pager-summary">
                <p className="pager-range" role="status" aria-live="polite" data-testid="drift-range">
                  {page ? rangeText(page, offset, change, insecureOnly) : 'Comparing…'}
                </p>
                {(change || insecureOnly) && (
                  <button
                    type="button"
                    className="button small quiet"
                    onClick={() => {
                      setChange('');
                      setInsecureOnly(false);
                    }}
                  >
                    Clear filters
                  </button>
                )}
              </div>
              {page && page.total > DRIFT_PAGE && (
                <PagerButtons total={page.total} offset={offset} pageSize={DRIFT_PAGE} setOffset={setOffset} />
              )}
            </div>
            {page && page.rows.length > 0 && (
              <DriftTable
                page={page}
                stale={loading}
                labelledBy={`${id}-title`}
                onTimeline={(service, host) => showTimeline({ service, host })}
              />
            )}
          </>
        )}
      </section>
      <DriftTimeline path={path} version={importsVersionOf(imports)} />
    </div>
  );
}

function scanLabel(r: ImportRecord): string {
  const when = r.meta.start ? formatTime(r.meta.start) : `imported ${formatTime(r.importedAt)}`;
  return `#${r.importId} ${r.fileName} (${when})`;
}

function PairPicker({
  scans,
  pair,
  onChange,
}: {
  scans: ImportRecord[];
  pair: [number, number];
  onChange(from: number, to: number): void;
}) {
  const id = useId();
  const select = (which: 'from' | 'to', label: string) => (
    <div className="field drift-scan">
      <label htmlFor={`${id}-${which}`}>{label}</label>
      <select
        id={`${id}-${which}`}
        value={String(which === 'from' ? pair[0] : pair[1])}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (which === 'from') onChange(v, v === pair[1] ? pair[0] : pair[1]);
          else onChange(v === pair[0] ? pair[1] : pair[0], v);
        }}
      >
        {scans.map((s) => (
          <option key={s.importId} value={String(s.importId)}>
            {scanLabel(s)}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="filters drift-pair" aria-label="Scans to compare" role="group">
      {select('from', 'Earlier scan')}
      <button
        type="button"
        className="button small drift-swap"
        onClick={() => onChange(pair[1], pair[0])}
        title="Swap the two scans"
      >
        ⇄ Swap
      </button>
      {select('to', 'Later scan')}
    </div>
  );
}

function Summary({
  page,
  change,
  onChange,
}: {
  page: DriftPage;
  change: DriftKind | '';
  onChange(kind: DriftKind | ''): void;
}) {
  const all = page.summary.reduce((n, s) => n + s.rows, 0);
  return (
    <ul className="drift-summary" aria-label="Changes by kind">
      <li>
        <button
          type="button"
          className={change === '' ? 'drift-tile chosen' : 'drift-tile'}
          aria-pressed={change === ''}
          onClick={() => onChange('')}
        >
          <span className="drift-tile-count">{all.toLocaleString('en-US')}</span>
          <span className="drift-tile-label">All changes</span>
        </button>
      </li>
      {driftKinds.map((kind) => {
        const s = page.summary.find((x) => x.kind === kind);
        const hosts = kind === 'new-host' || kind === 'host-gone';
        const gone = kind === 'closed' || kind === 'host-gone';
        return (
          <li key={kind}>
            <button
              type="button"
              className={`drift-tile drift-tile-${kind}${change === kind ? ' chosen' : ''}`}
              aria-pressed={change === kind}
              data-testid={`drift-tile-${kind}`}
              onClick={() => onChange(change === kind ? '' : kind)}
            >
              <span className="drift-tile-count">{(s?.rows ?? 0).toLocaleString('en-US')}</span>
              <span className="drift-tile-label">{kindLabels[kind]}</span>
              <span className="drift-tile-more">
                {hosts && s ? formatCount(s.hosts, 'host') : null}
                {s && s.insecure > 0 && (
                  <span className={gone ? 'drift-tile-fixed' : 'drift-tile-insecure'}>
                    {s.insecure} insecure{gone ? ' gone' : ''}
                  </span>
                )}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function rangeText(page: DriftPage, offset: number, change: DriftKind | '', insecure: boolean): string {
  if (page.total === 0) {
    if (change || insecure) return 'No change matches these filters.';
    return 'No drift: both scans saw the same services in use.';
  }
  const what = page.total === 1 ? 'change' : 'changes';
  return `${formatPageRange(offset, page.rows.length, page.total)} ${insecure ? 'insecure ' : ''}${what}${change ? ` (${kindLabels[change].toLowerCase()})` : ''}`;
}
