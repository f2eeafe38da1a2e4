// pfSense / OPNsense filter rules from the kept parts of config.xml: alias and interface-network
// resolution, one rule per <filter><rule> (two for "tcp/udp"), the rules the product generates itself,
// and the default deny of each interface.
import { blankRule, type Rule, type RuleAction } from '../../model/rule';
import type { ImportSink } from '../types';
import type { SourceText } from './brace-config';
import { parseCidr, rangeToCidrs } from './cidr';
import {
  addTo,
  anyOf,
  emptySet,
  onlyFamily,
  portList,
  protocolName,
  splitByService,
  type AddressSet,
  type ServiceMatch,
} from './panos-junos-shared';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlNode[];
  line: number;
  endLine: number;
}

interface Context {
  sink: ImportSink;
  source: SourceText;
  hostName: string | null;
  fileName: string;
}

type Family = 'inet' | 'inet6' | 'both';

interface Alias {
  type: string;
  entries: string[];
  enabled: boolean;
  line: number;
}

interface Iface {
  v4: string | null;
  v6: string | null;
  ip4: string | null;
  ip6: string | null;
  /** What the address settings say when they are not static (dhcp, track6...); null when static or unset. */
  dynamic4: string | null;
  dynamic6: string | null;
}

const child = (n: XmlNode | undefined, name: string): XmlNode | undefined => n?.children.find((c) => c.name === name);
const children = (n: XmlNode | undefined, name: string): XmlNode[] => n?.children.filter((c) => c.name === name) ?? [];
const textOf = (n: XmlNode | undefined, name: string): string | null => {
  const c = child(n, name);
  return c ? c.text : null;
};
/** pfSense marks flags by presence (<disabled/>), OPNsense by "1"; "0" means off. */
const flag = (n: XmlNode | undefined, name: string): boolean => {
  const c = child(n, name);
  return c !== undefined && c.text !== '0' && c.text.toLowerCase() !== 'no';
};

const ACTIONS: Readonly<Record<string, RuleAction>> = { pass: 'allow', block: 'drop', reject: 'reject' };

/** Rule elements that do not change which traffic the rule matches: bookkeeping, logging, state limits. */
const IGNORED_FIELDS = new Set([
  'tracker',
  'id',
  'created',
  'updated',
  'log',
  'statetype',
  'max',
  'max-src-nodes',
  'max-src-conn',
  'max-src-states',
  'max-src-conn-rate',
  'max-src-conn-rates',
  'statetimeout',
  'label',
  'category',
  'categories',
  'reply-to',
  'disablereplyto',
  'nosync',
  'nopfsync',
  'associated-rule-id',
  'sequence',
  'dnpipe',
  'pdnpipe',
  'defaultqueue',
  'ackqueue',
  'adaptivestart',
  'adaptiveend',
  'sloppy',
  'quick',
  'floating',
  'direction',
  'interface',
  'ipprotocol',
  'protocol',
  'source',
  'destination',
  'type',
  'descr',
  'disabled',
  'icmptype',
  'icmp6-type',
]);

/** Rule elements kept as conditions: they narrow the match (or route it) in ways the model cannot hold. */
const CONDITION_FIELDS = [
  'os',
  'gateway',
  'sched',
  'tag',
  'tagged',
  'nottagged',
  'dscp',
  'vlanprio',
  'vlanprioset',
  'tcpflags1',
  'tcpflags2',
  'tcpflags_any',
  'allowopts',
  'set-prio',
  'prio',
];

export function buildPfRules(root: XmlNode, ctx: Context): void {
  const { sink, source } = ctx;
  const opnsense = root.name === 'opnsense';
  const note = (line: number | null, what: string) => sink.note({ line, column: null, what });
  const system = child(root, 'system');
  const hostname = textOf(system, 'hostname');
  const device = ctx.hostName ?? (hostname || null) ?? ctx.fileName;
  if (hostname) sink.meta('hostname', hostname);
  const domain = textOf(system, 'domain');
  if (domain) sink.meta('domain', domain);
  sink.meta('product', opnsense ? 'OPNsense' : 'pfSense');
  const version = textOf(root, 'version');
  if (version) sink.meta('config-version', version);

  const ifaces = readInterfaces(child(root, 'interfaces'));
  const aliases = readAliases();
  const notedNames = new Set<string>();

  const rulesets = new Map<string, Rule[]>();
  const push = (ruleset: string, make: (order: number) => Rule[]) => {
    const list = rulesets.get(ruleset) ?? [];
    rulesets.set(ruleset, list);
    list.push(...make(list.length + 1));
  };

  generatedRules(push);

  const filter = child(root, 'filter');
  for (const r of children(filter, 'rule')) readRule(r, push);
  for (const c of filter?.children ?? []) {
    if (c.name !== 'rule' && c.name !== 'separator' && c.name !== 'bypassstaticroutes') {
      note(c.line, `<filter><${c.name}> not understood`);
    }
  }

  // OPNsense "automation" (MVC) filter rules live apart from <filter>; they are not read here.
  const mvc = child(child(child(child(root, 'OPNsense'), 'Firewall'), 'Filter'), 'rules');
  for (const r of children(mvc, 'rule')) {
    note(r.line, 'OPNsense automation (Firewall > Automation > Filter) rule not imported: only <filter> rules are');
  }
  // Port forwards whose filter association is "pass" admit traffic with no filter rule of their own.
  for (const r of children(child(root, 'nat'), 'rule')) {
    if (textOf(r, 'associated-rule-id') === 'pass') {
      note(r.line, 'NAT port forward with "pass" association admits traffic without a filter rule; not imported');
    }
  }

  const interfaceRulesets = [...rulesets.keys()].filter((r) => r !== 'floating');
  for (const list of rulesets.values()) for (const r of list) sink.rule(r);
  // pf's default: anything no rule passed is blocked (pfSense's "Default deny rule").
  for (const ruleset of interfaceRulesets) sink.policy({ device, ruleset, policy: 'drop', lineFrom: null });
  if (rulesets.has('floating')) {
    sink.meta(
      'evaluation',
      'floating rules first (quick ones end evaluation), then interface group rules, then the interface’s own rules; unmatched traffic is blocked',
    );
  }

  function readInterfaces(node: XmlNode | undefined): Map<string, Iface> {
    const out = new Map<string, Iface>();
    for (const c of node?.children ?? []) {
      const ipaddr = textOf(c, 'ipaddr') ?? '';
      const subnet = textOf(c, 'subnet') ?? '';
      const ipaddrv6 = textOf(c, 'ipaddrv6') ?? '';
      const subnetv6 = textOf(c, 'subnetv6') ?? '';
      const ip4 = parseCidr(ipaddr) && !ipaddr.includes(':') ? ipaddr : null;
      const ip6 = ipaddrv6.includes(':') && parseCidr(ipaddrv6) ? ipaddrv6 : null;
      out.set(c.name, {
        v4: ip4 && /^\d+$/.test(subnet) ? parseCidr(`${ip4}/${subnet}`) : null,
        v6: ip6 && /^\d+$/.test(subnetv6) ? parseCidr(`${ip6}/${subnetv6}`) : null,
        ip4: ip4 ? parseCidr(ip4) : null,
        ip6: ip6 ? parseCidr(ip6) : null,
        // dhcp, pppoe, track6, slaac...: assigned while running. Empty: the interface has no such address.
        dynamic4: ip4 || ipaddr === '' ? null : ipaddr,
        dynamic6: ip6 || ipaddrv6 === '' ? null : ipaddrv6,
      });
    }
    return out;
  }

  function readAliases(): Map<string, Alias> {
    const out = new Map<string, Alias>();
    // pfSense and legacy OPNsense: <aliases><alias><address>a b c</address>.
    for (const a of children(child(root, 'aliases'), 'alias')) {
      const name = textOf(a, 'name');
      if (!name) continue;
      out.set(name, {
        type: textOf(a, 'type') ?? '',
        entries: (textOf(a, 'address') ?? '').split(/\s+/).filter(Boolean),
        enabled: true,
        line: a.line,
      });
    }
    // OPNsense: <OPNsense><Firewall><Alias><aliases><alias><content>one per line</content>.
    const mvc = child(child(child(child(root, 'OPNsense'), 'Firewall'), 'Alias'), 'aliases');
    for (const a of children(mvc, 'alias')) {
      const name = textOf(a, 'name');
      if (!name) continue;
      out.set(name, {
        type: textOf(a, 'type') ?? '',
        entries: (textOf(a, 'content') ?? '').split(/[\s,]+/).filter(Boolean),
        enabled: textOf(a, 'enabled') !== '0',
        line: a.line,
      });
    }
    return out;
  }

  function interfaceNetwork(name: string, family: Family): AddressSet {
    const out = emptySet();
    out.objects.push(name);
    if (name === '(self)' || name === 'this firewall') {
      out.unresolved.push('(self): every address of this firewall');
      return out;
    }
    const isIp = name.endsWith('ip') && ifaces.has(name.slice(0, -2));
    const ifname = isIp ? name.slice(0, -2) : name;
    const i = ifaces.get(ifname);
    if (!i) {
      out.unresolved.push(name);
      if (!notedNames.has(name)) {
        notedNames.add(name);
        note(null, `network "${name}" is not an interface of this configuration; kept unresolved`);
      }
      return out;
    }
    const what = isIp ? 'address' : 'network';
    if (family !== 'inet6') {
      const v = isIp ? i.ip4 : i.v4;
      if (v) out.cidrs.push(v);
      else if (i.dynamic4) out.unresolved.push(`${name} (IPv4 ${what}: ${i.dynamic4})`);
    }
    if (family !== 'inet') {
      const v = isIp ? i.ip6 : i.v6;
      if (v) out.cidrs.push(v);
      else if (i.dynamic6) out.unresolved.push(`${name} (IPv6 ${what}: ${i.dynamic6})`);
    }
    return out;
  }

  function resolveHost(entry: string, family: Family, line: number, seen: Set<string>): AddressSet {
    const out = emptySet();
    const c = parseCidr(entry);
    if (c) {
      out.cidrs.push(...onlyFamily([c], family));
      return out;
    }
    const range = /^([0-9a-fA-F.:]+)-([0-9a-fA-F.:]+)$/.exec(entry);
    const cidrs = range ? rangeToCidrs(range[1]!, range[2]!) : null;
    if (cidrs) {
      out.cidrs.push(...onlyFamily(cidrs, family));
      return out;
    }
    const alias = aliases.get(entry);
    if (alias) {
      out.objects.push(entry);
      if (seen.has(entry)) return out;
      if (!alias.enabled) {
        out.unresolved.push(`${entry} (alias disabled)`);
        return out;
      }
      if (alias.type !== 'host' && alias.type !== 'network') {
        // URL tables, GeoIP, ASN, dynamic IPv6 hosts, MAC: filled at run time, not in config.xml.
        out.unresolved.push(`${entry} (${alias.type || 'unknown'} alias)`);
        return out;
      }
      const inner = new Set(seen).add(entry);
      for (const e of alias.entries) addTo(out, resolveHost(e, family, alias.line, inner));
      return out;
    }
    if (ifaces.has(entry) || (entry.endsWith('ip') && ifaces.has(entry.slice(0, -2))))
      return interfaceNetwork(entry, family);
    // A host name: pfSense resolves it to addresses while running.
    out.unresolved.push(/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(entry) ? `${entry} (host name)` : entry);
    if (!/\./.test(entry) && !notedNames.has(entry)) {
      notedNames.add(entry);
      note(line, `address "${entry}" is neither an address nor an alias of this configuration; kept unresolved`);
    }
    return out;
  }

  function side(
    n: XmlNode | undefined,
    family: Family,
    line: number,
  ): { set: AddressSet; negated: boolean; ports: string[] | null; bad: string[] } {
    const set = emptySet();
    const bad: string[] = [];
    let ports: string[] | null = null;
    if (!n) {
      set.cidrs.push(...anyOf(family));
      return { set, negated: false, ports, bad };
    }
    const address = textOf(n, 'address');
    const network = textOf(n, 'network');
    if (child(n, 'any') || (address === null && network === null)) set.cidrs.push(...anyOf(family));
    // Newer OPNsense releases allow several comma-separated addresses or aliases.
    for (const a of (address ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)) {
      addTo(set, resolveHost(a, family, line, new Set()));
    }
    if (network)
      addTo(set, network === '(self)' ? interfaceNetwork('(self)', family) : resolveNetwork(network, family, line));
    const port = textOf(n, 'port');
    if (port) {
      ports = resolvePorts(port, bad, new Set());
      if (aliases.has(port)) set.objects.push(port);
    }
    for (const c of n.children) {
      if (!['any', 'address', 'network', 'port', 'not'].includes(c.name)) bad.push(`<${c.name}>`);
    }
    return { set, negated: flag(n, 'not'), ports, bad };
  }

  function resolveNetwork(network: string, family: Family, line: number): AddressSet {
    // A network may also be written as an alias or an address in newer OPNsense releases.
    if (aliases.has(network) || parseCidr(network)) return resolveHost(network, family, line, new Set());
    return interfaceNetwork(network, family);
  }

  function resolvePorts(text: string, bad: string[], seen: Set<string>): string[] | null {
    const alias = aliases.get(text);
    if (alias && !seen.has(text)) {
      const out: string[] = [];
      for (const e of alias.entries) {
        const r = resolvePorts(e, bad, new Set(seen).add(text));
        if (r === null) return null;
        for (const p of r) if (!out.includes(p)) out.push(p);
      }
      return out;
    }
    return portList([text], bad);
  }

  function readRule(r: XmlNode, pushRule: typeof push): void {
    const line = r.line;
    const type = textOf(r, 'type') ?? 'pass';
    const action = ACTIONS[type];
    if (!action) note(line, `rule type "${type}" not understood; kept as other`);
    const floating = flag(r, 'floating');
    const ifText = textOf(r, 'interface') ?? '';
    const ipprotocol = textOf(r, 'ipprotocol') ?? 'inet';
    const family: Family = ipprotocol === 'inet6' ? 'inet6' : ipprotocol === 'inet46' ? 'both' : 'inet';
    const directionText = textOf(r, 'direction');
    const direction = floating ? (directionText === 'out' ? 'out' : directionText === 'in' ? 'in' : null) : 'in';
    const conditions: string[] = [];
    // pfSense interface rules are always quick; OPNsense lets an interface rule be non-quick (<quick>0).
    if ((floating && !flag(r, 'quick')) || (!floating && textOf(r, 'quick') === '0')) {
      conditions.push('not quick: pf keeps looking, the last matching rule decides (a later quick rule overrides it)');
    }
    for (const f of CONDITION_FIELDS) {
      const v = textOf(r, f);
      if (v) conditions.push(`${f}: ${v}`);
    }
    for (const name of ifText.split(',').filter(Boolean)) {
      const node = child(child(root, 'interfaces'), name);
      if (node && !flag(node, 'enable'))
        conditions.push(`interface ${name} is not enabled: the rule is not loaded while it is off`);
    }
    const icmp = textOf(r, 'icmptype') ?? textOf(r, 'icmp6-type');
    if (icmp && icmp !== 'any') conditions.push(`icmp-type: ${icmp}`);
    for (const c of r.children) {
      if (!IGNORED_FIELDS.has(c.name) && !CONDITION_FIELDS.includes(c.name)) {
        note(c.line, `rule field <${c.name}> not understood`);
      }
    }
    const src = side(child(r, 'source'), family, line);
    const dst = side(child(r, 'destination'), family, line);
    if (src.bad.length || dst.bad.length)
      note(line, `rule source/destination not understood: ${[...src.bad, ...dst.bad].join(', ')}`);

    const protoText = (textOf(r, 'protocol') ?? 'any').toLowerCase();
    const protos = protoText === 'any' || protoText === '' ? ['any'] : protoText.split('/');
    const services: ServiceMatch[] = [];
    for (const p of protos) {
      let name = protocolName(p);
      if (name === 'icmp' && family === 'inet6') name = 'icmpv6';
      if (!name) {
        note(line, `protocol "${p}" not known; kept as written`);
        name = p;
      }
      const portful = name === 'tcp' || name === 'udp';
      services.push({
        protocol: name,
        ports: portful ? dst.ports : null,
        sourcePorts: portful ? src.ports : null,
        conditions: [],
      });
    }
    if (!floating && !ifText) note(line, 'rule without an interface: kept in ruleset "(no interface)"');
    const ruleset = floating ? 'floating' : ifText || '(no interface)';
    const descr = textOf(r, 'descr');
    const base: Rule = {
      ...blankRule(device, ruleset, 0, action ?? 'other'),
      target: action ? null : type,
      direction,
      sources: src.set.cidrs,
      sourcesNegated: src.negated,
      destinations: dst.set.cidrs,
      destinationsNegated: dst.negated,
      interfaces: { in: direction === 'out' ? null : ifText || null, out: direction === 'out' ? ifText || null : null },
      enabled: !flag(r, 'disabled'),
      name: textOf(r, 'tracker') ? `tracker ${textOf(r, 'tracker')}` : (r.attrs.uuid ?? null),
      comment: descr || null,
      objects: [...new Set([...src.set.objects, ...dst.set.objects])],
      unresolved: [...new Set([...src.set.unresolved, ...dst.set.unresolved])],
      conditions,
      lineFrom: r.line,
      lineTo: r.endLine,
      text: source.range(r.line, r.endLine),
    };
    pushRule(ruleset, (order) => splitByService(base, services, order));
  }

  function generatedRules(pushRule: typeof push): void {
    const webgui = child(system, 'webgui');
    // Anti-lockout: the web GUI (and SSH when enabled) stays reachable from LAN whatever the filter says.
    if (!flag(webgui, 'noantilockout')) {
      const lanName = ifaces.has('lan') ? 'lan' : ifaces.size === 1 ? [...ifaces.keys()][0]! : null;
      if (lanName) {
        const https = (textOf(webgui, 'protocol') ?? 'https') !== 'http';
        const guiPort = textOf(webgui, 'port') || (https ? '443' : '80');
        const ports = [guiPort];
        if (https && !flag(webgui, 'disablehttpredirect') && guiPort !== '80') ports.push('80');
        const ssh = child(system, 'ssh');
        const sshOn = flag(ssh, 'enable') || flag(ssh, 'enabled');
        if (sshOn) ports.push(textOf(ssh, 'port') || '22');
        const dst = opnsense ? interfaceNetwork('(self)', 'both') : interfaceNetwork(`${lanName}ip`, 'both');
        pushRule(lanName, (order) => [
          {
            ...blankRule(device, lanName, order, 'allow'),
            direction: 'in',
            name: 'anti-lockout',
            protocol: 'tcp',
            destinationPorts: ports,
            destinations: dst.cidrs,
            interfaces: { in: lanName, out: null },
            objects: dst.objects,
            unresolved: dst.unresolved,
            conditions: [
              'generated by the firewall, not in <filter>: webConfigurator anti-lockout rule (System > Advanced)',
            ],
            lineFrom: webgui?.line ?? null,
            lineTo: webgui?.endLine ?? null,
            text: webgui ? source.range(webgui.line, webgui.endLine) : '(generated anti-lockout rule)',
          },
        ]);
      }
    }
    for (const [name, node] of (child(root, 'interfaces')?.children ?? []).map((c) => [c.name, c] as const)) {
      if (flag(node, 'blockpriv')) {
        pushRule(name, (order) => [
          {
            ...blankRule(device, name, order, 'drop'),
            direction: 'in',
            name: 'block private networks',
            sources: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
            interfaces: { in: name, out: null },
            conditions: ['generated by the firewall, not in <filter>: "Block private networks" on this interface'],
            lineFrom: child(node, 'blockpriv')?.line ?? null,
            lineTo: child(node, 'blockpriv')?.line ?? null,
            text: source.range(node.line, node.endLine),
          },
        ]);
      }
      if (flag(node, 'blockbogons')) {
        pushRule(name, (order) => [
          {
            ...blankRule(device, name, order, 'drop'),
            direction: 'in',
            name: 'block bogon networks',
            sources: [],
            unresolved: ['bogons table (IPv4)', 'bogonsv6 table (IPv6)'],
            interfaces: { in: name, out: null },
            conditions: ['generated by the firewall, not in <filter>: "Block bogon networks" on this interface'],
            lineFrom: child(node, 'blockbogons')?.line ?? null,
            lineTo: child(node, 'blockbogons')?.line ?? null,
            text: source.range(node.line, node.endLine),
          },
        ]);
      }
    }
  }
}
