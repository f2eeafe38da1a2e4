// Windows `netstat` (-ano, -an, -aonb with the owning executable and services on the lines after each
// socket, plain netstat): the TCP/UDP endpoints one host listens on. English output only.
import type { Proto } from '../../model/observation';
import { lineParser } from '../lines';
import { ParseError, type FormatSpec } from '../types';
import { bindAddressOf } from './address';
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

const HEADER = /^\s*Proto\s+Local Address\s+Foreign Address\s+State(\s+PID)?(\s+Offload State)?\s*$/;
const EXPECTED =
  "expected Windows netstat's 'Active Connections' and the header 'Proto  Local Address  Foreign Address  State'";
const ROW = /^\s+(TCP|UDP)\s/;

/** TCP states as Windows prints them; BOUND is netstat -q's bound-but-not-listening socket. */
const TCP_STATES = new Set([
  'LISTENING',
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECEIVED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSED',
  'DELETE_TCB',
  'BOUND',
]);

export const netstatWindows: FormatSpec = {
  id: 'netstat-windows',
  label: 'netstat connection listing (Windows)',
  family: 'hosts',
  parserVersion: '1',
  detector:
    "'Active Connections' followed by the header 'Proto  Local Address  Foreign Address  State' (optionally PID, Offload State)",
  needsHostName: true,
  detect(head) {
    const lines = head
      .split('\n', MAX_PREAMBLE_LINES + 4)
      .map((l) => l.replace(/\r$/, ''))
      .filter((l) => l.trim() !== '');
    const title = lines.findIndex((l) => l.trim() === 'Active Connections');
    const header = lines.findIndex((l) => HEADER.test(l));
    if (header < 0) return 0;
    return title >= 0 && header === title + 1 ? 0.95 : 0.7;
  },
  create(sink, options) {
    const hostName = requireHostName(options, 'A netstat listing');
    const inventory = new ListenerInventory();
    let header: { pid: boolean } | null = null;
    let preamble = 0;
    // The owner of the socket on the last row: netstat -b names its executable and services on the lines after it.
    let owner: ProcessRef | null = null;

    const parser = lineParser(
      (line, lineNo) => {
        if (line.trim() === '') return;
        // The title; netstat -b may print it again mid-listing.
        if (line.trim() === 'Active Connections') return;
        const h = HEADER.exec(line);
        if (h) {
          header = { pid: h[1] !== undefined };
          owner = null;
          return;
        }
        if (!header) {
          sink.note({ line: lineNo, column: 1, what: `line before the netstat header: ${shown(line)}` });
          if (++preamble >= MAX_PREAMBLE_LINES) throw new ParseError(`${EXPECTED} near the top`, lineNo, 1);
          return;
        }
        if (ROW.test(line)) {
          owner = row(header, line, lineNo);
          return;
        }
        const exe = /^ \[(.+)\]\s*$/.exec(line);
        if (exe && owner) {
          owner.name = exe[1] ?? null;
          return;
        }
        // netstat -b's own words when it cannot see the owner (needs elevation): the PID stays the evidence.
        if (line.trim() === 'Can not obtain ownership information' && owner) return;
        const service = /^ {2}(\S+)\s*$/.exec(line);
        if (service && owner) {
          owner.details.push(service[1] ?? '');
          return;
        }
        sink.note({ line: lineNo, column: 1, what: `unrecognised line: ${shown(line)}` });
      },
      () => {
        if (!header) throw new ParseError(`${EXPECTED}; the file has none`, 1, 1);
        inventory.finish(sink, hostName, 'netstat (Windows)');
      },
    );
    return noteCutLastLine(parser, sink);

    /** Reads one socket row; returns its owner so that netstat -b's following lines can complete it. */
    function row(cols: { pid: boolean }, line: string, lineNo: number): ProcessRef | null {
      const t = tokens(line);
      const proto: Proto = t[0]?.text === 'TCP' ? 'tcp' : 'udp';
      const local = t[1]?.text;
      let i = 3;
      const state = proto === 'tcp' ? t[i++]?.text : undefined;
      const pid = cols.pid ? t[i]?.text : undefined;
      if (
        local === undefined ||
        t[2] === undefined ||
        (proto === 'tcp' && state === undefined) ||
        (cols.pid && !/^\d+$/.test(pid ?? ''))
      ) {
        sink.note({ line: lineNo, column: 1, what: `unrecognised line: ${shown(line)}` });
        return null;
      }
      const owner: ProcessRef = { name: null, pid: pid ?? null, details: [] };
      if (proto === 'tcp' && state !== 'LISTENING') {
        if (TCP_STATES.has(state ?? '')) inventory.skipped.connections++;
        else sink.note({ line: lineNo, column: 1, what: `unknown TCP state "${state}" skipped: ${shown(line)}` });
        return owner;
      }
      const ep = localEndpoint(local, { inventory, sink, lineNo, line });
      if (!ep) return owner;
      inventory.add({
        proto,
        bindAddress: bindAddressOf(ep.host),
        port: ep.port,
        service: ep.service,
        reason: state ?? null,
        familyLabel: null,
        processes: [owner],
      });
      return owner;
    }
  },
};
