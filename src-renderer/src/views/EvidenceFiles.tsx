// Evidence files stored in the engagement, with the two jobs that work on them: adding files chosen in
// a dialog, and re-hashing what is stored to prove it is unchanged.
import { useState } from 'react';
import { call, messageOf } from '../api/client';
import type { StoredFile } from '../api/types';
import { Alert } from '../components/Alert';
import { JobList } from '../components/JobList';
import { formatBytes, formatCount, formatTime, shortHash } from '../format';
import { useJobsStore } from '../store/jobs-store';

const fileJobs = ['file.add', 'file.verify'] as const;

export function EvidenceFiles({ path, files }: { path: string; files: StoredFile[] }) {
  const track = useJobsStore((s) => s.track);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  async function addFiles() {
    setError(null);
    setStarting(true);
    try {
      const { paths } = await call('dialog.openFiles', { title: 'Add evidence files' });
      if (paths.length === 0) return;
      const { jobId } = await call('file.add', { path, sources: paths });
      track(jobId, 'file.add', path, `Adding ${formatCount(paths.length, 'file')}`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setStarting(false);
    }
  }

  async function rehash() {
    setError(null);
    try {
      const { jobId } = await call('file.verify', { path });
      track(jobId, 'file.verify', path, 'Re-hashing stored files');
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <section className="card" aria-labelledby="files-title">
      <div className="card-head">
        <h2 id="files-title">Evidence files</h2>
        <div className="toolbar">
          <button type="button" className="button primary" onClick={() => void addFiles()} disabled={starting}>
            Add files…
          </button>
          <button type="button" className="button" onClick={() => void rehash()}>
            Re-hash stored files
          </button>
        </div>
      </div>
      <Alert message={error} />
      <JobList path={path} channels={fileJobs} />
      {files.length === 0 ? (
        <p className="empty">No files yet. Originals are stored byte for byte and addressed by their SHA-256.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-labelledby="files-title">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">SHA-256</th>
                <th scope="col">Added by</th>
                <th scope="col">Added (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.fileId}>
                  <td className="wrap-anywhere">{f.name}</td>
                  <td>
                    <span className="tag">{f.role}</span>
                  </td>
                  <td className="num nowrap" title={`${f.size.toLocaleString('en-US')} bytes`}>
                    {formatBytes(f.size)}
                  </td>
                  <td className="mono nowrap" title={f.sha256}>
                    {shortHash(f.sha256)}
                  </td>
                  <td>{f.addedBy}</td>
                  <td className="nowrap" title={f.addedAt}>
                    {formatTime(f.addedAt, false)}
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
