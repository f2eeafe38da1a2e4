// The rules of the standard as a table: severity, the criteria that make each insecure, whether it
// applies to this entity and where it comes from. A rule can be marked not applicable, which needs the
// reason (kept in the standard, its history and the audit log), and can be made to apply again.
import { Fragment, useId, useState, type FormEvent } from 'react';
import { messageOf } from '../api/client';
import type { StandardDocument, StandardRule } from '../api/types';
import { Alert } from '../components/Alert';
import { SeverityTag } from '../components/SeverityTag';
import { formatCount } from '../format';
import { useStandardStore } from '../store/standard-store';

export function StandardRules({ path, document }: { path: string; document: StandardDocument }) {
  const id = useId();
  const edit = useStandardStore((s) => s.edit);
  // The rule whose "not applicable" form is open, and a failure to make a rule apply again.
  const [marking, setMarking] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const notApplicable = document.rules.filter((r) => !r.applicable).length;
  const criteria = new Map(document.criteria.map((c) => [c.id, c.title]));

  async function applyAgain(rule: StandardRule) {
    setBusy(rule.id);
    setError(null);
    try {
      await edit(path, { op: 'setApplicability', ruleId: rule.id, applicable: true, reason: null });
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <div className="card-head-text">
          <h2 id={`${id}-title`}>Rules</h2>
          <p className="muted small">
            {formatCount(document.rules.length, 'rule')}
            {notApplicable > 0 && `, ${notApplicable.toLocaleString('en-US')} not applicable to this entity`}. A rule
            that does not apply needs the reason; it is kept with the standard and in the audit log.
          </p>
        </div>
      </div>
      <Alert message={error} />
      <div className="table-wrap">
        <table className="table standard-rules" aria-labelledby={`${id}-title`}>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Severity</th>
              <th scope="col">Criteria</th>
              <th scope="col">Applies</th>
              <th scope="col">Origin</th>
              <th scope="col" className="cell-action">
                <span className="visually-hidden">Change</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {document.rules.map((rule, i) => (
              <Fragment key={rule.id}>
                <tr
                  className={`${i % 2 === 1 ? 'row-alt' : ''}${rule.applicable ? '' : ' not-applicable'}`}
                  data-testid="standard-rule"
                  data-rule-id={rule.id}
                >
                  <th scope="row" className="rule-title-cell">
                    <span className="rule-title">{rule.title}</span>
                    <div className="mono small muted">{rule.id}</div>
                  </th>
                  <td>
                    <SeverityTag severity={rule.severity} />
                  </td>
                  <td>
                    <ul className="criterion-tags" aria-label={`Criteria of ${rule.title}`}>
                      {rule.criteria.map((c) => (
                        <li key={c} className="tag tag-quiet criterion-tag" title={criteria.get(c) ?? c}>
                          {c}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td data-testid="rule-applies">
                    {rule.applicable ? (
                      'yes'
                    ) : (
                      <>
                        <span className="tag tag-off">no</span>
                        <div className="small prewrap na-reason-cell">{rule.notApplicableReason}</div>
                      </>
                    )}
                  </td>
                  <td>{rule.origin === 'catalog' ? 'catalog' : 'entity'}</td>
                  <td className="cell-action">
                    {rule.applicable ? (
                      <button
                        type="button"
                        className="button small"
                        aria-label={`Mark ${rule.title} not applicable`}
                        aria-expanded={marking === rule.id}
                        disabled={busy !== null}
                        onClick={() => setMarking(marking === rule.id ? null : rule.id)}
                      >
                        Not applicable…
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button small"
                        aria-label={`Make ${rule.title} apply again`}
                        disabled={busy !== null}
                        onClick={() => void applyAgain(rule)}
                      >
                        {busy === rule.id ? 'Saving…' : 'Apply again'}
                      </button>
                    )}
                  </td>
                </tr>
                {marking === rule.id && rule.applicable && (
                  <tr className="expansion">
                    <td colSpan={6}>
                      <NotApplicableForm path={path} rule={rule} onDone={() => setMarking(null)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function NotApplicableForm({ path, rule, onDone }: { path: string; rule: StandardRule; onDone(): void }) {
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
