// The rules of the standard as a table: severity, the criteria that make each insecure, whether it
// applies to this entity and where it comes from. A rule opens to its detail (rationale, replacement,
// features, references, matchers in words), where it is edited; the entity adds rules of its own. A rule
// can be marked not applicable, which needs the reason (kept in the standard, its history and the audit
// log), and can be made to apply again.
import { Fragment, useEffect, useId, useRef, useState } from 'react';
import { messageOf } from '../api/client';
import type { StandardDocument, StandardRule } from '../api/types';
import { Alert } from '../components/Alert';
import { SeverityTag } from '../components/SeverityTag';
import { formatCount } from '../format';
import { useStandardStore } from '../store/standard-store';
import { NotApplicableForm } from './StandardNotApplicable';
import { StandardRuleDetail } from './StandardRuleDetail';
import { StandardRuleEditor } from './StandardRuleEditor';

/** What is open under one rule's row: its detail, its edit form, or the "not applicable" form. */
interface Open {
  ruleId: string;
  mode: 'detail' | 'edit' | 'na';
}

export function StandardRules({ path, document }: { path: string; document: StandardDocument }) {
  const id = useId();
  const edit = useStandardStore((s) => s.edit);
  // What is open under a rule, the form that adds a rule, and a failure to make a rule apply again.
  const [open, setOpen] = useState<Open | null>(null);
  const [adding, setAdding] = useState(false);
  // A rule just added is opened at the end of the table: bring it into view once it is shown.
  const reveal = useRef<string | null>(null);
  const table = useRef<HTMLTableElement>(null);
  useEffect(() => {
    const added = reveal.current;
    if (!added) return;
    reveal.current = null;
    table.current?.querySelector(`tr[data-rule-id="${CSS.escape(added)}"]`)?.scrollIntoView({ block: 'start' });
  }, [open]);
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
            that does not apply needs the reason; it is kept with the standard and in the audit log. Open a rule to see
            how it recognises a service, and to change it.
          </p>
        </div>
        {!adding && (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            Add a rule…
          </button>
        )}
      </div>
      {adding && (
        <div className="rule-editor-panel">
          <StandardRuleEditor
            path={path}
            document={document}
            rule={null}
            onDone={(saved) => {
              setAdding(false);
              if (saved) {
                setOpen({ ruleId: saved, mode: 'detail' });
                reveal.current = saved;
              }
            }}
          />
        </div>
      )}
      <Alert message={error} />
      <div className="table-wrap">
        <table ref={table} className="table standard-rules" aria-labelledby={`${id}-title`}>
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
            {document.rules.map((rule, i) => {
              const mode = open?.ruleId === rule.id ? open.mode : null;
              const toggle = (m: Open['mode']) => setOpen(mode === m ? null : { ruleId: rule.id, mode: m });
              return (
                <Fragment key={rule.id}>
                  <tr
                    className={`${i % 2 === 1 ? 'row-alt' : ''}${rule.applicable ? '' : ' not-applicable'}${mode ? ' open' : ''}`}
                    data-testid="standard-rule"
                    data-rule-id={rule.id}
                  >
                    <th scope="row" className="rule-title-cell">
                      <button
                        type="button"
                        className="rule-open"
                        aria-expanded={mode === 'detail' || mode === 'edit'}
                        aria-label={`Details of ${rule.title}`}
                        onClick={() => toggle(mode === 'edit' ? 'edit' : 'detail')}
                      >
                        <span className="rule-open-mark" aria-hidden="true">
                          {mode === 'detail' || mode === 'edit' ? '▾' : '▸'}
                        </span>
                        <span className="rule-title">{rule.title}</span>
                      </button>
                      {/* Outside the button, so its name ("Details of …") holds all of its visible text. */}
                      <span className="mono small muted rule-id rule-id-under">{rule.id}</span>
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
                          aria-expanded={mode === 'na'}
                          disabled={busy !== null}
                          onClick={() => toggle('na')}
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
                  {mode === 'na' && rule.applicable && (
                    <tr className="expansion">
                      <td colSpan={6}>
                        <NotApplicableForm path={path} rule={rule} onDone={() => setOpen(null)} />
                      </td>
                    </tr>
                  )}
                  {mode === 'detail' && (
                    <tr className="expansion">
                      <td colSpan={6}>
                        <StandardRuleDetail
                          path={path}
                          document={document}
                          rule={rule}
                          onEdit={() => setOpen({ ruleId: rule.id, mode: 'edit' })}
                          onRemoved={() => setOpen(null)}
                        />
                      </td>
                    </tr>
                  )}
                  {mode === 'edit' && (
                    <tr className="expansion">
                      <td colSpan={6}>
                        <StandardRuleEditor
                          path={path}
                          document={document}
                          rule={rule}
                          onDone={() => setOpen({ ruleId: rule.id, mode: 'detail' })}
                        />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
