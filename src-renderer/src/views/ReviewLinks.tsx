// Where a feature is implemented: rule lines of an imported rulebase (device, ruleset, order and line),
// stored files (a configuration export, with the excerpt that matters) or a written note.
import { useId, useState, type FormEvent } from 'react';
import type { ImplementationLink } from '../api/types';
import { shortHash } from '../format';
import { linkText, ruleGist, ruleName } from '../review-labels';
import { useEngagementStore } from '../store/engagement-store';
import { evidenceTypeLabels, useEvidenceStore } from '../store/evidence-store';
import { useReviewStore } from '../store/review-store';

type LinkKind = ImplementationLink['kind'];

const kindLabels: Record<LinkKind, string> = {
  rule: 'Rule line',
  file: 'Stored file',
  evidence: 'Evidence entry',
  note: 'Note',
};

export function ReviewLinks({
  links,
  change,
  featureName,
}: {
  links: ImplementationLink[];
  change(c: (links: ImplementationLink[]) => ImplementationLink[]): void;
  featureName: string;
}) {
  const id = useId();
  const rules = useReviewStore((s) => s.rules);
  const files = useEngagementStore((s) => s.files);
  const evidence = useEvidenceStore((s) => s.entries);
  return (
    <div className="feature-part" role="group" aria-labelledby={`${id}-title`}>
      <h5 id={`${id}-title`} className="sub-title">
        Implemented by
      </h5>
      {links.length === 0 ? (
        <p className="muted small">Not located yet: link the rule lines, configuration file or note.</p>
      ) : (
        <ul className="links" aria-label={`Where ${featureName} is implemented`}>
          {links.map((l, i) => (
            <li key={`${l.kind}-${i}`} className="link" data-testid="review-link">
              <span className="tag tag-quiet">{kindLabels[l.kind]}</span>
              <span className={l.kind === 'note' ? 'link-text prewrap' : 'link-text'}>
                {linkText(l, rules, files, evidence)}
              </span>
              {l.kind === 'file' && l.excerpt && <q className="link-excerpt prewrap">{l.excerpt}</q>}
              <button
                type="button"
                className="button small quiet"
                aria-label={`Remove link ${i + 1} of ${featureName}`}
                onClick={() => change((ls) => ls.filter((_, j) => j !== i))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <AddLink onAdd={(l) => change((ls) => [...ls, l])} featureName={featureName} />
    </div>
  );
}

function AddLink({ onAdd, featureName }: { onAdd(link: ImplementationLink): void; featureName: string }) {
  const id = useId();
  const [kind, setKind] = useState<LinkKind>('rule');
  const [ruleId, setRuleId] = useState('');
  const [device, setDevice] = useState('');
  const [sha256, setSha256] = useState('');
  const [excerpt, setExcerpt] = useState('');
  const [note, setNote] = useState('');
  const [ref, setRef] = useState('');
  const rules = useReviewStore((s) => s.rules);
  const evidence = useEvidenceStore((s) => s.entries) ?? [];
  const rulesError = useReviewStore((s) => s.rulesError);
  const files = useEngagementStore((s) => s.files);
  const devices = [...new Set(rules?.map((r) => r.device) ?? [])];
  const shownDevice = device || devices[0] || '';
  const deviceRules = rules?.filter((r) => r.device === shownDevice) ?? [];

  const link: ImplementationLink | null =
    kind === 'rule'
      ? ruleId
        ? { kind: 'rule', ruleId: Number(ruleId) }
        : null
      : kind === 'file'
        ? sha256
          ? { kind: 'file', sha256, excerpt: excerpt.trim() || null }
          : null
        : kind === 'evidence'
          ? ref
            ? { kind: 'evidence', ref }
            : null
          : note.trim()
            ? { kind: 'note', text: note.trim() }
            : null;

  function add(e: FormEvent) {
    e.preventDefault();
    if (!link) return;
    onAdd(link);
    setRuleId('');
    setSha256('');
    setExcerpt('');
    setNote('');
    setRef('');
  }

  return (
    <form className="add-link" aria-label={`Link where ${featureName} is implemented`} onSubmit={add}>
      <div className="field link-kind">
        <label htmlFor={`${id}-kind`}>Link a</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as LinkKind)}>
          {(Object.keys(kindLabels) as LinkKind[]).map((k) => (
            <option key={k} value={k}>
              {kindLabels[k]}
            </option>
          ))}
        </select>
      </div>
      {kind === 'rule' &&
        (rulesError ? (
          <p className="alert">{rulesError}</p>
        ) : devices.length === 0 ? (
          <p className="muted small link-none">No rulebase is imported: import one from the Overview tab.</p>
        ) : (
          <>
            <div className="field link-device">
              <label htmlFor={`${id}-device`}>Device</label>
              <select
                id={`${id}-device`}
                value={shownDevice}
                onChange={(e) => {
                  setDevice(e.target.value);
                  setRuleId('');
                }}
              >
                {devices.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </div>
            <div className="field link-rule">
              <label htmlFor={`${id}-rule`}>Rule line</label>
              <select id={`${id}-rule`} value={ruleId} onChange={(e) => setRuleId(e.target.value)}>
                <option value="">Choose a rule line…</option>
                {deviceRules.map((r) => (
                  <option key={r.ruleId} value={r.ruleId}>
                    {ruleName(r)}: {ruleGist(r)}
                  </option>
                ))}
              </select>
            </div>
          </>
        ))}
      {kind === 'file' &&
        (files.length === 0 ? (
          <p className="muted small link-none">No file is stored yet: add one under Evidence files.</p>
        ) : (
          <>
            <div className="field link-rule">
              <label htmlFor={`${id}-file`}>Stored file</label>
              <select id={`${id}-file`} value={sha256} onChange={(e) => setSha256(e.target.value)}>
                <option value="">Choose a file…</option>
                {files.map((f) => (
                  <option key={f.fileId} value={f.sha256}>
                    {f.name} ({shortHash(f.sha256)})
                  </option>
                ))}
              </select>
            </div>
            <div className="field link-device">
              <label htmlFor={`${id}-excerpt`}>Excerpt</label>
              <input
                id={`${id}-excerpt`}
                type="text"
                maxLength={2000}
                placeholder="The lines that matter"
                value={excerpt}
                onChange={(e) => setExcerpt(e.target.value)}
              />
            </div>
          </>
        ))}
      {kind === 'evidence' &&
        (evidence.length === 0 ? (
          <p className="muted small link-none">The evidence register is empty: add an entry on the Evidence tab.</p>
        ) : (
          <div className="field link-rule">
            <label htmlFor={`${id}-ref`}>Evidence entry</label>
            <select id={`${id}-ref`} value={ref} onChange={(e) => setRef(e.target.value)}>
              <option value="">Choose an entry…</option>
              {evidence.map((e) => (
                <option key={e.ref} value={e.ref}>
                  {e.ref} {e.title} ({evidenceTypeLabels[e.type]})
                </option>
              ))}
            </select>
          </div>
        ))}
      {kind === 'note' && (
        <div className="field link-rule">
          <label htmlFor={`${id}-note`}>Note</label>
          <input
            id={`${id}-note`}
            type="text"
            maxLength={4000}
            placeholder="Where and how it is implemented"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
      )}
      <button type="submit" className="button small" disabled={!link}>
        Add link
      </button>
    </form>
  );
}
