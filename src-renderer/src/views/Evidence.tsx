// The evidence register: every imported original, attachment, interview and observation with the ROC
// reference it is cited by (E-001…), its type, title and version, the testing procedure it supports
// (1.2.6.a documentation, 1.2.6.b configuration settings) and its purpose. A row opens to its editor;
// interviews and observations are written down in the form under the head. Every change is audited.
import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { JobList } from '../components/JobList';
import { formatCount } from '../format';
import { useEngagementStore } from '../store/engagement-store';
import {
  emptyEvidenceFilter,
  evidenceProcedures,
  evidenceTypeLabels,
  evidenceTypes,
  matches,
  procedureLabels,
  useEvidenceStore,
  type EvidenceFilter,
} from '../store/evidence-store';
import { EvidenceNoteForm } from './EvidenceEditor';
import { EvidenceTable } from './EvidenceTable';
import { WhyThisMatters } from '../components/WhyThisMatters';

const fileJobs = ['file.add'] as const;

export function Evidence({ path, canDrop = false }: { path: string; canDrop?: boolean }) {
  const dropHint = canDrop ? ' Drop files anywhere on this tab to add them as documents.' : '';
  const id = useId();
  const files = useEngagementStore((s) => s.files);
  const { entries, loadedFor, error, filter, load, setFilter } = useEvidenceStore(
    useShallow((s) => ({
      entries: s.entries,
      loadedFor: s.path,
      error: s.error,
      filter: s.filter,
      load: s.load,
      setFilter: s.setFilter,
    })),
  );
  const attach = useEvidenceStore((s) => s.attach);
  const [adding, setAdding] = useState(false);
  const [attachError, setAttachError] = useState<string | null>(null);

  async function addFiles() {
    setAttachError(null);
    try {
      const { paths } = await call('dialog.openFiles', { title: 'Add files to the evidence register' });
      await attach(path, paths);
    } catch (err) {
      setAttachError(messageOf(err));
    }
  }

  // Imports and attachments register files: ask again whenever the stored files change.
  const filesKey = files.map((f) => f.sha256).join(',');
  useEffect(() => {
    void load(path);
  }, [path, filesKey, load]);

  const register = loadedFor === path ? entries : null;
  const shown = register?.filter((e) => matches(e, filter)) ?? [];
  const filtered = filter.type !== '' || filter.procedure !== '';

  return (
    <section className="card evidence" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <div className="card-head-text">
          <h2 id={`${id}-title`}>Evidence register</h2>
          <p className="muted small">
            Every item the Report on Compliance cites, by reference: imported originals (system evidence), attachments
            (documents), interviews and observations. Open a row to record its title, version, purpose and the testing
            procedure it supports.{dropHint}
          </p>
          <WhyThisMatters topic="evidence" />
        </div>
        <div className="toolbar">
          <button type="button" className="button" onClick={() => void addFiles()}>
            Add files…
          </button>
          <button
            type="button"
            className="button primary"
            aria-expanded={adding}
            aria-controls={adding ? `${id}-add` : undefined}
            onClick={() => setAdding(!adding)}
          >
            Add interview or observation
          </button>
        </div>
      </div>
      {adding && (
        <div id={`${id}-add`}>
          <EvidenceNoteForm path={path} onClose={() => setAdding(false)} />
        </div>
      )}
      <Alert message={attachError} />
      <JobList path={path} channels={fileJobs} />
      <Alert message={loadedFor === path ? error : null} />
      {register === null ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : register.length === 0 ? (
        <p className="empty" data-testid="evidence-empty">
          Nothing is registered yet: import a file or add one on the Overview tab, or record an interview or an
          observation.
        </p>
      ) : (
        <>
          <EvidenceFilters filter={filter} setFilter={setFilter} />
          <div className="pager-summary">
            <p className="pager-range" role="status" aria-live="polite" data-testid="evidence-range">
              {filtered
                ? `${formatCount(shown.length, 'entry', 'entries')} of ${register.length.toLocaleString('en-US')}`
                : formatCount(register.length, 'entry', 'entries')}
            </p>
            {filtered && (
              <button type="button" className="button small quiet" onClick={() => setFilter(emptyEvidenceFilter)}>
                Clear filters
              </button>
            )}
          </div>
          {shown.length > 0 ? (
            <EvidenceTable path={path} entries={shown} labelledBy={`${id}-title`} />
          ) : (
            <p className="empty">No entry matches these filters.</p>
          )}
        </>
      )}
    </section>
  );
}

function EvidenceFilters({
  filter,
  setFilter,
}: {
  filter: EvidenceFilter;
  setFilter(patch: Partial<EvidenceFilter>): void;
}) {
  const id = useId();
  return (
    <div className="filters ev-filters" role="search" aria-label="Filter the evidence register">
      <div className="field ev-filter">
        <label htmlFor={`${id}-type`}>Type</label>
        <select
          id={`${id}-type`}
          value={filter.type}
          onChange={(e) => setFilter({ type: evidenceTypes.find((t) => t === e.target.value) ?? '' })}
        >
          <option value="">All types</option>
          {evidenceTypes.map((t) => (
            <option key={t} value={t}>
              {evidenceTypeLabels[t]}
            </option>
          ))}
        </select>
      </div>
      <div className="field ev-filter">
        <label htmlFor={`${id}-procedure`}>Procedure</label>
        <select
          id={`${id}-procedure`}
          value={filter.procedure}
          onChange={(e) =>
            setFilter({
              procedure:
                e.target.value === 'none' ? 'none' : (evidenceProcedures.find((p) => p === e.target.value) ?? ''),
            })
          }
        >
          <option value="">All procedures</option>
          {evidenceProcedures.map((p) => (
            <option key={p} value={p}>
              {p} · {procedureLabels[p]}
            </option>
          ))}
          <option value="none">None yet</option>
        </select>
      </div>
    </div>
  );
}
