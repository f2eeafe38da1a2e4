// What a rulebase import produces: normalised network-control rules (firewalls, host firewalls, cloud
// security groups, Kubernetes policies) with objects expanded, in evaluation order, each traced back
// to the lines it came from; and the default policy of each ruleset.

/**
 * 'continue': the rule decides nothing and the packet goes on to the next rule (an iptables rule without
 * -j, an nft rule that only counts, marks or updates a set); `target` then says what it does, if anything.
 */
export type RuleAction =
  'allow' | 'deny' | 'drop' | 'reject' | 'log' | 'continue' | 'jump' | 'goto' | 'return' | 'other';

export interface Rule {
  /** The firewall / host / account the rule lives on (host name given at import for host firewalls). */
  device: string;
  /** Chain (table/chain for iptables/nft), ACL name, policy section, security group id... */
  ruleset: string;
  /** 1-based position inside the ruleset, in evaluation order (priority order for NSGs). */
  order: number;
  direction: 'in' | 'out' | null;
  action: RuleAction;
  /** jump/goto: the full name of the target ruleset (as in `ruleset`); for 'other', what the rule does instead. */
  target: string | null;
  /** CIDRs (IPv4 "10.0.0.0/8", IPv6 "2001:db8::/32"; hosts as /32 or /128). Any = "0.0.0.0/0" and/or "::/0". */
  sources: string[];
  sourcesNegated: boolean;
  destinations: string[];
  destinationsNegated: boolean;
  /** any | tcp | udp | icmp | icmpv6 | sctp | esp | ah | gre | a protocol number as a string. */
  protocol: string;
  /** "22" or "1000-2000"; null = any port (or not port-based). */
  destinationPorts: string[] | null;
  sourcePorts: string[] | null;
  interfaces: { in: string | null; out: string | null };
  zones: { from: string | null; to: string | null };
  enabled: boolean;
  name: string | null;
  comment: string | null;
  hitCount: number | null;
  /** Names of the objects and groups the rule used, kept after they were expanded. */
  objects: string[];
  /** Names that could not be resolved to addresses here (FQDN objects, dynamic groups, tags...). */
  unresolved: string[];
  /** Conditions the model cannot express (connection state, owner, application, schedule...), as written. */
  conditions: string[];
  lineFrom: number | null;
  lineTo: number | null;
  /** The original text of the rule (capped), for the report. */
  text: string;
}

/**
 * Conditions the reachability engine decides once a question names both zones (PAN-OS rule types and its
 * predefined intrazone default); parsers write them exactly so.
 */
export const SAME_ZONE_CONDITION = 'intrazone: source zone = destination zone';
export const DIFFERENT_ZONE_CONDITION = 'interzone: source zone ≠ destination zone';

export interface RulesetPolicy {
  device: string;
  ruleset: string;
  /** What happens to traffic no rule matched. */
  policy: RuleAction;
  lineFrom: number | null;
}

/** A blank rule to spread: any to any, all protocols, enabled. */
export function blankRule(device: string, ruleset: string, order: number, action: RuleAction): Rule {
  return {
    device,
    ruleset,
    order,
    direction: null,
    action,
    target: null,
    sources: ['0.0.0.0/0', '::/0'],
    sourcesNegated: false,
    destinations: ['0.0.0.0/0', '::/0'],
    destinationsNegated: false,
    protocol: 'any',
    destinationPorts: null,
    sourcePorts: null,
    interfaces: { in: null, out: null },
    zones: { from: null, to: null },
    enabled: true,
    name: null,
    comment: null,
    hitCount: null,
    objects: [],
    unresolved: [],
    conditions: [],
    lineFrom: null,
    lineTo: null,
    text: '',
  };
}
