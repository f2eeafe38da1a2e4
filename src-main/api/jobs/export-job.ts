// The export job: brings the derived tables up to date, opens the signing identity, and writes the signed
// package with the PDF report (signed with the same identity) and the reconciliation, in a worker with
// progress and cancel. A failed or cancelled export leaves no file behind (see writePackage).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadIdentity } from '../../core/export/identity';
import { writePackage, type PackageResult } from '../../core/export/package';
import { signPdf } from '../../core/export/pades';
import { buildReport } from '../../core/export/report/index';
import { ensureDerived } from '../../core/inventory/derived';
import { reconcile, RECONCILE_CATEGORIES } from '../../core/reconcile/reconcile';
import { EngagementStore } from '../../core/store/engagement-store';
import type { ParsedRequest } from '../contract';
import { HOST_FORMATS } from '../host-formats';
import { jobOutput } from '../save-target';
import type { JobContext } from './job-handlers';

/**
 * The fonts shipped in resources/fonts: three levels above this source file (tests), two above out/main
 * (built), and inside app.asar when the worker runs unpacked beside it (packaged app).
 */
export function fontsDir(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  const dir = fileURLToPath(
    new URL(fromSource ? '../../../resources/fonts/' : '../../resources/fonts/', import.meta.url),
  );
  const packed = dir.replace(/app\.asar\.unpacked/, 'app.asar');
  return existsSync(dir) ? dir : packed;
}

/** `identity` holds the PKCS#12 path: the handler table resolved the name in the host's identity folder. */
export async function exportPackage(req: ParsedRequest<'export.package'>, ctx: JobContext): Promise<PackageResult> {
  const out = jobOutput('export.package', req.out);
  const identity = loadIdentity(req.identity, req.passphrase);
  const store = EngagementStore.open(req.path, ctx);
  // Stored files are read once, in order: a small page cache keeps memory flat without costing speed.
  store.db.pragma('cache_size = -2048');
  try {
    ctx.progress(0, null, 'Bringing the insecure items and the inventory up to date');
    const { version, document } = ensureDerived(store, ctx, HOST_FORMATS);
    const exportTime = req.fixedTime ?? ctx.now();
    const info = store.info();
    return await writePackage(store, {
      out,
      identity,
      exportTime,
      signal: ctx.signal,
      progress: ctx.progress,
      report: async ({ packageId, engagementHash }) =>
        signPdf(
          buildReport(store.db, {
            fixedTime: new Date(exportTime).toISOString(),
            assessor: { name: info.assessor },
            packageId,
            engagementHash,
            fontsDir: fontsDir(),
          }),
          identity,
        ),
      reconciliation: () =>
        reconcile(store.db, document, version, {
          asOf: new Date(exportTime).toISOString().slice(0, 10),
          days: 30,
          categories: RECONCILE_CATEGORIES,
        }),
    });
  } finally {
    store.close();
  }
}
