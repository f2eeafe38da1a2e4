// BSD-style `netstat` (FreeBSD -an / -AanP, macOS -an / -An): "address.port" endpoints, tcp4 / tcp6 /
// tcp46 families, a "(state)" column. The sockets one host listens on; other sections are counted only.
import type { Proto } from '../../model/observation';
import { lineParser } from '../lines';
import { ParseError, type FormatSpec } from '../types';
import { bindAddressOf, parsePortToken, splitEndpoint, type Family } from './address';
import { ListenerInventory, MAX_PREAMBLE_LINES, requireHostName, shown, tokens, noteCutLastLine } from './listeners';

// -A / -P put columns before Proto (Tcpcb; Socket Flowhash) and after (state) (Log ID).
const HEADER = /^(.*?)\bProto\s+Recv-Q\s+Send-Q\s+Local Address\s+Foreign Address\s+\(state\)/;
const EXPECTED =
  "expected BSD netstat's 'Active Internet connections' section with the header 'Proto Recv-Q Send-Q Local Address Foreign Address (state)'";

const TCP_STATES = new Set([
  'CLOSED',
  'LISTEN',
  'SYN_SENT',
  'SYN_RCVD',
  'ESTABLISHED',
  'CLOSE_WAIT',
  'FIN_WAIT_1',
  'CLOSING',
  'LAST_ACK',
  'FIN_WAIT_2',
  'TIME_WAIT',
]);

/** Protocols in the Internet section with no TCP/UDP/SCTP port: icmp, raw, divert, rip6. */
const OTHER_PROTOS = /^(icm4|icm6|icmp|icmp4|icmp6|raw|raw4|raw6|rip6|div|divert|kevt|kctl)$/;

interface Layout {
  /** Tokens before Proto (-A's Tcpcb, macOS's Socket and Flowhash). */
  lead: number;
  /** Characters the Local Address column holds: a longer address is cut, port included. */
  width: number;
}

export const netstatBsd: FormatSpec = {
  id: 'netstat-bsd',
  label: 'netstat socket listing (FreeBSD / macOS)',
  family: 'hosts',
  parserVersion: '1',
  detector:
    "'Active Internet connections' and the header 'Proto Recv-Q Send-Q Local Address Foreign Address (state)' (with or without -A's leading columns)",
  needsHostName: true,
  detect(head) {
    const lines = head
      .split('\n', MAX_PREAMBLE_LINES + 2)
      .map((l) => l.replace(/\r$/, ''))
      .filter((l) => l.trim() !== '');
    const title = lines.findIndex((l) => /^Active Internet connections( \(including servers\))?\s*$/.test(l));
    const header = lines.findIndex((l) => HEADER.test(l));
    if (header < 0) return 0;
    return title >= 0 && header === title + 1 ? 0.95 : 0.7;
  },
  create(sink, options) {
    const hostName = requireHostName(options, 'A netstat listing');
    const inventory = new ListenerInventory();
    let section: 'none' | 'inet' | 'unix' | 'other' = 'none';
    // The first line after a unix / kernel section's title is its column header.
    let sectionHeaderDue = false;
    let layout: Layout | null = null;
    let sawHeader = false;
    let preamble = 0;
    let otherSectionLines = 0;
    const titles: string[] = [];

    const parser = lineParser(
      (line, lineNo) => {
        if (line.trim() === '') return;
        if (/^(Active |Registered kernel control modules)/.test(line)) {
          titles.push(line.trim());
          // macOS's "Active Multipath Internet connections" has its own columns: not read.
          if (/^Active Internet connections/.test(line)) section = 'inet';
          else section = /UNIX|LOCAL/.test(line) ? 'unix' : 'other';
          sectionHeaderDue = section !== 'inet';
          layout = null;
          return;
        }
        const h = HEADER.exec(line);
        if (h) {
          const lead = tokens(h[1] ?? '').length;
          const width = line.indexOf('Foreign Address') - line.indexOf('Local Address') - 1;
          layout = { lead, width };
          section = 'inet';
          sawHeader = true;
          return;
        }
        // UNIX-domain, kernel event and kernel control sockets: nothing a network peer can reach.
        if (section === 'unix' || section === 'other') {
          if (sectionHeaderDue) sectionHeaderDue = false;
          else if (section === 'unix') inventory.skipped.unix++;
          else otherSectionLines++;
          return;
        }
        if (!layout) {
          sink.note({ line: lineNo, column: 1, what: `line before the netstat header: ${shown(line)}` });
          if (++preamble >= MAX_PREAMBLE_LINES) throw new ParseError(`${EXPECTED} near the top`, lineNo, 1);
          return;
        }
        row(layout, line, lineNo);
      },
      () => {
        if (!sawHeader) throw new ParseError(`${EXPECTED}; the file has none`, 1, 1);
        if (titles.length > 0) sink.meta('sections', titles.join('; '));
        if (otherSectionLines > 0) sink.meta('other-section-lines-skipped', String(otherSectionLines));
        inventory.finish(sink, hostName, 'netstat (BSD)');
      },
    );
    return noteCutLastLine(parser, sink);

    function row(lay: Layout, line: string, lineNo: number): void {
      const t = tokens(line);
      const label = t[lay.lead]?.text ?? '';
      const local = t[lay.lead + 3];
      const foreign = t[lay.lead + 4]?.text;
      if (
        local === undefined ||
        foreign === undefined ||
        !/^\d+$/.test(t[lay.lead + 1]?.text ?? '') ||
        !/^\d+$/.test(t[lay.lead + 2]?.text ?? '')
      ) {
        sink.note({ line: lineNo, column: 1, what: `unrecognised line: ${shown(line)}` });
        return;
      }
      if (OTHER_PROTOS.test(label)) {
        inventory.skipped.other++;
        return;
      }
      const m = /^(tcp|udp|sctp)(4|6|46)?$/.exec(label);
      if (!m) {
        sink.note({ line: lineNo, column: 1, what: `unknown protocol "${label}" skipped: ${shown(line)}` });
        return;
      }
      const proto = m[1] as Proto;
      const family = (m[2] ?? null) as Family;
      const state = t[lay.lead + 5]?.text ?? '';
      if (proto === 'udp') {
        // UDP has no state: a socket with a peer is connected, one without is bound and receiving.
        if (foreign !== '*.*') {
          inventory.skipped.connections++;
          return;
        }
      } else if (state !== 'LISTEN') {
        if (TCP_STATES.has(state)) inventory.skipped.connections++;
        else sink.note({ line: lineNo, column: 1, what: `unknown ${proto} state "${state}" skipped: ${shown(line)}` });
        return;
      }
      const ep = splitEndpoint(local.text, '.');
      if (!ep) {
        sink.note({
          line: lineNo,
          column: local.start + 1,
          what: `local address "${local.text}" has no port: ${shown(line)}`,
        });
        return;
      }
      const port = parsePortToken(ep.port);
      if (port.kind === 'unbound') {
        inventory.skipped.unbound++;
        return;
      }
      if (local.text.length >= lay.width) {
        // BSD netstat cuts "address.port" at the column width, port digits included: the port is unreliable.
        sink.note({
          line: lineNo,
          column: local.start + 1,
          what: `local address "${local.text}" fills netstat's ${lay.width}-character column and may be cut, port included (netstat -W prints it whole); listener skipped`,
        });
        return;
      }
      if (port.kind !== 'port') {
        if (port.kind === 'unknown-name') inventory.skipped.unknownNames++;
        const why = port.kind === 'unknown-name' ? `unknown service name "${port.name}"` : `invalid port "${ep.port}"`;
        sink.note({ line: lineNo, column: local.start + 1, what: `${why}; listener skipped: ${shown(line)}` });
        return;
      }
      inventory.add({
        proto,
        bindAddress: bindAddressOf(ep.host, family),
        port: port.port,
        service: port.service,
        reason: proto === 'udp' ? null : state,
        familyLabel: label === proto ? null : label,
        processes: [],
      });
    }
  },
};
