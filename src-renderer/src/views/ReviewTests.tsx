// How a feature was tested: each test's procedure, expected and actual outcome, result, date, tester and
// proof (a stored file, a file attached now, or a later import such as a re-scan).
import { useId, useState, type FormEvent } from 'react';
import type { FeatureTest, TestResult } from '../api/types';
import { testResultLabels, testResults } from '../review-labels';
import { DateField, SelectField, TextField } from './ReviewFields';
import { ReviewProof } from './ReviewProof';
import { WhyThisMatters } from '../components/WhyThisMatters';

export function ReviewTests({
  path,
  tests,
  change,
  featureName,
}: {
  path: string;
  tests: FeatureTest[];
  /** Changes the tests as they are when the change lands (an attachment may take a while). */
  change(c: (tests: FeatureTest[]) => FeatureTest[]): void;
  featureName: string;
}) {
  const id = useId();
  const update = (index: number) => (patch: Partial<FeatureTest>) =>
    change((ts) => ts.map((t, i) => (i === index ? { ...t, ...patch } : t)));
  return (
    <div className="feature-part" role="group" aria-labelledby={`${id}-title`}>
      <h5 id={`${id}-title`} className="sub-title">
        Tests
      </h5>
      <WhyThisMatters topic="tests" />
      {tests.length === 0 ? (
        <p className="muted small">Not tested yet: record how it was tested, the result and the proof.</p>
      ) : (
        <ol className="tests">
          {tests.map((t, i) => (
            <TestCard
              key={i}
              path={path}
              test={t}
              label={`Test ${i + 1} of ${featureName}`}
              update={update(i)}
              remove={() => change((ts) => ts.filter((_, j) => j !== i))}
            />
          ))}
        </ol>
      )}
      <AddTest featureName={featureName} onAdd={(t) => change((ts) => [...ts, t])} />
    </div>
  );
}

function TestCard({
  path,
  test,
  label,
  update,
  remove,
}: {
  path: string;
  test: FeatureTest;
  label: string;
  update(patch: Partial<FeatureTest>): void;
  remove(): void;
}) {
  return (
    <li className={`test test-${test.result}`} aria-label={label} data-testid="review-test">
      <div className="field-row">
        <TextField
          label="Procedure"
          required
          multiline
          value={test.procedure}
          onChange={(v) => update({ procedure: v ?? '' })}
          className="grow"
        />
        <div className="test-side">
          <SelectField<TestResult>
            label="Result"
            value={test.result}
            options={testResults}
            labels={testResultLabels}
            onChange={(result) => update({ result })}
          />
          <button type="button" className="button small quiet" onClick={remove} aria-label={`Remove ${label}`}>
            Remove test
          </button>
        </div>
      </div>
      <div className="field-row">
        <TextField label="Expected" value={test.expected} onChange={(expected) => update({ expected })} />
        <TextField label="Actual" value={test.actual} onChange={(actual) => update({ actual })} />
      </div>
      <div className="field-row">
        <DateField
          label="Tested on"
          value={test.testedOn}
          onChange={(testedOn) => update({ testedOn })}
          className="date-field"
        />
        <TextField label="Tester" value={test.tester} onChange={(tester) => update({ tester })} />
      </div>
      <ReviewProof path={path} proof={test.proof} onChange={(proof) => update({ proof })} label={label} />
    </li>
  );
}

function AddTest({ featureName, onAdd }: { featureName: string; onAdd(test: FeatureTest): void }) {
  const id = useId();
  const [procedure, setProcedure] = useState('');
  function add(e: FormEvent) {
    e.preventDefault();
    if (procedure.trim() === '') return;
    onAdd({
      procedure: procedure.trim(),
      expected: null,
      actual: null,
      result: 'not-run',
      testedOn: null,
      tester: null,
      proof: null,
    });
    setProcedure('');
  }
  return (
    <form className="add-test" aria-label={`Add a test of ${featureName}`} onSubmit={add}>
      <div className="field">
        <label htmlFor={`${id}-procedure`}>New test</label>
        <input
          id={`${id}-procedure`}
          type="text"
          maxLength={4000}
          placeholder="How it is tested, e.g. FTP from a host outside the allowlist"
          value={procedure}
          onChange={(e) => setProcedure(e.target.value)}
        />
      </div>
      <button type="submit" className="button small" disabled={procedure.trim() === ''}>
        Add test
      </button>
    </form>
  );
}
