// iptables-xml output (iptables-save | iptables-xml): <table>/<chain>/<rule> elements whose <conditions>
// and <actions> spell the save options as elements. Each rule is written back as those options so the
// rules read exactly as the iptables-save file they came from.
import { xmlParser } from '../xml';
import { ParseError, type FormatSpec } from '../types';
import { requireDevice } from './iptables-common';
import { splitArgs, type ArgToken } from './iptables-match';
import { IptablesDump, type IptChain, type IptTable } from './iptables-ruleset';

interface OpenRule {
  args: ArgToken[];
  packets: number | null;
  line: number;
  section: 'conditions' | 'actions' | null;
  /** The element directly under <conditions> or <actions> (a match module, call, goto or a target). */
  part: string | null;
  invert: boolean;
}

const word = (text: string): ArgToken => ({ text, quoted: false });

/** An element's text as iptables-save would write the value (quoted strings unquoted, words split). */
function values(text: string): ArgToken[] {
  const t = text.trim();
  if (t === '') return [];
  const { args, error } = splitArgs(t);
  // A value that looks like an option ("-1", "!x") must stay a value.
  return error
    ? [{ text: t, quoted: true }]
    : args.map((a) => ({ text: a.text, quoted: a.quoted || /^[-!]/.test(a.text) }));
}

export const iptablesXml: FormatSpec = {
  id: 'iptables-xml',
  label: 'iptables-xml (iptables-save rendered as XML)',
  family: 'rulebase',
  parserVersion: '3',
  detector: 'an XML document whose root element is <iptables-rules>',
  needsHostName: true,
  detect(head) {
    return /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<iptables-rules[\s>]/.test(head) ? 0.95 : 0;
  },
  create(sink, options) {
    const device = requireDevice(options, 'An iptables-xml file');
    const dump = new IptablesDump(sink, device, null);
    let table: IptTable | null = null;
    let chain: IptChain | null = null;
    let rule: OpenRule | null = null;
    let rules = 0;

    const parser = xmlParser(
      {
        open(name, attrs, path, at) {
          const depth = path.length;
          if (name === 'table' && depth === 1) {
            table = dump.openTable(attrs.name ?? '', at.line, null);
            if (!attrs.name)
              throw new ParseError(
                'a <table> without a name attribute; expected <table name="filter">',
                at.line,
                at.column,
              );
            return;
          }
          if (name === 'chain' && depth === 2 && table) {
            if (!attrs.name) throw new ParseError('a <chain> without a name attribute', at.line, at.column);
            chain = dump.chain(table, attrs.name);
            if (attrs.policy) {
              chain.policy = attrs.policy;
              chain.policyLine = at.line;
            }
            return;
          }
          if (name === 'rule' && depth === 3 && chain) {
            const p = attrs['packet-count'];
            rule = {
              args: [],
              packets: p && /^\d+$/.test(p) ? Number(p) : null,
              line: at.line,
              section: null,
              part: null,
              invert: false,
            };
            return;
          }
          if (!rule) {
            if (depth > 0)
              sink.note({ line: at.line, column: at.column, what: `element <${name}> outside a rule is not read` });
            return;
          }
          const inRule = depth - 4; // 0: conditions/actions, 1: module/target, 2: option
          if (inRule === 0) {
            rule.section = name === 'conditions' ? 'conditions' : name === 'actions' ? 'actions' : null;
            if (!rule.section) sink.note({ line: at.line, column: at.column, what: `unknown rule part <${name}>` });
            return;
          }
          if (inRule === 1) {
            rule.part = name;
            if (rule.section === 'conditions' && name !== 'match') rule.args.push(word('-m'), word(name));
            else if (rule.section === 'actions' && name !== 'call' && name !== 'goto')
              rule.args.push(word('-j'), word(name));
            return;
          }
          if (inRule === 2) {
            rule.invert = attrs.invert === '1';
            if (rule.section === 'actions' && (rule.part === 'call' || rule.part === 'goto')) {
              rule.args.push(word(rule.part === 'goto' ? '-g' : '-j'), word(name));
            }
            return;
          }
          sink.note({
            line: at.line,
            column: at.column,
            what: `element <${name}> nested deeper than an option is not read`,
          });
        },
        close(name, text, path, at) {
          const depth = path.length;
          if (name === 'table' && depth === 1) table = null;
          else if (name === 'chain' && depth === 2) chain = null;
          else if (name === 'rule' && depth === 3 && rule && chain) {
            const r: OpenRule = rule;
            const line = `-A ${chain.name} ${r.args.map((a) => (a.quoted && /[\s"]/.test(a.text) ? JSON.stringify(a.text) : a.text)).join(' ')}`;
            chain.rules.push({
              args: r.args,
              packets: r.packets,
              extraConditions: [],
              lineFrom: r.line,
              lineTo: at.line,
              text: line,
            });
            rules++;
            rule = null;
          } else if (rule && depth === 6) {
            // An option element: <s>10.0.0.0/8</s> under <match>, <dport>22</dport> under <tcp>, <reject-with> under <REJECT>.
            if (rule.section === 'actions' && (rule.part === 'call' || rule.part === 'goto')) return;
            const flag = rule.part === 'match' && name.length === 1 ? `-${name}` : `--${name}`;
            if (rule.invert) rule.args.push(word('!'));
            rule.args.push(word(flag), ...values(text));
          }
        },
      },
      ['iptables-rules'],
    );
    return {
      write: (t) => parser.write(t),
      end() {
        parser.end();
        if (dump.tables.length === 0)
          throw new ParseError('no <table> in <iptables-rules>; expected the tables of an iptables-save dump', 1, 1);
        sink.meta('tool', 'iptables-xml');
        const { policies } = dump.finish();
        sink.meta('rules', String(rules));
        sink.meta('policies', String(policies));
      },
    };
  },
};
