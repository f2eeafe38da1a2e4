// The start view: the welcome band with the ways in (new, open a file, the sample), the engagements
// opened recently, those found in the workspace (each with an Open button), and the New form.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useCommand } from '../commands';
import { Alert } from '../components/Alert';
import { formatTime } from '../format';
import { useAppStore } from '../store/app-store';
import { NewEngagementForm } from './NewEngagementForm';
import { RecentEngagements } from './RecentEngagements';
import { VerifyPackage } from './VerifyPackage';
import { Welcome } from './Welcome';
import '../styles/welcome.css';

function EngagementList() {
  const listing = useAppStore((s) => s.listing);
  const listError = useAppStore((s) => s.listError);
  const host = useAppStore((s) => s.host);
  const loadListing = useAppStore((s) => s.loadListing);
  const openEngagement = useAppStore((s) => s.openEngagement);
  const [opening, setOpening] = useState<string | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);

  useEffect(() => {
    void loadListing();
  }, [loadListing]);

  async function open(path: string) {
    setOpening(path);
    setOpenError(null);
    const problem = await openEngagement(path);
    setOpening(null);
    if (problem) setOpenError(problem);
  }

  return (
    <section className="card" aria-labelledby="engagements-title">
      <div className="card-head">
        <div>
          <h2 id="engagements-title">Engagements</h2>
          {host && <p className="muted mono small">{host.baseDir}</p>}
        </div>
        <button type="button" className="button" onClick={() => void loadListing()}>
          Refresh
        </button>
      </div>
      <Alert message={listError ?? openError} />
      {listing === null && !listError && <p className="muted">Loading…</p>}
      {listing?.length === 0 && (
        <p className="empty">No engagements in this workspace yet. Create one with the form.</p>
      )}
      {listing && listing.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Entity</th>
                <th scope="col">Assessor</th>
                <th scope="col">Modified (UTC)</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {listing.map((e) => (
                <tr key={e.path}>
                  <td className="mono">{e.fileName}</td>
                  {e.problem ? (
                    <td colSpan={2} className="problem-cell">
                      {e.problem}
                    </td>
                  ) : (
                    <>
                      <td>{e.entity}</td>
                      <td>{e.assessor}</td>
                    </>
                  )}
                  <td className="nowrap">{formatTime(e.modifiedAt, false)}</td>
                  <td className="cell-action">
                    <button
                      type="button"
                      className="button small"
                      aria-label={`Open ${e.fileName}`}
                      disabled={opening !== null}
                      onClick={() => void open(e.path)}
                    >
                      {opening === e.path ? 'Opening…' : 'Open'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function StartView() {
  const fileInput = useRef<HTMLInputElement>(null);

  const startNew = useCallback(() => {
    fileInput.current?.scrollIntoView({ block: 'center' });
    fileInput.current?.focus();
  }, []);
  // Ctrl+N or File > New Engagement.
  useCommand('new', startNew);
  // Ctrl+Shift+V or File > Verify Package: a package can be checked without opening any engagement.
  useCommand(
    'verify',
    useCallback(() => document.querySelector<HTMLElement>('[data-command="verify"]')?.click(), []),
  );

  return (
    <main className="start welcome">
      <Welcome onNew={startNew} />
      <div className="start-columns">
        <div className="start-lists">
          <RecentEngagements />
          <EngagementList />
        </div>
        <section className="card">
          <NewEngagementForm fileInputRef={fileInput} />
        </section>
      </div>
      <VerifyPackage />
    </main>
  );
}
