// naabu JSON lines (-json): one open port per line, {"host", "ip", "port", "protocol", "tls", "timestamp"};
// naabu 2.1 wrote "port" as an object {"Port", "Protocol", "TLS"}. naabu repeats ports by design, so
// one observation is kept per (ip, protocol, port) and exact repeats are only counted (meta duplicates).
import { jsonLinesParser } from '../json';
import { ParseError, type FormatSpec, type ImportSink, type StreamParser } from '../types';
import { firstLine, quote, rfc3339ToIso } from './scan-common';
import { ScanRecords } from './scan-records';

const NAABU_KEYS = new Set(['host', 'ip', 'port', 'protocol', 'tls', 'timestamp', 'cdn', 'cdn-name']);
/** naabu's protocol enum when it was written as a number (Go iota: TCP, UDP, ARP). */
const PROTOCOL_NUMBERS = ['tcp', 'udp', 'arp'];

export const naabuJsonFormat: FormatSpec = {
  id: 'naabu-json',
  label: 'naabu JSON lines (-json)',
  family: 'scan',
  parserVersion: '1',
  detector:
    'JSON lines whose first object has "ip" and "port" and only naabu field names (host, protocol, tls, timestamp, cdn)',
  detect(head) {
    const first = firstLine(head);
    if (!first.startsWith('{')) return 0;
    let value: unknown;
    try {
      value = JSON.parse(first);
    } catch {
      return 0;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) return 0;
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (typeof o.ip !== 'string' || !('port' in o) || !keys.every((k) => NAABU_KEYS.has(k))) return 0;
    return typeof o.port === 'number' || (typeof o.port === 'object' && o.port !== null && 'Port' in o.port) ? 0.9 : 0;
  },
  needsHostName: false,
  create: (sink) => naabuJsonParser(sink),
};

function naabuJsonParser(sink: ImportSink): StreamParser {
  const records = new ScanRecords(sink, 'naabu');
  const noted = new Set<string>();
  const inner = jsonLinesParser('naabu JSON lines (one {"ip", "port", ...} object per line)', (value, lineNo) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new ParseError('expected a JSON object per line (naabu -json)', lineNo, null);
    }
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!NAABU_KEYS.has(k) && !noted.has(k)) {
        noted.add(k);
        sink.note({ line: lineNo, column: null, what: `unrecognised field ${quote(k)} skipped (noted once)` });
      }
    }
    if (typeof o.ip !== 'string') throw new ParseError('expected an "ip" string on every line', lineNo, null);
    let port: unknown = o.port;
    let protocol: unknown = o.protocol ?? 'tcp';
    let tls: unknown = o.tls;
    if (port && typeof port === 'object') {
      const p = port as Record<string, unknown>;
      port = p.Port;
      protocol = p.Protocol ?? protocol;
      tls = p.TLS ?? tls;
    }
    if (typeof protocol === 'number') protocol = PROTOCOL_NUMBERS[protocol] ?? String(protocol);
    const seenAt = typeof o.timestamp === 'string' ? rfc3339ToIso(o.timestamp) : null;
    const hostName = typeof o.host === 'string' && o.host !== o.ip ? o.host : null;
    records.status(
      {
        ip: o.ip,
        proto: protocol,
        port,
        status: 'open',
        reason: null,
        seenAt,
        hostName,
        tunnel: tls === true ? 'ssl' : null,
      },
      lineNo,
    );
    if (o.cdn === true && !noted.has('cdn:true')) {
      noted.add('cdn:true');
      sink.note({
        line: lineNo,
        column: null,
        what: `naabu marks some addresses as CDN (${quote(String(o['cdn-name'] ?? ''))}); the CDN flag is not imported (noted once)`,
      });
    }
  });
  return {
    write: (text) => inner.write(text),
    end() {
      inner.end();
      records.end();
    },
  };
}
