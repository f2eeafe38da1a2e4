// One entry of a RouterOS `/ip firewall filter print` listing, as key=value properties, turned into a
// normalised rule. Values RouterOS does not print are its defaults (action=accept). Address lists and
// interface lists live elsewhere in the router's configuration: lists of addresses are unresolved names,
// lists of interfaces conditions.
import { blankRule, type Rule, type RuleAction } from '../../model/rule';
import { parseCidr, rangeToCidrs } from './cidr';
import { complementPorts, modelPorts, portNumberOf, ruleText, type PortRange } from './host-firewall-common';
import { anyFor, modelProtocol, type AddressFamily } from './iptables-common';

export interface MikrotikEntry {
  number: number;
  /** Flag letters printed after the number: X disabled, I invalid, D dynamic. */
  flags: string;
  comment: string | null;
  props: [string, string][];
  lineFrom: number;
  lineTo: number;
  text: string;
}

export interface EntryContext {
  device: string;
  family: AddressFamily;
  rulesetOf(chain: string): string;
  order: number;
  direction: 'in' | 'out' | null;
}

/** RouterOS protocol names that differ from /etc/protocols (the rest are looked up as iptables does). */
const ROUTEROS_PROTOCOLS: Readonly<Record<string, string>> = {
  'ipsec-esp': 'esp',
  'ipsec-ah': 'ah',
  'udp-lite': '136',
  'ipv6-encap': '41',
  icmpv6: 'icmpv6',
};

/** Properties that describe the rule or its action, not the packets it matches. */
const NOT_MATCHERS = new Set([
  'chain',
  'action',
  'jump-target',
  'log',
  'log-prefix',
  'comment',
  'disabled',
  'dynamic',
  'invalid',
  'hw-offload',
  'reject-with',
  'address-list',
  'address-list-timeout',
]);

/** Matchers the model cannot hold: kept as conditions, as written. */
const CONDITIONS = new Set([
  'connection-state',
  'connection-nat-state',
  'connection-mark',
  'connection-type',
  'connection-limit',
  'connection-rate',
  'connection-bytes',
  'ipsec-policy',
  'src-mac-address',
  'tcp-flags',
  'tcp-mss',
  'limit',
  'dst-limit',
  'nth',
  'random',
  'time',
  'ttl',
  'dscp',
  'packet-size',
  'packet-mark',
  'routing-mark',
  'routing-table',
  'layer7-protocol',
  'content',
  'icmp-options',
  'psd',
  'per-connection-classifier',
  'src-address-type',
  'dst-address-type',
  'fragment',
  'hotspot',
  'in-bridge-port',
  'out-bridge-port',
  'in-bridge-port-list',
  'out-bridge-port-list',
  'ipv4-options',
  'priority',
  'headers',
  'port',
  'in-interface-list',
  'out-interface-list',
]);

const ACTIONS: Readonly<Record<string, RuleAction>> = {
  accept: 'allow',
  drop: 'drop',
  reject: 'reject',
  // tarpit holds TCP connections open without passing them: nothing reaches the service.
  tarpit: 'drop',
  return: 'return',
  jump: 'jump',
  // Non-terminating actions: they count, log or record and evaluation goes on.
  passthrough: 'log',
  log: 'log',
  'add-src-to-address-list': 'log',
  'add-dst-to-address-list': 'log',
  // FastTrack marks the connection to bypass the firewall; the packet is accepted.
  'fasttrack-connection': 'allow',
};

export function entryToRule(e: MikrotikEntry, ctx: EntryContext, problem: (what: string) => void): Rule {
  const props = new Map(e.props);
  const chain = props.get('chain') as string;
  const actionWord = props.get('action') ?? 'accept';
  let action = ACTIONS[actionWord];
  let target: string | null = null;
  const conditions: string[] = [];
  if (action === undefined) {
    problem(`action "${actionWord}" not understood; recorded as "other"`);
    action = 'other';
    target = actionWord;
  } else if (action === 'jump') {
    const to = props.get('jump-target');
    if (to) target = ctx.rulesetOf(to);
    else {
      problem('action=jump with no jump-target');
      action = 'other';
      target = 'jump';
    }
  } else if (actionWord === 'fasttrack-connection') {
    conditions.push('action=fasttrack-connection');
  } else if (actionWord.startsWith('add-')) {
    target = `${actionWord} address-list=${props.get('address-list') ?? '?'}`;
  }

  const rule: Rule = {
    ...blankRule(ctx.device, ctx.rulesetOf(chain), ctx.order, action),
    direction: ctx.direction,
    target,
    sources: anyFor(new Set([ctx.family])),
    destinations: anyFor(new Set([ctx.family])),
    enabled: !/[XI]/.test(e.flags) && props.get('disabled') !== 'yes',
    comment: e.comment ?? props.get('comment') ?? null,
    conditions,
    lineFrom: e.lineFrom,
    lineTo: e.lineTo,
    text: ruleText(e.text),
  };

  for (const [key, value] of e.props) {
    if (NOT_MATCHERS.has(key)) continue;
    const neg = value.startsWith('!');
    const bare = neg ? value.slice(1) : value;
    switch (key) {
      case 'protocol': {
        const p = neg ? null : (ROUTEROS_PROTOCOLS[bare] ?? modelProtocol(bare));
        if (p === null) {
          if (!neg) problem(`protocol "${bare}" not understood; kept as a condition`);
          conditions.push(`protocol=${value}`);
        } else rule.protocol = p;
        break;
      }
      case 'src-address':
      case 'dst-address': {
        const cidrs = addresses(bare);
        const src = key === 'src-address';
        if (cidrs === null) {
          problem(`${key}=${value} is not an address, network or range; kept unresolved`);
          rule.unresolved.push(`${key}=${value}`);
          break;
        }
        if (src) {
          rule.sources = cidrs;
          rule.sourcesNegated = neg;
        } else {
          rule.destinations = cidrs;
          rule.destinationsNegated = neg;
        }
        break;
      }
      case 'src-address-list':
      case 'dst-address-list':
        // The list's members are in /ip firewall address-list, not in this listing: the name is
        // unresolved (the evaluator then treats the rule's addresses as unknown).
        rule.unresolved.push(`${key}=${value}`);
        rule.objects.push(bare);
        break;
      case 'src-port':
      case 'dst-port': {
        const ranges = ports(bare);
        if (ranges === null) {
          problem(`${key}=${value} not understood; kept as a condition`);
          conditions.push(`${key}=${value}`);
          break;
        }
        const list = modelPorts(neg ? complementPorts(ranges) : ranges);
        if (key === 'src-port') rule.sourcePorts = list;
        else rule.destinationPorts = list;
        break;
      }
      case 'in-interface':
      case 'out-interface':
        // "all-ethernet", "all-ppp"... name every interface of a kind; "!ether1" all but one: conditions.
        if (neg || /^all-/.test(bare)) conditions.push(`${key}=${value}`);
        else if (key === 'in-interface') rule.interfaces = { ...rule.interfaces, in: bare };
        else rule.interfaces = { ...rule.interfaces, out: bare };
        break;
      default:
        if (!CONDITIONS.has(key)) problem(`property "${key}" not understood; kept as a condition`);
        conditions.push(`${key}=${value}`);
    }
  }
  return rule;
}

/** "10.0.0.1", "10.0.0.0/24", "10.0.0.1-10.0.0.20" -> CIDRs, or null. */
function addresses(text: string): string[] | null {
  const single = parseCidr(text);
  if (single) return [single];
  const dash = text.indexOf('-');
  return dash > 0 ? rangeToCidrs(text.slice(0, dash), text.slice(dash + 1)) : null;
}

/** "22", "500,1701,4500", "1000-2000" -> ranges, or null. */
function ports(text: string): PortRange[] | null {
  const out: PortRange[] = [];
  for (const part of text.split(',')) {
    const [a, b, extra] = part.split('-');
    const lo = portNumberOf(a ?? '');
    const hi = b === undefined ? lo : portNumberOf(b);
    if (lo === null || hi === null || lo > hi || extra !== undefined) return null;
    out.push([lo, hi]);
  }
  return out;
}
