// The `report` command: the engagement's PDF report on its own, optionally signed (PAdES-B-B) with a
// signing identity. The passphrase comes from --passphrase-file, PORTCULLIS_PASSPHRASE or a no-echo
// prompt, never from argv, and is asked for only when the report is to be signed.
import type { JobResult } from '../api/contract';
import { path0, str } from './args';
import type { CommandSpec } from './commands';
import { readSecret } from './secret';

function formatReport(r: JobResult<'export.report'>): string {
  return [
    `Wrote ${r.out}`,
    `  ${r.pages.toLocaleString('en')} pages, ${r.items.toLocaleString('en')} insecure items, ${r.bytes.toLocaleString('en')} bytes, dated ${r.fixedTime}`,
    `  SHA-256 ${r.sha256}`,
    r.signer
      ? `  signed (PAdES-B-B) by ${r.signer}; check it with: pdfsig ${r.out}`
      : '  not signed (give --identity NAME to sign it)',
  ].join('\n');
}

export const reportCommands: CommandSpec[] = [
  {
    words: ['report'],
    usage:
      'portcullis report <file.portcullis> --out REPORT.pdf [--identity NAME [--passphrase-file F]] [--fixed-time ISO]',
    summary:
      'write the PDF report (cover, standard, inventory, every insecure item, workpaper, appendix), signed when --identity is given',
    options: {
      out: { type: 'string', short: 'o' },
      identity: { type: 'string' },
      'fixed-time': { type: 'string' },
      'passphrase-file': { type: 'string' },
    },
    minArgs: 1,
    maxArgs: 1,
    channel: 'export.report',
    request: async (a, cwd, io) => {
      const identity = str(a.values.identity);
      if (identity === undefined && str(a.values['passphrase-file']) !== undefined) {
        throw new Error('--passphrase-file is only used with --identity NAME (to sign the report)');
      }
      return {
        path: path0(a),
        out: str(a.values.out) ?? '',
        ...(str(a.values['fixed-time']) !== undefined ? { fixedTime: str(a.values['fixed-time']) } : {}),
        ...(identity !== undefined
          ? {
              identity,
              passphrase: await readSecret(io, cwd, {
                fileOption: str(a.values['passphrase-file']),
                envName: 'PORTCULLIS_PASSPHRASE',
                prompt: `Passphrase of the identity ${identity}: `,
              }),
            }
          : {}),
      };
    },
    render: (v) => formatReport(v as JobResult<'export.report'>),
  },
];
