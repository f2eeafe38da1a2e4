// AWS network ACLs ('aws ec2 describe-network-acls' JSON): per ACL and direction, numbered entries
// evaluated lowest number first; the "*" entries (32767 IPv4, 32768 IPv6) are the default deny.
import { blankRule } from '../../model/rule';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { ANY, ANY_V4, ANY_V6, parseCidr } from './cidr';
import { AWS_TRANSPORT_FIELDS, awsDevice, nameTag, unwrapAwsRecording } from './aws-common';
import {
  arr,
  field,
  has,
  hasPorts,
  isObject,
  normaliseProtocol,
  note,
  noteUnknownFields,
  num,
  obj,
  objects,
  portRange,
  str,
  type JsonObject,
} from './cloud-common';
import { parseJsonWithSource, wholeTextParser, type Source } from './cloud-source';

const WHAT = "'aws ec2 describe-network-acls' JSON (an object with a NetworkAcls array)";

// Associations say which subnets use the ACL (kept as metadata); IsDefault, OwnerId, Tags and
// NetworkAclArn describe the ACL itself, not the traffic it matches.
const ACL_FIELDS = new Set([
  'NetworkAclId',
  'VpcId',
  'Entries',
  'Associations',
  'IsDefault',
  'OwnerId',
  'Tags',
  'NetworkAclArn',
]);
const ENTRY_FIELDS = new Set([
  'RuleNumber',
  'Protocol',
  'RuleAction',
  'Egress',
  'CidrBlock',
  'Ipv6CidrBlock',
  'PortRange',
  'IcmpTypeCode',
]);
const TOP_FIELDS = new Set(['NetworkAcls', 'NextToken', ...AWS_TRANSPORT_FIELDS]);
/** Entry numbers AWS reserves for the "*" rule that ends each list. */
const DEFAULT_RULE_NUMBERS = new Set([32767, 32768]);

interface Entry {
  e: JsonObject;
  number: number;
  index: number;
}

function parseDocument(doc: unknown, source: Source, sink: ImportSink): void {
  const { body, recorded, status } = unwrapAwsRecording(doc);
  if (recorded) sink.meta('recording', `placebo (status_code ${status ?? '?'})`);
  const acls = isObject(body) ? arr(body, 'NetworkAcls') : null;
  if (!isObject(body) || !acls) throw new ParseError(`no NetworkAcls array; expected ${WHAT}`, 1, 1);
  noteUnknownFields(sink, source, body, TOP_FIELDS, 'describe-network-acls');
  if (has(body, 'NextToken') && field(body, 'NextToken') !== null) {
    note(sink, source, body, 'NextToken is set: the listing is one page of several; ACLs on other pages are missing');
  }
  sink.meta('networkAcls', String(acls.length));

  acls.forEach((a, ai) => {
    if (!isObject(a)) {
      note(sink, source, acls, `NetworkAcls[${ai}] is not an object; skipped`);
      return;
    }
    const aclId = str(a, 'NetworkAclId');
    if (!aclId)
      throw new ParseError(`NetworkAcls[${ai}] has no NetworkAclId; expected ${WHAT}`, source.lineOf(a), null);
    const name = nameTag(a);
    const label = `${aclId}${name ? ` (${name})` : ''}`;
    const device = awsDevice(a);
    noteUnknownFields(sink, source, a, ACL_FIELDS, label);
    const subnets = objects(a, 'Associations', sink, source, label)
      .map((s) => str(s, 'SubnetId'))
      .filter((s): s is string => s !== null);
    if (has(a, 'Associations')) sink.meta(`subnets of ${aclId}`, subnets.length ? subnets.join(', ') : '(none)');

    const byDirection: Record<'in' | 'out', Entry[]> = { in: [], out: [] };
    objects(a, 'Entries', sink, source, label).forEach((e, index) => {
      noteUnknownFields(sink, source, e, ENTRY_FIELDS, `${label} entry`);
      const number = num(e, 'RuleNumber');
      const egress = field(e, 'Egress');
      if (number === null || typeof egress !== 'boolean') {
        throw new ParseError(
          `${label}: an entry without RuleNumber or Egress; expected ${WHAT}`,
          source.lineOf(e),
          null,
        );
      }
      byDirection[egress ? 'out' : 'in'].push({ e, number, index });
    });

    for (const direction of ['in', 'out'] as const) {
      const ruleset = `${label} ${direction === 'in' ? 'ingress' : 'egress'}`;
      const entries = byDirection[direction].sort((x, y) => x.number - y.number || x.index - y.index);
      // Whatever no numbered entry matched meets the "*" deny, which AWS always appends.
      sink.policy({ device, ruleset, policy: 'deny', lineFrom: source.lineOf(a) });
      let order = 0;
      for (const { e, number } of entries) {
        const where = `${label} entry ${number}`;
        const action = str(e, 'RuleAction');
        if (action !== 'allow' && action !== 'deny') {
          throw new ParseError(
            `${where}: RuleAction ${JSON.stringify(action)}; expected allow or deny`,
            source.lineOf(e),
            null,
          );
        }
        const rawProtocol = str(e, 'Protocol') ?? '-1';
        const protocol = normaliseProtocol(rawProtocol);
        const rawCidr = str(e, 'CidrBlock') ?? str(e, 'Ipv6CidrBlock');
        const cidr = rawCidr === null ? null : parseCidr(rawCidr);
        const isDefault =
          DEFAULT_RULE_NUMBERS.has(number) &&
          action === 'deny' &&
          protocol === 'any' &&
          (cidr === ANY_V4 || cidr === ANY_V6);
        if (isDefault) continue;

        const conditions: string[] = [];
        const unresolved: string[] = [];
        if (protocol === null) {
          note(sink, source, e, `${where}: Protocol "${rawProtocol}" not understood; kept as written`);
          conditions.push(`Protocol ${rawProtocol}`);
        }
        if (cidr === null) {
          note(sink, source, e, `${where}: no CidrBlock or Ipv6CidrBlock it can read (${JSON.stringify(rawCidr)})`);
          unresolved.push(String(rawCidr));
          conditions.push(`${direction === 'in' ? 'source' : 'destination'} ${String(rawCidr)} (not an address)`);
        }
        const p = protocol ?? rawProtocol;
        let ports: string[] | null = null;
        const range = obj(e, 'PortRange');
        if (range && hasPorts(p)) {
          const text = portRange(num(range, 'From') ?? -1, num(range, 'To') ?? -1);
          if (text === null) {
            note(sink, source, e, `${where}: PortRange not understood; kept in the rule's conditions`);
            conditions.push(`PortRange ${JSON.stringify(range)}`);
          } else ports = [text];
        }
        const icmp = obj(e, 'IcmpTypeCode');
        if (icmp && (p === 'icmp' || p === 'icmpv6')) {
          const type = num(icmp, 'Type');
          const code = num(icmp, 'Code');
          if (type !== null && type !== -1)
            conditions.push(`${p} type ${type}${code !== null && code !== -1 ? ` code ${code}` : ''}`);
        }
        const peer = cidr === null ? [] : [cidr];
        const loc = source.locate(e);
        order++;
        sink.rule({
          ...blankRule(device, ruleset, order, action),
          direction,
          name: String(number),
          sources: direction === 'in' ? peer : ANY,
          destinations: direction === 'in' ? ANY : peer,
          protocol: p,
          destinationPorts: ports,
          unresolved,
          conditions,
          lineFrom: loc.lineFrom,
          lineTo: loc.lineTo,
          text: loc.text,
        });
        if (DEFAULT_RULE_NUMBERS.has(number)) {
          note(sink, source, e, `${where}: a reserved "*" entry that is not the default deny; imported as a rule`);
        }
      }
    }
  });
}

export const awsNetworkAcls: FormatSpec = {
  id: 'aws-network-acls',
  label: 'AWS network ACLs (describe-network-acls JSON)',
  family: 'rulebase',
  parserVersion: '1',
  detector: 'JSON with a "NetworkAcls" array whose ACLs carry "NetworkAclId" and "Entries"',
  detect(head) {
    if (!/^\s*[{[]/.test(head)) return 0;
    const ok = /"NetworkAcls"\s*:\s*\[/.test(head) && /"NetworkAclId"\s*:/.test(head);
    return ok && /"(Entries|RuleNumber)"\s*:/.test(head) ? 0.95 : 0;
  },
  needsHostName: false,
  create(sink) {
    return wholeTextParser(WHAT, (text) => {
      const { value, source } = parseJsonWithSource(text, WHAT);
      parseDocument(value, source, sink);
    });
  },
};
