// The work behind each job channel. These run in a worker thread (or inline for tests), open their own
// connection to the engagement and report progress; a cancelled job rolls back and leaves no trace.
import { ensureDerived } from '../../core/inventory/derived';
import { ensureClassified } from '../../core/standard/classification';
import { Classifier } from '../../core/standard/classifier';
import { currentStandard } from '../../core/standard/standard-store';
import { recordResults } from '../../core/reconcile/testplan-results';
import { EngagementStore } from '../../core/store/engagement-store';
import { addFileFromPath, listStoredFiles } from '../../core/store/stored-files';
import { verifyArtifact } from '../../core/store/artifact-store';
import { basename } from 'node:path';
import { PortcullisError, toErrorInfo } from '../../core/model/errors';
import { importFile } from '../../core/import/run-import';
import type { CommandContext } from '../../core/store/context';
import type { JobChannel, JobResult, ParsedRequest } from '../contract';
import { verify } from '../export';
import { HOST_FORMATS } from '../host-formats';
import { exportPackage } from './export-job';
import { exportReport } from './report-job';

export interface JobContext extends CommandContext {
  signal: AbortSignal;
  progress(done: number, total: number | null, phase: string): void;
}

type JobHandler<C extends JobChannel> = (request: ParsedRequest<C>, ctx: JobContext) => Promise<JobResult<C>>;

export const jobHandlers: { [C in JobChannel]: JobHandler<C> } = {
  'file.add': async (req, ctx) => {
    const store = EngagementStore.open(req.path, ctx);
    try {
      const added = [];
      for (const [i, source] of req.sources.entries()) {
        const phase = req.sources.length > 1 ? `Storing file ${i + 1} of ${req.sources.length}` : 'Storing file';
        added.push(
          await addFileFromPath(store, ctx, source, {
            role: req.role,
            signal: ctx.signal,
            onProgress: (done, total) => ctx.progress(done, total, phase),
          }),
        );
      }
      return added;
    } finally {
      store.close();
    }
  },
  'import.files': async (req, ctx) => {
    const store = EngagementStore.open(req.path, ctx);
    try {
      const outcomes: JobResult<'import.files'> = [];
      // The standard (adopted on first use, inside the file's transaction), so that each file's
      // observations are classified as they are stored.
      const classify = () => {
        const version = ensureClassified(store, ctx);
        const standard = currentStandard(store.db);
        return standard ? { version, classifier: new Classifier(standard.document) } : null;
      };
      for (const [i, source] of req.sources.entries()) {
        if (ctx.signal.aborted)
          throw new PortcullisError('CANCELLED', 'import cancelled; files not yet imported were left out');
        const phase =
          req.sources.length > 1
            ? `Importing ${basename(source)} (${i + 1} of ${req.sources.length})`
            : `Importing ${basename(source)}`;
        try {
          const result = await importFile(store, ctx, source, {
            format: req.format,
            hostName: req.hostName,
            columns: req.columns,
            signal: ctx.signal,
            onProgress: (done, total) => ctx.progress(done, total, phase),
            classify,
          });
          outcomes.push({ ok: true, source, result });
        } catch (err) {
          // Each file is its own transaction: one bad file does not undo the others, but cancel stops all.
          const error = toErrorInfo(err);
          if (error.code === 'CANCELLED') throw err;
          outcomes.push({ ok: false, source, error });
        }
      }
      if (outcomes.some((o) => o.ok)) {
        // Classify and rebuild the inventory here, in the worker, so the first look at items is instant.
        ctx.progress(0, null, 'Classifying against the standard and updating the inventory');
        ensureDerived(store, ctx, HOST_FORMATS);
        for (const o of outcomes) {
          if (!o.ok) continue;
          const tests = recordResults(store, ctx, o.result.importId);
          if (tests.length > 0) o.tests = tests;
        }
      }
      return outcomes;
    } finally {
      store.close();
    }
  },
  'export.package': (req, ctx) => exportPackage(req, ctx),
  'export.report': (req, ctx) => exportReport(req, ctx),
  'package.verify': (req, ctx) =>
    verify(req, { signal: ctx.signal, onProgress: (done, total) => ctx.progress(done, total, 'Checking the package') }),
  'file.verify': async (req, ctx) => {
    const store = EngagementStore.open(req.path, ctx);
    try {
      const files = listStoredFiles(store);
      const unique = [...new Map(files.map((f) => [f.sha256, f.size])).entries()];
      const total = unique.reduce((sum, [, size]) => sum + size, 0);
      let before = 0;
      const bad: { sha256: string; actual: string }[] = [];
      for (const [sha256] of unique) {
        if (ctx.signal.aborted) throw new PortcullisError('CANCELLED', 'verification cancelled');
        const r = verifyArtifact(store.db, sha256, (n) => ctx.progress(before + n, total, 'Re-hashing stored files'));
        if (!r.ok) bad.push({ sha256, actual: r.actual });
        before += r.size;
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { checked: unique.length, bytes: before, bad };
    } finally {
      store.close();
    }
  },
};
