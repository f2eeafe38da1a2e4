// Reconciliation over about a million observations: two generated nmap scans of the same 50,000 hosts a
// week apart (ten services per host; in the second scan 3 % of hosts not rescanned, 5 % with one port
// closed), a generated iptables rulebase of a few hundred lines admitting insecure services per /24
// (some toward networks never scanned), and reviews of a dozen insecure items. Both scans and the
// rulebase are imported with the built CLI; then `portcullis reconcile --csv` is timed as a user runs it,
// and the reconciliation alone in-process (the screen's 200 rows per category, then every row). The row
// counts are checked against what the generator made.
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { contract } from '../src-main/api/contract';
import { runReconcile } from '../src-main/api/reconcile';
import { applyReview } from '../src-main/core/review/review-store';
import { systemContext } from '../src-main/core/store/context';
import { EngagementStore } from '../src-main/core/store/engagement-store';

const HOSTS = Number(process.env.BENCH_RECONCILE_HOSTS ?? 50_000);
const MB = 1024 * 1024;
const ctx = systemContext('bench');

const SERVICES = [
  { port: 21, name: 'ftp' },
  { port: 22, name: 'ssh' },
  { port: 23, name: 'telnet' },
  { port: 25, name: 'smtp' },
  { port: 80, name: 'http' },
  { port: 443, name: 'https' },
  { port: 3306, name: 'mysql' },
  { port: 3389, name: 'ms-wbt-server' },
  { port: 5900, name: 'vnc' },
  { port: 6379, name: 'redis' },
] as const;

const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
/** Hosts the second scan does not look at (3 %), and hosts where it finds one port closed (5 %). */
const skipped = (h: number) => h % 33 === 7;
const closesOne = (h: number) => h % 20 === 3;

async function writeScan(path: string, start: number, second: boolean): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 4 * MB });
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(
    `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nmaprun>\n<nmaprun scanner="nmap" args="nmap -sV -p 1-10000 10.0.0.0/16" start="${start}" startstr="bench" version="7.94" xmloutputversion="1.05">\n<scaninfo type="syn" protocol="tcp" numservices="10000" services="1-10000"/>\n`,
  );
  let hosts = 0;
  for (let h = 0; h < HOSTS; h++) {
    if (second && skipped(h)) continue;
    hosts++;
    const t = start + h;
    let s = `<host starttime="${t}" endtime="${t + 20}"><status state="up" reason="echo-reply" reason_ttl="63"/>\n<address addr="${ip(h + 1)}" addrtype="ipv4"/>\n<hostnames/>\n<ports><extraports state="closed" count="${10000 - SERVICES.length}"/>\n`;
    SERVICES.forEach((svc, k) => {
      const state = second && closesOne(h) && k === h % SERVICES.length ? 'closed' : 'open';
      s += `<port protocol="tcp" portid="${svc.port}"><state state="${state}" reason="syn-ack" reason_ttl="63"/><service name="${svc.name}"${svc.port === 443 ? ' tunnel="ssl"' : ''} method="probed" conf="10"/></port>\n`;
    });
    await write(`${s}</ports>\n</host>\n`);
  }
  await write(
    `<runstats><finished time="${start + HOSTS + 60}" timestr="bench" elapsed="100" summary="Nmap done" exit="success"/><hosts up="${hosts}" down="0" total="${hosts}"/></runstats>\n</nmaprun>\n`,
  );
  out.end();
  await once(out, 'finish');
  return hosts;
}

/**
 * One allow line per scanned /24 for telnet, ftp, smtp and http; rlogin (513/tcp, which no host has) to
 * every tenth of them; telnet to 20 networks never scanned.
 */
function rulebase(): { text: string; rules: number; rlogin: number } {
  const lines = ['*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]'];
  const nets = Math.ceil((HOSTS + 1) / 256);
  for (let n = 0; n < nets; n++) {
    const net = `10.${(n >> 8) & 255}.${n & 255}.0/24`;
    lines.push(`-A FORWARD -s 192.0.2.0/24 -d ${net} -p tcp -m multiport --dports 21,23,25,80 -j ACCEPT`);
    if (n % 10 === 0) lines.push(`-A FORWARD -s 192.0.2.0/24 -d ${net} -p tcp --dport 513 -j ACCEPT`);
  }
  for (let n = 0; n < 20; n++) lines.push(`-A FORWARD -d 10.250.${n}.0/24 -p tcp --dport 23 -j ACCEPT`);
  lines.push('COMMIT', '');
  const rlogin = Math.ceil(nets / 10);
  return { text: lines.join('\n'), rules: nets + rlogin + 20, rlogin };
}

function timed(cmd: string, args: string[]): { seconds: number; peakMb: number; stdout: string } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1024 * MB });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const lines = r.stderr.trim().split('\n');
  return { seconds, peakMb: Number(lines[lines.length - 1]) / 1024, stdout: r.stdout };
}

const s = (n: number, digits = 2) => `${n.toFixed(digits)} s`;
const PEOPLE = { owner: 'Ops', requester: 'R. Requester', approver: 'A. Approver' };

export async function benchReconcile(work: string, cli: string): Promise<{ rows: string[][]; notes: string[] }> {
  const a = join(work, 'reconcile-a.xml');
  const b = join(work, 'reconcile-b.xml');
  const fw = join(work, 'reconcile-fw.rules');
  await writeScan(a, 1_780_000_000, false);
  const rescanned = await writeScan(b, 1_780_604_800, true);
  const rb = rulebase();
  await new Promise<void>((ok, fail) => {
    const out = createWriteStream(fw);
    out.on('error', fail);
    out.end(rb.text, ok);
  });
  const engagement = join(work, 'reconcile.portcullis');
  timed(process.execPath, [cli, 'new', engagement, '--entity', 'Bench', '--assessor', 'bench']);
  const importA = timed(process.execPath, [cli, 'import', engagement, a, '--json']);
  const importB = timed(process.execPath, [cli, 'import', engagement, b, '--json']);
  timed(process.execPath, [cli, 'import', engagement, fw, '--host', 'core-fw', '--json']);

  const store = EngagementStore.open(engagement, ctx);
  let screen: { seconds: number; cpu: number };
  let full: { seconds: number; cpu: number };
  let counts: Record<string, number>;
  let observations: number;
  try {
    observations = store.db.prepare('SELECT count(*) FROM observation').pluck().get() as number;
    applyReview(store, ctx, 'telnet|23/tcp', { disposition: 'disable', decisionDate: '2026-06-01' });
    applyReview(store, ctx, 'vnc|5900/tcp', {
      disposition: 'constrain',
      status: 'approved',
      expiryDate: '2026-12-31',
      ...PEOPLE,
    });
    applyReview(store, ctx, 'unauthenticated-store|6379/tcp', {
      disposition: 'constrain',
      status: 'in-review',
      expiryDate: '2026-07-01',
      ...PEOPLE,
    });
    const run = async (limit?: number) => {
      const req = contract['reconcile.run'].request.parse({
        path: engagement,
        asOf: '2026-06-20',
        ...(limit ? { limit } : {}),
      });
      const t = performance.now();
      const cpu = process.cpuUsage();
      const v = await runReconcile(store, ctx, req, () => Promise.resolve(null));
      const used = process.cpuUsage(cpu);
      return { v, seconds: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6 };
    };
    const first = await run(200);
    screen = first;
    const all = await run();
    full = all;
    counts = Object.fromEntries(all.v.categories.map((c) => [c.id, c.count]));
  } finally {
    store.close();
  }
  const cliRun = timed(process.execPath, [cli, 'reconcile', engagement, '--as-of', '2026-06-20', '--csv']);
  const csvRows = cliRun.stdout.split('\r\n').length - 2;

  // What the generator made: VNC closed on the 1 in 10 hosts whose closed port is 5900 (approved exception:
  // stale), every closed port stale in the inventory; telnet disabled but open on every rescanned host.
  const closing = Array.from({ length: HOSTS }, (_, h) => h).filter((h) => !skipped(h) && closesOne(h));
  const closedVnc = closing.filter((h) => h % SERVICES.length === 8).length;
  const openTelnet = Array.from({ length: HOSTS }, (_, h) => h).filter(
    (h) => !skipped(h) && !(closesOne(h) && h % SERVICES.length === 2),
  ).length;
  const expected = {
    stale: closedVnc + closing.length,
    'allowed-never-observed': rb.rlogin,
    'disposed-still-observed': openTelnet,
  };
  for (const [id, n] of Object.entries(expected)) {
    if (counts[id] !== n) throw new Error(`reconcile ${id}: ${counts[id]} rows, expected ${n}`);
  }
  const size = `${HOSTS.toLocaleString('en')} hosts, ${observations.toLocaleString('en')} observations, ${rb.rules} rules`;
  return {
    rows: [
      [
        'Import both scans (built CLI, each: parse + store + classify + inventory)',
        `${HOSTS.toLocaleString('en')} + ${rescanned.toLocaleString('en')} hosts`,
        `${s(importA.seconds, 1)} + ${s(importB.seconds, 1)}`,
        `${Math.max(importA.peakMb, importB.peakMb).toFixed(0)} MB`,
      ],
      [
        `\`portcullis reconcile --csv\` (built CLI, whole process: every row, ${csvRows.toLocaleString('en')} lines)`,
        size,
        s(cliRun.seconds),
        `${cliRun.peakMb.toFixed(0)} MB`,
      ],
      [
        '  in-process: `reconcile.run`, 200 rows per category (the screen)',
        size,
        `${s(screen.seconds)} (${s(screen.cpu)} CPU)`,
        '',
      ],
      ['  in-process: `reconcile.run`, every row (the export)', size, `${s(full.seconds)} (${s(full.cpu)} CPU)`, ''],
    ],
    notes: [
      `Rows per category: ${Object.entries(counts)
        .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
        .join(
          ', ',
        )}; stale, allowed-never-observed and disposed-still-observed checked against what the generator made.`,
      `Machine load while measuring (1/5/15-minute load average on these ${cpus().length} cores, shared with other work): ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')}.`,
      'The screen asks for 200 rows per category, so it answers in about the same time however many rows there are. The CSV export holds the whole answer in memory before writing it (the peak RSS above, for over half a million rows); paging the export over a snapshot kept between calls is the known next step.',
      'Every category is answered set-wise in SQL over the derived tables (no query per row); reachability is asked once per device, port and destination region (every address between two rule destination bounds gets the same answer).',
    ],
  };
}
