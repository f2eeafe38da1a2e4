// IOS-family access lists in configuration form: IOS / IOS-XE (`ip access-list extended|standard`,
// numbered `access-list 101`), IOS-XR (`ipv4 access-list` with sequence numbers), NX-OS and Arista EOS
// (`ip access-list NAME` with prefixes), IPv6 ACLs, object groups, and the interface and line bindings
// (`ip access-group`, `ipv6 traffic-filter`, `ipv4 access-group ... ingress`, `access-class`).
import { lineParser } from '../lines';
import { ParseError, type FormatSpec, type ImportSink, type ParserOptions, type StreamParser } from '../types';
import { emitAcls, type Acl, type AclBinding, type AclEntry } from './cisco-acl-rules';
import { deviceName, quoted, words } from './cisco-acl-tokens';
import { iosEntry, parseIosAce, type AclFamily } from './cisco-ios-ace';
import { IosGroups } from './cisco-ios-objects';
import { looksLikeAsaConfig } from './cisco-asa-config';

interface RawEntry {
  words: string[];
  line: number;
  text: string;
  comment: string | null;
}

interface RawAcl {
  name: string;
  family: AclFamily;
  standard: boolean;
  line: number;
  entries: RawEntry[];
  remarks: string[];
}

/** `ip access-list WORD` commands that are settings, not ACL definitions. */
const NOT_ACL_NAMES = new Set([
  'resequence',
  'log-update',
  'logging',
  'logging-interval',
  'persistent',
  'match-local-traffic',
  'counters',
  'fqdn',
]);

const ACL_HEADS: readonly RegExp[] = [
  /^ip access-list (?:extended|standard) \S+\s*$/m,
  /^(?:ip|ipv4|ipv6) access-list (?!resequence|log-update|logging|role-based|persistent)\S+\s*\n(?:\s*\n)*\s+(?:\d+\s+)?(?:permit|deny|remark) /m,
  /^access-list \d+ (?:permit|deny|remark|dynamic) /m,
];

/** A Cisco-style running-config (hostname, interfaces, '!' separators or a version line) that may hold no ACL. */
const CONFIG_SHAPE: readonly RegExp[] = [/^hostname \S+\s*$/m, /^interface \S+/m, /^(?:!\s*$|version \S+\s*$)/m];

export const ciscoIosAcl: FormatSpec = {
  id: 'cisco-ios-acl',
  label: 'Cisco IOS / IOS-XE / IOS-XR / NX-OS / Arista EOS access lists (configuration)',
  family: 'rulebase',
  parserVersion: '1',
  detector:
    "ACL definitions at line starts: 'ip access-list extended|standard NAME', 'ip|ipv4|ipv6 access-list NAME' followed by indented permit/deny/remark entries, or numbered 'access-list 101 permit ...'; lower score for a Cisco-style running-config ('hostname', 'interface', '!' or 'version' lines) without ACLs; never ASA syntax",
  needsHostName: false,
  detect(head) {
    if (looksLikeAsaConfig(head)) return 0;
    if (ACL_HEADS.some((re) => re.test(head))) return 0.85;
    return CONFIG_SHAPE.every((re) => re.test(head)) ? 0.3 : 0;
  },
  create: (sink, options) => iosAclParser(sink, options),
};

type Context =
  | { kind: 'acl'; acl: RawAcl }
  | { kind: 'interface'; name: string }
  | { kind: 'line'; name: string }
  | { kind: 'group' }
  | { kind: 'other' };

function iosAclParser(sink: ImportSink, options: ParserOptions): StreamParser {
  const groups = new IosGroups(sink);
  const acls = new Map<string, RawAcl>();
  /** IPv4 and IPv6 ACLs have separate names on these platforms: keyed by family and name. */
  const key = (family: AclFamily, name: string) => `${family} ${name}`;
  const bindings: { family: AclFamily; binding: AclBinding }[] = [];
  let ctx: Context = { kind: 'other' };
  let hostname: string | null = null;
  let runningConfig = false;
  let interfaces = 0;
  let sawEnd = false;
  let endsWithNewline = true;
  let last = { no: 0, text: '', acl: null as RawAcl | null };

  const define = (name: string, family: AclFamily, standard: boolean, line: number): RawAcl => {
    // A second block with the same name adds to the first, as the CLI does.
    let a = acls.get(key(family, name));
    if (!a) {
      a = { name, family, standard, line, entries: [], remarks: [] };
      acls.set(key(family, name), a);
    }
    return a;
  };

  const entry = (acl: RawAcl, w: string[], text: string, no: number) => {
    const body = /^\d+$/.test(w[0] ?? '') ? w.slice(1) : w;
    if (body[0] === 'remark') {
      const m = /\bremark(?:\s(.*))?$/.exec(text);
      acl.remarks.push((m?.[1] ?? '').trim());
      return;
    }
    if (body[0] === 'permit' || body[0] === 'deny') {
      acl.entries.push({ words: body, line: no, text, comment: acl.remarks.join('\n') || null });
      acl.remarks = [];
      last.acl = acl;
      return;
    }
    // Entry-list settings: counters and fragment handling do not add entries.
    if (body[0] === 'statistics' || body[0] === 'counters' || body[0] === 'fragments') return;
    sink.note({ line: no, column: null, what: `access-list line not understood: ${quoted(text)}` });
  };

  const topLevel = (text: string, w: string[], no: number) => {
    ctx = { kind: 'other' };
    groups.end();
    const [w0, w1, w2, w3] = w;
    if ((w0 === 'hostname' || w0 === 'switchname') && w1) hostname = w1.replace(/^"(.*)"$/, '$1');
    else if (w0 === 'end') sawEnd = true;
    else if ((w0 === 'ip' || w0 === 'ipv4' || w0 === 'ipv6') && w1 === 'access-list' && w2) {
      const family: AclFamily = w0 === 'ipv6' ? 'ipv6' : 'ipv4';
      if ((w2 === 'extended' || w2 === 'standard') && w3) {
        ctx = { kind: 'acl', acl: define(w3, family, w2 === 'standard', no) };
      } else if (w2 === 'role-based') {
        sink.note({
          line: no,
          column: null,
          what: `role-based (TrustSec) access lists are not imported: ${quoted(text)}`,
        });
      } else if (!NOT_ACL_NAMES.has(w2) && w.length === 3) {
        ctx = { kind: 'acl', acl: define(w2, family, false, no) };
      }
    } else if (w0 === 'no' && w2 === 'access-list') {
      // Generated configs remove an ACL before writing it again: what follows replaces what came before.
      const name = w[3] === 'extended' || w[3] === 'standard' ? w[4] : w[3];
      if (name) acls.delete(key(w1 === 'ipv6' ? 'ipv6' : 'ipv4', name));
    } else if (w0 === 'no' && w1 === 'access-list' && w2) acls.delete(key('ipv4', w2));
    else if (w0 === 'access-list' && w1 && /^\d+$/.test(w1)) numbered(text, w, no);
    else if ((w0 === 'mac' || w0 === 'arp') && w1 === 'access-list') {
      sink.note({
        line: no,
        column: null,
        what: `${w0.toUpperCase()} access lists filter layer 2, not IP: not imported: ${quoted(text)}`,
      });
    } else if (w0 === 'interface' && w1) {
      interfaces++;
      ctx = { kind: 'interface', name: w.slice(1).join(' ') };
    } else if (w0 === 'line' && w1) ctx = { kind: 'line', name: `line ${w.slice(1).join(' ')}` };
    else if (w0 === 'object-group') {
      if (groups.start(w, no)) ctx = { kind: 'group' };
      else sink.note({ line: no, column: null, what: `object-group kind not imported: ${quoted(text)}` });
    } else if (w0 === 'zone-pair' || (w0 === 'policy-map' && w1 === 'type' && w2 === 'inspect')) {
      sink.note({
        line: no,
        column: null,
        what: `zone-based firewall policy is not imported (only ACLs are): ${quoted(text)}`,
      });
    }
    // Everything else (routing, NAT, AAA, SNMP, QoS, interfaces' other settings...) is not an ACL.
  };

  const numbered = (text: string, w: string[], no: number) => {
    const n = Number(w[1]);
    const standard = (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999);
    const extended = (n >= 100 && n <= 199) || (n >= 2000 && n <= 2699);
    if (!standard && !extended) {
      sink.note({
        line: no,
        column: null,
        what: `access-list ${n} is not an IP access list (number range): not imported`,
      });
      return;
    }
    const acl = define(w[1]!, 'ipv4', standard, no);
    const rest = w.slice(2);
    if (rest[0] === 'dynamic') {
      sink.note({
        line: no,
        column: null,
        what: `dynamic (lock-and-key) entries open only after authentication: not imported: ${quoted(text)}`,
      });
      return;
    }
    entry(acl, rest, text, no);
  };

  const nested = (text: string, w: string[], no: number) => {
    const [w0, w1, w2, w3] = w;
    switch (ctx.kind) {
      case 'acl':
        entry(ctx.acl, w, text, no);
        return;
      case 'group':
        if (!groups.member(w))
          sink.note({ line: no, column: null, what: `object-group member not understood: ${quoted(text)}` });
        return;
      case 'interface': {
        const iface = ctx.name;
        const family: AclFamily = w0 === 'ipv6' ? 'ipv6' : 'ipv4';
        const bind = (acl: string | undefined, dir: string | undefined) => {
          const d = dir === 'in' || dir === 'ingress' ? 'in' : dir === 'out' || dir === 'egress' ? 'out' : null;
          if (acl && d) bindings.push({ family, binding: { acl, direction: d, iface, line: no } });
          else sink.note({ line: no, column: null, what: `ACL binding not understood: ${quoted(text)}` });
        };
        if ((w0 === 'ip' || w0 === 'ipv4' || w0 === 'ipv6') && w1 === 'access-group') bind(w2, w3);
        else if (w0 === 'ipv6' && w1 === 'traffic-filter') bind(w2, w3);
        else if ((w0 === 'ip' || w0 === 'ipv6') && w1 === 'port' && (w2 === 'access-group' || w2 === 'traffic-filter'))
          bind(w3, w[4]);
        return;
      }
      case 'line':
        // Line ACLs filter sessions to the device itself (Telnet/SSH to the vty lines).
        if (w0 === 'access-class' && (w1 === 'ingress' || w1 === 'egress') && w2) {
          const binding: AclBinding = {
            acl: w2,
            direction: w1 === 'ingress' ? 'in' : 'out',
            iface: ctx.name,
            line: no,
          };
          bindings.push({ family: 'ipv4', binding });
        } else if ((w0 === 'access-class' && w1) || (w0 === 'ipv6' && w1 === 'access-class' && w2)) {
          const [acl, dir] = w0 === 'ipv6' ? [w2, w3] : [w1, w2];
          if (dir === 'in' || dir === 'out') {
            const binding: AclBinding = { acl: acl!, direction: dir, iface: ctx.name, line: no };
            bindings.push({ family: w0 === 'ipv6' ? 'ipv6' : 'ipv4', binding });
          }
        }
        return;
      default:
        return;
    }
  };

  const onLine = (text: string, no: number) => {
    last = { no, text, acl: null };
    if (/^\s*$/.test(text) || /^\s*!/.test(text)) return;
    if (no <= 5 && /^(?:Building configuration|Current configuration\s*:)/.test(text)) runningConfig = true;
    const w = words(text);
    if (/^\s/.test(text)) nested(text, w, no);
    else if (w[0] === 'exit') ctx = { kind: 'other' };
    else topLevel(text, w, no);
  };

  const lines = lineParser(onLine, () => {
    if (!endsWithNewline) {
      const e = last.acl?.entries.at(-1);
      const ctx = last.acl && e ? { family: last.acl.family, standard: last.acl.standard, groups, line: e.line } : null;
      if (e && ctx && typeof parseIosAce(e.words, ctx) === 'string') {
        throw new ParseError(
          `the file ends inside an access-list entry (${quoted(last.text)}); expected a complete line — the file looks cut`,
          last.no,
          null,
        );
      }
      sink.note({
        line: last.no,
        column: null,
        what: 'the last line has no line end: the file may have been cut after it',
      });
    }
    if (runningConfig && !sawEnd) {
      throw new ParseError(
        "the running-config has no final 'end' line; expected the complete configuration — the file looks cut",
      );
    }
    if (acls.size === 0) {
      // A device configuration without ACLs is evidence too (nothing filters by ACL there); text that is
      // neither an ACL nor a configuration is not this format.
      if (!hostname && interfaces === 0 && !runningConfig) {
        throw new ParseError(
          "expected IOS-family access lists ('ip access-list extended NAME', 'ipv4 access-list NAME', 'access-list 101 permit ...'); found none",
        );
      }
      const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
      const held = [
        plural(interfaces, 'interface'),
        bindings.length ? `${plural(bindings.length, 'ACL binding')} to access lists not in the file` : '',
      ].filter(Boolean);
      sink.note({
        line: null,
        column: null,
        what: `no access rules: the configuration${hostname ? ` of "${hostname}"` : ''} (${held.join(', ')}) defines no IP access list (no 'ip access-list', 'ipv4/ipv6 access-list' or numbered 'access-list'); kept as evidence`,
      });
      sink.meta('contents', 'device configuration without access lists');
      if (hostname) sink.meta('device', hostname);
      return;
    }
    const device = deviceName(hostname, options, 'router', sink, 'The configuration');
    sink.meta('device', device);
    // An IPv6 ACL that shares its name with an IPv4 one is filed as "NAME (ipv6)".
    const shown = (family: AclFamily, name: string) =>
      family === 'ipv6' && acls.has(key('ipv4', name)) ? `${name} (ipv6)` : name;
    emitAcls(
      sink,
      device,
      [...acls.values()].map((a) => ({ ...resolve(a), name: shown(a.family, a.name) })),
      bindings.map((b) => ({ ...b.binding, acl: shown(b.family, b.binding.acl) })),
      'access list',
    );
  });

  const resolve = (raw: RawAcl): Acl => {
    const entries: AclEntry[] = [];
    for (const r of raw.entries) {
      const e = iosEntry(
        r.words,
        { family: raw.family, standard: raw.standard, groups, line: r.line },
        r.text,
        r.comment,
        null,
        sink,
      );
      if (e) entries.push(e);
    }
    if (raw.remarks.length > 0) {
      sink.note({
        line: raw.line,
        column: null,
        what: `access list ${raw.name}: remarks after its last entry belong to no rule: ${quoted(raw.remarks.join(' / '))}`,
      });
    }
    if (raw.entries.length === 0) {
      // IOS filters nothing with an ACL that has no entries: traffic passes as if none were bound.
      sink.note({
        line: raw.line,
        column: null,
        what: `access list ${raw.name} has no entries: an empty ACL permits all traffic`,
      });
      return { name: raw.name, line: raw.line, entries, policy: 'allow' };
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
