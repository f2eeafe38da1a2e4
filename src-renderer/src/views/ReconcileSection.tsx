// One category of the reconciliation: its question, its rows (what, where, seen by which imports, what
// was found, what to do) and its notes — the assumptions made and what was left unjudged. An insecure
// item's name opens it in the Insecure items tab.
import { formatCount } from '../format';
import { dispositionLabels, statusLabels } from '../review-labels';
import type { ReconcileCategory, ReconcileRow } from '../store/reconcile-store';

export function ReconcileSection({
  headingId,
  category: c,
  stale,
  onShowItem,
}: {
  headingId: string;
  category: ReconcileCategory;
  stale: boolean;
  onShowItem(itemKey: string): void;
}) {
  return (
    <section
      className="card rc-section"
      aria-labelledby={headingId}
      data-testid="reconcile-category"
      data-category={c.id}
    >
      <div className="rc-section-head">
        <h2 id={headingId} tabIndex={-1}>
          {c.title}{' '}
          <span className="tab-count" data-testid="reconcile-count">
            {c.state === 'no-rulebase' ? '—' : c.count.toLocaleString('en-US')}
          </span>
        </h2>
        <p className="muted small">{c.question}</p>
      </div>
      {c.state === 'no-rulebase' ? (
        <p className="empty" data-testid="reconcile-empty">
          No rulebase is imported: import the firewall, host firewall or cloud security group rules from the Overview
          tab to answer this.
        </p>
      ) : c.count === 0 ? (
        <p className="empty" data-testid="reconcile-empty">
          Nothing found.
        </p>
      ) : (
        // Focusable and named: the table may scroll sideways, and keyboard users must be able to scroll it.
        <div
          className={stale ? 'table-wrap stale' : 'table-wrap'}
          aria-busy={stale}
          role="region"
          aria-label={`${c.title}: table`}
          tabIndex={0}
        >
          <table className="table rc-table" aria-labelledby={headingId}>
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Where</th>
                <th scope="col">Seen</th>
                <th scope="col">Found</th>
                <th scope="col">What to do</th>
              </tr>
            </thead>
            <tbody>
              {c.rows.map((r, i) => (
                <Row
                  key={`${r.kind}|${r.itemKey ?? r.title}|${r.host}|${r.endpoint}`}
                  row={r}
                  alt={i % 2 === 1}
                  onShowItem={onShowItem}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {c.truncated && (
        <p className="muted small">
          Showing {c.rows.length.toLocaleString('en-US')} of {formatCount(c.count, 'row')}; the CSV or JSON export has
          every row.
        </p>
      )}
      {c.notes.length > 0 && (
        <ul className="rc-notes small" aria-label={`Notes on ${c.title}`}>
          {c.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Row({ row: r, alt, onShowItem }: { row: ReconcileRow; alt: boolean; onShowItem(itemKey: string): void }) {
  const itemKey = r.itemKey;
  const decision = [
    r.disposition ? dispositionLabels[r.disposition] : null,
    r.status ? `exception ${statusLabels[r.status].toLowerCase()}` : null,
  ].filter(Boolean);
  return (
    <tr
      className={alt ? 'row-alt' : undefined}
      data-testid="reconcile-row"
      data-kind={r.kind}
      data-item={itemKey ?? ''}
      data-host={r.host ?? ''}
    >
      <td className="rc-what">
        {itemKey ? (
          <button type="button" className="link-button" onClick={() => onShowItem(itemKey)} title={`Open ${itemKey}`}>
            {r.title}
          </button>
        ) : (
          <span className={r.kind === 'rule' ? 'mono small' : undefined}>{r.title}</span>
        )}
        {decision.length > 0 && <div className="muted small">{decision.join(', ')}</div>}
      </td>
      <td className="rc-where">
        <span className="mono">{r.host ?? 'every host'}</span>
        {r.endpoint && <div className="mono small">{r.endpoint}</div>}
      </td>
      <td className="rc-seen small">
        {r.importIds.length > 0 && (
          <div>
            {r.kind === 'rule' ? 'rulebase ' : ''}
            {r.importIds.length === 1 ? 'import' : 'imports'} {r.importIds.map((i) => `#${i}`).join(', ')}
          </div>
        )}
        {r.lastSeen && <div className="muted">last {r.lastSeen.slice(0, 10)}</div>}
        {r.expiryDate && <div className="muted">expires {r.expiryDate}</div>}
        {r.rules.length > 0 && r.kind !== 'rule' && (
          <div className="muted" data-testid="reconcile-rules">
            admitted by {r.rules.join('; ')}
          </div>
        )}
      </td>
      <td className="rc-found">{r.finding}</td>
      <td className="rc-action">{r.action}</td>
    </tr>
  );
}
