// Insecure items: the one screen that answers "show me every insecure service, protocol and port in
// use". Each item is one rule of the engagement's standard on one port, with how many hosts show it, on
// which networks, from which imports, and what the finding rests on; items are grouped by severity and
// open to their rule and per-host evidence. Below them, the rules the entity has declared not applicable,
// with the reason and what they would otherwise have covered.
import { useEffect, useId, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { InsecureItem, ItemBasis, ItemList, Severity } from '../api/types';
import { dispositionLabels, statusLabels } from '../review-labels';
import { Alert } from '../components/Alert';
import { SeverityTag, severities, severityLabels } from '../components/SeverityTag';
import { formatCount } from '../format';
import { useEngagementStore } from '../store/engagement-store';
import { importsVersionOf, matchesText, useItemsStore, type SeverityFilter } from '../store/items-store';
import { ItemDetailPanel } from './ItemDetail';

/** What an item rests on, in words. */
export const basisText: Record<ItemBasis, string> = {
  fact: 'evidence from a fact the tool recorded',
  service: 'the service name the tool reported',
  port: 'the port number only (the service was not identified)',
};

export function InsecureItems({ path }: { path: string }) {
  const id = useId();
  const imports = useEngagementStore((s) => s.imports);
  const version = importsVersionOf(imports);
  const { list, error, loading, text, severity, load, setText, setSeverity } = useItemsStore(
    useShallow((s) => ({
      list: s.list,
      error: s.error,
      loading: s.loading,
      text: s.text,
      severity: s.severity,
      load: s.load,
      setText: s.setText,
      setSeverity: s.setSeverity,
    })),
  );

  useEffect(() => {
    void load(path, version);
  }, [load, path, version]);

  if (!list) return error ? <Alert message={error} /> : <p className="muted">Loading insecure items…</p>;

  const shown = list.items.filter((i) => (severity === '' || i.severity === severity) && matchesText(i, text));
  const filtered = text.trim() !== '' || severity !== '';

  return (
    <div className="items-layout" aria-busy={loading}>
      <section className="card" aria-labelledby={`${id}-title`}>
        <div className="card-head">
          <div className="card-head-text">
            <h2 id={`${id}-title`}>Insecure items</h2>
            <p className="muted small">
              Insecure services, protocols and ports in use, classified against the engagement’s standard (version{' '}
              {list.standardVersion}). Open an item for its rule, its hosts and the evidence behind it.
            </p>
          </div>
        </div>
        <Alert message={error} />
        {list.items.length === 0 ? (
          <p className="empty" data-testid="items-empty">
            {imports.length === 0
              ? 'Nothing is imported yet: import a scan, a TLS or SSH assessment or a host listener inventory from the Overview tab.'
              : `No insecure service, protocol or port was found in the ${formatCount(imports.length, 'import')}.`}
          </p>
        ) : (
          <>
            <ItemFilters text={text} severity={severity} setText={setText} setSeverity={setSeverity} />
            <p className="pager-range" role="status" aria-live="polite" data-testid="items-summary">
              {summaryText(list.items, shown, filtered)}
            </p>
            {severities.map((s) => (
              <SeverityGroup key={s} path={path} severity={s} items={shown.filter((i) => i.severity === s)} />
            ))}
          </>
        )}
      </section>
      <NotApplicable rules={list.notApplicable} />
    </div>
  );
}

function summaryText(all: InsecureItem[], shown: InsecureItem[], filtered: boolean): string {
  const bySeverity = severities
    .map((s) => `${shown.filter((i) => i.severity === s).length.toLocaleString('en-US')} ${s}`)
    .join(', ');
  if (!filtered) return `${formatCount(all.length, 'insecure item')}: ${bySeverity}`;
  if (shown.length === 0) return `No item matches these filters (of ${formatCount(all.length, 'item')}).`;
  return `${shown.length.toLocaleString('en-US')} of ${formatCount(all.length, 'item')} match: ${bySeverity}`;
}

function ItemFilters({
  text,
  severity,
  setText,
  setSeverity,
}: {
  text: string;
  severity: SeverityFilter;
  setText(text: string): void;
  setSeverity(severity: SeverityFilter): void;
}) {
  const id = useId();
  return (
    <div className="filters" role="search" aria-label="Filter insecure items">
      <div className="field filter-text">
        <label htmlFor={`${id}-text`}>Search</label>
        <input
          id={`${id}-text`}
          type="search"
          spellCheck={false}
          placeholder="Rule, service, port, network or file"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="field filter-narrow">
        <label htmlFor={`${id}-severity`}>Severity</label>
        <select id={`${id}-severity`} value={severity} onChange={(e) => setSeverity(e.target.value as SeverityFilter)}>
          <option value="">Any</option>
          {severities.map((s) => (
            <option key={s} value={s}>
              {severityLabels[s]}
            </option>
          ))}
        </select>
      </div>
      {(text !== '' || severity !== '') && (
        <button
          type="button"
          className="button quiet filter-clear"
          onClick={() => {
            setText('');
            setSeverity('');
          }}
        >
          Clear filters
        </button>
      )}
    </div>
  );
}

function SeverityGroup({ path, severity, items }: { path: string; severity: Severity; items: InsecureItem[] }) {
  const id = useId();
  if (items.length === 0) return null;
  return (
    <section className="severity-group" aria-labelledby={`${id}-head`}>
      <h3 id={`${id}-head`} className="severity-head">
        <SeverityTag severity={severity} />
        <span className="muted small">{formatCount(items.length, 'item')}</span>
        <span className="visually-hidden"> of {severityLabels[severity].toLowerCase()} severity</span>
      </h3>
      <ul className="items" aria-labelledby={`${id}-head`}>
        {items.map((item) => (
          <ItemRow key={item.key} path={path} item={item} />
        ))}
      </ul>
    </section>
  );
}

function ItemRow({ path, item }: { path: string; item: InsecureItem }) {
  const detailId = useId();
  const open = useItemsStore((s) => s.open === item.key);
  const toggle = useItemsStore((s) => s.toggle);
  const reveal = useItemsStore((s) => s.reveal === item.key);
  const revealed = useItemsStore((s) => s.revealed);
  const head = useRef<HTMLButtonElement>(null);
  // Opened from the inventory: bring it into view and give it focus, once.
  useEffect(() => {
    if (!reveal) return;
    head.current?.scrollIntoView({ block: 'start' });
    head.current?.focus({ preventScroll: true });
    revealed();
  }, [reveal, revealed]);
  const rest = item.summary.startsWith(item.title) ? item.summary.slice(item.title.length) : null;
  return (
    <li className={open ? 'item open' : 'item'} data-testid="insecure-item" data-key={item.key}>
      <button
        ref={head}
        type="button"
        className="item-head"
        aria-expanded={open}
        aria-controls={open ? detailId : undefined}
        onClick={() => void toggle(path, item.key)}
      >
        <span className="item-toggle" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <span className="item-summary" data-testid="item-summary">
          {rest === null ? (
            item.summary
          ) : (
            <>
              <strong>{item.title}</strong>
              {rest}
            </>
          )}
        </span>
        <span className="item-counts" data-testid="item-counts">
          {formatCount(item.hostCount, 'host')} · {formatCount(item.observationCount, 'observation')}
        </span>
      </button>
      <dl className="item-facts">
        <div>
          <dt>Basis</dt>
          <dd className={`basis basis-${item.basis}`} data-testid="item-basis">
            {basisText[item.basis]}
          </dd>
        </div>
        <div>
          <dt>Networks</dt>
          <dd>
            {item.networks.length === 0 ? (
              <span className="muted">none recorded</span>
            ) : (
              item.networks.map((n, i) => (
                <span key={n.network}>
                  {i > 0 && ', '}
                  <span className="mono">{n.network}</span>{' '}
                  <span className="muted">({formatCount(n.hosts, 'host')})</span>
                </span>
              ))
            )}
          </dd>
        </div>
        <div>
          <dt>Sources</dt>
          <dd className="wrap-anywhere">{item.sources.map((s) => s.fileName).join(', ')}</dd>
        </div>
        <div>
          <dt>Review</dt>
          <dd className="wrap-anywhere" data-testid="item-review">
            {item.review
              ? `${item.review.disposition ? dispositionLabels[item.review.disposition] : 'No decision'} · ${statusLabels[item.review.status]}${item.review.justification ? ` — ${item.review.justification}` : ''}`
              : 'Not reviewed yet'}
          </dd>
        </div>
      </dl>
      {open && (
        <div id={detailId} className="item-detail-wrap">
          <ItemDetailPanel />
        </div>
      )}
    </li>
  );
}

function NotApplicable({ rules }: { rules: ItemList['notApplicable'] }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="not-applicable">
      <div className="card-head">
        <div className="card-head-text">
          <h2 id={`${id}-title`}>Not applicable to this entity</h2>
          <p className="muted small">
            Rules of the standard the entity has declared not applicable, with its reason. They raise no items; the
            counts say what they would otherwise cover. Change this in the Standard tab.
          </p>
        </div>
      </div>
      {rules.length === 0 ? (
        <p className="muted">Every rule of the standard applies to this entity.</p>
      ) : (
        <ul className="na-list">
          {rules.map((r) => (
            <li key={r.ruleId} className="na-rule" data-testid="not-applicable-rule">
              <div className="na-head">
                <strong>{r.title}</strong> <span className="mono small muted">{r.ruleId}</span>
                <span className="na-counts muted small">
                  would cover {formatCount(r.hostCount, 'host')}, {formatCount(r.observationCount, 'observation')}
                </span>
              </div>
              <p className="na-reason prewrap">{r.reason}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
