// One page of drift rows: the kind of change, the host and port, what the earlier and the later scan saw,
// what changed (fields, TLS versions, scripts, facts) and the insecure rules involved. A port opens its
// timeline across every scan.
import type { ReactNode } from 'react';
import { kindLabels, type DriftPage, type DriftRow, type DriftSide } from '../store/drift-store';

const FACTS_SHOWN = 4;

export function DriftTable({
  page,
  stale,
  labelledBy,
  onTimeline,
}: {
  page: DriftPage;
  stale: boolean;
  labelledBy: string;
  onTimeline(service: string, host: string): void;
}) {
  const titles = new Map(page.rules.map((r) => [r.ruleId, r.title]));
  return (
    <div className={stale ? 'table-wrap stale' : 'table-wrap'} aria-busy={stale}>
      <table className="table drift-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">Change</th>
            <th scope="col">Host</th>
            <th scope="col">Port</th>
            <th scope="col">Earlier scan</th>
            <th scope="col">Later scan</th>
            <th scope="col">What changed</th>
            <th scope="col">Insecure</th>
          </tr>
        </thead>
        <tbody>
          {page.rows.map((row, i) => (
            <tr
              key={`${row.kind}|${row.host}|${row.proto ?? ''}|${row.port ?? ''}`}
              className={`${i % 2 === 1 ? 'row-alt ' : ''}${row.insecure && !isGone(row) ? 'drift-insecure' : ''}`}
              data-testid="drift-row"
              data-kind={row.kind}
              data-host={row.host}
              data-port={row.port === null ? '' : `${row.port}/${row.proto}`}
            >
              <td>
                <span className={`drift-kind drift-kind-${row.kind}`}>{kindLabels[row.kind]}</span>
              </td>
              <td className="drift-host">
                <span className="mono">{row.host}</span>
                {row.hostNames.length > 0 && (
                  <div className="muted small wrap-anywhere">
                    {row.hostNames.filter((n) => n !== row.host).join(', ')}
                  </div>
                )}
              </td>
              <td className="nowrap">
                {row.port === null ? (
                  <span className="muted">whole host</span>
                ) : (
                  <button
                    type="button"
                    className="link-button mono"
                    title={`Timeline of ${row.port}/${row.proto} across every scan`}
                    onClick={() => onTimeline(`${row.port}/${row.proto}`, '')}
                  >
                    {row.port}/{row.proto}
                  </button>
                )}
              </td>
              <td>
                <Side side={row.before} />
              </td>
              <td>
                <Side side={row.after} />
              </td>
              <td className="wrap-anywhere">
                <Changes row={row} />
              </td>
              <td>
                <Insecure row={row} titles={titles} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Side({ side }: { side: DriftSide | null }) {
  if (!side) return <span className="muted">—</span>;
  const service = side.tunnel && side.service ? `${side.tunnel}/${side.service}` : side.service;
  return (
    <>
      <span className={`state state-${side.state.replace(/[^a-z]+/g, '-')}`}>{side.state}</span>
      {service && <span className="drift-service"> {service}</span>}
      {(side.product || side.version) && (
        <div className="muted small wrap-anywhere">{[side.product, side.version].filter(Boolean).join(' ')}</div>
      )}
    </>
  );
}

function Changes({ row }: { row: DriftRow }) {
  const items: ReactNode[] = row.fields.map((f) => (
    <li key={`f-${f.field}`}>
      {f.field} <span className="mono">{f.before ?? '—'}</span> → <span className="mono">{f.after ?? '—'}</span>
    </li>
  ));
  const c = row.content;
  if (c) {
    for (const v of c.tls.offered)
      items.push(
        <li key={`tls+${v}`}>
          <span className="tag tag-bad">{v}</span> newly offered
        </li>,
      );
    for (const v of c.tls.withdrawn)
      items.push(
        <li key={`tls-${v}`}>
          <span className="tag tag-ok">{v}</span> withdrawn
        </li>,
      );
    const scripts = [
      ...c.scripts.added.map((s) => `+${s}`),
      ...c.scripts.removed.map((s) => `−${s}`),
      ...c.scripts.changed.map((s) => `~${s}`),
    ];
    if (scripts.length > 0)
      items.push(
        <li key="scripts">
          scripts <span className="mono">{scripts.join(' ')}</span>
        </li>,
      );
    const facts = [...c.facts.added.map((f) => `+\u00a0${f}`), ...c.facts.removed.map((f) => `−\u00a0${f}`)];
    if (facts.length > 0)
      items.push(
        <li key="facts" className="drift-facts" title={facts.join('\n')}>
          {facts.slice(0, FACTS_SHOWN).map((f) => (
            <div key={f} className="mono small">
              {f}
            </div>
          ))}
          {facts.length > FACTS_SHOWN && <div className="muted small">and {facts.length - FACTS_SHOWN} more</div>}
        </li>,
      );
  }
  if (items.length === 0) return <span className="muted">—</span>;
  return <ul className="plain-list drift-changes">{items}</ul>;
}

/** Closed ports and vanished hosts: what they matched is no longer in use. */
function isGone(row: DriftRow): boolean {
  return row.kind === 'closed' || row.kind === 'host-gone';
}

function Insecure({ row, titles }: { row: DriftRow; titles: Map<string, string> }) {
  const gone = isGone(row);
  const now = gone ? row.rulesBefore : row.rulesAfter;
  // On a port still in use, rules the earlier scan matched and the later one does not.
  const fixed = gone ? [] : row.rulesBefore.filter((r) => !row.rulesAfter.includes(r));
  if (now.length === 0 && fixed.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="plain-list drift-rules">
      {now.map((r) => (
        <li key={r}>
          <span className={gone ? 'tag tag-ok' : 'tag tag-bad'} title={gone ? 'no longer in use' : 'in use'}>
            {titles.get(r) ?? r}
          </span>
        </li>
      ))}
      {fixed.map((r) => (
        <li key={`fixed-${r}`} className="small">
          <span className="muted">no longer:</span> {titles.get(r) ?? r}
        </li>
      ))}
    </ul>
  );
}
