// The labelled inputs of the review screens. Empty optional text and dates are recorded as "not set"
// (null); what is typed is kept as typed, so a refused save never changes the field under the cursor.
import { useId, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  hint?: ReactNode;
  /** A problem shown under the field (and announced) before anything is saved. */
  problem?: string | null;
  className?: string;
  testId?: string;
}

function Frame({ id, label, hint, problem, className, children }: FieldProps & { id: string; children: ReactNode }) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {problem && (
        <p id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, p: FieldProps): string | undefined {
  const ids = [p.hint ? `${id}-hint` : null, p.problem ? `${id}-problem` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function TextField(
  p: FieldProps & {
    value: string | null;
    onChange(value: string | null): void;
    /** Required fields keep '' rather than null (the core says what is missing). */
    required?: boolean;
    placeholder?: string;
    maxLength?: number;
    multiline?: boolean;
  },
) {
  const id = useId();
  const common = {
    id,
    value: p.value ?? '',
    placeholder: p.placeholder,
    maxLength: p.maxLength,
    'aria-describedby': describedBy(id, p),
    'aria-invalid': p.problem ? true : undefined,
    'data-testid': p.testId,
  };
  const set = (v: string) => p.onChange(v === '' && !p.required ? null : v);
  return (
    <Frame id={id} {...p}>
      {p.multiline ? (
        <textarea {...common} rows={3} onChange={(e) => set(e.target.value)} />
      ) : (
        <input {...common} type="text" onChange={(e) => set(e.target.value)} />
      )}
    </Frame>
  );
}

export function DateField(p: FieldProps & { value: string | null; onChange(value: string | null): void }) {
  const id = useId();
  return (
    <Frame id={id} {...p}>
      <input
        id={id}
        type="date"
        value={p.value ?? ''}
        aria-describedby={describedBy(id, p)}
        data-testid={p.testId}
        onChange={(e) => p.onChange(e.target.value === '' ? null : e.target.value)}
      />
    </Frame>
  );
}

export function NumberField(
  p: FieldProps & { value: number | null; min: number; max: number; onChange(value: number | null): void },
) {
  const id = useId();
  return (
    <Frame id={id} {...p}>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={p.min}
        max={p.max}
        step={1}
        value={p.value ?? ''}
        aria-describedby={describedBy(id, p)}
        data-testid={p.testId}
        onChange={(e) => {
          const n = e.target.valueAsNumber;
          p.onChange(e.target.value === '' || Number.isNaN(n) ? null : n);
        }}
      />
    </Frame>
  );
}

export function SelectField<T extends string>(
  p: FieldProps & {
    value: T;
    options: readonly T[];
    labels: Record<T, string>;
    onChange(value: T): void;
  },
) {
  const id = useId();
  return (
    <Frame id={id} {...p}>
      <select
        id={id}
        value={p.value}
        aria-describedby={describedBy(id, p)}
        data-testid={p.testId}
        onChange={(e) => p.onChange(e.target.value as T)}
      >
        {p.options.map((o) => (
          <option key={o} value={o}>
            {p.labels[o]}
          </option>
        ))}
      </select>
    </Frame>
  );
}
