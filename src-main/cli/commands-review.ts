// CLI commands for the review of insecure items: show or apply one item's record, and the readiness of
// the whole engagement (what is still missing, with the fix for each).
import type { Response } from '../api/contract';
import { path0, readJsonFile, str } from './args';
import type { CommandSpec } from './commands';
import { formatReadiness, formatReview } from './format-review';

export const reviewCommands: CommandSpec[] = [
  {
    words: ['review'],
    usage: 'portcullis review <file.portcullis> <item-key> [--file review.json]',
    summary: "show an insecure item's review and what is still missing; with --file, apply a review record (JSON)",
    options: { file: { type: 'string' } },
    minArgs: 2,
    maxArgs: 2,
    channel: 'review.get',
    request: (a) => ({ path: path0(a), key: a.positionals[1] ?? '' }),
    compose: async (a, invoke, cwd) => {
      const file = str(a.values.file);
      if (file === undefined) return invoke('review.get', { path: path0(a), key: a.positionals[1] ?? '' });
      let record: unknown;
      try {
        record = readJsonFile(cwd, file, 'review');
      } catch (err) {
        return { ok: false, error: { code: 'INVALID_REQUEST', message: (err as Error).message } };
      }
      return invoke('review.apply', { path: path0(a), key: a.positionals[1] ?? '', record });
    },
    render: (v) => formatReview(v as Response<'review.get'>),
  },
  {
    words: ['validate'],
    usage: 'portcullis validate <file.portcullis>',
    summary: 'what is still missing before each insecure item is audit-ready, with the fix, and the readiness score',
    options: {},
    minArgs: 1,
    maxArgs: 1,
    channel: 'review.validate',
    request: (a) => ({ path: path0(a) }),
    render: (v) => formatReadiness(v as Response<'review.validate'>),
  },
];
