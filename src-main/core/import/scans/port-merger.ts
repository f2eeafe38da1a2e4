// One observation per (host, protocol, port) within an import, for the scanners that report a port
// more than once: masscan writes a port's status and each banner as separate records, naabu repeats
// ports by design. Only a bounded window of observations is held; the rest are written as they age.
import type { Observation } from '../../model/observation';
import type { ImportSink } from '../types';

/** Observations held back for merging; older ones are written when the window is full. */
export const MERGE_WINDOW = 50_000;
/** Distinct ports remembered after they are written, to recognise late repeats. */
export const MAX_REMEMBERED = 4_000_000;

export type MergeOutcome = 'new' | 'merged' | 'duplicate' | 'late';

export class PortMerger {
  /** Records that added nothing to a port already seen (exact repeats). */
  duplicates = 0;
  private readonly pending = new Map<string, Observation>();
  /** Keys of `pending` in arrival order from `head` on (Map iteration slows down after many deletions). */
  private order: string[] = [];
  private head = 0;
  private readonly written = new Set<string>();
  private rememberingStopped = false;

  constructor(
    private readonly sink: ImportSink,
    private readonly window = MERGE_WINDOW,
    private readonly remembered = MAX_REMEMBERED,
  ) {}

  add(o: Observation, line: number | null): MergeOutcome {
    const key = `${o.hostIp ?? o.hostNames.join(',')}/${o.proto}/${o.port}`;
    const held = this.pending.get(key);
    if (held) {
      if (mergeInto(held, o)) return 'merged';
      this.duplicates++;
      return 'duplicate';
    }
    if (this.written.has(key)) {
      // The port was written already; a bare repeat is a duplicate, anything carrying more is kept as
      // its own observation rather than lost.
      if (o.facts.length === 0 && o.scripts.length === 0 && !o.service && !o.product && !o.version) {
        this.duplicates++;
        return 'duplicate';
      }
      this.sink.note({
        line,
        column: null,
        what: `${o.proto}/${o.port} on ${o.hostIp ?? o.hostNames.join(',')} was reported again more than ${this.window} ports later; written as a separate observation`,
      });
      this.sink.observation(o);
      return 'late';
    }
    this.pending.set(key, o);
    this.order.push(key);
    if (this.pending.size > this.window) this.flushOldest(line);
    return 'new';
  }

  /** Writes everything still held. */
  end(): void {
    for (const o of this.pending.values()) this.sink.observation(o);
    this.pending.clear();
    this.order = [];
    this.head = 0;
  }

  private flushOldest(line: number | null): void {
    const key = this.order[this.head++];
    if (this.head > this.window) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    const o = key === undefined ? undefined : this.pending.get(key);
    if (key === undefined || !o) return;
    this.pending.delete(key);
    this.sink.observation(o);
    if (this.written.size < this.remembered) {
      this.written.add(key);
    } else if (!this.rememberingStopped) {
      this.rememberingStopped = true;
      this.sink.note({
        line,
        column: null,
        what: `more than ${this.remembered} distinct ports: later repeats of early ports can no longer be recognised and may be written twice`,
      });
    }
  }
}

/** Adds what `src` knows to `target`; true when anything changed. An open report wins over others. */
export function mergeInto(target: Observation, src: Observation): boolean {
  let changed = false;
  const add = <T>(list: T[], item: T, same: (a: T) => boolean) => {
    if (list.some(same)) return;
    list.push(item);
    changed = true;
  };
  for (const n of src.hostNames) add(target.hostNames, n, (t) => t === n);
  for (const c of src.cpes) add(target.cpes, c, (t) => t === c);
  for (const f of src.facts) add(target.facts, f, (t) => t.key === f.key && t.value === f.value);
  for (const s of src.scripts) add(target.scripts, s, (t) => t.id === s.id && t.output === s.output);
  if (src.state === 'open' && target.state !== 'open') {
    target.state = 'open';
    target.reason = src.reason;
    changed = true;
  }
  const fill = ['mac', 'reason', 'service', 'product', 'version', 'extraInfo', 'tunnel', 'method', 'seenAt'] as const;
  for (const k of fill) {
    if (target[k] === null && src[k] !== null) {
      target[k] = src[k];
      changed = true;
    }
  }
  if (target.confidence === null && src.confidence !== null) {
    target.confidence = src.confidence;
    changed = true;
  }
  return changed;
}
