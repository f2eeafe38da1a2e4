// A labelled progress bar for a job: percent when the total is known, an indeterminate bar otherwise,
// the phase the job reports, and an optional Cancel button.
import { useId } from 'react';

interface ProgressBarProps {
  label: string;
  done: number;
  total: number | null;
  phase: string;
  /** Renders the amounts as bytes ("12.0 MiB of 24.0 MiB") rather than plain numbers. */
  format?: (n: number) => string;
  onCancel?: () => void;
  cancelling?: boolean;
}

export function percentOf(done: number, total: number | null): number | null {
  if (total === null) return null;
  if (total <= 0) return 100;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

export function ProgressBar({ label, done, total, phase, format = String, onCancel, cancelling }: ProgressBarProps) {
  const labelId = useId();
  const percent = percentOf(done, total);
  const amount = total === null ? format(done) : `${format(done)} of ${format(total)}`;
  const valueText = percent === null ? `${phase}: ${amount}` : `${phase}: ${amount} (${percent}%)`;

  return (
    <div className="progress">
      <div className="progress-head">
        <span id={labelId} className="progress-label">
          {label}
        </span>
        <span className="progress-phase">
          {phase}
          {percent !== null && <span className="progress-percent">{percent}%</span>}
        </span>
      </div>
      <div className="progress-row">
        <div
          role="progressbar"
          aria-labelledby={labelId}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent ?? undefined}
          aria-valuetext={valueText}
          className={percent === null ? 'progress-track indeterminate' : 'progress-track'}
        >
          <div className="progress-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
        </div>
        {onCancel && (
          <button type="button" className="button small" onClick={onCancel} disabled={cancelling}>
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </div>
      <div className="progress-amount">{amount}</div>
    </div>
  );
}
