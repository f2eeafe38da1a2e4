// The criteria of the standard: what makes a service, protocol or port insecure. Each can be edited
// (title, description) or removed after a confirmation — the core refuses while a rule still uses it and
// says which — and new criteria added. Each change is one edit: a new version and an audit entry.
import { useId, useState, type FormEvent } from 'react';
import { messageOf } from '../api/client';
import type { StandardDocument } from '../api/types';
import { Alert } from '../components/Alert';
import { formatCount } from '../format';
import { useStandardStore } from '../store/standard-store';

type Criterion = StandardDocument['criteria'][number];

export function StandardCriteria({ path, document }: { path: string; document: StandardDocument }) {
  const id = useId();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const used = (c: string) => document.rules.filter((r) => r.criteria.includes(c)).length;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <h2 id={`${id}-title`}>Criteria</h2>
        {!adding && (
          <button type="button" className="button" aria-label="Add a criterion" onClick={() => setAdding(true)}>
            Add
          </button>
        )}
      </div>
      <p className="muted small">What makes a service, protocol or port insecure under this standard.</p>
      {adding && <CriterionForm path={path} document={document} criterion={null} onDone={() => setAdding(false)} />}
      <dl className="criteria" data-testid="standard-criteria">
        {document.criteria.map((c) =>
          editing === c.id ? (
            <div key={c.id} className="criterion">
              <dt className="visually-hidden">{c.title}</dt>
              <dd>
                <CriterionForm path={path} document={document} criterion={c} onDone={() => setEditing(null)} />
              </dd>
            </div>
          ) : (
            <CriterionEntry key={c.id} path={path} criterion={c} used={used(c.id)} onEdit={() => setEditing(c.id)} />
          ),
        )}
      </dl>
    </section>
  );
}

interface EntryProps {
  path: string;
  criterion: Criterion;
  used: number;
  onEdit(): void;
}

function CriterionEntry({ path, criterion: c, used, onEdit }: EntryProps) {
  const edit = useStandardStore((s) => s.edit);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await edit(path, { op: 'removeCriterion', criterionId: c.id });
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <div className="criterion" data-testid="standard-criterion" data-criterion-id={c.id}>
      <dt>
        <span data-testid="criterion-title">{c.title}</span> <span className="mono small muted nowrap">{c.id}</span>
      </dt>
      <dd className="small">{c.description}</dd>
      <dd className="criterion-foot">
        <span className="muted small">{used === 0 ? 'used by no rule' : `used by ${formatCount(used, 'rule')}`}</span>
        {!confirming && (
          <span className="criterion-actions">
            <button
              type="button"
              className="button small quiet"
              aria-label={`Edit criterion ${c.title}`}
              onClick={() => {
                setError(null);
                onEdit();
              }}
            >
              Edit
            </button>
            <button
              type="button"
              className="button small quiet"
              aria-label={`Remove criterion ${c.title}`}
              onClick={() => setConfirming(true)}
            >
              Remove…
            </button>
          </span>
        )}
      </dd>
      {confirming && (
        <dd className="confirm" role="group" aria-label={`Confirm removing criterion ${c.title}`}>
          <p className="small">
            Remove the criterion <strong>{c.title}</strong>? A criterion still used by a rule cannot be removed.
          </p>
          <div className="actions">
            <button type="button" className="button small danger" disabled={busy} onClick={() => void remove()}>
              {busy ? 'Removing…' : 'Remove criterion'}
            </button>
            <button type="button" className="button small" disabled={busy} onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </dd>
      )}
      {error && (
        <dd>
          <Alert message={error} className="small" />
        </dd>
      )}
    </div>
  );
}

interface FormProps {
  path: string;
  document: StandardDocument;
  /** The criterion to edit; null adds one. */
  criterion: Criterion | null;
  onDone(): void;
}

function CriterionForm({ path, document, criterion, onDone }: FormProps) {
  const id = useId();
  const edit = useStandardStore((s) => s.edit);
  const [draft, setDraft] = useState<Criterion>(() => criterion ?? { id: '', title: '', description: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<keyof Criterion | null>(null);
  const name = criterion ? `Edit criterion ${criterion.title}` : 'Add a criterion';
  const field = (key: keyof Criterion) => ({
    id: `${id}-${key}`,
    value: draft[key],
    disabled: busy,
    'aria-invalid': invalid === key,
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });

  function problem(next: Criterion): [keyof Criterion, string] | null {
    if (next.id === '') return ['id', 'The id is required: a short name such as cleartext.'];
    if (!criterion && document.criteria.some((c) => c.id === next.id)) {
      return ['id', `The standard already has a criterion "${next.id}": choose another id, or edit that one.`];
    }
    if (next.title === '') return ['title', 'The title is required.'];
    if (next.description === '') return ['description', 'Say what makes a service insecure under this criterion.'];
    return null;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next = { id: draft.id.trim(), title: draft.title.trim(), description: draft.description.trim() };
    const wrong = problem(next);
    if (wrong) {
      setInvalid(wrong[0]);
      setError(wrong[1]);
      return;
    }
    if (criterion && next.title === criterion.title && next.description === criterion.description) {
      onDone();
      return;
    }
    setBusy(true);
    setError(null);
    setInvalid(null);
    try {
      await edit(path, { op: 'setCriterion', criterion: next });
      onDone();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <form className="form criterion-form" onSubmit={(e) => void submit(e)} aria-label={name} noValidate>
      {!criterion && (
        <div className="field">
          <label htmlFor={`${id}-id`}>
            Id <span className="required">(required)</span>
          </label>
          <input type="text" className="mono" spellCheck={false} {...field('id')} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-title`}>
          Title <span className="required">(required)</span>
        </label>
        <input type="text" {...field('title')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>
          Description <span className="required">(required)</span>
        </label>
        <textarea rows={3} {...field('description')} />
      </div>
      <Alert message={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : criterion ? 'Save criterion' : 'Add criterion'}
        </button>
        <button type="button" className="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
