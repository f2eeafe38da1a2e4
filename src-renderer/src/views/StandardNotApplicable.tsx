// The form that marks a rule of the standard not applicable to this entity: the reason is required, and
// is kept with the standard, in its version history and in the audit log.
import { useId, useState, type FormEvent } from 'react';
import { messageOf } from '../api/client';
import type { StandardRule } from '../api/types';
import { Alert } from '../components/Alert';
import { useStandardStore } from '../store/standard-store';

export function NotApplicableForm({ path, rule, onDone }: { path: string; rule: StandardRule; onDone(): void }) {
  const id = useId();
  const edit = useStandardStore((s) => s.edit);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (reason.trim() === '') {
      setError(`Give the reason ${rule.title} does not apply to this entity; a rule cannot be set aside without one.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await edit(path, { op: 'setApplicability', ruleId: rule.id, applicable: false, reason: reason.trim() });
      onDone();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <form
      className="form na-form"
      onSubmit={(e) => void submit(e)}
      aria-label={`Mark ${rule.title} not applicable`}
      noValidate
    >
      <div className="field">
        <label htmlFor={`${id}-reason`}>
          Why does {rule.title} not apply to this entity? <span className="required">(required)</span>
        </label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          value={reason}
          disabled={busy}
          aria-invalid={error !== null && reason.trim() === ''}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setReason(e.target.value)}
        />
        <p id={`${id}-hint`} className="hint">
          For example: “No such systems in scope: the CDE inventory of 2025-04 lists none (change CAB-1234).”
        </p>
      </div>
      <Alert message={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Mark not applicable'}
        </button>
        <button type="button" className="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
