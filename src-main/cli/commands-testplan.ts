// CLI command for validation test plans: plan the negative tests of the network features (stored, so
// each keeps its TP- reference) and print each case with the exact command to run and where from.
import type { Response } from '../api/contract';
import { path0, str } from './args';
import type { CommandSpec, ParsedArgs } from './commands';
import { formatTestPlan } from './format-testplan';

/** "jump=10.50.1.10" names a vantage point; a bare address is its own name. */
export function vantagePoints(a: ParsedArgs): { name: string; address: string }[] {
  const raw = a.values.vantage;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  return list.map((v) => {
    const text = String(v);
    const at = text.lastIndexOf('=');
    return at > 0 ? { name: text.slice(0, at), address: text.slice(at + 1) } : { name: text, address: text };
  });
}

export const testplanCommands: CommandSpec[] = [
  {
    words: ['testplan'],
    usage: 'portcullis testplan <file.portcullis> [--item KEY] [--vantage NAME=ADDRESS]...',
    summary:
      'plan negative tests of the network features from the rules (stored with TP- references); import the scans they produce to record the results',
    options: { item: { type: 'string' }, vantage: { type: 'string', multiple: true } },
    minArgs: 1,
    maxArgs: 1,
    channel: 'testplan.generate',
    request: (a) => {
      const key = str(a.values.item);
      return { path: path0(a), ...(key !== undefined ? { key } : {}), vantage: vantagePoints(a) };
    },
    render: (v) => formatTestPlan(v as Response<'testplan.generate'>),
  },
];
