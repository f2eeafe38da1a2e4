// Tenable Nessus v2 XML (.nessus, root <NessusClientData_v2>): each <ReportHost> gives a host record and one
// observation per (proto, port) that carries findings, with every finding on that port merged into its facts.
// Streams: only the current host's ports are held, so 150 MB files cost no more than their largest host.
import type { Observation } from '../../model/observation';
import { normaliseIp } from '../ip';
import type { FormatSpec, ImportSink, StreamParser } from '../types';
import { xmlParser } from '../xml';
import {
  addName,
  classifyTitle,
  excerpt,
  fill,
  findingFacts,
  isoTime,
  lineTracked,
  parseProto,
  PortTable,
  productFromBanner,
  shown,
  sshProtocols,
  xmlRoot,
  type Finding,
  type FindingKind,
  type HostRef,
} from './vuln-facts';

/** Plugins whose meaning is fixed by id; everything else is classified by its title (vuln-facts.ts). */
const PLUGIN_KINDS: Readonly<Record<string, FindingKind>> = {
  // Port scanners and service detection: they establish that the port is open and what runs there.
  '11219': 'service', // Nessus SYN scanner
  '10335': 'service', // Nessus TCP scanner
  '34220': 'service', // Netstat Portscanner (WMI)
  '14272': 'service', // Netstat Portscanner (SSH)
  '34277': 'service', // Nessus UDP Scanner
  '14274': 'service', // Nessus SNMP Scanner
  '22964': 'service', // Service Detection
  '11153': 'service', // Service Detection (HELP Request)
  '10107': 'service', // HTTP Server Type and Version
  '10267': 'service', // SSH Server Type and Version Information
  '10092': 'service', // FTP Server Detection
  '10281': 'service', // Telnet Server Detection
  // TLS
  '20007': 'tls-protocol', // SSL Version 2 and 3 Protocol Detection
  '104743': 'tls-protocol', // TLS Version 1.0 Protocol Detection
  '157288': 'tls-protocol', // TLS Version 1.1 Deprecated Protocol
  '21643': 'tls-ciphers', // SSL Cipher Suites Supported
  '26928': 'tls-weak-cipher', // SSL Weak Cipher Suites Supported
  '65821': 'tls-weak-cipher', // SSL RC4 Cipher Suites Supported (Bar Mitzvah)
  '42873': 'tls-weak-cipher', // SSL Medium Strength Cipher Suites Supported (SWEET32)
  // SSH
  '10881': 'ssh-protocol', // SSH Protocol Versions Supported
  '70658': 'ssh-weak', // SSH Server CBC Mode Ciphers Enabled
  '71049': 'ssh-weak', // SSH Weak MAC Algorithms Enabled
  '90317': 'ssh-weak', // SSH Weak Algorithms Supported
  '153953': 'ssh-weak', // SSH Weak Key Exchange Algorithms Enabled
  // Others of the insecure-service catalogue
  '10079': 'ftp-anonymous', // Anonymous FTP Enabled
  '41028': 'snmp-community', // SNMP Agent Default Community Name (public)
  '10264': 'snmp-community', // SNMP Agent Default Community Names
  '96982': 'smbv1', // Server Message Block (SMB) Protocol Version 1 Enabled (uncredentialed check)
  '100464': 'smbv1', // Microsoft Windows SMBv1 Multiple Vulnerabilities
  '57608': 'smb-signing-off', // SMB Signing not required
  '26925': 'vnc-noauth', // VNC Server Unauthenticated Access
  '71783': 'ntp-monlist', // Network Time Protocol Daemon (ntpd) monlist Command Enabled DoS
  '10595': 'dns-axfr', // DNS Server Zone Transfer Information Disclosure (AXFR)
};

/** Plugin families that only establish ports and services. */
const SERVICE_FAMILIES = new Set(['port scanners', 'service detection']);

/** Nessus service names -> the names nmap (and the insecure-service catalogue) uses. */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  www: 'http',
  cifs: 'microsoft-ds',
  smb: 'microsoft-ds',
  msrdp: 'ms-wbt-server',
  rdp: 'ms-wbt-server',
  dns: 'domain',
  mssql: 'ms-sql-s',
  oracle_tnslsnr: 'oracle-tns',
  'rpc-portmapper': 'rpcbind',
  epmap: 'msrpc',
  redis_server: 'redis',
  general: '',
  unknown: '',
};

/** Nessus severities 0..4. */
const SEVERITY = ['0 (info)', '1 (low)', '2 (medium)', '3 (high)', '4 (critical)'];

/** Elements of <ReportHost> and the root this parser reads; anything else is noted. */
const ROOT_CHILDREN = new Set(['Policy', 'Report']);

interface Item {
  port: number;
  proto: string;
  svcName: string;
  severity: string;
  pluginId: string;
  pluginName: string;
  family: string;
  output: string;
  synopsis: string;
  line: number | null;
}

function create(sink: ImportSink): StreamParser {
  let host: HostRef | null = null;
  let hostName = '';
  let props = new Map<string, string>();
  let table = new PortTable();
  let item: Item | null = null;
  let sawReport = false;
  let lineOf: () => number | null = () => null;
  // The <tag name="..."> attribute is read at open, its text at close.
  let pendingTag: string | null = null;

  sink.meta('scanner', 'Nessus');

  const hostRef = (): HostRef => {
    if (host) return host;
    const names: string[] = [];
    const ipTag = props.get('host-ip');
    let ip = ipTag ? normaliseIp(ipTag) : null;
    if (ipTag && !ip)
      sink.note({
        line: lineOf(),
        column: null,
        what: `host-ip ${shown(ipTag)} is not an IP address; host kept by name`,
      });
    const nameIp = normaliseIp(hostName);
    ip ??= nameIp;
    addName(names, urlHost(props.get('host-fqdn') ?? ''));
    if (!nameIp) addName(names, urlHost(hostName));
    addName(names, props.get('netbios-name'));
    const mac = (props.get('mac-address') ?? '').split(/\s+/).find((m) => m.length > 0) ?? null;
    const start = props.get('HOST_START_TIMESTAMP') ?? props.get('HOST_START') ?? props.get('HOST_END_TIMESTAMP') ?? '';
    const seenAt = isoTime(start);
    if (start && !seenAt)
      sink.note({
        line: lineOf(),
        column: null,
        what: `HOST_START ${shown(start)} is not a time this parser reads; seenAt left empty`,
      });
    else if (seenAt && !props.has('HOST_START_TIMESTAMP') && /^\w{3} \w{3} /.test(start)) {
      // Nessus writes HOST_START in the scanner's local time without a zone; only the *_TIMESTAMP tags are exact.
      sink.note({ line: lineOf(), column: null, what: `HOST_START ${shown(start)} has no time zone; read as UTC` });
    }
    host = { ip, names, mac, seenAt };
    return host;
  };

  const finishItem = (it: Item) => {
    if (it.pluginId === '19506') {
      // Nessus Scan Information (a port-0 item): the scanner version for the import's metadata.
      const v = /Nessus version\s*:\s*(\S+)/.exec(it.output);
      if (v?.[1]) sink.meta('scanner.version', v[1]);
    }
    // Port 0 items (OS identification, scan information, ICMP, traceroute...) are about the host, not a port
    // in use: Req 1.2.6 evidence is per port, and HostSeen has no place for findings, so they are skipped.
    if (it.port === 0) return;
    const proto = parseProto(it.proto);
    if (!proto) {
      sink.note({
        line: it.line,
        column: null,
        what: `plugin ${it.pluginId} on port ${it.port} has protocol ${shown(it.proto)}; not tcp/udp/sctp, skipped`,
      });
      return;
    }
    const o = table.port(hostRef(), proto, it.port);
    const svc = it.svcName.replace(/\?$/, '').toLowerCase();
    const mapped = svc in SERVICE_NAMES ? SERVICE_NAMES[svc] : svc;
    if (mapped && o.service === null) {
      o.service = mapped;
      // "https?" = Nessus guessed the service from the port number, as nmap's method="table".
      if (it.svcName.endsWith('?')) o.method = 'table';
    } else if (mapped && o.method === 'table' && !it.svcName.endsWith('?')) {
      o.service = mapped;
      o.method = null;
    }
    const f: Finding = {
      source: `nessus:${it.pluginId}`,
      id: it.pluginId,
      title: it.pluginName,
      severity: SEVERITY[Number(it.severity)] ?? it.severity,
      text: it.output || it.synopsis,
    };
    const kind =
      PLUGIN_KINDS[it.pluginId] ??
      (SERVICE_FAMILIES.has(it.family.toLowerCase()) ? 'service' : classifyTitle(it.pluginName));
    if (kind === 'service') serviceDetails(table, o, it, f);
    table.addFacts(o, findingFacts(f, kind, Number(it.severity) > 0));
  };

  const xml = xmlParser(
    {
      open(name, attrs, path) {
        const parent = path[path.length - 1];
        if (path.length === 1 && !ROOT_CHILDREN.has(name)) {
          sink.note({ line: lineOf(), column: null, what: `skipped <${name}> element in <NessusClientData_v2>` });
        }
        if (name === 'Report' && path.length === 1) {
          sawReport = true;
          if (attrs.name) sink.meta('report', attrs.name);
        } else if (name === 'ReportHost') {
          if (parent !== 'Report') throw new Error('expected <ReportHost> inside <Report>');
          if (!attrs.name) throw new Error('expected <ReportHost> to have a name attribute');
          hostName = attrs.name;
          host = null;
          props = new Map();
          table = new PortTable();
        } else if (parent === 'ReportHost' && name !== 'HostProperties' && name !== 'ReportItem') {
          sink.note({ line: lineOf(), column: null, what: `skipped <${name}> element in <ReportHost>` });
        } else if (name === 'tag' && parent === 'HostProperties') {
          pendingTag = attrs.name ?? null;
        } else if (name === 'ReportItem') {
          if (parent !== 'ReportHost') throw new Error('expected <ReportItem> inside <ReportHost>');
          for (const a of ['port', 'protocol', 'pluginID'] as const) {
            if (attrs[a] === undefined || attrs[a] === '') {
              throw new Error(`expected <ReportItem> to have a ${a} attribute`);
            }
          }
          const port = Number(attrs.port);
          if (!/^\d{1,5}$/.test(attrs.port ?? '') || port > 65535) {
            throw new Error(`expected <ReportItem> port to be a number 0-65535, found ${shown(attrs.port ?? '')}`);
          }
          item = {
            port,
            proto: attrs.protocol ?? '',
            svcName: attrs.svc_name ?? '',
            severity: attrs.severity ?? '',
            pluginId: attrs.pluginID ?? '',
            pluginName: attrs.pluginName ?? '',
            family: attrs.pluginFamily ?? '',
            output: '',
            synopsis: '',
            line: lineOf(),
          };
        }
      },
      close(name, text, path) {
        const parent = path[path.length - 1];
        if (name === 'policyName' && parent === 'Policy' && text.trim()) sink.meta('policy', text.trim());
        if (name === 'tag' && parent === 'HostProperties') {
          if (pendingTag) props.set(pendingTag, text.trim());
          pendingTag = null;
        } else if (item && parent === 'ReportItem') {
          if (name === 'plugin_output') item.output = text;
          else if (name === 'synopsis') item.synopsis = text;
          // Other children (description, solution, cve, cvss..., see_also, xref) are plugin metadata, not
          // evidence of what is in use; they are read over deliberately.
        } else if (name === 'ReportItem' && item) {
          finishItem(item);
          item = null;
        } else if (name === 'HostProperties') {
          hostRef();
        } else if (name === 'ReportHost') {
          const h = hostRef();
          table.flush(sink);
          sink.host({ ip: h.ip, hostNames: [...h.names], mac: h.mac, status: 'up', seenAt: h.seenAt });
          host = null;
          props = new Map();
        }
      },
    },
    ['NessusClientData_v2'],
  );
  const tracked = lineTracked(xml);
  lineOf = tracked.line;

  return {
    write(text) {
      tracked.parser.write(text);
    },
    end() {
      tracked.parser.end();
      if (!sawReport)
        sink.note({ line: null, column: null, what: 'the file has no <Report> element: no hosts were scanned' });
    },
  };

  function serviceDetails(t: PortTable, o: Observation, it: Item, f: Finding) {
    const out = it.output;
    if (/through (?:SSL|TLS)|(?:SSL|TLS)v?[\d.]* server answered/i.test(out)) fill(o, 'tunnel', 'ssl');
    let banner: string | null = null;
    if (it.pluginId === '10107') {
      banner = /server type is\s*:\s*\n\s*(.+)/i.exec(out)?.[1]?.trim() ?? null;
      const p = banner ? productFromBanner(banner) : null;
      if (p) {
        fill(o, 'product', p.product);
        fill(o, 'version', p.version);
        fill(o, 'extraInfo', p.extra);
      }
    } else if (it.pluginId === '10267') {
      banner = /SSH version\s*:\s*(\S.*)/i.exec(out)?.[1]?.trim() ?? null;
      const p = banner ? /^SSH-[\d.]+-([A-Za-z]+)[_-]([\w.]+)/.exec(banner) : null;
      if (p) {
        fill(o, 'product', p[1] ?? null);
        fill(o, 'version', p[2] ?? null);
      }
      if (banner) {
        for (const v of sshProtocols(banner.replace(/^SSH-/, ' '))) {
          t.addFacts(o, [{ key: 'ssh.protocol', value: v, source: f.source, evidence: excerpt(banner) }]);
        }
      }
    } else if (it.pluginId === '10092') {
      banner = /banner is\s*:\s*\n\s*(.+)/i.exec(out)?.[1]?.trim() ?? null;
    } else if (it.pluginId === '10281') {
      banner = /-{3,} snip -{3,}\s*\n([\s\S]*?)\n\s*-{3,} snip/i.exec(out)?.[1]?.trim() ?? null;
    }
    if (banner)
      t.addFacts(o, [{ key: 'banner', value: excerpt(banner, 200), source: f.source, evidence: excerpt(out) }]);
  }
}

/** "http://google.com/" (Nessus WAS names hosts by URL) -> "google.com"; other names unchanged. */
function urlHost(name: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]+\]|[^/:?#]+)/i.exec(name.trim());
  return m?.[1] ?? name.trim();
}

export const nessusV2: FormatSpec = {
  id: 'nessus-v2',
  label: 'Nessus v2 XML (.nessus)',
  family: 'scan',
  parserVersion: '1',
  detector: 'XML whose root element is <NessusClientData_v2>',
  detect(head, fileName) {
    const root = xmlRoot(head);
    if (root?.name !== 'NessusClientData_v2') return 0;
    return /\.nessus$/i.test(fileName) ? 0.99 : 0.97;
  },
  needsHostName: false,
  create,
};
