// masscan XML (-oX): nmap's layout under <nmaprun scanner="masscan">, one <host> per record: a port's
// status, or a banner (<service name banner>) grabbed from it. Records of one port are merged.
import { xmlParser } from '../xml';
import { ParseError, type FormatSpec, type ImportSink, type StreamParser } from '../types';
import { nmaprunScanner } from './nmap-xml';
import { epochToIso, quote } from './scan-common';
import { ScanRecords } from './scan-records';

interface Rec {
  line: number;
  seenAt: string | null;
  ip: string | null;
  proto: string | null;
  port: string | null;
  state: string | null;
  reason: string | null;
  app: string | null;
  banner: string | null;
}

export const masscanXmlFormat: FormatSpec = {
  id: 'masscan-xml',
  label: 'masscan XML (-oX)',
  family: 'scan',
  parserVersion: '1',
  detector: 'XML whose root element is <nmaprun scanner="masscan">',
  detect: (head) => (nmaprunScanner(head) === 'masscan' ? 0.95 : 0),
  needsHostName: false,
  create: (sink) => masscanXmlParser(sink),
};

function masscanXmlParser(sink: ImportSink): StreamParser {
  const records = new ScanRecords(sink, 'masscan');
  let line = 1;
  let rec: Rec | null = null;
  let skipDepth = 0;
  let finished = false;
  const note = (what: string) => sink.note({ line, column: null, what });
  const fail = (message: string) => new ParseError(message, line, null);

  const xml = xmlParser(
    {
      open(name, attrs, path) {
        if (skipDepth > 0) {
          skipDepth++;
          return;
        }
        const parent = path[path.length - 1];
        switch (name) {
          case 'nmaprun':
            if (parent !== undefined) break;
            if (attrs.scanner !== 'masscan') {
              throw fail(
                `expected <nmaprun scanner="masscan">, found scanner=${quote(attrs.scanner ?? '')}; import nmap's own XML as nmap XML`,
              );
            }
            sink.meta('scanner', 'masscan');
            if (attrs.version) sink.meta('version', attrs.version);
            if (attrs.xmloutputversion) sink.meta('xmloutputversion', attrs.xmloutputversion);
            if (epochToIso(attrs.start)) sink.meta('start', epochToIso(attrs.start) ?? '');
            return;
          case 'scaninfo':
            if (parent !== 'nmaprun') break;
            sink.meta('scaninfo', [attrs.type, attrs.protocol].filter(Boolean).join('/'));
            return;
          case 'host':
            if (parent !== 'nmaprun') break;
            rec = {
              line,
              seenAt: epochToIso(attrs.endtime),
              ip: null,
              proto: null,
              port: null,
              state: null,
              reason: null,
              app: null,
              banner: null,
            };
            return;
          case 'address':
            if (!rec || parent !== 'host') break;
            rec.ip = attrs.addr ?? null;
            return;
          case 'ports':
            if (rec && parent === 'host') return;
            break;
          case 'port':
            if (!rec || parent !== 'ports') break;
            rec.proto = attrs.protocol ?? null;
            rec.port = attrs.portid ?? null;
            return;
          case 'state':
            if (!rec || parent !== 'port') break;
            rec.state = attrs.state ?? null;
            rec.reason = attrs.reason || null;
            return;
          case 'service':
            if (!rec || parent !== 'port') break;
            rec.app = attrs.name ?? 'unknown';
            rec.banner = attrs.banner ?? '';
            return;
          case 'runstats':
            if (parent === 'nmaprun') return;
            break;
          case 'finished':
            if (parent !== 'runstats') break;
            finished = true;
            if (epochToIso(attrs.time)) sink.meta('end', epochToIso(attrs.time) ?? '');
            if (attrs.elapsed) sink.meta('elapsed', attrs.elapsed);
            return;
          case 'hosts':
            if (parent !== 'runstats') break;
            // masscan counts open and closed ports here, not hosts.
            if (attrs.up !== undefined) sink.meta('ports.open', attrs.up);
            if (attrs.down !== undefined) sink.meta('ports.closed', attrs.down);
            return;
        }
        note(`unrecognised <${name}> element inside <${parent ?? '(document)'}>; skipped with its content`);
        skipDepth = 1;
      },
      close(name) {
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        if (name !== 'host' || !rec) return;
        const r = rec;
        rec = null;
        if (r.proto === null || r.port === null)
          throw new ParseError('expected <host> to contain a <port> with protocol and portid', r.line, null);
        if (r.app !== null) {
          records.banner(
            {
              ip: r.ip,
              proto: r.proto,
              port: r.port,
              app: r.app,
              banner: r.banner ?? '',
              reason: r.reason,
              seenAt: r.seenAt,
            },
            r.line,
          );
        } else {
          if (!r.state) throw new ParseError('expected <port> to contain a <state state="...">', r.line, null);
          records.status(
            { ip: r.ip, proto: r.proto, port: r.port, status: r.state, reason: r.reason, seenAt: r.seenAt },
            r.line,
          );
        }
      },
    },
    ['nmaprun'],
  );

  let sawContent = false;
  return {
    write(text) {
      if (!sawContent && /\S/.test(text)) sawContent = true;
      let start = 0;
      let nl: number;
      while ((nl = text.indexOf('\n', start)) >= 0) {
        xml.write(text.slice(start, nl + 1));
        line++;
        start = nl + 1;
      }
      if (start < text.length) xml.write(text.slice(start));
    },
    end() {
      // masscan creates its output file with the first result: nothing found means zero bytes.
      if (!sawContent) {
        records.end();
        return;
      }
      xml.end();
      // masscan writes <runstats> when it closes the file; without it the scan was cut short.
      if (!finished)
        throw new ParseError(
          'expected <runstats><finished> before the end; the scan was interrupted or the file is truncated',
          line,
          null,
        );
      records.end();
    },
  };
}
