// Question three: which security features mitigate the risk, where are they implemented and how were
// they tested? One card per feature, and a short form that adds one (a feature needs a kind and a title).
import { useId, useState, type FormEvent } from 'react';
import type { FeatureKind, ReviewRecord, SecurityFeature, ValidationIssue } from '../api/types';
import { featureKindLabels, featureKinds } from '../review-labels';
import { ReviewFeature } from './ReviewFeature';

type Change = (c: (d: ReviewRecord) => ReviewRecord) => void;

export function ReviewFeatures({
  path,
  draft,
  change,
  issues,
}: {
  path: string;
  draft: ReviewRecord;
  change: Change;
  issues: ValidationIssue[];
}) {
  const id = useId();
  const update = (index: number) => (c: (f: SecurityFeature) => SecurityFeature) =>
    change((d) => ({ ...d, features: d.features.map((f, i) => (i === index ? c(f) : f)) }));
  const remove = (index: number) => () => change((d) => ({ ...d, features: d.features.filter((_, i) => i !== index) }));
  return (
    <section className="review-section" aria-labelledby={`${id}-title`} data-testid="review-features">
      <h3 id={`${id}-title`} className="review-question">
        <span className="question-number" aria-hidden="true">
          3
        </span>
        Which features mitigate it, where are they implemented, how were they tested?
      </h3>
      {draft.features.length === 0 ? (
        <p className="muted">
          No security feature yet. Add what mitigates the risk: an allowlist, MFA, a tunnel, logging…
        </p>
      ) : (
        <ol className="features">
          {draft.features.map((f, i) => (
            <ReviewFeature
              // Features have no id of their own: the position is their identity in the record.
              key={i}
              path={path}
              index={i}
              feature={f}
              change={update(i)}
              remove={remove(i)}
              issues={issues.filter((x) => x.feature === i)}
            />
          ))}
        </ol>
      )}
      <AddFeature onAdd={(f) => change((d) => ({ ...d, features: [...d.features, f] }))} />
    </section>
  );
}

function AddFeature({ onAdd }: { onAdd(feature: SecurityFeature): void }) {
  const id = useId();
  const [kind, setKind] = useState<FeatureKind>('network');
  const [title, setTitle] = useState('');

  function add(e: FormEvent) {
    e.preventDefault();
    if (title.trim() === '') return;
    onAdd({ kind, title: title.trim(), description: null, hosts: [], implementedBy: [], tests: [] });
    setTitle('');
  }

  return (
    <form className="add-feature" aria-label="Add a security feature" onSubmit={add}>
      <div className="field kind-field">
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as FeatureKind)}>
          {featureKinds.map((k) => (
            <option key={k} value={k}>
              {featureKindLabels[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-title`}>New feature</label>
        <input
          id={`${id}-title`}
          type="text"
          maxLength={300}
          placeholder="e.g. FTP reachable only from the backup server"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <button type="submit" className="button" disabled={title.trim() === ''}>
        Add feature
      </button>
    </form>
  );
}
