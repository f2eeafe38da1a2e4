// The contract between the import runner and one parser per format. A parser is pushed decoded text in
// pieces (it never sees the whole file), reports what it finds to the sink, and throws ParseError with a
// position when the input is not what its format requires.
import type { HostSeen, Observation, ParseNote } from '../model/observation';
import type { Rule, RulesetPolicy } from '../model/rule';
import type { Ticket } from '../model/ticket';

export type FormatFamily = 'scan' | 'tls' | 'hosts' | 'rulebase' | 'ticket' | 'generic';

export interface ImportSink {
  observation(o: Observation): void;
  host(h: HostSeen): void;
  /** Parse coverage: an element, line or field the parser skipped or did not understand. */
  note(n: ParseNote): void;
  /** Facts about the whole run: scanner, version, arguments, start/end time. */
  meta(key: string, value: string): void;
  /** Rulebases: one normalised rule, in evaluation order within its ruleset. */
  rule(r: Rule): void;
  /** Rulebases: what a ruleset does with traffic no rule matched. */
  policy(p: RulesetPolicy): void;
  /** Ticket exports: one change ticket (each key once per import). */
  ticket(t: Ticket): void;
}

export interface ParserOptions {
  fileName: string;
  /** Host listener inventories and host firewalls describe one host/device, named by the user at import. */
  hostName: string | null;
  /** Generic CSV: column name in the file -> observation field (or ticket field, for the ticket CSV). */
  columns: Record<string, string> | null;
}

export interface StreamParser {
  /** Takes the next piece of decoded text (pieces split anywhere, even inside a line or a tag). */
  write(text: string): void;
  /** No more input: finish, or throw ParseError if the document is incomplete. */
  end(): void;
}

export interface FormatSpec {
  id: string;
  label: string;
  family: FormatFamily;
  /** Bump when the parser's output changes; recorded with every import. */
  parserVersion: string;
  /** How the format is recognised, in words (shown by `portcullis formats`). */
  detector: string;
  /**
   * How sure this format is that `head` (the first 64 KiB of the file, decoded) is its kind: 0 = not
   * this format, 1 = certain. The highest score wins; ties are broken by the order of the registry.
   */
  detect(head: string, fileName: string): number;
  /** True for formats that describe one unnamed host or device (listeners, iptables...), which need `hostName`. */
  needsHostName: boolean;
  create(sink: ImportSink, options: ParserOptions): StreamParser;
}

/** The input is not what the format requires. Line and column are 1-based when known. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
    readonly column: number | null = null,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}
