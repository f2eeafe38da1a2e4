// OpenBSD / FreeBSD pf.conf: macros (name = "value", used as $name), tables (table <NAME> { … }), and
// pass / block filter rules, in one ruleset "pf" of the device named at import.
//
// Evaluation order. pf decides by the LAST rule that matches, unless a rule marked `quick` matches first,
// which decides at once; a packet no rule matches is passed. Our evaluator takes the FIRST matching rule.
// The decision pf takes for a packet is: the first matching quick rule in file order if there is one; else
// the last matching non-quick rule; else pass. So the rules are emitted as: every quick rule in file order,
// then every non-quick rule in REVERSE file order, then the default policy "allow". First match over that
// list gives exactly pf's answer for every packet. Each rule keeps the lines it came from, and a note says
// the order was rebuilt. One pf rule naming lists (protocols, interfaces, negated hosts) becomes several
// model rules at the same position, as pfctl itself expands lists into several rules.
import { lineParser } from '../lines';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { requireDevice, shown } from './iptables-common';
import { ruleText } from './host-firewall-common';
import { PfStatementBuilder, expandMacros, tokenize, type PfStatement, type PfToken } from './pf-lexer';
import { parsePfRule, pfCidr, type PfRule } from './pf-rule';
import { PfEmitter, type PfTable } from './pf-emit';

const RULE_LINE =
  /^\s*(pass|block)(\s+(drop|return(-rst|-icmp6?)?))?(\s+(in|out))?(\s+log(\s*\([^)]*\))?)?(\s+quick)?(\s+on\s+(!\s*)?[\w.$-]+)?(\s+inet6?)?(\s+proto\s+(\{[^}]*\}|[\w$-]+))?\s+(all|from|to)\s/m;
const TABLE_LINE = /^\s*table\s+<[\w.:-]+>\s+(persist|const|counters|file|\{)/m;
const MACRO_LINE = /^\s*[A-Za-z_]\w*\s*=\s*"[^"]*"\s*(#.*)?$/m;

/** This many statements that are not pf.conf, before any that is, mean another format. */
const MAX_FOREIGN = 10;
const EXPECTED = 'expected pf.conf statements ("pass in quick proto tcp to port 22", "block all", "table <x> { … }")';

/** Statements read but not imported, with what they would do. */
const NOT_IMPORTED: Readonly<Record<string, string>> = {
  match: 'match rules change packets (scrub, tags, translation) but never pass or block them',
  anchor: 'rules inside anchors are not imported (they are evaluated where the anchor is, loaded at run time)',
  'nat-anchor': 'anchor rules are not imported',
  'rdr-anchor': 'anchor rules are not imported',
  'binat-anchor': 'anchor rules are not imported',
  load: 'anchor rules loaded from another file are not imported',
  include: 'rules in included files are not imported',
  nat: 'translation rule not imported (pf before OpenBSD 4.7)',
  rdr: 'redirection rule not imported (pf before OpenBSD 4.7); the filter rules decide what passes',
  binat: 'translation rule not imported (pf before OpenBSD 4.7)',
  no: 'translation exception not imported',
  scrub: 'normalisation rule: it never passes or blocks',
  antispoof: 'antispoof expands to block rules for spoofed addresses of an interface network; not imported',
  altq: 'queueing: it never passes or blocks',
  queue: 'queueing: it never passes or blocks',
};

export const openbsdPf: FormatSpec = {
  id: 'openbsd-pf',
  label: 'OpenBSD / FreeBSD pf.conf',
  family: 'rulebase',
  parserVersion: '1',
  detector:
    'pf.conf filter rules at the start of a line ("pass|block [in|out] [log] [quick] [on IF] [inet] [proto P] from|to|all"), with or without "table <name> {…}" definitions and "macro = \\"…\\"" lines',
  needsHostName: true,
  detect(head) {
    const rules = head.split(/\r?\n/).filter((l) => RULE_LINE.test(`${l} `)).length;
    if (rules === 0) return 0;
    const extra = TABLE_LINE.test(head) || MACRO_LINE.test(head);
    if (rules >= 2 || extra) return 0.9;
    return 0.7;
  },
  create(sink, options) {
    const device = requireDevice(options, 'A pf.conf file');
    return new PfReader(sink, device).parser();
  },
};

class PfReader {
  private readonly macros = new Map<string, string>();
  private readonly tables = new Map<string, PfTable>();
  private readonly rules: { rule: PfRule; stmt: PfStatement }[] = [];
  private readonly builder = new PfStatementBuilder();
  private blockPolicy: 'drop' | 'return' = 'drop';
  private includes = false;
  private recognised = 0;
  private foreign = 0;
  private lastLine = 0;
  private readonly skipped = new Map<string, number>();

  constructor(
    private readonly sink: ImportSink,
    private readonly device: string,
  ) {}

  parser() {
    return lineParser(
      (raw, lineNo) => {
        this.lastLine = lineNo;
        const stmt = this.builder.push(lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw, lineNo);
        if (stmt) this.statement(stmt);
      },
      () => this.end(),
    );
  }

  private note(line: number | null, what: string, column: number | null = null) {
    this.sink.note({ line, column, what });
  }

  private statement(stmt: PfStatement) {
    const single = stmt.lineFrom === stmt.lineTo;
    const expanded = expandMacros(stmt.text, this.macros, (name, column) => {
      if (this.includes) {
        this.note(
          stmt.lineFrom,
          `macro $${name} is not defined here (an included file may define it); left as written`,
        );
        return;
      }
      throw new ParseError(
        `macro $${name} is used before it is defined; expected "${name} = …" above (pfctl refuses such a file)`,
        stmt.lineFrom,
        single ? column : null,
      );
    });
    const tokens = tokenize(expanded, stmt.lineFrom);
    const first = tokens[0];
    if (!first) return;
    if (tokens[1]?.text === '=' && /^[A-Za-z_]\w*$/.test(first.text) && !first.quoted) {
      // A macro's value: its strings (and macros, already expanded) joined by spaces, as pfctl does.
      this.macros.set(
        first.text,
        tokens
          .slice(2)
          .map((t) => t.text)
          .join(' '),
      );
      this.recognised++;
      return;
    }
    switch (first.text) {
      case 'pass':
      case 'block':
        this.rules.push({ rule: parsePfRule(tokens), stmt });
        this.recognised++;
        return;
      case 'table':
        this.table(tokens, stmt);
        this.recognised++;
        return;
      case 'set':
        this.option(tokens, stmt);
        this.recognised++;
        return;
    }
    const why = NOT_IMPORTED[first.text];
    if (why) {
      if (first.text === 'include') this.includes = true;
      this.skipped.set(first.text, (this.skipped.get(first.text) ?? 0) + 1);
      this.note(stmt.lineFrom, `${why}: ${shown(stmt.original)}`);
      this.recognised++;
      return;
    }
    this.note(stmt.lineFrom, `statement not understood: ${shown(stmt.original)}`);
    if (this.recognised === 0 && ++this.foreign >= MAX_FOREIGN) {
      throw new ParseError(`${EXPECTED} near the top`, stmt.lineFrom, 1);
    }
  }

  /** table <name> [persist] [const] [counters] [file "path"]… [{ entries }] */
  private table(tokens: PfToken[], stmt: PfStatement) {
    const nameTok = tokens[1];
    if (!nameTok || !/^<.+>$/.test(nameTok.text)) {
      throw new ParseError(
        'expected a table name in angle brackets after "table"',
        stmt.lineFrom,
        nameTok?.column ?? null,
      );
    }
    const name = nameTok.text.slice(1, -1);
    const table: PfTable = { name, line: stmt.lineFrom, entries: [], files: [] };
    let i = 2;
    let inList = false;
    let negate = false;
    for (; i < tokens.length; i++) {
      const t = tokens[i] as PfToken;
      if (!inList) {
        if (t.text === 'file' && tokens[i + 1]) table.files.push((tokens[++i] as PfToken).text);
        else if (t.text === '{') inList = true;
        else if (!['persist', 'const', 'counters', 'optimize'].includes(t.text)) {
          this.note(stmt.lineFrom, `table <${name}>: option "${t.text}" not understood`);
        }
        continue;
      }
      if (t.text === '}') {
        inList = false;
        continue;
      }
      if (t.text === '!') {
        negate = true;
        continue;
      }
      table.entries.push({ negated: negate, text: t.text, cidr: pfCidr(t.text) });
      negate = false;
    }
    if (this.tables.has(name))
      this.note(stmt.lineFrom, `table <${name}> is defined twice; the later definition is used`);
    this.tables.set(name, table);
  }

  private option(tokens: PfToken[], stmt: PfStatement) {
    const [, what, value] = tokens.map((t) => t.text);
    if (what === 'block-policy' && (value === 'drop' || value === 'return')) {
      this.blockPolicy = value;
      this.sink.meta('block-policy', value);
      return;
    }
    if (what === 'skip') {
      const ifaces = tokens
        .slice(3)
        .map((t) => t.text)
        .filter((t) => t !== '{' && t !== '}');
      this.note(
        stmt.lineFrom,
        `set skip: pf does not filter ${ifaces.join(', ')} at all (every packet on it passes); not modelled as a rule`,
      );
      return;
    }
    // Other options (limits, timeouts, optimisation, logging, state policy) do not decide what passes.
    this.note(stmt.lineFrom, `option not modelled (it does not decide what passes): ${shown(stmt.original)}`);
  }

  private end() {
    this.builder.finish(this.lastLine);
    if (this.recognised === 0) throw new ParseError(`no pf.conf statements found; ${EXPECTED}`, 1, 1);
    const emitter = new PfEmitter(this.sink, this.device, this.tables, this.blockPolicy);
    // First-match order equal to pf's last-match-unless-quick: quick rules in file order, then the others
    // in reverse file order (see the head of this file).
    const quick = this.rules.filter((r) => r.rule.quick);
    const others = this.rules.filter((r) => !r.rule.quick).reverse();
    let order = 0;
    for (const { rule, stmt } of [...quick, ...others]) {
      for (const p of rule.problems) this.note(stmt.lineFrom, `${p}: ${shown(stmt.original)}`);
      emitter.emit(rule, {
        order: ++order,
        text: ruleText(stmt.original.trim()),
        lineFrom: stmt.lineFrom,
        lineTo: stmt.lineTo,
        comment: stmt.comment,
      });
    }
    // pf passes what no rule blocks: the implicit default of every pf ruleset.
    this.sink.policy({ device: this.device, ruleset: 'pf', policy: 'allow', lineFrom: null });
    this.note(
      null,
      "pf passes packets that no rule matches (pf's implicit default): recorded as the default policy allow",
    );
    if (this.rules.length > 0) {
      this.note(
        null,
        `pf applies the last matching rule unless a "quick" rule matches first; the ${quick.length} quick rule(s) are stored first in file order, then the ${others.length} other rule(s) in reverse file order, so that the first match gives pf's answer (each rule keeps its own lines)`,
      );
    }
    emitter.finish();
    this.sink.meta('rules', String(this.rules.length));
    this.sink.meta('quick-rules', String(quick.length));
    this.sink.meta('tables', String(this.tables.size));
    this.sink.meta('macros', String(this.macros.size));
    for (const [kind, n] of this.skipped) this.sink.meta(`not-imported-${kind}`, String(n));
  }
}
