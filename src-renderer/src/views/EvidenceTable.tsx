// The evidence register as a table: reference, type, title and version, procedure, purpose, when and by
// whom it was collected, and the stored file (name and short SHA-256) or the note's first words. A row
// opens to its editor below it.
import { Fragment, useId } from 'react';
import type { EvidenceEntry } from '../api/types';
import { formatTime, shortHash } from '../format';
import { evidenceTypeLabels, procedureLabels, useEvidenceStore } from '../store/evidence-store';
import { EvidenceEditor } from './EvidenceEditor';

const COLUMNS = 8;
const NOTE_WORDS = 12;

export function EvidenceTable({
  path,
  entries,
  labelledBy,
}: {
  path: string;
  entries: EvidenceEntry[];
  labelledBy: string;
}) {
  return (
    <div className="table-wrap">
      <table className="table ev-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col" className="cell-toggle">
              <span className="visually-hidden">Edit</span>
            </th>
            <th scope="col">Ref</th>
            <th scope="col">Type</th>
            <th scope="col">Title</th>
            <th scope="col">Procedure</th>
            <th scope="col">Purpose</th>
            <th scope="col">Collected (UTC)</th>
            <th scope="col">File or note</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, i) => (
            <EvidenceRows key={entry.ref} path={path} entry={entry} alt={i % 2 === 1} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EvidenceRows({ path, entry, alt }: { path: string; entry: EvidenceEntry; alt: boolean }) {
  const editorId = useId();
  const open = useEvidenceStore((s) => s.open === entry.ref);
  const toggle = useEvidenceStore((s) => s.toggle);
  const collected = formatTime(entry.collectedOn, false).split(' ');
  return (
    <Fragment>
      <tr
        className={`ev-row${alt ? ' row-alt' : ''}${open ? ' open' : ''}`}
        data-testid="evidence-row"
        data-ref={entry.ref}
        onClick={() => toggle(entry.ref)}
      >
        <td className="cell-toggle">
          <button
            type="button"
            className="toggle"
            aria-expanded={open}
            aria-controls={open ? editorId : undefined}
            aria-label={`Edit ${entry.ref}`}
            onClick={(e) => {
              e.stopPropagation();
              toggle(entry.ref);
            }}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        </td>
        <td className="mono nowrap" data-testid="evidence-ref">
          {entry.ref}
        </td>
        <td className="nowrap" data-testid="evidence-type">
          <span className={`tag ev-type ev-type-${entry.type}`}>{evidenceTypeLabels[entry.type]}</span>
        </td>
        <td className="wrap-anywhere ev-title" data-testid="evidence-title">
          {entry.title}
          {entry.version && <div className="muted small">version {entry.version}</div>}
        </td>
        <td className="nowrap" data-testid="evidence-procedure">
          {entry.procedure ? (
            <span className="tag tag-quiet mono" title={`Supports ${procedureLabels[entry.procedure]}`}>
              {entry.procedure}
            </span>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        <td className="wrap-anywhere ev-purpose" data-testid="evidence-purpose">
          {entry.purpose ?? <span className="muted">—</span>}
        </td>
        <td className="nowrap" title={entry.collectedOn}>
          {collected[0]}
          <div className="muted small">
            {collected[1]} · {entry.collectedBy}
          </div>
        </td>
        <td className="wrap-anywhere ev-source" data-testid="evidence-source">
          {entry.file ? (
            <>
              {entry.file.name}
              <div className="mono small muted" title={entry.file.sha256}>
                {shortHash(entry.file.sha256)}
              </div>
            </>
          ) : entry.note ? (
            <span className="muted">{firstWords(entry.note)}</span>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
      </tr>
      {open && (
        <tr className="expansion" id={editorId}>
          <td colSpan={COLUMNS}>
            <EvidenceEditor path={path} entry={entry} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

/** The first words of a note, with an ellipsis when there are more. */
export function firstWords(note: string, count = NOTE_WORDS): string {
  const words = note.trim().split(/\s+/);
  return words.length > count ? `${words.slice(0, count).join(' ')}…` : words.join(' ');
}
