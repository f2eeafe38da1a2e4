// iproute2 `ss` listings (ss -tulpn, -tulpen, -a, the wide output with a Process column, and single-protocol
// runs like ss -tlpn that print no Netid column): the TCP/UDP/SCTP sockets one host listens on.
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

// The header may be glued to the next column ("Peer Address:PortProcess") in newer iproute2.
const HEADER = /^\s*(Netid\s+)?State\s+Recv-Q\s+Send-Q\s+Local\s+Address:Port\s+Peer\s+Address:Port/;
const EXPECTED = "expected the ss header 'Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port'";

/** Socket states ss prints (sstate_name in iproute2), other than LISTEN and UNCONN. */
const OTHER_STATES = new Set([
  'ESTAB',
  'SYN-SENT',
  'SYN-RECV',
  'FIN-WAIT-1',
  'FIN-WAIT-2',
  'TIME-WAIT',
  'CLOSE-WAIT',
  'LAST-ACK',
  'CLOSING',
  'CLOSED',
  'UNKNOWN',
  'BOUND',
]);

/** Netids with no TCP/UDP/SCTP port: netlink, packet, raw/icmp, vsock, dccp, tipc, xdp. */
const OTHER_NETIDS = new Set(['nl', 'p_raw', 'p_dgr', 'raw', 'icmp', 'icmp6', 'v_str', 'v_dgr', 'dccp', 'tipc', 'xdp']);

/** users:(("sshd",pid=812,fd=3),...) — older iproute2 printed ("sshd",812,3). */
const USER_ENTRY = /\("((?:[^"\\]|\\.)*)",(?:pid=)?(\d+)/g;

export const ss: FormatSpec = {
  id: 'ss',
  label: 'ss socket listing (iproute2)',
  family: 'hosts',
  parserVersion: '1',
  detector:
    "first line (after at most a few preamble lines) is the ss header 'Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port', with or without Netid",
  needsHostName: true,
  detect(head) {
    const lines = head.split('\n', MAX_PREAMBLE_LINES + 1).filter((l) => l.trim() !== '');
    const at = lines.findIndex((l) => HEADER.test(l));
    return at === 0 ? 0.95 : at > 0 ? 0.8 : 0;
  },
  create(sink, options) {
    const hostName = requireHostName(options, 'An ss listing');
    const inventory = new ListenerInventory();
    let header: { netid: boolean } | null = null;
    let preamble = 0;
    let inferred = 0;
    let detailLines = 0;
    // The last SCTP listener, for the "`- addr:port" lines that list its further addresses.
    let lastSctp: { processes: ProcessRef[]; reason: string } | null = null;

    const parser = lineParser(
      (line, lineNo) => {
        if (line.trim() === '') return;
        const h = HEADER.exec(line);
        if (h) {
          // A second header: several runs pasted into one file; the columns may differ between them.
          header = { netid: h[1] !== undefined };
          return;
        }
        if (!header) {
          sink.note({ line: lineNo, column: 1, what: `line before the ss header: ${shown(line)}` });
          if (++preamble >= MAX_PREAMBLE_LINES) throw new ParseError(`${EXPECTED} near the top`, lineNo, 1);
          return;
        }
        const sub = /^\s*`-\s*(\S+)\s*$/.exec(line);
        if (sub && lastSctp) {
          addListener('sctp', sub[1] ?? '', lastSctp.reason, lastSctp.processes, lineNo, line);
          return;
        }
        // ss -i / -m / -o put per-socket details on tab-indented lines under the socket: not listeners.
        if (line.startsWith('\t')) {
          detailLines++;
          return;
        }
        lastSctp = null;
        const t = tokens(line);
        const off = header.netid ? 1 : 0;
        const netid = header.netid ? t[0]?.text : undefined;
        const state = t[off]?.text;
        const local = t[off + 3]?.text;
        if (state === undefined || local === undefined || t[off + 4] === undefined) {
          sink.note({ line: lineNo, column: 1, what: `unrecognised line: ${shown(line)}` });
          return;
        }
        if (netid?.startsWith('u_')) {
          inventory.skipped.unix++;
          return;
        }
        if (netid !== undefined && OTHER_NETIDS.has(netid)) {
          inventory.skipped.other++;
          return;
        }
        if (!/^\d+$/.test(t[off + 1]?.text ?? '') || !/^\d+$/.test(t[off + 2]?.text ?? '')) {
          sink.note({ line: lineNo, column: 1, what: `unrecognised line (Recv-Q/Send-Q not numbers): ${shown(line)}` });
          return;
        }
        let proto: Proto;
        if (netid === 'tcp' || netid === 'mptcp') proto = 'tcp';
        else if (netid === 'udp') proto = 'udp';
        else if (netid === 'sctp') proto = 'sctp';
        else if (netid !== undefined) {
          sink.note({ line: lineNo, column: 1, what: `unknown socket type "${netid}" skipped: ${shown(line)}` });
          return;
        } else if (local.startsWith('/') || local.startsWith('@')) {
          // Without a Netid column a unix socket shows itself by its path.
          inventory.skipped.unix++;
          return;
        } else if (state === 'LISTEN' || state === 'UNCONN') {
          // Single-protocol runs (ss -tlpn, ss -ulpn) print no Netid: TCP listens, UDP is UNCONN.
          proto = state === 'LISTEN' ? 'tcp' : 'udp';
          inferred++;
        } else proto = 'tcp';

        const listening = proto === 'udp' ? state === 'UNCONN' : state === 'LISTEN';
        if (!listening) {
          if (OTHER_STATES.has(state) || state === 'UNCONN' || state === 'LISTEN') inventory.skipped.connections++;
          else sink.note({ line: lineNo, column: 1, what: `unknown socket state "${state}" skipped: ${shown(line)}` });
          return;
        }
        const rest = t[off + 5] ? line.slice(t[off + 5]?.start) : '';
        const processes = processesOf(rest);
        addListener(proto, local, state, processes, lineNo, line, netid === 'mptcp' ? 'mptcp' : null);
        if (proto === 'sctp') lastSctp = { processes, reason: state };
      },
      () => {
        if (!header) throw new ParseError(`${EXPECTED}; the file has none`, 1, 1);
        if (inferred > 0)
          sink.meta(
            'proto-inferred',
            `${inferred} rows: no Netid column, so LISTEN rows were taken as tcp and UNCONN rows as udp`,
          );
        if (detailLines > 0) sink.meta('detail-lines-skipped', String(detailLines));
        inventory.finish(sink, hostName, 'ss');
      },
    );
    return noteCutLastLine(parser, sink);

    function addListener(
      proto: Proto,
      local: string,
      reason: string,
      processes: ProcessRef[],
      lineNo: number,
      line: string,
      familyLabel: string | null = null,
    ): void {
      const ep = localEndpoint(local, { inventory, sink, lineNo, line });
      if (!ep) return;
      inventory.add({
        proto,
        bindAddress: bindAddressOf(ep.host),
        port: ep.port,
        service: ep.service,
        reason,
        familyLabel,
        processes,
      });
    }
  },
};

/**
 * The owners from users:((...)). The other extras ss prints after the peer (uid:, ino:, sk:, cgroup:,
 * v6only:, timer:(...), <->) are left unread on purpose: they do not change what the host exposes.
 */
function processesOf(rest: string): ProcessRef[] {
  const at = rest.indexOf('users:(');
  if (at < 0) return [];
  return [...rest.slice(at).matchAll(USER_ENTRY)].map((m) => ({ name: m[1] ?? null, pid: m[2] ?? null, details: [] }));
}
