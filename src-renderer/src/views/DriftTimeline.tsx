// The timeline of one service (e.g. 23/tcp) across every scan import, in import order: for each host any
// scan saw on that port, what each scan said — its state and service, "not listed" when the scan covered
// the host without listing the port, "not scanned" when it did not cover the host. Paged by host.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { PagerButtons } from '../components/PagerButtons';
import { formatPageRange, formatTime } from '../format';
import {
  parseService,
  TIMELINE_PAGE,
  useDriftStore,
  type TimelineAnswer,
  type TimelineRequest,
} from '../store/drift-store';

type Answer = { key: string; value: TimelineAnswer; error: null } | { key: string; value: null; error: string };
type Cell = TimelineAnswer['hosts'][number]['cells'][number];

export function DriftTimeline({ path, version }: { path: string; version: string }) {
  const id = useId();
  const { draft, asked, offset, setDraft, show, setOffset } = useDriftStore(
    useShallow((s) => ({
      draft: s.timeline,
      asked: s.timelineFor,
      offset: s.timelineOffset,
      setDraft: s.setTimelineDraft,
      show: s.showTimeline,
      setOffset: s.setTimelineOffset,
    })),
  );
  const service = asked ? parseService(asked.service) : null;
  const invalid = asked !== null && asked.service !== '' && service === null;
  const key =
    asked && service
      ? JSON.stringify({
          request: {
            path,
            ...service,
            ...(asked.host ? { host: asked.host } : {}),
            offset,
            limit: TIMELINE_PAGE,
          } satisfies TimelineRequest,
          version,
        })
      : null;
  const [answer, setAnswer] = useState<Answer | null>(null);
  const section = useRef<HTMLElement>(null);

  // A row's port button asks from further up the page: bring the timeline into view.
  useEffect(() => {
    if (asked) section.current?.scrollIntoView?.({ block: 'nearest' });
  }, [asked]);

  useEffect(() => {
    if (!key) return;
    let live = true;
    const { request } = JSON.parse(key) as { request: TimelineRequest };
    call('drift.timeline', request).then(
      (value) => live && setAnswer({ key, value, error: null }),
      (err: unknown) => live && setAnswer({ key, value: null, error: messageOf(err) }),
    );
    return () => {
      live = false;
    };
  }, [key]);

  function submit(e: FormEvent) {
    e.preventDefault();
    show();
  }

  const current = answer && answer.key === key ? answer : null;
  const value = key ? (answer?.value ?? null) : null;
  return (
    <section ref={section} className="card drift-timeline" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <div className="card-head-text">
          <h2 id={`${id}-title`}>Timeline of a service</h2>
          <p className="muted small">
            One port across every scan, in import order: whether each host had it open, closed or filtered, did not list
            it, or was not scanned at all.
          </p>
        </div>
      </div>
      <form className="filters" onSubmit={submit} aria-label="Service to follow">
        <div className="field filter-port">
          <label htmlFor={`${id}-service`}>Port</label>
          <input
            id={`${id}-service`}
            type="text"
            spellCheck={false}
            placeholder="23/tcp"
            value={draft.service}
            aria-invalid={invalid}
            onChange={(e) => setDraft({ service: e.target.value })}
          />
        </div>
        <div className="field filter-asset">
          <label htmlFor={`${id}-host`}>Host (optional)</label>
          <input
            id={`${id}-host`}
            type="text"
            spellCheck={false}
            placeholder="address or name"
            value={draft.host}
            onChange={(e) => setDraft({ host: e.target.value })}
          />
        </div>
        <button type="submit" className="button">
          Show timeline
        </button>
      </form>
      {invalid && (
        <p className="filter-problem" role="alert">
          Expected a port such as 23/tcp, 161/udp or 443 (TCP).
        </p>
      )}
      <Alert message={answer && answer.key === key ? answer.error : null} />
      {value && (
        <>
          <div className="pager">
            <p className="pager-range" role="status" aria-live="polite" data-testid="timeline-range">
              {value.total === 0
                ? `No scan saw ${value.port}/${value.proto}${asked?.host ? ` on ${asked.host}` : ''}.`
                : `${formatPageRange(offset, value.hosts.length, value.total)} ${value.total === 1 ? 'host' : 'hosts'} seen on ${value.port}/${value.proto}`}
            </p>
            {value.total > TIMELINE_PAGE && (
              <PagerButtons total={value.total} offset={offset} pageSize={TIMELINE_PAGE} setOffset={setOffset} />
            )}
          </div>
          {value.hosts.length > 0 && <TimelineTable value={value} stale={!current} labelledBy={`${id}-title`} />}
        </>
      )}
    </section>
  );
}

function TimelineTable({ value, stale, labelledBy }: { value: TimelineAnswer; stale: boolean; labelledBy: string }) {
  const titles = new Map(value.rules.map((r) => [r.ruleId, r.title]));
  return (
    <div className={stale ? 'table-wrap stale' : 'table-wrap'} aria-busy={stale}>
      <table className="table timeline-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">Host</th>
            {value.imports.map((s) => (
              <th key={s.importId} scope="col" className="timeline-scan">
                <span className="mono">#{s.importId}</span> {s.fileName}
                <div className="muted small nowrap">
                  {s.startedAt ? formatTime(s.startedAt) : `imported ${formatTime(s.importedAt)}`}
                </div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {value.hosts.map((h) => (
            <tr key={h.host} data-testid="timeline-row" data-host={h.host}>
              <th scope="row">
                <span className="mono">{h.host}</span>
                {h.hostNames.length > 0 && <div className="muted small wrap-anywhere">{h.hostNames.join(', ')}</div>}
              </th>
              {h.cells.map((c, i) => (
                <td key={value.imports[i]?.importId ?? i} data-testid="timeline-cell">
                  <TimelineCell cell={c} titles={titles} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TimelineCell({ cell, titles }: { cell: Cell; titles: Map<string, string> }) {
  if (!cell.covered) return <span className="muted timeline-none">not scanned</span>;
  if (cell.state === null) return <span className="muted">not listed</span>;
  return (
    <>
      <span className={`state state-${cell.state.replace(/[^a-z]+/g, '-')}`}>{cell.state}</span>
      {cell.service && <span> {cell.service}</span>}
      {(cell.product || cell.version) && (
        <div className="muted small wrap-anywhere">{[cell.product, cell.version].filter(Boolean).join(' ')}</div>
      )}
      {cell.rules.map((r) => (
        <div key={r}>
          <span className="tag tag-bad">{titles.get(r) ?? r}</span>
        </div>
      ))}
    </>
  );
}
