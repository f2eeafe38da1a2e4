// Classification: which rules of a standard an observation matches, and the evidence for each match
// (the field, the value, and for facts the script or plugin and its output line). Pure: it takes a
// compiled standard and plain observations, so it runs the same in tests, imports and re-classification.
import type { Fact, Observation } from '../model/observation';
import type { FactMatch, Matcher, StandardDocument } from './schema';
import { parsePortSpec, type PortRange } from './validate';

export type MatchBasis = 'fact' | 'service' | 'port';

export interface Evidence {
  field: 'port' | 'service' | 'tunnel' | 'product' | 'version' | 'fact';
  /** For facts: the fact key (tls.protocol, ftp.anonymous...). */
  key?: string;
  value: string;
  /** For facts: the script / plugin that reported it, and the line of its output that shows it. */
  source?: string;
  excerpt?: string;
}

export interface RuleMatch {
  ruleId: string;
  basis: MatchBasis;
  /** The matcher's label, or a description built from what it checked. */
  label: string;
  evidence: Evidence[];
}

export type ClassifiableObservation = Pick<
  Observation,
  'proto' | 'port' | 'state' | 'service' | 'product' | 'version' | 'tunnel' | 'method' | 'facts'
>;

interface CompiledFact {
  key: string;
  test: (value: string) => boolean;
}

interface CompiledMatcher {
  ruleId: string;
  ruleIndex: number;
  label: string;
  basis: MatchBasis;
  ports: PortRange[] | null;
  services: Set<string> | null;
  tunnel: 'none' | 'ssl' | null;
  product: RegExp | null;
  version: RegExp | null;
  facts: CompiledFact[];
  withoutFacts: CompiledFact[];
  serviceUnidentified: boolean;
}

const BASIS_RANK: Record<MatchBasis, number> = { fact: 3, service: 2, port: 1 };

/** A standard prepared for matching many observations: matchers indexed by service, fact key and port. */
export class Classifier {
  private readonly byService = new Map<string, CompiledMatcher[]>();
  private readonly byFactKey = new Map<string, CompiledMatcher[]>();
  private readonly others: CompiledMatcher[] = [];
  private readonly inUse: Set<string>;

  constructor(doc: StandardDocument) {
    this.inUse = new Set(doc.inUseStates);
    doc.rules.forEach((rule, ruleIndex) => {
      for (const m of rule.match) {
        const c = compileMatcher(rule.id, ruleIndex, m);
        if (c.services) for (const s of c.services) push(this.byService, s, c);
        else if (c.facts[0]) push(this.byFactKey, c.facts[0].key, c);
        else this.others.push(c);
      }
    });
  }

  /** True when the observation's state counts as in use under this standard. */
  inUseState(state: string): boolean {
    return this.inUse.has(state);
  }

  /** Every rule the observation matches (one match per rule, the strongest evidence), in catalog order. */
  classify(o: ClassifiableObservation): RuleMatch[] {
    if (!this.inUse.has(o.state)) return [];
    const candidates: CompiledMatcher[] = [...this.others];
    const service = normaliseService(o.service);
    if (service) candidates.push(...(this.byService.get(service) ?? []));
    const keys = new Set(o.facts.map((f) => f.key));
    for (const k of keys) candidates.push(...(this.byFactKey.get(k) ?? []));

    // Per rule, the matchers of the strongest basis that hold; their labels and evidence are merged so
    // that e.g. "SNMP v1 answered" and "community public accepted" are both shown.
    const best = new Map<string, { index: number; match: RuleMatch }>();
    for (const m of candidates) {
      const evidence = evaluate(m, o, service);
      if (!evidence) continue;
      const prev = best.get(m.ruleId);
      if (prev && BASIS_RANK[prev.match.basis] > BASIS_RANK[m.basis]) continue;
      if (prev && prev.match.basis === m.basis) {
        if (!prev.match.label.split('; ').includes(m.label)) prev.match.label += `; ${m.label}`;
        for (const e of evidence) {
          if (!prev.match.evidence.some((x) => sameEvidence(x, e))) prev.match.evidence.push(e);
        }
        continue;
      }
      best.set(m.ruleId, { index: m.ruleIndex, match: { ruleId: m.ruleId, basis: m.basis, label: m.label, evidence } });
    }
    return [...best.values()].sort((a, b) => a.index - b.index).map((b) => b.match);
  }
}

function sameEvidence(a: Evidence, b: Evidence): boolean {
  return a.field === b.field && a.key === b.key && a.value === b.value && a.source === b.source;
}

function push(map: Map<string, CompiledMatcher[]>, key: string, m: CompiledMatcher): void {
  const list = map.get(key);
  if (list) list.push(m);
  else map.set(key, [m]);
}

/** Scanner service names compared as nmap writes them: lower case, without a trailing "?" (low confidence). */
export function normaliseService(name: string | null): string | null {
  if (!name) return null;
  const n = name.trim().toLowerCase().replace(/\?$/, '');
  return n === '' ? null : n;
}

function compileFact(f: FactMatch): CompiledFact {
  if (f.pattern !== undefined) {
    const re = new RegExp(f.pattern, 'i');
    return { key: f.key, test: (v) => re.test(v) };
  }
  if (f.value !== undefined) {
    const want = f.value.toLowerCase();
    return { key: f.key, test: (v) => v.toLowerCase() === want };
  }
  return { key: f.key, test: () => true };
}

function compileMatcher(ruleId: string, ruleIndex: number, m: Matcher): CompiledMatcher {
  const basis: MatchBasis = m.facts ? 'fact' : m.services || m.product ? 'service' : 'port';
  return {
    ruleId,
    ruleIndex,
    label: m.label ?? describeMatcher(m),
    basis,
    ports: m.ports ? m.ports.map(parsePortSpec) : null,
    services: m.services ? new Set(m.services.map((s) => s.toLowerCase())) : null,
    tunnel: m.tunnel ?? null,
    product: m.product !== undefined ? new RegExp(m.product, 'i') : null,
    version: m.version !== undefined ? new RegExp(m.version, 'i') : null,
    facts: (m.facts ?? []).map(compileFact),
    withoutFacts: (m.withoutFacts ?? []).map(compileFact),
    serviceUnidentified: m.serviceUnidentified ?? false,
  };
}

function describeMatcher(m: Matcher): string {
  const parts: string[] = [];
  if (m.services) parts.push(`service ${m.services.join(' | ')}`);
  if (m.ports) parts.push(`port ${m.ports.join(', ')}`);
  if (m.tunnel) parts.push(m.tunnel === 'none' ? 'not inside TLS' : 'inside TLS');
  if (m.product) parts.push(`product /${m.product}/`);
  if (m.version) parts.push(`version /${m.version}/`);
  for (const f of m.facts ?? [])
    parts.push(`${f.key}${f.value ? ` = ${f.value}` : f.pattern ? ` ~ /${f.pattern}/` : ''}`);
  if (m.serviceUnidentified) parts.push('service not identified by a probe');
  return parts.join(', ');
}

function isUnidentified(o: ClassifiableObservation, service: string | null): boolean {
  return service === null || service === 'unknown' || o.method === 'table';
}

/** The evidence when `m` holds for `o`, else null. */
function evaluate(m: CompiledMatcher, o: ClassifiableObservation, service: string | null): Evidence[] | null {
  const evidence: Evidence[] = [];
  if (m.ports) {
    const hit = m.ports.some((p) => p.proto === o.proto && o.port >= p.from && o.port <= p.to);
    if (!hit) return null;
    evidence.push({ field: 'port', value: `${o.port}/${o.proto}` });
  }
  if (m.serviceUnidentified && !isUnidentified(o, service)) return null;
  if (m.services) {
    if (!service || !m.services.has(service)) return null;
    evidence.push({ field: 'service', value: o.service ?? service });
  }
  if (m.tunnel) {
    const tunnel = o.tunnel === 'ssl' ? 'ssl' : 'none';
    if (tunnel !== m.tunnel) return null;
    evidence.push({ field: 'tunnel', value: tunnel === 'ssl' ? 'inside TLS' : 'not inside TLS' });
  }
  if (m.product) {
    if (!o.product || !m.product.test(o.product)) return null;
    evidence.push({ field: 'product', value: o.product });
  }
  if (m.version) {
    if (!o.version || !m.version.test(o.version)) return null;
    evidence.push({ field: 'version', value: o.version });
  }
  for (const f of m.facts) {
    const found = o.facts.filter((x) => x.key === f.key && f.test(x.value));
    if (found.length === 0) return null;
    for (const x of found.slice(0, 5)) evidence.push(factEvidence(x));
  }
  for (const f of m.withoutFacts) {
    if (o.facts.some((x) => x.key === f.key && f.test(x.value))) return null;
  }
  return evidence;
}

function factEvidence(f: Fact): Evidence {
  return { field: 'fact', key: f.key, value: f.value, source: f.source, excerpt: f.evidence };
}
