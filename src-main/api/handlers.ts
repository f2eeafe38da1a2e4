// The handler table: the only door into the core. Each channel's request is parsed by its schema,
// paths are resolved and checked against the face's policy, and the reply is {ok, value} or
// {ok: false, error: {code, message}}. Electron's IPC, the CLI and the test harness all call `invoke`.
import { readdirSync, statSync, createWriteStream, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { z } from 'zod';
import { PortcullisError, toErrorInfo } from '../core/model/errors';
import { APP_VERSION } from '../core/model/version';
import { EngagementStore, ENGAGEMENT_EXTENSION } from '../core/store/engagement-store';
import { listAudit, verifyAuditChain } from '../core/store/audit-log';
import { artifactReadStream, getArtifact } from '../core/store/artifact-store';
import { listStoredFiles } from '../core/store/stored-files';
import { addEvidenceNote, listEvidence, updateEvidence } from '../core/store/evidence';
import { listImports, listParseNotes, queryObservations } from '../core/store/observations';
import { listDevices, listPolicies, listRules } from '../core/store/rules';
import { listTickets } from '../core/store/tickets';
import { formats } from '../core/import/formats';
import { standardHistory } from '../core/standard/standard-store';
import type { CommandContext } from '../core/store/context';
import { contract, type Channel, type JobChannel, type ParsedRequest, type Reply, type Response } from './contract';
import { EngagementRegistry } from './engagement-registry';
import { reachInEngagement } from './reach';
import * as standard from './standard';
import * as inventory from './inventory';
import * as review from './review';
import * as tickets from './tickets';
import * as exporting from './export';
import { reportJobRequest } from './report';
import { packageTarget, reportTarget, saveTarget, type SaveTarget } from './save-target';
import * as testplan from './testplan';
import { getDashboard } from './dashboard';
import { runReconcile } from './reconcile';
import * as drift from './drift';
import { RecentEngagements } from './recent';
import { bundledResourcesDir, chooseEngagement, copySample, freeSampleName } from './sample';
import type { Host } from './host';
import type { JobRunner, StartedJob } from './jobs/job-runner';

type Impl = {
  [C in Channel]: (
    req: ParsedRequest<C>,
  ) => C extends JobChannel ? StartedJob | Promise<StartedJob> : Promise<Response<C>> | Response<C>;
};

export interface HandlerTable {
  invoke(channel: string, request: unknown): Promise<Reply<unknown>>;
  /** Starts a job and also hands back its completion, for faces that wait for it (the CLI). */
  startJob(channel: JobChannel, request: unknown): Promise<Reply<StartedJob>>;
  close(): Promise<void>;
}

export function formatZodError(channel: string, err: z.ZodError): string {
  const first = err.issues[0];
  if (!first) return `${channel}: invalid request`;
  const where = first.path.length > 0 ? first.path.join('.') : 'request';
  return `${channel}: ${where}: ${first.message}`;
}

/** `recents`: the face's own list when it also shows it elsewhere (the desktop app's Open Recent menu). */
export function createHandlerTable(
  host: Host,
  jobs: JobRunner,
  recents = new RecentEngagements(host.recentFile ?? null),
): HandlerTable {
  const registry = new EngagementRegistry(host.checkMemo);
  const ctx: CommandContext = { actor: host.actor, now: () => host.now() };

  const resolvePath = (p: string): string => {
    const abs = isAbsolute(p) ? resolve(p) : resolve(host.baseDir, p);
    if (!host.mayAccess(abs)) {
      throw new PortcullisError('FORBIDDEN', `${abs}: outside the workspace; choose it with a file dialog first`);
    }
    return abs;
  };
  const store = (p: string) => registry.get(resolvePath(p), ctx);
  /** Opens the engagement (a bad path fails before any dialog), then settles where its export is written. */
  const exportPaths = async (req: { path: string; out?: string | undefined; save: boolean }, target: SaveTarget) => {
    const path = resolvePath(req.path);
    store(path);
    const out = await saveTarget(host, resolvePath, { ...target, out: req.out, save: req.save, engagement: path });
    return { path, out };
  };
  // Recent engagements were openable when they were remembered (in the workspace, or chosen in a dialog).
  for (const p of recents.paths()) host.grant(p);

  const impl: Impl = {
    'host.info': () => ({
      face: host.face,
      version: APP_VERSION,
      actor: host.actor,
      baseDir: host.baseDir,
      separator: sep,
    }),
    'engagement.list': () => listEngagements(host.baseDir),
    'engagement.create': (req) => {
      const created = EngagementStore.create(resolvePath(req.path), req.meta, ctx);
      registry.adopt(created);
      return created.info();
    },
    'engagement.open': (req) => {
      const s = store(req.path);
      const opened = { info: s.info(), audit: verifyAuditChain(s.db) };
      recents.touch(s.path, host.now());
      return opened;
    },
    'engagement.info': (req) => store(req.path).info(),
    'engagement.update': (req) => {
      const s = store(req.path);
      const merged = { ...s.info(), ...req.patch };
      if (merged.periodStart && merged.periodEnd && merged.periodStart > merged.periodEnd) {
        throw new PortcullisError(
          'INVALID_REQUEST',
          'engagement.update: patch.periodEnd: the assessment period must not end before it starts',
        );
      }
      return s.updateMeta(req.patch, ctx);
    },
    'engagement.close': (req) => ({ closed: registry.close(resolvePath(req.path)) }),
    'engagement.sample': (req) => {
      const target = resolvePath(req.path ?? freeSampleName(host.baseDir));
      const copied = copySample(host.resourcesDir ?? bundledResourcesDir(), target, ctx);
      registry.adopt(copied);
      return copied.info();
    },
    'engagement.recent': () => recents.describe(),
    'engagement.forget': (req) => ({ forgotten: recents.forget(resolve(host.baseDir, req.path)) }),
    'audit.list': (req) => listAudit(store(req.path).db, { afterSeq: req.afterSeq, limit: req.limit }),
    'audit.verify': (req) => verifyAuditChain(store(req.path).db),
    'file.list': (req) => listStoredFiles(store(req.path)),
    'file.extract': async (req) => {
      const s = store(req.path);
      const art = getArtifact(s.db, req.sha256);
      if (!art) throw new PortcullisError('NOT_FOUND', `${s.path}: no stored file with SHA-256 ${req.sha256}`);
      const to = resolvePath(req.to);
      await pipeline(artifactReadStream(s.db, req.sha256), createWriteStream(to, { flags: 'wx' }));
      return { to, bytes: art.size };
    },
    'file.add': (req) => {
      const path = resolvePath(req.path);
      const sources = req.sources.map(resolvePath);
      store(path); // refuse a bad engagement before any work starts
      return jobs.start('file.add', { ...req, path, sources }, host.actor);
    },
    'file.verify': (req) => {
      const path = resolvePath(req.path);
      store(path);
      return jobs.start('file.verify', { ...req, path }, host.actor);
    },
    'format.list': () =>
      formats.map((f) => ({
        id: f.id,
        label: f.label,
        family: f.family,
        detector: f.detector,
        needsHostName: f.needsHostName,
        parserVersion: f.parserVersion,
      })),
    'import.files': (req) => {
      const path = resolvePath(req.path);
      const sources = req.sources.map(resolvePath);
      store(path);
      return jobs.start('import.files', { ...req, path, sources }, host.actor);
    },
    'import.list': (req) => listImports(store(req.path).db),
    'import.notes': (req) => listParseNotes(store(req.path).db, req.importId, req.offset, req.limit),
    'observation.query': (req) =>
      queryObservations(store(req.path).db, req.filter, {
        offset: req.offset,
        limit: req.limit,
        sort: req.sort,
        descending: req.descending,
      }),
    'rule.list': (req) => {
      const db = store(req.path).db;
      const filter = {
        ...(req.importId !== undefined ? { importId: req.importId } : {}),
        ...(req.device !== undefined ? { device: req.device } : {}),
        ...(req.ruleset !== undefined ? { ruleset: req.ruleset } : {}),
      };
      return { ...listRules(db, filter, { offset: req.offset, limit: req.limit }), policies: listPolicies(db, filter) };
    },
    'rule.devices': (req) => listDevices(store(req.path).db),
    'rule.reach': (req) => {
      const { path, ...query } = req;
      return reachInEngagement(store(path).db, query);
    },
    'ticket.list': (req) =>
      listTickets(
        store(req.path).db,
        {
          ...(req.importId !== undefined ? { importId: req.importId } : {}),
          ...(req.key !== undefined ? { key: req.key } : {}),
          ...(req.text !== undefined ? { text: req.text } : {}),
        },
        { offset: req.offset, limit: req.limit },
      ),
    'ticket.suggestions': (req) => tickets.suggestions(store(req.path).db),
    'drift.compare': (req) => drift.compare(store(req.path), ctx, req),
    'drift.timeline': (req) => drift.timeline(store(req.path), ctx, req),
    'standard.get': (req) => standard.getStandard(store(req.path), ctx),
    'standard.history': (req) => {
      const s = store(req.path);
      standard.getStandard(s, ctx);
      return standardHistory(s.db);
    },
    'standard.edit': (req) => standard.edit(store(req.path), ctx, req.edit),
    'standard.export': async (req) => {
      const exported = standard.exportStandard(store(req.path), ctx, req.format);
      if (!req.save) return exported;
      const chosen = await host.dialogs.saveFile('Save the standard', exported.fileName);
      if (chosen === null) return exported;
      host.grant(resolve(chosen));
      const target = resolvePath(chosen);
      writeFileSync(target, exported.text, 'utf8');
      return { ...exported, savedTo: target };
    },
    'item.list': (req) => standard.items(store(req.path), ctx),
    'item.get': (req) => standard.item(store(req.path), ctx, req.key),
    'inventory.query': (req) => {
      const { path, filter, ...page } = req;
      return inventory.inventoryPage(store(path), ctx, filter, page);
    },
    'inventory.groups': (req) => inventory.inventoryGroups(store(req.path), ctx, req.filter, req.by),
    'inventory.get': (req) => {
      const { path, ...key } = req;
      return inventory.inventoryDetail(store(path), ctx, key);
    },
    'inventory.annotate': (req) => inventory.annotateAsset(store(req.path), ctx, req.annotation),
    'inventory.importAssets': (req) => inventory.importAssets(store(req.path), ctx, resolvePath(req.source)),
    'review.get': (req) => review.getReview(store(req.path), ctx, req.key),
    'review.apply': (req) => review.putReview(store(req.path), ctx, req.key, req.record),
    'review.validate': (req) => review.validateEngagement(store(req.path), ctx),
    'review.addFeature': (req) => review.addFeature(store(req.path), ctx, req.keys, req.feature),
    'review.undo': (req) => review.undo(store(req.path), ctx, req.key),
    'testplan.generate': (req) => testplan.generate(store(req.path), ctx, req.key, req.vantage),
    'testplan.list': (req) => testplan.list(store(req.path), req.key, req.featureId),
    'dashboard.get': (req) => getDashboard(store(req.path), ctx),
    'evidence.list': (req) => listEvidence(store(req.path).db),
    'evidence.update': (req) => updateEvidence(store(req.path), ctx, req.ref, req.patch),
    'evidence.note': (req) => addEvidenceNote(store(req.path), ctx, req.entry),
    'reconcile.run': (req) =>
      runReconcile(store(req.path), ctx, req, async (fileName, text) => {
        const chosen = await host.dialogs.saveFile('Save the reconciliation', fileName);
        if (chosen === null) return null;
        host.grant(resolve(chosen));
        const target = resolvePath(chosen);
        writeFileSync(target, text, 'utf8');
        return target;
      }),
    'identity.new': (req) => exporting.createIdentity(host.identityDir, req, host.now()),
    'identity.import': (req) => exporting.importIdentityFile(host.identityDir, resolvePath(req.source), req),
    'identity.list': () => exporting.identities(host.identityDir),
    'export.package': async (req) => {
      const request = exporting.exportJobRequest(
        host.identityDir,
        req,
        await exportPaths(req, packageTarget),
        host.now(),
      );
      return jobs.start('export.package', request, host.actor);
    },
    'export.report': async (req) => {
      const request = reportJobRequest(host.identityDir, req, await exportPaths(req, reportTarget), host.now());
      return jobs.start('export.report', request, host.actor);
    },
    'package.verify': (req) => {
      const resolved = {
        package: resolvePath(req.package),
        ...(req.ca === undefined ? {} : { ca: resolvePath(req.ca) }),
      };
      return jobs.start('package.verify', exporting.verifyJobRequest(resolved), host.actor);
    },
    'job.cancel': (req) => ({ cancelled: jobs.cancel(req.jobId) }),
    'dialog.openFiles': async (req) => {
      const paths = await host.dialogs.openFiles(req.title);
      for (const p of paths) host.grant(resolve(p));
      return { paths: paths.map((p) => resolve(p)) };
    },
    'dialog.openEngagement': () => chooseEngagement(host),
  };

  const parse = (channel: string, request: unknown) => {
    if (!Object.hasOwn(contract, channel)) {
      throw new PortcullisError('INVALID_REQUEST', `unknown channel "${channel}"`);
    }
    const spec = contract[channel as Channel];
    const parsed = spec.request.safeParse(request ?? {});
    if (!parsed.success) throw new PortcullisError('INVALID_REQUEST', formatZodError(channel, parsed.error));
    return { spec, value: parsed.data };
  };

  const run = async (
    channel: string,
    request: unknown,
  ): Promise<{ spec: (typeof contract)[Channel]; out: unknown }> => {
    const { spec, value } = parse(channel, request);
    const fn = impl[channel as Channel] as (r: unknown) => unknown;
    return { spec, out: await fn(value) };
  };

  return {
    async invoke(channel, request) {
      try {
        const { spec, out } = await run(channel, request);
        const value = spec.kind === 'job' ? { jobId: (out as StartedJob).jobId } : out;
        return { ok: true, value: spec.response.parse(value) };
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    },
    async startJob(channel, request) {
      try {
        const { out } = await run(channel, request);
        return { ok: true, value: out as StartedJob };
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    },
    async close() {
      await jobs.shutdown();
      registry.closeAll();
    },
  };
}

function listEngagements(dir: string): Response<'engagement.list'> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(ENGAGEMENT_EXTENSION) && !n.startsWith('.'));
  } catch {
    return [];
  }
  return names.sort().map((fileName) => {
    const path = join(dir, fileName);
    const modifiedAt = statSync(path).mtime.toISOString();
    try {
      const peek = EngagementStore.peek(path);
      return { path, fileName, modifiedAt, entity: peek.entity, assessor: peek.assessor, problem: null };
    } catch (err) {
      return { path, fileName, modifiedAt, entity: null, assessor: null, problem: toErrorInfo(err).message };
    }
  });
}
