// Check Point management API answers saved as JSON (mgmt_cli ... --format json, or the Web API): one
// answer or a list of answers. Access rulebases ('show-access-rulebase': "rulebase" + "objects-dictionary")
// become rules (checkpoint-access.ts). NAT, threat-prevention and HTTPS rulebases, object catalogs
// ('show-hosts', 'show-networks', 'show-groups', 'show-services-tcp', 'show-objects',
// 'show-gateways-and-servers': {"objects": [...]}) and 'show-packages' admit or refuse nothing by
// themselves: they are imported with no rules and a note saying what they hold, kept as evidence.
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { emitAccessLayers, type AccessLayer } from './checkpoint-access';
import { CheckpointObjects } from './checkpoint-objects';
import { arr, field, isObject, note, noteUnknownFields, num, str, type JsonObject } from './cloud-common';
import { parseJsonWithSource, wholeTextParser, type Source } from './cloud-source';

const WHAT =
  'Check Point management API JSON (show-access-rulebase, show-nat-rulebase, show-objects / show-hosts / ... or show-packages answers)';

const ANSWER_FIELDS = new Set([
  'uid',
  'name',
  'rulebase',
  'objects-dictionary',
  'from',
  'to',
  'total',
  'objects',
  'packages',
]);

type Kind = 'access' | 'nat' | 'threat' | 'https' | 'rulebase' | 'objects' | 'packages' | 'object';

const RULEBASE_KINDS: [RegExp, Kind][] = [
  [/^access-(rule|section)$/, 'access'],
  [/^nat-(rule|section)$/, 'nat'],
  [/^threat-(rule|section|exception)$/, 'threat'],
  [/^https-(rule|section)$/, 'https'],
];

const CONTENTS: Record<Kind, string> = {
  access: 'access-rulebase',
  nat: 'nat-rulebase',
  threat: 'threat-prevention-rulebase',
  https: 'https-inspection-rulebase',
  rulebase: 'rulebase',
  objects: 'objects',
  object: 'objects',
  packages: 'packages',
};

/** Counts the entry types of a rulebase, through its sections. */
function entryTypes(items: unknown[], out: Map<string, number>, depth = 0): Map<string, number> {
  if (depth > 64) return out;
  for (const item of items) {
    if (!isObject(item)) continue;
    const type = str(item, 'type') ?? '(none)';
    out.set(type, (out.get(type) ?? 0) + 1);
    entryTypes(arr(item, 'rulebase') ?? [], out, depth + 1);
  }
  return out;
}

function kindOf(answer: JsonObject): Kind | null {
  const rulebase = arr(answer, 'rulebase');
  if (rulebase) {
    const types = [...entryTypes(rulebase, new Map()).keys()];
    for (const [re, kind] of RULEBASE_KINDS) if (types.some((t) => re.test(t))) return kind;
    // An empty access layer still has its name (NAT answers have none); it holds only the implicit cleanup.
    return types.length === 0 && str(answer, 'name') ? 'access' : 'rulebase';
  }
  if (arr(answer, 'objects')) return 'objects';
  if (arr(answer, 'packages')) return 'packages';
  if (str(answer, 'uid') && str(answer, 'type')) return 'object';
  return null;
}

const plural = (n: number, word: string) =>
  `${n} ${n === 1 ? word : word.endsWith('y') ? `${word.slice(0, -1)}ie` : word}${n === 1 ? '' : 's'}`;

function countsText(list: unknown[], key = 'type'): string {
  const counts = new Map<string, number>();
  for (const o of list) {
    const t = (isObject(o) ? str(o, key) : null) ?? '(not an object)';
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return [...counts].map(([t, n]) => `${t} ${n}`).join(', ');
}

function pageText(answer: JsonObject, shown: number): string {
  const from = num(answer, 'from');
  const to = num(answer, 'to');
  const total = num(answer, 'total');
  if (total === null || total <= shown) return '';
  return ` (items ${from ?? '?'}-${to ?? '?'} of ${total}: one page of the answer)`;
}

/** What a non-access answer holds, with counts, for the "no access rules" note. */
function describe(kind: Kind, answer: JsonObject): string {
  switch (kind) {
    case 'rulebase': {
      const entries = arr(answer, 'rulebase') ?? [];
      return entries.length === 0
        ? 'an empty rulebase of no stated kind'
        : `a rulebase of unknown kind with ${plural(entries.length, 'entry')} (${countsText(entries)})`;
    }
    case 'nat':
    case 'threat':
    case 'https': {
      const types = entryTypes(arr(answer, 'rulebase') ?? [], new Map());
      const rules = types.get(`${kind}-rule`) ?? 0;
      const label = kind === 'nat' ? 'a NAT' : kind === 'threat' ? 'a threat-prevention' : 'an HTTPS-inspection';
      const why = kind === 'nat' ? '; NAT rules translate addresses and admit nothing' : '';
      return `${label} rulebase with ${plural(rules, `${kind === 'nat' ? 'NAT ' : ''}rule`)} in ${plural(types.get(`${kind}-section`) ?? 0, 'section')}${pageText(answer, rules)}${why}`;
    }
    case 'objects': {
      const list = arr(answer, 'objects') ?? [];
      return `an object catalog with ${plural(list.length, 'object')}${list.length ? ` (${countsText(list)})` : ''}${pageText(answer, list.length)}`;
    }
    case 'object':
      return `one ${str(answer, 'type')} object (${str(answer, 'name') ?? str(answer, 'uid')})`;
    case 'packages': {
      const list = (arr(answer, 'packages') ?? []).filter(isObject);
      const each = list.map((p) => {
        const layers = (arr(p, 'access-layers') ?? []).filter(isObject).map((l) => str(l, 'name') ?? '?');
        const targets = field(p, 'installation-targets');
        const on =
          typeof targets === 'string'
            ? targets
            : Array.isArray(targets)
              ? targets.map((t) => (isObject(t) ? str(t, 'name') : String(t))).join(', ')
              : '?';
        return `${str(p, 'name') ?? '?'} (access layers ${layers.join(', ') || 'none'}; installed on ${on})`;
      });
      return `${plural(list.length, 'policy package')}${each.length ? `: ${each.join('; ')}` : ''}${pageText(answer, list.length)}`;
    }
    case 'access':
      return 'an access rulebase';
  }
}

function parseDocument(doc: unknown, source: Source, sink: ImportSink): void {
  if (!Array.isArray(doc) && !isObject(doc)) {
    throw new ParseError(`a JSON ${doc === null ? 'null' : typeof doc}; expected ${WHAT}`, 1, 1);
  }
  const answers = Array.isArray(doc) ? doc : [doc];
  if (answers.length === 0) throw new ParseError(`an empty list; expected ${WHAT}`, 1, 1);
  const objects = new CheckpointObjects();
  const found: { kind: Kind; answer: JsonObject }[] = [];
  answers.forEach((answer, i) => {
    const kind = isObject(answer) ? kindOf(answer) : null;
    if (!isObject(answer) || kind === null) {
      if (Array.isArray(doc)) note(sink, source, doc, `item ${i + 1} is not a Check Point API answer; skipped`);
      return;
    }
    if (kind !== 'object') noteUnknownFields(sink, source, answer, ANSWER_FIELDS, `answer ${i + 1}`);
    objects.addAll(arr(answer, 'objects-dictionary') ?? []);
    found.push({ kind, answer });
  });
  if (found.length === 0) {
    throw new ParseError(`no rulebase, objects or packages in the document; expected ${WHAT}`, 1, 1);
  }
  // Catalogs in the same document help resolve what the dictionaries lack.
  for (const f of found) if (f.kind === 'objects') objects.addAll(arr(f.answer, 'objects') ?? []);

  const layers: AccessLayer[] = found
    .filter((f) => f.kind === 'access')
    .map((f, i) => ({
      uid: str(f.answer, 'uid'),
      name: str(f.answer, 'name') || str(f.answer, 'uid') || `layer ${i + 1}`,
      answer: f.answer,
    }));
  const others = found.filter((f) => f.kind !== 'access');
  const kinds = [...new Set(found.map((f) => CONTENTS[f.kind]))];
  sink.meta('contents', kinds.join('+'));
  if (layers.length > 0) {
    const device = emitAccessLayers(layers, objects, source, sink);
    sink.meta('device', device);
    sink.meta('layers', layers.map((l) => l.name).join(', '));
    if (others.length > 0) {
      sink.note({
        line: null,
        column: null,
        what: `the file also holds ${others.map((f) => describe(f.kind, f.answer)).join('; ')}; not imported as rules`,
      });
    }
    return;
  }
  sink.note({
    line: null,
    column: null,
    what: `no access rules: ${others.map((f) => describe(f.kind, f.answer)).join('; ')}; kept as evidence`,
  });
}

const UID = /"uid"\s*:\s*"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/i;

export const checkpointMgmtJson: FormatSpec = {
  id: 'checkpoint-mgmt-json',
  label: 'Check Point management API JSON (access/NAT rulebases, object catalogs, packages)',
  family: 'rulebase',
  parserVersion: '1',
  detector:
    'JSON with Check Point uids and "objects-dictionary", or rulebase entries of type access-rule/nat-rule/…-section, or "objects"/"packages"/"rulebase" lists whose items carry a "domain" with "domain-type"',
  detect(head) {
    if (!/^\s*[{[]/.test(head) || !UID.test(head)) return 0;
    if (/"objects-dictionary"\s*:\s*\[/.test(head)) return 0.95;
    if (/"type"\s*:\s*"(access|nat|threat|https)-(rule|section)"/.test(head)) return 0.9;
    if (
      /"(objects|packages|rulebase)"\s*:\s*\[/.test(head) &&
      /"domain-type"\s*:\s*"(domain|data domain|global domain)"/.test(head)
    ) {
      return 0.9;
    }
    return 0;
  },
  needsHostName: false,
  create(sink) {
    return wholeTextParser(WHAT, (text) => {
      const { value, source } = parseJsonWithSource(text, WHAT);
      parseDocument(value, source, sink);
    });
  },
};
