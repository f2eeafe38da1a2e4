// masscan JSON (-oJ): a JSON array of records, in practice one per line, read incrementally so that
// files of any size stream. Tolerates what masscan versions really write: commas after every record
// (also before "]"), and the unquoted `{finished: 1}` trailer of 1.0.x. A zero-byte file is masscan's
// way of saying nothing was open, so empty input imports nothing rather than failing.
import { ParseError, type FormatSpec, type ImportSink, type StreamParser } from '../types';
import { epochToIso, quote } from './scan-common';
import { ScanRecords } from './scan-records';

/** One record is a host and a port, with at most a 64 KiB banner escaped six-fold by masscan. */
export const MAX_RECORD = 1024 * 1024;

const FINISHED_TRAILER = /^\{\s*"?finished"?\s*:\s*1\s*\}$/;
const RECORD_KEYS = new Set(['ip', 'timestamp', 'ports']);
const PORT_KEYS = new Set(['port', 'proto', 'status', 'reason', 'ttl', 'service']);

export const masscanJsonFormat: FormatSpec = {
  id: 'masscan-json',
  label: 'masscan JSON (-oJ)',
  family: 'scan',
  parserVersion: '1',
  detector: 'a JSON array whose first object has "ip", "timestamp" and "ports": [{"port", "proto", ...}] (masscan -oJ)',
  detect(head) {
    if (
      /^\uFEFF?\s*\[\s*\{\s*"ip"\s*:\s*"[^"]*"\s*,\s*"timestamp"\s*:\s*"\d+"\s*,\s*"ports"\s*:\s*\[\s*\{\s*"port"\s*:/.test(
        head,
      )
    )
      return 0.95;
    return 0;
  },
  needsHostName: false,
  create: (sink) => masscanJsonParser(sink),
};

function masscanJsonParser(sink: ImportSink): StreamParser {
  const records = new ScanRecords(sink, 'masscan');
  const noted = new Set<string>();
  type Phase = 'start' | 'between' | 'object' | 'done';
  let phase: Phase = 'start';
  let line = 1;
  let column = 0;
  let objLine = 1;
  let parts: string[] = [];
  let size = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;

  const fail = (message: string, at = line, col: number | null = column) => new ParseError(message, at, col);
  const noteOnce = (key: string, what: string, at: number) => {
    if (noted.has(key)) return;
    noted.add(key);
    sink.note({ line: at, column: null, what: `${what} (noted once)` });
  };

  function record(text: string, at: number) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      if (FINISHED_TRAILER.test(text.trim())) return; // masscan 1.0.x closes with {finished: 1}; not a record
      throw fail(
        `not valid JSON (${(err as Error).message}) in the record starting here; expected a masscan record`,
        at,
        null,
      );
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
      throw fail('expected each array element to be a masscan record object', at, null);
    const r = value as Record<string, unknown>;
    if ('finished' in r && Object.keys(r).length === 1) return;
    for (const k of Object.keys(r))
      if (!RECORD_KEYS.has(k)) noteOnce(`record:${k}`, `unrecognised record field ${quote(k)} skipped`, at);
    if (typeof r.ip !== 'string') throw fail('expected the record to have an "ip" string', at, null);
    if (!Array.isArray(r.ports)) throw fail('expected the record to have a "ports" array', at, null);
    const seenAt = epochToIso(
      typeof r.timestamp === 'string' || typeof r.timestamp === 'number' ? r.timestamp : undefined,
    );
    for (const p of r.ports as unknown[]) {
      if (!p || typeof p !== 'object') throw fail('expected each entry of "ports" to be an object', at, null);
      const e = p as Record<string, unknown>;
      for (const k of Object.keys(e))
        if (!PORT_KEYS.has(k)) noteOnce(`port:${k}`, `unrecognised port field ${quote(k)} skipped`, at);
      const service = e.service;
      if (service && typeof service === 'object') {
        const s = service as Record<string, unknown>;
        records.banner(
          {
            ip: r.ip,
            proto: e.proto,
            port: e.port,
            app: String(s.name ?? 'unknown'),
            banner: String(s.banner ?? ''),
            reason: null,
            seenAt,
          },
          at,
        );
      } else if (typeof e.status === 'string') {
        records.status(
          {
            ip: r.ip,
            proto: e.proto,
            port: e.port,
            status: e.status,
            reason: typeof e.reason === 'string' ? e.reason : null,
            seenAt,
          },
          at,
        );
      } else {
        throw fail('expected each port entry to have a "status" or a "service"', at, null);
      }
    }
  }

  function feed(text: string) {
    let objStart = phase === 'object' ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        line++;
        column = 0;
      } else {
        column++;
      }
      if (phase === 'object') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92) escaped = true;
          else if (c === 34) inString = false;
        } else if (c === 34) {
          inString = true;
        } else if (c === 123) {
          depth++;
        } else if (c === 125 && --depth === 0) {
          parts.push(text.slice(objStart, i + 1));
          const obj = parts.join('');
          parts = [];
          size = 0;
          phase = 'between';
          record(obj, objLine);
        }
        continue;
      }
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) continue;
      if (phase === 'start') {
        if (c !== 91)
          throw fail(`expected "[" (masscan -oJ writes a JSON array), found ${quote(text.slice(i, i + 20))}`);
        phase = 'between';
      } else if (phase === 'between') {
        if (c === 44) continue; // masscan puts commas before, after, or both sides of records
        if (c === 93) {
          phase = 'done';
        } else if (c === 123) {
          phase = 'object';
          objStart = i;
          objLine = line;
          depth = 1;
          inString = false;
          escaped = false;
        } else {
          throw fail(`expected a record "{" or the closing "]", found ${quote(text.slice(i, i + 20))}`);
        }
      } else {
        throw fail(`expected nothing after the closing "]", found ${quote(text.slice(i, i + 20))}`);
      }
    }
    if (phase === 'object') {
      const piece = text.slice(objStart);
      size += piece.length;
      if (size > MAX_RECORD)
        throw fail(
          `a record is longer than ${MAX_RECORD} characters; expected one masscan record per line`,
          objLine,
          null,
        );
      parts.push(piece);
    }
  }

  return {
    write: feed,
    end() {
      if (phase === 'between' || phase === 'object') {
        throw fail('the file ends before the closing "]"; the scan was interrupted or the file is truncated');
      }
      records.end();
    },
  };
}
