// Engagements opened recently, most recent first, wherever they are; one that moved or broke says why
// and can be taken off the list.
import { useEffect, useId } from 'react';
import { Alert } from '../components/Alert';
import { formatTime } from '../format';
import { useWelcomeStore } from '../store/welcome-store';

export function RecentEngagements() {
  const id = useId();
  const recent = useWelcomeStore((s) => s.recent);
  const recentError = useWelcomeStore((s) => s.recentError);
  const busy = useWelcomeStore((s) => s.busy);
  const loadRecent = useWelcomeStore((s) => s.loadRecent);
  const openPath = useWelcomeStore((s) => s.openPath);
  const forget = useWelcomeStore((s) => s.forget);

  useEffect(() => {
    void loadRecent();
  }, [loadRecent]);

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Recent</h2>
      <Alert message={recentError} />
      {recent?.length === 0 && <p className="muted">Engagements you open appear here, the latest first.</p>}
      {recent && recent.length > 0 && (
        <ul className="recent-list" aria-labelledby={`${id}-title`}>
          {recent.map((r) => (
            <li key={r.path} className="recent-item">
              <button
                type="button"
                className="recent-open"
                disabled={busy !== null || r.problem !== null}
                title={r.path}
                onClick={() => void openPath(r.path)}
              >
                <span className="recent-entity">{r.entity ?? r.fileName}</span>
                <span className="recent-path mono small">{r.path}</span>
              </button>
              <span className="recent-when muted small">
                {busy === r.path ? 'Opening…' : `Opened ${formatTime(r.openedAt)}`}
              </span>
              {r.problem && <span className="recent-problem small">{r.problem}</span>}
              <button
                type="button"
                className="button quiet small recent-forget"
                aria-label={`Remove ${r.fileName} from the recent list`}
                onClick={() => void forget(r.path)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
