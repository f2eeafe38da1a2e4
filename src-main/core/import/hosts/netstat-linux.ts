// net-tools `netstat` on Linux (-tulpn, -lnp, -aeep, -l with resolved names, plain netstat, old layouts):
// the TCP/UDP sockets one host listens on. The UNIX-domain section is counted, not imported.
import type { Proto } from '../../model/observation';
import { lineParser } from '../lines';
import { ParseError, type FormatSpec } from '../types';
import { bindAddressOf, type Family } from './address';
import {
  ListenerInventory,
  MAX_PREAMBLE_LINES,
  requireHostName,
  shown,
  tokens,
  type ProcessRef,
  noteCutLastLine,
  localEndpoint,
} from './listeners';

const INET_HEADER = /^Proto\s+Recv-Q\s+Send-Q\s+Local Address\s+Foreign Address\b(.*)$/;
const UNIX_HEADER = /^Proto\s+RefCnt\s+Flags\s+Type\s+State\s+I-Node\b/;
const EXPECTED =
  "expected netstat's 'Active Internet connections' section with the header 'Proto Recv-Q Send-Q Local Address Foreign Address State'";

/** TCP states as net-tools prints them (tcp_state[] in netstat.c). */
const TCP_STATES = new Set([
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
  'UNKNOWN',
]);

const PROTOS: Readonly<Record<string, { proto: Proto; family: Family } | 'other'>> = {
  tcp: { proto: 'tcp', family: '4' },
  tcp6: { proto: 'tcp', family: '6' },
  udp: { proto: 'udp', family: '4' },
  udp6: { proto: 'udp', family: '6' },
  // UDP-Lite is its own IP protocol (136), raw sockets have no port: neither is a TCP/UDP listener.
  udpl: 'other',
  udpl6: 'other',
  raw: 'other',
  raw6: 'other',
};

/** net-tools prints the local address in 23 columns and cuts the host part (never the port) to fit. */
const ADDRESS_WIDTH = 23;

/** netstat -o appends a timer column: "off (0.00/0/0)", "keepalive (7184.91/0/0)". */
const TIMER = /\s+(?:off|on|keepalive|timewait|probe|unkn-\d+)\s+\([\d.]+\/\d+\/\d+\)\s*$/;

interface Columns {
  state: boolean;
  user: boolean;
  inode: boolean;
  program: boolean;
  timer: boolean;
}

export const netstatLinux: FormatSpec = {
  id: 'netstat-linux',
  label: 'netstat socket listing (Linux net-tools)',
  family: 'hosts',
  parserVersion: '1',
  detector:
    "'Active Internet connections (only servers|servers and established|w/o servers)' or 'Active UNIX domain sockets' title and the header 'Proto Recv-Q Send-Q Local Address Foreign Address State' (State without brackets, unlike BSD's '(state)')",
  needsHostName: true,
  detect(head) {
    const lines = head.split('\n', MAX_PREAMBLE_LINES + 2).map((l) => l.replace(/\r$/, ''));
    const title = lines.findIndex((l) =>
      /^Active (Internet connections|UNIX domain sockets) \((only servers|servers and established|w\/o servers)\)\s*$/.test(
        l,
      ),
    );
    const inet = lines.findIndex((l) => INET_HEADER.test(l) && !/\(state\)/.test(l));
    const unix = lines.findIndex((l) => UNIX_HEADER.test(l));
    if (title >= 0 && (inet === title + 1 || unix === title + 1)) return 0.95;
    if (inet >= 0 && /\bState\b/.test(lines[inet] ?? '')) return 0.7;
    return 0;
  },
  create(sink, options) {
    const hostName = requireHostName(options, 'A netstat listing');
    const inventory = new ListenerInventory();
    let section: 'none' | 'inet' | 'unix' | 'other' = 'none';
    let columns: Columns | null = null;
    let sawHeader = false;
    let preamble = 0;
    let otherSectionLines = 0;
    const titles: string[] = [];

    const parser = lineParser(
      (line, lineNo) => {
        if (line.trim() === '') return;
        if (line.startsWith('Active ')) {
          titles.push(line.trim());
          if (/^Active Internet connections/.test(line)) section = 'inet';
          else if (/^Active UNIX domain sockets/.test(line)) section = 'unix';
          // Bluetooth, IPX, AX.25, NET/ROM, X.25 sections: no TCP/UDP listeners in them.
          else section = 'other';
          columns = null;
          return;
        }
        const inet = INET_HEADER.exec(line);
        if (inet) {
          const tail = inet[1] ?? '';
          columns = {
            state: /\bState\b/.test(tail),
            user: /\bUser\b/.test(tail),
            inode: /\bInode\b/.test(tail),
            program: /PID\/Program name/.test(tail),
            timer: /\bTimer\b/.test(tail),
          };
          section = 'inet';
          sawHeader = true;
          return;
        }
        if (UNIX_HEADER.test(line)) {
          section = 'unix';
          sawHeader = true;
          return;
        }
        if (section === 'unix') {
          if (/^unix\s/.test(line)) inventory.skipped.unix++;
          else
            sink.note({
              line: lineNo,
              column: 1,
              what: `unrecognised line in the UNIX domain section: ${shown(line)}`,
            });
          return;
        }
        if (section === 'other') {
          otherSectionLines++;
          return;
        }
        if (!columns) {
          sink.note({ line: lineNo, column: 1, what: `line before the netstat header: ${shown(line)}` });
          if (++preamble >= MAX_PREAMBLE_LINES) throw new ParseError(`${EXPECTED} near the top`, lineNo, 1);
          return;
        }
        row(columns, line, lineNo);
      },
      () => {
        if (!sawHeader) throw new ParseError(`${EXPECTED}; the file has none`, 1, 1);
        if (titles.length > 0) sink.meta('sections', titles.join('; '));
        if (otherSectionLines > 0) sink.meta('other-section-lines-skipped', String(otherSectionLines));
        inventory.finish(sink, hostName, 'netstat (Linux net-tools)');
      },
    );
    return noteCutLastLine(parser, sink);

    function row(cols: Columns, line: string, lineNo: number): void {
      const t = tokens(line);
      const label = t[0]?.text ?? '';
      const kind = Object.hasOwn(PROTOS, label) ? PROTOS[label] : undefined;
      const local = t[3]?.text;
      if (
        !kind ||
        local === undefined ||
        t[4] === undefined ||
        !/^\d+$/.test(t[1]?.text ?? '') ||
        !/^\d+$/.test(t[2]?.text ?? '')
      ) {
        sink.note({ line: lineNo, column: 1, what: `unrecognised line: ${shown(line)}` });
        return;
      }
      if (kind === 'other') {
        inventory.skipped.other++;
        return;
      }
      let i = 5;
      let state = '';
      // UDP rows leave State blank unless connected; the next column is then User or PID/Program name.
      if (cols.state && t[i] && TCP_STATES.has(t[i]?.text ?? '')) state = t[i++]?.text ?? '';
      if (cols.user) i++;
      if (cols.inode) i++;
      let program: ProcessRef[] = [];
      if (cols.program && t[i]) {
        let text = line.slice(t[i]?.start).trimEnd();
        if (cols.timer) text = text.replace(TIMER, '');
        program = programOf(text);
      }
      const listening = kind.proto === 'tcp' ? state === 'LISTEN' : state === '';
      if (!listening) {
        if (kind.proto === 'tcp' && state === '') {
          sink.note({ line: lineNo, column: 1, what: `TCP row without a state skipped: ${shown(line)}` });
        } else inventory.skipped.connections++;
        return;
      }
      const ep = localEndpoint(local, { inventory, sink, lineNo, line });
      if (!ep) return;
      if (local.length === ADDRESS_WIDTH) {
        sink.note({
          line: lineNo,
          column: t[3]?.start === undefined ? 1 : t[3].start + 1,
          what: `local address "${local}" fills netstat's column and its host part may be cut (netstat -W prints it whole); kept as printed`,
        });
      }
      inventory.add({
        proto: kind.proto,
        bindAddress: bindAddressOf(ep.host, kind.family),
        port: ep.port,
        service: ep.service,
        reason: state || null,
        familyLabel: label === kind.proto ? null : label,
        processes: program,
      });
    }
  },
};

/** "1206/sshd", "600/sshd: /usr/sbin" (names may hold spaces), or "-" when netstat may not see the owner. */
function programOf(text: string): ProcessRef[] {
  const m = /^(\d+)\/(.*)$/.exec(text);
  if (!m) return [];
  const name = (m[2] ?? '').trim();
  return [{ name: name || null, pid: m[1] ?? null, details: [] }];
}
