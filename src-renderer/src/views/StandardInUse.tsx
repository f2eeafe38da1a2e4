// The observation states that count as "in use" under the standard (open, listening…): only
// observations in one of them are classified, raise insecure items and enter the inventory. Shown in
// words, and edited as a comma-separated list in one setInUseStates edit.
import { useId, useState, type FormEvent } from 'react';
import { messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { useStandardStore } from '../store/standard-store';

export function StandardInUse({ path, states }: { path: string; states: string[] }) {
  const [editing, setEditing] = useState(false);
  if (editing) return <InUseForm path={path} states={states} onDone={() => setEditing(false)} />;
  return (
    <div className="in-use" data-testid="standard-in-use">
      <span>
        A service counts as in use when an observation shows it{' '}
        {states.map((s, i) => (
          <span key={s}>
            {i > 0 && (i === states.length - 1 ? ' or ' : ', ')}
            <span className="mono">{s}</span>
          </span>
        ))}
        .{' '}
        <span className="muted">Only those observations are classified against the rules and enter the inventory.</span>
      </span>
      <button
        type="button"
        className="button small quiet"
        aria-label="Edit the states counted as in use"
        onClick={() => setEditing(true)}
      >
        Edit
      </button>
    </div>
  );
}

function statesOf(text: string): string[] {
  const states = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return [...new Set(states)];
}

function InUseForm({ path, states, onDone }: { path: string; states: string[]; onDone(): void }) {
  const id = useId();
  const edit = useStandardStore((s) => s.edit);
  const [text, setText] = useState(() => states.join(', '));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next = statesOf(text);
    if (next.length === 0) {
      setError('Give at least one state, for example: open, listening.');
      return;
    }
    if (next.join('\n') === states.join('\n')) {
      onDone();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await edit(path, { op: 'setInUseStates', states: next });
      onDone();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <form
      className="form in-use-form"
      onSubmit={(e) => void submit(e)}
      aria-label="States counted as in use"
      noValidate
    >
      <div className="field">
        <label htmlFor={`${id}-states`}>States that count as in use</label>
        <input
          id={`${id}-states`}
          type="text"
          className="mono"
          spellCheck={false}
          value={text}
          disabled={busy}
          aria-invalid={error !== null && statesOf(text).length === 0}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setText(e.target.value)}
        />
        <p id={`${id}-hint`} className="hint">
          Comma-separated, as the scans report them, e.g. “open, listening, open|filtered”. This decides which
          observations count as in use: only those are classified against the rules, raise insecure items and enter the
          inventory; the others stay as evidence.
        </p>
      </div>
      <Alert message={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save states'}
        </button>
        <button type="button" className="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
