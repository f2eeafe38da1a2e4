// The form that edits a rule of the standard, or adds the entity's own: id (new rules only), title,
// severity, criteria, rationale, replacement, features and references one per line, and the matchers as
// JSON. One setRule edit; the core validates the whole standard and its message (which names the field)
// is shown in the form. An edited rule keeps its origin and whether, and why not, it applies.
import { useId, useState, type FormEvent } from 'react';
import { messageOf } from '../api/client';
import type { Severity, StandardDocument, StandardRule } from '../api/types';
import { Alert } from '../components/Alert';
import { severities, severityLabels } from '../components/SeverityTag';
import { MATCHER_EXAMPLE, draftOf, ruleOf, sameValue, type DraftField, type RuleDraft } from '../standard-rule-draft';
import { useStandardStore } from '../store/standard-store';

const MATCHER_FIELDS: readonly (readonly [string, string])[] = [
  ['label', 'what it recognises, in words'],
  ['ports', '["23/tcp", "512-514/tcp", "*/udp"]'],
  ['services', 'scanner service names: ["telnet"]'],
  ['tunnel', '"none" (not inside TLS) or "ssl"'],
  ['product, version', 'patterns, case-insensitive'],
  ['facts, withoutFacts', '[{"key": "ftp.anonymous", "value": "true"}], or "pattern" for value'],
  ['serviceUnidentified', 'true: only when no probe identified the service'],
];

/** Room for what a list field holds when the form opens (and a line more), within reason. */
function rowsFor(text: string, min = 4, max = 10): number {
  return Math.min(max, Math.max(min, text.split('\n').length + 1));
}

interface Props {
  path: string;
  document: StandardDocument;
  /** The rule to edit; null adds a new rule of the entity's own. */
  rule: StandardRule | null;
  /** Called with the id of the rule saved, or null when cancelled or nothing changed. */
  onDone(savedId: string | null): void;
}

export function StandardRuleEditor({ path, document, rule, onDone }: Props) {
  const id = useId();
  const edit = useStandardStore((s) => s.edit);
  const [draft, setDraft] = useState<RuleDraft>(() => draftOf(rule));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<DraftField | null>(null);
  const name = rule ? `Edit rule ${rule.title}` : 'Add a rule of your own';
  const text = (key: DraftField & Exclude<keyof RuleDraft, 'criteria'>) => ({
    id: `${id}-${key}`,
    value: draft[key],
    disabled: busy,
    'aria-invalid': invalid === key,
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });

  function toggleCriterion(c: string, on: boolean) {
    setDraft({ ...draft, criteria: on ? [...draft.criteria, c] : draft.criteria.filter((x) => x !== c) });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const result = ruleOf(draft, rule, document);
    if ('problem' in result) {
      setError(result.problem);
      setInvalid(result.field);
      return;
    }
    if (rule && sameValue(result.rule, rule)) {
      onDone(null);
      return;
    }
    setBusy(true);
    setError(null);
    setInvalid(null);
    try {
      await edit(path, { op: 'setRule', rule: result.rule });
      onDone(result.rule.id);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <form className="form rule-editor" onSubmit={(e) => void submit(e)} aria-label={name} noValidate>
      <h3 className="rule-editor-title">{name}</h3>
      <div className="rule-editor-grid">
        {rule ? (
          <div className="field">
            <span className="field-label">Id</span>
            <span className="mono rule-editor-id">{rule.id}</span>
          </div>
        ) : (
          <div className="field">
            <label htmlFor={`${id}-id`}>
              Id <span className="required">(required)</span>
            </label>
            <input type="text" className="mono" spellCheck={false} aria-describedby={`${id}-id-hint`} {...text('id')} />
            <p id={`${id}-id-hint`} className="hint">
              Lower-case letters, digits, “.”, “_” or “-”; it cannot be changed later.
            </p>
          </div>
        )}
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-title`}>
              Title <span className="required">(required)</span>
            </label>
            <input type="text" {...text('title')} />
          </div>
          <div className="field rule-editor-severity">
            <label htmlFor={`${id}-severity`}>Severity</label>
            <select
              id={`${id}-severity`}
              value={draft.severity}
              disabled={busy}
              onChange={(e) => setDraft({ ...draft, severity: e.target.value as Severity })}
            >
              {severities.map((s) => (
                <option key={s} value={s}>
                  {severityLabels[s]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset className="criteria-choice span-2" aria-invalid={invalid === 'criteria'}>
          <legend>
            Criteria <span className="required">(at least one)</span>
          </legend>
          <div className="criteria-options">
            {document.criteria.map((c) => {
              const checked = draft.criteria.includes(c.id);
              return (
                <label
                  key={c.id}
                  className={checked ? 'criterion-option checked' : 'criterion-option'}
                  title={c.description}
                >
                  <input
                    type="checkbox"
                    checked={checked}
                    disabled={busy}
                    onChange={(e) => toggleCriterion(c.id, e.target.checked)}
                  />
                  {c.title}
                </label>
              );
            })}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-rationale`}>
            Why it is insecure <span className="required">(required)</span>
          </label>
          <textarea rows={3} {...text('rationale')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-replacement`}>
            Secure replacement <span className="required">(required)</span>
          </label>
          <textarea rows={3} {...text('replacement')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-features`}>Security features while it stays</label>
          <textarea rows={rowsFor(draft.features)} aria-describedby={`${id}-features-hint`} {...text('features')} />
          <p id={`${id}-features-hint`} className="hint">
            One per line.
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-references`}>References</label>
          <textarea
            rows={rowsFor(draft.references)}
            aria-describedby={`${id}-references-hint`}
            {...text('references')}
          />
          <p id={`${id}-references-hint`} className="hint">
            One per line: a title, or “title | url”.
          </p>
        </div>
        <div className="field span-2">
          <label htmlFor={`${id}-match`}>
            Matchers (JSON) <span className="required">(required)</span>
          </label>
          <div className="matchers-edit">
            <textarea
              id={`${id}-match`}
              rows={rowsFor(draft.match, 8, 18)}
              className="mono matchers-input"
              spellCheck={false}
              placeholder={MATCHER_EXAMPLE}
              aria-describedby={`${id}-match-hint`}
              value={draft.match}
              disabled={busy}
              aria-invalid={invalid === 'match'}
              onChange={(e) => setDraft({ ...draft, match: e.target.value })}
            />
            <div id={`${id}-match-hint`} className="hint matcher-hint">
              <p>
                An array of matcher objects. Every field given must hold; the rule matches when any matcher does. Each
                needs ports, services, facts or product.
              </p>
              <dl className="matcher-fields">
                {MATCHER_FIELDS.map(([field, what]) => (
                  <div key={field}>
                    <dt className="mono">{field}</dt>
                    <dd>{what}</dd>
                  </div>
                ))}
              </dl>
            </div>
          </div>
        </div>
      </div>
      <Alert message={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : rule ? 'Save rule' : 'Add rule'}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
