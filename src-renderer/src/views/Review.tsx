// The Review tab: the assessor's walk-through of the insecure items. Left, the queue with the
// engagement's readiness; right, the open item's review answering the auditor's three questions in
// order — why it is still needed, who decided and until when, which features mitigate it (where they are
// implemented, how they were tested) — with what is still missing on top. Edits save themselves.
import { useEffect } from 'react';
import { Alert } from '../components/Alert';
import { useEngagementStore } from '../store/engagement-store';
import { useEvidenceStore } from '../store/evidence-store';
import { importsVersionOf } from '../store/items-store';
import { useReviewStore } from '../store/review-store';
import { ReviewItem } from './ReviewItem';
import { ReviewQueue } from './ReviewQueue';

export function Review({ path }: { path: string }) {
  const imports = useEngagementStore((s) => s.imports);
  const version = importsVersionOf(imports);
  const readiness = useReviewStore((s) => s.readiness);
  const readinessError = useReviewStore((s) => s.readinessError);
  const open = useReviewStore((s) => s.open);
  const loadReadiness = useReviewStore((s) => s.loadReadiness);
  const loadRules = useReviewStore((s) => s.loadRules);
  const openItem = useReviewStore((s) => s.openItem);
  const flush = useReviewStore((s) => s.flush);
  const fileCount = useEngagementStore((s) => s.files.length);
  const loadEvidence = useEvidenceStore((s) => s.load);

  const reloadOpen = useReviewStore((s) => s.reloadOpen);

  // The queue, the rule lines and the open record (a scan may record planned tests) follow the imports.
  useEffect(() => {
    void loadReadiness(path);
    void loadRules(path);
    void reloadOpen(path);
  }, [path, version, loadReadiness, loadRules, reloadOpen]);

  // The evidence register (cited by links and proofs) grows with every stored file.
  useEffect(() => {
    void loadEvidence(path);
  }, [path, fileCount, loadEvidence]);

  // Leaving the tab saves what is pending.
  useEffect(() => () => void flush(path), [flush, path]);

  // The first item waiting for work opens by itself.
  const first = readiness?.items.find((i) => !i.auditReady) ?? readiness?.items[0];
  useEffect(() => {
    if (!open && first) void openItem(path, first.key);
  }, [open, first, openItem, path]);

  if (!readiness) {
    return readinessError ? <Alert message={readinessError} /> : <p className="muted">Loading the review queue…</p>;
  }
  if (readiness.total === 0) {
    return (
      <section className="card" aria-label="Review">
        <p className="empty" data-testid="review-empty">
          {imports.length === 0
            ? 'Nothing is imported yet: import a scan, a TLS or SSH assessment or a host listener inventory from the Overview tab.'
            : 'No insecure item to review: every service in use passes the engagement’s standard.'}
        </p>
      </section>
    );
  }
  return (
    <div className="review-layout">
      <ReviewQueue path={path} readiness={readiness} />
      <div className="review-main">
        <Alert message={readinessError} />
        {open ? <ReviewItem path={path} /> : <p className="muted">Choose an item in the queue.</p>}
      </div>
    </div>
  );
}
