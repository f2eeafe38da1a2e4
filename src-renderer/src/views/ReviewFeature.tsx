// One security feature: its kind, title and description, the hosts of the item it covers, where it is
// implemented, how it was tested, what the core still finds missing about it, and copying it to other
// items.
import { useId, useState } from 'react';
import type { FeatureKind, SecurityFeature, ValidationIssue } from '../api/types';
import { featureKindLabels, featureKinds, suggestionsFor } from '../review-labels';
import { useReviewStore } from '../store/review-store';
import { ReviewBulk } from './ReviewBulk';
import { SelectField, TextField } from './ReviewFields';
import { ReviewLinks } from './ReviewLinks';
import { ReviewTestPlan } from './ReviewTestPlan';
import { ReviewTests } from './ReviewTests';
import { ReviewTickets } from './ReviewTickets';

type FeatureChange = (c: (f: SecurityFeature) => SecurityFeature) => void;

export function ReviewFeature({
  path,
  index,
  feature,
  change,
  remove,
  issues,
}: {
  path: string;
  index: number;
  feature: SecurityFeature;
  change: FeatureChange;
  remove(): void;
  issues: ValidationIssue[];
}) {
  const id = useId();
  const [bulk, setBulk] = useState(false);
  const suggestions = useReviewStore((s) => s.suggestions);
  const itemKey = useReviewStore((s) => s.open);
  const set =
    <K extends keyof SecurityFeature>(key: K) =>
    (value: SecurityFeature[K]) =>
      change((f) => ({ ...f, [key]: value }));
  const name = feature.title.trim() || `Feature ${index + 1}`;
  return (
    <li className="feature" aria-labelledby={`${id}-title`} data-testid="review-feature">
      <div className="feature-head">
        <h4 id={`${id}-title`} className="feature-title">
          <span className="muted">{index + 1}.</span> {name}
          {feature.id && (
            <span className="tag tag-quiet feature-id" title="The feature's id: tickets and test plans cite it">
              {feature.id}
            </span>
          )}
        </h4>
        <div className="actions">
          <button type="button" className="button small" aria-expanded={bulk} onClick={() => setBulk(!bulk)}>
            Apply this feature to other items…
          </button>
          <button type="button" className="button small quiet" onClick={remove} aria-label={`Remove feature ${name}`}>
            Remove
          </button>
        </div>
      </div>
      {bulk && <ReviewBulk path={path} feature={feature} onClose={() => setBulk(false)} />}
      {issues.length > 0 && (
        <ul className="feature-issues" aria-label={`Missing for ${name}`}>
          {issues.map((x, i) => (
            <li key={`${x.code}-${i}`} className={`issue ${x.severity}`}>
              {x.message} <span className="issue-fix">{x.fix}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="field-row">
        <SelectField<FeatureKind>
          label="Kind"
          value={feature.kind}
          options={featureKinds}
          labels={featureKindLabels}
          onChange={set('kind')}
          className="kind-field"
        />
        <TextField
          label="Title"
          required
          maxLength={300}
          value={feature.title}
          onChange={(v) => set('title')(v ?? '')}
        />
      </div>
      <TextField
        label="Description"
        multiline
        value={feature.description}
        onChange={set('description')}
        placeholder="What the feature does and for whom"
      />
      <FeatureHosts hosts={feature.hosts} onChange={set('hosts')} />
      <ReviewLinks
        links={feature.implementedBy}
        change={(c) => change((f) => ({ ...f, implementedBy: c(f.implementedBy) }))}
        featureName={name}
      />
      <ReviewTickets
        label="Change tickets"
        tickets={feature.tickets}
        onChange={set('tickets')}
        hint="Imported change tickets that put this feature in place (the rule change, the hardening)."
        testId="feature-tickets"
        suggestions={suggestionsFor(suggestions, feature.implementedBy)}
      />
      <ReviewTests
        path={path}
        tests={feature.tests}
        change={(c) => change((f) => ({ ...f, tests: c(f.tests) }))}
        featureName={name}
      />
      {feature.kind === 'network' && feature.id && itemKey && (
        <ReviewTestPlan path={path} itemKey={itemKey} featureId={feature.id} featureName={name} />
      )}
    </li>
  );
}

/** Which of the item's hosts the feature covers; none ticked means all of them. */
function FeatureHosts({ hosts, onChange }: { hosts: string[]; onChange(hosts: string[]): void }) {
  const itemHosts = useReviewStore((s) => s.item?.hosts);
  const names = [...new Set(itemHosts?.map((h) => h.host) ?? [])];
  if (names.length <= 1) {
    return (
      <p className="hint">
        {names.length === 1 ? (
          <>
            Covers <span className="mono">{names[0]}</span>, the item’s only host.
          </>
        ) : (
          'Covers every host of the item.'
        )}
      </p>
    );
  }
  return (
    <fieldset className="feature-hosts">
      <legend>Hosts covered</legend>
      <p className="hint">None ticked: every host of the item.</p>
      {names.map((h) => (
        <label key={h} className="check">
          <input
            type="checkbox"
            checked={hosts.includes(h)}
            onChange={(e) => onChange(e.target.checked ? [...hosts, h] : hosts.filter((x) => x !== h))}
          />
          <span className="mono">{h}</span>
        </label>
      ))}
    </fieldset>
  );
}
