// Benchmark of the network algebra on generated data: 50,000 rules (sources /8–/32, port ranges, allows
// and denies, user chains entered by jumps, some IPv6, some undecidable rules) and 100,000 destinations;
// reachability + permissiveness for every destination. Seeded, so every run measures the same work.
import { once } from 'node:events';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { blankRule, type RuleAction, type RulesetPolicy } from '../src-main/core/model/rule';
import {
  analyseRules,
  compileDevice,
  reachabilityCompiled,
  type CompiledDevice,
  type NetRule,
} from '../src-main/core/net';
import { prng } from '../test/prng';

const RULES = Number(process.env.BENCH_NET_RULES ?? 50_000);
const DESTINATIONS = Number(process.env.BENCH_NET_DESTINATIONS ?? 100_000);
const TARGET_SECONDS = 5;
const DEVICE = 'bench-fw';
const ZONES = 16;
const WELL_KNOWN = [
  20, 21, 22, 23, 25, 53, 69, 80, 110, 111, 123, 135, 139, 143, 161, 389, 443, 445, 514, 636, 993, 1433, 1521, 2049,
  3306, 3389, 5432, 5900, 6379, 8080, 8443, 9200, 11211, 27017,
];

type Rand = () => number;
const int = (rand: Rand, n: number): number => Math.floor(rand() * n);
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[int(rand, xs.length)]!;
const v4 = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** A CIDR of the given length inside base/baseLen (random position). */
function cidrIn(rand: Rand, base: number, baseLen: number, len: number): string {
  const span = 2 ** (len - baseLen);
  const size = 2 ** (32 - len);
  return `${v4(base + int(rand, span) * size)}/${len}`;
}

function source(rand: Rand): string[] {
  const x = rand();
  if (x < 0.02) return ['0.0.0.0/0'];
  const len = x < 0.37 ? 32 : x < 0.67 ? 24 + int(rand, 8) : x < 0.87 ? 16 + int(rand, 8) : 8 + int(rand, 8);
  const y = rand();
  // Half private (10/8, 172.16/12, 192.168/16), half anywhere.
  if (y < 0.25) return [cidrIn(rand, 0x0a000000, 8, Math.max(len, 8))];
  if (y < 0.37) return [cidrIn(rand, 0xac100000, 12, Math.max(len, 12))];
  if (y < 0.5) return [cidrIn(rand, 0xc0a80000, 16, Math.max(len, 16))];
  return [cidrIn(rand, 0, 0, len)];
}

/** Destinations inside a zone (10.z.0.0/16), mostly hosts and small subnets. */
function destination(rand: Rand, zone: number | null): string[] {
  const x = rand();
  if (x < 0.04) return ['0.0.0.0/0'];
  const len = x < 0.54 ? 32 : x < 0.89 ? 24 + int(rand, 5) : 16 + int(rand, 8);
  if (zone === null) return [cidrIn(rand, 0xac100000, 12, Math.max(len, 16))]; // the DMZ, 172.16/12
  return [cidrIn(rand, 0x0a000000 + zone * 65536, 16, len)];
}

function service(rand: Rand, r: NetRule): void {
  const x = rand();
  r.protocol = x < 0.65 ? 'tcp' : x < 0.9 ? 'udp' : x < 0.97 ? 'any' : 'icmp';
  if (r.protocol !== 'tcp' && r.protocol !== 'udp') return;
  const y = rand();
  if (y < 0.45) r.destinationPorts = [String(pick(rand, WELL_KNOWN))];
  else if (y < 0.7) {
    const start = 1024 + int(rand, 59000);
    r.destinationPorts = [`${start}-${start + int(rand, 2000)}`];
  } else if (y < 0.8)
    r.destinationPorts = Array.from({ length: 2 + int(rand, 3) }, () => String(pick(rand, WELL_KNOWN)));
}

function action(rand: Rand): RuleAction {
  const x = rand();
  return x < 0.7 ? 'allow' : x < 0.8 ? 'deny' : x < 0.92 ? 'drop' : x < 0.97 ? 'reject' : 'log';
}

/** 50,000 rules: FORWARD jumps into one user chain per zone; INPUT protects the firewall itself. */
export function generateRules(total = RULES, seed = 0x0b5e55ed): { rules: NetRule[]; policies: RulesetPolicy[] } {
  const rand = prng(seed);
  const rules: NetRule[] = [];
  const order = new Map<string, number>();
  const add = (ruleset: string, a: RuleAction, fill: (r: NetRule) => void): void => {
    const n = (order.get(ruleset) ?? 0) + 1;
    order.set(ruleset, n);
    const r: NetRule = { ...blankRule(DEVICE, ruleset, n, a), ruleId: rules.length + 1, lineFrom: rules.length + 1 };
    r.sources = ['0.0.0.0/0'];
    r.destinations = ['0.0.0.0/0'];
    fill(r);
    rules.push(r);
  };
  const ipv6 = (r: NetRule): void => {
    r.sources = rand() < 0.1 ? ['::/0'] : [`2001:db8:${int(rand, 65536).toString(16)}::/${48 + int(rand, 81)}`];
    r.destinations = [`2001:db8:1${int(rand, 256).toString(16).padStart(2, '0')}::/${56 + int(rand, 73)}`];
  };
  const ordinary = (r: NetRule, zone: number | null): void => {
    if (rand() < 0.04) ipv6(r);
    else {
      r.sources = source(rand);
      r.destinations = destination(rand, zone);
    }
    service(rand, r);
    if (rand() < 0.03) r.conditions = ['ctstate NEW'];
    if (rand() < 0.02) r.interfaces = { in: 'eth1', out: null };
  };
  const inputRules = Math.round(total * 0.04);
  const forwardRules = Math.round(total * 0.48);
  const zoneRules = total - inputRules - forwardRules;
  for (let i = 0; i < inputRules; i++)
    add('filter/INPUT', action(rand), (r) => {
      ordinary(r, null);
      r.destinations = ['192.0.2.1/32'];
    });
  // Jumps sit at random places in FORWARD; the zone chains end with a RETURN for part of their sources.
  const jumpAt = new Set(Array.from({ length: ZONES }, (_, z) => Math.floor(((z + 0.5) * forwardRules) / ZONES)));
  for (let i = 0, z = 0; i < forwardRules; i++) {
    if (jumpAt.has(i)) {
      const zone = z++;
      add('filter/FORWARD', 'jump', (r) => {
        r.target = `zone-${String(zone).padStart(2, '0')}`;
        r.destinations = [`10.${zone}.0.0/16`];
      });
    } else add('filter/FORWARD', action(rand), (r) => ordinary(r, rand() < 0.8 ? int(rand, ZONES) : null));
  }
  for (let i = 0; i < zoneRules; i++) {
    const zone = i % ZONES;
    const chain = `filter/zone-${String(zone).padStart(2, '0')}`;
    add(chain, rand() < 0.01 ? 'return' : action(rand), (r) => ordinary(r, zone));
  }
  const policies: RulesetPolicy[] = [
    { device: DEVICE, ruleset: 'filter/INPUT', policy: 'drop', lineFrom: null },
    { device: DEVICE, ruleset: 'filter/FORWARD', policy: 'drop', lineFrom: null },
  ];
  return { rules, policies };
}

export function generateDestinations(
  n = DESTINATIONS,
  seed = 0xde57,
): { destination: string; proto: string; port: number | null }[] {
  const rand = prng(seed);
  return Array.from({ length: n }, () => {
    const x = rand();
    const destination =
      x < 0.06
        ? `2001:db8:1${int(rand, 256).toString(16).padStart(2, '0')}::${int(rand, 65536).toString(16)}`
        : x < 0.8
          ? v4(0x0a000000 + int(rand, ZONES) * 65536 + int(rand, 65536))
          : x < 0.9
            ? v4(0xac100000 + int(rand, 2 ** 20))
            : v4(int(rand, 2 ** 32));
    const y = rand();
    const proto = y < 0.75 ? 'tcp' : y < 0.95 ? 'udp' : 'icmp';
    const port = proto === 'icmp' ? null : rand() < 0.7 ? pick(rand, WELL_KNOWN) : 1 + int(rand, 65535);
    return { destination, proto, port };
  });
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const rate = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString('en')} /s`;

interface QueryTotals {
  admitted: bigint;
  conditional: bigint;
  anySource: number;
  publicExposed: number;
  intervals: number;
}

/**
 * Reachability + permissiveness for each destination, without CIDR lists. The shadowed/unreachable
 * figures come from the device's analysis, run once; `analysis: false` where another thread runs it.
 */
function runQueries(
  device: CompiledDevice,
  destinations: ReturnType<typeof generateDestinations>,
  analysis = true,
): QueryTotals {
  const t: QueryTotals = { admitted: 0n, conditional: 0n, anySource: 0, publicExposed: 0, intervals: 0 };
  for (const d of destinations) {
    const r = reachabilityCompiled(device, { ...d, cidrs: false, analysis });
    const p = r.permissiveness;
    t.admitted += p.admittedV4 + p.admittedV6;
    t.conditional += p.conditionalV4 + p.conditionalV6;
    if (p.anySource) t.anySource++;
    if (p.publicV4 + p.publicV6 > 0n) t.publicExposed++;
    t.intervals += r.admitted.v4.length / 2 + r.admitted.v6.length / 2;
  }
  return t;
}

// ---- Two worker threads: each regenerates the same data and compiles its own copy of the device; the
// first also runs the ruleset analysis; both then take destinations in chunks until none are left. ----

const CHUNK = 2_000;

interface WorkerJob {
  benchReachabilityWorker: true;
  analysis: boolean;
}

/** Main thread to worker: 'go', then a chunk [from, to) or null when all are handed out. */
type ToWorker = 'go' | [number, number] | null;

/** Worker to main thread: 'ready', 'next' (a chunk, please), then its timings. */
type FromWorker = 'ready' | 'next' | WorkerDone;

interface WorkerDone {
  compileMs: number;
  analysisMs: number;
  queryMs: number;
  destinations: number;
}

if (!isMainThread && (workerData as WorkerJob | null)?.benchReachabilityWorker) {
  const job = workerData as WorkerJob;
  const { rules, policies } = generateRules();
  const destinations = generateDestinations();
  const port = parentPort!;
  const timings = { compileMs: 0, analysisMs: 0, queryMs: 0, destinations: 0 };
  let device: CompiledDevice | null = null;
  port.on('message', (m: ToWorker) => {
    if (m === 'go') {
      const t0 = performance.now();
      device = compileDevice(rules, policies, DEVICE);
      const t1 = performance.now();
      if (job.analysis) analyseRules(device);
      timings.compileMs = t1 - t0;
      timings.analysisMs = performance.now() - t1;
    } else if (m === null) {
      port.postMessage(timings satisfies WorkerDone);
      return;
    } else {
      const t = performance.now();
      runQueries(device!, destinations.slice(m[0], m[1]), job.analysis);
      timings.queryMs += performance.now() - t;
      timings.destinations += m[1] - m[0];
    }
    port.postMessage('next' satisfies FromWorker);
  });
  port.postMessage('ready' satisfies FromWorker);
}

/**
 * This module as a worker. Run from TypeScript source (tsx), Node 20 does not pass tsx's loader hooks on to
 * worker threads, so the worker starts from a small ES module that loads this file through tsx's API.
 */
function workerEntry(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL(import.meta.url);
  const api = import.meta.resolve('tsx/esm/api');
  const self = JSON.stringify(import.meta.url);
  const code = `import { tsImport } from ${JSON.stringify(api)}; await tsImport(${self}, ${self});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** Runs the workers, started together once all have generated their data; returns the wall time. */
async function onWorkers(
  jobs: Omit<WorkerJob, 'benchReachabilityWorker'>[],
  total: number,
): Promise<{ wallMs: number; done: WorkerDone[] }> {
  const entry = workerEntry();
  const workers = jobs.map((j) => new Worker(entry, { workerData: { ...j, benchReachabilityWorker: true } }));
  try {
    await Promise.all(workers.map((w) => once(w, 'message')));
    let next = 0;
    const start = performance.now();
    const done = await Promise.all(
      workers.map(
        (w) =>
          new Promise<WorkerDone>((resolve, reject) => {
            w.on('error', reject);
            w.on('message', (m: FromWorker) => {
              if (m === 'ready') return;
              if (m !== 'next') return resolve(m);
              const from = next;
              next = Math.min(total, next + CHUNK);
              w.postMessage((from < total ? [from, next] : null) satisfies ToWorker);
            });
            w.postMessage('go' satisfies ToWorker);
          }),
      ),
    );
    return { wallMs: performance.now() - start, done };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

export async function benchReachability(): Promise<{ rows: string[][]; notes: string[] }> {
  const { rules, policies } = generateRules();
  const destinations = generateDestinations();
  const n = destinations.length;

  // One thread, phase by phase.
  const t0 = performance.now();
  const device = compileDevice(rules, policies, DEVICE);
  const compileMs = performance.now() - t0;
  const t1 = performance.now();
  const analysis = analyseRules(device);
  const analysisMs = performance.now() - t1;
  // The first queries build the per-chain destination indexes; they are timed with the rest.
  const t2 = performance.now();
  const totals = runQueries(device, destinations);
  const queryMs = performance.now() - t2;
  // The same queries with the CIDR lists a report shows, on a sample.
  const sample = destinations.slice(0, 10_000);
  const t3 = performance.now();
  let cidrs = 0;
  for (const d of sample) cidrs += reachabilityCompiled(device, d).admittedCidrs.length;
  const cidrMs = performance.now() - t3;
  const oneThreadMs = compileMs + analysisMs + queryMs;

  // Two threads sharing the destinations; the one that also analyses simply takes fewer chunks.
  const par = await onWorkers([{ analysis: true }, { analysis: false }], n);

  const ruleCount = `${rules.length.toLocaleString('en')} rules`;
  const destCount = `${n.toLocaleString('en')} destinations`;
  const rows = [
    [
      'Compile rules (parse CIDRs/ports, chains, jump targets)',
      ruleCount,
      secs(compileMs),
      rate(rules.length, compileMs),
    ],
    [
      'Ruleset analysis (shadowed / unreachable / any-any, exact box subtraction)',
      ruleCount,
      secs(analysisMs),
      rate(rules.length, analysisMs),
    ],
    ['Reachability + permissiveness per destination (no CIDR lists)', destCount, secs(queryMs), rate(n, queryMs)],
    [
      '  same, with admitted/conditional CIDR lists for display',
      `${sample.length.toLocaleString('en')} destinations`,
      secs(cidrMs),
      rate(sample.length, cidrMs),
    ],
    [
      'Total, one thread: compile + analysis + all destinations',
      `${ruleCount} × ${destCount}`,
      secs(oneThreadMs),
      rate(n, oneThreadMs),
    ],
    [
      'Total, two worker threads (each compiles; one analyses; destinations shared in chunks)',
      `${ruleCount} × ${destCount}`,
      secs(par.wallMs),
      rate(n, par.wallMs),
    ],
  ];
  const best = Math.min(oneThreadMs, par.wallMs);
  const perWorker = par.done
    .map(
      (d, i) =>
        `worker ${i + 1}: compile ${secs(d.compileMs)}, analysis ${secs(d.analysisMs)}, ${d.destinations.toLocaleString('en')} destinations ${secs(d.queryMs)}`,
    )
    .join('; ');
  const shares = [
    ['destinations', queryMs],
    ['ruleset analysis', analysisMs],
    ['compiling', compileMs],
  ] as const;
  const notes = [
    `Reachability: ${rules.length.toLocaleString('en')} generated rules (FORWARD with ${ZONES} jumps into per-zone chains, INPUT; sources /8–/32 half private, 4 % IPv6, 3 % with a connection-state condition, 2 % bound to an interface) against ${n.toLocaleString('en')} destinations (tcp/udp/icmp, well-known and random ports), entries INPUT + FORWARD, seeded generator.`,
    `Target ≤ ${TARGET_SECONDS} s for compile + analysis + all destinations: ${best / 1000 <= TARGET_SECONDS ? 'met' : 'missed'} — ${secs(par.wallMs)} on two threads, ${secs(oneThreadMs)} on one (${shares.map(([what, ms]) => `${what} ${Math.round((100 * ms) / oneThreadMs)} %`).join(', ')}).`,
    `Per destination on average: ${((queryMs / n) * 1000).toFixed(0)} µs; ${(Number(totals.admitted) / n).toExponential(2)} sources admitted, ${(Number(totals.conditional) / n).toExponential(2)} conditionally, ${(totals.intervals / n).toFixed(1)} intervals in the admitted set; ${totals.anySource.toLocaleString('en')} destinations open to any source, ${totals.publicExposed.toLocaleString('en')} reachable from public space; ${(cidrs / sample.length).toFixed(1)} CIDRs per admitted set in the sample.`,
    `Two threads: ${perWorker}.`,
    `Analysis: ${analysis.shadowed.length.toLocaleString('en')} shadowed, ${analysis.unreachable.length.toLocaleString('en')} unreachable, ${analysis.undetermined.length.toLocaleString('en')} undetermined (budget), ${analysis.anyAnyAllows.length.toLocaleString('en')} any/any allows.`,
  ];
  return { rows, notes };
}
