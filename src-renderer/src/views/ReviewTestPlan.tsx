// Negative tests of a network feature, planned from the rules it links: where to scan from (the vantage
// points typed here, or addresses just outside what the rules admit), the exact nmap command, and what a
// pass looks like. Importing the scan a command writes records its result in the feature's tests.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { call, messageOf } from '../api/client';
import type { TestCaseRow, TestPlanGap } from '../api/types';
import { Alert } from '../components/Alert';
import { useEngagementStore } from '../store/engagement-store';
import { importsVersionOf } from '../store/items-store';
import { useReviewStore } from '../store/review-store';
import { WhyThisMatters } from '../components/WhyThisMatters';

const statusLabels: Record<TestCaseRow['status'], string> = {
  planned: 'Planned',
  passed: 'Passed',
  failed: 'Failed',
  inconclusive: 'Inconclusive',
};

/** "jump 10.50.1.10" or "jump=10.50.1.10" per line; a bare address names itself. */
export function parseVantage(text: string): { name: string; address: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const m = /^(.*?)[\s=]+(\S+)$/.exec(l);
      return m && m[1] ? { name: m[1].trim(), address: m[2]! } : { name: l, address: l };
    });
}

export function ReviewTestPlan({
  path,
  itemKey,
  featureId,
  featureName,
}: {
  path: string;
  itemKey: string;
  featureId: string;
  featureName: string;
}) {
  const id = useId();
  const version = useEngagementStore((s) => importsVersionOf(s.imports));
  const [cases, setCases] = useState<TestCaseRow[] | null>(null);
  const [gaps, setGaps] = useState<TestPlanGap[]>([]);
  const [vantage, setVantage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The cases follow the imports: a scan may have run some of them.
  useEffect(() => {
    let live = true;
    call('testplan.list', { path, key: itemKey, featureId })
      .then((rows) => live && setCases(rows))
      .catch((err: unknown) => live && setError(messageOf(err)));
    return () => {
      live = false;
    };
  }, [path, itemKey, featureId, version]);

  async function plan(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      // The plan reads the saved record: save what is typed first (a feature just added, a rule just linked).
      await useReviewStore.getState().flush(path);
      const result = await call('testplan.generate', { path, key: itemKey, vantage: parseVantage(vantage) });
      setCases(result.cases.filter((c) => c.featureId === featureId));
      setGaps(result.gaps.filter((g) => g.featureId === featureId || g.featureId === null));
      void useEngagementStore.getState().refresh();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="feature-part test-plan" role="group" aria-labelledby={`${id}-title`}>
      <h5 id={`${id}-title`} className="sub-title">
        Negative tests from the rules
      </h5>
      <WhyThisMatters topic="testPlan" />
      {cases && cases.length > 0 && (
        <ol className="test-cases" aria-label={`Planned tests of ${featureName}`}>
          {cases.map((c) => (
            <li key={c.ref} className={`test-case ${c.status}`} data-testid="test-case">
              <p>
                <span className="mono case-ref">{c.ref}</span>{' '}
                <span
                  className={`tag ${c.status === 'passed' ? 'tag-ok' : c.status === 'failed' ? 'tag-bad' : 'tag-quiet'}`}
                >
                  {statusLabels[c.status]}
                </span>{' '}
                From {c.vantage} ({c.source}) to {c.target} {c.port}/{c.proto}
              </p>
              <code className="command">{c.command}</code>
              <p className="muted small">
                {c.resultState
                  ? `Result: ${c.resultState} (import #${c.resultImportId}).`
                  : `Expected: ${c.expected}. Import the scan it writes to record the result.`}
              </p>
            </li>
          ))}
        </ol>
      )}
      {gaps.length > 0 && (
        <ul className="plan-gaps">
          {gaps.map((g, i) => (
            <li key={i} className="muted small">
              {g.message}
            </li>
          ))}
        </ul>
      )}
      <form className="plan-form" aria-label={`Plan negative tests of ${featureName}`} onSubmit={(e) => void plan(e)}>
        <div className="field">
          <label htmlFor={`${id}-vantage`}>Vantage points (one per line: name and address)</label>
          <textarea
            id={`${id}-vantage`}
            rows={2}
            value={vantage}
            placeholder={'store VLAN jump host 10.50.1.10\n(none: addresses just outside the allowlist)'}
            onChange={(e) => setVantage(e.target.value)}
          />
        </div>
        <button type="submit" className="button small" disabled={busy}>
          {busy ? 'Planning…' : 'Plan tests'}
        </button>
      </form>
      <Alert message={error} />
    </div>
  );
}
