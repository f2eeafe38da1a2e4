// Qualys XML, two formats: the scan report (root <SCAN>, scan-1.dtd: <IP> with VULNS / PRACTICES / INFOS /
// SERVICES categories) and the asset data report (root <ASSET_DATA_REPORT>: HOST_LIST with VULN_INFO by QID,
// titles in a GLOSSARY after the hosts). Open ports come from QIDs 82023/82004 (open TCP/UDP services lists)
// and from every finding's port; TLS/SSH facts from the findings' titles and RESULT tables.
import type { Fact, Observation, Proto } from '../../model/observation';
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
  parsePort,
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

/** QIDs whose RESULT this parser reads field by field. */
const OPEN_TCP = '82023';
const OPEN_UDP = '82004';
const QID_KINDS: Readonly<Record<string, FindingKind>> = {
  [OPEN_TCP]: 'service',
  [OPEN_UDP]: 'service',
  '38116': 'tls-ciphers', // SSL Server Information Retrieval (protocols and suites, graded)
  '38047': 'service', // SSH daemon information retrieving (versions and algorithms)
  '38050': 'service', // SSH Banner
  '86000': 'service', // Web Server Version
  '86001': 'service', // SSL Web Server Version
};
/** Host names: 6 "DNS Host Name", 45039 "Host Names Found". */
const NAME_QIDS = new Set(['6', '45039']);
/** Keep at most this much of a RESULT: enough for every table parsed here, bounded per finding. */
const RESULT_MAX = 16_384;

/** Qualys service names -> the names nmap and the insecure-service catalogue use. */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  www: 'http',
  'www-http': 'http',
  'http over ssl': 'http',
  'win remote desktop': 'ms-wbt-server',
  'netbios ns': 'netbios-ns',
  'netbios ssn': 'netbios-ssn',
  'dns server': 'domain',
  'named udp': 'domain',
  'dcerpc endpoint map': 'msrpc',
  'dcerpc endpoint mapper': 'msrpc',
  'msrpc-epmap': 'msrpc',
  sunrpc: 'rpcbind',
  'rpc udp': 'rpcbind',
  rpc: 'rpcbind',
  unknown: '',
};

function serviceName(s: string): { name: string | null; ssl: boolean } {
  const t = s.trim().toLowerCase();
  const ssl = /\bover ssl\b|\bssl\b/.test(t);
  const mapped = t in SERVICE_NAMES ? SERVICE_NAMES[t] : t;
  return { name: mapped || null, ssl };
}

/** Scan-report categories that name the service of their port (others, e.g. "TCP/IP", "Local", do not). */
const CATEGORY_SERVICES: Readonly<Record<string, string>> = {
  'web server': 'http',
  'file transfer protocol': 'ftp',
  snmp: 'snmp',
  'dns and bind': 'domain',
};

/** One Qualys finding, as both formats have it once the title is known. */
interface QFinding {
  qid: string;
  title: string;
  severity: string;
  /** VULNS/PRACTICES (Vuln, Practice) are vulnerabilities; INFOS/SERVICES (Ig) information gathered. */
  isVuln: boolean;
  port: number | null;
  proto: string;
  service: string;
  ssl: boolean;
  result: string;
  lastFound: string | null;
  line: number | null;
  /** Scan reports: the service the finding's category implies (a guess from the category, not probed). */
  categoryService?: string | null;
}

/** Rows of a QID 82023/82004 RESULT: "Port\tIANA Assigned Ports/Services\tDescription\tService Detected...". */
function openServiceRows(result: string): { port: number; iana: string; detected: string }[] | null {
  const lines = result.split('\n').map((l) => l.replace(/\r$/, ''));
  if (!/^Port\t/i.test(lines[0] ?? '')) return null;
  const rows: { port: number; iana: string; detected: string }[] = [];
  for (const l of lines.slice(1)) {
    if (!l.trim()) continue;
    const cells = l.split('\t').map((c) => c.trim());
    const port = parsePort(cells[0] ?? '');
    if (port === null) return null;
    rows.push({ port, iana: cells[1] ?? '', detected: cells[3] ?? '' });
  }
  return rows;
}

/**
 * Applies one finding to the table of its host: open-services lists create ports, port findings add facts.
 * Host-level findings (no port: TCP/IP stack, OS, patches) are not ports in use and are skipped deliberately.
 */
function applyFinding(sink: ImportSink, table: PortTable, host: HostRef, q: QFinding): void {
  if (q.qid === OPEN_TCP || q.qid === OPEN_UDP) {
    const proto: Proto = q.qid === OPEN_TCP ? 'tcp' : 'udp';
    const rows = openServiceRows(q.result);
    if (!rows) {
      sink.note({
        line: q.line,
        column: null,
        what: `QID ${q.qid} (${q.title}): RESULT is not a port table: ${shown(q.result)}`,
      });
      return;
    }
    for (const r of rows) {
      const o = table.port(host, proto, r.port);
      const detected = serviceName(r.detected);
      const iana = serviceName(r.iana);
      if (detected.name && o.service === null) {
        o.service = detected.name;
        if (detected.ssl) fill(o, 'tunnel', 'ssl');
      } else if (iana.name && o.service === null) {
        // Only the IANA name for the port number: a guess, as nmap's method="table".
        o.service = iana.name;
        o.method = 'table';
      }
      seen(o, q.lastFound);
    }
    return;
  }
  if (q.port === null) return;
  const proto = parseProto(q.proto || 'tcp');
  if (!proto) {
    sink.note({
      line: q.line,
      column: null,
      what: `QID ${q.qid} on port ${q.port}: protocol ${shown(q.proto)} is not tcp/udp; skipped`,
    });
    return;
  }
  const o = table.port(host, proto, q.port);
  seen(o, q.lastFound);
  const svc = serviceName(q.service);
  if (svc.name && (o.service === null || o.method === 'table')) {
    o.service = svc.name;
    o.method = null;
  }
  if (svc.ssl || q.ssl) fill(o, 'tunnel', 'ssl');
  if (o.service === null && q.categoryService) {
    o.service = q.categoryService;
    o.method = 'table';
  }
  const f: Finding = { source: `qualys:${q.qid}`, id: q.qid, title: q.title, severity: q.severity, text: q.result };
  const kind = QID_KINDS[q.qid] ?? classifyTitle(q.title);
  if (kind === 'service') table.addFacts(o, serviceFacts(o, f));
  table.addFacts(o, findingFacts(f, kind, q.isVuln));
}

/** Latest time a port was found, when the report says (asset reports: LAST_FOUND). */
function seen(o: Observation, at: string | null) {
  if (at && (o.seenAt === null || at > o.seenAt)) o.seenAt = at;
}

const SSH_LISTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Supported key exchange algorithms/i, 'ssh.kex'],
  [/^Supported host key algorithms/i, 'ssh.hostkey'],
  [/^Supported (?:en|de)cryption ciphers/i, 'ssh.cipher'],
  [/^Supported (?:en|de)cryption macs/i, 'ssh.mac'],
];

/** Banners, products and SSH details of the service QIDs. */
function serviceFacts(o: Observation, f: Finding): Fact[] {
  const out: Fact[] = [];
  const add = (key: string, value: string, evidence: string) =>
    out.push({ key, value, source: f.source, evidence: excerpt(evidence) });
  if (f.id === '38047') {
    for (const v of sshProtocols(f.text)) add('ssh.protocol', v, f.text);
    for (const line of f.text.split('\n')) {
      const [label, list] = line.split('\t');
      const key = SSH_LISTS.find(([re]) => re.test(label ?? ''))?.[1];
      if (!key || !list) continue;
      for (const a of list.split(',').map((x) => x.trim())) if (a) add(key, a, line);
    }
    fill(o, 'service', 'ssh');
  } else if (f.id === '38050') {
    const banner = f.text.trim().split('\n')[0] ?? '';
    if (banner) add('banner', banner, banner);
    for (const v of sshProtocols(banner.replace(/^SSH-/, ' '))) add('ssh.protocol', v, banner);
    const p = /^SSH-[\d.]+-([A-Za-z]+)[_-]([\w.]+)/.exec(banner);
    if (p) {
      fill(o, 'product', p[1] ?? null);
      fill(o, 'version', p[2] ?? null);
    }
  } else if (f.id === '86000' || f.id === '86001') {
    const row = f.text.split('\n')[1] ?? '';
    const [version, banner] = row.split('\t').map((c) => c.trim());
    const b = banner || version || '';
    if (b) add('banner', b, row);
    const p = productFromBanner(version ?? '');
    if (p) {
      fill(o, 'product', p.product);
      fill(o, 'version', p.version);
      fill(o, 'extraInfo', p.extra);
    } else fill(o, 'product', version ?? null);
  }
  return out;
}

/** Host names in QID 6 / 45039 RESULT tables ("IP address\tHost name" / "Host Name\tSource"). */
function namesFromResult(qid: string, result: string): string[] {
  const out: string[] = [];
  for (const line of result.split('\n').slice(1)) {
    const cells = line.split('\t').map((c) => c.trim());
    const name = qid === '6' ? cells[1] : cells[0];
    if (name && !/^no registered hostname$/i.test(name)) out.push(name);
  }
  return out;
}

/** "Start time: Fri, Dec 20 2011, 17:38:59 GMT" (QID 45038 Host Scan Time) -> ISO 8601. */
function scanStartOf(result: string): string | null {
  const m = /Start time:\s*\w{3}, (\w{3}) (\d{1,2}) (\d{4}), (\d\d:\d\d:\d\d) GMT/.exec(result);
  if (!m) return null;
  const d = new Date(`${m[1]} ${m[2]} ${m[3]} ${m[4]} GMT`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

const CATEGORIES = new Set(['VULNS', 'PRACTICES', 'INFOS', 'SERVICES']);
const ITEMS: Readonly<Record<string, string>> = {
  VULNS: 'VULN',
  PRACTICES: 'PRACTICE',
  INFOS: 'INFO',
  SERVICES: 'SERVICE',
};

/** The scan report: <SCAN><HEADER/><IP value name>...</IP></SCAN>; each <IP> is flushed when it closes. */
function createScan(sink: ImportSink): StreamParser {
  let table = new PortTable();
  let host: HostRef | null = null;
  let scanDate: string | null = null;
  let headerKey: string | null = null;
  let cat: { port: number | null; proto: string; group: string; service: string | null } | null = null;
  let item: (QFinding & { group: string }) | null = null;
  let lineOf: () => number | null = () => null;

  sink.meta('scanner', 'Qualys');

  const xml = xmlParser(
    {
      open(name, attrs, path) {
        const parent = path[path.length - 1];
        if (name === 'KEY' && parent === 'HEADER') headerKey = attrs.value ?? null;
        else if (name === 'IP' && parent === 'SCAN') {
          const value = attrs.value ?? '';
          if (!value) throw new Error('expected <IP> to have a value attribute (the address)');
          const ip = normaliseIp(value);
          const names: string[] = [];
          if (!ip) {
            sink.note({
              line: lineOf(),
              column: null,
              what: `<IP value=${shown(value)}> is not an IP address; kept as a host name`,
            });
            addName(names, value);
          }
          if (attrs.name && !/^no registered hostname$/i.test(attrs.name)) addName(names, attrs.name);
          host = { ip, names, mac: null, seenAt: null };
          table = new PortTable();
        } else if (host && CATEGORIES.has(parent ?? '') && name === 'CAT') {
          const port = attrs.port ? parsePort(attrs.port) : null;
          if (attrs.port && port === null) {
            sink.note({
              line: lineOf(),
              column: null,
              what: `<CAT port=${shown(attrs.port)}> is not a port; its findings are host-level`,
            });
          }
          cat = {
            port,
            proto: attrs.protocol ?? '',
            group: path[path.length - 2] === 'IP' ? (parent ?? '') : '',
            service: CATEGORY_SERVICES[(attrs.value ?? '').trim().toLowerCase()] ?? null,
          };
        } else if (host && cat && parent === 'CAT') {
          const group = path[path.length - 2] ?? '';
          if (ITEMS[group] !== name) {
            sink.note({ line: lineOf(), column: null, what: `skipped <${name}> in <${group}><CAT>` });
            return;
          }
          if (!attrs.number) throw new Error(`expected <${name}> to have a number attribute (the QID)`);
          item = {
            qid: attrs.number,
            title: '',
            severity: attrs.severity ?? '',
            isVuln: group === 'VULNS' || group === 'PRACTICES',
            port: cat.port,
            proto: cat.proto,
            service: '',
            ssl: false,
            result: '',
            lastFound: null,
            line: lineOf(),
            group,
            categoryService: cat.service,
          };
        } else if (host && parent === 'IP' && !CATEGORIES.has(name) && name !== 'OS') {
          sink.note({ line: lineOf(), column: null, what: `skipped <${name}> element in <IP>` });
        }
      },
      close(name, text, path) {
        const parent = path[path.length - 1];
        if (name === 'KEY' && parent === 'HEADER') {
          const v = text.trim();
          if (headerKey === 'DATE') scanDate = isoTime(v);
          if (
            headerKey &&
            v &&
            ['DATE', 'DURATION', 'SCAN_HOST', 'STATUS', 'REPORT_TYPE', 'TITLE'].includes(headerKey)
          ) {
            sink.meta(`scan.${headerKey.toLowerCase()}`, v);
          }
          headerKey = null;
        } else if (item && parent === ITEMS[item.group] && name === 'TITLE') item.title = text.trim();
        else if (item && parent === ITEMS[item.group] && name === 'RESULT') item.result = text.slice(0, RESULT_MAX);
        else if (item && name === ITEMS[item.group] && parent === 'CAT') {
          const q = item;
          item = null;
          if (!host) return;
          if (NAME_QIDS.has(q.qid)) for (const n of namesFromResult(q.qid, q.result)) addName(host.names, n);
          if (q.qid === '45038') host.seenAt ??= scanStartOf(q.result);
          applyFinding(sink, table, host, q);
        } else if (name === 'CAT') cat = null;
        else if (name === 'IP' && parent === 'SCAN' && host) {
          const h = host;
          h.seenAt ??= scanDate;
          table.flush(sink, (o) => {
            for (const n of h.names) addName(o.hostNames, n);
            o.seenAt = h.seenAt;
          });
          sink.host({ ip: h.ip, hostNames: [...h.names], mac: null, status: 'up', seenAt: h.seenAt });
          host = null;
        }
        // Other elements (HEADER options, OS, CVE/BUGTRAQ lists, DIAGNOSIS, CONSEQUENCE, SOLUTION, CVSS,
        // CORRELATION) describe the finding in general, not the service in use: read over deliberately.
      },
    },
    ['SCAN'],
  );
  const tracked = lineTracked(xml);
  lineOf = tracked.line;
  return tracked.parser;
}

interface AssetHost {
  ref: HostRef;
  findings: QFinding[];
}

/**
 * The asset data report: titles arrive in the GLOSSARY after every host, so each host's findings are held
 * (RESULTs cut to RESULT_MAX) and turned into observations when the report closes.
 */
function createAsset(sink: ImportSink): StreamParser {
  const hosts: AssetHost[] = [];
  const glossary = new Map<string, { title: string; severity: string }>();
  let cur: { ip: string; dns: string; netbios: string; findings: QFinding[]; line: number | null } | null = null;
  let vi: (QFinding & { type: string; status: string }) | null = null;
  let gd: { qid: string; title: string; severity: string } | null = null;
  let lineOf: () => number | null = () => null;

  sink.meta('scanner', 'Qualys');

  const xml = xmlParser(
    {
      open(name, _attrs, path) {
        const parent = path[path.length - 1];
        if (name === 'HOST' && parent === 'HOST_LIST')
          cur = { ip: '', dns: '', netbios: '', findings: [], line: lineOf() };
        else if (cur && name === 'VULN_INFO' && parent === 'VULN_INFO_LIST') {
          vi = {
            qid: '',
            title: '',
            severity: '',
            isVuln: false,
            port: null,
            proto: '',
            service: '',
            ssl: false,
            result: '',
            lastFound: null,
            line: lineOf(),
            type: '',
            status: '',
          };
        } else if (name === 'VULN_DETAILS' && parent === 'VULN_DETAILS_LIST') gd = { qid: '', title: '', severity: '' };
      },
      close(name, text, path) {
        const parent = path[path.length - 1];
        const v = text.trim();
        if (name === 'GENERATION_DATETIME' && parent === 'HEADER') sink.meta('report.generated', v);
        else if (vi && parent === 'VULN_INFO') {
          if (name === 'QID') vi.qid = v;
          else if (name === 'TYPE') vi.type = v;
          else if (name === 'PORT') {
            vi.port = parsePort(v);
            if (vi.port === null && v)
              sink.note({
                line: lineOf(),
                column: null,
                what: `VULN_INFO PORT ${shown(v)} is not a port; finding kept as host-level`,
              });
          } else if (name === 'PROTOCOL') vi.proto = v;
          else if (name === 'SERVICE') vi.service = v;
          else if (name === 'SSL') vi.ssl = v.toLowerCase() === 'true';
          else if (name === 'RESULT') vi.result = text.slice(0, RESULT_MAX);
          else if (name === 'LAST_FOUND') vi.lastFound = isoTime(v);
          else if (name === 'VULN_STATUS') vi.status = v;
        } else if (vi && name === 'VULN_INFO') {
          if (!vi.qid) throw new Error('expected <VULN_INFO> to have a <QID>');
          // A finding Qualys marks Fixed is no longer present: it shows nothing in use.
          if (!/^fixed$/i.test(vi.status)) {
            vi.isVuln = /^(?:vuln|practice)$/i.test(vi.type);
            cur?.findings.push(vi);
          }
          vi = null;
        } else if (cur && parent === 'HOST') {
          if (name === 'IP') cur.ip = v;
          else if (name === 'DNS') cur.dns = v;
          else if (name === 'NETBIOS') cur.netbios = v;
        } else if (cur && name === 'HOST' && parent === 'HOST_LIST') {
          const ip = cur.ip ? normaliseIp(cur.ip) : null;
          const names: string[] = [];
          if (cur.ip && !ip) {
            sink.note({
              line: cur.line,
              column: null,
              what: `<IP> ${shown(cur.ip)} is not an IP address; kept as a host name`,
            });
            addName(names, cur.ip);
          }
          addName(names, cur.dns);
          addName(names, cur.netbios);
          if (!ip && names.length === 0)
            sink.note({ line: cur.line, column: null, what: 'a <HOST> has no IP, DNS or NETBIOS name; skipped' });
          else hosts.push({ ref: { ip, names, mac: null, seenAt: null }, findings: cur.findings });
          cur = null;
        } else if (gd && parent === 'VULN_DETAILS') {
          if (name === 'QID') gd.qid = v;
          else if (name === 'TITLE') gd.title = v.replace(/\s+/g, ' ');
          else if (name === 'SEVERITY') gd.severity = v;
        } else if (gd && name === 'VULN_DETAILS') {
          if (gd.qid) glossary.set(gd.qid, { title: gd.title, severity: gd.severity });
          gd = null;
        }
      },
    },
    ['ASSET_DATA_REPORT'],
  );
  const tracked = lineTracked(xml);
  lineOf = tracked.line;
  return {
    write(text) {
      tracked.parser.write(text);
    },
    end() {
      tracked.parser.end();
      const missing = new Set<string>();
      for (const h of hosts) {
        const table = new PortTable();
        for (const q of h.findings) {
          const g = glossary.get(q.qid);
          if (!g && !missing.has(q.qid)) {
            missing.add(q.qid);
            sink.note({
              line: q.line,
              column: null,
              what: `QID ${q.qid} has no entry in the GLOSSARY; its title is unknown`,
            });
          }
          q.title = g?.title ?? `QID ${q.qid}`;
          q.severity = g?.severity ?? '';
          if (q.lastFound && (h.ref.seenAt === null || q.lastFound > h.ref.seenAt)) h.ref.seenAt = q.lastFound;
          applyFinding(sink, table, h.ref, q);
        }
        table.flush(sink);
        sink.host({ ip: h.ref.ip, hostNames: [...h.ref.names], mac: null, status: 'up', seenAt: h.ref.seenAt });
      }
    },
  };
}

export const qualysScanXml: FormatSpec = {
  id: 'qualys-scan-xml',
  label: 'Qualys scan report XML (<SCAN>)',
  family: 'scan',
  parserVersion: '1',
  detector: 'XML whose root is <SCAN value="scan/..."> (Qualys scan-1.dtd)',
  detect(head) {
    const root = xmlRoot(head);
    if (root?.name !== 'SCAN') return 0;
    return /\svalue="scan\//.test(root.tag) || /<!DOCTYPE SCAN SYSTEM "[^"]*scan-1\.dtd"/.test(head) ? 0.96 : 0;
  },
  needsHostName: false,
  create: createScan,
};

export const qualysAssetXml: FormatSpec = {
  id: 'qualys-asset-xml',
  label: 'Qualys asset data report XML (<ASSET_DATA_REPORT>)',
  family: 'scan',
  parserVersion: '1',
  detector: 'XML whose root is <ASSET_DATA_REPORT> (Qualys asset_data_report.dtd)',
  detect(head) {
    return xmlRoot(head)?.name === 'ASSET_DATA_REPORT' ? 0.97 : 0;
  },
  needsHostName: false,
  create: createAsset,
};
