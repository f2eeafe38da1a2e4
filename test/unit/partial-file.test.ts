// Partial files of exports: named after the writing process, and swept by the next export into the same
// folder once that process is gone (a SIGKILL leaves them; nothing else can).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { partialPath, sweepStalePartials } from '../../src-main/core/export/partial-file';
import { tempDir } from './helpers';

describe('partial files', () => {
  it('are named after this process and swept only when their writer is gone', () => {
    const dir = tempDir();
    const out = join(dir, 'package.zip');
    const mine = partialPath(out);
    expect(mine).toMatch(new RegExp(`package\\.zip\\.partial-${process.pid}-[0-9a-f]{12}$`));
    // A process that has exited: its pid is free (until reused, which sweeping would then leave alone).
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    const dead = join(dir, `other.zip.partial-${deadPid}-0123456789ab`);
    const notOurs = join(dir, 'notes.partial-draft.txt');
    for (const f of [mine, dead, notOurs, out]) writeFileSync(f, 'x');
    expect(sweepStalePartials(out)).toEqual([`other.zip.partial-${deadPid}-0123456789ab`]);
    expect(existsSync(dead)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['notes.partial-draft.txt', 'package.zip', mine.split('/').pop()!].sort());
    expect(sweepStalePartials(join(dir, 'missing-folder', 'x.zip'))).toEqual([]);
  });
});
