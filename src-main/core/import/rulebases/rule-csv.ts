// A generic CSV rule export (a firewall team's spreadsheet, a management console's export): one rule per
// row with source, destination, service/port and action columns, found by header names or given as a
// column mapping. Cells may hold several values separated by ";", "," or line breaks.
import { blankRule, type RuleAction } from '../../model/rule';
import { csvReader, type Delimiter } from '../generic/csv-reader';
import { portForServiceName } from '../hosts/service-ports';
import { ParseError, type FormatSpec } from '../types';
import { ANY_V4, ANY_V6, cidrFromNetmask, parseCidr, rangeToCidrs } from './cidr';
import { modelPort, modelProtocol, PORT_PROTOCOLS, shown } from './iptables-common';

export type RuleCsvField =
  | 'device'
  | 'ruleset'
  | 'order'
  | 'name'
  | 'action'
  | 'source'
  | 'destination'
  | 'protocol'
  | 'port'
  | 'source port'
  | 'enabled'
  | 'disabled'
  | 'comment'
  | 'hits'
  | 'from zone'
  | 'to zone';

const FIELDS: readonly RuleCsvField[] = [
  'device',
  'ruleset',
  'order',
  'name',
  'action',
  'source',
  'destination',
  'protocol',
  'port',
  'source port',
  'enabled',
  'disabled',
  'comment',
  'hits',
  'from zone',
  'to zone',
];

/** Header names recognised without a mapping, normalised (lower case; spaces, dots, dashes, underscores as one space). */
const AUTO: Readonly<Record<string, RuleCsvField>> = {
  device: 'device',
  'device name': 'device',
  firewall: 'device',
  'firewall name': 'device',
  gateway: 'device',
  ruleset: 'ruleset',
  'rule set': 'ruleset',
  rulebase: 'ruleset',
  policy: 'ruleset',
  'policy name': 'ruleset',
  chain: 'ruleset',
  acl: 'ruleset',
  'access list': 'ruleset',
  section: 'ruleset',
  layer: 'ruleset',
  order: 'order',
  seq: 'order',
  sequence: 'order',
  position: 'order',
  'rule number': 'order',
  'rule no': 'order',
  'rule #': 'order',
  '#': 'order',
  no: 'order',
  priority: 'order',
  name: 'name',
  'rule name': 'name',
  rule: 'name',
  'rule id': 'name',
  action: 'action',
  decision: 'action',
  verdict: 'action',
  permission: 'action',
  source: 'source',
  sources: 'source',
  src: 'source',
  'source address': 'source',
  'source addresses': 'source',
  'source ip': 'source',
  'src ip': 'source',
  'source network': 'source',
  'source cidr': 'source',
  destination: 'destination',
  destinations: 'destination',
  dst: 'destination',
  dest: 'destination',
  'destination address': 'destination',
  'destination addresses': 'destination',
  'destination ip': 'destination',
  'dst ip': 'destination',
  'destination network': 'destination',
  'destination cidr': 'destination',
  protocol: 'protocol',
  proto: 'protocol',
  'ip protocol': 'protocol',
  service: 'port',
  services: 'port',
  port: 'port',
  ports: 'port',
  'destination port': 'port',
  'destination ports': 'port',
  'dst port': 'port',
  'dest port': 'port',
  'service port': 'port',
  'source port': 'source port',
  'src port': 'source port',
  sport: 'source port',
  enabled: 'enabled',
  enable: 'enabled',
  active: 'enabled',
  status: 'enabled',
  disabled: 'disabled',
  comment: 'comment',
  comments: 'comment',
  description: 'comment',
  remark: 'comment',
  remarks: 'comment',
  notes: 'comment',
  justification: 'comment',
  'business justification': 'comment',
  hits: 'hits',
  'hit count': 'hits',
  hitcount: 'hits',
  'from zone': 'from zone',
  'source zone': 'from zone',
  'src zone': 'from zone',
  'to zone': 'to zone',
  'destination zone': 'to zone',
  'dst zone': 'to zone',
};

const normalise = (name: string): string =>
  name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_.-]+/g, ' ');

type ColumnMap = Map<RuleCsvField, number>;

function autoMap(header: readonly string[]): ColumnMap {
  const map: ColumnMap = new Map();
  header.forEach((name, i) => {
    const key = normalise(name);
    const field = Object.hasOwn(AUTO, key) ? AUTO[key] : undefined;
    if (field && !map.has(field)) map.set(field, i);
  });
  return map;
}

function explicitMap(
  header: readonly string[],
  columns: Readonly<Record<string, string>>,
): { map: ColumnMap; problems: string[] } {
  const map: ColumnMap = new Map();
  const problems: string[] = [];
  for (const [column, value] of Object.entries(columns)) {
    const key = normalise(value);
    const field = (FIELDS as readonly string[]).includes(key)
      ? (key as RuleCsvField)
      : Object.hasOwn(AUTO, key)
        ? AUTO[key]
        : undefined;
    if (!field) {
      problems.push(`"${value}" (for column "${column}") is not a rule field; expected one of ${FIELDS.join(', ')}`);
      continue;
    }
    let at = header.indexOf(column);
    if (at < 0) at = header.findIndex((h) => normalise(h) === normalise(column));
    if (at < 0) {
      problems.push(`column "${column}" is not in the header`);
      continue;
    }
    if (map.has(field)) {
      problems.push(`field "${field}" is mapped from more than one column`);
      continue;
    }
    map.set(field, at);
  }
  return { map, problems };
}

const isRuleHeader = (map: ColumnMap) => map.has('source') && map.has('destination') && map.has('action');

/** The first record of the head, or null when it is not CSV. */
function firstRecord(head: string): string[] | null {
  let first: string[] | null = null;
  const nl = head.indexOf('\n');
  const text = nl >= 0 ? head.slice(0, Math.min(head.length, nl + 1 + 4096)) : head;
  try {
    const reader = csvReader({
      onRecord: (fields) => {
        first ??= fields;
      },
    });
    reader.write(text);
    if (!first) reader.end();
  } catch {
    return null;
  }
  return first;
}

const ACTIONS: Readonly<Record<string, RuleAction>> = {
  allow: 'allow',
  allowed: 'allow',
  accept: 'allow',
  accepted: 'allow',
  permit: 'allow',
  permitted: 'allow',
  pass: 'allow',
  deny: 'deny',
  denied: 'deny',
  block: 'deny',
  blocked: 'deny',
  drop: 'drop',
  dropped: 'drop',
  discard: 'drop',
  reject: 'reject',
  rejected: 'reject',
  log: 'log',
};

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'enabled', 'enable', 'on', 'active']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'disabled', 'disable', 'off', 'inactive']);
const ANY_WORDS = new Set(['any', '*', 'all', 'anywhere', 'any4', 'any6', 'any-ipv4', 'any-ipv6']);

/** Cell values: several per cell, separated by ";", "," or line breaks. */
const split = (cell: string): string[] =>
  cell
    .split(/[;,\r\n]+/)
    .map((x) => x.trim())
    .filter((x) => x !== '');

interface Addresses {
  cidrs: string[];
  negated: boolean;
  names: string[];
}

function addresses(cell: string): Addresses {
  let text = cell.trim();
  let negated = false;
  const neg = /^(!|not\s+)/i.exec(text);
  if (neg) {
    negated = true;
    text = text.slice(neg[0].length);
  }
  const cidrs: string[] = [];
  const names: string[] = [];
  for (const v of split(text)) {
    const lower = v.toLowerCase();
    if (ANY_WORDS.has(lower)) {
      if (lower !== 'any6' && lower !== 'any-ipv6') cidrs.push(ANY_V4);
      if (lower !== 'any4' && lower !== 'any-ipv4') cidrs.push(ANY_V6);
      continue;
    }
    const slash = v.indexOf('/');
    const dash = v.indexOf('-');
    const c =
      parseCidr(v) ??
      (slash > 0 && v.slice(slash + 1).includes('.') ? cidrFromNetmask(v.slice(0, slash), v.slice(slash + 1)) : null);
    if (c) {
      cidrs.push(c);
      continue;
    }
    const range = dash > 0 ? rangeToCidrs(v.slice(0, dash).trim(), v.slice(dash + 1).trim()) : null;
    if (range) cidrs.push(...range);
    else names.push(v);
  }
  return { cidrs: [...new Set(cidrs)], negated, names };
}

/** Services: "tcp/22", "22/tcp", "tcp:22", "udp 53", "22", "1000-2000", "ssh", "icmp", "any" -> ports per protocol. */
function services(cell: string, protocols: string[] | null): { byProto: Map<string, string[] | null>; bad: string[] } {
  const byProto = new Map<string, string[] | null>();
  const bad: string[] = [];
  const add = (proto: string, port: string | null) => {
    if (port === null) {
      byProto.set(proto, null);
      return;
    }
    if (byProto.has(proto) && byProto.get(proto) === null) return;
    const list = byProto.get(proto) ?? [];
    if (!list.includes(port)) list.push(port);
    byProto.set(proto, list);
  };
  const protos = protocols ?? ['any'];
  const values = split(cell);
  if (values.length === 0 || values.some((v) => ANY_WORDS.has(v.toLowerCase()))) {
    for (const p of protos) add(p, null);
    return { byProto, bad };
  }
  for (const v of values) {
    const m = /^([a-z][\w-]*)\s*[/: ]\s*(\S+)$/i.exec(v) ?? null;
    const r = /^(\S+?)\s*\/\s*([a-z][\w-]*)$/i.exec(v) ?? null;
    let proto: string | null = null;
    let portText: string | null = v;
    if (m && modelProtocol(m[1] as string) !== null && PORT_PROTOCOLS.has(modelProtocol(m[1] as string) as string)) {
      proto = modelProtocol(m[1] as string);
      portText = m[2] as string;
    } else if (r && modelProtocol(r[2] as string) !== null && /^\d/.test(r[1] as string)) {
      proto = modelProtocol(r[2] as string);
      portText = r[1] as string;
    } else {
      const asProto = modelProtocol(v);
      // A bare number is a port here, never a protocol number.
      if (asProto !== null && !/^\d+$/.test(v) && portForServiceName(v.toLowerCase()) === null) {
        add(asProto, null);
        continue;
      }
    }
    const port = modelPort(portText, '-');
    if (port === null) {
      bad.push(v);
      continue;
    }
    for (const p of proto ? [proto] : protos) add(p, port);
  }
  return { byProto, bad };
}

export const ruleCsv: FormatSpec = {
  id: 'rule-csv',
  label: 'CSV rule export (source, destination, service, action)',
  family: 'rulebase',
  parserVersion: '1',
  detector:
    'a first row whose names map to source, destination and action columns (src/source address, dst/destination, action/decision…), with a service or port column for the full score; scores at most 0.5 so that specific formats win',
  needsHostName: false,
  detect(head, fileName) {
    const header = firstRecord(head);
    if (!header || header.length < 3 || header.some((h) => h.length > 200)) return 0;
    const map = autoMap(header);
    if (!isRuleHeader(map)) return 0;
    return map.has('port') && /\.csv$/i.test(fileName) ? 0.5 : 0.45;
  },
  create(sink, options) {
    let header: string[] | null = null;
    let map: ColumnMap = new Map();
    let delimiter: Delimiter = ',';
    const positions = new Map<string, number>();
    const seenOrders = new Map<string, Set<number>>();
    const defaultRuleset = options.fileName.replace(/\.[^.]*$/, '') || 'rules';
    const count = { rows: 0, rules: 0, empty: 0, anyPorts: 0, emptyAddresses: 0 };
    let lastChar = '';
    let lastRecordLine = 0;

    const cell = (fields: readonly string[], f: RuleCsvField): string | null => {
      const at = map.get(f);
      return at === undefined ? null : (fields[at] ?? '').trim();
    };

    const onHeader = (names: string[], line: number) => {
      if (options.columns && Object.keys(options.columns).length > 0) {
        const r = explicitMap(names, options.columns);
        if (r.problems.length > 0) {
          throw new ParseError(`the column mapping does not fit this file: ${r.problems.join('; ')}`, line, 1);
        }
        map = r.map;
        sink.meta('mapping', 'explicit');
      } else {
        map = autoMap(names);
        sink.meta('mapping', 'automatic (from header names)');
      }
      if (!isRuleHeader(map)) {
        throw new ParseError(
          `expected a header row naming source, destination and action columns; found ${names
            .slice(0, 12)
            .map((n) => JSON.stringify(n))
            .join(', ')}; give a column mapping`,
          line,
          1,
        );
      }
      if (!map.has('device') && !options.hostName?.trim()) {
        throw new ParseError('the file has no device column; expected the device name to be given at import', line, 1);
      }
      sink.meta('columns', [...map].map(([f, i]) => `${names[i] ?? i} → ${f}`).join(', '));
    };

    const onRow = (fields: string[], line: number) => {
      count.rows++;
      if (fields.every((f) => f.trim() === '')) {
        count.empty++;
        return;
      }
      const names = header as string[];
      const text = fields
        .map((f) => (/["\r\n]/.test(f) || f.includes(delimiter) ? `"${f.replace(/"/g, '""')}"` : f))
        .join(delimiter);
      // Quoted cells may hold line breaks: the record ends that many lines further down.
      const lineTo = line + fields.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
      if (fields.length !== names.length) {
        sink.note({ line, column: null, what: `row has ${fields.length} fields, the header ${names.length}` });
      }
      const note = (what: string) => sink.note({ line, column: null, what: `${what}: ${shown(text)}` });
      const device = cell(fields, 'device') || options.hostName?.trim() || '';
      if (device === '') return note('no device named in the row (and none given at import); row skipped');
      const ruleset = cell(fields, 'ruleset') || defaultRuleset;
      const key = `${device}\u0000${ruleset}`;
      const position = (positions.get(key) ?? 0) + 1;
      positions.set(key, position);
      let order = position;
      const orderCell = cell(fields, 'order');
      if (orderCell) {
        if (/^\d+$/.test(orderCell)) {
          order = Number(orderCell);
          const seen = seenOrders.get(key) ?? new Set<number>();
          if (seen.has(order)) note(`order ${order} is used twice in ruleset ${ruleset}`);
          seen.add(order);
          seenOrders.set(key, seen);
        } else note(`order "${orderCell}" is not a number; the row's position (${position}) is used`);
      }

      const actionText = cell(fields, 'action') ?? '';
      const action = ACTIONS[actionText.toLowerCase()];
      if (!action) note(`action "${actionText}" is not allow, deny, drop, reject or log; kept as "other"`);

      const conditions: string[] = [];
      const unresolved: string[] = [];
      const side = (f: 'source' | 'destination') => {
        const raw = cell(fields, f) ?? '';
        if (raw === '') count.emptyAddresses++;
        const a = addresses(raw);
        if (a.names.length > 0) {
          // Object or group names the export did not expand: the rule keeps any address and the names as a condition.
          unresolved.push(...a.names);
          conditions.push(`${f} ${raw}`);
          return { cidrs: [ANY_V4, ANY_V6], negated: false };
        }
        return { cidrs: a.cidrs.length > 0 ? a.cidrs : [ANY_V4, ANY_V6], negated: a.negated && a.cidrs.length > 0 };
      };
      const src = side('source');
      const dst = side('destination');

      let protocols: string[] | null = null;
      const protoCell = cell(fields, 'protocol');
      if (protoCell && !split(protoCell).some((p) => ANY_WORDS.has(p.toLowerCase()) || p.toLowerCase() === 'ip')) {
        protocols = [];
        for (const p of split(protoCell)) {
          const m = modelProtocol(p);
          if (m === null) {
            note(`protocol "${p}" is not a known protocol name or number; kept as a condition`);
            conditions.push(`protocol ${p}`);
          } else protocols.push(m);
        }
        if (protocols.length === 0) protocols = null;
      }
      const { byProto, bad } = services(cell(fields, 'port') ?? '', protocols);
      for (const b of bad) {
        note(`service "${b}" is not a port, range, protocol or known service name; kept as a condition`);
        conditions.push(`service ${b}`);
      }
      if (byProto.size === 0) for (const p of protocols ?? ['any']) byProto.set(p, null);
      const sportCell = cell(fields, 'source port');
      const sports = sportCell ? split(sportCell).map((p) => modelPort(p, '-')) : null;
      if (sports?.some((p) => p === null)) {
        note(`source port "${sportCell}" is not a port or range; kept as a condition`);
        conditions.push(`source port ${sportCell}`);
      }

      let enabled = true;
      const en = cell(fields, 'enabled');
      const dis = cell(fields, 'disabled');
      if (en) {
        if (FALSE_WORDS.has(en.toLowerCase())) enabled = false;
        else if (!TRUE_WORDS.has(en.toLowerCase())) note(`enabled "${en}" is not yes/no; the rule is taken as enabled`);
      }
      if (dis && TRUE_WORDS.has(dis.toLowerCase())) enabled = false;
      const hits = cell(fields, 'hits');
      const hitCount = hits && /^[\d,. ]+$/.test(hits) ? Number(hits.replace(/[,. ]/g, '')) : null;

      for (const [proto, ports] of byProto) {
        if (ports && proto === 'any') count.anyPorts++;
        sink.rule({
          ...blankRule(device, ruleset, order, action ?? 'other'),
          target: action ? null : actionText || null,
          sources: src.cidrs,
          sourcesNegated: src.negated,
          destinations: dst.cidrs,
          destinationsNegated: dst.negated,
          protocol: proto,
          destinationPorts: ports,
          sourcePorts:
            sports && !sports.includes(null) && (proto === 'any' || PORT_PROTOCOLS.has(proto))
              ? (sports as string[])
              : null,
          zones: { from: cell(fields, 'from zone') || null, to: cell(fields, 'to zone') || null },
          enabled,
          name: cell(fields, 'name') || null,
          comment: cell(fields, 'comment') || null,
          hitCount,
          unresolved: [...new Set(unresolved)],
          conditions,
          lineFrom: line,
          lineTo: Math.max(line, lineTo),
          text,
        });
        count.rules++;
      }
    };

    const reader = csvReader({
      onDelimiter: (d) => {
        delimiter = d;
      },
      onAnomaly: (a) => sink.note({ line: a.line, column: a.column, what: a.what }),
      onRecord: (fields, line) => {
        lastRecordLine = line;
        if (!header) {
          header = fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f));
          onHeader(header, line);
          return;
        }
        onRow(fields, line);
      },
    });
    return {
      write(text) {
        if (text.length > 0) lastChar = text.charAt(text.length - 1);
        reader.write(text);
      },
      end() {
        reader.end();
        if (!header)
          throw new ParseError(
            'the file has no rows; expected a CSV header naming source, destination and action columns',
            1,
            1,
          );
        if (lastChar !== '\n' && lastChar !== '' && lastRecordLine > 1) {
          sink.note({
            line: lastRecordLine,
            column: null,
            what: 'the file does not end with a line break: its last row may be cut',
          });
        }
        sink.meta('delimiter', delimiter === '\t' ? 'tab' : delimiter);
        sink.meta('rows', String(count.rows));
        sink.meta('rules', String(count.rules));
        if (count.empty > 0) sink.meta('empty-rows', String(count.empty));
        if (count.emptyAddresses > 0) sink.meta('empty-address-cells', `${count.emptyAddresses} (read as any)`);
        if (count.anyPorts > 0)
          sink.meta('ports-without-protocol', `${count.anyPorts} rules name ports but no protocol (protocol any)`);
      },
    };
  },
};
