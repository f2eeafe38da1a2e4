// Question two: who decided, and until when? The owner accountable for the service, who asked for the
// exception and who approved it (never the same person: said here before anything is saved, and refused
// by the core), when it was decided, when it expires, how often it is reviewed and where it stands.
import { useId } from 'react';
import type { ReviewRecord } from '../api/types';
import { statusLabels, statuses } from '../review-labels';
import { samePerson } from '../store/review-store';
import { DateField, NumberField, SelectField, TextField } from './ReviewFields';
import { WhyThisMatters } from '../components/WhyThisMatters';

type Change = (c: (d: ReviewRecord) => ReviewRecord) => void;

export function ReviewPeople({ draft, change }: { draft: ReviewRecord; change: Change }) {
  const id = useId();
  const set =
    <K extends keyof ReviewRecord>(key: K) =>
    (value: ReviewRecord[K]) =>
      change((d) => ({ ...d, [key]: value }));
  const clash = samePerson(draft.approver, draft.requester);
  const expired = draft.expiryDate !== null && draft.expiryDate < new Date().toISOString().slice(0, 10);
  return (
    <section className="review-section" aria-labelledby={`${id}-title`} data-testid="review-people">
      <h3 id={`${id}-title`} className="review-question">
        <span className="question-number" aria-hidden="true">
          2
        </span>
        Who decided, until when?
      </h3>
      <WhyThisMatters topic="people" />
      {draft.disposition !== 'constrain' && (
        <p className="hint">
          An exception (owner, approval, expiry) is what keeping the service needs; for{' '}
          {draft.disposition ?? 'a decision not taken yet'} it is optional.
        </p>
      )}
      <div className="field-row">
        <TextField
          label="Owner"
          value={draft.owner}
          onChange={set('owner')}
          placeholder="Accountable for the service"
        />
        <TextField label="Requester" value={draft.requester} onChange={set('requester')} placeholder="Asked for it" />
        <TextField
          label="Approver"
          value={draft.approver}
          onChange={set('approver')}
          placeholder="Security approver"
          hint="Someone other than the requester."
          problem={clash ? `The approver must not be the requester (${draft.requester ?? ''}).` : null}
          testId="review-approver"
        />
      </div>
      <div className="field-row">
        <DateField
          label="Decision date"
          value={draft.decisionDate}
          onChange={set('decisionDate')}
          className="date-field"
        />
        <DateField
          label="Expiry date"
          value={draft.expiryDate}
          onChange={set('expiryDate')}
          className="date-field"
          problem={expired ? 'This date has passed: the exception has expired.' : null}
        />
        <NumberField
          label="Review every (days)"
          value={draft.reviewCadenceDays}
          min={1}
          max={3660}
          onChange={set('reviewCadenceDays')}
          className="number-field"
        />
        <SelectField
          label="Status"
          value={draft.status}
          options={statuses}
          labels={statusLabels}
          onChange={set('status')}
          className="status-field"
          hint="Draft → in review → approved; later expired or retired."
        />
      </div>
    </section>
  );
}
