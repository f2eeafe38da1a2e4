// Question one: why is the insecure service still needed? The decision (disable is preferred, replace
// with a plan and a date, or constrain and secure), the business justification, what depends on it and
// the third party that needs it, and the change tickets behind the decision.
import { useId } from 'react';
import type { Disposition, ReviewRecord } from '../api/types';
import { dispositionHints, dispositionLabels, dispositions } from '../review-labels';
import type { TicketSuggestionRow } from '../api/types';
import { DateField, TextField } from './ReviewFields';
import { ReviewTickets } from './ReviewTickets';
import { WhyThisMatters } from '../components/WhyThisMatters';

type Change = (c: (d: ReviewRecord) => ReviewRecord) => void;

export function ReviewDecision({
  draft,
  change,
  suggestions,
}: {
  draft: ReviewRecord;
  change: Change;
  /** Tickets mentioned by the rule lines the record links to. */
  suggestions: readonly TicketSuggestionRow[];
}) {
  const id = useId();
  const set =
    <K extends keyof ReviewRecord>(key: K) =>
    (value: ReviewRecord[K]) =>
      change((d) => ({ ...d, [key]: value }));
  return (
    <section className="review-section" aria-labelledby={`${id}-title`} data-testid="review-decision">
      <h3 id={`${id}-title`} className="review-question">
        <span className="question-number" aria-hidden="true">
          1
        </span>
        Why is it still needed?
      </h3>
      <WhyThisMatters topic="decision" />
      <fieldset className="dispositions">
        <legend>Decision</legend>
        {dispositions.map((d) => (
          <DispositionChoice key={d} value={d} chosen={draft.disposition === d} onChoose={set('disposition')} />
        ))}
      </fieldset>
      {draft.disposition === 'replace' && (
        <div className="field-row">
          <TextField
            label="Replacement plan"
            multiline
            value={draft.replacementPlan}
            onChange={set('replacementPlan')}
            placeholder="The secure replacement and the migration steps"
            className="grow"
          />
          <DateField
            label="Target date"
            value={draft.targetDate}
            onChange={set('targetDate')}
            hint="When the insecure service will be gone."
            className="date-field"
          />
        </div>
      )}
      {draft.disposition === 'disable' && (
        <TextField
          label="Retirement plan"
          multiline
          value={draft.retirementPlan}
          onChange={set('retirementPlan')}
          placeholder="How and when the service is switched off"
        />
      )}
      <TextField
        label="Business justification"
        multiline
        value={draft.justification}
        onChange={set('justification')}
        placeholder="Why the business needs this insecure service"
        hint={draft.disposition === 'constrain' ? 'Required to constrain the service.' : undefined}
      />
      <div className="field-row">
        <TextField
          label="Dependency"
          value={draft.dependency}
          onChange={set('dependency')}
          placeholder="The system or party that needs it"
        />
        <TextField
          label="Third party"
          value={draft.thirdParty}
          onChange={set('thirdParty')}
          placeholder="e.g. Acme POS Support"
          hint="A third party’s access needs a security feature of its own."
        />
      </div>
      <ReviewTickets
        label="Change tickets"
        tickets={draft.tickets}
        onChange={set('tickets')}
        hint="Imported change tickets behind this decision; a closed one proves a disabled or replaced service."
        testId="review-tickets"
        suggestions={suggestions}
      />
    </section>
  );
}

function DispositionChoice({
  value,
  chosen,
  onChoose,
}: {
  value: Disposition;
  chosen: boolean;
  onChoose(value: Disposition): void;
}) {
  const id = useId();
  return (
    <div className={chosen ? 'disposition chosen' : 'disposition'}>
      <input
        id={id}
        type="radio"
        name="disposition"
        value={value}
        checked={chosen}
        aria-describedby={`${id}-hint`}
        onChange={() => onChoose(value)}
      />
      <div className="disposition-text">
        <label htmlFor={id} className="disposition-label">
          {dispositionLabels[value]}
        </label>
        {value === 'disable' && <span className="tag tag-ok">Preferred</span>}
        <p id={`${id}-hint`} className="hint">
          {dispositionHints[value]}
        </p>
      </div>
    </div>
  );
}
