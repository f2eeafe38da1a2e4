// pfSense and OPNsense config.xml: the filter rules per interface in document order (floating rules in
// their own ruleset, evaluated first), aliases expanded (host, network, port; URL/GeoIP tables stay
// unresolved), interface networks resolved from static addresses, the rules the product generates itself
// (anti-lockout, block private/bogon networks) and the default deny of every interface.
import { xmlParser } from '../xml';
import type { FormatSpec, ImportSink, StreamParser } from '../types';
import { SourceText } from './brace-config';
import { buildPfRules, type XmlNode } from './pfsense-rules';

const START = /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*|<!--[\s\S]*?-->\s*)*<(pfsense|opnsense)\b/;

export const pfsenseConfigFormat: FormatSpec = {
  id: 'pfsense-config',
  label: 'pfSense / OPNsense config.xml',
  family: 'rulebase',
  parserVersion: '1',
  detector: 'XML whose root element is <pfsense> or <opnsense> (the firewall’s config.xml backup)',
  detect(head) {
    return START.test(head) ? 0.95 : 0;
  },
  needsHostName: false,
  create: (sink, options) => pfsenseParser(sink, options.hostName, options.fileName),
};

/**
 * The parts of config.xml the rules depend on; everything else (services, certificates, VPN, users,
 * dashboards, cron...) holds no filter policy and is skipped unread.
 */
const KEPT = new Set(['system', 'interfaces', 'aliases', 'filter', 'nat', 'OPNsense', 'ifgroups']);

function pfsenseParser(sink: ImportSink, hostName: string | null, fileName: string): StreamParser {
  const source = new SourceText();
  let root: XmlNode | null = null;
  const stack: XmlNode[] = [];
  let skip = 0;

  const xml = xmlParser(
    {
      open(name, attrs, path, at) {
        if (skip > 0) {
          skip++;
          return;
        }
        const keep =
          path.length === 0 ||
          (path.length === 1 && KEPT.has(name)) ||
          (path.length === 2 && path[1] === 'OPNsense' ? name === 'Firewall' : path.length >= 2);
        if (!keep) {
          skip = 1;
          return;
        }
        const node: XmlNode = { name, attrs, text: '', children: [], line: at.line, endLine: at.line };
        stack[stack.length - 1]?.children.push(node);
        if (path.length === 0) root = node;
        stack.push(node);
      },
      close(_name, text, _path, at) {
        if (skip > 0) {
          skip--;
          return;
        }
        const node = stack.pop();
        if (!node) return;
        node.endLine = at.line;
        if (node.children.length === 0) node.text = text.trim();
      },
    },
    ['pfsense', 'opnsense'],
  );
  return {
    write(text) {
      source.write(text);
      xml.write(text);
    },
    end() {
      xml.end();
      if (!root) return;
      buildPfRules(root, { sink, source, hostName, fileName });
    },
  };
}
