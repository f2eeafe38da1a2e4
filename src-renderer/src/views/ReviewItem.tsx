// One insecure item under review: its heading, what still blocks it from being audit-ready (each with
// its fix) or "Audit-ready", how the autosave stands, then the three questions in order.
import { useId } from 'react';
import type { ReviewRecord, ReviewState, ValidationIssue } from '../api/types';
import { Alert } from '../components/Alert';
import { formatCount, formatTime } from '../format';
import { suggestionsFor } from '../review-labels';
import { useReviewStore, type SaveStatus } from '../store/review-store';
import { ReviewDecision } from './ReviewDecision';
import { ReviewFeatures } from './ReviewFeatures';
import { ReviewPeople } from './ReviewPeople';

export function ReviewItem({ path }: { path: string }) {
  const id = useId();
  const state = useReviewStore((s) => s.state);
  const draft = useReviewStore((s) => s.draft);
  const item = useReviewStore((s) => s.item);
  const loading = useReviewStore((s) => s.loading);
  const loadError = useReviewStore((s) => s.loadError);
  const edit = useReviewStore((s) => s.edit);
  const flush = useReviewStore((s) => s.flush);
  const suggestions = useReviewStore((s) => s.suggestions);

  if (loadError) return <Alert message={loadError} />;
  if (loading || !state || !draft || !item) return <p className="muted">Loading the review…</p>;

  const change = (c: (d: ReviewRecord) => ReviewRecord) => edit(path, c);
  return (
    <article
      className="card review-item"
      aria-labelledby={`${id}-title`}
      data-testid="review-item"
      data-key={state.itemKey}
      // Leaving a field saves at once what is pending.
      onBlur={() => void flush(path)}
    >
      <header className="review-head">
        <div className="card-head-text">
          <h2 id={`${id}-title`}>{item.item.summary}</h2>
          <p className="muted small">
            {item.rule.title} · {formatCount(item.item.hostCount, 'host')} · key{' '}
            <span className="mono">{state.itemKey}</span>
          </p>
        </div>
        <SaveState state={state} path={path} />
      </header>
      <Checklist state={state} />
      <ReviewDecision
        draft={draft}
        change={change}
        suggestions={suggestionsFor(
          suggestions,
          draft.features.flatMap((f) => f.implementedBy),
        )}
      />
      <ReviewPeople draft={draft} change={change} />
      <ReviewFeatures path={path} draft={draft} change={change} issues={state.issues} />
    </article>
  );
}

const statusText: Record<Exclude<SaveStatus, 'idle' | 'error'>, string> = {
  pending: 'Unsaved changes',
  saving: 'Saving…',
  saved: 'Saved',
};

function SaveState({ state, path }: { state: ReviewState; path: string }) {
  const status = useReviewStore((s) => s.status);
  const error = useReviewStore((s) => s.saveError);
  const undo = useReviewStore((s) => s.undo);
  const text =
    status === 'idle' || status === 'error'
      ? state.saved && state.updatedAt
        ? `Saved ${formatTime(state.updatedAt)} by ${state.updatedBy ?? 'unknown'}`
        : 'Nothing saved yet'
      : statusText[status];
  return (
    <div className="save-state">
      <p className={`save-text save-${status}`} role="status" aria-live="polite" data-testid="review-save">
        {status === 'error' ? 'Not saved' : text}
      </p>
      {state.undo?.available && (
        <button type="button" className="button small quiet" title={state.undo.detail} onClick={() => void undo(path)}>
          Undo last change
        </button>
      )}
      {error && status !== 'saved' && (
        <p className="alert save-error" role="alert" data-testid="review-save-error">
          {error}
        </p>
      )}
    </div>
  );
}

function Checklist({ state }: { state: ReviewState }) {
  const id = useId();
  const blockers = state.issues.filter((i) => i.severity === 'blocker');
  const advice = state.issues.filter((i) => i.severity === 'advice');
  return (
    <section
      className={state.auditReady ? 'checklist ready' : 'checklist missing'}
      aria-labelledby={`${id}-title`}
      data-testid="review-checklist"
    >
      <h3 id={`${id}-title`} className="checklist-title">
        {state.auditReady ? 'Audit-ready' : `Still missing: ${formatCount(blockers.length, 'item')}`}
      </h3>
      {blockers.length > 0 && <IssueList issues={blockers} testId="review-blocker" />}
      {advice.length > 0 && (
        <>
          <p className="sub-title">Advice</p>
          <IssueList issues={advice} testId="review-advice" />
        </>
      )}
    </section>
  );
}

function IssueList({ issues, testId }: { issues: ValidationIssue[]; testId: string }) {
  return (
    <ul className="issues">
      {issues.map((issue, i) => (
        <li
          key={`${issue.code}-${issue.feature ?? ''}-${i}`}
          className="issue"
          data-testid={testId}
          data-code={issue.code}
        >
          <span className="issue-message">{issue.message}</span> <span className="issue-fix">{issue.fix}</span>
        </li>
      ))}
    </ul>
  );
}
