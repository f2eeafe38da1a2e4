// Creates an engagement file in the workspace and opens it. The file name is taken as typed (relative
// names land in the workspace) with ".portcullis" added when it is missing.
import { useId, useState, type FormEvent, type Ref } from 'react';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { MetaFields, emptyDraft, type MetaDraft } from '../components/MetaFields';
import { useAppStore } from '../store/app-store';

const EXTENSION = '.portcullis';

export function engagementFileName(typed: string): string {
  const name = typed.trim();
  if (name === '' || name.toLowerCase().endsWith(EXTENSION)) return name;
  return `${name}${EXTENSION}`;
}

/** `fileInputRef` lets the welcome screen's "New engagement" bring the form into view and focus. */
export function NewEngagementForm({ fileInputRef }: { fileInputRef?: Ref<HTMLInputElement> }) {
  const id = useId();
  const [fileName, setFileName] = useState('');
  const [draft, setDraft] = useState<MetaDraft>(emptyDraft);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const openEngagement = useAppStore((s) => s.openEngagement);
  const loadListing = useAppStore((s) => s.loadListing);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const info = await call('engagement.create', {
        path: engagementFileName(fileName),
        meta: {
          entity: draft.entity,
          assessor: draft.assessor,
          periodStart: draft.periodStart || null,
          periodEnd: draft.periodEnd || null,
          scopeNote: draft.scopeNote,
        },
      });
      void loadListing();
      const problem = await openEngagement(info.path);
      if (problem) {
        setError(`Created ${info.path}, but it could not be opened: ${problem}`);
      } else {
        setFileName('');
        setDraft(emptyDraft);
      }
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>New engagement</h2>
      <div className="field">
        <label htmlFor={`${id}-file`}>
          File name <span className="required">(required)</span>
        </label>
        <input
          ref={fileInputRef}
          id={`${id}-file`}
          type="text"
          spellCheck={false}
          value={fileName}
          disabled={busy}
          aria-describedby={`${id}-file-hint`}
          onChange={(e) => setFileName(e.target.value)}
        />
        <p id={`${id}-file-hint`} className="hint">
          Saved in the workspace; “{EXTENSION}” is added if you leave it off.
        </p>
      </div>
      <MetaFields draft={draft} onChange={setDraft} disabled={busy} />
      <Alert message={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create engagement'}
        </button>
      </div>
    </form>
  );
}
