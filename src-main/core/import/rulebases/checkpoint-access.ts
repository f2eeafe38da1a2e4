// Check Point access layers ('show-access-rulebase' answers) as normalised rules. Each layer is a ruleset
// of one device; rules are read in order through their sections, with sources, destinations and services
// expanded through the objects-dictionary (checkpoint-objects.ts); one model rule per protocol of a rule's
// services. Time, VPN, content and install-on columns that are not the default are kept as conditions.
//
// Every Check Point layer ends in an implicit cleanup rule, which drops by default (R80+
// "implicit-cleanup-action": "drop"; the rulebase answer does not say if it was changed). Its policy is
// recorded as 'drop' for every layer; when no explicit catch-all rule comes before it a note says that the
// implicit drop decides what the rules leave.
import { blankRule, type RuleAction } from '../../model/rule';
import type { ImportSink } from '../types';
import type { CheckpointObjects } from './checkpoint-objects';
import { mergeServices, portStrings } from './cisco-acl-tokens';
import { arr, field, isObject, noteUnknownFields, num, obj, str, note, type JsonObject } from './cloud-common';
import type { Source } from './cloud-source';

/** One 'show-access-rulebase' answer. */
export interface AccessLayer {
  uid: string | null;
  name: string;
  answer: JsonObject;
}

const POLICY_TARGETS_UID = '6c488338-8eec-4103-ad21-cd461ac2c476';

// Identity, bookkeeping and logging fields do not change what a rule matches.
const RULE_FIELDS = new Set([
  'uid',
  'name',
  'type',
  'domain',
  'rule-number',
  'track',
  'source',
  'source-negate',
  'destination',
  'destination-negate',
  'service',
  'service-negate',
  'service-resource',
  'vpn',
  'action',
  'action-settings',
  'inline-layer',
  'content',
  'content-negate',
  'content-direction',
  'time',
  'custom-fields',
  'meta-info',
  'comments',
  'enabled',
  'install-on',
  'hits',
  'user-check',
  'available-actions',
]);
const SECTION_FIELDS = new Set(['uid', 'name', 'type', 'from', 'to', 'rulebase', 'domain', 'meta-info', 'comments']);

/** Actions that let the connection through only after something the model cannot know. */
const CONDITIONAL_ALLOW = new Map([
  ['ask', 'action Ask: UserCheck asks the user, who may refuse'],
  ['inform', 'action Inform: UserCheck informs the user before the connection goes on'],
  ['user auth', 'action User Auth: only authenticated users'],
  ['client auth', 'action Client Auth: only authenticated clients'],
  ['session auth', 'action Session Auth: only authenticated sessions'],
]);

function refsOf(rule: JsonObject, key: string): unknown[] {
  const v = field(rule, key);
  if (Array.isArray(v)) return v;
  return v === undefined || v === null ? [] : [v];
}

interface Context {
  device: string;
  /** install-on names the device itself: not a condition then. */
  installOnIsDevice: boolean;
  objects: CheckpointObjects;
  layerNames: Map<string, string>;
  source: Source;
  sink: ImportSink;
}

interface Found {
  rule: JsonObject;
  section: string | null;
}

/** The rules of a rulebase, through its sections, with the section each sits in. */
function rulesOf(items: unknown[], section: string | null, layer: string, sink: ImportSink, source: Source): Found[] {
  const out: Found[] = [];
  for (const item of items) {
    if (!isObject(item)) {
      note(sink, source, items, `layer ${layer}: a rulebase entry is not an object; skipped`);
      continue;
    }
    const type = str(item, 'type');
    if (type === 'access-section') {
      noteUnknownFields(sink, source, item, SECTION_FIELDS, `layer ${layer} section ${str(item, 'name')}`);
      out.push(...rulesOf(arr(item, 'rulebase') ?? [], str(item, 'name') || section, layer, sink, source));
    } else if (type === 'access-rule') {
      out.push({ rule: item, section });
    } else {
      note(sink, source, item, `layer ${layer}: rulebase entry of type ${type ?? '(none)'} not understood; skipped`);
    }
  }
  return out;
}

function isPolicyTargets(ref: unknown, objects: CheckpointObjects): boolean {
  const o = objects.resolve(ref);
  return (
    ref === POLICY_TARGETS_UID || (o !== null && (str(o, 'uid') === POLICY_TARGETS_UID || str(o, 'type') === 'Global'))
  );
}

/**
 * The device: the one gateway every rule is installed on; else the first layer's name (a rulebase answer
 * does not name its policy package, and its rules are installed on the package's "Policy Targets").
 */
function deviceOf(layers: AccessLayer[], rules: Found[], objects: CheckpointObjects) {
  const targets = new Set<string>();
  for (const { rule } of rules) {
    const refs = refsOf(rule, 'install-on');
    targets.add(refs.length === 1 && !isPolicyTargets(refs[0], objects) ? objects.nameOf(refs[0]) : '');
  }
  const [only] = targets;
  if (targets.size === 1 && only) return { device: only, installOnIsDevice: true };
  return { device: layers[0]?.name ?? 'checkpoint', installOnIsDevice: false };
}

/** Imports the layers; returns the device. */
export function emitAccessLayers(
  layers: AccessLayer[],
  objects: CheckpointObjects,
  source: Source,
  sink: ImportSink,
): string {
  const layerNames = new Map<string, string>();
  for (const l of layers) if (l.uid) layerNames.set(l.uid, l.name);
  const found = layers.map((l) => rulesOf(arr(l.answer, 'rulebase') ?? [], null, l.name, sink, source));
  const ctx: Context = { objects, layerNames, source, sink, ...deviceOf(layers, found.flat(), objects) };
  const inlineTargets = new Set<string>();
  layers.forEach((layer, i) => emitLayer(layer, found[i] ?? [], ctx, inlineTargets));
  const ordered = layers.filter((l) => !inlineTargets.has(l.name));
  if (ordered.length > 1) {
    sink.note({
      line: null,
      column: null,
      what: `${ordered.length} ordered layers (${ordered.map((l) => l.name).join(', ')}): Check Point passes a connection only if every layer accepts it; ask reachability with every layer as an entry and combine 'all'`,
    });
  }
  return ctx.device;
}

function emitLayer(layer: AccessLayer, found: Found[], ctx: Context, inlineTargets: Set<string>): void {
  const { sink, source, objects, device } = ctx;
  const ruleset = layer.name;
  const from = num(layer.answer, 'from');
  const to = num(layer.answer, 'to');
  const total = num(layer.answer, 'total');
  if (to !== null && total !== null && (to < total || (from !== null && from > 1))) {
    note(
      sink,
      source,
      layer.answer,
      `layer ${ruleset}: rules ${from ?? '?'}-${to} of ${total}: one page of the answer; rules on other pages are missing`,
    );
  }
  let order = 0;
  let catchAll = false;
  for (const { rule, section } of found) {
    const number = num(rule, 'rule-number');
    const name = str(rule, 'name') || null;
    const where = `layer ${ruleset} rule ${number ?? '?'}${name ? ` (${name})` : ''}`;
    const noteAt = (what: string) => note(sink, source, rule, what);
    noteUnknownFields(sink, source, rule, RULE_FIELDS, where);

    // Action: a RulebaseAction object of the dictionary, found by its name.
    const actionName = objects.nameOf(field(rule, 'action'));
    const conditions: string[] = [];
    let action: RuleAction;
    let target: string | null = null;
    const key = actionName.toLowerCase();
    if (key === 'accept') action = 'allow';
    else if (key === 'drop') action = 'drop';
    else if (key === 'reject') action = 'reject';
    else if (CONDITIONAL_ALLOW.has(key)) {
      action = 'allow';
      conditions.push(CONDITIONAL_ALLOW.get(key) ?? key);
    } else if (key === 'apply layer' || key === 'inner layer') {
      const inline = field(rule, 'inline-layer');
      const inlineUid = typeof inline === 'string' ? inline : isObject(inline) ? str(inline, 'uid') : null;
      const inlineName = inlineUid ? ctx.layerNames.get(inlineUid) : undefined;
      if (inlineName) {
        // Matching connections are decided by the inline layer (and its own cleanup): no return.
        action = 'goto';
        target = inlineName;
        inlineTargets.add(inlineName);
      } else {
        action = 'other';
        target = `Apply Layer ${inline === undefined ? '(no inline-layer)' : objects.nameOf(inline)}`;
        noteAt(
          `${where}: applies inline layer ${inline === undefined ? '(not named)' : objects.nameOf(inline)}, whose rules are not in this file; the rule's effect is unknown here`,
        );
      }
    } else {
      action = 'other';
      target = actionName;
      noteAt(`${where}: action ${actionName} not understood; kept as written`);
    }

    const src = objects.addresses(refsOf(rule, 'source'), where, noteAt);
    const dst = objects.addresses(refsOf(rule, 'destination'), where, noteAt);
    const srcNeg = field(rule, 'source-negate') === true;
    const dstNeg = field(rule, 'destination-negate') === true;
    const svcNeg = field(rule, 'service-negate') === true;
    const svc = objects.services(refsOf(rule, 'service'), svcNeg, where, noteAt);

    // Columns other than addresses and services, when they are not the default (Any, Policy Targets).
    for (const key of ['time', 'vpn']) {
      const refs = refsOf(rule, key);
      if (!objects.allAny(refs)) conditions.push(`${key} ${refs.map((r) => objects.nameOf(r)).join(', ')}`);
    }
    const content = refsOf(rule, 'content');
    const contentNeg = field(rule, 'content-negate') === true;
    const direction = str(rule, 'content-direction');
    if (!objects.allAny(content) || contentNeg) {
      conditions.push(
        `content ${contentNeg ? 'not ' : ''}${content.map((r) => objects.nameOf(r)).join(', ')}${direction && direction !== 'any' ? ` (${direction})` : ''}`,
      );
    }
    const installOn = refsOf(rule, 'install-on');
    if (!ctx.installOnIsDevice && !installOn.every((r) => isPolicyTargets(r, objects)))
      conditions.push(`install-on ${installOn.map((r) => objects.nameOf(r)).join(', ')}`);
    const serviceResource = field(rule, 'service-resource');
    if (serviceResource !== undefined && serviceResource !== null && serviceResource !== '') {
      conditions.push(`service resource ${objects.nameOf(serviceResource)}`);
    }

    // A catch-all: enabled, decisive, every column Any and nothing else to match.
    const enabled = field(rule, 'enabled') !== false;
    const anyService =
      svc.matches.length === 1 && svc.matches[0]?.protocol === 'any' && svc.matches[0].conditions.length === 0;
    if (
      enabled &&
      (action === 'allow' || action === 'drop' || action === 'reject') &&
      conditions.length === 0 &&
      src.any &&
      !srcNeg &&
      dst.any &&
      !dstNeg &&
      anyService
    ) {
      catchAll = true;
    }

    const hits = obj(rule, 'hits');
    const comments = str(rule, 'comments') || null;
    const comment = section ? `[section ${section}]${comments ? ` ${comments}` : ''}` : comments;
    const loc = source.locate(rule);
    const objectNames = [...new Set([...src.objects, ...dst.objects, ...svc.objects])];
    const matches = mergeServices(svc.matches);
    if (matches.length === 0) noteAt(`${where}: the rule matches no service; imported as no rule`);
    for (const m of matches) {
      // Orders follow rule-number (pages of a layer keep their numbers); a rule split by protocol takes
      // the next orders, and the rules after it move up by as many.
      order = Math.max(order + 1, number ?? 0);
      sink.rule({
        ...blankRule(device, ruleset, order, action),
        target,
        sources: src.cidrs,
        sourcesNegated: srcNeg,
        destinations: dst.cidrs,
        destinationsNegated: dstNeg,
        protocol: m.protocol,
        destinationPorts: portStrings(m.destination),
        sourcePorts: portStrings(m.source),
        enabled,
        name,
        comment,
        hitCount: hits ? num(hits, 'value') : null,
        objects: objectNames,
        unresolved: [...src.unresolved, ...dst.unresolved],
        conditions: [...conditions, ...m.conditions],
        lineFrom: loc.lineFrom,
        lineTo: loc.lineTo,
        text: loc.text,
      });
    }
  }
  sink.policy({ device, ruleset, policy: 'drop', lineFrom: null });
  if (!catchAll) {
    note(
      sink,
      source,
      layer.answer,
      `layer ${ruleset}: no explicit catch-all (cleanup) rule; Check Point's implicit cleanup rule drops what the rules leave (recorded as the ruleset's 'drop' policy)`,
    );
  }
}
