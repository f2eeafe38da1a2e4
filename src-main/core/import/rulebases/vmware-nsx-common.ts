// What the NSX-V and NSX-T importers share: address literals as NSX writes them (address, CIDR, first-last
// range, comma lists), limiting a rule to one address family, notes said once per object, and the note
// about the distributed firewall's default rule, which lives outside a section or policy export.
import type { ImportSink } from '../types';
import { ANY_V4, ANY_V6, parseCidr, rangeToCidrs } from './cidr';

/** The longest rule text kept (the store caps at the same length). */
const MAX_TEXT = 4000;

export function capText(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/**
 * "10.0.0.1", "10.0.0.0/24", "10.0.0.1-10.0.0.9", "2001:db8::/32" and comma-separated lists of them, as
 * CIDRs; null when some part is not an address (the caller keeps the text unresolved).
 */
export function nsxAddresses(text: string): string[] | null {
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const cidr = parseCidr(part);
    if (cidr) {
      out.push(cidr);
      continue;
    }
    const range = /^([0-9a-fA-F.:]+)\s*-\s*([0-9a-fA-F.:]+)$/.exec(part);
    const cidrs = range ? rangeToCidrs(range[1]!, range[2]!) : null;
    if (!cidrs) return null;
    out.push(...cidrs);
  }
  return out.length ? out : null;
}

export type Family = 'ipv4' | 'ipv6' | 'both';

/**
 * A rule limited to one address family (NSX-T ip_protocol, NSX-V packetType) matches only that family:
 * "any" narrows to the family's any, addresses of the other family are dropped and reported.
 */
export function limitFamily(cidrs: readonly string[], family: Family): { kept: string[]; dropped: string[] } {
  if (family === 'both') return { kept: [...cidrs], dropped: [] };
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const c of cidrs) {
    const v6 = c.includes(':');
    if ((family === 'ipv6') === v6) kept.push(c);
    else if (c !== ANY_V4 && c !== ANY_V6) dropped.push(c);
  }
  return { kept, dropped };
}

/** Notes said once per key (an object named by many rules is reported once, where it is first used). */
export function onceNotes(sink: ImportSink): (key: string, line: number | null, what: string) => void {
  const said = new Set<string>();
  return (key, line, what) => {
    if (said.has(key)) return;
    said.add(key);
    sink.note({ line, column: null, what });
  };
}

/**
 * The distributed firewall's default rule (allow as installed; often changed to drop) is the last rule of
 * the default section or policy. An export of other sections or policies does not hold it, and evaluation
 * goes on through sections/policies not exported, so no default policy is recorded (none is invented).
 */
export function defaultRuleMissing(sink: ImportSink, product: 'NSX-V' | 'NSX-T', where: string): void {
  sink.note({
    line: null,
    column: null,
    what: `${product} distributed firewall: the default rule (${where}; allow as installed, often changed to drop) is not in this export, so no default policy is recorded; traffic no rule here matches goes on to sections or policies that were not exported`,
  });
}

/** A sink that counts the rules passed through it, for the "no access rules" note of an empty export. */
export function countingSink(sink: ImportSink): { sink: ImportSink; rules: () => number } {
  let n = 0;
  return {
    rules: () => n,
    sink: {
      observation: (o) => sink.observation(o),
      host: (h) => sink.host(h),
      note: (x) => sink.note(x),
      meta: (k, v) => sink.meta(k, v),
      rule: (r) => {
        n++;
        sink.rule(r);
      },
      policy: (p) => sink.policy(p),
      ticket: (t) => sink.ticket(t),
    },
  };
}

/** An export that holds sections or policies but no rule: kept as evidence, with one note. */
export function noAccessRules(sink: ImportSink, held: string): void {
  sink.note({ line: null, column: null, what: `no access rules: ${held}; kept as evidence` });
  sink.meta('contents', 'firewall sections or policies without rules');
}
