// "Where allowed" for each insecure item: which sources every imported device admits to the item's hosts
// on its port, and by which rule lines (the latest import of each device, traffic toward the host).
// Devices are loaded and compiled once per report; the number of hosts evaluated per item is capped so
// the report stays fast and readable with thousands of items.
import type { Database } from 'better-sqlite3';
import type { RulesetPolicy } from '../../model/rule';
import { reachability } from '../../net/index';
import { listDevices, listPolicies, listRules, type StoredRule } from '../../store/rules';
import { plural } from './safe-text';
import type { HostLine, ReachLine } from './types';

export const MAX_REACH_HOSTS = 10;
const MAX_CIDRS = 8;

interface Device {
  name: string;
  importId: number;
  rules: StoredRule[];
  policies: RulesetPolicy[];
}

function cidrList(cidrs: string[]): string[] {
  if (cidrs.length <= MAX_CIDRS) return cidrs;
  return [...cidrs.slice(0, MAX_CIDRS), `and ${plural(cidrs.length - MAX_CIDRS, 'more range')}`];
}

export class ReachIndex {
  private readonly devices: Device[];

  constructor(db: Database) {
    const latest = new Map<string, number>();
    for (const d of listDevices(db)) latest.set(d.device, Math.max(latest.get(d.device) ?? 0, d.importId));
    this.devices = [...latest]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, importId]) => {
        const filter = { importId, device: name };
        return { name, importId, rules: listRules(db, filter).rows, policies: listPolicies(db, filter) };
      });
  }

  get deviceCount(): number {
    return this.devices.length;
  }

  /** Reachability lines for the item's hosts that have an address, and notes on what was left out. */
  forItem(hosts: HostLine[], proto: string, port: number) {
    const lines: ReachLine[] = [];
    const notes: string[] = [];
    if (this.devices.length === 0) {
      notes.push('No rulebase is imported, so which sources may reach this service is not known from rules.');
      return { lines, notes };
    }
    const addressed = hosts.filter((h) => h.hostIp !== null);
    const unaddressed = hosts.length - addressed.length;
    if (unaddressed > 0) notes.push(`${plural(unaddressed, 'host')} known only by name: not evaluated against rules.`);
    const evaluated = addressed.slice(0, MAX_REACH_HOSTS);
    if (addressed.length > evaluated.length) {
      notes.push(`Rules evaluated for the first ${evaluated.length} of ${plural(addressed.length, 'addressed host')}.`);
    }
    // Admitted by nothing but a default policy (a host firewall's ACCEPT chain, say): whether traffic to
    // these hosts passes that device at all is not in its rules, so it is said once instead of per host.
    const policyOnly = new Map<string, Set<string>>();
    const merged = new Map<string, ReachLine>();
    for (const h of evaluated) {
      const destination = h.hostIp!;
      for (const d of this.devices) {
        let r;
        try {
          r = reachability(d.rules, d.policies, {
            device: d.name,
            destination,
            proto,
            port,
            direction: 'in',
            analysis: false,
          });
        } catch (err) {
          notes.push(`${d.name}: could not evaluate ${destination} (${(err as Error).message})`);
          continue;
        }
        if (r.admittedCidrs.length === 0 && r.conditionalCidrs.length === 0) continue;
        if (r.byRule.every((b) => b.rule === null)) {
          const chains = policyOnly.get(d.name) ?? new Set<string>();
          r.byRule.forEach((b) => chains.add(b.ruleset));
          policyOnly.set(d.name, chains);
          continue;
        }
        const rules = r.byRule.map((b) =>
          b.rule
            ? `${b.rule.ruleset} #${b.rule.order}${b.rule.lineFrom !== null ? ` (line ${b.rule.lineFrom})` : ''}${b.rule.name ? ` "${b.rule.name}"` : ''}`
            : `${b.ruleset} default policy`,
        );
        const line = {
          device: d.name,
          anySource: r.permissiveness.anySource,
          admitted: cidrList(r.admittedCidrs),
          conditional: cidrList(r.conditionalCidrs),
          rules,
        };
        // Hosts that the same rule lines admit from the same sources share one line.
        const key = JSON.stringify(line);
        const same = merged.get(key);
        if (same) same.hosts.push(h.asset);
        else {
          const entry = { hosts: [h.asset], ...line };
          merged.set(key, entry);
          lines.push(entry);
        }
      }
    }
    for (const [device, chains] of policyOnly) {
      notes.push(
        `${device} admits these hosts only by the default policy of ${[...chains].join(', ')} (no rule line names them); whether their traffic passes ${device} is not known from its rules.`,
      );
    }
    if (evaluated.length > 0 && lines.length === 0 && policyOnly.size === 0) {
      notes.push(`No imported rulebase (${plural(this.devices.length, 'device')}) admits any source to these hosts.`);
    }
    return { lines, notes };
  }
}
