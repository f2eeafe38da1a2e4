// The editor of one evidence entry (type, title, version, purpose, revision date, sample set, procedure,
// note) and the form that writes down an interview or an observation. Only the fields that changed are
// sent; each save is one audited change in the core, whose refusal is shown as it says it.
import { useId, useState, type FormEvent } from 'react';
import { messageOf } from '../api/client';
import type { EvidenceEntry, EvidencePatch, EvidenceProcedure, EvidenceType } from '../api/types';
import { Alert } from '../components/Alert';
import {
  evidenceProcedures,
  evidenceTypeLabels,
  evidenceTypes,
  procedureLabels,
  useEvidenceStore,
} from '../store/evidence-store';

/** The contract's limits. */
const MAX_TITLE = 500;
const MAX_VERSION = 100;
const MAX_PURPOSE = 2000;
const MAX_SAMPLE = 500;
const MAX_NOTE = 8000;

/** A stored file is document or system evidence; what the assessor wrote down can be anything. */
const fileTypes: readonly EvidenceType[] = ['document', 'system'];
const noteTypes = ['interview', 'observation'] as const;

interface Draft {
  type: EvidenceType;
  title: string;
  version: string;
  purpose: string;
  revisionDate: string;
  sampleSet: string;
  procedure: '' | EvidenceProcedure;
  note: string;
}

function draftOf(entry: EvidenceEntry): Draft {
  return {
    type: entry.type,
    title: entry.title,
    version: entry.version ?? '',
    purpose: entry.purpose ?? '',
    revisionDate: entry.revisionDate ?? '',
    sampleSet: entry.sampleSet ?? '',
    procedure: entry.procedure ?? '',
    note: entry.note ?? '',
  };
}

const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** What differs between the draft and the entry, as the core's patch. */
export function patchOf(entry: EvidenceEntry, draft: Draft): EvidencePatch {
  const patch: EvidencePatch = {};
  if (draft.type !== entry.type) patch.type = draft.type;
  if (draft.title.trim() !== entry.title) patch.title = draft.title.trim();
  const cells = ['version', 'purpose', 'revisionDate', 'sampleSet'] as const;
  for (const key of cells) {
    const value = orNull(draft[key]);
    if (value !== entry[key]) patch[key] = value;
  }
  const procedure = draft.procedure === '' ? null : draft.procedure;
  if (procedure !== entry.procedure) patch.procedure = procedure;
  // A note keeps its own spacing; only a blank one is cleared.
  const note = draft.note.trim() === '' ? null : draft.note;
  if (note !== entry.note) patch.note = note;
  return patch;
}

function asProcedure(value: string): '' | EvidenceProcedure {
  return evidenceProcedures.find((p) => p === value) ?? '';
}

function ProcedureSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: '' | EvidenceProcedure;
  onChange(value: '' | EvidenceProcedure): void;
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(asProcedure(e.target.value))}>
      <option value="">None</option>
      {evidenceProcedures.map((p) => (
        <option key={p} value={p}>
          {p} · {procedureLabels[p]}
        </option>
      ))}
    </select>
  );
}

/** The procedure an entry supports and its sample set: the same two fields in both forms. */
function ProcedureAndSample({
  id,
  value,
  onChange,
}: {
  id: string;
  value: { procedure: '' | EvidenceProcedure; sampleSet: string };
  onChange(patch: { procedure?: '' | EvidenceProcedure; sampleSet?: string }): void;
}) {
  return (
    <>
      <div className="field ev-wide">
        <label htmlFor={`${id}-procedure`}>Procedure</label>
        <ProcedureSelect
          id={`${id}-procedure`}
          value={value.procedure}
          onChange={(procedure) => onChange({ procedure })}
        />
      </div>
      <div className="field ev-wide">
        <label htmlFor={`${id}-sample`}>Sample set</label>
        <input
          id={`${id}-sample`}
          type="text"
          maxLength={MAX_SAMPLE}
          placeholder="e.g. the 12 in-scope firewalls"
          value={value.sampleSet}
          onChange={(e) => onChange({ sampleSet: e.target.value })}
        />
      </div>
    </>
  );
}

export function EvidenceEditor({ path, entry }: { path: string; entry: EvidenceEntry }) {
  const id = useId();
  const update = useEvidenceStore((s) => s.update);
  const [draft, setDraft] = useState<Draft>(() => draftOf(entry));
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const types = entry.file ? fileTypes : evidenceTypes;
  const change = (patch: Partial<Draft>) => {
    setDone(null);
    setDraft((d) => ({ ...d, ...patch }));
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    const patch = patchOf(entry, draft);
    setError(null);
    if (Object.keys(patch).length === 0) {
      setDone('Nothing changed.');
      return;
    }
    setBusy(true);
    setDone(null);
    try {
      const saved = await update(path, entry.ref, patch);
      setDraft(draftOf(saved));
      setDone('Saved.');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="ev-editor" aria-label={`Edit ${entry.ref}`} onSubmit={(e) => void save(e)} noValidate>
      <p className="muted small">
        {entry.file ? (
          <>
            Stored file <span className="wrap-anywhere">{entry.file.name}</span> ({entry.file.role}), SHA-256{' '}
            <span className="mono wrap-anywhere">{entry.file.sha256}</span>. A stored file is document or system
            evidence.
          </>
        ) : (
          <>Written down by {entry.collectedBy}; no file is stored.</>
        )}
      </p>
      <div className="ev-grid">
        <div className="field">
          <label htmlFor={`${id}-type`}>Type</label>
          <select
            id={`${id}-type`}
            value={draft.type}
            onChange={(e) => change({ type: types.find((t) => t === e.target.value) ?? draft.type })}
          >
            {types.map((t) => (
              <option key={t} value={t}>
                {evidenceTypeLabels[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field ev-wide">
          <label htmlFor={`${id}-title`}>Title</label>
          <input
            id={`${id}-title`}
            type="text"
            maxLength={MAX_TITLE}
            value={draft.title}
            onChange={(e) => change({ title: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-version`}>Version</label>
          <input
            id={`${id}-version`}
            type="text"
            maxLength={MAX_VERSION}
            value={draft.version}
            onChange={(e) => change({ version: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-revision`}>Revision date</label>
          <input
            id={`${id}-revision`}
            type="date"
            value={draft.revisionDate}
            onChange={(e) => change({ revisionDate: e.target.value })}
          />
        </div>
        <ProcedureAndSample id={id} value={draft} onChange={change} />
        <div className="field ev-full">
          <label htmlFor={`${id}-purpose`}>Purpose</label>
          <textarea
            id={`${id}-purpose`}
            rows={2}
            maxLength={MAX_PURPOSE}
            placeholder="What this item shows the assessor"
            value={draft.purpose}
            onChange={(e) => change({ purpose: e.target.value })}
          />
        </div>
        <div className="field ev-full">
          <label htmlFor={`${id}-note`}>Note</label>
          <textarea
            id={`${id}-note`}
            rows={3}
            maxLength={MAX_NOTE}
            value={draft.note}
            onChange={(e) => change({ note: e.target.value })}
          />
        </div>
      </div>
      <Alert message={error} />
      <div className="actions">
        <button type="submit" className="button small primary" disabled={busy}>
          Save {entry.ref}
        </button>
        {done && (
          <span className="ev-saved small" role="status">
            {done}
          </span>
        )}
      </div>
    </form>
  );
}

interface NoteDraft {
  type: (typeof noteTypes)[number];
  title: string;
  note: string;
  procedure: '' | EvidenceProcedure;
  sampleSet: string;
}

const emptyNote: NoteDraft = { type: 'interview', title: '', note: '', procedure: '', sampleSet: '' };

export function EvidenceNoteForm({ path, onClose }: { path: string; onClose(): void }) {
  const id = useId();
  const addNote = useEvidenceStore((s) => s.addNote);
  const [draft, setDraft] = useState<NoteDraft>(emptyNote);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const change = (patch: Partial<NoteDraft>) => {
    setDone(null);
    setDraft((d) => ({ ...d, ...patch }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      const added = await addNote(path, {
        type: draft.type,
        title: draft.title.trim(),
        note: draft.note,
        procedure: draft.procedure === '' ? null : draft.procedure,
        sampleSet: orNull(draft.sampleSet),
      });
      setDraft(emptyNote);
      setDone(`Recorded as ${added.ref}.`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="ev-note-form notice"
      aria-label="Add interview or observation"
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <div className="ev-grid">
        <div className="field">
          <label htmlFor={`${id}-type`}>Type</label>
          <select
            id={`${id}-type`}
            value={draft.type}
            onChange={(e) => change({ type: noteTypes.find((t) => t === e.target.value) ?? 'interview' })}
          >
            {noteTypes.map((t) => (
              <option key={t} value={t}>
                {evidenceTypeLabels[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field ev-wide">
          <label htmlFor={`${id}-title`}>Title</label>
          <input
            id={`${id}-title`}
            type="text"
            maxLength={MAX_TITLE}
            placeholder="e.g. Interview with the network administrator"
            value={draft.title}
            onChange={(e) => change({ title: e.target.value })}
          />
        </div>
        <ProcedureAndSample id={id} value={draft} onChange={change} />
        <div className="field ev-full">
          <label htmlFor={`${id}-note`}>Note</label>
          <textarea
            id={`${id}-note`}
            rows={3}
            maxLength={MAX_NOTE}
            placeholder="Who was interviewed (roles), the topics, or what was seen"
            value={draft.note}
            onChange={(e) => change({ note: e.target.value })}
          />
        </div>
      </div>
      <Alert message={error} />
      <div className="actions">
        <button type="submit" className="button small primary" disabled={busy}>
          Record {evidenceTypeLabels[draft.type].toLowerCase()}
        </button>
        <button type="button" className="button small quiet" onClick={onClose}>
          Close
        </button>
        {done && (
          <span className="ev-saved small" role="status">
            {done}
          </span>
        )}
      </div>
    </form>
  );
}
