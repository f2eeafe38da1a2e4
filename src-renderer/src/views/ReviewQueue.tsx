// The review queue: the engagement's readiness on top, then every insecure item with its severity,
// decision and status and whether it is audit-ready (or how many blockers it has). j/k or the arrow keys
// move through the queue, Home/End jump, Enter (or a click) opens the item.
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Readiness, ReadinessItem, Severity } from '../api/types';
import { SeverityTag, severities } from '../components/SeverityTag';
import { dispositionLabels, statusLabels } from '../review-labels';
import { useReviewStore } from '../store/review-store';

/** "Readiness 14% — 1 of 7 items audit-ready" */
export function readinessText(r: Pick<Readiness, 'score' | 'ready' | 'total'>): string {
  return `Readiness ${r.score}% — ${r.ready} of ${r.total} ${r.total === 1 ? 'item' : 'items'} audit-ready`;
}

function isSeverity(s: string): s is Severity {
  return (severities as readonly string[]).includes(s);
}

function blockers(item: ReadinessItem): number {
  return item.issues.filter((i) => i.severity === 'blocker').length;
}

export function ReviewQueue({ path, readiness }: { path: string; readiness: Readiness }) {
  const id = useId();
  const open = useReviewStore((s) => s.open);
  const openItem = useReviewStore((s) => s.openItem);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const items = readiness.items;
  const openIndex = Math.max(
    0,
    items.findIndex((i) => i.key === open),
  );
  const [cursor, setCursor] = useState(openIndex);
  const current = Math.min(cursor, items.length - 1);

  function move(to: number) {
    const next = Math.max(0, Math.min(items.length - 1, to));
    setCursor(next);
    buttons.current[next]?.focus();
  }

  function onKey(e: KeyboardEvent) {
    const next =
      e.key === 'j' || e.key === 'ArrowDown'
        ? current + 1
        : e.key === 'k' || e.key === 'ArrowUp'
          ? current - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? items.length - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    move(next);
  }

  const share = readiness.total === 0 ? 0 : readiness.ready / readiness.total;
  return (
    <section className="card review-queue" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        Review queue
      </h2>
      <div className="readiness" data-testid="review-readiness">
        <p className="readiness-text" role="status" aria-live="polite">
          {readinessText(readiness)}
        </p>
        <div className="readiness-track" aria-hidden="true">
          <div className="readiness-fill" style={{ width: `${Math.round(share * 100)}%` }} />
        </div>
        <p className="hint">j / k or ↑ / ↓ move through the queue, Enter opens.</p>
      </div>
      <ul className="queue" aria-labelledby={`${id}-title`} onKeyDown={onKey}>
        {items.map((item, i) => {
          const n = blockers(item);
          const isOpen = item.key === open;
          return (
            <li key={item.key} className={isOpen ? 'queue-item open' : 'queue-item'}>
              <button
                ref={(el) => {
                  buttons.current[i] = el;
                }}
                type="button"
                className="queue-button"
                data-testid="review-queue-item"
                data-key={item.key}
                tabIndex={i === current ? 0 : -1}
                aria-current={isOpen ? 'true' : undefined}
                onFocus={() => setCursor(i)}
                onClick={() => {
                  setCursor(i);
                  void openItem(path, item.key);
                }}
              >
                <span className="queue-top">
                  {isSeverity(item.severity) ? (
                    <SeverityTag severity={item.severity} />
                  ) : (
                    <span className="severity">{item.severity}</span>
                  )}
                  {item.auditReady ? (
                    <span className="queue-badge ready" data-testid="review-badge">
                      Ready
                    </span>
                  ) : (
                    <span className="queue-badge missing" data-testid="review-badge">
                      Missing {n}
                      <span className="visually-hidden"> {n === 1 ? 'blocker' : 'blockers'}</span>
                    </span>
                  )}
                </span>
                <span className="queue-summary">{item.summary}</span>
                <span className="queue-meta muted small">
                  {item.disposition
                    ? (dispositionLabels[item.disposition as keyof typeof dispositionLabels] ?? item.disposition)
                    : 'No decision'}{' '}
                  · {statusLabels[item.status as keyof typeof statusLabels] ?? item.status}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
