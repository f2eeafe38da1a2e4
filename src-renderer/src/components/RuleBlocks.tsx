// What a standard rule says about an insecure service — why it is insecure, the secure replacement, the
// security features expected while it stays and the references — shown alike wherever a rule is opened.
import type { StandardRule } from '../api/types';

export function RuleBlocks({
  rule,
  heading: H,
  testIdPrefix,
}: {
  rule: Pick<StandardRule, 'rationale' | 'replacement' | 'features' | 'references'>;
  /** The heading level that fits where the blocks sit. */
  heading: 'h4' | 'h5';
  testIdPrefix: string;
}) {
  return (
    <div className="rule-blocks">
      <div className="rule-block">
        <H className="sub-title">Why it is insecure</H>
        <p data-testid={`${testIdPrefix}-rationale`}>{rule.rationale}</p>
      </div>
      <div className="rule-block">
        <H className="sub-title">Secure replacement</H>
        <p data-testid={`${testIdPrefix}-replacement`}>{rule.replacement}</p>
      </div>
      <div className="rule-block">
        <H className="sub-title">Expected security features while it stays</H>
        {rule.features.length === 0 ? (
          <p className="muted">None listed.</p>
        ) : (
          <ul className="feature-list" data-testid={`${testIdPrefix}-features`}>
            {rule.features.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        )}
      </div>
      <div className="rule-block">
        <H className="sub-title">References</H>
        {rule.references.length === 0 ? (
          <p className="muted">None listed.</p>
        ) : (
          <ul className="reference-list">
            {rule.references.map((r, i) => (
              <li key={i}>
                {r.title}
                {/* Shown, never followed: the app works offline and opens nothing. */}
                {r.url && <div className="mono small muted wrap-anywhere">{r.url}</div>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
