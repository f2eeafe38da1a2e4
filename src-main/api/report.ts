// The report channel's side in the handler table: paths resolved by the caller, an existing file never
// overwritten, the signing identity opened once here so a wrong passphrase fails at once (its name then
// replaced by its PKCS#12 path for the job), and the report's time fixed before the job starts.
import { existsSync } from 'node:fs';
import { PortcullisError } from '../core/model/errors';
import { identityPaths, openIdentity } from '../core/export/identity-store';
import type { ParsedRequest } from './contract';

export function reportJobRequest(
  identityDir: string,
  req: ParsedRequest<'export.report'>,
  resolved: { path: string; out: string },
  now: string,
): ParsedRequest<'export.report'> {
  if (existsSync(resolved.out)) {
    throw new PortcullisError('ALREADY_EXISTS', `${resolved.out}: already exists; choose another name`);
  }
  if (req.identity === undefined) return { ...req, ...resolved, fixedTime: req.fixedTime ?? now };
  openIdentity(identityDir, req.identity, req.passphrase ?? '');
  return {
    ...req,
    ...resolved,
    identity: identityPaths(identityDir, req.identity).p12,
    fixedTime: req.fixedTime ?? now,
  };
}
