// The built `portcullis` command, run as a user would (after `npm run build`): a new engagement, its
// chain verified, then one audit row edited with the sqlite3 shell and the chain reported broken.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/portcullis.js', import.meta.url));
const built = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url));
let cwd: string;

function portcullis(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PORTCULLIS_ACTOR: 'ci-qsa' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" before this test`);
  cwd = mkdtempSync(join(tmpdir(), 'portcullis-cli-'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('built CLI', () => {
  it('new, audit verify, tamper with sqlite3, audit verify again', () => {
    const created = portcullis('new', 'demo.portcullis', '--entity', 'Acme', '--assessor', 'A. Assessor', '--json');
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ entity: 'Acme', assessor: 'A. Assessor', createdBy: 'ci-qsa' });

    writeFileSync(join(cwd, 'listeners.txt'), 'tcp LISTEN 0 128 0.0.0.0:23 0.0.0.0:* users:(("telnetd",pid=1,fd=3))\n');
    const added = portcullis('file', 'add', 'demo.portcullis', 'listeners.txt', '--json');
    expect(added.status).toBe(0);

    const valid = portcullis('audit', 'verify', 'demo.portcullis', '--json');
    expect(valid.status).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({ valid: true, entries: 2 });

    execFileSync('sqlite3', [
      join(cwd, 'demo.portcullis'),
      "UPDATE audit_log SET command = 'nothing.happened' WHERE seq = 2;",
    ]);
    const invalid = portcullis('audit', 'verify', 'demo.portcullis', '--json');
    expect(invalid.status).toBe(1);
    expect(JSON.parse(invalid.stdout)).toMatchObject({ valid: false, firstBad: { seq: 2 } });
    expect(portcullis('audit', 'verify', 'demo.portcullis').stdout).toMatch(/INVALID at entry 2/);
  });

  it('finds the shipped sample beside the bundle and writes a copy', () => {
    const copied = portcullis('sample', 'explore.portcullis', '--json');
    expect(copied.stderr).toBe('');
    expect(JSON.parse(copied.stdout)).toMatchObject({ entity: 'Harbor Street Grocers (sample)' });
    const log = JSON.parse(portcullis('audit', 'log', 'explore.portcullis', '--json').stdout) as { actor: string }[];
    expect(log.at(-1)).toMatchObject({ actor: 'ci-qsa', command: 'engagement.sample' });
  });

  it('stops quietly when its reader closes the pipe early (| head)', () => {
    // A masscan list of 8000 open ports gives ~1 MB of CSV, far more than a pipe buffers, so the CLI is
    // still writing when head exits.
    const lines = ['#masscan'];
    for (let i = 0; i < 8000; i++) lines.push(`open tcp ${1 + (i % 60000)} 10.9.${i >> 8}.${i & 255} 1700000000`);
    lines.push('# end');
    writeFileSync(join(cwd, 'big.lst'), `${lines.join('\n')}\n`);
    portcullis('new', 'pipe.portcullis', '--entity', 'Acme', '--assessor', 'A');
    expect(portcullis('import', 'pipe.portcullis', 'big.lst').status).toBe(0);
    const r = spawnSync(
      '/bin/sh',
      ['-c', `"${process.execPath}" "${bin}" observations pipe.portcullis --csv | head -n 2`],
      {
        cwd,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^"host_ip","host_names"/);
    expect(r.stderr).toBe('');
  });

  it('fails with a one-line error and a non-zero exit', () => {
    const r = portcullis('info', 'missing.portcullis');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^portcullis: error: .*missing\.portcullis: no such engagement file\n$/);
  });
});
