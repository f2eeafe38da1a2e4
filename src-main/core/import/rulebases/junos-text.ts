// JunOS configurations as text: "show configuration" in the curly form (security { policies { … } }) and
// "show configuration | display set" (set security policies from-zone … policy P match …, deactivate …,
// insert … before/after …). Both become statements for junos-model.
import type { FormatSpec, ImportSink, StreamParser } from '../types';
import { openLastLine, parseCurly, parseSetLines, SourceText } from './brace-config';
import { interpretJunos } from './junos-model';

/** Set-form lines only JunOS writes (PAN-OS has no "security", "firewall family", "applications" trees). */
const JUNOS_SET_STRONG =
  /^(?:set|deactivate) (?:system host-name |security (?:policies|zones|address-book) |firewall (?:family \S+ )?filter |applications (?:application|application-set) |policy-options prefix-list )/m;
const JUNOS_SET_WEAK = /^set (?:interfaces \S+ unit |routing-options |protocols \S+ |snmp community |system )/m;

export const junosSetFormat: FormatSpec = {
  id: 'junos-set',
  label: 'Juniper JunOS / SRX configuration (display set)',
  family: 'rulebase',
  parserVersion: '1',
  detector:
    'text lines "set security policies …", "set firewall family inet filter …", "set applications application …", "set system host-name …" (JunOS "show configuration | display set")',
  detect(head) {
    if (/^\s*(?:config |edit |next$|end$)/m.test(head)) return 0;
    if (JUNOS_SET_STRONG.test(head)) return 0.9;
    return JUNOS_SET_WEAK.test(head) && !/^set (?:deviceconfig|rulebase|vsys|device-group) /m.test(head) ? 0.5 : 0;
  },
  needsHostName: false,
  create: (sink, options) => junosTextParser(sink, options.hostName, options.fileName, 'set'),
};

/** A top-level JunOS hierarchy opening at column 0, as "show configuration" prints it. */
const JUNOS_TOP =
  /^(?:(?:replace|inactive|protect): )?(?:system|security|firewall|applications|interfaces|policy-options|routing-options|protocols|chassis|groups|snmp|vlans|logical-systems|routing-instances|class-of-service) \{\s*$/m;

export const junosConfigFormat: FormatSpec = {
  id: 'junos-config',
  label: 'Juniper JunOS / SRX configuration (curly braces)',
  family: 'rulebase',
  parserVersion: '1',
  detector:
    'a brace-format text whose top level opens JunOS hierarchies at column 0 ("system {", "security {", "firewall {", "applications {", "interfaces {", optionally "replace:"), statements ending in ";"',
  detect(head) {
    if (!JUNOS_TOP.test(head)) return 0;
    if (!/;\s*$/m.test(head)) return 0;
    return 0.9;
  },
  needsHostName: false,
  create: (sink, options) => junosTextParser(sink, options.hostName, options.fileName, 'curly'),
};

export const junosFormats: FormatSpec[] = [junosSetFormat, junosConfigFormat];

const VERBS = new Set(['set', 'deactivate', 'delete', 'activate', 'insert', 'annotate', 'protect', 'unprotect']);

function junosTextParser(
  sink: ImportSink,
  hostName: string | null,
  fileName: string,
  form: 'set' | 'curly',
): StreamParser {
  const source = new SourceText();
  return {
    write(text) {
      source.write(text);
    },
    end() {
      const text = source.text();
      const what =
        form === 'set'
          ? 'JunOS set commands ("set security policies …", "set firewall family inet filter …")'
          : 'a JunOS configuration in curly braces ("security { policies { … } }")';
      const statements =
        form === 'set'
          ? parseSetLines(text, what, VERBS, (line, lineNo) =>
              sink.note({
                line: lineNo,
                column: null,
                what: `not a configuration command, skipped: "${line.slice(0, 80)}"`,
              }),
            )
          : parseCurly(text, what);
      const open = form === 'set' ? openLastLine(text) : null;
      if (open !== null) {
        sink.note({
          line: open,
          column: null,
          what: 'the last line has no line end: if the file was cut, its last statement may be incomplete',
        });
      }
      interpretJunos({ statements, source, sink, hostName, fileName, what });
    },
  };
}
