// The report job: brings the derived tables up to date, lays out the report at its fixed time, signs it
// when an identity is given, and writes it under a temporary name that is renamed into place only when
// complete — a failed or cancelled report leaves no file behind. Reading the engagement changes nothing
// in it, so the report is not an audited command.
import { createHash } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadIdentity } from '../../core/export/identity';
import { partialPath, sweepStalePartials } from '../../core/export/partial-file';
import { commonName, signPdf } from '../../core/export/pades';
import { buildReport, pdfBuffer } from '../../core/export/report/index';
import { ensureDerived } from '../../core/inventory/derived';
import { PortcullisError } from '../../core/model/errors';
import { EngagementStore } from '../../core/store/engagement-store';
import type { JobResult, ParsedRequest } from '../contract';
import { HOST_FORMATS } from '../host-formats';
import { jobOutput } from '../save-target';
import { fontsDir } from './export-job';
import type { JobContext } from './job-handlers';

/** `identity` holds the PKCS#12 path: the handler table resolved the name in the host's identity folder. */
export async function exportReport(
  req: ParsedRequest<'export.report'>,
  ctx: JobContext,
): Promise<JobResult<'export.report'>> {
  const out = jobOutput('export.report', req.out);
  const identity = req.identity === undefined ? null : loadIdentity(req.identity, req.passphrase ?? '');
  const fixedTime = new Date(req.fixedTime ?? ctx.now()).toISOString();
  const store = EngagementStore.open(req.path, ctx);
  let pdf: Buffer;
  let built;
  try {
    ctx.progress(0, 3, 'Bringing the insecure items and the inventory up to date');
    ensureDerived(store, ctx, HOST_FORMATS);
    if (ctx.signal.aborted) throw new PortcullisError('CANCELLED', 'report cancelled; no file was written');
    ctx.progress(1, 3, 'Laying out the report');
    const info = store.info();
    built = buildReport(store.db, { fixedTime, assessor: { name: info.assessor }, fontsDir: fontsDir() });
    ctx.progress(2, 3, identity ? 'Signing the report' : 'Writing the report');
    pdf = identity ? await signPdf(built, identity) : await pdfBuffer(built.doc);
  } finally {
    store.close();
  }
  if (ctx.signal.aborted) throw new PortcullisError('CANCELLED', 'report cancelled; no file was written');
  sweepStalePartials(out);
  const partial = partialPath(out);
  try {
    writeFileSync(partial, pdf, { flag: 'wx' });
    renameSync(partial, out);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new PortcullisError('IO_ERROR', `${out}: cannot write the report (${(err as Error).message})`);
  }
  ctx.progress(3, 3, 'Report written');
  return {
    out: out,
    bytes: pdf.length,
    sha256: createHash('sha256').update(pdf).digest('hex'),
    pages: built.pages,
    items: built.data.items.length,
    fixedTime,
    signer: identity ? commonName(identity.certificate) : null,
  };
}
