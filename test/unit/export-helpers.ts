// Helpers for the export tests: an engagement built from corpus files through the handler table (a scan,
// a host firewall, an attachment, a review with features, tests and proofs, an interview), signing
// identities (the firm's CA and an assessor), running the export job, reading a package's entries back,
// and the stock tools the package promises to verify with.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZipArchive } from 'archiver';
import { finished as streamFinished } from 'node:stream/promises';
import { entryStream, readZipDirectory } from '../../src-main/core/export/zip-reader';
import { corpus } from './import-helpers';
import { tempDir } from './helpers';
import { finished, tableFor } from './table-helpers';

export const PASSPHRASE = 'correct horse battery staple';
export const CA_PASSPHRASE = 'firm CA passphrase 1';
export const FIXED_TIME = '2026-12-01T10:00:00Z';
export const ENGAGEMENT = 'e.portcullis';

function has(tool: string, arg = '--version'): boolean {
  return spawnSync(tool, [arg], { stdio: 'ignore' }).status === 0;
}

export const stockTools = has('unzip', '-v') && has('sha256sum') && has('openssl', 'version');
if (!stockTools) console.warn('[export] unzip, sha256sum or openssl is absent: the stock-tool checks are SKIPPED');

type Table = ReturnType<typeof tableFor>;

export async function call<T>(t: Table, channel: string, request: unknown): Promise<T> {
  const reply = await t.table.invoke(channel, request);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
  return reply.value as T;
}

export async function job<T>(t: Table, channel: string, request: unknown): Promise<T> {
  const { jobId } = await call<{ jobId: string }>(t, channel, request);
  const done = await finished(t.events, jobId);
  if (!done.reply.ok) throw new Error(`${channel}: ${done.reply.error.message}`);
  return done.reply.value as T;
}

export interface ExportFixture {
  t: Table;
  dir: string;
  path: string;
  identityDir: string;
  caPem: string;
  /** PEM of the assessor's certificate chain (leaf first). */
  assessorPem: string;
}

/** The firm's CA (P-256) and an assessor identity it issues (RSA-3072, so signatures are deterministic). */
export async function makeIdentities(t: Table): Promise<{ caPem: string; assessorPem: string }> {
  const ca = await call<{ certPath: string }>(t, 'identity.new', {
    name: 'firm-ca',
    commonName: 'Example QSA Local CA',
    organization: 'Example QSA LLP',
    keyType: 'p256',
    localCa: true,
    passphrase: CA_PASSPHRASE,
  });
  const assessor = await call<{ certPath: string }>(t, 'identity.new', {
    name: 'alice',
    commonName: 'Alice Auditor',
    organization: 'Example QSA LLP',
    email: 'alice@example.org',
    keyType: 'rsa-3072',
    ca: { name: 'firm-ca', passphrase: CA_PASSPHRASE },
    passphrase: PASSPHRASE,
  });
  return { caPem: ca.certPath, assessorPem: assessor.certPath };
}

const kept: string[] = [];

/** A folder that outlives one test (an engagement shared by a file's tests); see removeKeptDirs. */
export function keptDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-export-test-'));
  kept.push(dir);
  return dir;
}

export function removeKeptDirs(): void {
  while (kept.length > 0) rmSync(kept.pop()!, { recursive: true, force: true });
}

/** Builds the engagement; `shared` keeps its folders for the whole file (call removeKeptDirs in afterAll). */
export async function buildExportEngagement(shared = false): Promise<ExportFixture> {
  const identityDir = shared ? keptDir() : tempDir();
  const t = tableFor({ open: true, identityDir, baseDir: shared ? keptDir() : tempDir() });
  const dir = t.baseDir;
  const path = join(dir, ENGAGEMENT);
  await call(t, 'engagement.create', {
    path,
    meta: { entity: 'Acme Retail Ltd', assessor: 'Alice Auditor', periodStart: '2026-01-01', periodEnd: '2026-12-31' },
  });
  await job(t, 'import.files', { path, sources: [corpus('scans/nexpose-many-vulns.xml')] });
  await job(t, 'import.files', {
    path,
    sources: [corpus('rulebases/batfish-example-host1.iptables')],
    hostName: 'host1',
  });
  // A name that tries to climb out of its folder and to start a spreadsheet formula.
  writeFileSync(join(dir, 'proof.txt'), 'telnet from 198.51.100.7: connection refused (screenshot text)\n');
  const [proof] = await job<{ sha256: string }[]>(t, 'file.add', {
    path,
    sources: [join(dir, 'proof.txt')],
    role: 'attachment',
  });
  const note = await call<{ ref: string }>(t, 'evidence.note', {
    path,
    entry: {
      type: 'interview',
      title: '=HYPERLINK("x") network engineer',
      note: 'Roles: network engineer. Topic: telnet',
      procedure: '1.2.6.b',
    },
  });
  const rules = await call<{ rows: { ruleId: number }[] }>(t, 'rule.list', { path });
  await call(t, 'review.apply', {
    path,
    key: 'telnet|23/tcp',
    record: {
      disposition: 'constrain',
      justification: 'Legacy POS terminals need telnet until the Q3 replacement',
      owner: 'Store ops',
      requester: 'R. Requester',
      approver: 'A. Approver',
      decisionDate: '2026-02-01',
      expiryDate: '2027-06-30',
      reviewCadenceDays: 180,
      status: 'approved',
      features: [
        {
          kind: 'network',
          title: 'Telnet reachable only from the jump host',
          implementedBy: [{ kind: 'rule', ruleId: rules.rows[0]!.ruleId }],
          tests: [
            {
              procedure: 'telnet from a non-allowlisted source',
              expected: 'refused',
              actual: 'refused',
              result: 'pass',
              testedOn: '2026-11-15',
              tester: 'Alice Auditor',
              proof: { kind: 'file', sha256: proof!.sha256 },
            },
            { procedure: 'interview the network engineer', result: 'pass', proof: { kind: 'evidence', ref: note.ref } },
          ],
        },
      ],
    },
  });
  const { caPem, assessorPem } = await makeIdentities(t);
  return { t, dir, path, identityDir, caPem, assessorPem };
}

export async function exportTo(f: ExportFixture, out: string, extra: Record<string, unknown> = {}) {
  return job<{ out: string; sha256: string; packageId: string; report: boolean }>(f.t, 'export.package', {
    path: f.path,
    out,
    identity: 'alice',
    passphrase: PASSPHRASE,
    fixedTime: FIXED_TIME,
    ...extra,
  });
}

/** Every entry of a zip, in order, as bytes. */
export async function readEntries(zip: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of (await readZipDirectory(zip)).entries) {
    const parts: Buffer[] = [];
    for await (const c of entryStream(zip, e)) parts.push(c as Buffer);
    out.set(e.name, Buffer.concat(parts));
  }
  return out;
}

/** Writes entries back as a zip (same order), the way someone re-packing a modified package would. */
export async function writeEntries(zip: string, entries: Map<string, Buffer>): Promise<void> {
  const archive = new ZipArchive({ zlib: { level: 6 } });
  const out = createWriteStream(zip);
  archive.pipe(out);
  for (const [name, body] of entries) archive.append(body, { name, date: new Date(FIXED_TIME), mode: 0o644 });
  await archive.finalize();
  await streamFinished(out);
}

export function run(cmd: string, args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** mulberry32: a small seeded generator, so the random offsets of a failing run can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export const readText = (p: string) => readFileSync(p, 'utf8');
