// Hostile inputs for the import runner, generated (not stored): cut, re-encoded, junk-filled or forced
// into the wrong format copies of real files from ../shared/corpus, plus attacks written from scratch
// (entity expansion, external entities, DOCTYPE tricks, BOMs, NULs, huge lines, deep nesting). Each case
// is bytes + a file name + import options; the tests write it to a temp folder and import it.
import { readFileSync } from 'node:fs';
import { formats } from '../../src-main/core/import/formats';
import type { ImportOptions } from '../../src-main/core/import/run-import';
import { corpus, corpusAvailable, manifest } from '../unit/import-helpers';

export type Outcome = 'refuse' | 'import' | 'either';

export interface HostileCase {
  /** Unique, readable: group/what. */
  id: string;
  group: string;
  /** Name the file is written under (the error message must mention it). */
  fileName: string;
  bytes: () => Buffer;
  opts: ImportOptions;
  expect: Outcome;
  /** When refused, the error code expected (any PortcullisError code when absent). */
  code?: string;
}

/** Host name given to every case (host listings and host firewalls need one) except where a case tests it. */
export const HOST = 'hostile-host';
const host = { hostName: HOST };

// ---------------------------------------------------------------------------------------------------
// Small well-formed inputs written for this suite (hand-written, modelled on nmap 7.93 -oX output).

export const NMAP_MIN = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -sV -p 23 10.0.0.5" start="1795767274" version="7.93" xmloutputversion="1.05">
<host starttime="1795767274" endtime="1795767323"><status state="up" reason="user-set" reason_ttl="0"/>
<address addr="10.0.0.5" addrtype="ipv4"/>
<hostnames><hostname name="pos-05" type="PTR"/></hostnames>
<ports><port protocol="tcp" portid="23"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="telnet" product="BusyBox telnetd" method="probed" conf="10"/></port>
</ports>
</host>
<runstats><finished time="1795767323" elapsed="49" exit="success"/><hosts up="1" down="0" total="1"/></runstats>
</nmaprun>
`;

const NMAP_OPEN = NMAP_MIN.slice(0, NMAP_MIN.indexOf('<nmaprun'));
const NMAP_RUN = '<nmaprun scanner="nmap" args="nmap" start="1795767274" version="7.93" xmloutputversion="1.05">\n';

const SS_MIN = `Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process
tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*     users:(("sshd",pid=612,fd=3))
tcp   LISTEN 0      5            0.0.0.0:23        0.0.0.0:*     users:(("telnetd",pid=700,fd=3))
`;

const CSV_MIN = 'host,port,protocol,state,service\n10.0.0.7,23,tcp,open,telnet\n10.0.0.8,21,tcp,open,ftp\n';

const MASSCAN_JSON_MIN = `[
{   "ip": "10.0.0.9",   "timestamp": "1795767274", "ports": [ {"port": 23, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }
]
`;

// ---------------------------------------------------------------------------------------------------
// Deterministic helpers.

/** xorshift32: the same junk on every run, so a failure can be reproduced from the case id. */
function junk(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
function utf16be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}
const BOM8 = Buffer.from([0xef, 0xbb, 0xbf]);
const BOM16LE = Buffer.from([0xff, 0xfe]);
const BOM16BE = Buffer.from([0xfe, 0xff]);

function nmapWith(body: string, doctype = '<!DOCTYPE nmaprun>\n'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}${NMAP_RUN}${body}</nmaprun>\n`;
}

// ---------------------------------------------------------------------------------------------------
// Corpus-derived cases.

type Row = { format: string; file: string };

/** The corpus files used: for every MANIFEST format column, its smallest non-empty file up to 160 KB. */
export function corpusSelection(): Row[] {
  if (!corpusAvailable) return [];
  const best = new Map<string, Row & { size: number }>();
  for (const r of manifest()) {
    let size: number;
    try {
      size = readFileSync(corpus(r.file)).length;
    } catch {
      continue;
    }
    if (size === 0 || size > 160_000) continue;
    const cur = best.get(r.format);
    if (!cur || size < cur.size) best.set(r.format, { ...r, size });
  }
  return [...best.values()].sort((a, b) => a.file.localeCompare(b.file));
}

const isXml = (b: Buffer) => /^\s*</.test(b.subarray(0, 200).toString('latin1'));
const isJson = (b: Buffer) => /^\s*[[{]/.test(b.subarray(0, 200).toString('latin1'));
const safeName = (file: string) => file.replace(/^.*\//, '');

/** Offsets to cut a file at: start, inside the first tag/line, inside a middle line, inside the last tag/line. */
export function cutOffsets(b: Buffer): { label: string; at: number }[] {
  const text = b.toString('latin1');
  const out: { label: string; at: number }[] = [{ label: 'start+1', at: 1 }];
  const firstNl = text.indexOf('\n');
  out.push({ label: 'inside-first-line', at: Math.max(2, Math.floor((firstNl > 0 ? firstNl : 40) / 2)) });
  // Middle: step back to fall inside a line (never just after a newline).
  let mid = Math.floor(b.length / 2);
  while (mid > 2 && (text[mid - 1] === '\n' || text[mid] === '\n')) mid--;
  out.push({ label: 'middle', at: mid });
  let q = Math.floor((b.length * 3) / 4);
  if (isJson(b)) {
    // Inside a string: after the next quote.
    const quote = text.indexOf('"', q);
    if (quote > 0 && quote < b.length - 4) q = quote + 2;
    out.push({ label: 'inside-string', at: q });
  } else if (isXml(b)) {
    const tag = text.indexOf('<', q);
    if (tag > 0 && tag < b.length - 4) q = tag + 2;
    out.push({ label: 'inside-tag', at: q });
  } else {
    out.push({ label: 'three-quarters', at: q });
  }
  // Just before the end: inside the last closing tag, last JSON bracket or last line.
  const trimmed = text.trimEnd();
  let end = trimmed.length - 1;
  if (isXml(b)) end = trimmed.lastIndexOf('</') + 2;
  else if (!isJson(b)) {
    const lastNl = trimmed.lastIndexOf('\n');
    end = lastNl + 1 + Math.max(1, Math.floor((trimmed.length - lastNl - 1) / 2));
  }
  out.push({ label: 'before-end', at: end });
  return out.filter((o, i, all) => o.at > 0 && o.at < b.length && all.findIndex((x) => x.at === o.at) === i);
}

/** A format of another family to force on a file (the wrong format given with --format). */
function wrongFormatFor(detected: string | undefined, i: number): string {
  const fam = formats.find((f) => f.id === detected)?.family;
  const others = formats.filter((f) => f.family !== fam && f.id !== 'generic-csv');
  return others[(i * 7) % others.length]!.id;
}

function corpusCases(): HostileCase[] {
  const rows = corpusSelection();
  const out: HostileCase[] = [];
  rows.forEach((r, i) => {
    const bytes = () => readFileSync(corpus(r.file));
    const full = bytes();
    const name = safeName(r.file);
    const structured = isXml(full) || isJson(full);
    for (const cut of cutOffsets(full)) {
      out.push({
        id: `cut/${name}@${cut.label}(${cut.at})`,
        group: 'cut',
        fileName: `cut-${cut.at}-${name}`,
        bytes: () => bytes().subarray(0, cut.at),
        opts: host,
        // A cut XML or JSON document is incomplete; a cut line format may still import (the cut is noted).
        expect: structured ? 'refuse' : 'either',
      });
    }
    const forced = wrongFormatFor(guessFormat(r.format), i);
    out.push({
      id: `wrong-format/${name} as ${forced}`,
      group: 'wrong-format',
      fileName: `forced-${forced}-${name}`,
      bytes,
      opts: { ...host, format: forced },
      expect: 'either',
    });
    out.push({
      id: `nul-inside/${name}`,
      group: 'encoding',
      fileName: `nul-${name}`,
      bytes: () => {
        const b = Buffer.from(bytes());
        b[Math.floor(b.length / 2)] = 0;
        return b;
      },
      opts: host,
      expect: 'refuse',
    });
    if (i % 3 === 0) {
      out.push({
        id: `utf16le-no-bom/${name}`,
        group: 'encoding',
        fileName: `utf16le-${name}`,
        bytes: () => Buffer.from(bytes().toString('utf8'), 'utf16le'),
        opts: host,
        expect: 'refuse',
      });
    }
    if (i % 3 === 1) {
      out.push({
        id: `latin1-byte/${name}`,
        group: 'encoding',
        fileName: `latin1-${name}`,
        bytes: () => {
          const b = Buffer.from(bytes());
          // A lone 0xE9 (Latin-1 "é") in the middle, inside a line: invalid UTF-8.
          let at = Math.floor(b.length / 2);
          while (at < b.length - 1 && (b[at]! >= 0x80 || b[at] === 0x0a)) at++;
          b[at] = 0xe9;
          return b;
        },
        opts: host,
        expect: 'either',
      });
    }
  });
  return out;
}

/** MANIFEST format column -> registry id, for the families that matter when choosing a wrong one. */
function guessFormat(col: string): string | undefined {
  if (/nmap-xml/.test(col)) return 'nmap-xml';
  if (/^(ss|netstat|windows-netstat|lsof)/.test(col)) return 'ss';
  if (/nessus|qualys|openvas|nexpose|masscan|naabu/.test(col)) return 'nessus-v2';
  if (/ssl|ssh-audit|testssl/.test(col)) return 'sslyze-json';
  if (/jira/.test(col)) return formats.find((f) => f.family === 'ticket')?.id;
  return 'iptables-save';
}

// ---------------------------------------------------------------------------------------------------
// Cases written from scratch.

function scratchCases(): HostileCase[] {
  const out: HostileCase[] = [];
  const add = (c: Omit<HostileCase, 'opts'> & { opts?: ImportOptions }) => out.push({ opts: host, ...c });

  // Empty and near-empty.
  add({ id: 'empty/0-bytes', group: 'empty', fileName: 'empty.xml', bytes: () => Buffer.alloc(0), expect: 'refuse' });
  add({ id: 'empty/bom-only', group: 'empty', fileName: 'bom.xml', bytes: () => BOM8, expect: 'refuse' });
  add({ id: 'empty/newlines', group: 'empty', fileName: 'nl.txt', bytes: () => utf8('\n\n\n'), expect: 'refuse' });
  add({
    id: 'empty/spaces',
    group: 'empty',
    fileName: 'sp.txt',
    bytes: () => utf8(' '.repeat(5000)),
    expect: 'refuse',
  });
  for (const id of ['nmap-xml', 'masscan-json', 'ss', 'iptables-save', 'generic-csv', 'aws-security-groups']) {
    add({
      id: `empty/0-bytes forced ${id}`,
      group: 'empty',
      fileName: `empty-as-${id}.txt`,
      bytes: () => Buffer.alloc(0),
      opts: { ...host, format: id },
      expect: 'either',
    });
  }

  // Binary junk.
  for (const [n, seed] of [
    [1, 1],
    [16, 2],
    [1000, 3],
    [70_000, 4],
    [300_000, 5],
  ] as const) {
    add({
      id: `junk/${n} bytes`,
      group: 'junk',
      fileName: `junk-${n}.bin`,
      bytes: () => junk(n, seed),
      expect: 'refuse',
    });
    add({
      id: `junk/${n} bytes forced nmap-xml`,
      group: 'junk',
      fileName: `junk-${n}.xml`,
      bytes: () => junk(n, seed + 100),
      opts: { ...host, format: 'nmap-xml' },
      expect: 'refuse',
    });
  }
  const magic: Record<string, Buffer> = {
    png: Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), junk(500, 7)]),
    gzip: Buffer.concat([Buffer.from('1f8b0800000000000003', 'hex'), junk(500, 8)]),
    elf: Buffer.concat([Buffer.from('7f454c46020101', 'hex'), Buffer.alloc(9), junk(500, 9)]),
    zip: Buffer.concat([Buffer.from('504b0304', 'hex'), junk(500, 10)]),
    pdf: Buffer.concat([utf8('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), junk(500, 11)]),
    sqlite: Buffer.concat([utf8('SQLite format 3\0'), junk(4000, 12)]),
  };
  for (const [k, b] of Object.entries(magic)) {
    add({ id: `junk/${k} header`, group: 'junk', fileName: `file.${k}`, bytes: () => b, expect: 'refuse' });
  }
  add({
    id: 'junk/xml head then junk',
    group: 'junk',
    fileName: 'xml-then-junk.xml',
    bytes: () => Buffer.concat([utf8(NMAP_OPEN + NMAP_RUN), junk(20_000, 13)]),
    expect: 'refuse',
  });
  add({
    id: 'junk/ss header then junk',
    group: 'junk',
    fileName: 'ss-then-junk.txt',
    bytes: () => Buffer.concat([utf8(SS_MIN), junk(20_000, 14)]),
    expect: 'refuse',
  });
  add({
    id: 'junk/control characters',
    group: 'junk',
    fileName: 'ctrl.txt',
    bytes: () => Buffer.from(Array.from({ length: 3000 }, (_, i) => 1 + (i % 31))),
    expect: 'refuse',
  });

  // Encodings and BOMs.
  const samples: [string, string][] = [
    ['nmap.xml', NMAP_MIN],
    ['ss.txt', SS_MIN],
    ['hosts.csv', CSV_MIN],
    ['masscan.json', MASSCAN_JSON_MIN],
  ];
  for (const [name, text] of samples) {
    const enc = (label: string, bytes: () => Buffer, expect: Outcome) =>
      add({ id: `encoding/${name} ${label}`, group: 'encoding', fileName: `${label}-${name}`, bytes, expect });
    enc('utf8', () => utf8(text), 'import');
    enc('utf8-bom', () => Buffer.concat([BOM8, utf8(text)]), 'import');
    enc('utf16le-bom', () => Buffer.concat([BOM16LE, Buffer.from(text, 'utf16le')]), 'import');
    enc('utf16be-bom', () => Buffer.concat([BOM16BE, utf16be(text)]), 'import');
    enc('utf16le-no-bom', () => Buffer.from(text, 'utf16le'), 'refuse');
    enc('utf16be-no-bom', () => utf16be(text), 'refuse');
    enc(
      'utf16le-odd-length',
      () => Buffer.concat([BOM16LE, Buffer.from(text, 'utf16le'), Buffer.from([0x41])]),
      'refuse',
    );
    enc(
      'bom-in-middle',
      () => {
        const at = text.indexOf('\n', text.length / 2) + 1;
        return Buffer.concat([utf8(text.slice(0, at)), BOM8, utf8(text.slice(at))]);
      },
      'either',
    );
    enc(
      'latin1-bytes',
      () =>
        Buffer.from(
          text.replace('0.0.0.0:*', '0.0.0.0:*é').replace('pos-05', 'pôs-05').replace('telnet\n', 'télnet\n'),
          'latin1',
        ),
      'either',
    );
    enc(
      'utf32le-bom',
      () => {
        const b = Buffer.alloc(4 + text.length * 4);
        b.writeUInt32LE(0xfeff, 0);
        for (let i = 0; i < text.length; i++) b.writeUInt32LE(text.charCodeAt(i), 4 + i * 4);
        return b;
      },
      'refuse',
    );
    enc(
      'overlong-utf8',
      () => Buffer.concat([utf8(text.slice(0, 30)), Buffer.from([0xc0, 0xaf, 0xe0, 0x80, 0xaf]), utf8(text.slice(30))]),
      'refuse',
    );
    enc(
      'lone-surrogate-utf8',
      () => Buffer.concat([utf8(text.slice(0, 30)), Buffer.from([0xed, 0xa0, 0x80]), utf8(text.slice(30))]),
      'refuse',
    );
    enc('cut-multibyte-at-end', () => Buffer.concat([utf8(text), Buffer.from([0xe2, 0x82])]), 'refuse');
    enc('crlf', () => utf8(text.replace(/\n/g, '\r\n')), 'import');
    enc('cr-only', () => utf8(text.replace(/\n/g, '\r')), 'either');
  }
  add({
    id: 'encoding/xml declares latin-1 with latin-1 bytes',
    group: 'encoding',
    fileName: 'latin1-declared.xml',
    bytes: () => Buffer.from(NMAP_MIN.replace('UTF-8', 'ISO-8859-1').replace('pos-05', 'caisse-é'), 'latin1'),
    expect: 'import',
  });
  add({
    id: 'encoding/xml declares UTF-16 but is UTF-8',
    group: 'encoding',
    fileName: 'declares-utf16.xml',
    bytes: () => utf8(NMAP_MIN.replace('UTF-8', 'UTF-16')),
    expect: 'either',
  });
  add({
    id: 'encoding/NUL after the 64 KiB head',
    group: 'encoding',
    fileName: 'late-nul.xml',
    bytes: () => {
      const pad = '<!-- ' + 'x'.repeat(80_000) + ' -->\n';
      const t = NMAP_MIN.replace('<host ', `${pad}<host `);
      const b = utf8(t);
      b[t.indexOf('<host ') + 3] = 0;
      return b;
    },
    expect: 'refuse',
  });
  add({
    id: 'encoding/invalid UTF-8 after the 64 KiB head',
    group: 'encoding',
    fileName: 'late-invalid.csv',
    bytes: () =>
      Buffer.concat([utf8(CSV_MIN + '10.0.0.9,80,tcp,open,http\n'.repeat(4000)), Buffer.from([0xff, 0xfe, 0x0a])]),
    expect: 'refuse',
  });
  for (const [name, text] of samples) {
    add({
      id: `encoding/NUL bytes sprinkled ${name}`,
      group: 'encoding',
      fileName: `nuls-${name}`,
      bytes: () => utf8(text.replace(/\n/g, '\0\n')),
      expect: 'refuse',
    });
  }

  // Huge lines and attributes (the 8 MB line is the biggest input of the suite).
  const MB = 1024 * 1024;
  add({
    id: 'huge/8 MB line of A',
    group: 'huge',
    fileName: 'aaaa.txt',
    bytes: () => Buffer.alloc(8 * MB, 0x41),
    expect: 'refuse',
  });
  add({
    id: 'huge/8 MB line forced ss',
    group: 'huge',
    fileName: 'aaaa-ss.txt',
    bytes: () => Buffer.alloc(8 * MB, 0x41),
    opts: { ...host, format: 'ss' },
    expect: 'refuse',
  });
  add({
    id: 'huge/ss header + 8 MB line',
    group: 'huge',
    fileName: 'ss-huge-line.txt',
    bytes: () => Buffer.concat([utf8(SS_MIN), Buffer.alloc(8 * MB, 0x78)]),
    expect: 'either',
  });
  add({
    id: 'huge/csv 4 MB field',
    group: 'huge',
    fileName: 'huge-field.csv',
    bytes: () => utf8(CSV_MIN + `10.0.0.9,80,tcp,open,${'h'.repeat(4 * MB)}\n`),
    expect: 'either',
  });
  add({
    id: 'huge/csv unterminated quote over 4 MB',
    group: 'huge',
    fileName: 'open-quote.csv',
    bytes: () => utf8(CSV_MIN + `10.0.0.9,80,tcp,open,"${'q,\n'.repeat(1.3 * MB)}`),
    expect: 'refuse',
  });
  add({
    id: 'huge/nmap 4 MB attribute',
    group: 'huge',
    fileName: 'huge-attr.xml',
    bytes: () => utf8(NMAP_MIN.replace('product="BusyBox telnetd"', `product="${'B'.repeat(4 * MB)}"`)),
    expect: 'either',
  });
  add({
    id: 'huge/nmap 100k attributes on one element',
    group: 'huge',
    fileName: 'many-attrs.xml',
    bytes: () =>
      utf8(
        NMAP_MIN.replace('<status ', `<status ${Array.from({ length: 100_000 }, (_, i) => `a${i}="x"`).join(' ')} `),
      ),
    expect: 'either',
  });
  add({
    id: 'huge/nmap 4 MB unclosed comment',
    group: 'huge',
    fileName: 'open-comment.xml',
    bytes: () => utf8(NMAP_OPEN + NMAP_RUN + '<!-- ' + 'c'.repeat(4 * MB)),
    expect: 'refuse',
  });
  add({
    id: 'huge/json 4 MB string',
    group: 'huge',
    fileName: 'huge-string.json',
    bytes: () => utf8(MASSCAN_JSON_MIN.replace('"syn-ack"', `"${'s'.repeat(4 * MB)}"`)),
    expect: 'either',
  });
  add({
    id: 'huge/json unterminated 4 MB string',
    group: 'huge',
    fileName: 'open-string.json',
    bytes: () => utf8(`[\n{ "ip": "${'1'.repeat(4 * MB)}`),
    opts: { ...host, format: 'masscan-json' },
    expect: 'refuse',
  });
  add({
    id: 'huge/20k hosts with one port each',
    group: 'huge',
    fileName: 'many-hosts.xml',
    bytes: () => {
      const h = (i: number) =>
        `<host><status state="up"/><address addr="10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}" addrtype="ipv4"/><ports><port protocol="tcp" portid="23"><state state="open"/><service name="telnet"/></port></ports></host>\n`;
      return utf8(nmapWith(Array.from({ length: 20_000 }, (_, i) => h(i + 1)).join('')));
    },
    expect: 'import',
  });

  // Deep nesting (100k levels).
  const DEEP = 100_000;
  add({
    id: 'deep/nmap 100k nested elements',
    group: 'deep',
    fileName: 'deep.xml',
    bytes: () => utf8(nmapWith('<x>'.repeat(DEEP) + '</x>'.repeat(DEEP) + '\n')),
    expect: 'either',
  });
  add({
    id: 'deep/nmap 100k nested elements, unclosed',
    group: 'deep',
    fileName: 'deep-open.xml',
    bytes: () => utf8(NMAP_OPEN + NMAP_RUN + '<x>'.repeat(DEEP)),
    expect: 'refuse',
  });
  add({
    id: 'deep/nmap 100k nested elements inside a port',
    group: 'deep',
    fileName: 'deep-port.xml',
    bytes: () =>
      utf8(NMAP_MIN.replace('<service ', `${'<script id="x">'.repeat(DEEP)}${'</script>'.repeat(DEEP)}<service `)),
    expect: 'either',
  });
  const jsonDeep = (open: string, close: string) => open.repeat(DEEP) + close.repeat(DEEP);
  for (const id of [
    'masscan-json',
    'aws-security-groups',
    'nft-json',
    'sslyze-json',
    'checkpoint-mgmt-json',
    'vmware-nsxt-json',
    'k8s-networkpolicy',
  ]) {
    add({
      id: `deep/100k nested arrays forced ${id}`,
      group: 'deep',
      fileName: `deep-arrays-${id}.json`,
      bytes: () => utf8(jsonDeep('[', ']')),
      opts: { ...host, format: id },
      expect: 'either',
    });
    add({
      id: `deep/100k nested objects forced ${id}`,
      group: 'deep',
      fileName: `deep-objects-${id}.json`,
      bytes: () => utf8(jsonDeep('{"a":', '}').replace(/:\}/, ':1}')),
      opts: { ...host, format: id },
      expect: 'either',
    });
  }
  add({
    id: 'deep/aws security groups with 100k nested arrays in a rule',
    group: 'deep',
    fileName: 'deep-sg.json',
    bytes: () =>
      utf8(
        `{"SecurityGroups":[{"GroupId":"sg-1","GroupName":"x","IpPermissions":[{"IpProtocol":"tcp","FromPort":23,"ToPort":23,"IpRanges":${jsonDeep('[', ']')}}]}]}`,
      ),
    expect: 'either',
  });
  add({
    id: 'deep/yaml 100k nested flow sequences',
    group: 'deep',
    fileName: 'deep.yaml',
    bytes: () =>
      utf8(
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: x\nspec:\n  podSelector: ${jsonDeep('[', ']')}\n`,
      ),
    expect: 'either',
  });
  add({
    id: 'deep/yaml 10k nested block mappings',
    group: 'deep',
    fileName: 'deep-block.yaml',
    bytes: () =>
      utf8(
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: x\nspec:\n${Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(2 * (i + 1))}k${i}:`).join('\n')} 1\n`,
      ),
    expect: 'either',
  });
  // Brace configurations: 2,000 levels, not 100k — the brace reader is quadratic in the nesting depth
  // (100k levels take minutes; see the hardening issue), so the deep case is kept to what it handles.
  const BRACE_DEEP = 2_000;
  add({
    id: `deep/junos ${BRACE_DEEP} nested braces`,
    group: 'deep',
    fileName: 'deep.conf',
    bytes: () => utf8(`firewall {\n${'a {\n'.repeat(BRACE_DEEP)}${'}\n'.repeat(BRACE_DEEP)}}\n`),
    opts: { ...host, format: 'junos-config' },
    expect: 'either',
  });
  add({
    id: `deep/panos brace ${BRACE_DEEP} nested braces`,
    group: 'deep',
    fileName: 'deep-pan.conf',
    bytes: () => utf8(`config {\n${'a {\n'.repeat(BRACE_DEEP)}${'}\n'.repeat(BRACE_DEEP)}}\n`),
    opts: { ...host, format: 'panos-brace' },
    expect: 'either',
  });

  // XML structure tricks.
  const xml = (id: string, text: string, expect: Outcome, opts?: ImportOptions) =>
    add({
      id: `xml/${id}`,
      group: 'xml',
      fileName: `${id.replace(/\W+/g, '-')}.xml`,
      bytes: () => utf8(text),
      expect,
      ...(opts ? { opts } : {}),
    });
  xml('two root elements', NMAP_MIN + NMAP_RUN + '</nmaprun>\n', 'refuse');
  xml('text after the root', NMAP_MIN + 'trailing junk\n', 'refuse');
  xml('xml declaration not first', '\n\n  ' + NMAP_MIN, 'either');
  xml('mismatched closing tag', NMAP_MIN.replace('</ports>', '</port>'), 'refuse');
  xml('unescaped ampersand', NMAP_MIN.replace('BusyBox telnetd', 'AT&T telnetd'), 'refuse');
  xml('unescaped < in attribute', NMAP_MIN.replace('BusyBox telnetd', 'a<b'), 'refuse');
  xml('duplicate attribute', NMAP_MIN.replace('portid="23"', 'portid="23" portid="24"'), 'refuse');
  xml('undefined entity', NMAP_MIN.replace('BusyBox telnetd', '&nope;'), 'refuse');
  xml('huge numeric character reference', NMAP_MIN.replace('BusyBox telnetd', '&#x110000;'), 'refuse');
  xml('char reference to NUL', NMAP_MIN.replace('BusyBox telnetd', '&#0;'), 'refuse');
  xml('CDATA with ]]> inside text', NMAP_MIN.replace('</ports>', '<![CDATA[a]]>b]]></ports>'), 'either');
  xml('unclosed CDATA', NMAP_OPEN + NMAP_RUN + '<![CDATA[' + 'x'.repeat(10_000), 'refuse');
  xml('processing instruction storm', NMAP_MIN.replace('<host ', '<?pi x?>'.repeat(20_000) + '<host '), 'either');
  xml('comment storm', NMAP_MIN.replace('<host ', '<!-- c -->'.repeat(20_000) + '<host '), 'either');
  xml(
    'namespace prefix undeclared',
    NMAP_MIN.replace('<ports>', '<x:ports>').replace('</ports>', '</x:ports>'),
    'either',
  );
  xml('port number out of range', NMAP_MIN.replace('portid="23"', 'portid="99999999999999999999"'), 'either');
  xml('negative port number', NMAP_MIN.replace('portid="23"', 'portid="-23"'), 'either');
  xml('port not a number', NMAP_MIN.replace('portid="23"', 'portid="telnet"'), 'either');
  xml('address not an IP', NMAP_MIN.replace('10.0.0.5', '10.0.0.5; DROP TABLE observation'), 'either');
  xml(
    'IPv6 zone id and junk',
    NMAP_MIN.replace('addr="10.0.0.5" addrtype="ipv4"', 'addr="fe80::1%eth0\'--" addrtype="ipv6"'),
    'either',
  );
  xml('root element of another scanner', NMAP_MIN.replace(/nmaprun/g, 'NessusClientData_v2'), 'either');
  xml('nmap root forced as nessus-v2', NMAP_MIN, 'either', { ...host, format: 'nessus-v2' });
  xml('nmap root forced as openvas-xml', NMAP_MIN, 'either', { ...host, format: 'openvas-xml' });
  xml('nmap root forced as panos-xml', NMAP_MIN, 'either', { ...host, format: 'panos-xml' });
  xml('nmap root forced as pfsense-config', NMAP_MIN, 'either', { ...host, format: 'pfsense-config' });
  xml('nmap root forced as vmware-nsxv-xml', NMAP_MIN, 'either', { ...host, format: 'vmware-nsxv-xml' });
  xml('nmap root forced as iptables-xml', NMAP_MIN, 'either', { ...host, format: 'iptables-xml' });
  xml('nmap root forced as sslscan-xml', NMAP_MIN, 'either', { ...host, format: 'sslscan-xml' });
  xml('nmap root forced as qualys-scan-xml', NMAP_MIN, 'either', { ...host, format: 'qualys-scan-xml' });
  xml('nmap root forced as nexpose-xml', NMAP_MIN, 'either', { ...host, format: 'nexpose-xml' });
  xml('nmap root forced as masscan-xml', NMAP_MIN, 'either', { ...host, format: 'masscan-xml' });
  xml('nmap root forced as sslyze-xml', NMAP_MIN, 'either', { ...host, format: 'sslyze-xml' });

  // Text formats forced on each other and host-name handling.
  add({
    id: 'host/ss without a host name',
    group: 'host',
    fileName: 'ss-nohost.txt',
    bytes: () => utf8(SS_MIN),
    opts: {},
    expect: 'refuse',
    code: 'NEEDS_HOST_NAME',
  });
  add({
    id: 'host/iptables-save without a host name',
    group: 'host',
    fileName: 'ipt-nohost.txt',
    bytes: () => utf8('*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n'),
    opts: {},
    expect: 'refuse',
    code: 'NEEDS_HOST_NAME',
  });
  for (const name of [
    '<script>alert(1)</script>',
    '../../etc/passwd',
    'a'.repeat(5000),
    '\u202egnp.exe',
    "x'; DROP TABLE import;--",
  ]) {
    add({
      id: `host/odd host name ${JSON.stringify(name.slice(0, 30))}`,
      group: 'host',
      fileName: `ss-odd-host-${out.length}.txt`,
      bytes: () => utf8(SS_MIN),
      opts: { hostName: name },
      expect: 'either',
    });
  }
  add({
    id: 'host/unknown format id',
    group: 'host',
    fileName: 'x.txt',
    bytes: () => utf8(SS_MIN),
    opts: { ...host, format: '../../etc/passwd' },
    expect: 'refuse',
    code: 'INVALID_REQUEST',
  });
  for (const f of [
    'ss',
    'netstat-linux',
    'netstat-windows',
    'lsof',
    'iptables-save',
    'nft-text',
    'cisco-asa-config',
    'fortigate-config',
    'junos-set',
    'panos-set',
    'mikrotik-firewall',
    'openbsd-pf',
    'ufw-status',
    'nmap-grepable',
    'masscan-list',
    'testssl-csv',
    'rule-csv',
  ]) {
    add({
      id: `text/csv forced as ${f}`,
      group: 'text',
      fileName: `csv-as-${f}.txt`,
      bytes: () => utf8(CSV_MIN),
      opts: { ...host, format: f },
      expect: 'either',
    });
    add({
      id: `text/nmap xml forced as ${f}`,
      group: 'text',
      fileName: `xml-as-${f}.txt`,
      bytes: () => utf8(NMAP_MIN),
      opts: { ...host, format: f },
      expect: 'either',
    });
  }
  for (const f of [
    'masscan-json',
    'naabu-json',
    'sslyze-json',
    'testssl-json',
    'ssh-audit-json',
    'nft-json',
    'aws-security-groups',
    'aws-network-acls',
    'azure-nsg',
    'gcp-firewall',
    'checkpoint-mgmt-json',
    'vmware-nsxt-json',
    'k8s-networkpolicy',
  ]) {
    for (const [label, text] of [
      ['json-null', 'null\n'],
      ['json-scalar', '"just a string"\n'],
      ['json-wrong-types', '{"SecurityGroups":"no","ports":{"a":1},"ip":[],"nftables":7,"value":true,"items":null}\n'],
      ['json-trailing-garbage', MASSCAN_JSON_MIN + '}}}junk'],
    ] as const) {
      add({
        id: `json/${label} forced as ${f}`,
        group: 'json',
        fileName: `${label}-${f}.json`,
        bytes: () => utf8(text),
        opts: { ...host, format: f },
        expect: 'either',
      });
    }
  }
  add({
    id: 'json/__proto__ keys',
    group: 'json',
    fileName: 'proto.json',
    bytes: () =>
      utf8(
        '[\n{ "ip": "10.0.0.9", "__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "ports": [ {"port": 23, "proto": "tcp", "status": "open", "__proto__": {"x": 1}} ] }\n]\n',
      ),
    opts: { ...host, format: 'masscan-json' },
    expect: 'either',
  });
  add({
    id: 'json/duplicate keys and huge numbers',
    group: 'json',
    fileName: 'dup.json',
    bytes: () =>
      utf8(
        '[\n{ "ip": "10.0.0.9", "ip": "10.0.0.10", "ports": [ {"port": 1e400, "proto": "tcp", "status": "open"}, {"port": -1, "proto": "tcp"}, {"port": 23.5, "proto": "tcp"} ] }\n]\n',
      ),
    opts: { ...host, format: 'masscan-json' },
    expect: 'either',
  });

  return out;
}

// ---------------------------------------------------------------------------------------------------
// Entity attacks (XML): expansion bombs, external entities and DOCTYPE tricks.

export function entityCases(): HostileCase[] {
  const out: HostileCase[] = [];
  const roots: [string, string, string][] = [
    ['nmap-xml', 'nmaprun', NMAP_RUN],
    ['nessus-v2', 'NessusClientData_v2', '<NessusClientData_v2>\n'],
    ['openvas-xml', 'report', '<report id="r1">\n'],
    ['pfsense-config', 'pfsense', '<pfsense>\n'],
    ['panos-xml', 'config', '<config version="10.1.0">\n'],
    ['sslscan-xml', 'document', '<document title="SSLScan Results" version="2.0.15">\n'],
    ['qualys-scan-xml', 'SCAN', '<SCAN value="scan/1">\n'],
    ['vmware-nsxv-xml', 'firewallConfiguration', '<firewallConfiguration>\n'],
  ];
  const laughs = [
    '<!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
  ].join('\n');
  const big = 'x'.repeat(50_000);
  const attacks: [string, (root: string) => string, (body: string) => string][] = [
    ['billion laughs', (r) => `<!DOCTYPE ${r} [\n${laughs}\n]>\n`, () => '<x>&lol9;</x>\n'],
    ['billion laughs in an attribute', (r) => `<!DOCTYPE ${r} [\n${laughs}\n]>\n`, () => '<x a="&lol9;"/>\n'],
    ['quadratic blowup', (r) => `<!DOCTYPE ${r} [<!ENTITY a "${big}">]>\n`, () => `<x>${'&a;'.repeat(50_000)}</x>\n`],
    [
      'external entity file:///etc/passwd',
      (r) => `<!DOCTYPE ${r} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n`,
      () => '<x>&xxe;</x>\n',
    ],
    [
      'external entity http',
      (r) => `<!DOCTYPE ${r} [<!ENTITY xxe SYSTEM "http://169.254.169.254/latest/meta-data/">]>\n`,
      () => '<x>&xxe;</x>\n',
    ],
    [
      'external parameter entity',
      (r) => `<!DOCTYPE ${r} [<!ENTITY % p SYSTEM "http://127.0.0.1:1/evil.dtd"> %p;]>\n`,
      () => '',
    ],
    ['external DTD', (r) => `<!DOCTYPE ${r} SYSTEM "http://127.0.0.1:1/evil.dtd">\n`, () => ''],
    ['public external DTD', (r) => `<!DOCTYPE ${r} PUBLIC "-//X//EN" "file:///etc/shadow">\n`, () => ''],
    ['internal entity, declared and used', (r) => `<!DOCTYPE ${r} [<!ENTITY e "<x/>">]>\n`, () => '<y>&e;</y>\n'],
    ['entity recursion', (r) => `<!DOCTYPE ${r} [<!ENTITY a "&b;"><!ENTITY b "&a;">]>\n`, () => '<x>&a;</x>\n'],
    [
      'XInclude',
      () => '',
      () => '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>\n',
    ],
    ['two DOCTYPEs', (r) => `<!DOCTYPE ${r}>\n<!DOCTYPE ${r}>\n`, () => ''],
    ['unclosed DOCTYPE internal subset', (r) => `<!DOCTYPE ${r} [<!ENTITY a "b">\n`, () => ''],
    ['DOCTYPE after the root', () => '', () => '<!DOCTYPE x>\n'],
  ];
  for (const [fmt, root, open] of roots) {
    for (const [label, doctype, body] of attacks) {
      const text = `<?xml version="1.0" encoding="UTF-8"?>\n${doctype(root)}${open}${body(root)}</${root}>\n`;
      for (const forced of [false, true]) {
        out.push({
          id: `entity/${fmt} ${label}${forced ? ' (forced)' : ''}`,
          group: 'entity',
          fileName: `${fmt}-${label.replace(/\W+/g, '-')}${forced ? '-forced' : ''}.xml`,
          bytes: () => utf8(text),
          opts: forced ? { ...host, format: fmt } : host,
          // Undefined or external entities must never be fetched or expanded; a file without them may import.
          expect: /entity|laughs|blowup|recursion|unclosed|after the root|two DOCTYPEs/.test(label)
            ? 'refuse'
            : 'either',
        });
      }
    }
  }
  return out;
}

export function importCases(): HostileCase[] {
  return [...corpusCases(), ...scratchCases()];
}
