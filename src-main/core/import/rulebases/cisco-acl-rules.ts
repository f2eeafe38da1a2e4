// Shared by the Cisco-family ACL parsers: the parsed form of an access list (entries already resolved to
// addresses and services), its bindings to interfaces, and how both become normalised rules and the
// implicit "deny everything else" policy every Cisco ACL ends with. FortiGate reuses AddressMatch.
import { blankRule, type Rule, type RuleAction } from '../../model/rule';
import type { ImportSink } from '../types';
import { portStrings, type ServiceMatch, normalisePorts } from './cisco-acl-tokens';

/** Addresses an entry matches on one side, with what could not be turned into CIDRs. */
export interface AddressMatch {
  cidrs: string[];
  /** FQDNs, undefined objects, interface addresses the file does not give... */
  unresolved: string[];
  /** Object and group names used, kept after expansion. */
  objects: string[];
  /** Matches the model cannot hold exactly (non-contiguous wildcards), as written. */
  conditions: string[];
}

export function addressMatch(cidrs: string[] = []): AddressMatch {
  return { cidrs, unresolved: [], objects: [], conditions: [] };
}

function pushNew(into: string[], from: readonly string[]): void {
  for (const x of from) if (!into.includes(x)) into.push(x);
}

export function uniteAddresses(into: AddressMatch, from: AddressMatch): void {
  pushNew(into.cidrs, from.cidrs);
  pushNew(into.unresolved, from.unresolved);
  pushNew(into.objects, from.objects);
  pushNew(into.conditions, from.conditions);
}

/** One normalised match of an entry: a single protocol, its ports, and the address pair. */
export interface EntryPart {
  service: ServiceMatch;
  source: AddressMatch;
  destination: AddressMatch;
  hitCount: number | null;
}

export interface AclEntry {
  action: RuleAction;
  parts: EntryPart[];
  enabled: boolean;
  comment: string | null;
  /** Entry-wide matches the model cannot hold (time-range, established, user...). */
  conditions: string[];
  /** Entry-wide object names (service objects, groups) and unresolved names. */
  objects: string[];
  unresolved: string[];
  lineFrom: number;
  lineTo: number;
  text: string;
}

export interface Acl {
  name: string;
  line: number;
  entries: AclEntry[];
  /** What the ACL does with traffic no entry matched: deny, unless the dialect says otherwise. */
  policy?: RuleAction;
}

export interface AclBinding {
  acl: string;
  direction: 'in' | 'out' | null;
  /** Interface (or `line vty 0 4`, `global`); null when the binding names none. */
  iface: string | null;
  line: number;
}

/**
 * The parts of one entry where the services were listed separately: united per protocol, source ports
 * and conditions (see mergeServices); addresses united, hit counts summed.
 */
export function groupParts(parts: readonly EntryPart[]): EntryPart[] {
  const groups = new Map<string, EntryPart>();
  for (const p of parts) {
    const s = p.service;
    const k = JSON.stringify([s.protocol, s.source === null ? null : normalisePorts(s.source), s.conditions]);
    const g = groups.get(k);
    if (!g) {
      groups.set(k, {
        service: { ...s, destination: s.destination === null ? null : [...s.destination] },
        source: { ...p.source, cidrs: [...p.source.cidrs], unresolved: [...p.source.unresolved] },
        destination: { ...p.destination, cidrs: [...p.destination.cidrs], unresolved: [...p.destination.unresolved] },
        hitCount: p.hitCount,
      });
      continue;
    }
    if (g.service.destination !== null) {
      g.service.destination = s.destination === null ? null : [...g.service.destination, ...s.destination];
    }
    uniteAddresses(g.source, p.source);
    uniteAddresses(g.destination, p.destination);
    g.hitCount = g.hitCount === null && p.hitCount === null ? null : (g.hitCount ?? 0) + (p.hitCount ?? 0);
  }
  return [...groups.values()];
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

/**
 * Emits every ACL as a ruleset in file order, each entry part as one rule, and a deny policy per
 * ruleset (Cisco ACLs end with an implicit deny). An ACL bound once takes that binding's direction and
 * interface; an ACL bound several times is emitted once per binding, as ruleset "NAME (in outside)", so
 * each interface's filter can be read on its own.
 */
export function emitAcls(
  sink: ImportSink,
  device: string,
  acls: Iterable<Acl>,
  bindings: readonly AclBinding[],
  aclWord: string,
): void {
  const known = new Set<string>();
  for (const acl of acls) {
    known.add(acl.name);
    const own = bindings.filter((b) => b.acl === acl.name);
    const targets =
      own.length <= 1
        ? [{ ruleset: acl.name, binding: own[0] ?? null }]
        : own.map((b) => ({ ruleset: `${acl.name} (${b.direction ?? 'bound'} ${b.iface ?? ''})`.trim(), binding: b }));
    for (const { ruleset, binding } of targets) {
      let order = 0;
      for (const e of acl.entries) {
        for (const p of e.parts) {
          order++;
          sink.rule(ruleOf(device, ruleset, order, binding, e, p));
        }
      }
      sink.policy({ device, ruleset, policy: acl.policy ?? 'deny', lineFrom: null });
    }
  }
  for (const b of bindings) {
    if (!known.has(b.acl)) {
      sink.note({
        line: b.line,
        column: null,
        what: `${aclWord} "${b.acl}" is bound (${b.direction ?? 'bound'} ${b.iface ?? ''}) but not defined in this file; nothing was imported for it`,
      });
    }
  }
}

function ruleOf(
  device: string,
  ruleset: string,
  order: number,
  binding: AclBinding | null,
  e: AclEntry,
  p: EntryPart,
): Rule {
  const dir = binding?.direction ?? null;
  return {
    ...blankRule(device, ruleset, order, e.action),
    direction: dir,
    sources: p.source.cidrs,
    destinations: p.destination.cidrs,
    protocol: p.service.protocol,
    destinationPorts: portStrings(p.service.destination),
    sourcePorts: portStrings(p.service.source),
    interfaces: {
      in: dir !== 'out' ? (binding?.iface ?? null) : null,
      out: dir === 'out' ? (binding?.iface ?? null) : null,
    },
    enabled: e.enabled,
    comment: e.comment,
    hitCount: p.hitCount,
    objects: unique([...e.objects, ...p.source.objects, ...p.destination.objects]),
    unresolved: unique([...e.unresolved, ...p.source.unresolved, ...p.destination.unresolved]),
    conditions: unique([
      ...p.service.conditions,
      ...p.source.conditions.map((c) => `source ${c}`),
      ...p.destination.conditions.map((c) => `destination ${c}`),
      ...e.conditions,
    ]),
    lineFrom: e.lineFrom,
    lineTo: e.lineTo,
    text: e.text,
  };
}
