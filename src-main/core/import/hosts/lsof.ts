// `lsof` listings (lsof -i -P -n, or plain lsof with every open file): the TCP/UDP sockets one host
// listens on, read from the IPv4/IPv6 rows; files, pipes and unix sockets are counted, not imported.
import type { Proto } from '../../model/observation';
import { lineParser } from '../lines';
import { ParseError, type FormatSpec } from '../types';
import { bindAddressOf } from './address';
import {
  ListenerInventory,
  localEndpoint,
  MAX_PREAMBLE_LINES,
  requireHostName,
  shown,
  tokens,
  noteCutLastLine,
} from './listeners';

const HEADER =
  /^COMMAND\s+PID\s+(?:TID\s+)?(?:TASKCMD\s+)?USER\s+FD\s+TYPE\s+DEVICE\s+(?:SIZE\/OFF|SIZE|OFFSET)\s+NODE\s+NAME\s*$/;
const EXPECTED = "expected the lsof header 'COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME'";

/** TYPE IPv4|IPv6, DEVICE, optional SIZE/OFF, NODE TCP|UDP|SCTP, then NAME and an optional (STATE). */
const INET_ROW = /\s(IPv4|IPv6)\s+\S+\s+(?:\S+\s+)?(TCP|UDP|SCTP)\s+(\S+)(?:\s+\(([A-Z_0-9]+)\))?\s*$/;

export const lsof: FormatSpec = {
  id: 'lsof',
  label: 'lsof open files listing',
  family: 'hosts',
  parserVersion: '1',
  detector: "first line is the lsof header 'COMMAND PID [TID] USER FD TYPE DEVICE SIZE/OFF NODE NAME'",
  needsHostName: true,
  detect(head) {
    const lines = head.split('\n', MAX_PREAMBLE_LINES + 1).filter((l) => l.trim() !== '');
    const at = lines.findIndex((l) => HEADER.test(l.replace(/\r$/, '')));
    return at === 0 ? 0.95 : at > 0 ? 0.8 : 0;
  },
  create(sink, options) {
    const hostName = requireHostName(options, 'An lsof listing');
    const inventory = new ListenerInventory();
    let sawHeader = false;
    let preamble = 0;
    let files = 0;

    const parser = lineParser(
      (line, lineNo) => {
        if (line.trim() === '') return;
        if (HEADER.test(line)) {
          sawHeader = true;
          return;
        }
        if (!sawHeader) {
          sink.note({ line: lineNo, column: 1, what: `line before the lsof header: ${shown(line)}` });
          if (++preamble >= MAX_PREAMBLE_LINES) throw new ParseError(`${EXPECTED} near the top`, lineNo, 1);
          return;
        }
        const t = tokens(line);
        if (t.length < 2 || !/^\d+$/.test(t[1]?.text ?? '')) {
          sink.note({ line: lineNo, column: 1, what: `unrecognised line: ${shown(line)}` });
          return;
        }
        const m = INET_ROW.exec(line);
        if (!m) {
          if (/\sIPv[46]\s/.test(line))
            sink.note({ line: lineNo, column: 1, what: `unrecognised network row: ${shown(line)}` });
          else if (/\sunix\s/.test(line)) inventory.skipped.unix++;
          // Regular files, directories, pipes, devices, netlink: nothing a network peer can reach.
          else files++;
          return;
        }
        const family = m[1] === 'IPv6' ? '6' : '4';
        const proto = (m[2] ?? 'TCP').toLowerCase() as Proto;
        const name = m[3] ?? '';
        const state = m[4] ?? null;
        if (name.includes('->')) {
          inventory.skipped.connections++;
          return;
        }
        if (proto !== 'udp' && state !== 'LISTEN') {
          if (state === null)
            sink.note({ line: lineNo, column: 1, what: `${proto} socket without a state skipped: ${shown(line)}` });
          else inventory.skipped.connections++;
          return;
        }
        const ep = localEndpoint(name, { inventory, sink, lineNo, line });
        if (!ep) return;
        inventory.add({
          proto,
          bindAddress: bindAddressOf(ep.host, family),
          port: ep.port,
          service: ep.service,
          reason: state,
          familyLabel: m[1] ?? null,
          // lsof escapes blanks in command names as \x20; the name is cut to 9 characters by default.
          processes: [{ name: (t[0]?.text ?? '').replace(/\\x20/g, ' '), pid: t[1]?.text ?? null, details: [] }],
        });
      },
      () => {
        if (!sawHeader) throw new ParseError(`${EXPECTED}; the file has none`, 1, 1);
        sink.meta('other-files-skipped', String(files));
        inventory.finish(sink, hostName, 'lsof');
      },
    );
    return noteCutLastLine(parser, sink);
  },
};
