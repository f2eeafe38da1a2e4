// A single self-overwriting progress line on a terminal; nothing at all when piped or with --json.
import type { PortcullisEvent } from '../api/contract';
import { formatBytes } from './format';
import type { CliIo } from './io';

export function progressPrinter(io: CliIo, enabled: boolean): { onEvent(e: PortcullisEvent): void; clear(): void } {
  let drawn = false;
  return {
    onEvent(e) {
      if (!enabled || e.type !== 'job.progress') return;
      const pct = e.total ? Math.floor((e.done / e.total) * 100) : null;
      const amount = e.total ? `${formatBytes(e.done)} of ${formatBytes(e.total)}` : formatBytes(e.done);
      io.stderr(`\r\u001b[2K${e.phase}: ${pct === null ? '' : `${pct}% `}(${amount})`);
      drawn = true;
    },
    clear() {
      if (drawn) io.stderr('\r\u001b[2K');
      drawn = false;
    },
  };
}
