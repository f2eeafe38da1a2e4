// The engagement's metadata, and the form that edits it. Only changed fields are sent, so the audit
// entry for the edit records exactly what changed.
import { useId, useState, type FormEvent } from 'react';
import { messageOf } from '../api/client';
import type { EngagementInfo, EngagementPatch } from '../api/types';
import { Alert } from '../components/Alert';
import { MetaFields, type MetaDraft } from '../components/MetaFields';
import { formatPeriod, formatTime } from '../format';
import { useEngagementStore } from '../store/engagement-store';

function draftOf(info: EngagementInfo): MetaDraft {
  return {
    entity: info.entity,
    assessor: info.assessor,
    periodStart: info.periodStart ?? '',
    periodEnd: info.periodEnd ?? '',
    scopeNote: info.scopeNote,
  };
}

function patchOf(info: EngagementInfo, draft: MetaDraft): EngagementPatch {
  const patch: EngagementPatch = {};
  if (draft.entity !== info.entity) patch.entity = draft.entity;
  if (draft.assessor !== info.assessor) patch.assessor = draft.assessor;
  if ((draft.periodStart || null) !== info.periodStart) patch.periodStart = draft.periodStart || null;
  if ((draft.periodEnd || null) !== info.periodEnd) patch.periodEnd = draft.periodEnd || null;
  if (draft.scopeNote !== info.scopeNote) patch.scopeNote = draft.scopeNote;
  return patch;
}

function EditForm({ info, onDone }: { info: EngagementInfo; onDone(): void }) {
  const id = useId();
  const update = useEngagementStore((s) => s.update);
  const [draft, setDraft] = useState(() => draftOf(info));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const patch = patchOf(info, draft);
    if (Object.keys(patch).length === 0) return onDone();
    setBusy(true);
    setError(null);
    try {
      await update(patch);
      onDone();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`} className="visually-hidden">
        Edit engagement
      </h3>
      <MetaFields draft={draft} onChange={setDraft} disabled={busy} />
      <Alert message={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function EngagementDetails({ info }: { info: EngagementInfo }) {
  const [editing, setEditing] = useState(false);
  return (
    <section className="card" aria-labelledby="details-title">
      <div className="card-head">
        <h2 id="details-title">Engagement</h2>
        {!editing && (
          <button type="button" className="button" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
      </div>
      {editing ? (
        <EditForm info={info} onDone={() => setEditing(false)} />
      ) : (
        <dl className="details">
          <dt>Assessed entity</dt>
          <dd data-testid="meta-entity">{info.entity}</dd>
          <dt>Assessor</dt>
          <dd data-testid="meta-assessor">{info.assessor}</dd>
          <dt>Assessment period</dt>
          <dd data-testid="meta-period">{formatPeriod(info.periodStart, info.periodEnd)}</dd>
          <dt>Scope note</dt>
          <dd data-testid="meta-scope" className="prewrap">
            {info.scopeNote || <span className="muted">None</span>}
          </dd>
          <dt>Created</dt>
          <dd>
            {formatTime(info.createdAt)} by {info.createdBy}
          </dd>
          <dt>File</dt>
          <dd className="mono small wrap-anywhere">{info.path}</dd>
          <dt>Schema version</dt>
          <dd>
            {info.schemaVersion} <span className="muted">(written by Portcullis {info.appVersion})</span>
          </dd>
        </dl>
      )}
    </section>
  );
}
