// The engagement fields shared by the New and Edit forms. Required fields are marked but not enforced
// here: the core validates every request and its message is what the user sees.
import { useId } from 'react';

export interface MetaDraft {
  entity: string;
  assessor: string;
  periodStart: string;
  periodEnd: string;
  scopeNote: string;
}

export const emptyDraft: MetaDraft = { entity: '', assessor: '', periodStart: '', periodEnd: '', scopeNote: '' };

interface MetaFieldsProps {
  draft: MetaDraft;
  onChange(draft: MetaDraft): void;
  disabled?: boolean;
}

export function MetaFields({ draft, onChange, disabled }: MetaFieldsProps) {
  const id = useId();
  const field = (key: keyof MetaDraft) => ({
    id: `${id}-${key}`,
    value: draft[key],
    disabled,
    onChange: (e: { target: { value: string } }) => onChange({ ...draft, [key]: e.target.value }),
  });
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-entity`}>
          Assessed entity <span className="required">(required)</span>
        </label>
        <input type="text" autoComplete="organization" {...field('entity')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-assessor`}>
          Assessor <span className="required">(required)</span>
        </label>
        <input type="text" autoComplete="name" {...field('assessor')} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-periodStart`}>Period start</label>
          <input type="date" {...field('periodStart')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-periodEnd`}>Period end</label>
          <input type="date" {...field('periodEnd')} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-scopeNote`}>Scope note</label>
        <textarea rows={4} {...field('scopeNote')} />
      </div>
    </>
  );
}
