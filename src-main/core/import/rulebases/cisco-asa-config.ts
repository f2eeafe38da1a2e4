// Cisco ASA running-config (`show running-config`, or the ACL and object parts of it): extended access
// lists with their remarks, objects and object groups expanded, and `access-group` bindings giving each
// ACL its direction and interface. Lines are collected and resolved at the end (objects may follow use).
import { lineParser } from '../lines';
import { ParseError, type FormatSpec, type ImportSink, type ParserOptions, type StreamParser } from '../types';
import { emitAcls, type Acl, type AclBinding, type AclEntry } from './cisco-acl-rules';
import { deviceName, quoted, words } from './cisco-acl-tokens';
import { parseAsaAce } from './cisco-asa-ace';
import { AsaObjects } from './cisco-asa-objects';

interface RawAce {
  words: string[];
  line: number;
  text: string;
  comment: string | null;
}

interface RawAcl {
  name: string;
  line: number;
  aces: RawAce[];
  remarks: string[];
}

const ASA_MARKERS: readonly RegExp[] = [
  /^ASA Version \S+/m,
  /^: Saved\s*$/m,
  /^access-list \S+ (?:extended|standard|webtype|ethertype|advanced) (?:permit|deny) /m,
  /^access-group \S+ (?:(?:in|out) interface \S+|global)\s*$/m,
  /^object network \S+\s*\n\s+(?:host|subnet|range|fqdn) /m,
  /^object service \S+\s*\n\s+(?:service|description) /m,
  /^object-group (?:network|service|protocol|icmp-type) \S+.*\n\s+(?:network-object|port-object|service-object|protocol-object|icmp-object|group-object|description) /m,
  /^clear configure access-list/m,
];

/** Show-output lines belong to the `show access-list` format. */
const SHOW_LINE = /^\s*access-list \S+ line \d+ |^access-list \S+; \d+ elements;/m;

export function looksLikeAsaConfig(head: string): boolean {
  return !SHOW_LINE.test(head) && ASA_MARKERS.some((re) => re.test(head));
}

export const ciscoAsaConfig: FormatSpec = {
  id: 'cisco-asa-config',
  label: 'Cisco ASA running-config (access lists, objects, access-group)',
  family: 'rulebase',
  parserVersion: '1',
  detector:
    "ASA-only syntax at line starts: 'ASA Version', 'access-list NAME extended|standard permit|deny', 'access-group NAME in interface IF', 'object network' with host/subnet/range/fqdn, 'object-group ...' with network-object/port-object/service-object members; never 'show access-list' lines ('line N', 'N elements')",
  needsHostName: false,
  detect: (head) => (looksLikeAsaConfig(head) ? 0.9 : 0),
  create: (sink, options) => asaConfigParser(sink, options),
};

function asaConfigParser(sink: ImportSink, options: ParserOptions): StreamParser {
  const objs = new AsaObjects(sink);
  const acls = new Map<string, RawAcl>();
  const bindings: AclBinding[] = [];
  let hostname: string | null = null;
  let recognised = 0;
  let objectsSeen = 0;
  let lastLine = { no: 0, text: '', isAce: false };
  let endsWithNewline = true;
  let block: 'objects' | 'other' = 'other';

  const aclOf = (name: string, line: number): RawAcl => {
    let a = acls.get(name);
    if (!a) {
      a = { name, line, aces: [], remarks: [] };
      acls.set(name, a);
    }
    return a;
  };

  const onLine = (text: string, no: number) => {
    lastLine = { no, text, isAce: false };
    if (/^\s*$/.test(text) || text.startsWith('!') || text.startsWith(':')) return;
    if (/^\s/.test(text)) {
      if (block === 'objects' && objs.inBlock && !objs.member(words(text), no, text)) {
        sink.note({ line: no, column: null, what: `object member not understood: ${quoted(text)}` });
      }
      return;
    }
    objs.endBlock();
    block = 'other';
    const w = words(text);
    const [w0, w1, w2, w3, w4] = w;
    if (w0 === 'hostname' && w1) {
      hostname = w1;
      recognised++;
    } else if (w0 === 'ASA' && w1 === 'Version' && w2) {
      sink.meta('asaVersion', w2);
      recognised++;
    } else if (w0 === 'name' && w1 && w2) {
      if (!objs.addName(w1, w2)) sink.note({ line: no, column: null, what: `name not understood: ${quoted(text)}` });
      recognised++;
    } else if ((w0 === 'object' || w0 === 'object-group') && w1) {
      if (objs.startBlock(w, no)) {
        block = 'objects';
        objectsSeen++;
        recognised++;
      } else sink.note({ line: no, column: null, what: `object definition not understood: ${quoted(text)}` });
    } else if (w0 === 'interface' && w1) {
      objs.startInterface();
      block = 'objects';
    } else if (w0 === 'access-list' && w1) {
      recognised++;
      accessList(text, w, no);
    } else if (w0 === 'access-group' && w1) {
      recognised++;
      if ((w2 === 'in' || w2 === 'out') && w3 === 'interface' && w4) {
        // `control-plane` filters traffic to the ASA itself, which the interface name then says.
        const controlPlane = w[5] === 'control-plane';
        bindings.push({ acl: w1, direction: w2, iface: controlPlane ? `${w4} control-plane` : w4, line: no });
        // `per-user-override` lets ACLs downloaded for authenticated users take precedence.
        const rest = w.slice(controlPlane ? 6 : 5).join(' ');
        if (rest)
          sink.note({ line: no, column: null, what: `access-group option kept only as a note: ${quoted(rest)}` });
      } else if (w2 === 'global') bindings.push({ acl: w1, direction: 'in', iface: 'global', line: no });
      else sink.note({ line: no, column: null, what: `access-group not understood: ${quoted(text)}` });
    } else if (w0 === 'clear' && w1 === 'configure' && w2 === 'access-list') {
      // Generated configs clear an ACL before writing it again: what follows replaces what came before.
      recognised++;
      if (w3) acls.delete(w3);
      else acls.clear();
    }
    // Everything else (NAT, routes, crypto, AAA, logging, failover...) does not filter traffic by ACL.
  };

  const accessList = (text: string, w: string[], no: number) => {
    const name = w[1]!;
    let i = 2;
    if (w[i] === 'line' && /^\d+$/.test(w[i + 1] ?? '')) i += 2;
    const type = w[i];
    if (type === 'remark') {
      const acl = aclOf(name, no);
      const m = /\sremark(?:\s(.*))?$/.exec(text);
      acl.remarks.push((m?.[1] ?? '').trim());
      return;
    }
    if (type === 'extended' || type === 'advanced') {
      const acl = aclOf(name, no);
      acl.aces.push({ words: w.slice(i + 1), line: no, text, comment: acl.remarks.join('\n') || null });
      acl.remarks = [];
      lastLine.isAce = true;
      return;
    }
    if (type === 'standard') {
      sink.note({
        line: no,
        column: null,
        what: `standard access-list entries select routes or VPN traffic and cannot be bound by access-group, so they filter nothing: not imported: ${quoted(text)}`,
      });
      return;
    }
    if (type === 'webtype' || type === 'ethertype') {
      sink.note({
        line: no,
        column: null,
        what: `${type} access-list entries are not IP filters: not imported: ${quoted(text)}`,
      });
      return;
    }
    sink.note({ line: no, column: null, what: `access-list line not understood: ${quoted(text)}` });
  };

  const lines = lineParser(onLine, () => {
    objs.endBlock();
    if (!endsWithNewline) {
      const ace = lastLine.isAce
        ? [...acls.values()].flatMap((a) => a.aces).find((a) => a.line === lastLine.no)
        : undefined;
      if (ace && typeof parseAsaAce(ace.words, objs, ace.line) === 'string') {
        throw new ParseError(
          `the file ends inside an access-list entry (${quoted(lastLine.text)}); expected a complete line — the file looks cut`,
          lastLine.no,
          null,
        );
      }
      sink.note({
        line: lastLine.no,
        column: null,
        what: 'the last line has no line end: the file may have been cut after it',
      });
    }
    const aceCount = [...acls.values()].reduce((n, a) => n + a.aces.length, 0);
    if (aceCount === 0) {
      if (recognised === 0) {
        throw new ParseError(
          "expected a Cisco ASA running-config with 'access-list NAME extended ...' lines; found none of its commands",
        );
      }
      // Objects or bindings only (a partial capture): kept as evidence with a note saying what it holds.
      const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
      const found = [
        objectsSeen > 0 ? plural(objectsSeen, 'object definition') : '',
        bindings.length > 0 ? plural(bindings.length, 'access-group binding') : '',
      ].filter(Boolean);
      sink.note({
        line: null,
        column: null,
        what: `no access rules: ${found.length ? `the file holds only ${found.join(' and ')}` : 'the configuration holds no access list'} and no extended access-list entries; import the running-config that also contains the access lists; kept as evidence`,
      });
      sink.meta(
        'contents',
        [objectsSeen > 0 ? 'ASA objects' : '', bindings.length > 0 ? 'access-group bindings' : '']
          .filter(Boolean)
          .join(' and ') || 'ASA configuration without access lists',
      );
      if (hostname) sink.meta('device', hostname);
      return;
    }
    const device = deviceName(hostname, options, 'asa', sink, 'The ASA configuration');
    sink.meta('device', device);
    emitAcls(
      sink,
      device,
      [...acls.values()].map((a) => resolve(a)),
      bindings,
      'access-list',
    );
  });

  const resolve = (raw: RawAcl): Acl => {
    const entries: AclEntry[] = [];
    for (const r of raw.aces) {
      const ace = parseAsaAce(r.words, objs, r.line);
      if (typeof ace === 'string') {
        sink.note({ line: r.line, column: null, what: `access-list entry skipped, ${ace}: ${quoted(r.text)}` });
        continue;
      }
      const conditions = [...ace.conditions];
      if (ace.leftovers.length > 0) {
        conditions.push(`not understood: ${ace.leftovers.join(' ')}`);
        sink.note({
          line: r.line,
          column: null,
          what: `words not understood, kept as a condition: ${quoted(ace.leftovers.join(' '))}`,
        });
      }
      entries.push({
        action: ace.action,
        parts: ace.services.map((service) => ({
          service,
          source: ace.source,
          destination: ace.destination,
          hitCount: null,
        })),
        enabled: !ace.inactive,
        comment: r.comment,
        conditions,
        objects: ace.objects,
        unresolved: ace.unresolved,
        lineFrom: r.line,
        lineTo: r.line,
        text: r.text,
      });
    }
    if (raw.remarks.length > 0) {
      sink.note({
        line: raw.line,
        column: null,
        what: `access-list ${raw.name}: remarks after its last entry belong to no rule: ${quoted(raw.remarks.join(' / '))}`,
      });
    }
    return { name: raw.name, line: raw.line, entries };
  };

  return {
    write(text) {
      if (text.length > 0) endsWithNewline = text.endsWith('\n');
      lines.write(text);
    },
    end() {
      lines.end();
    },
  };
}
