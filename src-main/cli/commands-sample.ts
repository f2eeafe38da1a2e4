// The sample engagement on the command line: `portcullis sample FILE.portcullis` writes a copy of the
// shipped "Harbor Street Grocers" engagement to explore (the copy's audit log records who made it).
import type { Response } from '../api/contract';
import { path0 } from './args';
import type { CommandSpec } from './commands';
import { formatInfo } from './format';

export const sampleCommands: CommandSpec[] = [
  {
    words: ['sample'],
    usage: 'portcullis sample <file.portcullis>',
    summary: 'write a copy of the sample engagement (a small retail network, some items already reviewed)',
    options: {},
    minArgs: 1,
    maxArgs: 1,
    channel: 'engagement.sample',
    request: (a) => ({ path: path0(a) }),
    render: (v) => {
      const info = v as Response<'engagement.sample'>;
      return `Wrote the sample engagement to ${info.path}\n${formatInfo(info)}`;
    },
  },
];
