// Allow rules that admit an insecure service (by the standard's protocols and ports) toward scanned
// destinations where no scan ever found it open: rule cleanup candidates. Only destinations scans covered
// are judged; a rule toward "any" is judged once, against every host scanned. Reads the devices through
// reconcile-devices (latest import of each, the rulesets traffic toward a destination meets).
import type { Database } from 'better-sqlite3';
import type { CompiledRule } from '../net/compile';
import { AddressSet, parseAddress } from '../net/index';
import type { StandardDocument } from '../standard/schema';
import { returnTrafficOnly, ruleLabel, type DeviceView } from './reconcile-devices';
import type { ReconcileRow } from './reconcile-types';

type Proto = 'tcp' | 'udp' | 'sctp';
const PROTO_NUMBER: Record<Proto, number> = { tcp: 6, udp: 17, sctp: 132 };

/** A port range of the standard: an insecure service by protocol and port (inclusive bounds). */
interface PortSpec {
  ruleId: string;
  title: string;
  proto: Proto;
  lo: number;
  hi: number;
}

/** The port ranges the applicable rules of the standard name ("*" ports name no service and are left out). */
function insecureSpecs(doc: StandardDocument): PortSpec[] {
  const out: PortSpec[] = [];
  const seen = new Set<string>();
  for (const r of doc.rules) {
    if (!r.applicable) continue;
    for (const m of r.match) {
      for (const spec of m.ports ?? []) {
        const p = /^(\d+)(?:-(\d+))?\/(tcp|udp|sctp)$/.exec(spec);
        if (!p) continue;
        const key = `${r.id}|${spec}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ ruleId: r.id, title: r.title, proto: p[3] as Proto, lo: Number(p[1]), hi: Number(p[2] ?? p[1]) });
      }
    }
  }
  return out;
}

interface HostSet {
  v4: number[];
  v6: bigint[];
}

function lowerBound<T extends number | bigint>(a: readonly T[], x: T): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of the (sorted) hosts lie in the rule's destinations. */
function countIn(hosts: HostSet | undefined, r: CompiledRule): number {
  if (!hosts) return 0;
  let n = 0;
  for (let i = 0; i < r.dst4.length; i += 2)
    n += lowerBound(hosts.v4, r.dst4[i + 1]!) - lowerBound(hosts.v4, r.dst4[i]!);
  for (let i = 0; i < r.dst6.length; i += 2)
    n += lowerBound(hosts.v6, r.dst6[i + 1]!) - lowerBound(hosts.v6, r.dst6[i]!);
  return n;
}

/** Sorted addresses by key, from [key, address] rows (each address parsed once however often it comes). */
function hostSets(rows: Iterable<[string, string | null]>): Map<string, HostSet> {
  const out = new Map<string, HostSet>();
  const parsed = new Map<string, ReturnType<typeof parseAddress>>();
  for (const [key, address] of rows) {
    if (address === null) continue;
    let a = parsed.get(address);
    if (a === undefined) parsed.set(address, (a = parseAddress(address)));
    if (!a) continue;
    let set = out.get(key);
    if (!set) out.set(key, (set = { v4: [], v6: [] }));
    if (a.family === 4) set.v4.push(a.value);
    else set.v6.push(a.value);
  }
  for (const s of out.values()) {
    s.v4.sort((a, b) => a - b);
    s.v6.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  return out;
}

function inIntervals(list: readonly number[] | null, x: number): boolean {
  if (list === null) return true;
  for (let i = 0; i < list.length; i += 2) if (list[i]! <= x && x < list[i + 1]!) return true;
  return false;
}

function isAll(r: CompiledRule): boolean {
  const any = AddressSet.ANY;
  return (
    (r.dst4.length === 2 && r.dst4[0] === 0 && r.dst4[1] === any.v4[1]) ||
    (r.dst6.length === 2 && r.dst6[0] === 0n && r.dst6[1] === any.v6[1])
  );
}

/** "137-139" for a run of ports. */
function portText(ports: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ports.length;) {
    let j = i;
    while (j + 1 < ports.length && ports[j + 1] === ports[j]! + 1) j++;
    parts.push(i === j ? `${ports[i]}` : `${ports[i]}-${ports[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

const ENTRY_NOTE =
  "Only rules in the rulesets traffic toward a destination starts in (each device's default entry rulesets and the rulesets they jump to, from the device's latest import) are read; rules that only admit return traffic (established/related) open no service and are left out.";

/** Every port of a range of the standard. */
function portsOf(s: PortSpec): number[] {
  return Array.from({ length: s.hi - s.lo + 1 }, (_, i) => s.lo + i);
}

/** 3. Allow rules admitting an insecure service toward scanned destinations where it was never seen open. */
export function allowedNeverObserved(db: Database, doc: StandardDocument, devices: readonly DeviceView[]) {
  const specs = insecureSpecs(doc);
  const covered = hostSets(
    db.prepare('SELECT proto, asset FROM temp.rc_cover').raw().iterate() as Iterable<[string, string]>,
  );
  // Every port of those ranges ever seen in use, with the hosts: one sequential pass over the inventory
  // ("+port" keeps SQLite off the port index: fetching most rows through it is several times slower),
  // the hosts of each port as one string.
  const byProto = (['tcp', 'udp', 'sctp'] as const)
    .map((proto) => ({ proto, ports: [...new Set(specs.filter((s) => s.proto === proto).flatMap(portsOf))] }))
    .filter((p) => p.ports.length > 0);
  const seen =
    byProto.length === 0
      ? []
      : (db
          .prepare(
            `SELECT port || '/' || proto, group_concat(coalesce(host_ip, ''), ' ') FROM main.inventory
             WHERE ${byProto.map((p) => `(proto = '${p.proto}' AND +port IN (${p.ports.join(',')}))`).join(' OR ')}
             GROUP BY port, proto`,
          )
          .raw()
          .all() as [string, string][]);
  const openAnywhere = new Set(seen.map((r) => r[0]));
  const open = hostSets(
    seen.flatMap(([key, hosts]) => hosts.split(' ').map((h): [string, string | null] => [key, h || null])),
  );
  const rows: ReconcileRow[] = [];
  let unresolved = 0;
  let unscanned = 0;
  for (const d of devices) {
    for (const r of d.rules) {
      if (r.effect.kind !== 'verdict' || r.effect.verdict !== 'allow' || returnTrafficOnly(r.rule.conditions)) continue;
      const admitted = specs.flatMap((s) => {
        if (!inIntervals(r.protos, PROTO_NUMBER[s.proto])) return [];
        const ports: number[] = [];
        for (let p = s.lo; p <= s.hi; p++) if (inIntervals(r.dport, p)) ports.push(p);
        return ports.length > 0 ? [{ spec: s, ports }] : [];
      });
      if (admitted.length === 0) continue;
      if (r.addressesUnknown) {
        unresolved++;
        continue;
      }
      const any = isAll(r);
      let judged = 0;
      const never: typeof admitted = [];
      for (const a of admitted) {
        const scanned = covered.get(a.spec.proto);
        const n = any ? (scanned?.v4.length ?? 0) + (scanned?.v6.length ?? 0) : countIn(scanned, r);
        if (n === 0) continue;
        judged = Math.max(judged, n);
        const seen = a.ports.some((p) =>
          any ? openAnywhere.has(`${p}/${a.spec.proto}`) : countIn(open.get(`${p}/${a.spec.proto}`), r) > 0,
        );
        if (!seen) never.push(a);
      }
      if (judged === 0) {
        unscanned++;
        continue;
      }
      if (never.length === 0) continue;
      const label = ruleLabel(r.ref);
      const ports = never.map((n) => `${portText(n.ports)}/${n.spec.proto}`);
      const services = [...new Set(never.map((n) => n.spec.title))];
      const what = never.map((n) => `${n.spec.title} (${portText(n.ports)}/${n.spec.proto})`).join(', ');
      const dest = any ? 'any destination' : AddressSet.fromIntervals(r.dst4, r.dst6).toString();
      // A connection-state match that lets new connections through restricts nothing worth saying.
      const doubts = r.rule.conditions.filter((c) => !(/\bstate\b/i.test(c) && /\bnew\b/i.test(c)));
      const only = doubts.length > 0 ? ` It applies only when: ${doubts.join('; ')}.` : '';
      rows.push({
        kind: 'rule',
        itemKey: null,
        title: label,
        host: any ? 'any' : dest,
        endpoint: ports.join(', '),
        services,
        importIds: [d.importId],
        ruleIds: r.ref.ruleId === null ? [] : [r.ref.ruleId],
        rules: [label],
        disposition: null,
        status: null,
        owner: null,
        firstSeen: null,
        lastSeen: null,
        decisionDate: null,
        expiryDate: null,
        targetDate: null,
        daysLeft: null,
        finding: any
          ? `${label} allows ${what} toward any destination, and no scan ever found ${ports.join(', ')} open on any of the ${judged} scanned host(s).${only}`
          : `${label} allows ${what} toward ${dest}; scans covered ${judged} host(s) there and none was ever seen with ${ports.join(', ')} open.${only}`,
        action:
          'Remove the rule or narrow it to the services in use; if the service is planned, record its business need (Req 1.2.5).',
      });
    }
  }
  const notes = [ENTRY_NOTE];
  if (unscanned > 0) {
    notes.push(
      `${unscanned} allow rule(s) admitting insecure services were not judged: no scanned host lies in their destinations. Scan those destinations to judge them.`,
    );
  }
  if (unresolved > 0) {
    notes.push(
      `${unresolved} allow rule(s) with destinations that could not be resolved (names, dynamic objects) were not judged.`,
    );
  }
  return { count: rows.length, rows, notes };
}
