// `show access-lists` / `show ip access-lists` / `show ipv6 access-list` output of IOS / IOS-XE, NX-OS
// and Arista EOS: one header per ACL ("Extended IP access list NAME", "IP access list NAME", "IP Access
// List NAME", "IPv6 access list NAME") and its entries with match counters, which become hit counts.
import { lineParser } from '../lines';
import { ParseError, type FormatSpec, type ImportSink, type ParserOptions, type StreamParser } from '../types';
import { emitAcls, type Acl } from './cisco-acl-rules';
import { deviceName, hitCountIn, quoted, words } from './cisco-acl-tokens';
import { iosEntry, parseIosAce, type AclFamily } from './cisco-ios-ace';
import { IosGroups } from './cisco-ios-objects';

const HEADER =
  /^(Standard IP|Extended IP|Reflexive IP|IPv6|IP|IPV6|MAC|Extended MAC|Role-based IP) (?:access list|Access List) (\S+)(?:\s+\[[^\]]*\])?\s*$/;

export const ciscoIosShowAccessLists: FormatSpec = {
  id: 'cisco-ios-show-access-lists',
  label: "Cisco IOS / NX-OS / Arista EOS 'show access-lists' (with match counts)",
  family: 'rulebase',
  parserVersion: '1',
  detector:
    "ACL headers at line starts ('Standard IP access list', 'Extended IP access list', 'IPv6 access list', 'IP access list' (NX-OS), 'IP Access List' (EOS)) followed by indented permit/deny/remark entries",
  needsHostName: false,
  detect(head) {
    const lines = head.split('\n', 200).map((l) => l.replace(/\r$/, ''));
    const i = lines.findIndex((l) => HEADER.test(l));
    if (i < 0) return 0;
    const next = lines.slice(i + 1).find((l) => l.trim().length > 0) ?? '';
    return /^\s+(?:\d+\s+)?(?:permit|deny|remark|statistics)\b/.test(next) || HEADER.test(next) ? 0.95 : 0;
  },
  create: (sink, options) => iosShowParser(sink, options),
};

interface Current {
  acl: Acl;
  family: AclFamily;
  standard: boolean;
  /** IOS prints a counter only when it is not zero; NX-OS and EOS only with statistics enabled. */
  zeroWhenAbsent: boolean;
  remarks: string[];
}

function iosShowParser(sink: ImportSink, options: ParserOptions): StreamParser {
  // The output carries no object-group definitions: names stay unresolved.
  const groups = new IosGroups(sink);
  const acls: Acl[] = [];
  /** Entries written per ACL, parsed or not: an ACL is empty only when it lists none. */
  const written = new Map<Acl, number>();
  const v6 = new Set<Acl>();
  let cur: Current | null = null;
  let skipping = false;
  let hostname: string | null = null;
  let headers = 0;
  let endsWithNewline = true;
  let last = { no: 0, text: '', entry: null as { words: string[]; family: AclFamily; standard: boolean } | null };

  const onLine = (text: string, no: number) => {
    last = { no, text, entry: null };
    if (/^\s*$/.test(text)) return;
    const prompt = /^([A-Za-z0-9][\w.-]*)(?:\([\w-]+\))?[#>]\s*show /.exec(text);
    if (prompt) {
      hostname = prompt[1]!;
      return;
    }
    const h = HEADER.exec(text);
    if (h) {
      headers++;
      const kind = h[1]!;
      cur = null;
      skipping = false;
      if (kind === 'MAC' || kind === 'Extended MAC' || kind === 'Role-based IP' || kind === 'Reflexive IP') {
        skipping = true;
        sink.note({
          line: no,
          column: null,
          what:
            kind === 'Reflexive IP'
              ? `reflexive access lists hold temporary entries made by traffic: not imported: ${quoted(text)}`
              : `${kind} access lists are not IP filters: not imported: ${quoted(text)}`,
        });
        return;
      }
      const acl: Acl = { name: h[2]!, line: no, entries: [] };
      acls.push(acl);
      if (/v6/i.test(kind)) v6.add(acl);
      cur = {
        acl,
        family: /v6/i.test(kind) ? 'ipv6' : 'ipv4',
        standard: kind === 'Standard IP',
        zeroWhenAbsent: kind === 'Standard IP' || kind === 'Extended IP',
        remarks: [],
      };
      return;
    }
    if (skipping) return;
    if (!/^\s/.test(text) || !cur) {
      sink.note({ line: no, column: null, what: `line not understood: ${quoted(text)}` });
      return;
    }
    const hit = hitCountIn(text);
    // Counters, log tags and the IOS standard-ACL spelling "A, wildcard bits W" are display, not match.
    const clean = text
      .replace(/\(\d+ match(?:es)?\)|\(tag = [^)]*\)|\[match[^\]]*\]/g, ' ')
      .replace(/, wildcard bits /g, ' ');
    const w = words(clean);
    const body = /^\d+$/.test(w[0] ?? '') ? w.slice(1) : w;
    if (body[0] === 'remark') {
      cur.remarks.push(clean.replace(/^\s*(?:\d+\s+)?remark\s?/, '').trim());
      return;
    }
    if (body[0] === 'statistics' || body[0] === 'counters' || body[0] === 'fragments') return;
    const iosV6 = body.at(-2) === 'sequence';
    const hitCount = hit ?? (cur.zeroWhenAbsent || iosV6 ? 0 : null);
    const ctx = { family: cur.family, standard: cur.standard, groups, line: no };
    last.entry = { words: body, family: cur.family, standard: cur.standard };
    written.set(cur.acl, (written.get(cur.acl) ?? 0) + 1);
    const e = iosEntry(body, ctx, text.trim(), cur.remarks.join('\n') || null, hitCount, sink);
    cur.remarks = [];
    if (e) cur.acl.entries.push(e);
  };

  const lines = lineParser(onLine, () => {
    if (!endsWithNewline) {
      const e = last.entry;
      const groupsQuiet = new IosGroups({ ...sink, note: () => undefined });
      if (
        e &&
        typeof parseIosAce(e.words, { family: e.family, standard: e.standard, groups: groupsQuiet, line: last.no }) ===
          'string'
      ) {
        throw new ParseError(
          `the output ends inside an access-list entry (${quoted(last.text)}); expected a complete line — the file looks cut`,
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
    if (headers === 0) {
      throw new ParseError(
        "expected 'show access-lists' output with headers such as 'Extended IP access list NAME'; found none",
      );
    }
    for (const acl of acls) {
      if (!written.has(acl)) {
        acl.policy = 'allow';
        sink.note({
          line: acl.line,
          column: null,
          what: `access list ${acl.name} has no entries: an empty ACL permits all traffic`,
        });
      }
    }
    const device = deviceName(hostname, options, 'router', sink, "The 'show access-lists' output");
    sink.meta('device', device);
    // IPv4 and IPv6 ACLs have separate names: an IPv6 one sharing an IPv4 name is filed as "NAME (ipv6)".
    const v4Names = new Set(acls.filter((a) => !v6.has(a)).map((a) => a.name));
    for (const a of v6) if (v4Names.has(a.name)) a.name = `${a.name} (ipv6)`;
    emitAcls(sink, device, acls, [], 'access list');
  });

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
