// The PAdES-B-B signature of the report: pdfsig (poppler) reports it valid as ETSI.CAdES.detached and
// covering the whole document; the signed bytes are reproducible for the same state, RSA key and fixed
// time; verifyPdfSignature accepts it and names exactly what breaks when a byte is flipped, the file is
// cut short, or the PDF is not signed at all.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOST_FORMATS } from '../../src-main/api/host-formats';
import { newIdentity, newLocalCa, type Identity } from '../../src-main/core/export/identity';
import { signPdf, verifyPdfSignature } from '../../src-main/core/export/pades';
import { buildReport } from '../../src-main/core/export/report/index';
import { ensureDerived } from '../../src-main/core/inventory/derived';
import { EngagementStore } from '../../src-main/core/store/engagement-store';
import { fixedContext, tempDir } from './helpers';
import { importInto } from './import-helpers';
import { NMAP_LOCAL_TCP_XML } from './import-scan-fixtures';
import { pdfSig, popplerAvailable, reportOptions, renderAt } from './report-helpers';

let ca: Identity;
let signer: Identity;
beforeAll(() => {
  ca = newLocalCa({ commonName: 'Example QSA LLP CA', organization: 'Example QSA LLP', keyType: 'rsa-3072' });
  signer = newIdentity({ commonName: 'Alice Auditor', organization: 'Example QSA LLP', keyType: 'rsa-3072', ca });
});

async function engagement(): Promise<string> {
  const file = join(tempDir(), 'local-tcp.xml');
  writeFileSync(file, NMAP_LOCAL_TCP_XML);
  const { store } = await importInto(file);
  ensureDerived(store, fixedContext(), HOST_FORMATS);
  store.close();
  return store.path;
}

async function signed(path: string, id: Identity): Promise<Buffer> {
  const store = EngagementStore.open(path);
  try {
    return await signPdf(buildReport(store.db, reportOptions()), id);
  } finally {
    store.close();
  }
}

describe('PAdES-B-B signature of the report', () => {
  it.skipIf(!popplerAvailable)('is valid for pdfsig, as ETSI.CAdES.detached over the whole document', async () => {
    const pdf = await signed(await engagement(), signer);
    const r = pdfSig(pdf);
    expect(r.stdout).toContain('Signature Type: ETSI.CAdES.detached');
    expect(r.stdout).toContain('Total document signed');
    expect(r.stdout).toContain('Signature Validation: Signature is Valid.');
    expect(r.stdout).toContain('Signer Certificate Common Name: Alice Auditor');
    expect(r.stdout).toContain('Signing Time: Nov 20 2026 10:00:00');
  });

  it('is byte-reproducible with an RSA key and the same fixed time, and verifies', async () => {
    const path = await engagement();
    const a = await signed(path, signer);
    const b = await signed(path, signer);
    expect(a.equals(b)).toBe(true);
    expect(verifyPdfSignature(a)).toEqual({
      ok: true,
      detail: 'PAdES-B-B (ETSI.CAdES.detached) signature by Alice Auditor covers the whole document and verifies',
      signer: 'Alice Auditor',
    });
    // The signed attributes carry signingCertificateV2 and no signingTime; the date is the /M entry.
    // Every date in the file (/M, CreationDate, ModDate) is the report's fixed time.
    expect(a.toString('latin1')).toMatch(/\/M \(D:20261120100000Z\)/);
    expect(a.toString('latin1').match(/\(D:\d{14}Z\)/g)).toEqual(Array(3).fill('(D:20261120100000Z)'));
  });

  it('names what fails: a changed byte, a changed signature, a cut file, an unsigned PDF', async () => {
    const path = await engagement();
    const pdf = await signed(path, signer);
    const text = pdf.toString('latin1');
    const m = /\/ByteRange \[0 (\d+) (\d+) (\d+)\]/.exec(text)!;
    const hole = Number(m[1]);

    const changed = Buffer.from(pdf);
    changed[200] = changed[200]! ^ 0x01;
    expect(verifyPdfSignature(changed)).toMatchObject({ ok: false, signer: 'Alice Auditor' });
    expect(verifyPdfSignature(changed).detail).toMatch(/changed after signing/);

    const tail = Buffer.from(pdf);
    tail[pdf.length - 10] = tail[pdf.length - 10]! ^ 0x01;
    expect(verifyPdfSignature(tail).detail).toMatch(/changed after signing/);

    // Flip a digit of the RSA signature value (near the end of the CMS, before the zero padding).
    const cmsEnd = text.indexOf('000000', hole + 1);
    const sig = Buffer.from(pdf);
    sig[cmsEnd - 4] = sig[cmsEnd - 4] === 0x30 ? 0x31 : 0x30;
    expect(verifyPdfSignature(sig).detail).toMatch(/does not verify against the signer certificate/);

    expect(verifyPdfSignature(pdf.subarray(0, pdf.length - 100)).detail).toMatch(/does not cover the whole file/);
    const unsigned = await renderAt(path);
    expect(verifyPdfSignature(unsigned)).toEqual({
      ok: false,
      detail: 'the PDF is not signed: it has no /ByteRange',
      signer: null,
    });
  });

  it('also signs with a P-256 key (ECDSA: valid, though not byte-reproducible)', async () => {
    const p256 = newIdentity({ commonName: 'Bob Assessor', keyType: 'p256' });
    const pdf = await signed(await engagement(), p256);
    expect(verifyPdfSignature(pdf)).toMatchObject({ ok: true, signer: 'Bob Assessor' });
    if (popplerAvailable) expect(pdfSig(pdf).stdout).toContain('Signature is Valid.');
  });
});
