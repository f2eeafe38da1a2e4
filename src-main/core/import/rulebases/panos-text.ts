// PAN-OS text configurations: "show config running" in set form (set rulebase security rules R1 from
// trust; set-form `move` lines reorder rules) and in the default brace form (config { devices { ... } }).
// Both become statements for panos-model.
import type { FormatSpec, ImportSink, StreamParser } from '../types';
import { openLastLine, parseCurly, parseSetLines, SourceText } from './brace-config';
import { interpretPanos } from './panos-model';

/** Set-form lines only PAN-OS writes. */
const PANOS_SET =
  /^set (?:deviceconfig |rulebase |vsys \S+ |device-group \S+ |template \S+ config |mgt-config |address \S+ (?:ip-netmask|ip-range|fqdn) |address-group \S+ static |service \S+ protocol |service-group \S+ members |zone \S+ network )/m;

export const panosSetFormat: FormatSpec = {
  id: 'panos-set',
  label: 'Palo Alto PAN-OS configuration (set commands)',
  family: 'rulebase',
  parserVersion: '2',
  detector:
    'text lines "set deviceconfig …", "set rulebase …", "set vsys …", "set device-group …", "set address NAME ip-netmask …" (PAN-OS "show config running" in set format)',
  detect(head) {
    if (!PANOS_SET.test(head)) return 0;
    // Another vendor's set syntax inside (FortiGate "config … edit … set") is not this format.
    if (/^\s*(?:config |edit |next$|end$)/m.test(head)) return 0;
    const strong = /^set (?:deviceconfig|rulebase|vsys|device-group|mgt-config) /m.test(head);
    return strong ? 0.9 : 0.6;
  },
  needsHostName: false,
  create: (sink, options) => panosTextParser(sink, options.hostName, options.fileName, 'set'),
};

export const panosBraceFormat: FormatSpec = {
  id: 'panos-brace',
  label: 'Palo Alto PAN-OS configuration (brace format)',
  family: 'rulebase',
  parserVersion: '2',
  detector:
    'a brace-format text whose top level is "config {" (optionally after "policy { panorama { } }") holding PAN-OS sections (devices, deviceconfig, vsys, mgt-config, shared)',
  detect(head) {
    const start = /^\s*(?:policy \{[\s\S]*?^\}\s*)?config \{/m.exec(head);
    if (!start || start.index > 0) return 0;
    return /^\s+(?:devices|deviceconfig|mgt-config|shared|vsys) \{/m.test(head) ? 0.9 : 0;
  },
  needsHostName: false,
  create: (sink, options) => panosTextParser(sink, options.hostName, options.fileName, 'brace'),
};

const VERBS = new Set(['set', 'move', 'delete']);

function panosTextParser(
  sink: ImportSink,
  hostName: string | null,
  fileName: string,
  form: 'set' | 'brace',
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
          ? 'PAN-OS set commands ("set rulebase security rules …", "set address …")'
          : 'a PAN-OS brace configuration ("config { devices { … } }")';
      const statements =
        form === 'set'
          ? parseSetLines(text, what, VERBS, (line, lineNo) =>
              sink.note({ line: lineNo, column: null, what: `not a set command, skipped: "${line.slice(0, 80)}"` }),
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
      interpretPanos({ statements, source, sink, hostName, fileName, what, implicitVsys: form === 'set' });
    },
  };
}

export const panosTextFormats: FormatSpec[] = [panosSetFormat, panosBraceFormat];
