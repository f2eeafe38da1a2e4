// The contract: every channel of the handler table with the schema of what it accepts and returns.
// The preload, the harness bridge, the CLI and the renderer all take their types from here, and the
// handler table validates every request against it before anything reaches the core. This file must
// stay importable by the renderer (zod only; no Node).
import { z } from 'zod';
import { channelNames, type ChannelName, type MenuCommand } from './channels';
import {
  ItemDetail,
  ItemList,
  StandardEdit,
  StandardExport,
  StandardVersion,
  StandardVersionInfo,
} from './contract-standard';
import {
  Annotation,
  AssetImportResult,
  InventoryDetail,
  InventoryFilter,
  InventoryGroup,
  InventoryKey,
  InventoryPage,
  InventoryQuery,
} from './contract-inventory';
import { Readiness, ReviewState } from './contract-review';
import { EvidenceEntry, EvidenceNote, EvidencePatch } from './contract-evidence';
import { Dashboard } from './contract-dashboard';
import { TestCase, TestPlan, Vantage } from './contract-testplan';
import { TicketPage, TicketSuggestionRow } from './contract-tickets';
import {
  ExportPackageRequest,
  IdentityImportRequest,
  IdentityInfo,
  IdentityNewRequest,
  PackageResult,
  PackageVerdict,
  PackageVerifyRequest,
} from './contract-export';
import { Reconciliation, ReconcileRequest } from './contract-reconcile';
import { ExportReportRequest, ReportResult } from './contract-report';
import { DriftCompareRequest, DriftPage, Timeline, TimelineRequest } from './contract-drift';
import { ChosenEngagement, ForgetRecentRequest, RecentEngagement, SampleRequest } from './contract-desktop';

const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'must not contain control characters');
const line = (max: number) => text(max).refine((s) => !/[\r\n]/.test(s), 'must be a single line');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const filePath = z
  .string()
  .min(1, 'a file path is required')
  .max(4096)
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 as 64 lowercase hex digits');

export const EngagementMetaInput = z
  .object({
    entity: line(200).pipe(z.string().trim().min(1, 'the assessed entity is required')),
    assessor: line(200).pipe(z.string().trim().min(1, 'the assessor is required')),
    periodStart: isoDate.nullable().default(null),
    periodEnd: isoDate.nullable().default(null),
    scopeNote: text(20000).default(''),
  })
  .refine((m) => !m.periodStart || !m.periodEnd || m.periodStart <= m.periodEnd, {
    message: 'the assessment period must not end before it starts',
    path: ['periodEnd'],
  });

export const EngagementInfo = z.object({
  path: z.string(),
  engagementId: z.string(),
  entity: z.string(),
  assessor: z.string(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  scopeNote: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  schemaVersion: z.number().int(),
  appVersion: z.string(),
});

export const AuditVerdict = z.discriminatedUnion('valid', [
  z.object({ valid: z.literal(true), entries: z.number().int(), headHash: z.string() }),
  z.object({
    valid: z.literal(false),
    entries: z.number().int(),
    firstBad: z.object({ seq: z.number().int(), reason: z.string() }),
  }),
]);

export const AuditEntry = z.object({
  seq: z.number().int(),
  time: z.string(),
  actor: z.string(),
  command: z.string(),
  payload: z.string(),
  payloadHash: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});

export const FileRole = z.enum(['original', 'attachment']);

export const StoredFile = z.object({
  fileId: z.number().int(),
  sha256: z.string(),
  size: z.number().int(),
  storedAt: z.string(),
  name: z.string(),
  role: FileRole,
  addedAt: z.string(),
  addedBy: z.string(),
});

export const EngagementListing = z.object({
  path: z.string(),
  fileName: z.string(),
  modifiedAt: z.string(),
  entity: z.string().nullable(),
  assessor: z.string().nullable(),
  problem: z.string().nullable(),
});

export const ParseNote = z.object({
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  what: z.string(),
});

export const ImportRecord = z.object({
  importId: z.number().int(),
  sha256: z.string(),
  fileName: z.string(),
  format: z.string(),
  formatLabel: z.string(),
  parserVersion: z.string(),
  hostName: z.string().nullable(),
  size: z.number().int(),
  importedAt: z.string(),
  importedBy: z.string(),
  hostCount: z.number().int(),
  observationCount: z.number().int(),
  ruleCount: z.number().int(),
  ticketCount: z.number().int(),
  noteCount: z.number().int(),
  meta: z.record(z.string(), z.string()),
});

export const ImportOutcome = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    source: z.string(),
    result: ImportRecord.extend({ firstNotes: z.array(ParseNote) }),
    /** Planned validation tests this scan ran (its file name carries their references), and how they went. */
    tests: z
      .array(
        z.object({
          ref: z.string(),
          status: z.enum(['planned', 'passed', 'failed', 'inconclusive']),
          state: z.string(),
        }),
      )
      .optional(),
  }),
  z.object({ ok: z.literal(false), source: z.string(), error: z.object({ code: z.string(), message: z.string() }) }),
]);

export const FormatInfo = z.object({
  id: z.string(),
  label: z.string(),
  family: z.enum(['scan', 'tls', 'hosts', 'rulebase', 'ticket', 'generic']),
  detector: z.string(),
  needsHostName: z.boolean(),
  parserVersion: z.string(),
});

export const Fact = z.object({ key: z.string(), value: z.string(), source: z.string(), evidence: z.string() });

export const ObservationRow = z.object({
  observationId: z.number().int(),
  importId: z.number().int(),
  hostIp: z.string().nullable(),
  hostNames: z.array(z.string()),
  mac: z.string().nullable(),
  proto: z.enum(['tcp', 'udp', 'sctp']),
  port: z.number().int(),
  state: z.string(),
  reason: z.string().nullable(),
  service: z.string().nullable(),
  product: z.string().nullable(),
  version: z.string().nullable(),
  extraInfo: z.string().nullable(),
  tunnel: z.string().nullable(),
  method: z.string().nullable(),
  confidence: z.number().int().nullable(),
  cpes: z.array(z.string()),
  facts: z.array(Fact),
  scripts: z.array(z.object({ id: z.string(), output: z.string() })),
  seenAt: z.string().nullable(),
  process: z.string().nullable(),
  bindAddress: z.string().nullable(),
});

export const ObservationFilter = z
  .object({
    importId: z.number().int().positive(),
    hostIp: line(100),
    proto: z.enum(['tcp', 'udp', 'sctp']),
    port: z.number().int().min(0).max(65535),
    state: line(40),
    service: line(100),
    text: line(200),
  })
  .partial()
  .strict();

const RuleAction = z.enum(['allow', 'deny', 'drop', 'reject', 'log', 'continue', 'jump', 'goto', 'return', 'other']);

export const StoredRule = z.object({
  ruleId: z.number().int(),
  importId: z.number().int(),
  device: z.string(),
  ruleset: z.string(),
  order: z.number().int(),
  direction: z.enum(['in', 'out']).nullable(),
  action: RuleAction,
  target: z.string().nullable(),
  sources: z.array(z.string()),
  sourcesNegated: z.boolean(),
  destinations: z.array(z.string()),
  destinationsNegated: z.boolean(),
  protocol: z.string(),
  destinationPorts: z.array(z.string()).nullable(),
  sourcePorts: z.array(z.string()).nullable(),
  interfaces: z.object({ in: z.string().nullable(), out: z.string().nullable() }),
  zones: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  enabled: z.boolean(),
  name: z.string().nullable(),
  comment: z.string().nullable(),
  hitCount: z.number().int().nullable(),
  objects: z.array(z.string()),
  unresolved: z.array(z.string()),
  conditions: z.array(z.string()),
  lineFrom: z.number().int().nullable(),
  lineTo: z.number().int().nullable(),
  text: z.string(),
});

export const RulesetPolicyRow = z.object({
  importId: z.number().int(),
  device: z.string(),
  ruleset: z.string(),
  policy: RuleAction,
  lineFrom: z.number().int().nullable(),
});

export const RuleRef = z.object({
  ruleId: z.number().int().nullable(),
  device: z.string(),
  ruleset: z.string(),
  order: z.number().int(),
  action: RuleAction,
  target: z.string().nullable(),
  name: z.string().nullable(),
  lineFrom: z.number().int().nullable(),
  lineTo: z.number().int().nullable(),
});

/** Address counts are big integers (IPv6): carried as decimal strings. */
const bigCount = z.string().regex(/^\d+$/);

export const ReachResult = z.object({
  device: z.string(),
  entries: z.array(z.string()),
  destination: z.string(),
  proto: z.string(),
  port: z.number().int().nullable(),
  admittedCidrs: z.array(z.string()),
  conditionalCidrs: z.array(z.string()),
  byRule: z.array(
    z.object({
      rule: RuleRef.nullable(),
      ruleset: z.string(),
      cidrs: z.array(z.string()),
      conditionalCidrs: z.array(z.string()),
    }),
  ),
  conditional: z.array(
    z.object({
      rule: RuleRef.nullable(),
      ruleset: z.string(),
      doubts: z.array(z.string()),
      cidrs: z.array(z.string()),
    }),
  ),
  permissiveness: z.object({
    admittedV4: bigCount,
    admittedV6: bigCount,
    conditionalV4: bigCount,
    conditionalV6: bigCount,
    anySource: z.boolean(),
    anySourceConditional: z.boolean(),
    publicV4: bigCount,
    publicV6: bigCount,
    publicShare: z.number(),
    shadowed: z.array(z.object({ rule: RuleRef, by: z.array(RuleRef), conflicting: z.boolean() })),
    unreachable: z.array(z.object({ rule: RuleRef, reason: z.string() })),
  }),
  problems: z.array(z.string()),
});

export const Face = z.enum(['electron', 'cli', 'harness']);

const engagementRef = z.object({ path: filePath });

/** A call answers at once; a job answers with a job id and reports progress and its result as events. */
const call = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) =>
  ({ kind: 'call', request, response }) as const;
const job = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, result: Res) =>
  ({ kind: 'job', request, response: z.object({ jobId: z.string() }), result }) as const;

export const contract = {
  'host.info': call(
    z.object({}).strict(),
    z.object({ face: Face, version: z.string(), actor: z.string(), baseDir: z.string(), separator: z.string() }),
  ),
  'engagement.list': call(z.object({}).strict(), z.array(EngagementListing)),
  'engagement.create': call(z.object({ path: filePath, meta: EngagementMetaInput }).strict(), EngagementInfo),
  'engagement.open': call(engagementRef.strict(), z.object({ info: EngagementInfo, audit: AuditVerdict })),
  'engagement.info': call(engagementRef.strict(), EngagementInfo),
  'engagement.update': call(
    z
      .object({
        path: filePath,
        patch: z
          .object({
            entity: line(200).pipe(z.string().trim().min(1, 'the assessed entity is required')),
            assessor: line(200).pipe(z.string().trim().min(1, 'the assessor is required')),
            periodStart: isoDate.nullable(),
            periodEnd: isoDate.nullable(),
            scopeNote: text(20000),
          })
          .partial()
          .strict(),
      })
      .strict(),
    EngagementInfo,
  ),
  'engagement.close': call(engagementRef.strict(), z.object({ closed: z.boolean() })),
  /** Copies the shipped sample engagement into the workspace (never opens the shipped file in place). */
  'engagement.sample': call(SampleRequest, EngagementInfo),
  /** Engagements opened recently, most recent first. */
  'engagement.recent': call(z.object({}).strict(), z.array(RecentEngagement)),
  'engagement.forget': call(ForgetRecentRequest, z.object({ forgotten: z.boolean() })),
  'audit.list': call(
    z
      .object({
        path: filePath,
        afterSeq: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    z.array(AuditEntry),
  ),
  'audit.verify': call(engagementRef.strict(), AuditVerdict),
  'file.list': call(engagementRef.strict(), z.array(StoredFile)),
  'file.extract': call(
    z.object({ path: filePath, sha256, to: filePath }).strict(),
    z.object({ to: z.string(), bytes: z.number().int() }),
  ),
  'file.add': job(
    z
      .object({
        path: filePath,
        sources: z.array(filePath).min(1, 'at least one file to add').max(1000),
        role: FileRole.default('original'),
      })
      .strict(),
    z.array(StoredFile),
  ),
  'file.verify': job(
    engagementRef.strict(),
    z.object({
      checked: z.number().int(),
      bytes: z.number().int(),
      bad: z.array(z.object({ sha256: z.string(), actual: z.string() })),
    }),
  ),
  'format.list': call(z.object({}).strict(), z.array(FormatInfo)),
  'import.files': job(
    z
      .object({
        path: filePath,
        sources: z.array(filePath).min(1, 'at least one file to import').max(1000),
        format: z
          .string()
          .regex(/^[a-z0-9-]+$/, 'expected a format id such as nmap-xml')
          .nullable()
          .default(null),
        hostName: line(255).pipe(z.string().trim().min(1, 'the host name must not be blank')).nullable().default(null),
        columns: z.record(line(200), line(40)).nullable().default(null),
      })
      .strict(),
    z.array(ImportOutcome),
  ),
  'import.list': call(engagementRef.strict(), z.array(ImportRecord)),
  'import.notes': call(
    z
      .object({
        path: filePath,
        importId: z.number().int().positive(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    z.array(ParseNote),
  ),
  'observation.query': call(
    z
      .object({
        path: filePath,
        filter: ObservationFilter.default({}),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
        sort: z.enum(['host_ip', 'port', 'proto', 'state', 'service', 'product', 'id']).default('id'),
        descending: z.boolean().default(false),
      })
      .strict(),
    z.object({ total: z.number().int(), rows: z.array(ObservationRow) }),
  ),
  'rule.list': call(
    z
      .object({
        path: filePath,
        importId: z.number().int().positive().optional(),
        device: line(300).optional(),
        ruleset: line(300).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    z.object({ total: z.number().int(), rows: z.array(StoredRule), policies: z.array(RulesetPolicyRow) }),
  ),
  'rule.devices': call(
    engagementRef.strict(),
    z.array(
      z.object({
        device: z.string(),
        importId: z.number().int(),
        fileName: z.string(),
        format: z.string(),
        rulesets: z.array(z.object({ ruleset: z.string(), rules: z.number().int(), policy: RuleAction.nullable() })),
      }),
    ),
  ),
  'rule.reach': call(
    z
      .object({
        path: filePath,
        device: line(300),
        importId: z.number().int().positive().optional(),
        entry: z.array(line(300)).min(1).optional(),
        destination: line(100),
        proto: z
          .string()
          .regex(/^[a-z0-9-]+$/i, 'expected a protocol name or number such as tcp')
          .default('tcp'),
        port: z.number().int().min(0).max(65535).nullable().default(null),
        /** Traffic toward the destination meets rulesets bound inbound ('in', the default) or outbound. */
        direction: z.enum(['in', 'out']).nullable().default('in'),
        /** The interface / zones the traffic arrives on and goes to; unknown when absent. */
        inInterface: line(100).optional(),
        fromZone: line(200).optional(),
        toZone: line(200).optional(),
        /** Several entries: admitted if any admits ('any', the default) or only if all do (ordered layers). */
        combine: z.enum(['any', 'all']).default('any'),
      })
      .strict(),
    ReachResult,
  ),
  'ticket.list': call(
    z
      .object({
        path: filePath,
        importId: z.number().int().positive().optional(),
        key: line(100).optional(),
        text: line(200).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    TicketPage,
  ),
  'ticket.suggestions': call(engagementRef.strict(), z.array(TicketSuggestionRow)),
  'drift.compare': call(DriftCompareRequest, DriftPage),
  'drift.timeline': call(TimelineRequest, Timeline),
  'standard.get': call(engagementRef.strict(), StandardVersion),
  'standard.history': call(engagementRef.strict(), z.array(StandardVersionInfo)),
  'standard.edit': call(z.object({ path: filePath, edit: StandardEdit }).strict(), StandardVersion),
  'standard.export': call(
    z
      .object({
        path: filePath,
        format: z.enum(['markdown', 'json']).default('markdown'),
        /** Ask where to save it (native save dialog) and write it there. */
        save: z.boolean().default(false),
      })
      .strict(),
    StandardExport,
  ),
  'item.list': call(engagementRef.strict(), ItemList),
  'item.get': call(z.object({ path: filePath, key: line(200) }).strict(), ItemDetail),
  'inventory.query': call(z.object({ path: filePath }).extend(InventoryQuery.shape).strict(), InventoryPage),
  'inventory.groups': call(
    z
      .object({ path: filePath, filter: InventoryFilter.default({}), by: z.enum(['service', 'asset', 'owner']) })
      .strict(),
    z.array(InventoryGroup),
  ),
  'inventory.get': call(z.object({ path: filePath }).extend(InventoryKey.shape).strict(), InventoryDetail),
  'inventory.annotate': call(
    z.object({ path: filePath, annotation: Annotation }).strict(),
    z.object({ ok: z.literal(true) }),
  ),
  'inventory.importAssets': call(z.object({ path: filePath, source: filePath }).strict(), AssetImportResult),
  'review.get': call(z.object({ path: filePath, key: line(200) }).strict(), ReviewState),
  /** The record is validated by the core (with the JSON path of the first problem), not here. */
  'review.apply': call(z.object({ path: filePath, key: line(200), record: z.unknown() }).strict(), ReviewState),
  'review.validate': call(engagementRef.strict(), Readiness),
  /** Puts the item's review back as it was before its last change (read from the audit log). */
  'review.undo': call(z.object({ path: filePath, key: line(200) }).strict(), ReviewState),
  /** One feature added to several items' reviews in one transaction (validated by the core). */
  'review.addFeature': call(
    z.object({ path: filePath, keys: z.array(line(200)).min(1).max(1000), feature: z.unknown() }).strict(),
    z.object({ keys: z.array(z.string()) }),
  ),
  /** Plans negative tests for the network features (of one item); new cases are stored, planned ones kept. */
  'testplan.generate': call(
    z
      .object({
        path: filePath,
        key: line(200).optional(),
        vantage: z.array(Vantage).max(50).default([]),
      })
      .strict(),
    TestPlan,
  ),
  'dashboard.get': call(engagementRef.strict(), Dashboard),
  'testplan.list': call(
    z.object({ path: filePath, key: line(200).optional(), featureId: line(10).optional() }).strict(),
    z.array(TestCase),
  ),
  'evidence.list': call(engagementRef.strict(), z.array(EvidenceEntry)),
  'evidence.update': call(
    z
      .object({
        path: filePath,
        ref: z.string().regex(/^E-\d{3,}$/, 'expected an evidence reference such as E-001'),
        patch: EvidencePatch,
      })
      .strict(),
    EvidenceEntry,
  ),
  'evidence.note': call(z.object({ path: filePath, entry: EvidenceNote }).strict(), EvidenceEntry),
  'reconcile.run': call(z.object({ path: filePath }).extend(ReconcileRequest.shape).strict(), Reconciliation),
  'identity.new': call(IdentityNewRequest, IdentityInfo),
  /** Reads the firm's PKCS#12 (source) and keeps it re-encrypted under the same passphrase. */
  'identity.import': call(IdentityImportRequest, IdentityInfo),
  'identity.list': call(z.object({}).strict(), z.array(IdentityInfo)),
  'export.package': job(ExportPackageRequest, PackageResult),
  'export.report': job(ExportReportRequest, ReportResult),
  'package.verify': job(PackageVerifyRequest, PackageVerdict),
  'job.cancel': call(z.object({ jobId: z.string().min(1) }).strict(), z.object({ cancelled: z.boolean() })),
  'dialog.openFiles': call(
    z.object({ title: line(200).default('Choose files') }).strict(),
    z.object({ paths: z.array(z.string()) }),
  ),
  /** The native open dialog for one .portcullis file; null when cancelled. */
  'dialog.openEngagement': call(z.object({}).strict(), ChosenEngagement),
} as const satisfies Record<ChannelName, unknown>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type JobChannel = { [C in Channel]: Contract[C]['kind'] extends 'job' ? C : never }[Channel];
export type Request<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequest<C extends Channel> = z.output<Contract[C]['request']>;
export type Response<C extends Channel> = z.output<Contract[C]['response']>;
export type JobResult<C extends JobChannel> = z.output<Contract[C]['result']>;

export interface ErrorReply {
  code: string;
  message: string;
}
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorReply };

export type PortcullisEvent =
  | { type: 'job.progress'; jobId: string; channel: JobChannel; done: number; total: number | null; phase: string }
  | { type: 'job.finished'; jobId: string; channel: JobChannel; reply: Reply<unknown> }
  /** A native menu item was chosen (desktop app only). */
  | { type: 'menu'; command: MenuCommand }
  /** File > Open Recent > an engagement from the host's recent list (desktop app only; see channels.ts). */
  | { type: 'menu'; command: 'open-recent'; path: string };

/** What `window.portcullis` is in the renderer: one function per channel, plus event subscription. */
export type PortcullisApi = { [C in Channel]: (request: Request<C>) => Promise<Reply<Response<C>>> } & {
  onEvent(listener: (event: PortcullisEvent) => void): () => void;
  /** Desktop app only: the path of a file dropped on the window (and leave to use it); '' if it has none. */
  pathForFile?(file: File): string;
};

export const channels: readonly Channel[] = channelNames;
export const jobChannels = channels.filter((c) => contract[c].kind === 'job') as JobChannel[];
