// The welcome band of the start screen: what Portcullis is for, and the ways in — a new engagement (the
// form beside it), an engagement file chosen with the open dialog, or the sample engagement to explore.
import { useId } from 'react';
import { Alert } from '../components/Alert';
import { useWelcomeStore } from '../store/welcome-store';

export function Welcome({ onNew }: { onNew(): void }) {
  const id = useId();
  const busy = useWelcomeStore((s) => s.busy);
  const error = useWelcomeStore((s) => s.error);
  const openWithDialog = useWelcomeStore((s) => s.openWithDialog);
  const openSample = useWelcomeStore((s) => s.openSample);

  const actions = [
    {
      key: 'new',
      label: 'New engagement',
      text: 'Start a binder for one entity and assessment period.',
      run: onNew,
    },
    {
      key: 'dialog',
      label: busy === 'dialog' ? 'Opening…' : 'Open…',
      text: 'An engagement file (.portcullis) from anywhere on this computer.',
      run: () => void openWithDialog(),
    },
    {
      key: 'sample',
      label: busy === 'sample' ? 'Copying the sample…' : 'Open sample engagement',
      text: 'Harbor Street Grocers: two scans, firewalls, tickets and items at every stage of review. A copy is made in the workspace.',
      run: () => void openSample(),
    },
  ];

  return (
    <section className="welcome-band" aria-labelledby={`${id}-title`}>
      <div className="welcome-intro">
        <h2 id={`${id}-title`} className="welcome-title">
          Welcome to Portcullis
        </h2>
        <p className="muted">
          Assemble the evidence for PCI DSS v4.0.1 Requirement 1.2.6: find the insecure services, protocols and ports in
          use, decide what happens to each, and prove the security features that mitigate them. Everything stays on this
          computer.
        </p>
      </div>
      <ul className="welcome-actions">
        {actions.map((a) => (
          <li key={a.key} className="welcome-action">
            <button
              type="button"
              className="welcome-action-button"
              aria-describedby={`${id}-${a.key}`}
              disabled={a.key !== 'new' && busy !== null}
              onClick={a.run}
            >
              {a.label}
            </button>
            <p id={`${id}-${a.key}`} className="muted small">
              {a.text}
            </p>
          </li>
        ))}
      </ul>
      <Alert message={error} />
    </section>
  );
}
