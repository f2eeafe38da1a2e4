// Parse coverage notes of one import: what the parser skipped or did not understand, with the line it
// was on. Shown as given (the first few from the import's answer) or loaded from the core page by page.
import { useEffect, useState } from 'react';
import { call, messageOf } from '../api/client';
import type { ParseNote } from '../api/types';
import { formatCount, formatNoteWhere } from '../format';
import { Alert } from './Alert';

const NOTES_PAGE = 500;

export function NoteItems({ notes }: { notes: ParseNote[] }) {
  return (
    <ol className="notes">
      {notes.map((n, i) => {
        const where = formatNoteWhere(n);
        return (
          <li key={i} className="note">
            {where && <span className="note-where">{where}:</span>} <span className="note-what">{n.what}</span>
          </li>
        );
      })}
    </ol>
  );
}

interface NotesListProps {
  path: string;
  importId: number;
  /** How many notes the import counted; the engagement may keep fewer. */
  total: number;
}

/** Every kept note of an import, loaded from the core in pages of 500. */
export function NotesList({ path, importId, total }: NotesListProps) {
  const [notes, setNotes] = useState<ParseNote[]>([]);
  const [exhausted, setExhausted] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);

  useEffect(() => {
    let live = true;
    call('import.notes', { path, importId, offset, limit: NOTES_PAGE }).then(
      (page) => {
        if (!live) return;
        setNotes((prev) => [...prev, ...page]);
        setExhausted(page.length < NOTES_PAGE);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(messageOf(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [path, importId, offset]);

  function loadMore() {
    setLoading(true);
    setOffset(notes.length);
  }

  return (
    <div className="notes-list" aria-busy={loading}>
      <Alert message={error} />
      {notes.length > 0 && <NoteItems notes={notes} />}
      {loading && <p className="muted small">Loading notes…</p>}
      {!loading && !error && notes.length === 0 && <p className="muted small">No notes were kept.</p>}
      {!loading && !exhausted && (
        <button type="button" className="button small" onClick={loadMore}>
          Load more notes
        </button>
      )}
      {!loading && exhausted && notes.length < total && (
        <p className="muted small">
          The first {formatCount(notes.length, 'note')} are kept; the import counted {total.toLocaleString('en-US')}.
        </p>
      )}
    </div>
  );
}
