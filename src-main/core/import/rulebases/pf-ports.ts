// pf port specifications as ranges: "port 22", "= 22", "!= 22", "< 1024", "<= 1024", "> 1023", ">= 1024",
// "a:b" (inclusive), "a >< b" (strictly between) and "a <> b" (outside), with /etc/services names. Every
// operator maps exactly onto ranges; only an unknown service name cannot be turned into ports.
import { portForServiceName } from '../hosts/service-ports';
import { complementPorts, portNumberOf, type PortRange } from './host-firewall-common';

export const OPS = new Set(['=', '!=', '<', '<=', '>', '>=']);

function portValue(text: string): number | null {
  return portNumberOf(text) ?? portForServiceName(text);
}

/**
 * pf's port operators, all exact as ranges: "=" / none, "!=" (everything else), "<", "<=", ">", ">=",
 * "a:b" (a to b inclusive), "a >< b" (strictly between), "a <> b" (outside a..b). Null: a name not known.
 */
export function portRanges(item: readonly string[]): PortRange[] | null {
  const [a = '', b, d] = item;
  if (item.length === 1) {
    const colon = /^([^:]+):([^:]+)$/.exec(a);
    if (colon) {
      const lo = portValue(colon[1] as string);
      const hi = portValue(colon[2] as string);
      return lo === null || hi === null ? null : lo <= hi ? [[lo, hi]] : [];
    }
    const p = portValue(a);
    return p === null ? null : [[p, p]];
  }
  if (item.length === 2) {
    const p = portValue(b ?? '');
    if (p === null) return null;
    switch (a) {
      case '=':
        return [[p, p]];
      case '!=':
        return complementPorts([[p, p]]);
      case '<':
        return p > 0 ? [[0, p - 1]] : [];
      case '<=':
        return [[0, p]];
      case '>':
        return p < 65535 ? [[p + 1, 65535]] : [];
      case '>=':
        return [[p, 65535]];
      default:
        return null;
    }
  }
  const lo = portValue(a);
  const hi = portValue(d ?? '');
  if (lo === null || hi === null) return null;
  if (b === '><') return hi - lo >= 2 ? [[lo + 1, hi - 1]] : [];
  return complementPorts([[lo, hi]]);
}
