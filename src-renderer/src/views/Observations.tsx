// Observations: every service/port the imports saw, one page at a time. Filtering, sorting and paging
// are all done by the core's SQLite query; the table holds one page (100 rows) and nothing is filtered
// here, so it stays as fast with a million observations as with ten. A row opens to its details: names,
// product, CPEs, the facts that later decide whether a service is insecure, and raw script output.
import { Fragment, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { call, messageOf } from '../api/client';
import type { ImportRecord, ObservationFilter, ObservationQuery, ObservationRow, ObservationSort } from '../api/types';
import { Alert } from '../components/Alert';
import { formatCount, formatPageRange, formatTime } from '../format';
import { useEngagementStore } from '../store/engagement-store';
import { emptyObservationDraft, useObservationsStore, type ObservationDraft } from '../store/observations-store';
import { PagerButtons } from '../components/PagerButtons';
import { useDebounced } from '../use-debounced';

export const PAGE_SIZE = 100;
const DEBOUNCE_MS = 250;
const states = ['open', 'closed', 'filtered', 'open|filtered', 'closed|filtered', 'unfiltered', 'listening'];
const protos = ['tcp', 'udp', 'sctp'] as const;

/** A port as typed: undefined when blank, null when it is not a port number. */
function parsePort(text: string): number | undefined | null {
  if (text === '') return undefined;
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

function filterOf(draft: ObservationDraft, text: string, service: string, port: number | undefined | null) {
  const filter: ObservationFilter = {};
  if (text) filter.text = text;
  if (service) filter.service = service;
  if (typeof port === 'number') filter.port = port;
  if (draft.state) filter.state = draft.state;
  if (draft.proto) filter.proto = draft.proto;
  if (draft.importId) filter.importId = Number(draft.importId);
  return filter;
}

type Answer = { key: string; total: number; rows: ObservationRow[]; error: null } | { key: string; error: string };

export function Observations({ path }: { path: string }) {
  const id = useId();
  const imports = useEngagementStore((s) => s.imports);
  const { draft, sort, descending, offset, setDraft, sortBy, setOffset } = useObservationsStore(
    useShallow((s) => ({
      draft: s.draft,
      sort: s.sort,
      descending: s.descending,
      offset: s.offset,
      setDraft: s.setDraft,
      sortBy: s.sortBy,
      setOffset: s.setOffset,
    })),
  );
  const text = useDebounced(draft.text.trim(), DEBOUNCE_MS);
  const service = useDebounced(draft.service.trim(), DEBOUNCE_MS);
  const portText = useDebounced(draft.port.trim(), DEBOUNCE_MS);
  const port = parsePort(portText);
  const [expanded, setExpanded] = useState<number | null>(null);

  // One key per distinct question; a new import changes the answer, so it is part of the key.
  const importsVersion = `${imports.length}:${imports.at(-1)?.importId ?? 0}`;
  const key = JSON.stringify({
    request: {
      path,
      filter: filterOf(draft, text, service, port),
      offset,
      limit: PAGE_SIZE,
      sort,
      descending,
    } satisfies ObservationQuery,
    importsVersion,
  });
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    let live = true;
    const { request } = JSON.parse(key) as { request: ObservationQuery };
    call('observation.query', request).then(
      (page) => {
        if (live) setAnswer({ key, total: page.total, rows: page.rows, error: null });
      },
      (err: unknown) => {
        if (live) setAnswer({ key, error: messageOf(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [key]);

  const loading = answer?.key !== key;
  const page = answer && answer.error === null ? answer : null;
  const importNames = useMemo(() => new Map(imports.map((r) => [r.importId, r.fileName])), [imports]);
  const filtered = JSON.stringify(draft) !== JSON.stringify(emptyObservationDraft);

  return (
    <section className="card observations" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <div className="card-head-text">
          <h2 id={`${id}-title`}>Observations</h2>
          <p className="muted small">Services and ports seen by every import. Open a row for its facts and evidence.</p>
        </div>
      </div>
      <FilterBar draft={draft} imports={imports} setDraft={setDraft} portInvalid={port === null} />
      <div className="pager">
        <div className="pager-summary">
          <p className="pager-range" role="status" aria-live="polite" data-testid="observations-range">
            {page ? rangeText(page.total, offset, page.rows.length, filtered, imports.length) : 'Loading…'}
          </p>
          {filtered && (
            <button type="button" className="button small quiet" onClick={() => setDraft(emptyObservationDraft)}>
              Clear filters
            </button>
          )}
        </div>
        {page && page.total > PAGE_SIZE && (
          <PagerButtons total={page.total} offset={offset} pageSize={PAGE_SIZE} setOffset={setOffset} />
        )}
      </div>
      <Alert message={answer?.error ?? null} />
      {page && page.rows.length > 0 && (
        <div className={loading ? 'table-wrap stale' : 'table-wrap'} aria-busy={loading}>
          <table className="table obs-table" aria-labelledby={`${id}-title`}>
            <thead>
              <tr>
                <th scope="col" className="cell-toggle">
                  <span className="visually-hidden">Details</span>
                </th>
                <SortHeader column="host_ip" label="Host" sort={sort} descending={descending} sortBy={sortBy} />
                <SortHeader column="port" label="Port" sort={sort} descending={descending} sortBy={sortBy} num />
                <SortHeader column="proto" label="Proto" sort={sort} descending={descending} sortBy={sortBy} />
                <SortHeader column="state" label="State" sort={sort} descending={descending} sortBy={sortBy} />
                <SortHeader column="service" label="Service" sort={sort} descending={descending} sortBy={sortBy} />
                <SortHeader column="product" label="Product" sort={sort} descending={descending} sortBy={sortBy} />
                <th scope="col" className="num">
                  Facts
                </th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row, i) => (
                <ObservationRows
                  key={row.observationId}
                  row={row}
                  alt={i % 2 === 1}
                  open={expanded === row.observationId}
                  importName={importNames.get(row.importId) ?? `import ${row.importId}`}
                  onToggle={() => setExpanded((v) => (v === row.observationId ? null : row.observationId))}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && page.total > PAGE_SIZE && page.rows.length > 20 && (
        <div className="pager pager-bottom">
          <p className="pager-range muted">{formatPageRange(offset, page.rows.length, page.total)}</p>
          <PagerButtons total={page.total} offset={offset} pageSize={PAGE_SIZE} setOffset={setOffset} />
        </div>
      )}
    </section>
  );
}

function rangeText(total: number, offset: number, shown: number, filtered: boolean, imports: number): string {
  if (total === 0) {
    if (filtered) return 'No observations match these filters.';
    return imports === 0 ? 'No observations yet: import a scan or a host listing first.' : 'No observations.';
  }
  if (shown === 0) return `No rows on this page; ${formatCount(total, 'observation')} in all.`;
  return formatPageRange(offset, shown, total);
}

function FilterBar({
  draft,
  imports,
  setDraft,
  portInvalid,
}: {
  draft: ObservationDraft;
  imports: ImportRecord[];
  setDraft(patch: Partial<ObservationDraft>): void;
  portInvalid: boolean;
}) {
  const id = useId();
  return (
    <div className="filters" role="search" aria-label="Filter observations">
      <div className="field filter-text">
        <label htmlFor={`${id}-text`}>Search</label>
        <input
          id={`${id}-text`}
          type="search"
          spellCheck={false}
          placeholder="Host, name, service, product, version or fact"
          value={draft.text}
          onChange={(e) => setDraft({ text: e.target.value })}
        />
      </div>
      <div className="field filter-narrow">
        <label htmlFor={`${id}-state`}>State</label>
        <select id={`${id}-state`} value={draft.state} onChange={(e) => setDraft({ state: e.target.value })}>
          <option value="">Any</option>
          {states.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field filter-narrow">
        <label htmlFor={`${id}-proto`}>Protocol</label>
        <select
          id={`${id}-proto`}
          value={draft.proto}
          onChange={(e) => setDraft({ proto: e.target.value as ObservationDraft['proto'] })}
        >
          <option value="">Any</option>
          {protos.map((p) => (
            <option key={p} value={p}>
              {p.toUpperCase()}
            </option>
          ))}
        </select>
      </div>
      <div className="field filter-port">
        <label htmlFor={`${id}-port`}>Port</label>
        <input
          id={`${id}-port`}
          type="text"
          inputMode="numeric"
          spellCheck={false}
          value={draft.port}
          aria-invalid={portInvalid}
          aria-describedby={portInvalid ? `${id}-port-problem` : undefined}
          onChange={(e) => setDraft({ port: e.target.value })}
        />
      </div>
      <div className="field filter-service">
        <label htmlFor={`${id}-service`}>Service</label>
        <input
          id={`${id}-service`}
          type="text"
          spellCheck={false}
          placeholder="exact, e.g. ssh"
          value={draft.service}
          onChange={(e) => setDraft({ service: e.target.value })}
        />
      </div>
      {imports.length > 1 && (
        <div className="field filter-import">
          <label htmlFor={`${id}-import`}>Import</label>
          <select id={`${id}-import`} value={draft.importId} onChange={(e) => setDraft({ importId: e.target.value })}>
            <option value="">All imports</option>
            {imports.map((r) => (
              <option key={r.importId} value={String(r.importId)}>
                {r.fileName}
              </option>
            ))}
          </select>
        </div>
      )}
      {portInvalid && (
        <p id={`${id}-port-problem`} className="filter-problem" role="alert">
          The port must be a number from 0 to 65535; it is left out of the search.
        </p>
      )}
    </div>
  );
}

function SortHeader({
  column,
  label,
  sort,
  descending,
  sortBy,
  num,
}: {
  column: ObservationSort;
  label: string;
  sort: ObservationSort;
  descending: boolean;
  sortBy(column: ObservationSort): void;
  num?: boolean;
}) {
  const active = sort === column;
  return (
    <th
      scope="col"
      className={num ? 'num sortable' : 'sortable'}
      aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
    >
      <button type="button" className={active ? 'sort active' : 'sort'} onClick={() => sortBy(column)}>
        {label}
        <span className="sort-mark" aria-hidden="true">
          {active ? (descending ? '▼' : '▲') : '↕'}
        </span>
      </button>
    </th>
  );
}

function hostOf(row: ObservationRow): string {
  return row.hostIp ?? row.hostNames[0] ?? '—';
}

function ObservationRows({
  row,
  alt,
  open,
  importName,
  onToggle,
}: {
  row: ObservationRow;
  alt: boolean;
  open: boolean;
  importName: string;
  onToggle(): void;
}) {
  const detailsId = useId();
  const host = hostOf(row);
  const name = row.hostIp ? row.hostNames[0] : row.hostNames[1];
  return (
    <Fragment>
      <tr
        className={`obs-row${alt ? ' row-alt' : ''}${open ? ' open' : ''}`}
        data-testid="observation"
        onClick={onToggle}
      >
        <td className="cell-toggle">
          <button
            type="button"
            className="toggle"
            aria-expanded={open}
            aria-controls={open ? detailsId : undefined}
            aria-label={`Details of ${host} ${row.proto}/${row.port}`}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        </td>
        <td>
          <span className="mono">{host}</span>
          {name && <div className="muted small wrap-anywhere">{name}</div>}
        </td>
        <td className="num mono">{row.port}</td>
        <td className="mono">{row.proto}</td>
        <td>
          <span className={`state state-${row.state.replace(/[^a-z]+/g, '-')}`}>{row.state}</span>
        </td>
        <td>
          {row.service ?? <span className="muted">—</span>}
          {row.tunnel && <span className="tag tag-quiet">{row.tunnel}</span>}
        </td>
        <td className="wrap-anywhere">
          {row.product ?? (row.version ? null : <span className="muted">—</span>)}
          {row.version && <span className="muted"> {row.version}</span>}
        </td>
        <td className="num">{row.facts.length > 0 ? row.facts.length : <span className="muted">0</span>}</td>
      </tr>
      {open && (
        <tr className="expansion" id={detailsId}>
          <td colSpan={8}>
            <ObservationDetails row={row} importName={importName} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

function ObservationDetails({ row, importName }: { row: ObservationRow; importName: string }) {
  const fields: [string, ReactNode][] = [];
  const add = (label: string, value: ReactNode | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') fields.push([label, value]);
  };
  add('Host names', row.hostNames.length > 0 ? row.hostNames.join(', ') : null);
  add('MAC', row.mac);
  add('Product', row.product);
  add('Version', row.version);
  add('Extra info', row.extraInfo);
  add('Tunnel', row.tunnel);
  add('Reason', row.reason);
  add(
    'Identified by',
    row.method ? `${row.method}${row.confidence !== null ? ` (confidence ${row.confidence}/10)` : ''}` : null,
  );
  add('Process', row.process);
  add('Bind address', row.bindAddress && <span className="mono">{row.bindAddress}</span>);
  add('Seen', row.seenAt && formatTime(row.seenAt));
  add(
    'CPEs',
    row.cpes.length > 0 ? (
      <ul className="plain-list mono">
        {row.cpes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    ) : null,
  );
  add('Import', importName);

  return (
    <div className="obs-details" data-testid="observation-details">
      <dl className="kv">
        {fields.map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      <div className="obs-evidence">
        <h3 className="sub-title">Facts</h3>
        {row.facts.length === 0 ? (
          <p className="muted small">No facts recorded for this service.</p>
        ) : (
          <div className="table-wrap">
            <table className="table facts-table">
              <caption className="visually-hidden">Facts</caption>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Value</th>
                  <th scope="col">Source</th>
                  <th scope="col">Evidence</th>
                </tr>
              </thead>
              <tbody>
                {row.facts.map((f, i) => (
                  <tr key={i}>
                    <td className="mono nowrap">{f.key}</td>
                    <td className="wrap-anywhere">{f.value}</td>
                    <td className="mono small">{f.source}</td>
                    <td className="mono small evidence">{f.evidence}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {row.scripts.length > 0 && (
          <>
            <h3 className="sub-title">Script output</h3>
            {row.scripts.map((s, i) => (
              <figure key={i} className="script">
                <figcaption className="mono">{s.id}</figcaption>
                <pre>{s.output}</pre>
              </figure>
            ))}
          </>
        )}
      </div>
    </div>
  );
}
