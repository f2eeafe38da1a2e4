// FortiGate policies as normalised rules: one rule per protocol of a policy's services, addresses and
// interfaces/zones expanded, settings the model cannot hold kept as conditions, and interface
// administrative access (`allowaccess`) appended to the local-in list after the explicit local-in policies.
import { blankRule, type Rule, type RuleAction } from '../../model/rule';
import type { ImportSink } from '../types';
import { addressMatch, uniteAddresses, type AddressMatch } from './cisco-acl-rules';
import { mergeServices, portStrings, type ServiceMatch } from './cisco-acl-tokens';
import { ANY_V4, parseCidr } from './cidr';
import type { Entry, Family, FortiObjects } from './fortigate-objects';

/** The policy lists imported, the ruleset each becomes, and the address family of its fields. */
export const POLICY_SECTIONS: Readonly<Record<string, { ruleset: string; family: Family | 'both'; localIn: boolean }>> =
  {
    'firewall policy': { ruleset: 'policy', family: 'both', localIn: false },
    'firewall policy6': { ruleset: 'policy6', family: 'v6', localIn: false },
    'firewall local-in-policy': { ruleset: 'local-in-policy', family: 'v4', localIn: true },
    'firewall local-in-policy6': { ruleset: 'local-in-policy6', family: 'v6', localIn: true },
  };

/** Policy settings that change logging, inspection, NAT or shaping, not which traffic matches. */
const NON_MATCH_KEYS = new Set([
  'uuid',
  'policyid',
  'logtraffic',
  'logtraffic-start',
  'nat',
  'ippool',
  'poolname',
  'poolname6',
  'fixedport',
  'natip',
  'nat46',
  'nat64',
  'utm-status',
  'av-profile',
  'webfilter-profile',
  'dnsfilter-profile',
  'emailfilter-profile',
  'dlp-sensor',
  'dlp-profile',
  'file-filter-profile',
  'ips-sensor',
  'application-list',
  'ssl-ssh-profile',
  'profile-protocol-options',
  'profile-type',
  'profile-group',
  'inspection-mode',
  'waf-profile',
  'voip-profile',
  'icap-profile',
  'cifs-profile',
  'ssh-filter-profile',
  'videofilter-profile',
  'match-vip',
  'match-vip-only',
  'tcp-session-without-syn',
  'auto-asic-offload',
  'global-label',
  'label',
  'traffic-shaper',
  'traffic-shaper-reverse',
  'per-ip-shaper',
  'capture-packet',
  'anti-replay',
  'session-ttl',
  'vlan-cos-fwd',
  'vlan-cos-rev',
  'wccp',
  'disclaimer',
  'email-collect',
  'timeout-send-rst',
  'block-notification',
  'replacemsg-override-group',
  'diffserv-forward',
  'diffserv-reverse',
  'diffservcode-forward',
  'diffservcode-rev',
  'captive-portal-exempt',
  'dsri',
  'radius-mac-auth-bypass',
  'delay-tcp-npu-session',
  'permit-any-host',
  'permit-stun-host',
  'rtp-nat',
  'inbound',
  'outbound',
  'natinbound',
  'natoutbound',
  'ntlm',
  'ntlm-guest',
  'geoip-anycast',
  'geoip-match',
  'ha-mgmt-intf-only',
  'send-deny-packet',
  'firewall-session-dirty',
  'log-http-transaction',
  'identity-based-route',
  'schedule-timeout',
  'policy-expiry',
  'policy-expiry-date',
  'comment',
  'virtual-patch',
  'dynamic-shaping',
  'passive-wan-health-measurement',
  'reputation-minimum',
  'reputation-direction',
]);

/** Policy settings the model cannot hold; kept as conditions ("users alice bob"). */
const CONDITION_KEYS = [
  'users',
  'groups',
  'fsso-groups',
  'application',
  'app-category',
  'app-group',
  'url-category',
  'vpntunnel',
  'tos',
  'tos-mask',
  'tos-negate',
  'internet-service-negate',
  'internet-service-src-negate',
  'device',
  'devices',
  'src-vendor-mac',
  'ztna-ems-tag',
  'ztna-geo-tag',
] as const;

/** `allowaccess` keywords: the protocol and port of the administrative service each one opens. */
const ALLOWACCESS: Readonly<Record<string, { protocol: string; port: number | null; portKey?: string }>> = {
  ping: { protocol: 'icmp', port: null },
  https: { protocol: 'tcp', port: 443, portKey: 'admin-sport' },
  http: { protocol: 'tcp', port: 80, portKey: 'admin-port' },
  ssh: { protocol: 'tcp', port: 22, portKey: 'admin-ssh-port' },
  telnet: { protocol: 'tcp', port: 23, portKey: 'admin-telnet-port' },
  snmp: { protocol: 'udp', port: 161 },
  fgfm: { protocol: 'tcp', port: 541 },
  'radius-acct': { protocol: 'udp', port: 1813 },
};

export interface PolicyEntry {
  entry: Entry;
  text: string;
  lineTo: number;
}

export interface Vdom {
  objects: FortiObjects;
  policies: Map<string, PolicyEntry[]>;
}

/** Emits one VDOM's policy lists (and its administrative access) as rulesets ending in a deny. */
export function emitVdom(
  sink: ImportSink,
  device: string,
  vdom: string | null,
  v: Vdom,
  global: Map<string, string[]>,
  notedKeys: Set<string>,
): void {
  const prefix = vdom ? `${vdom}/` : '';
  for (const [section, list] of v.policies) {
    const spec = POLICY_SECTIONS[section]!;
    const ruleset = `${prefix}${spec.ruleset}`;
    let order = 0;
    for (const p of list) {
      for (const r of policyRules(sink, device, ruleset, spec, v.objects, p, notedKeys)) {
        r.order = ++order;
        sink.rule(r);
      }
    }
    if (section === 'firewall local-in-policy')
      order = emitAllowaccess(sink, device, ruleset, v.objects, global, order);
    sink.policy({ device, ruleset, policy: 'deny', lineFrom: null });
  }
  if (!v.policies.has('firewall local-in-policy')) {
    const ruleset = `${prefix}local-in-policy`;
    if (emitAllowaccess(sink, device, ruleset, v.objects, global, 0) > 0) {
      sink.policy({ device, ruleset, policy: 'deny', lineFrom: null });
    }
  }
}

function list(attrs: Map<string, string[]>, key: string): string[] {
  return attrs.get(key) ?? [];
}

function policyRules(
  sink: ImportSink,
  device: string,
  ruleset: string,
  spec: { family: Family | 'both'; localIn: boolean },
  o: FortiObjects,
  p: PolicyEntry,
  notedKeys: Set<string>,
): Rule[] {
  const a = p.entry.attrs;
  const line = p.entry.line;
  const conditions: string[] = [];
  const objects: string[] = [];
  const unresolved: string[] = [];

  const side = (key: 'srcaddr' | 'dstaddr', isKey: 'internet-service-src' | 'internet-service'): AddressMatch => {
    const m = addressMatch();
    const isdb = a.get(isKey)?.[0] === 'enable';
    if (isdb) {
      // Internet Service Database entries are vendor-maintained address and port lists.
      for (const k of ['name', 'id', 'group', 'custom', 'custom-group']) {
        for (const n of list(a, `${isKey}-${k}`)) m.unresolved.push(`internet service ${n}`);
      }
      m.objects.push(...m.unresolved);
      return m;
    }
    if (spec.family === 'v6') uniteAddresses(m, o.addressesOf(list(a, key), 'v6', line));
    else {
      uniteAddresses(m, o.addressesOf(list(a, key), 'v4', line));
      if (spec.family === 'both') uniteAddresses(m, o.addressesOf(list(a, `${key}6`), 'v6', line));
    }
    return m;
  };
  const src = side('srcaddr', 'internet-service-src');
  const dst = side('dstaddr', 'internet-service');
  if (!a.has('srcaddr') && !a.has('srcaddr6') && a.get('internet-service-src')?.[0] !== 'enable') {
    sink.note({ line, column: null, what: `policy ${p.entry.name} names no source address, so it matches nothing` });
  }

  let services: ServiceMatch[];
  if (a.get('internet-service')?.[0] === 'enable' && !a.has('service')) {
    services = [{ protocol: 'any', destination: null, source: null, conditions: ['ports of the internet service'] }];
  } else services = mergeServices(o.servicesOf(list(a, 'service'), line, objects, unresolved));
  if (services.length === 0) {
    sink.note({ line, column: null, what: `policy ${p.entry.name}: its services match nothing; no rule imported` });
    return [];
  }

  const actionWord = a.get('action')?.[0] ?? 'deny';
  let action: RuleAction = 'other';
  let target: string | null = null;
  if (actionWord === 'accept' || actionWord === 'ipsec') action = 'allow';
  else if (actionWord === 'deny') action = 'deny';
  else target = actionWord;
  const schedule = a.get('schedule')?.[0];
  if (schedule && schedule !== 'always') conditions.push(`schedule "${schedule}"`);
  if (a.get('service-negate')?.[0] === 'enable') conditions.push('service negated (all services except those listed)');
  for (const k of CONDITION_KEYS) if (a.has(k)) conditions.push(`${k} ${list(a, k).join(' ')}`.trim());

  for (const k of a.keys()) {
    if (NON_MATCH_KEYS.has(k) || CONDITION_KEYS.includes(k as (typeof CONDITION_KEYS)[number])) continue;
    if (/^(?:src|dst)(?:addr6?|intf|addr-negate|addr6-negate)$|^(?:internet-service(?:-src)?(?:-\w+)?)$/.test(k))
      continue;
    if (['name', 'action', 'status', 'schedule', 'service', 'service-negate', 'comments', 'intf'].includes(k)) continue;
    if (notedKeys.has(k)) continue;
    notedKeys.add(k);
    sink.note({
      line,
      column: null,
      what: `policy setting "${k}" not interpreted (first seen in policy ${p.entry.name})`,
    });
  }

  const intf = (key: string): { names: string[]; ifaces: string | null; zone: string | null } => {
    const names = list(a, key).filter((n) => n !== 'any');
    return {
      names,
      ifaces: names.length ? o.interfacesOf(names).join(',') : null,
      zone: names.length ? names.join(',') : null,
    };
  };
  const from = spec.localIn ? intf('intf') : intf('srcintf');
  const to = spec.localIn ? { ifaces: null, zone: null } : intf('dstintf');
  const name = a.get('name')?.[0] ?? `${spec.localIn ? 'local-in-policy' : 'policy'} ${p.entry.name}`;
  const comment = a.get('comments')?.[0] ?? a.get('comment')?.[0] ?? null;

  return services.map((s) => ({
    ...blankRule(device, ruleset, 0, action),
    direction: spec.localIn ? 'in' : null,
    target,
    sources: src.cidrs,
    sourcesNegated: a.get('srcaddr-negate')?.[0] === 'enable',
    destinations: dst.cidrs,
    destinationsNegated: a.get('dstaddr-negate')?.[0] === 'enable',
    protocol: s.protocol,
    destinationPorts: portStrings(s.destination),
    sourcePorts: portStrings(s.source),
    interfaces: { in: from.ifaces, out: to.ifaces },
    zones: { from: from.zone, to: to.zone },
    enabled: a.get('status')?.[0] !== 'disable',
    name,
    comment,
    objects: [...new Set([...src.objects, ...dst.objects, ...objects])],
    unresolved: [...new Set([...src.unresolved, ...dst.unresolved, ...unresolved])],
    conditions: [
      ...new Set([
        ...s.conditions,
        ...src.conditions.map((c) => `source ${c}`),
        ...dst.conditions.map((c) => `destination ${c}`),
        ...conditions,
      ]),
    ],
    lineFrom: line,
    lineTo: p.lineTo,
    text: p.text,
  }));
}

/**
 * Administrative access enabled on interfaces (`set allowaccess https ssh ping`) accepts those services
 * on the interface's own address from any source, after the explicit local-in policies. Returns the last
 * order used.
 */
function emitAllowaccess(
  sink: ImportSink,
  device: string,
  ruleset: string,
  o: FortiObjects,
  global: Map<string, string[]>,
  start: number,
): number {
  let order = start;
  for (const i of o.interfaces.values()) {
    const access = i.attrs.get('allowaccess') ?? [];
    if (access.length === 0) continue;
    // `set ip A M` or `set ip A/len`: the interface's own address is what administrators connect to.
    const ip = i.attrs.get('ip')?.[0];
    const self = ip && ip !== '0.0.0.0' ? parseCidr(ip.split('/')[0]!) : null;
    for (const word of access) {
      const svc = ALLOWACCESS[word];
      if (!svc) {
        sink.note({
          line: i.line,
          column: null,
          what: `interface ${i.name}: allowaccess "${word}" not imported (port not known)`,
        });
        continue;
      }
      const portSetting = svc.portKey ? global.get(svc.portKey)?.[0] : undefined;
      const port = portSetting && /^\d+$/.test(portSetting) ? Number(portSetting) : svc.port;
      order++;
      sink.rule({
        ...blankRule(device, ruleset, order, 'allow'),
        direction: 'in',
        sources: [ANY_V4],
        destinations: self ? [self] : [],
        protocol: svc.protocol,
        destinationPorts: port === null ? null : [String(port)],
        interfaces: { in: i.name, out: null },
        zones: { from: i.name, to: null },
        name: `allowaccess ${i.name} ${word}`,
        comment: `administrative access "${word}" enabled on interface ${i.name}`,
        unresolved: self ? [] : [`address of interface ${i.name}`],
        conditions: [
          ...(svc.protocol === 'icmp' ? ['icmp-type 8'] : []),
          'administrators\u2019 trusted hosts (trusthost) may narrow the sources',
        ],
        lineFrom: i.line,
        lineTo: i.line,
        text: `edit "${i.name}" ... set allowaccess ${access.join(' ')}`,
      });
    }
  }
  return order;
}
