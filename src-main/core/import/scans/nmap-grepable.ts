// nmap grepable output (-oG): "# Nmap ... scan initiated ... as: <args>", then tab-separated
// "Host: <ip> (<name>)\tPorts: 22/open/tcp//ssh//OpenSSH 7.4/, ...\tIgnored State: closed (997)" lines,
// then "# Nmap done at ...". Grepable output has no times per host and merges product, version and
// extra info into one field (with "/" written as "|").
import { blankObservation, type Observation } from '../../model/observation';
import { normaliseIp } from '../ip';
import { lineParser } from '../lines';
import { ParseError, type FormatSpec, type ImportSink, type StreamParser } from '../types';
import { serviceFacts } from './nmap-scripts';
import { firstLine, portProto, quote } from './scan-common';

const HEADER = /^# Nmap (\S+) scan initiated (.+?) as: (.*)$/;
const DONE = /^# Nmap done at (.+?)(?: -- (.*))?$/;
const HOST = /^Host: (\S+) \(([^)]*)\)\t(.*)$/;
/** One port entry: port/state/protocol/owner/service/rpc/version/ — no field may contain "/". */
const PORT_ENTRY = /^(\d+)\/([^/]*)\/([^/]*)\/([^/]*)\/([^/]*)\/([^/]*)\/([^/]*)\//;
/**
 * Fields deliberately not imported: OS guesses and TCP/IP ID sequence analysis describe the host, not
 * services in use.
 */
const IGNORED_FIELDS = new Set(['OS', 'Seq Index', 'IP ID Seq']);

export const nmapGrepableFormat: FormatSpec = {
  id: 'nmap-grepable',
  label: 'nmap grepable (-oG)',
  family: 'scan',
  parserVersion: '1',
  detector:
    'first line "# Nmap <version> scan initiated ... as: ..." and tab-separated "Host: <ip> (<name>)\\tStatus:|Ports:" lines',
  detect(head, fileName) {
    if (!HEADER.test(firstLine(head))) return 0;
    if (/^Host: \S+ \([^)]*\)\t(Status|Ports|Protocols): /m.test(head)) return 0.95;
    // A run with no host up has only the two comment lines; normal output (-oN) would show its own lines.
    if (/^Nmap scan report for |^PORT\s+STATE/m.test(head)) return 0;
    return /\s-oG\s|\s-oA\s/.test(firstLine(head)) || /\.gnmap$/i.test(fileName) ? 0.6 : 0;
  },
  needsHostName: false,
  create: (sink) => nmapGrepableParser(sink),
};

function nmapGrepableParser(sink: ImportSink): StreamParser {
  let started = false;
  let done = false;
  let lastLine = 0;
  const hosts = new Set<string>();
  const ignored = new Map<string, number>();
  const note = (lineNo: number, what: string) => sink.note({ line: lineNo, column: null, what });

  const reportHost = (ip: string, name: string, status: string) => {
    if (hosts.has(ip)) return;
    hosts.add(ip);
    sink.host({ ip, hostNames: name ? [name] : [], mac: null, status, seenAt: null });
  };

  function hostLine(lineNo: number, ipText: string, name: string, rest: string) {
    const ip = normaliseIp(ipText);
    if (!ip) throw new ParseError(`expected an IP address after "Host: ", found ${quote(ipText)}`, lineNo, 7);
    let column = 7 + ipText.length + name.length + 4;
    for (const field of rest.split('\t')) {
      const colon = field.indexOf(': ');
      const key = colon >= 0 ? field.slice(0, colon) : field;
      const value = colon >= 0 ? field.slice(colon + 2) : '';
      if (key === 'Status') {
        reportHost(ip, name, value.trim().toLowerCase() || 'unknown');
      } else if (key === 'Ports') {
        reportHost(ip, name, 'up');
        ports(lineNo, column + 7, ip, name, value);
      } else if (key === 'Ignored State') {
        const m = /^(\S+) \((\d+)\)$/.exec(value.trim());
        if (!m?.[1])
          throw new ParseError(`expected "Ignored State: <state> (<count>)", found ${quote(field)}`, lineNo, column);
        ignored.set(m[1], (ignored.get(m[1]) ?? 0) + Number(m[2]));
      } else if (key === 'Protocols') {
        note(lineNo, `skipped IP protocol scan results on ${ip}: protocols are not ports`);
      } else if (!IGNORED_FIELDS.has(key)) {
        note(lineNo, `unrecognised field ${quote(field)}`);
      }
      column += field.length + 1;
    }
  }

  function ports(lineNo: number, column: number, ip: string, name: string, text: string) {
    let rest = text;
    let col = column;
    while (rest.length > 0) {
      const m = PORT_ENTRY.exec(rest);
      if (!m)
        throw new ParseError(
          `expected a port entry "port/state/protocol/owner/service/rpc/version/", found ${quote(rest, 60)}`,
          lineNo,
          col,
        );
      const [entry, portText, state, protocol, owner, service, rpc, version] = m;
      const proto = portProto(protocol);
      const port = Number(portText);
      if (!proto || port > 65535 || !state) {
        throw new ParseError(
          `expected a tcp, udp or sctp port 0-65535 with a state, found ${quote(entry)}`,
          lineNo,
          col,
        );
      }
      const o: Observation = { ...blankObservation(proto, port, state), hostIp: ip, hostNames: name ? [name] : [] };
      serviceFields(o, service ?? '', version ?? '');
      o.facts = serviceFacts({ ...o, scanTime: null, args: null, scriptIds: [] });
      if (owner) note(lineNo, `skipped owner ${quote(owner)} of ${proto}/${port}: ident user has no observation field`);
      if (rpc) note(lineNo, `skipped RPC information ${quote(rpc)} of ${proto}/${port}`);
      sink.observation(o);
      rest = rest.slice(entry.length);
      col += entry.length;
      if (rest.startsWith(', ')) {
        rest = rest.slice(2);
        col += 2;
      } else if (rest.trim() !== '') {
        throw new ParseError(`expected ", " between port entries, found ${quote(rest, 60)}`, lineNo, col);
      } else {
        rest = '';
      }
    }
  }

  return lineParser(
    (raw, lineNo) => {
      lastLine = lineNo;
      const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() === '') return;
      if (!started) {
        const h = HEADER.exec(line);
        if (!h)
          throw new ParseError(
            `expected "# Nmap <version> scan initiated <date> as: <command>" as the first line, found ${quote(line)}`,
            lineNo,
            1,
          );
        started = true;
        sink.meta('scanner', 'nmap');
        sink.meta('version', h[1] ?? '');
        sink.meta('startstr', h[2] ?? '');
        sink.meta('args', h[3] ?? '');
        return;
      }
      if (done) {
        note(lineNo, `line after "# Nmap done": ${quote(line)}`);
        return;
      }
      const d = DONE.exec(line);
      if (d) {
        done = true;
        sink.meta('endstr', d[1] ?? '');
        if (d[2]) sink.meta('summary', d[2]);
        return;
      }
      if (line.startsWith('# Ports scanned: ')) {
        sink.meta('portsScanned', line.slice('# Ports scanned: '.length));
        return;
      }
      const h = HOST.exec(line);
      if (h) {
        hostLine(lineNo, h[1] ?? '', h[2] ?? '', h[3] ?? '');
        return;
      }
      note(lineNo, `unrecognised line: ${quote(line)}`);
    },
    () => {
      if (!started)
        throw new ParseError(
          'the file is empty; expected nmap grepable output starting "# Nmap ... scan initiated"',
          1,
          1,
        );
      if (!done)
        throw new ParseError(
          'expected a "# Nmap done at ..." line at the end; the scan was interrupted or the file is truncated',
          lastLine,
          null,
        );
      if (ignored.size > 0) sink.meta('extraports', [...ignored].map(([s, n]) => `${s} ${n}`).join('; '));
    },
  );
}

/**
 * The service field is "name", "name?" (a guess) or "ssl|name" (inside TLS); the version field joins
 * product, version and "(extra info)" with "/" turned into "|". Product and version cannot be told
 * apart, so the whole text goes to product and a trailing parenthesis to extraInfo.
 */
function serviceFields(o: Observation, service: string, version: string) {
  let name = service;
  if (name.startsWith('ssl|')) {
    o.tunnel = 'ssl';
    name = name.slice(4);
  }
  name = name.replace(/\?$/, '');
  o.service = name || null;
  const full = version.replace(/\|/g, '/').trim();
  if (!full) return;
  const extra = /^(.*?)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)$/.exec(full);
  if (extra && extra[1]) {
    o.product = extra[1];
    o.extraInfo = extra[2] ?? null;
  } else {
    o.product = full;
  }
}
