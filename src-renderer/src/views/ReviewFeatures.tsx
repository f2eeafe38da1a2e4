// Question three: which security features mitigate the risk, where are they implemented and how were
// they tested? One card per feature, and a short form that adds one (a feature needs a kind and a title).
import { useId, useState, type FormEvent } from 'react';
import type { FeatureKind, ReviewRecord, SecurityFeature, ValidationIssue } from '../api/types';
import { featureKindLabels, featureKinds } from '../review-labels';
import { ReviewFeature } from './ReviewFeature';
import { WhyThisMatters } from '../components/WhyThisMatters';

type Change = (c: (d: ReviewRecord) => ReviewRecord) => void;

/**
 * Adds a feature with the id the core would give it: one above any id the record ever gave (its
 * featureSeq), so the id is known at once and stays the same through every save.
 */
function withNewFeature(d: ReviewRecord, f: SecurityFeature): ReviewRecord {
  const taken = d.features.map((x) => (x.id ? Number(x.id.slice(1)) : 0));
  const featureSeq = Math.max(d.featureSeq, ...taken) + 1;
  return { ...d, featureSeq, features: [...d.features, { ...f, id: `F${featureSeq}` }] };
}

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
      <WhyThisMatters topic="features" />
      {draft.features.length === 0 ? (
        <p className="muted">
          No security feature yet. Add what mitigates the risk: an allowlist, MFA, a tunnel, logging…
        </p>
      ) : (
        <ol className="features">
          {draft.features.map((f, i) => (
            <ReviewFeature
              // Saved features have an id; a draft's unsaved one (from an old record) keys by position.
              key={f.id ?? `at-${i}`}
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
      <AddFeature onAdd={(f) => change((d) => withNewFeature(d, f))} />
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
    onAdd({ kind, title: title.trim(), description: null, hosts: [], implementedBy: [], tickets: [], tests: [] });
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
