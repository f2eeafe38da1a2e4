// One "To" or "From" cell of `ufw status`, as ufw's backend writes it: [ADDRESS] [PORTS[/PROTO]]
// [(APP)] [(v6)] [on IFACE], where "Anywhere" stands for no address and no port, "ADDRESS/PROTO" for an
// address with a protocol and no port, and a bare application profile name ("Apache Full", "OpenSSH")
// replaces the ports in the plain and numbered forms (the verbose form writes "80,443/tcp (Apache Full)").
import { parseCidr } from './cidr';
import { portNumberOf, type PortRange, modelPorts } from './host-firewall-common';

export interface UfwLocation {
  /** Null = anywhere (of the rule's family). */
  cidrs: string[] | null;
  /** "(v6)" was written: the rule is ufw's IPv6 copy. */
  v6: boolean;
  ports: string[] | null;
  /** The protocol as written after "/" ("tcp", "udp", "esp", "ipv6"), or null. */
  protocol: string | null;
  /** An application profile named instead of ports: unresolved. */
  app: string | null;
  /** An application profile named beside its ports (verbose form): resolved, kept as an object name. */
  appObject: string | null;
  iface: string | null;
  problems: string[];
}

const PORTS = /^([\d:,]+)(?:\/([a-z][a-z0-9-]*))?$/i;

export function parseUfwLocation(cell: string): UfwLocation {
  const out: UfwLocation = {
    cidrs: null,
    v6: false,
    ports: null,
    protocol: null,
    app: null,
    appObject: null,
    iface: null,
    problems: [],
  };
  let text = cell.trim();
  const on = /^(.*?)\s+on\s+(\S+)$/.exec(text);
  if (on) {
    text = on[1] as string;
    out.iface = on[2] as string;
  }
  if (/\(v6\)/.test(text)) {
    out.v6 = true;
    text = text.replace(/\s*\(v6\)/g, '').trim();
  }
  // Verbose form: "80,443/tcp (Apache Full)" - the ports are given, the profile is only a name.
  const app = /^(.*\S)\s+\(([^()]+)\)$/.exec(text);
  if (app && PORTS.test((app[1] as string).split(/\s+/).pop() ?? '')) {
    text = app[1] as string;
    out.appObject = (app[2] as string).trim();
  }
  if (text === '') {
    out.problems.push('empty To/From cell');
    return out;
  }
  const tokens = text.split(/\s+/);
  let restStart = 0;
  const first = tokens[0] as string;
  const anywhere = /^Anywhere(?:\/([a-z][a-z0-9-]*))?$/i.exec(first);
  if (anywhere) {
    out.protocol = anywhere[1] ?? null;
    restStart = 1;
  } else {
    const addr = address(first);
    if (addr) {
      out.cidrs = [addr.cidr];
      out.protocol = addr.protocol;
      restStart = 1;
    }
  }
  const rest = tokens.slice(restStart).join(' ');
  if (rest === '') return out;
  const ports = PORTS.exec(rest);
  if (ports) {
    const ranges = portList(ports[1] as string);
    if (ranges === null) out.problems.push(`ports "${ports[1]}" not understood; kept as any port`);
    else out.ports = modelPorts(ranges);
    out.protocol = ports[2] ?? out.protocol;
    return out;
  }
  out.app = rest;
  return out;
}

/** "10.0.0.1", "10.4.0.0/16", "2001:db8::/32", and with a protocol: "10.0.0.1/esp", "10.4.0.0/16/ah". */
function address(token: string): { cidr: string; protocol: string | null } | null {
  const cidr = parseCidr(token);
  if (cidr) return { cidr, protocol: null };
  const slash = token.lastIndexOf('/');
  if (slash <= 0) return null;
  const proto = token.slice(slash + 1);
  if (!/^[a-z][a-z0-9-]*$/i.test(proto)) return null;
  const base = parseCidr(token.slice(0, slash));
  return base ? { cidr: base, protocol: proto } : null;
}

/** "80,443", "100:200,300:400" -> ranges; null when a part is not a port or range. */
function portList(text: string): PortRange[] | null {
  const out: PortRange[] = [];
  for (const part of text.split(',')) {
    const [a, b] = part.split(':') as [string, string | undefined];
    const lo = portNumberOf(a);
    const hi = b === undefined ? lo : portNumberOf(b);
    if (lo === null || hi === null || lo > hi || part.split(':').length > 2) return null;
    out.push([lo, hi]);
  }
  return out;
}
