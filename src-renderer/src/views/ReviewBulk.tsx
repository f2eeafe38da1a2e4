// "Apply this feature to other items…": the same control often mitigates several items (one allowlist
// in front of FTP and Telnet). The feature is copied to every chosen item's review in one transaction
// (review.addFeature), covering all of each item's hosts; the outcome is reported per item.
import { useId, useState, type FormEvent } from 'react';
import type { SecurityFeature } from '../api/types';
import { formatCount } from '../format';
import { useReviewStore, type BulkOutcome } from '../store/review-store';

export function ReviewBulk({ path, feature, onClose }: { path: string; feature: SecurityFeature; onClose(): void }) {
  const id = useId();
  const open = useReviewStore((s) => s.open);
  const items = useReviewStore((s) => s.readiness?.items ?? []);
  const applyToOthers = useReviewStore((s) => s.applyToOthers);
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<BulkOutcome[] | null>(null);
  const others = items.filter((i) => i.key !== open);

  async function apply(e: FormEvent) {
    e.preventDefault();
    if (chosen.length === 0) return;
    setBusy(true);
    try {
      setOutcomes(await applyToOthers(path, feature, chosen));
      setChosen([]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="bulk" aria-labelledby={`${id}-title`} onSubmit={(e) => void apply(e)}>
      <p id={`${id}-title`} className="bulk-title">
        Copy “{feature.title}” with its links and tests to:
      </p>
      {others.length === 0 ? (
        <p className="muted">There is no other insecure item.</p>
      ) : (
        <ul className="bulk-items plain-list">
          {others.map((i) => (
            <li key={i.key}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(i.key)}
                  onChange={(e) => setChosen(e.target.checked ? [...chosen, i.key] : chosen.filter((k) => k !== i.key))}
                />
                <span>{i.summary}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {outcomes && (
        <ul className="bulk-outcomes plain-list" role="status" data-testid="review-bulk-outcome">
          {outcomes.map((o) => (
            <li key={o.key} className={o.error ? 'bulk-failed' : 'bulk-done'}>
              {o.error ? `Not added to ${o.summary}: ${o.error}` : `Added to ${o.summary}.`}
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="submit" className="button small primary" disabled={busy || chosen.length === 0}>
          {busy ? 'Applying…' : `Apply to ${formatCount(chosen.length, 'item')}`}
        </button>
        <button type="button" className="button small quiet" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
