// Turns the flat records of masscan (XML, JSON, list) and naabu into observations: a status record
// says a port is open/closed, a banner record adds what masscan grabbed from it. Repeats of a port are
// merged; each host is reported once.
import { blankObservation, type Fact, type Observation } from '../../model/observation';
import { normaliseIp } from '../ip';
import { ParseError, type ImportSink } from '../types';
import { sshProtocols } from './nmap-scripts';
import { PortMerger } from './port-merger';
import { clip, portNumber, portProto, quote } from './scan-common';

/** Hosts remembered to report each once; beyond this a host may be reported again (harmless). */
const MAX_HOSTS = 4_000_000;

export interface StatusRecord {
  ip: unknown;
  proto: unknown;
  port: unknown;
  status: string;
  reason: string | null;
  seenAt: string | null;
  hostName?: string | null;
  tunnel?: string | null;
}

export interface BannerRecord {
  ip: unknown;
  proto: unknown;
  port: unknown;
  /** masscan's name for what it recognised: ssh, http, title, X509, ssl, vuln... */
  app: string;
  banner: string;
  reason: string | null;
  seenAt: string | null;
}

/** masscan banner names that are services, in nmap's spelling where it differs. */
const BANNER_SERVICES: Record<string, string> = {
  ssh: 'ssh',
  http: 'http',
  ftp: 'ftp',
  snmp: 'snmp',
  smtp: 'smtp',
  pop: 'pop3',
  imap: 'imap',
  ntp: 'ntp',
  vnc: 'vnc',
  'vnc-info': 'vnc',
  memcached: 'memcached',
  telnet: 'telnet',
  rdp: 'ms-wbt-server',
  'dns-ver': 'domain',
  nbtstat: 'netbios-ns',
  isakmp: 'isakmp',
  coap: 'coap',
  minecraft: 'minecraft',
};

const BANNER_VULNS: Record<string, string> = { heartbleed: 'CVE-2014-0160', ticketbleed: 'CVE-2016-9244' };

export class ScanRecords {
  readonly merger: PortMerger;
  private readonly hosts = new Set<string>();

  constructor(
    private readonly sink: ImportSink,
    private readonly source: string,
  ) {
    this.merger = new PortMerger(sink);
  }

  status(r: StatusRecord, line: number | null): void {
    const ip = this.ip(r.ip, line);
    const proto = portProto(typeof r.proto === 'string' ? r.proto : undefined);
    if (!proto) {
      // ARP and ICMP (ping) results say a host is up; they have no port.
      if (r.proto === 'arp' || r.proto === 'icmp') this.host(ip, r.seenAt, r.hostName ?? null);
      else
        this.sink.note({
          line,
          column: null,
          what: `skipped a record for protocol ${quote(String(r.proto))}: not tcp, udp or sctp`,
        });
      return;
    }
    const port = this.port(r.port, line);
    const o: Observation = {
      ...blankObservation(proto, port, r.status),
      hostIp: ip,
      hostNames: r.hostName ? [r.hostName] : [],
      reason: r.reason,
      seenAt: r.seenAt,
      tunnel: r.tunnel ?? null,
    };
    this.host(ip, r.seenAt, r.hostName ?? null);
    this.merger.add(o, line);
  }

  banner(r: BannerRecord, line: number | null): void {
    const ip = this.ip(r.ip, line);
    const proto = portProto(typeof r.proto === 'string' ? r.proto : undefined);
    if (!proto) {
      this.sink.note({
        line,
        column: null,
        what: `skipped a ${r.app} banner for protocol ${quote(String(r.proto))}: not tcp, udp or sctp`,
      });
      return;
    }
    const port = this.port(r.port, line);
    const o: Observation = { ...blankObservation(proto, port, 'open'), hostIp: ip, reason: r.reason, seenAt: r.seenAt };
    const service = r.app === 'smb' ? (port === 139 ? 'netbios-ssn' : 'microsoft-ds') : BANNER_SERVICES[r.app];
    if (service) o.service = service;
    if (r.app === 'ssl' || r.app === 'X509' || r.app === 'X509CA') o.tunnel = 'ssl';
    o.facts = bannerFacts(r.app, r.banner, `${this.source}:${r.app}`);
    this.host(ip, r.seenAt, null);
    this.merger.add(o, line);
  }

  end(): void {
    this.merger.end();
    this.sink.meta('duplicates', String(this.merger.duplicates));
  }

  private host(ip: string, seenAt: string | null, name: string | null): void {
    if (this.hosts.has(ip)) return;
    if (this.hosts.size < MAX_HOSTS) this.hosts.add(ip);
    this.sink.host({ ip, hostNames: name ? [name] : [], mac: null, status: 'up', seenAt });
  }

  private ip(value: unknown, line: number | null): string {
    const ip = typeof value === 'string' ? normaliseIp(value) : null;
    if (!ip) throw new ParseError(`expected an IP address, found ${quote(String(value))}`, line, null);
    return ip;
  }

  private port(value: unknown, line: number | null): number {
    const port = typeof value === 'number' || typeof value === 'string' ? portNumber(value) : null;
    if (port === null)
      throw new ParseError(`expected a port number 0-65535, found ${quote(String(value))}`, line, null);
    return port;
  }
}

/** Facts from one masscan banner; the banner itself is always kept, as plain text. */
export function bannerFacts(app: string, banner: string, source: string): Fact[] {
  const text = clip(banner.trim(), 300);
  const evidence = `${app}: ${text}`;
  const facts: Fact[] = [{ key: 'banner', value: text, source, evidence }];
  const f = (key: string, value: string) => facts.push({ key, value, source, evidence });
  if (app === 'title' && text) f('http.title', clip(banner.trim(), 200));
  const ssh = /^SSH-(\d+\.\d+)-/.exec(banner);
  if (app === 'ssh' && ssh?.[1]) {
    for (const v of sshProtocols(ssh[1])) f('ssh.protocol', v);
  }
  if (app === 'ssl') {
    const v = /\b(SSLv?3(?:\.0)?|TLS\s*\/?\s*v?1\.[0-3])\b/i.exec(banner)?.[1];
    if (v) f('tls.protocol', /^SSL/i.test(v) ? 'SSLv3' : `TLSv${v.replace(/[^0-9.]/g, '')}`);
  }
  if (app === 'memcached' && text) f('auth.none', 'true');
  const vuln = BANNER_VULNS[app];
  if (vuln) f('vuln', vuln);
  if (app === 'vuln' && text) f('vuln', clip(text, 120));
  return facts;
}
