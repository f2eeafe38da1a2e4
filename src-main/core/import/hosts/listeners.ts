// What every host listener inventory parser shares: the set of listening sockets of the one host the
// user named, merged to one observation per (protocol, bind address, port), and the counts of what was
// deliberately left out (connections, unix and other sockets) that go into the import's meta.
import { blankObservation, type Proto } from '../../model/observation';
import { ParseError, type ImportSink, type ParserOptions, type StreamParser } from '../types';
import { parsePortToken, splitEndpoint } from './address';

/** An owning process as the tool shows it; `details` holds Windows service names shown by netstat -b. */
export interface ProcessRef {
  name: string | null;
  pid: string | null;
  details: string[];
}

export interface ListenerRow {
  proto: Proto;
  bindAddress: string;
  port: number;
  /** The service name the tool printed instead of the port number (no -n), if it did. */
  service: string | null;
  /** The tool's own state word (LISTEN, UNCONN, LISTENING...), kept as the observation's reason. */
  reason: string | null;
  /** The tool's socket-family label (tcp6, tcp46, IPv6) when it prints one that differs from `proto`. */
  familyLabel: string | null;
  processes: ProcessRef[];
}

export interface SkipCounts {
  /** Established / time-wait / other non-listening connections. */
  connections: number;
  /** Unix domain sockets. */
  unix: number;
  /** Netlink, packet, raw, icmp, vsock and kernel sockets: no TCP/UDP port to expose. */
  other: number;
  /** UDP sockets with no local port ("*:*"), or TCP sockets bound to nothing. */
  unbound: number;
  /** Service names not in the table (the row is noted and skipped). */
  unknownNames: number;
}

export class ListenerInventory {
  private readonly byKey = new Map<string, ListenerRow>();
  private merged = 0;
  readonly skipped: SkipCounts = { connections: 0, unix: 0, other: 0, unbound: 0, unknownNames: 0 };

  /**
   * Adds a listening socket; a second socket with the same protocol, family label, bind address and port
   * (two dhclient processes, one socket per worker) merges into the first, its processes appended.
   * Returns the process list the row's owner went into, so later lines (netstat -b) can complete it.
   */
  add(row: ListenerRow): ProcessRef[] {
    const key = `${row.proto}|${row.familyLabel ?? ''}|${row.bindAddress}|${row.port}`;
    const existing = this.byKey.get(key);
    if (existing) {
      this.merged++;
      existing.processes.push(...row.processes);
      return existing.processes;
    }
    const listener: ListenerRow = { ...row, processes: [...row.processes] };
    this.byKey.set(key, listener);
    return listener.processes;
  }

  /** Emits the host once, then every listener in first-seen order, then the counts. */
  finish(sink: ImportSink, hostName: string, tool: string): void {
    sink.host({ ip: null, hostNames: [hostName], mac: null, status: 'up', seenAt: null });
    for (const l of this.byKey.values()) {
      sink.observation({
        ...blankObservation(l.proto, l.port, 'listening'),
        hostNames: [hostName],
        reason: l.reason,
        service: l.service,
        // The name came from the host's services table, not from talking to the service.
        method: l.service ? 'table' : null,
        extraInfo: l.familyLabel,
        process: formatProcesses(l.processes),
        bindAddress: l.bindAddress,
      });
    }
    sink.meta('tool', tool);
    sink.meta('listeners', String(this.byKey.size));
    sink.meta('duplicate-sockets-merged', String(this.merged));
    sink.meta('connections-skipped', String(this.skipped.connections));
    sink.meta('unix-sockets-skipped', String(this.skipped.unix));
    sink.meta('other-sockets-skipped', String(this.skipped.other));
    sink.meta('unbound-sockets-skipped', String(this.skipped.unbound));
    sink.meta('unknown-service-names', String(this.skipped.unknownNames));
  }
}

/** "sshd pid 812", several joined by ", " without repeats; Windows services in brackets after the exe. */
export function formatProcesses(processes: readonly ProcessRef[]): string | null {
  const shown = new Set<string>();
  for (const p of processes) {
    const parts: string[] = [];
    if (p.name) parts.push(p.name);
    if (p.pid) parts.push(`pid ${p.pid}`);
    if (p.details.length > 0) parts.push(`(${p.details.join(', ')})`);
    if (parts.length > 0) shown.add(parts.join(' '));
  }
  return shown.size > 0 ? [...shown].join(', ') : null;
}

/** Listener inventories describe one host; its name comes from the user, never from the file. */
export function requireHostName(options: ParserOptions, label: string): string {
  const name = options.hostName?.trim();
  if (!name) throw new ParseError(`${label} describes one host; expected the host's name to be given at import`);
  return name;
}

/** Whitespace-separated tokens with their start offsets, so "the rest of the line" keeps its spaces. */
export function tokens(line: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  for (const m of line.matchAll(/\S+/g)) out.push({ text: m[0], start: m.index });
  return out;
}

/** A line shown in a parse note: trimmed and cut to about 120 characters. */
export function shown(line: string): string {
  const t = line.trim();
  return JSON.stringify(t.length > 120 ? `${t.slice(0, 117)}...` : t);
}

/**
 * Lines before a format's header (a shell prompt, the command echoed) are noted; this many non-blank
 * ones without a header mean the file is not this format.
 */
export const MAX_PREAMBLE_LINES = 10;

/**
 * These tools end every line with a line break; a last line without one is where a copy or transfer
 * stopped, so its end (the process column, or worse) may be missing. Noted, then parsed like the rest.
 */
export function noteCutLastLine(parser: StreamParser, sink: ImportSink): StreamParser {
  let last = '';
  let breaks = 0;
  return {
    write(text) {
      if (text.length > 0) last = text.charAt(text.length - 1);
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks++;
      parser.write(text);
    },
    end() {
      if (last !== '' && last !== '\n') {
        sink.note({
          line: breaks + 1,
          column: null,
          what: 'the file does not end with a line break: its last line may be cut',
        });
      }
      parser.end();
    },
  };
}

/**
 * The local endpoint of one socket row, split into host and a usable port. Rows without a port are
 * noted, unbound sockets and unknown service names are counted (the latter noted too), and all of them
 * give null, so each parser only handles real listeners.
 */
export function localEndpoint(
  local: string,
  row: { inventory: ListenerInventory; sink: ImportSink; lineNo: number; line: string },
): { host: string; port: number; service: string | null } | null {
  const { inventory, sink, lineNo, line } = row;
  const ep = splitEndpoint(local, ':');
  if (!ep) {
    sink.note({ line: lineNo, column: 1, what: `local address "${local}" has no port: ${shown(line)}` });
    return null;
  }
  const port = parsePortToken(ep.port);
  if (port.kind === 'unbound') {
    inventory.skipped.unbound++;
    return null;
  }
  if (port.kind !== 'port') {
    if (port.kind === 'unknown-name') inventory.skipped.unknownNames++;
    const why = port.kind === 'unknown-name' ? `unknown service name "${port.name}"` : `invalid port "${ep.port}"`;
    sink.note({ line: lineNo, column: 1, what: `${why}; listener skipped: ${shown(line)}` });
    return null;
  }
  return { host: ep.host, port: port.port, service: port.service };
}
