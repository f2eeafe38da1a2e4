// The imported rulebases as the reconciliation reads them: each device from its latest import, only the
// rules traffic toward a destination meets (the device's default entry rulesets and those they jump to,
// as the net module chooses them), the destinations those rules name, and reachability answers cached
// per destination region (the answer depends on the destination only through which rule destination
// sets hold it, so every address between two consecutive set bounds gets the same answer).
//
// Scoping, stated in the results too: a device is taken to filter traffic toward a host only when one of
// those rules names the host's address in a concrete destination (not "any"), or when the device is the
// host's own firewall (the device name is the host's address or one of its names). A rulebase says
// nothing about hosts behind another device, so a rule to "any" on a device that never names a host does
// not count as admitting traffic to it.
import type { Database } from 'better-sqlite3';
import type { CompiledChain, CompiledRule } from '../net/compile';
import { AddressSet, compiledDevice, defaultEntries, parseAddress, reachabilityCompiled } from '../net/index';
import { listPolicies, listRules } from '../store/rules';

/** A destination address, parsed once for the many questions asked about it. */
export interface Destination {
  text: string;
  family: 4 | 6;
  value: number | bigint;
}

export function destination(text: string | null): Destination | null {
  const a = text === null ? null : parseAddress(text);
  return a && text !== null ? { text, family: a.family, value: a.value } : null;
}

export interface DeviceView {
  device: string;
  importId: number;
  fileName: string;
  entries: string[];
  /** Enabled rules of the entry rulesets and every ruleset they jump to, in evaluation order. */
  rules: CompiledRule[];
  /** Whether those rules name the address in a concrete destination. */
  names(d: Destination): boolean;
  /** Addresses with the same region get the same reachability answers on this device. */
  region(d: Destination): number;
  reach(d: Destination, proto: string, port: number): Admission;
}

export interface Admission {
  /** Some source may open a connection: admitted for sure, or conditionally by a rule that is not return-traffic only. */
  admitted: boolean;
  ruleIds: number[];
  rules: string[];
}

export function ruleLabel(r: { device: string; ruleset: string; order: number; lineFrom: number | null }): string {
  return `${r.device} ${r.ruleset} #${r.order}${r.lineFrom !== null ? ` (line ${r.lineFrom})` : ''}`;
}

/** Rules that only let replies through (state ESTABLISHED/RELATED, Cisco "established"): they open no service. */
export function returnTrafficOnly(conditions: readonly string[]): boolean {
  const text = conditions.join(' ');
  return /\b(established|related)\b/i.test(text) && !/\bnew\b/i.test(text);
}

function reachableChains(chains: readonly CompiledChain[], entries: readonly CompiledChain[]): CompiledChain[] {
  const seen = new Set<number>();
  const out: CompiledChain[] = [];
  const todo = [...entries];
  while (todo.length > 0) {
    const c = todo.pop()!;
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    out.push(c);
    for (const r of c.rules) {
      if (r.effect.kind === 'jump' || r.effect.kind === 'goto') todo.push(chains[r.effect.chain]!);
    }
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Whether x lies in a sorted, merged [start, end) interval list. */
function inIntervals<T extends number | bigint>(list: readonly T[], x: T): boolean {
  const i = regionOf(list, x);
  return i % 2 === 1;
}

/** Number of bounds <= x in a sorted list: which region between rule destination bounds x falls in. */
function regionOf<T extends number | bigint>(bounds: readonly T[], x: T): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Every device of the engagement from its latest rulebase import, ready for questions. */
export function loadDevices(db: Database): { devices: DeviceView[]; problems: string[] } {
  const latest = db
    .prepare(
      `SELECT d.device, max(d.import_id) AS import_id, i.file_name FROM (
         SELECT DISTINCT device, import_id FROM rule UNION SELECT device, import_id FROM ruleset_policy) d
       JOIN import i ON i.id = d.import_id GROUP BY d.device ORDER BY d.device`,
    )
    .all() as { device: string; import_id: number; file_name: string }[];
  const devices: DeviceView[] = [];
  const problems: string[] = [];
  for (const d of latest) {
    const filter = { importId: d.import_id, device: d.device };
    const stored = listRules(db, filter).rows;
    const compiled = compiledDevice(stored, listPolicies(db, filter), d.device);
    const entries = defaultEntries(compiled);
    if (entries.length === 0) {
      problems.push(`${d.device} (import #${d.import_id}) has no ruleset traffic starts in; it was not read`);
      continue;
    }
    const chains = reachableChains(
      compiled.chains,
      entries.map((n) => compiled.chainByName.get(n)!),
    );
    const rules = chains.flatMap((c) => c.rules);
    const pairs4: number[] = [];
    const pairs6: bigint[] = [];
    const any = AddressSet.ANY;
    for (const r of rules) {
      if (r.addressesUnknown) continue;
      if (!(r.dst4.length === 2 && r.dst4[0] === 0 && r.dst4[1] === any.v4[1])) pairs4.push(...r.dst4);
      if (!(r.dst6.length === 2 && r.dst6[0] === 0n && r.dst6[1] === any.v6[1])) pairs6.push(...r.dst6);
    }
    const bounds4 = [...new Set(pairs4)].sort((a, b) => a - b);
    const bounds6 = [...new Set(pairs6)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const conditionsOf = new Map(stored.map((r) => [r.ruleId, r.conditions]));
    const cache = new Map<string, Admission>();
    const named = AddressSet.fromPairs(pairs4, pairs6);
    devices.push({
      device: d.device,
      importId: d.import_id,
      fileName: d.file_name,
      entries,
      rules,
      names: (a) =>
        a.family === 4 ? inIntervals(named.v4, a.value as number) : inIntervals(named.v6, a.value as bigint),
      region: (a) =>
        a.family === 4 ? regionOf(bounds4, a.value as number) : -1 - regionOf(bounds6, a.value as bigint),
      reach(a, proto, port) {
        const region =
          a.family === 4 ? regionOf(bounds4, a.value as number) : -1 - regionOf(bounds6, a.value as bigint);
        const key = `${proto}/${port}/${region}`;
        let hit = cache.get(key);
        if (hit) return hit;
        const result = reachabilityCompiled(compiled, {
          entry: entries,
          destination: a.text,
          proto,
          port,
          direction: 'in',
          cidrs: false,
          analysis: false,
        });
        const opening = result.byRule.filter(
          (b) =>
            !b.sources.isEmpty() ||
            (!b.conditionalSources.isEmpty() &&
              !(b.rule !== null && b.rule.ruleId !== null && returnTrafficOnly(conditionsOf.get(b.rule.ruleId) ?? []))),
        );
        const refs = opening.flatMap((b) => (b.rule && b.rule.ruleId !== null ? [b.rule] : []));
        hit = {
          admitted: opening.length > 0,
          ruleIds: refs.map((r) => r.ruleId!),
          rules: opening.map((b) => (b.rule ? ruleLabel(b.rule) : `${d.device} ${b.ruleset} default policy`)),
        };
        cache.set(key, hit);
        return hit;
      },
    });
  }
  return { devices, problems };
}

/** The devices taken to filter traffic toward a host (see the scoping note above), by its address and names. */
export function devicesFor(
  devices: readonly DeviceView[],
  host: { address: Destination; names: ReadonlySet<string> },
): DeviceView[] {
  return devices.filter((d) => host.names.has(d.device.toLowerCase()) || d.names(host.address));
}
