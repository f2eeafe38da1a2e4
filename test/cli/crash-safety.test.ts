// Crash safety, as a power cut or `kill -9` would test it: the built CLI is killed with SIGKILL at seeded
// random moments while it imports scans and rulebases, stores files, and exports signed packages and PDF
// reports, over and over in one engagement. After every kill the engagement must open, pass SQLite's
// integrity check, verify its audit chain, show no partial import (every import's counts equal the rows
// it owns; every stored file has all its chunks) and keep every import that finished before; a package
// or report exists under its name only when its command finished, and verifies; the partial files a
// killed export leaves are swept by the next one. Counts of runs, kills and completions are printed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import { prng } from '../prng';

const bin = fileURLToPath(new URL('../../bin/portcullis.js', import.meta.url));
const built = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url));
const RUNS = Number(process.env.PORTCULLIS_CRASH_RUNS ?? 120);
let cwd: string;

/** An nmap XML scan of `hosts` hosts with three open ports each; `tag` makes every file's bytes unique. */
function nmapScan(tag: number, hosts: number): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<nmaprun scanner="nmap" args="nmap -sV -p 21,23,80 10.${tag % 250}.0.0/16" start="${1796400000 + tag}" version="7.93" xmloutputversion="1.05">`,
  ];
  for (let h = 0; h < hosts; h++) {
    const ip = `10.${tag % 250}.${h >> 8}.${h & 255}`;
    out.push(
      `<host><status state="up" reason="syn-ack"/><address addr="${ip}" addrtype="ipv4"/><hostnames/><ports>`,
      `<port protocol="tcp" portid="21"><state state="open" reason="syn-ack"/><service name="ftp" product="vsftpd" version="3.0.3"/></port>`,
      `<port protocol="tcp" portid="23"><state state="open" reason="syn-ack"/><service name="telnet"/></port>`,
      `<port protocol="tcp" portid="80"><state state="open" reason="syn-ack"/><service name="http"/></port>`,
      '</ports></host>',
    );
  }
  out.push(`<runstats><finished time="${1796400100 + tag}" exit="success"/></runstats></nmaprun>`, '');
  return out.join('\n');
}

function iptables(tag: number, rules: number): string {
  const out = ['*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]'];
  for (let r = 0; r < rules; r++)
    out.push(`-A INPUT -s 10.${tag % 250}.${r >> 8}.${r & 255}/32 -p tcp --dport ${1 + (r % 1000)} -j ACCEPT`);
  out.push('COMMIT', '');
  return out.join('\n');
}

/** Runs the CLI and kills it with SIGKILL after `killAfterMs` unless it ends first. */
function runAndMaybeKill(args: string[], killAfterMs: number): Promise<{ killed: boolean; status: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      stdio: 'ignore',
      env: {
        ...process.env,
        PORTCULLIS_ACTOR: 'crash-test',
        PORTCULLIS_HOME: join(cwd, 'home'),
        PORTCULLIS_PASSPHRASE: 'crash test passphrase',
      },
    });
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.kill('SIGKILL');
    }, killAfterMs);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ killed: killed && status === null, status });
    });
  });
}

interface Check {
  imports: number;
  files: number;
}

/** Everything a kill must not break, read straight from the file. */
function checkEngagement(path: string): Check {
  const db = new Database(path);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const partial = db
      .prepare(
        `SELECT i.id, i.observation_count, (SELECT count(*) FROM observation o WHERE o.import_id = i.id) AS observations,
           (SELECT count(*) FROM rule r WHERE r.import_id = i.id) AS rules
         FROM import i`,
      )
      .all() as { id: number; observation_count: number; observations: number; rules: number }[];
    for (const p of partial) {
      expect(p.observations, `import #${p.id} holds as many observations as it says`).toBe(p.observation_count);
      expect(p.observations + p.rules, `import #${p.id} is not empty`).toBeGreaterThan(0);
    }
    const chunks = db
      .prepare(
        `SELECT a.sha256, a.size, a.chunk_count, (SELECT count(*) FROM artifact_chunk c WHERE c.artifact_id = a.id) AS n,
           (SELECT coalesce(sum(length(c.data)), 0) FROM artifact_chunk c WHERE c.artifact_id = a.id) AS bytes
         FROM artifact a`,
      )
      .all() as { sha256: string; size: number; chunk_count: number; n: number; bytes: number }[];
    for (const c of chunks)
      expect([c.n, c.bytes], `stored file ${c.sha256.slice(0, 12)} is whole`).toEqual([c.chunk_count, c.size]);
    const chain = verifyAuditChain(db);
    expect(chain, 'the audit chain verifies').toMatchObject({ valid: true });
    return { imports: partial.length, files: chunks.length };
  } finally {
    db.close();
  }
}

beforeAll(() => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" before this test`);
  cwd = mkdtempSync(join(tmpdir(), 'portcullis-crash-'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('crash safety', () => {
  it(`survives SIGKILL at random moments during ${RUNS} imports, file stores, exports and reports`, async () => {
    const created = await runAndMaybeKill(['new', 'crash.portcullis', '--entity', 'Acme', '--assessor', 'A'], 60_000);
    expect(created.status).toBe(0);
    const random = prng(0x1_2_6);
    const tally = { runs: 0, killed: 0, completed: 0, failed: 0, exports: 0, killedAfterWrite: 0 };
    let before = checkEngagement(join(cwd, 'crash.portcullis'));
    const identity = await runAndMaybeKill(['keys', 'new', '--name', 'crash', '--cn', 'Crash Test QSA'], 120_000);
    expect(identity.status).toBe(0);
    const partials = () => readdirSync(cwd).filter((f) => f.includes('.partial-'));
    for (let i = 0; i < RUNS; i++) {
      const kind = i % 5;
      const name = [`scan-${i}.xml`, `fw-${i}.rules`, `notes-${i}.txt`, `pkg-${i}.zip`, `report-${i}.pdf`][kind]!;
      if (kind === 0) writeFileSync(join(cwd, name), nmapScan(i, 300 + Math.floor(random() * 1500)));
      if (kind === 1) writeFileSync(join(cwd, name), iptables(i, 200 + Math.floor(random() * 3000)));
      if (kind === 2) writeFileSync(join(cwd, name), `${'evidence line\n'.repeat(20000)}${i}\n`);
      const args = [
        ['import', 'crash.portcullis', name],
        ['import', 'crash.portcullis', name, '--host', `fw-${i}`],
        ['file', 'add', 'crash.portcullis', name, '--role', 'attachment'],
        ['export', 'crash.portcullis', '--out', name, '--identity', 'crash'],
        ['report', 'crash.portcullis', '--out', name, '--identity', 'crash'],
      ][kind]!;
      // Node starts in ~150 ms; an import takes under a second on a quiet machine, an export or report a
      // few (more on a busy one). Seven runs in ten are killed somewhere in that span; the others are let
      // finish, so finished commands are checked too, whatever the machine's speed.
      const killAfter = random() < 0.3 ? 300_000 : 100 + Math.floor(random() * (kind >= 3 ? 3000 : 1000));
      const r = await runAndMaybeKill(args, killAfter);
      tally.runs++;
      if (r.killed) tally.killed++;
      else if (r.status === 0) tally.completed++;
      else tally.failed++;
      const after = checkEngagement(join(cwd, 'crash.portcullis'));
      if (kind <= 2) {
        // A finished command is kept; a killed one is all or nothing.
        const grew = kind === 2 ? after.files - before.files : after.imports - before.imports;
        if (!r.killed) expect(grew, `run ${i} finished and was kept`).toBe(r.status === 0 ? 1 : 0);
        else expect([0, 1]).toContain(grew);
      } else {
        // A package or report carries its name only once complete; a finished one swept the partial
        // files of earlier killed runs. A kill can land after the rename and before the process ends:
        // then the file is there, and it must be whole (a package verifies, a report is a whole PDF).
        const exists = existsSync(join(cwd, name));
        if (!r.killed) expect(exists, `run ${i}: ${name} exists only if its command finished`).toBe(r.status === 0);
        else if (exists) {
          tally.killedAfterWrite++;
          if (kind === 3) expect((await runAndMaybeKill(['verify', name], 300_000)).status, `${name} verifies`).toBe(0);
          else
            expect(readFileSync(join(cwd, name)).subarray(-6).toString('latin1'), `${name} ends`).toMatch(/%%EOF\s*$/);
        }
        if (r.status === 0) expect(partials(), `run ${i} swept the partial files`).toEqual([]);
        tally.exports++;
      }
      before = after;
    }
    // A last export, not killed: it sweeps what killed ones left, and its package verifies.
    expect(
      (await runAndMaybeKill(['export', 'crash.portcullis', '--out', 'final.zip', '--identity', 'crash'], 300_000))
        .status,
    ).toBe(0);
    expect(partials()).toEqual([]);
    expect((await runAndMaybeKill(['verify', 'final.zip'], 300_000)).status).toBe(0);
    // Nothing but the engagement, its WAL companions and the inputs is left in the folder.
    const stray = readdirSync(cwd).filter(
      (f) =>
        !/^crash\.portcullis(-wal|-shm|-journal)?$/.test(f) &&
        !/^(scan-\d+\.xml|fw-\d+\.rules|notes-\d+\.txt|pkg-\d+\.zip|report-\d+\.pdf|final\.zip|home)$/.test(f),
    );
    expect(stray).toEqual([]);
    console.log(
      `crash safety: ${tally.runs} runs (${tally.exports} exports and reports), ${tally.killed} killed mid-way (${tally.killedAfterWrite} of them after the file was complete), ${tally.completed} completed, ${tally.failed} refused; engagement intact after every one, no partial package or report left`,
    );
    expect(tally.killed).toBeGreaterThan(RUNS / 5);
    expect(tally.failed).toBe(0);
  }, 1_800_000);
});
