// One rule of the standard opened: the criteria that make it insecure, why, the secure replacement, the
// security features expected while it stays, references, and its matchers in words. From here the rule
// is edited; the entity's own rules can also be removed (after a confirmation), while rules from the
// catalog stay and are marked not applicable, with a reason, instead.
import { useId, useState } from 'react';
import { messageOf } from '../api/client';
import type { StandardDocument, StandardRule } from '../api/types';
import { Alert } from '../components/Alert';
import { RuleBlocks } from '../components/RuleBlocks';
import { useStandardStore } from '../store/standard-store';
import { StandardMatchers } from './StandardMatchers';

interface Props {
  path: string;
  document: StandardDocument;
  rule: StandardRule;
  onEdit(): void;
  onRemoved(): void;
}

export function StandardRuleDetail({ path, document, rule, onEdit, onRemoved }: Props) {
  const id = useId();
  const titles = new Map(document.criteria.map((c) => [c.id, c.title]));
  return (
    <div className="rule-detail" data-testid="rule-detail" aria-labelledby={`${id}-title`} role="region">
      <div className="rule-detail-head">
        <h3 id={`${id}-title`} className="rule-detail-title">
          {rule.title}
        </h3>
        <span className="muted small">
          {rule.origin === 'catalog' ? 'From the catalog' : "The entity's own rule"} · criteria:{' '}
          {rule.criteria.map((c) => titles.get(c) ?? c).join(', ')}
        </span>
        <div className="actions rule-detail-actions">
          <button type="button" className="button small" aria-label={`Edit rule ${rule.title}`} onClick={onEdit}>
            Edit rule
          </button>
        </div>
      </div>
      <RuleBlocks rule={rule} heading="h4" testIdPrefix="rule" />
      <div className="rule-block">
        <h4 className="sub-title">How it is recognised</h4>
        <p className="muted small">Every condition of a matcher must hold; the rule matches when any matcher does.</p>
        <StandardMatchers rule={rule} />
      </div>
      {rule.origin === 'entity' ? (
        <RemoveRule path={path} rule={rule} onRemoved={onRemoved} />
      ) : (
        <p className="muted small" data-testid="rule-catalog-note">
          Rules from the catalog are not removed: if this one does not apply to the entity, mark it not applicable with
          the reason, so the decision stays on record.
        </p>
      )}
    </div>
  );
}

function RemoveRule({ path, rule, onRemoved }: { path: string; rule: StandardRule; onRemoved(): void }) {
  const edit = useStandardStore((s) => s.edit);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await edit(path, { op: 'removeRule', ruleId: rule.id });
      onRemoved();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <div className="rule-remove">
      <Alert message={error} />
      {confirming ? (
        <div className="confirm" role="group" aria-label={`Confirm removing ${rule.title}`}>
          <p>
            Remove the rule <strong>{rule.title}</strong>? Its findings leave the insecure items; the removal is kept in
            the version history and the audit log.
          </p>
          <div className="actions">
            <button type="button" className="button danger" disabled={busy} onClick={() => void remove()}>
              {busy ? 'Removing…' : 'Remove rule'}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          className="button small"
          aria-label={`Remove rule ${rule.title}`}
          onClick={() => setConfirming(true)}
        >
          Remove rule…
        </button>
      )}
    </div>
  );
}
