// CLI commands for signing identities, the signed evidence package and its verification. Passphrases
// come from --passphrase-file, an environment variable or a no-echo prompt; never from argv.
import { basename } from 'node:path';
import type { JobResult, Response } from '../api/contract';
import { path0, str } from './args';
import type { CommandSpec } from './commands';
import { formatExport, formatIdentities, formatIdentity, formatVerdict } from './format-export';
import { readSecret } from './secret';

const passphraseFile = { 'passphrase-file': { type: 'string' } } as const;

/** A name for an imported file: its base name without .p12/.pfx, cut to what a name may hold. */
function nameFromFile(file: string): string {
  const base = basename(file).replace(/\.(p12|pfx)$/i, '');
  return (
    base
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 64) || 'identity'
  );
}

export const exportCommands: CommandSpec[] = [
  {
    words: ['keys', 'new'],
    usage:
      'portcullis keys new --name NAME --cn "COMMON NAME" [--org ORG] [--email E] [--key rsa-3072|p256] [--ca CA_NAME] [--local-ca] [--valid-days N] [--passphrase-file F] [--ca-passphrase-file F]',
    summary:
      "create a signing identity (key + certificate, encrypted PKCS#12 outside any engagement); --local-ca makes the firm's CA, --ca issues from it",
    options: {
      name: { type: 'string' },
      cn: { type: 'string' },
      org: { type: 'string' },
      email: { type: 'string' },
      key: { type: 'string' },
      ca: { type: 'string' },
      'local-ca': { type: 'boolean' },
      'valid-days': { type: 'string' },
      ...passphraseFile,
      'ca-passphrase-file': { type: 'string' },
    },
    minArgs: 0,
    maxArgs: 0,
    channel: 'identity.new',
    request: async (a, cwd, io) => {
      const ca = str(a.values.ca);
      const caPassphrase =
        ca === undefined
          ? undefined
          : await readSecret(io, cwd, {
              fileOption: str(a.values['ca-passphrase-file']),
              envName: 'PORTCULLIS_CA_PASSPHRASE',
              prompt: `Passphrase of the CA identity ${ca}: `,
            });
      const passphrase = await readSecret(io, cwd, {
        fileOption: str(a.values['passphrase-file']),
        envName: 'PORTCULLIS_PASSPHRASE',
        prompt: `New passphrase for ${str(a.values.name) ?? 'the identity'} (8 characters or more): `,
        confirm: true,
      });
      const days = str(a.values['valid-days']);
      return {
        name: str(a.values.name) ?? '',
        commonName: str(a.values.cn) ?? '',
        ...(str(a.values.org) !== undefined ? { organization: str(a.values.org) } : {}),
        ...(str(a.values.email) !== undefined ? { email: str(a.values.email) } : {}),
        ...(str(a.values.key) !== undefined ? { keyType: str(a.values.key) } : {}),
        ...(ca !== undefined ? { ca: { name: ca, passphrase: caPassphrase } } : {}),
        ...(a.values['local-ca'] === true ? { localCa: true } : {}),
        ...(days !== undefined ? { validDays: Number(days) } : {}),
        passphrase,
      };
    },
    render: (v) => formatIdentity(v as Response<'identity.new'>, 'Created identity'),
  },
  {
    words: ['keys', 'import'],
    usage: 'portcullis keys import FILE.p12 [--name NAME] [--passphrase-file F]',
    summary:
      "import the firm's own PKCS#12 signing identity (kept re-encrypted with AES-256 under the same passphrase)",
    options: { name: { type: 'string' }, ...passphraseFile },
    minArgs: 1,
    maxArgs: 1,
    channel: 'identity.import',
    request: async (a, cwd, io) => ({
      name: str(a.values.name) ?? nameFromFile(path0(a)),
      source: path0(a),
      passphrase: await readSecret(io, cwd, {
        fileOption: str(a.values['passphrase-file']),
        envName: 'PORTCULLIS_PASSPHRASE',
        prompt: `Passphrase of ${basename(path0(a))}: `,
      }),
    }),
    render: (v) => formatIdentity(v as Response<'identity.import'>, 'Imported identity'),
  },
  {
    words: ['keys', 'list'],
    usage: 'portcullis keys list',
    summary: 'list the signing identities kept on this machine',
    options: {},
    minArgs: 0,
    maxArgs: 0,
    channel: 'identity.list',
    request: () => ({}),
    render: (v) => formatIdentities(v as Response<'identity.list'>),
  },
  {
    words: ['export'],
    usage:
      'portcullis export <file.portcullis> --out PACKAGE.zip --identity NAME [--fixed-time ISO] [--passphrase-file F]',
    summary:
      'write the signed evidence package: BagIt zip with the PDF report, originals, data exports, audit log, manifests and a CMS signature',
    options: {
      out: { type: 'string', short: 'o' },
      identity: { type: 'string' },
      'fixed-time': { type: 'string' },
      ...passphraseFile,
    },
    minArgs: 1,
    maxArgs: 1,
    channel: 'export.package',
    request: async (a, cwd, io) => ({
      path: path0(a),
      out: str(a.values.out) ?? '',
      identity: str(a.values.identity) ?? '',
      ...(str(a.values['fixed-time']) !== undefined ? { fixedTime: str(a.values['fixed-time']) } : {}),
      passphrase: await readSecret(io, cwd, {
        fileOption: str(a.values['passphrase-file']),
        envName: 'PORTCULLIS_PASSPHRASE',
        prompt: `Passphrase of the identity ${str(a.values.identity) ?? ''}: `,
      }),
    }),
    render: (v) => formatExport(v as JobResult<'export.package'>),
  },
  {
    words: ['verify'],
    usage: 'portcullis verify PACKAGE.zip [--ca ca.pem]',
    summary:
      'check a package offline: manifests, tag manifest, CMS signature and certificate, PDF signature, audit chain; exit 1 if any check fails',
    options: { ca: { type: 'string' } },
    minArgs: 1,
    maxArgs: 1,
    channel: 'package.verify',
    request: (a) => ({ package: path0(a), ...(str(a.values.ca) !== undefined ? { ca: str(a.values.ca) } : {}) }),
    render: (v) => formatVerdict(v as JobResult<'package.verify'>),
    exitCode: (v) => ((v as JobResult<'package.verify'>).valid ? 0 : 1),
  },
];
