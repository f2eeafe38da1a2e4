// Where an export is written: the path the request gives, or, for a face with native dialogs, the file
// the user chooses in the save dialog (granted for later requests, the extension added when left off).
// A cancelled dialog is a cancelled export: nothing is written and the reply says so.
import { basename, resolve } from 'node:path';
import { PortcullisError } from '../core/model/errors';
import { ENGAGEMENT_EXTENSION } from '../core/store/engagement-store';
import type { Host } from './host';

export interface SaveTargetRequest {
  channel: string;
  /** The output path given in the request, if any. */
  out: string | undefined;
  /** Ask the save dialog when no output path is given. */
  save: boolean;
  /** The engagement being exported: its name suggests the file's. */
  engagement: string;
  /** What the suggested name ends with, e.g. "-evidence-package.zip". */
  suffix: string;
  /** The extension the chosen file must end with, e.g. ".zip". */
  extension: string;
  title: string;
}

/** What each export channel asks the dialog for. */
export type SaveTarget = Pick<SaveTargetRequest, 'channel' | 'suffix' | 'extension' | 'title'>;

export const packageTarget: SaveTarget = {
  channel: 'export.package',
  suffix: '-evidence-package.zip',
  extension: '.zip',
  title: 'Save the signed evidence package',
};

export const reportTarget: SaveTarget = {
  channel: 'export.report',
  suffix: '-report.pdf',
  extension: '.pdf',
  title: 'Save the PDF report',
};

/** The engagement's file name without its extension, e.g. "acme-2026" for ".../acme-2026.portcullis". */
export function engagementStem(path: string): string {
  const name = basename(path);
  return name.toLowerCase().endsWith(ENGAGEMENT_EXTENSION) ? name.slice(0, -ENGAGEMENT_EXTENSION.length) : name;
}

/** The absolute output path, checked against the face's path policy by `resolvePath`. */
export async function saveTarget(
  host: Pick<Host, 'dialogs' | 'grant'>,
  resolvePath: (p: string) => string,
  req: SaveTargetRequest,
): Promise<string> {
  if (req.out !== undefined) return resolvePath(req.out);
  if (!req.save) {
    throw new PortcullisError(
      'INVALID_REQUEST',
      `${req.channel}: out: expected the output file's path, or save: true to choose it in the save dialog`,
    );
  }
  const chosen = await host.dialogs.saveFile(req.title, `${engagementStem(req.engagement)}${req.suffix}`);
  if (chosen === null) {
    throw new PortcullisError(
      'CANCELLED',
      `${req.channel}: no file was chosen in the save dialog; nothing was written`,
    );
  }
  const withExtension = chosen.toLowerCase().endsWith(req.extension) ? chosen : `${chosen}${req.extension}`;
  const target = resolve(withExtension);
  host.grant(target);
  return resolvePath(target);
}

/** A job's output path: the handler table always resolves one before the job starts. */
export function jobOutput(channel: string, out: string | undefined): string {
  if (out === undefined) throw new PortcullisError('INTERNAL', `${channel}: the job started without an output path`);
  return out;
}
