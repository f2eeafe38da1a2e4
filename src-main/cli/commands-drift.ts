// CLI commands for drift between two scan imports (text, JSON or CSV) and the timeline of one service
// across every scan import.
import type { Response } from '../api/contract';
import { path0, str } from './args';
import type { CommandSpec } from './commands';
import { driftCsv, formatDrift, formatTimeline } from './format-drift';

/** A whole number as typed; anything else goes through for the schema to refuse with its message. */
const wholeNumber = (v: string | undefined): number | string | undefined =>
  v !== undefined && /^\d+$/.test(v) ? Number(v) : v;

export const driftCommands: CommandSpec[] = [
  {
    words: ['drift'],
    usage:
      'portcullis drift <file.portcullis> --from IMPORT --to IMPORT [--change KIND] [--insecure] [--limit N] [--offset N] [--csv]',
    summary:
      'what changed between two scan imports: ports opened/closed, new/gone hosts, service and script changes (KIND: opened, new-host, closed, host-gone, service-changed, scripts-changed)',
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      change: { type: 'string' },
      insecure: { type: 'boolean' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      csv: { type: 'boolean' },
    },
    minArgs: 1,
    maxArgs: 1,
    channel: 'drift.compare',
    request: (a) => ({
      path: path0(a),
      from: wholeNumber(str(a.values.from)),
      to: wholeNumber(str(a.values.to)),
      ...(str(a.values.change) !== undefined ? { change: str(a.values.change) } : {}),
      ...(a.values.insecure === true ? { insecure: true } : {}),
      ...(str(a.values.limit) !== undefined ? { limit: wholeNumber(str(a.values.limit)) } : {}),
      ...(str(a.values.offset) !== undefined ? { offset: wholeNumber(str(a.values.offset)) } : {}),
    }),
    render: (v) => formatDrift(v as Response<'drift.compare'>),
    csvPage: driftCsv,
  },
  {
    words: ['timeline'],
    usage: 'portcullis timeline <file.portcullis> --port PORT/PROTO [--host H] [--limit N] [--offset N]',
    summary: 'one service (e.g. 23/tcp) across every scan import, in import order: its state at each host',
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
    },
    minArgs: 1,
    maxArgs: 1,
    channel: 'drift.timeline',
    request: (a) => {
      const [port, proto = 'tcp'] = (str(a.values.port) ?? '').split('/', 2);
      return {
        path: path0(a),
        port: port === '' ? undefined : wholeNumber(port),
        proto: proto.toLowerCase(),
        ...(str(a.values.host) !== undefined ? { host: str(a.values.host) } : {}),
        ...(str(a.values.limit) !== undefined ? { limit: wholeNumber(str(a.values.limit)) } : {}),
        ...(str(a.values.offset) !== undefined ? { offset: wholeNumber(str(a.values.offset)) } : {}),
      };
    },
    render: (v) => formatTimeline(v as Response<'drift.timeline'>),
  },
];
