// The jobs of one engagement: running ones with progress and Cancel, finished ones with their outcome
// until dismissed.
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { JobChannel } from '../../../src-main/api/contract';
import { formatBytes } from '../format';
import { useJobsStore, type JobView } from '../store/jobs-store';
import { ProgressBar } from './ProgressBar';

/** Jobs whose progress counts steps rather than bytes. */
const stepJobs: readonly JobChannel[] = ['export.report'];

/** What a view adds under a finished job's message (an export's file, size and hash, say). */
export type JobDetails = (job: JobView) => ReactNode;

function JobCard({ job, details }: { job: JobView; details?: JobDetails | undefined }) {
  const cancel = useJobsStore((s) => s.cancel);
  const dismiss = useJobsStore((s) => s.dismiss);
  const running = job.status === 'running';
  const showBar = running || job.status === 'succeeded' || job.status === 'warning';

  return (
    <li className={`job job-${job.status}`} data-testid="job">
      {showBar && (
        <ProgressBar
          label={job.label}
          done={job.done}
          total={job.total}
          phase={job.phase}
          format={stepJobs.includes(job.channel) ? String : formatBytes}
          {...(running ? { onCancel: () => void cancel(job.jobId), cancelling: job.cancelling } : {})}
        />
      )}
      {!showBar && <div className="progress-label">{job.label}</div>}
      {job.message && (
        <p
          className={`job-message ${job.status === 'succeeded' ? 'ok' : 'problem'}`}
          role={job.status === 'succeeded' ? 'status' : 'alert'}
        >
          {job.message}
        </p>
      )}
      {!running && details?.(job)}
      {!running && (
        <button type="button" className="button small quiet" onClick={() => dismiss(job.jobId)}>
          Dismiss
        </button>
      )}
    </li>
  );
}

/** Lists the engagement's jobs on the given channels (import jobs have their own panel). */
export function JobList({
  path,
  channels,
  details,
}: {
  path: string;
  channels: readonly JobChannel[];
  details?: JobDetails;
}) {
  const jobs = useJobsStore(
    useShallow((s) =>
      s.order
        .map((id) => s.jobs[id])
        .filter((j): j is JobView => !!j && (j.path ?? path) === path && channels.includes(j.channel)),
    ),
  );
  if (jobs.length === 0) return null;
  return (
    <ul className="jobs" aria-label="Jobs">
      {jobs.map((job) => (
        <JobCard key={job.jobId} job={job} details={details} />
      ))}
    </ul>
  );
}
