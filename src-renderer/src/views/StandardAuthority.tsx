// The decision authority of the standard: the role (and person) who decides what is insecure and who
// approves exceptions, and when the standard was approved. Shown, and edited as one setAuthority edit.
import { useId, useState, type FormEvent } from 'react';
import { messageOf } from '../api/client';
import type { DecisionAuthority } from '../api/types';
import { Alert } from '../components/Alert';
import { useStandardStore } from '../store/standard-store';

interface AuthorityDraft {
  role: string;
  name: string;
  approvedOn: string;
  note: string;
}

function draftOf(a: DecisionAuthority): AuthorityDraft {
  return { role: a.role, name: a.name ?? '', approvedOn: a.approvedOn ?? '', note: a.note ?? '' };
}

function authorityOf(d: AuthorityDraft): DecisionAuthority {
  const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
  return { role: d.role.trim(), name: orNull(d.name), approvedOn: orNull(d.approvedOn), note: orNull(d.note) };
}

export function StandardAuthority({ path, authority }: { path: string; authority: DecisionAuthority }) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <h2 id={`${id}-title`}>Decision authority</h2>
        {!editing && (
          <button
            type="button"
            className="button"
            aria-label="Edit decision authority"
            onClick={() => setEditing(true)}
          >
            Edit
          </button>
        )}
      </div>
      {editing ? (
        <AuthorityForm path={path} authority={authority} onDone={() => setEditing(false)} />
      ) : (
        <dl className="details" data-testid="decision-authority">
          <dt>Role</dt>
          <dd data-testid="authority-role">{authority.role}</dd>
          <dt>Name</dt>
          <dd data-testid="authority-name">{authority.name ?? <span className="muted">Not recorded</span>}</dd>
          <dt>Approved on</dt>
          <dd data-testid="authority-approved">
            {authority.approvedOn ?? <span className="muted">Not recorded</span>}
          </dd>
          <dt>Note</dt>
          <dd className="prewrap small">{authority.note ?? <span className="muted">None</span>}</dd>
        </dl>
      )}
    </section>
  );
}

function AuthorityForm({ path, authority, onDone }: { path: string; authority: DecisionAuthority; onDone(): void }) {
  const id = useId();
  const edit = useStandardStore((s) => s.edit);
  const [draft, setDraft] = useState(() => draftOf(authority));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = (key: keyof AuthorityDraft) => ({
    id: `${id}-${key}`,
    value: draft[key],
    disabled: busy,
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (draft.role.trim() === '') {
      setError('The role is required: name the role that decides what is insecure (for example CISO).');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await edit(path, { op: 'setAuthority', decisionAuthority: authorityOf(draft) });
      onDone();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`} className="visually-hidden">
        Edit decision authority
      </h3>
      <div className="field">
        <label htmlFor={`${id}-role`}>
          Role <span className="required">(required)</span>
        </label>
        <input type="text" aria-invalid={error !== null && draft.role.trim() === ''} {...field('role')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input type="text" autoComplete="name" {...field('name')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-approvedOn`}>Approved on</label>
        <input type="date" {...field('approvedOn')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>Note</label>
        <textarea rows={3} {...field('note')} />
      </div>
      <Alert message={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save authority'}
        </button>
        <button type="button" className="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
