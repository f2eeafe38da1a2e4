// OpenVAS / Greenbone GMP report XML (root <report>, or <get_reports_response> around it; the OpenVAS 7 and
// GVM 24 layouts): results, the <ports> list and <host> details become one observation per host+port.
// GMP sorts results by severity, not by host, and puts host details after them, so the report's ports are
// held until the end; each holds facts (short excerpts), not descriptions, so memory follows ports, not bytes.
import { normaliseIp } from '../ip';
import type { FormatSpec, ImportSink, StreamParser } from '../types';
import { xmlParser } from '../xml';
import {
  addName,
  classifyTitle,
  fill,
  findingFacts,
  hostKey,
  isoTime,
  lineTracked,
  parsePort,
  parseProto,
  PortTable,
  serviceFromTitle,
  shown,
  xmlRoot,
  type Finding,
  type HostRef,
} from './vuln-facts';

const GMP_XML_FORMAT = 'a994b278-1f62-11e1-96ac-406186ea4fc5';

interface ResultAcc {
  host: string;
  hostname: string;
  port: string;
  oid: string;
  name: string;
  threat: string;
  severity: string;
  description: string;
  line: number | null;
  /** Product detections (OpenVAS 7 <detection>): CPE and "80/tcp" location. */
  detections: { product: string; location: string }[];
}

interface PortListEntry {
  port: string;
  host: string;
  line: number | null;
}

interface HostBlock {
  ip: string;
  start: string;
  names: string[];
  mac: string;
  detailName: string;
  detailValue: string;
  ports: { proto: 'tcp' | 'udp'; list: string }[];
}

/**
 * "22/tcp", "http (80/tcp)", "general/tcp", "general/CPE-T", "package". A null port means host-level.
 */
function parsePortField(s: string): { service: string | null; port: number | null; proto: string } | null {
  const m = /^(?:(.+?)\s+\()?([^\s/()]+)\/([\w-]+)\)?$/.exec(s.trim());
  if (!m) return s.trim() === 'package' || s.trim() === '' ? { service: null, port: null, proto: '' } : null;
  const port = parsePort(m[2] ?? '');
  if (port === null && /^\d+$/.test(m[2] ?? '') && m[2] !== '0') return null;
  return { service: m[1]?.trim() || null, port, proto: m[3] ?? '' };
}

function create(sink: ImportSink): StreamParser {
  const table = new PortTable();
  const hosts = new Map<string, HostRef>();
  /** Host text that is not an IP address, noted once each. */
  const notedNames = new Set<string>();
  let cur: ResultAcc | null = null;
  let detail: { name: string; value: string } | null = null;
  let portEntry: PortListEntry | null = null;
  let hostBlock: HostBlock | null = null;
  let scanStart: string | null = null;
  let lineOf: () => number | null = () => null;

  sink.meta('scanner', 'OpenVAS/Greenbone');

  /** The host a result, port entry or host block names: by IP when the text is one, else by name. */
  const hostFor = (text: string, name: string, line: number | null): HostRef | null => {
    const t = text.trim();
    if (!t) return null;
    const ip = normaliseIp(t);
    if (!ip && !notedNames.has(t)) {
      notedNames.add(t);
      sink.note({ line, column: null, what: `host ${shown(t)} is not an IP address; kept as a host name` });
    }
    const probe: HostRef = { ip, names: ip ? [] : [t], mac: null, seenAt: null };
    const key = hostKey(probe);
    let h = hosts.get(key);
    if (!h) {
      h = probe;
      hosts.set(key, h);
    }
    addName(h.names, name);
    return h;
  };

  const finishResult = (r: ResultAcc) => {
    const h = hostFor(r.host, r.hostname, r.line);
    if (!h) {
      sink.note({ line: r.line, column: null, what: `result ${shown(r.name || r.oid)} has no <host>; skipped` });
      return;
    }
    const p = parsePortField(r.port);
    if (!p) {
      sink.note({
        line: r.line,
        column: null,
        what: `result ${shown(r.name)}: unrecognised port ${shown(r.port)}; skipped`,
      });
      return;
    }
    // general/tcp, general/icmp, general/CPE-T and package results are about the host (OS end of life,
    // installed packages...), not a port in use: no observation.
    if (p.port === null) return;
    const proto = parseProto(p.proto);
    if (!proto) {
      sink.note({
        line: r.line,
        column: null,
        what: `result ${shown(r.name)} on ${shown(r.port)}: not tcp/udp/sctp; skipped`,
      });
      return;
    }
    const o = table.port(h, proto, p.port);
    fill(o, 'service', p.service);
    const f: Finding = {
      source: `openvas:${r.oid}`,
      id: r.oid,
      title: r.name,
      severity: [r.threat, r.severity].filter((x) => x).join(' ') || 'unknown',
      text: r.description,
    };
    const kind = classifyTitle(r.name);
    // OpenVAS ports rarely carry a service name; the NVTs that test one service name it (vuln-facts.ts).
    if (o.service === null) fill(o, 'service', serviceFromTitle(r.name));
    const sev = Number(r.severity);
    const isVuln = Number.isFinite(sev) && r.severity !== '' ? sev > 0 : !/^(?:log|none|debug|)$/i.test(r.threat);
    table.addFacts(o, findingFacts(f, kind, isVuln));
    for (const d of r.detections) {
      const loc = parsePortField(d.location);
      const dp = loc?.port != null ? parseProto(loc.proto) : null;
      if (loc?.port != null && dp && d.product) table.addCpe(table.port(h, dp, loc.port), d.product);
    }
  };

  const xml = xmlParser(
    {
      open(name, attrs, path) {
        const parent = path[path.length - 1];
        if (name === 'result' && parent === 'results') {
          if (!attrs.id) sink.note({ line: lineOf(), column: null, what: 'a <result> has no id attribute' });
          cur = {
            host: '',
            hostname: '',
            port: '',
            oid: '',
            name: '',
            threat: '',
            severity: '',
            description: '',
            line: lineOf(),
            detections: [],
          };
        } else if (cur && name === 'nvt' && parent === 'result') {
          cur.oid = attrs.oid ?? '';
          if (!cur.oid) throw new Error('expected <nvt> to have an oid attribute');
        } else if (cur && name === 'detail' && path.includes('detection')) {
          detail = { name: '', value: '' };
        } else if (name === 'port' && parent === 'ports') {
          portEntry = { port: '', host: '', line: lineOf() };
        } else if (name === 'host' && parent === 'report' && !cur) {
          hostBlock = { ip: '', start: '', names: [], mac: '', detailName: '', detailValue: '', ports: [] };
        }
      },
      close(name, text, path) {
        const parent = path[path.length - 1];
        if (name === 'scan_start' && parent === 'report' && text.trim()) {
          scanStart = isoTime(text);
          sink.meta('scan.start', text.trim());
        } else if (name === 'scan_end' && parent === 'report' && text.trim()) sink.meta('scan.end', text.trim());
        else if (name === 'version' && parent === 'gmp') sink.meta('gmp.version', text.trim());
        if (cur) {
          if (name === 'result' && parent === 'results') {
            finishResult(cur);
            cur = null;
          } else if (parent === 'result') {
            if (name === 'host') cur.host = text;
            else if (name === 'port') cur.port = text.trim();
            else if (name === 'threat') cur.threat = text.trim();
            else if (name === 'severity') cur.severity = text.trim();
            else if (name === 'description') cur.description = text;
            // Other children (owner, times, qod, original_*, notes, overrides, compliance) describe the
            // result's workflow, not the service; they are read over deliberately.
          } else if (parent === 'host' && name === 'hostname') cur.hostname = text.trim();
          else if (parent === 'nvt' && name === 'name') cur.name = text.trim().replace(/\s+/g, ' ');
          else if (detail && parent === 'detail') {
            if (name === 'name') detail.name = text.trim();
            else if (name === 'value') detail.value = text.trim();
          } else if (detail && name === 'detail') {
            if (detail.name === 'product') cur.detections.push({ product: detail.value, location: '' });
            else if (detail.name === 'location') {
              const last = cur.detections[cur.detections.length - 1];
              if (last && !last.location) last.location = detail.value;
            }
            detail = null;
          }
          return;
        }
        if (portEntry) {
          if (name === 'host' && parent === 'port') portEntry.host = text;
          else if (name === 'port' && parent === 'ports') {
            portEntry.port = text.trim();
            finishPortEntry(portEntry);
            portEntry = null;
          }
          return;
        }
        if (hostBlock) {
          if (parent === 'host' && name === 'ip') hostBlock.ip = text.trim();
          else if (parent === 'host' && name === 'start') hostBlock.start = text.trim();
          else if (parent === 'detail' && name === 'name') hostBlock.detailName = text.trim();
          else if (parent === 'detail' && name === 'value') hostBlock.detailValue = text.trim();
          else if (name === 'detail' && parent === 'host') {
            hostDetail(hostBlock);
            hostBlock.detailName = '';
            hostBlock.detailValue = '';
          } else if (name === 'host' && parent === 'report') {
            finishHostBlock(hostBlock);
            hostBlock = null;
          }
        }
      },
    },
    ['report', 'get_reports_response'],
  );
  const tracked = lineTracked(xml);
  lineOf = tracked.line;

  function finishPortEntry(e: PortListEntry) {
    const p = parsePortField(e.port);
    if (!p) {
      sink.note({ line: e.line, column: null, what: `<ports> entry: unrecognised port ${shown(e.port)}; skipped` });
      return;
    }
    if (p.port === null) return; // general/... entries: host-level, as for results
    const proto = parseProto(p.proto);
    const h = hostFor(e.host, '', e.line);
    if (!proto || !h) {
      sink.note({
        line: e.line,
        column: null,
        what: `<ports> entry ${shown(e.port)} for host ${shown(e.host)}; skipped`,
      });
      return;
    }
    fill(table.port(h, proto, p.port), 'service', p.service);
  }

  /**
   * Host details this parser reads: hostname, MAC and port lists. The rest (OS, CPU, traceroute, scanner
   * exit codes, best_os_*, Auth-*...) is host inventory, not services in use, and is read over deliberately.
   */
  function hostDetail(b: HostBlock) {
    const n = b.detailName.toLowerCase();
    if (n === 'hostname' || n === 'dns-via-targetdefinition') addName(b.names, b.detailValue);
    else if (n === 'mac') b.mac = b.detailValue;
    else if (n === 'ports' || n === 'tcp_ports') b.ports.push({ proto: 'tcp', list: b.detailValue });
    else if (n === 'udp_ports') b.ports.push({ proto: 'udp', list: b.detailValue });
  }

  function finishHostBlock(b: HostBlock) {
    const h = hostFor(b.ip, '', lineOf());
    if (!h) {
      sink.note({ line: lineOf(), column: null, what: 'a <host> block has no <ip>; skipped' });
      return;
    }
    for (const n of b.names) addName(h.names, n);
    h.mac ??= b.mac || null;
    h.seenAt ??= isoTime(b.start);
    for (const { proto, list } of b.ports) {
      for (const item of list.split(/[,\s]+/).filter((x) => x)) {
        const port = parsePort(item);
        if (port === null)
          sink.note({ line: lineOf(), column: null, what: `host detail ports: ${shown(item)} is not a port; skipped` });
        else table.port(h, proto, port);
      }
    }
  }

  return {
    write(text) {
      tracked.parser.write(text);
    },
    end() {
      tracked.parser.end();
      table.flush(sink, (o) => {
        // Host names and start times come after the results: complete every observation of that host.
        const h = hosts.get(o.hostIp ?? `name:${(o.hostNames[0] ?? '').toLowerCase()}`);
        if (h) {
          for (const n of h.names) addName(o.hostNames, n);
          o.mac ??= h.mac;
          o.seenAt ??= h.seenAt;
        }
        o.seenAt ??= scanStart;
      });
      for (const h of hosts.values()) {
        sink.host({ ip: h.ip, hostNames: [...h.names], mac: h.mac, status: 'up', seenAt: h.seenAt ?? scanStart });
      }
    },
  };
}

export const openvasXml: FormatSpec = {
  id: 'openvas-xml',
  label: 'OpenVAS / Greenbone report XML',
  family: 'scan',
  parserVersion: '1',
  detector:
    'XML whose root is <report> (or <get_reports_response>) with the GMP XML report format id a994b278-…, or with NVT OIDs 1.3.6.1.4.1.25623.* / <scan_run_status> in the first 64 KiB',
  detect(head) {
    const root = xmlRoot(head);
    if (!root || (root.name !== 'report' && root.name !== 'get_reports_response')) return 0;
    if (root.tag.includes(GMP_XML_FORMAT)) return 0.97;
    if (/<nvt\s+oid="1\.3\.6\.1\.4\.1\.25623\./.test(head) || /<scan_run_status>/.test(head)) return 0.95;
    return 0;
  },
  needsHostName: false,
  create,
};
