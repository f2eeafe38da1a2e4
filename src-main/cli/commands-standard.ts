// CLI commands for the insecure-services standard and the insecure items classified against it.
import type { Response } from '../api/contract';
import { path0, readJsonFile, str } from './args';
import type { CommandSpec, ParsedArgs } from './commands';
import { formatHistory, formatItem, formatItems, formatStandard, itemsCsv } from './format-standard';

const version = (v: unknown): string => {
  const s = v as Response<'standard.edit'>;
  return `standard version ${s.version}: ${s.change}`;
};

const edit = (a: ParsedArgs, e: Record<string, unknown>) => ({ path: path0(a), edit: e });

export const standardCommands: CommandSpec[] = [
  {
    words: ['items'],
    usage: 'portcullis items <file.portcullis> [--csv]',
    summary:
      'the insecure services, protocols and ports in use, grouped by standard rule and port, with hosts and sources',
    options: { csv: { type: 'boolean' } },
    minArgs: 1,
    maxArgs: 1,
    channel: 'item.list',
    request: (a) => ({ path: path0(a) }),
    render: (v, a) =>
      a.values.csv === true ? itemsCsv(v as Response<'item.list'>) : formatItems(v as Response<'item.list'>),
  },
  {
    words: ['item'],
    usage: 'portcullis item <file.portcullis> <item-key>',
    summary: 'one insecure item: every host, where it was seen and the evidence that triggered the rule',
    options: {},
    minArgs: 2,
    maxArgs: 2,
    channel: 'item.get',
    request: (a) => ({ path: path0(a), key: a.positionals[1] ?? '' }),
    render: (v) => formatItem(v as Response<'item.get'>),
  },
  {
    words: ['standard'],
    usage: 'portcullis standard <file.portcullis>',
    summary: "show the engagement's insecure-services standard: authority, criteria and rules",
    options: {},
    minArgs: 1,
    maxArgs: 1,
    channel: 'standard.get',
    request: (a) => ({ path: path0(a) }),
    render: (v) => formatStandard(v as Response<'standard.get'>),
  },
  {
    words: ['standard', 'history'],
    usage: 'portcullis standard history <file.portcullis>',
    summary: "list every version of the engagement's standard and what changed",
    options: {},
    minArgs: 1,
    maxArgs: 1,
    channel: 'standard.history',
    request: (a) => ({ path: path0(a) }),
    render: (v) => formatHistory(v as Response<'standard.history'>),
  },
  {
    words: ['standard', 'export'],
    usage: 'portcullis standard export <file.portcullis> [--format markdown|json]',
    summary: 'write the standard as a readable document (Markdown) or as JSON to stdout',
    options: { format: { type: 'string' } },
    minArgs: 1,
    maxArgs: 1,
    channel: 'standard.export',
    request: (a) => ({ path: path0(a), ...(str(a.values.format) ? { format: str(a.values.format) } : {}) }),
    render: (v) => (v as Response<'standard.export'>).text.replace(/\n$/, ''),
  },
  {
    words: ['standard', 'na'],
    usage: 'portcullis standard na <file.portcullis> <rule-id> --reason TEXT',
    summary: 'mark a rule not applicable to this entity, with the reason (kept and audited)',
    options: { reason: { type: 'string' } },
    minArgs: 2,
    maxArgs: 2,
    channel: 'standard.edit',
    request: (a) =>
      edit(a, {
        op: 'setApplicability',
        ruleId: a.positionals[1],
        applicable: false,
        reason: str(a.values.reason) ?? null,
      }),
    render: version,
  },
  {
    words: ['standard', 'apply'],
    usage: 'portcullis standard apply <file.portcullis> <rule-id>',
    summary: 'make a rule marked not applicable apply again',
    options: {},
    minArgs: 2,
    maxArgs: 2,
    channel: 'standard.edit',
    request: (a) => edit(a, { op: 'setApplicability', ruleId: a.positionals[1], applicable: true, reason: null }),
    render: version,
  },
  {
    words: ['standard', 'set-rule'],
    usage: 'portcullis standard set-rule <file.portcullis> <rule.json>',
    summary: "add the entity's own rule, or change one, from a JSON file (see resources/standard for the shape)",
    options: {},
    minArgs: 2,
    maxArgs: 2,
    channel: 'standard.edit',
    request: (a, cwd) => edit(a, { op: 'setRule', rule: readJsonFile(cwd, a.positionals[1], 'set-rule') }),
    render: version,
  },
  {
    words: ['standard', 'remove-rule'],
    usage: 'portcullis standard remove-rule <file.portcullis> <rule-id>',
    summary: 'remove a rule the entity added (catalog rules are marked not applicable instead)',
    options: {},
    minArgs: 2,
    maxArgs: 2,
    channel: 'standard.edit',
    request: (a) => edit(a, { op: 'removeRule', ruleId: a.positionals[1] }),
    render: version,
  },
  {
    words: ['standard', 'replace'],
    usage: 'portcullis standard replace <file.portcullis> <standard.json>',
    summary: "replace the engagement's standard with the entity's own (validated; the old versions are kept)",
    options: {},
    minArgs: 2,
    maxArgs: 2,
    channel: 'standard.edit',
    request: (a, cwd) => edit(a, { op: 'replace', document: readJsonFile(cwd, a.positionals[1], 'replace') }),
    render: version,
  },
  {
    words: ['standard', 'authority'],
    usage:
      'portcullis standard authority <file.portcullis> --role ROLE [--name NAME] [--approved-on YYYY-MM-DD] [--note TEXT]',
    summary: 'record who decides what is insecure and approves exceptions, and when the standard was approved',
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      'approved-on': { type: 'string' },
      note: { type: 'string' },
    },
    minArgs: 1,
    maxArgs: 1,
    channel: 'standard.edit',
    request: (a) =>
      edit(a, {
        op: 'setAuthority',
        decisionAuthority: {
          role: str(a.values.role) ?? '',
          name: str(a.values.name) ?? null,
          approvedOn: str(a.values['approved-on']) ?? null,
          note: str(a.values.note) ?? null,
        },
      }),
    render: version,
  },
];
