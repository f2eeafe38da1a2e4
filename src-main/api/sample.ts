// The sample engagement shipped in resources/samples/ (made by scripts/make-sample.ts): copied into the
// workspace under a new name, never opened in place, and the copy's audit log says who made it from which
// shipped file. Also the open dialog for engagement files of the start screen.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PortcullisError } from '../core/model/errors';
import type { CommandContext } from '../core/store/context';
import { EngagementStore, ENGAGEMENT_EXTENSION } from '../core/store/engagement-store';
import type { Host } from './host';

export const SAMPLE_NAME = 'harbor-street';

/**
 * The resources folder beside the built bundles: two levels above this source file (tests, tsx) and two
 * above out/main (CLI, harness and the app, whose out/main sits inside app.asar when packaged).
 */
export function bundledResourcesDir(): string {
  return fileURLToPath(new URL('../../resources/', import.meta.url));
}

export function sampleFile(resourcesDir: string): string {
  return join(resourcesDir, 'samples', `${SAMPLE_NAME}${ENGAGEMENT_EXTENSION}`);
}

/** harbor-street-sample.portcullis, or -2, -3… when taken. */
export function freeSampleName(dir: string): string {
  for (let n = 1; n < 1000; n++) {
    const name = `${SAMPLE_NAME}-sample${n === 1 ? '' : `-${n}`}${ENGAGEMENT_EXTENSION}`;
    if (!existsSync(join(dir, name))) return join(dir, name);
  }
  throw new PortcullisError('ALREADY_EXISTS', `${dir}: 999 sample copies already; remove some or name the copy`);
}

/**
 * Copies the shipped sample to `target` (which must not exist) and opens the copy, recording the copy in
 * its audit log. The bytes are read whole (the file is small) so this works from inside app.asar too.
 */
export function copySample(resourcesDir: string, target: string, ctx: CommandContext): EngagementStore {
  const source = sampleFile(resourcesDir);
  if (!target.endsWith(ENGAGEMENT_EXTENSION)) {
    throw new PortcullisError('INVALID_REQUEST', `${target}: expected a file name ending in ${ENGAGEMENT_EXTENSION}`);
  }
  if (existsSync(target)) {
    throw new PortcullisError('ALREADY_EXISTS', `${target}: a file with this name already exists; choose another name`);
  }
  if (!existsSync(dirname(target))) throw new PortcullisError('NOT_FOUND', `${dirname(target)}: folder does not exist`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(source);
  } catch {
    throw new PortcullisError(
      'NOT_FOUND',
      `${source}: the sample engagement is missing from this installation (npm run sample makes it)`,
    );
  }
  // Written under a temporary name and renamed into place, as a new engagement is.
  const tmp = join(dirname(target), `.${basename(target)}.copying-${process.pid}-${Date.now()}`);
  try {
    writeFileSync(tmp, bytes, { flag: 'wx' });
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  try {
    const store = EngagementStore.open(target, ctx);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    store.mutate(ctx, 'engagement.sample', { sample: SAMPLE_NAME, sha256 }, () => undefined);
    return store;
  } catch (err) {
    for (const f of [target, `${target}-wal`, `${target}-shm`]) rmSync(f, { force: true });
    throw err;
  }
}

/** The native open dialog for one engagement file; the chosen path is granted to later requests. */
export async function chooseEngagement(host: Host): Promise<{ path: string | null }> {
  const [chosen] = await host.dialogs.openFiles('Open an engagement', {
    multiple: false,
    filters: [{ name: 'Portcullis engagements', extensions: ['portcullis'] }],
  });
  if (chosen === undefined) return { path: null };
  const path = resolve(chosen);
  if (!path.endsWith(ENGAGEMENT_EXTENSION)) {
    throw new PortcullisError(
      'INVALID_REQUEST',
      `${path}: not a Portcullis engagement; expected a file ending in ${ENGAGEMENT_EXTENSION}`,
    );
  }
  host.grant(path);
  return { path };
}
