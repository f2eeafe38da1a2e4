// Splitting the local endpoint that listener tools print ("[::]:22", "*:22", "0.0.0.0%lo:53",
// "fe80::1%eth0:123", ":::22", BSD "*.22" / "127.0.0.1.25") and writing its bind address one way for all
// tools, so the same listener compares across ss, netstat and lsof.
import { normaliseIp } from '../ip';
import { portForServiceName } from './service-ports';

/** The socket family a tool states for a row (tcp4 / tcp6 / tcp46, IPv4 / IPv6), when it states one. */
export type Family = '4' | '6' | '46' | null;

/**
 * Splits at the LAST separator, so IPv6 colons and IPv4 dots stay with the address. Returns null when
 * there is no separator or nothing on one side of it.
 */
export function splitEndpoint(token: string, sep: ':' | '.'): { host: string; port: string } | null {
  const i = token.lastIndexOf(sep);
  if (i <= 0 || i === token.length - 1) return null;
  return { host: token.slice(0, i), port: token.slice(i + 1) };
}

/**
 * The bind address as listed, brackets removed and IP addresses in canonical form (zone kept):
 * "[::]" -> "::", "[fe80::1]%eth0" -> "fe80::1%eth0", "0.0.0.0%virbr0" stays. A wildcard "*" becomes
 * 0.0.0.0 or :: when the tool says the socket's family, and stays "*" when it does not (ss) or when the
 * socket takes both (tcp46). Host names (netstat without -n prints "localhost") are kept as printed.
 */
export function bindAddressOf(host: string, family: Family = null): string {
  // "[fe80::1]%eth0" (ss) and "[fe80::1%22]" (Windows) both carry the zone; brackets may sit either side.
  const bare = host.replace(/^\[/, '').replace(/\](?=%|$)/, '');
  if (bare === '*') return family === '4' ? '0.0.0.0' : family === '6' ? '::' : '*';
  const at = bare.indexOf('%');
  const addr = at >= 0 ? bare.slice(0, at) : bare;
  const zone = at >= 0 ? bare.slice(at + 1) : '';
  const ip = normaliseIp(addr);
  if (ip === null) return bare;
  return zone ? `${ip}%${zone}` : ip;
}

export type PortToken =
  | { kind: 'port'; port: number; service: string | null }
  | { kind: 'unbound' }
  | { kind: 'unknown-name'; name: string }
  | { kind: 'invalid' };

/**
 * Reads the port part: a number, "*" or 0 (not bound to a port), or a service name the tool resolved
 * (mapped through the service table and kept as the service).
 */
export function parsePortToken(token: string): PortToken {
  if (token === '*' || token === '0') return { kind: 'unbound' };
  if (/^\d{1,5}$/.test(token)) {
    const port = Number(token);
    return port >= 1 && port <= 65535 ? { kind: 'port', port, service: null } : { kind: 'invalid' };
  }
  if (/^[A-Za-z][\w.+-]*$/.test(token)) {
    const port = portForServiceName(token);
    return port === null ? { kind: 'unknown-name', name: token } : { kind: 'port', port, service: token };
  }
  return { kind: 'invalid' };
}
