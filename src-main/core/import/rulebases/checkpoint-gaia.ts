// Check Point Gaia clish configuration ('show configuration', 'save config'): the gateway's operating
// system settings. Its access policy is installed from the management server and is not in this file, so
// it holds no access rules: it is imported with no rules and one note giving the device, its interfaces
// with their addresses, its static routes and who may reach Gaia's own management (allowed-client), kept
// as evidence. Other settings (SNMP, NTP, users, passwords...) are counted per command in notes, never quoted.
import { lineParser } from '../lines';
import { ParseError, type FormatSpec, type ImportSink, type ParserOptions, type StreamParser } from '../types';
import { words } from './cisco-acl-tokens';

const WHAT =
  "a Check Point Gaia clish configuration ('show configuration': '# Configuration of …' and set/add commands)";

interface Family {
  lines: number;
  first: number;
}

function gaiaParser(sink: ImportSink, options: ParserOptions): StreamParser {
  let configOf: string | null = null;
  let hostname: string | null = null;
  let commands = 0;
  const interfaces = new Map<string, string[]>();
  const routes = new Map<string, string[]>();
  const allowedClients: string[] = [];
  const families = new Map<string, Family>();
  const iface = (name: string) => {
    let a = interfaces.get(name);
    if (!a) interfaces.set(name, (a = []));
    return a;
  };
  const unread = (w: string[], no: number) => {
    const key = w.slice(0, 2).join(' ');
    const f = families.get(key);
    if (f) f.lines++;
    else families.set(key, { lines: 1, first: no });
  };

  const onLine = (line: string, no: number) => {
    const text = line.trim();
    if (text === '') return;
    if (text.startsWith('#')) {
      const m = /^#\s*Configuration of (\S+)/.exec(text);
      if (m?.[1]) configOf = m[1];
      const v = /^#\s*Language version:\s*(\S+)/.exec(text);
      if (v?.[1]) sink.meta('gaiaLanguageVersion', v[1]);
      const e = /^#\s*Exported by (\S+) on (.+)$/.exec(text);
      if (e?.[1] && e[2]) sink.meta('exported', `by ${e[1]} on ${e[2].trim()}`);
      return;
    }
    if (/^\S+>\s*show configuration\s*$/.test(text)) {
      sink.note({
        line: no,
        column: null,
        what: 'the clish prompt and command line before the configuration; skipped',
      });
      return;
    }
    const w = words(text);
    const [verb, noun, a1, a2, a3] = w;
    if (verb !== 'set' && verb !== 'add' && verb !== 'delete') {
      throw new ParseError(`a line that is not a clish command (set/add/delete); expected ${WHAT}`, no, 1);
    }
    commands++;
    if (verb === 'set' && noun === 'hostname' && a1) {
      hostname = a1;
    } else if (verb === 'set' && noun === 'interface' && a1) {
      const addrs = iface(a1);
      if ((a2 === 'ipv4-address' || a2 === 'ipv6-address') && a3 && w[5] === 'mask-length' && w[6]) {
        addrs.push(`${a3}/${w[6]}`);
      }
    } else if (verb === 'add' && noun === 'interface' && a1 && a2 === 'vlan' && a3) {
      iface(`${a1}.${a3}`);
    } else if (verb === 'set' && (noun === 'static-route' || (noun === 'ipv6' && a1 === 'static-route'))) {
      const dest = noun === 'ipv6' ? a2 : a1;
      const rest = w.slice(noun === 'ipv6' ? 4 : 3);
      if (!dest) return unread(w, no);
      const hops = routes.get(dest) ?? [];
      routes.set(dest, hops);
      const i = rest.indexOf('address');
      if (rest[0] === 'nexthop' && i > 0 && rest[i + 1]) hops.push(rest[i + 1] ?? '');
      else if (rest[0] === 'nexthop' && (rest[1] === 'blackhole' || rest[1] === 'reject')) hops.push(rest[1]);
    } else if (verb === 'add' && noun === 'allowed-client' && a1) {
      allowedClients.push(a2 === 'any-host' ? 'any host' : w.slice(2).join(' '));
    } else {
      unread(w, no);
    }
  };

  return lineParser(onLine, () => {
    if (commands === 0) throw new ParseError(`no clish commands in the file; expected ${WHAT}`, 1, 1);
    const device = hostname ?? configOf ?? options.hostName ?? 'gaia';
    if (!hostname && !configOf) {
      sink.note({ line: null, column: null, what: `the configuration names no host; the device is called ${device}` });
    }
    sink.meta('device', device);
    sink.meta('contents', 'gaia-configuration');
    for (const [key, f] of families) {
      sink.note({
        line: f.first,
        column: null,
        what: `"${key} …": ${f.lines} line${f.lines === 1 ? '' : 's'} of gateway settings not read (no access rules in them)`,
      });
    }
    const addressed = [...interfaces].filter(([, a]) => a.length > 0);
    const ifText = `${interfaces.size} interface${interfaces.size === 1 ? '' : 's'} (${addressed.length} with addresses${
      addressed.length ? `: ${addressed.map(([n, a]) => `${n} ${a.join(' ')}`).join(', ')}` : ''
    })`;
    const routeText = `${routes.size} static route${routes.size === 1 ? '' : 's'}${
      routes.size ? ` (${[...routes].map(([d, h]) => (h.length ? `${d} via ${h.join(', ')}` : d)).join('; ')})` : ''
    }`;
    const clients = allowedClients.length ? `; Gaia management allowed from ${allowedClients.join(', ')}` : '';
    sink.note({
      line: null,
      column: null,
      what: `no access rules: Gaia clish configuration of ${device} with ${ifText} and ${routeText}${clients}; the gateway's access policy is installed from its management server; kept as evidence`,
    });
  });
}

export const checkpointGaiaClish: FormatSpec = {
  id: 'checkpoint-gaia-clish',
  label: "Check Point Gaia clish configuration ('show configuration')",
  family: 'rulebase',
  parserVersion: '1',
  detector:
    "'# Configuration of NAME' and '# Language version:' header lines, or Gaia-only clish commands ('set clienv', 'set installer policy', 'set password-controls') beside 'set interface' / 'set hostname'",
  detect(head) {
    if (/^# Configuration of \S+/m.test(head) && /^# Language version: /m.test(head)) return 0.95;
    if (
      /^set (clienv|installer policy|password-controls) /m.test(head) &&
      /^set (interface \S+ (state|ipv4-address|link-speed|mtu) |hostname \S)/m.test(head)
    ) {
      return 0.8;
    }
    return 0;
  },
  needsHostName: false,
  create: (sink, options) => gaiaParser(sink, options),
};
