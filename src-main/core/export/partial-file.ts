// Files being written are named `<out>.partial-<pid>-<random>` beside their target and renamed into place
// only when complete, so no half-written package or report ever carries the real name. A process killed
// outright (power cut, SIGKILL) cannot remove its partial file; the next export or report into the same
// folder removes every partial file whose writing process is gone.
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PARTIAL = /\.partial-(\d+)-[0-9a-f]{12}$/;

export function partialPath(out: string): string {
  return `${out}.partial-${process.pid}-${randomBytes(6).toString('hex')}`;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but is someone else's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the partial files left in `out`'s folder by processes that no longer run; answers their names. */
export function sweepStalePartials(out: string): string[] {
  const dir = dirname(out);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = PARTIAL.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
