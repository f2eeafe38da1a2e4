// Rapid7 Nexpose / InsightVM XML export (<NexposeReport version="1.0|2.0">) and the older simple XML
// (<NeXposeSimpleXML>): one observation per node endpoint (host + proto + port), service name and product
// from fingerprints, TLS/SSH facts from service configuration and tests, every vulnerable test a fact.
// Vulnerability titles come in <VulnerabilityDefinitions> after the nodes, so endpoints are held until the
// end (each with short facts); a node that appears twice is merged into one host and noted.
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
  hostKey,
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

/** Test statuses that mean the check found the weakness; not-vulnerable, skipped, error and unknown do not. */
const VULNERABLE = /^(?:vulnerable-exploited|vulnerable-version|vulnerable-potential|potential)$/i;
/** The simple XML's result codes: VE exploited, VV version, VP potential. */
const SIMPLE_VULNERABLE = /^V[EVP]$/i;
/** Test text kept per test: enough for the facts' evidence and cipher lists. */
const TEXT_MAX = 4096;

/** Test ids whose meaning is fixed (ids are matched lower-case; Nexpose writes both cases). */
const ID_KINDS: ReadonlyArray<readonly [RegExp, FindingKind]> = [
  [/^ftp-generic-000[12]$/, 'ftp-anonymous'], // FTP access with ftp / anonymous account
  [/^snmp-read-/, 'snmp-community'],
  [/smb-?v1|smb1/, 'smbv1'],
  [/smb-signing-(?:disabled|not-required)/, 'smb-signing-off'],
  [/^ssh-v1-supported$/, 'ssh-protocol'],
  [/^ssh-(?:weak|cbc)-|^ssh-.*-(?:weak|cbc)-/, 'ssh-weak'],
  [
    /^(?:ssl|tls)-.*(?:rc4|des|3des|export|null|anon|weak)-?ciphers?|^rc4-|^ssl-(?:static-key-)?ciphers/,
    'tls-weak-cipher',
  ],
  [/^sslv2|^ssl-v2|^sslv3|^ssl-v3|^tls-v1_[01]-|^tlsv1_[01]-/, 'tls-protocol'],
];

/** Nexpose service names -> the names nmap and the insecure-service catalogue use. */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  'dns-tcp': 'domain',
  dns: 'domain',
  cifs: 'microsoft-ds',
  'cifs name service': 'netbios-ns',
  '<unknown>': '',
};

function serviceName(s: string): string | null {
  // "radius (RADIUS authentication protocol (RFC 2138))": the name before the description.
  const t = s
    .trim()
    .toLowerCase()
    .replace(/^([^(]+?)\s+\(.*\)$/, '$1');
  const mapped = t in SERVICE_NAMES ? SERVICE_NAMES[t] : t;
  return mapped || null;
}

/** "E4CE8F490D7C" -> "E4:CE:8F:49:0D:7C". */
function mac(s: string | undefined): string | null {
  const t = (s ?? '').trim();
  if (/^[0-9A-Fa-f]{12}$/.test(t)) return (t.match(/../g) ?? []).join(':').toUpperCase();
  return t || null;
}

interface PendingTest {
  o: Observation;
  id: string;
  status: string;
  text: string;
}

/** Service configuration entries this parser reads as facts; the rest (certificates, verbs...) are ignored. */
const TLS_CONFIGS: Readonly<Record<string, string>> = {
  'ssl.version.ssl20': 'SSLv2',
  sslv2: 'SSLv2',
  sslv3: 'SSLv3',
  tlsv1_0: 'TLSv1.0',
  tlsv1_1: 'TLSv1.1',
  tlsv1_2: 'TLSv1.2',
  tlsv1_3: 'TLSv1.3',
};

function create(sink: ImportSink): StreamParser {
  const table = new PortTable();
  const hosts = new Map<string, HostRef>();
  const nodeCount = new Map<string, number>();
  const titles = new Map<string, { title: string; severity: string }>();
  const tests: PendingTest[] = [];
  let scanStart: string | null = null;
  let node: HostRef | null = null;
  let nodeAddress = '';
  let o: Observation | null = null;
  let test: PendingTest | null = null;
  let config: string | null = null;
  let simple = false;
  let lineOf: () => number | null = () => null;

  sink.meta('scanner', 'Rapid7 Nexpose');

  const openNode = (address: string | undefined, hwaddr: string | undefined) => {
    const a = (address ?? '').trim();
    if (!a) throw new Error(`expected <${simple ? 'device' : 'node'}> to have an address attribute`);
    const ip = normaliseIp(a);
    if (!ip)
      sink.note({
        line: lineOf(),
        column: null,
        what: `node address ${shown(a)} is not an IP address; kept as a host name`,
      });
    const probe: HostRef = { ip, names: ip ? [] : [a], mac: mac(hwaddr), seenAt: scanStart };
    const key = hostKey(probe);
    const count = (nodeCount.get(key) ?? 0) + 1;
    nodeCount.set(key, count);
    if (count === 2) {
      sink.note({
        line: lineOf(),
        column: null,
        what: `node ${a} appears more than once; its endpoints are merged into one host`,
      });
    }
    node = hosts.get(key) ?? probe;
    node.mac ??= probe.mac;
    hosts.set(key, node);
    nodeAddress = a;
  };

  const openEndpoint = (attrs: Record<string, string>) => {
    o = null;
    if (!node) return;
    const proto = parseProto(attrs.protocol ?? '');
    const port = parsePort(attrs.port ?? '');
    if (!proto || port === null) {
      sink.note({
        line: lineOf(),
        column: null,
        what: `${simple ? 'service' : 'endpoint'} ${shown(`${attrs.port ?? '?'}/${attrs.protocol ?? '?'}`)} on ${nodeAddress}: no usable port/protocol; skipped`,
      });
      return;
    }
    const existed = table.has(node, proto, port);
    o = table.port(node, proto, port);
    const status = (attrs.status ?? 'open').trim().toLowerCase() || 'open';
    // A port a duplicate node reports again keeps "open" if either report says so.
    if (!existed || status === 'open') o.state = status;
    if (simple) fill(o, 'service', serviceName(attrs.name ?? ''));
  };

  const xml = xmlParser(
    {
      open(name, attrs, path) {
        const parent = path[path.length - 1];
        if (path.length === 0) {
          simple = name === 'NeXposeSimpleXML';
          sink.meta('format.version', attrs.version ?? '');
        }
        if (name === 'scan' && parent === 'scans') {
          scanStart ??= isoTime(attrs.startTime ?? '');
          if (attrs.startTime) sink.meta('scan.start', attrs.startTime);
          if (attrs.endTime) sink.meta('scan.end', attrs.endTime);
          if (attrs.name) sink.meta('scan.name', attrs.name);
        } else if ((name === 'node' && parent === 'nodes') || (name === 'device' && parent === 'devices')) {
          openNode(attrs.address, attrs['hardware-address']);
        } else if (name === 'nodes' && parent === 'node') {
          sink.note({ line: lineOf(), column: null, what: `skipped <nodes> nested in <node> ${nodeAddress}` });
        } else if (name === 'endpoint' && parent === 'endpoints') openEndpoint(attrs);
        else if (simple && name === 'service' && parent === 'services' && node)
          openEndpoint({ ...attrs, status: 'open' });
        else if (!simple && o && name === 'service' && parent === 'services')
          fill(o, 'service', serviceName(attrs.name ?? ''));
        else if (!simple && o && name === 'fingerprint' && parent === 'fingerprints' && path.includes('service')) {
          fill(o, 'product', attrs.product ?? attrs.family ?? null);
          fill(o, 'version', attrs.version ?? null);
          if (attrs.cpe) table.addCpe(o, attrs.cpe);
        } else if (o && name === 'config' && parent === 'configuration') config = attrs.name ?? null;
        else if (
          o &&
          ((name === 'test' && parent === 'tests') ||
            (simple && name === 'vulnerability' && parent === 'vulnerabilities'))
        ) {
          const status = (simple ? attrs.resultCode : attrs.status) ?? '';
          if (!attrs.id) throw new Error(`expected <${name}> to have an id attribute`);
          test = (simple ? SIMPLE_VULNERABLE : VULNERABLE).test(status) ? { o, id: attrs.id, status, text: '' } : null;
          // Tests that found nothing (not-vulnerable, skipped-*, error, unknown) show nothing in use: ignored.
        } else if (name === 'vulnerability' && parent === 'VulnerabilityDefinitions' && attrs.id) {
          titles.set(attrs.id.toLowerCase(), { title: attrs.title ?? '', severity: attrs.severity ?? '' });
        }
        // Node-level <tests> (TCP sequence numbers, ICMP timestamps...) and OS fingerprints describe the host,
        // not a port in use, and are read over deliberately.
      },
      close(name, text, path) {
        const parent = path[path.length - 1];
        if (test) {
          if (
            (name === 'test' && parent === 'tests') ||
            (simple && name === 'vulnerability' && parent === 'vulnerabilities')
          ) {
            tests.push(test);
            test = null;
          } else if (test.text.length < TEXT_MAX) {
            const t = text.trim();
            if (t) test.text = `${test.text}${test.text ? '\n' : ''}${t}`.slice(0, TEXT_MAX);
          }
          return;
        }
        if (o && name === 'config' && parent === 'configuration' && config) {
          configFact(table, o, config, text.trim());
          config = null;
        } else if (simple && o && parent === 'fingerprint' && (name === 'product' || name === 'version')) {
          fill(o, name, text.trim() || null);
        } else if (name === 'endpoint' || (simple && name === 'service' && parent === 'services')) o = null;
        else if (name === 'name' && parent === 'names' && node) addName(node.names, text);
        else if (name === 'node' || name === 'device') node = null;
      },
    },
    ['NexposeReport', 'NeXposeSimpleXML'],
  );
  const tracked = lineTracked(xml);
  lineOf = tracked.line;

  return {
    write(text) {
      tracked.parser.write(text);
    },
    end() {
      tracked.parser.end();
      for (const t of tests) {
        const def = titles.get(t.id.toLowerCase());
        const human = t.id.replace(/-/g, ' ').replace(/_/g, '.');
        const f: Finding = {
          source: `nexpose:${t.id}`,
          id: t.id,
          title: def?.title || human,
          severity: `${t.status}${def?.severity ? `, severity ${def.severity}` : ''}`,
          text: t.text,
        };
        const lower = t.id.toLowerCase();
        let kind = ID_KINDS.find(([re]) => re.test(lower))?.[1] ?? classifyTitle(f.title);
        if (kind === 'vuln' && def) kind = classifyTitle(human);
        if (/\btelnet\b/i.test(f.title)) fill(t.o, 'service', 'telnet');
        table.addFacts(t.o, findingFacts(f, kind, true));
      }
      table.flush(sink, (o) => {
        const h = hosts.get(o.hostIp ?? `name:${(o.hostNames[0] ?? '').toLowerCase()}`);
        for (const n of h?.names ?? []) addName(o.hostNames, n);
      });
      for (const h of hosts.values())
        sink.host({ ip: h.ip, hostNames: [...h.names], mac: h.mac, status: 'up', seenAt: h.seenAt });
    },
  };
}

/** Service configuration: offered TLS versions, SSH protocol, banners. */
function configFact(table: PortTable, o: Observation, name: string, value: string) {
  const source = `nexpose:config:${name}`;
  const n = name.toLowerCase();
  const evidence = excerpt(`${name}=${value}`);
  if (n === 'ssl' && value === 'true') fill(o, 'tunnel', 'ssl');
  else if (n in TLS_CONFIGS) {
    if (value.toLowerCase() === 'true')
      table.addFacts(o, [{ key: 'tls.protocol', value: TLS_CONFIGS[n] ?? '', source, evidence }]);
  } else if (n === 'ssh.protocol.version') {
    for (const v of sshProtocols(` ${value} `))
      table.addFacts(o, [{ key: 'ssh.protocol', value: v, source, evidence }]);
  } else if (/\.banner$/.test(n) && value) {
    table.addFacts(o, [{ key: 'banner', value: excerpt(value, 200), source, evidence }]);
  } else if (n === 'http.banner.server') {
    const p = productFromBanner(value);
    if (p) {
      fill(o, 'product', p.product);
      fill(o, 'version', p.version);
    }
  }
}

export const nexposeXml: FormatSpec = {
  id: 'nexpose-xml',
  label: 'Rapid7 Nexpose XML (NexposeReport 1.0/2.0, simple XML)',
  family: 'scan',
  parserVersion: '1',
  detector: 'XML whose root is <NexposeReport version="1.0|2.0"> or <NeXposeSimpleXML version="1.0">',
  detect(head) {
    const root = xmlRoot(head);
    if (!root) return 0;
    if (root.name === 'NexposeReport') return /\sversion="[12]\.0"/.test(root.tag) ? 0.97 : 0.9;
    if (root.name === 'NeXposeSimpleXML') return 0.95;
    return 0;
  },
  needsHostName: false,
  create,
};
