// What changed on one port seen in use by two scans: the service fields (name, product, version, TLS
// tunnel), which NSE scripts / checks appeared, vanished or now say something else, which facts the
// importers derived were gained or lost, and which TLS protocol versions are newly offered or withdrawn.
// Pure: observation data in, a change record out.
import type { Fact, ScriptOutput } from '../model/observation';

export const SERVICE_FIELDS = ['service', 'product', 'version', 'tunnel'] as const;
export type ServiceField = (typeof SERVICE_FIELDS)[number];
export type ServiceFields = Record<ServiceField, string | null>;

export interface FieldChange {
  field: ServiceField;
  before: string | null;
  after: string | null;
}

export interface ContentChange {
  scripts: { added: string[]; removed: string[]; changed: string[] };
  /** Facts as "key=value", other than the TLS protocol versions (reported under `tls`). */
  facts: { added: string[]; removed: string[] };
  tls: { offered: string[]; withdrawn: string[] };
}

/**
 * Scripts that report the time (or a clock's drift) on every run: a new value is no change of the
 * service, so only their appearance or disappearance counts.
 */
const CLOCK_SCRIPTS = new Set(['clock-skew', 'ssl-date', 'http-date', 'smb2-time', 'ntp-info']);

/** Lines inside other scripts' output that carry the scanned system's clock or uptime. */
const CLOCK_LINE = /^\s*\|?_?\s*(system[ _]time|current[ _]time|receive time|date|uptime|system uptime)\s*[:=].*$/gim;

const TLS_ORDER = ['SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

function tlsSort(a: string, b: string): number {
  const ia = TLS_ORDER.indexOf(a);
  const ib = TLS_ORDER.indexOf(b);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
}

export function fieldChanges(before: ServiceFields, after: ServiceFields): FieldChange[] {
  return SERVICE_FIELDS.filter((f) => (before[f] ?? null) !== (after[f] ?? null)).map((field) => ({
    field,
    before: before[field] ?? null,
    after: after[field] ?? null,
  }));
}

/** Output as compared: clock lines removed, whitespace runs folded. */
function comparable(output: string): string {
  return output.replace(CLOCK_LINE, '').replace(/\s+/g, ' ').trim();
}

/** Script outputs by id; an id seen twice (host scripts attached to a port) keeps every output, in order. */
function byId(scripts: readonly ScriptOutput[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of scripts) {
    const prev = out.get(s.id);
    out.set(s.id, prev === undefined ? comparable(s.output) : `${prev}\n${comparable(s.output)}`);
  }
  return out;
}

function difference<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): T[] {
  return [...a].filter((x) => !b.has(x));
}

/** Changes between what two scans said about the same port; null when nothing of substance changed. */
export function contentChanges(
  before: { scripts: readonly ScriptOutput[]; facts: readonly Fact[] },
  after: { scripts: readonly ScriptOutput[]; facts: readonly Fact[] },
): ContentChange | null {
  const sa = byId(before.scripts);
  const sb = byId(after.scripts);
  const added = [...sb.keys()].filter((id) => !sa.has(id)).sort();
  const removed = [...sa.keys()].filter((id) => !sb.has(id)).sort();
  const changed = [...sa.keys()]
    .filter((id) => sb.has(id) && !CLOCK_SCRIPTS.has(id) && sa.get(id) !== sb.get(id))
    .sort();

  const tlsOf = (facts: readonly Fact[]) => new Set(facts.filter((f) => f.key === 'tls.protocol').map((f) => f.value));
  const otherOf = (facts: readonly Fact[]) =>
    new Set(facts.filter((f) => f.key !== 'tls.protocol').map((f) => `${f.key}=${f.value}`));
  const ta = tlsOf(before.facts);
  const tb = tlsOf(after.facts);
  const fa = otherOf(before.facts);
  const fb = otherOf(after.facts);

  const change: ContentChange = {
    scripts: { added, removed, changed },
    facts: { added: difference(fb, fa).sort(), removed: difference(fa, fb).sort() },
    tls: { offered: difference(tb, ta).sort(tlsSort), withdrawn: difference(ta, tb).sort(tlsSort) },
  };
  const empty =
    added.length + removed.length + changed.length === 0 &&
    change.facts.added.length + change.facts.removed.length === 0 &&
    change.tls.offered.length + change.tls.withdrawn.length === 0;
  return empty ? null : change;
}
