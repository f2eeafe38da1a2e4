// Builds the sample engagement from its input files through the real handler table, the way the CLI
// would: create, import each file, add the configuration excerpt, write two evidence notes and three
// reviews. Actor, clock and engagement id are fixed, so every run makes the same engagement.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, JobChannel, Response } from '../../src-main/api/contract';
import { createHandlerTable, type HandlerTable } from '../../src-main/api/handlers';
import type { Host } from '../../src-main/api/host';
import { InlineJobRunner } from '../../src-main/api/jobs/job-runner';
import { EngagementStore } from '../../src-main/core/store/engagement-store';
import { INPUT } from './inputs';
import { INTERVIEW, ITEM, WITNESSED_TESTS, ftpReview, telnetReview, tlsDraft, type ReviewLinks } from './reviews';

export const SAMPLE_ACTOR = 'M. Okafor (QSA)';
export const SAMPLE_ENGAGEMENT_ID = '6a1f3c2e-5b7d-4e1a-9c0f-0000000000a1';
export const SAMPLE_META = {
  entity: 'Harbor Street Grocers (sample)',
  assessor: SAMPLE_ACTOR,
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  scopeNote:
    'Store #14, Harbor Street: POS lanes (10.40.10.0/24), back office (10.40.20.0/24), payment gateway (10.40.30.0/24) and the admin jump hosts (10.40.90.0/24). A fictional sample made by scripts/make-sample.ts; not a real entity.',
};

/** A clock that stands still until moved, then ticks one second per reading. */
function sampleClock() {
  let t = 0;
  return {
    at(iso: string) {
      t = Date.parse(iso);
    },
    now() {
      const s = new Date(t).toISOString();
      t += 1000;
      return s;
    },
  };
}

async function call<C extends Channel>(table: HandlerTable, channel: C, request: unknown): Promise<Response<C>> {
  const reply = await table.invoke(channel, request);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
  return reply.value as Response<C>;
}

async function job(table: HandlerTable, channel: JobChannel, request: unknown): Promise<unknown> {
  const started = await table.startJob(channel, request);
  if (!started.ok) throw new Error(`${channel}: ${started.error.message}`);
  const done = await started.value.done;
  if (!done.ok) throw new Error(`${channel}: ${done.error.message}`);
  return done.value;
}

async function importFile(table: HandlerTable, path: string, source: string, hostName?: string): Promise<void> {
  const outcomes = (await job(table, 'import.files', {
    path,
    sources: [source],
    ...(hostName ? { hostName } : {}),
  })) as { ok: boolean; source: string; error?: { message: string } }[];
  for (const o of outcomes) if (!o.ok) throw new Error(`import ${o.source}: ${o.error?.message}`);
}

type Rule = Response<'rule.list'>['rows'][number];

function oneRule(rules: Rule[], what: string, match: (r: Rule) => boolean): number {
  const found = rules.filter(match);
  if (found.length !== 1) throw new Error(`expected one rule for ${what}, found ${found.length}`);
  return found[0]!.ruleId;
}

export interface SampleSummary {
  path: string;
  imports: number;
  items: string[];
  reviewed: string[];
  evidence: string[];
  auditEntries: number;
}

/** Builds `outFile` (replacing it) from the inputs in `inputsDir`. */
export async function buildSampleEngagement(inputsDir: string, outFile: string): Promise<SampleSummary> {
  for (const f of [outFile, `${outFile}-wal`, `${outFile}-shm`]) rmSync(f, { force: true });
  const clock = sampleClock();
  const ctx = { actor: SAMPLE_ACTOR, now: () => clock.now() };
  clock.at('2026-11-10T08:00:00Z');
  EngagementStore.create(outFile, SAMPLE_META, ctx, { engagementId: SAMPLE_ENGAGEMENT_ID }).close();

  const identityDir = mkdtempSync(join(tmpdir(), 'portcullis-sample-'));
  const host: Host = {
    face: 'cli',
    actor: SAMPLE_ACTOR,
    baseDir: inputsDir,
    identityDir,
    now: ctx.now,
    dialogs: {
      openFiles: () => Promise.reject(new Error('no dialogs while building the sample')),
      saveFile: () => Promise.reject(new Error('no dialogs while building the sample')),
    },
    mayAccess: () => true,
    grant: () => undefined,
    emit: () => undefined,
  };
  const table = createHandlerTable(host, new InlineJobRunner(() => undefined, ctx.now));
  const input = (name: string) => join(inputsDir, name);
  const path = outFile;
  try {
    clock.at('2026-11-10T08:05:00Z');
    await importFile(table, path, input(INPUT.octoberScan));
    await importFile(table, path, input(INPUT.novemberScan));
    await importFile(table, path, input(INPUT.gatewayListeners), 'pay-gw-01');
    await importFile(table, path, input(INPUT.gatewayFirewall), 'pay-gw-01');
    await importFile(table, path, input(INPUT.storeFirewall));
    await importFile(table, path, input(INPUT.tickets));
    const [sshd] = (await job(table, 'file.add', {
      path,
      sources: [input(INPUT.sshdConfig)],
      role: 'attachment',
    })) as { sha256: string }[];

    clock.at('2026-11-12T15:30:00Z');
    const register = await call(table, 'evidence.list', { path });
    const sshdRef = register.find((e) => e.file?.sha256 === sshd!.sha256)!.ref;
    await call(table, 'evidence.update', {
      path,
      ref: sshdRef,
      patch: {
        title: 'jump-01 sshd_config (excerpt)',
        purpose: 'MFA and forced command for the POS vendor accounts',
        revisionDate: '2026-10-21',
        procedure: '1.2.6.b',
      },
    });
    const witnessed = await call(table, 'evidence.note', { path, entry: WITNESSED_TESTS });
    await call(table, 'evidence.note', { path, entry: INTERVIEW });

    const { rows } = await call(table, 'rule.list', { path, limit: 5000 });
    const links: ReviewLinks = {
      permitTelnet: oneRule(
        rows,
        'ADMIN_IN permit telnet',
        (r) => r.ruleset === 'ADMIN_IN' && r.action === 'allow' && (r.destinationPorts ?? []).includes('23'),
      ),
      denyTelnet: oneRule(
        rows,
        'STORE_IN deny telnet',
        (r) => r.ruleset === 'STORE_IN' && r.action === 'deny' && (r.destinationPorts ?? []).includes('23'),
      ),
      gatewayHttps: rows
        .filter((r) => r.device === 'pay-gw-01' && r.action === 'allow' && (r.destinationPorts ?? []).includes('443'))
        .map((r) => r.ruleId),
      sshdSha256: sshd!.sha256,
      witnessedRef: witnessed.ref,
    };

    clock.at('2026-11-13T10:00:00Z');
    const items = (await call(table, 'item.list', { path })).items.map((i) => i.key);
    for (const key of Object.values(ITEM)) {
      if (!items.includes(key)) throw new Error(`the sample has no insecure item ${key}; items: ${items.join(', ')}`);
    }
    await call(table, 'review.apply', { path, key: ITEM.telnet, record: telnetReview(links) });
    await call(table, 'review.apply', { path, key: ITEM.ftp, record: ftpReview() });
    await call(table, 'review.apply', { path, key: ITEM.tls10, record: tlsDraft(links) });

    const verdict = await call(table, 'audit.verify', { path });
    if (!verdict.valid) throw new Error('the sample’s audit chain does not verify');
    return {
      path,
      imports: (await call(table, 'import.list', { path })).length,
      items,
      reviewed: Object.values(ITEM),
      evidence: (await call(table, 'evidence.list', { path })).map((e) => e.ref),
      auditEntries: verdict.entries,
    };
  } finally {
    await table.close();
    rmSync(identityDir, { recursive: true, force: true });
  }
}
