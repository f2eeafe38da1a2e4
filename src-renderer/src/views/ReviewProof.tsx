// The proof of one test: attach a new file (the dialog, then a job stores it as an attachment), pick a
// stored file, or pick an import later than the item's findings (a re-scan showing the control works).
import { useId, useState } from 'react';
import { messageOf } from '../api/client';
import type { Proof } from '../api/types';
import { Alert } from '../components/Alert';
import { shortHash } from '../format';
import { proofText } from '../review-labels';
import { useEngagementStore } from '../store/engagement-store';
import { evidenceTypeLabels, useEvidenceStore } from '../store/evidence-store';
import { useReviewStore } from '../store/review-store';

export function ReviewProof({
  path,
  proof,
  onChange,
  label,
}: {
  path: string;
  proof: Proof | null;
  onChange(proof: Proof | null): void;
  label: string;
}) {
  const id = useId();
  const files = useEngagementStore((s) => s.files);
  const imports = useEngagementStore((s) => s.imports);
  const sources = useReviewStore((s) => s.item?.item.sources);
  const attach = useReviewStore((s) => s.attach);
  const evidence = useEvidenceStore((s) => s.entries);
  const [attaching, setAttaching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lastSource = Math.max(0, ...(sources?.map((s) => s.importId) ?? []));
  // Scans and host listings after the findings (a rulebase is linked as an implementation instead).
  const later = imports.filter((i) => i.importId > lastSource && i.ruleCount === 0);

  async function attachNew() {
    setError(null);
    setAttaching(true);
    const key = useReviewStore.getState().open;
    try {
      const sha256 = await attach(path);
      // Another item opened meanwhile: the file stays stored, but it is not this item's proof.
      if (sha256 && useReviewStore.getState().open === key) onChange({ kind: 'file', sha256 });
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setAttaching(false);
    }
  }

  return (
    <div className="proof" role="group" aria-label={`Proof of ${label}`}>
      <p className="proof-now">
        <span className="proof-label">Proof</span>{' '}
        {proof ? (
          <span data-testid="review-proof">{proofText(proof, files, imports, evidence)}</span>
        ) : (
          <span className="muted" data-testid="review-proof">
            none yet
          </span>
        )}
        {proof && (
          <button type="button" className="button small quiet" onClick={() => onChange(null)}>
            Remove proof
          </button>
        )}
      </p>
      <div className="proof-choices">
        <button type="button" className="button small" onClick={() => void attachNew()} disabled={attaching}>
          {attaching ? 'Attaching…' : 'Attach a file…'}
        </button>
        {files.length > 0 && (
          <div className="field inline-choice">
            <label htmlFor={`${id}-file`}>or a stored file</label>
            <select
              id={`${id}-file`}
              value={proof?.kind === 'file' ? proof.sha256 : ''}
              onChange={(e) => e.target.value && onChange({ kind: 'file', sha256: e.target.value })}
            >
              <option value="">Choose…</option>
              {files.map((f) => (
                <option key={f.fileId} value={f.sha256}>
                  {f.name} ({shortHash(f.sha256)})
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field inline-choice">
          <label htmlFor={`${id}-import`}>or a later import</label>
          <select
            id={`${id}-import`}
            value={proof?.kind === 'import' ? String(proof.importId) : ''}
            disabled={later.length === 0}
            onChange={(e) => e.target.value && onChange({ kind: 'import', importId: Number(e.target.value) })}
          >
            <option value="">{later.length === 0 ? 'None after the findings' : 'Choose…'}</option>
            {later.map((i) => (
              <option key={i.importId} value={i.importId}>
                #{i.importId} {i.fileName} ({i.formatLabel})
              </option>
            ))}
          </select>
        </div>
        {evidence && evidence.length > 0 && (
          <div className="field inline-choice">
            <label htmlFor={`${id}-evidence`}>or an evidence entry</label>
            <select
              id={`${id}-evidence`}
              value={proof?.kind === 'evidence' ? proof.ref : ''}
              onChange={(e) => e.target.value && onChange({ kind: 'evidence', ref: e.target.value })}
            >
              <option value="">Choose…</option>
              {evidence.map((e) => (
                <option key={e.ref} value={e.ref}>
                  {e.ref} {e.title} ({evidenceTypeLabels[e.type]})
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <Alert message={error} />
    </div>
  );
}
