// AWS security groups ('aws ec2 describe-security-groups' JSON, also inside a placebo recording): each
// permission x each source (CIDR, IPv6 CIDR, prefix list, referenced group) becomes one allow rule.
import { blankRule, type Rule } from '../../model/rule';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { ANY, parseCidr } from './cidr';
import { AWS_TRANSPORT_FIELDS, awsDevice, unwrapAwsRecording } from './aws-common';
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
  objects,
  portRange,
  str,
  type JsonObject,
} from './cloud-common';
import { parseJsonWithSource, wholeTextParser, type Source } from './cloud-source';

const WHAT = "'aws ec2 describe-security-groups' JSON (an object with a SecurityGroups array)";

// Tags label a group and SecurityGroupArn names it again; neither changes what traffic it admits.
const GROUP_FIELDS = new Set([
  'Description',
  'GroupId',
  'GroupName',
  'IpPermissions',
  'IpPermissionsEgress',
  'OwnerId',
  'VpcId',
  'Tags',
  'SecurityGroupArn',
]);
const PERMISSION_FIELDS = new Set([
  'IpProtocol',
  'FromPort',
  'ToPort',
  'IpRanges',
  'Ipv6Ranges',
  'PrefixListIds',
  'UserIdGroupPairs',
]);
const TOP_FIELDS = new Set(['SecurityGroups', 'NextToken', ...AWS_TRANSPORT_FIELDS]);

interface Match {
  protocol: string;
  ports: string[] | null;
  conditions: string[];
}

/** Protocol, ports and ICMP type/code of one permission. AWS writes the ICMP type in FromPort and the code in ToPort. */
function permissionMatch(p: JsonObject, where: string, sink: ImportSink, source: Source): Match {
  const raw = str(p, 'IpProtocol');
  if (raw === null) {
    const line = source.lineOf(p);
    throw new ParseError(`${where}: a permission without IpProtocol; expected ${WHAT}`, line, null);
  }
  const protocol = normaliseProtocol(raw);
  if (protocol === null) {
    note(sink, source, p, `${where}: IpProtocol "${raw}" not understood; kept as written`);
    return { protocol: raw, ports: null, conditions: [`IpProtocol ${raw}`] };
  }
  const from = num(p, 'FromPort');
  const to = num(p, 'ToPort');
  if (hasPorts(protocol)) {
    if (from === null || from === -1) return { protocol, ports: null, conditions: [] };
    const range = portRange(from, to ?? from);
    if (range === null) {
      note(sink, source, p, `${where}: port range ${from}-${to} not understood; kept in the rule's conditions`);
      return { protocol, ports: null, conditions: [`FromPort ${from} ToPort ${to}`] };
    }
    return { protocol, ports: [range], conditions: [] };
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    if (from === null || from === -1) return { protocol, ports: null, conditions: [] };
    const code = to === null || to === -1 ? '' : ` code ${to}`;
    return { protocol, ports: null, conditions: [`${protocol} type ${from}${code}`] };
  }
  // Other protocols have no ports; AWS leaves -1 or nothing there.
  const extra = [from, to].some((v) => v !== null && v !== -1) ? [`FromPort ${from} ToPort ${to}`] : [];
  return { protocol, ports: null, conditions: extra };
}

/** A referenced group as people write it: "sg-123 (web)", with the account when it is another one. */
function groupLabel(pair: JsonObject, ownerId: string | null): string {
  const id = str(pair, 'GroupId') ?? str(pair, 'GroupName') ?? '?';
  const user = str(pair, 'UserId');
  const name = str(pair, 'GroupName');
  const account = user && user !== ownerId ? `${user}/` : '';
  return `${account}${id}${name && name !== id ? ` (${name})` : ''}`;
}

function parseDocument(doc: unknown, source: Source, sink: ImportSink): void {
  const { body, recorded, status } = unwrapAwsRecording(doc);
  if (recorded) sink.meta('recording', `placebo (status_code ${status ?? '?'})`);
  const groups = isObject(body) ? arr(body, 'SecurityGroups') : null;
  if (!isObject(body) || !groups) throw new ParseError(`no SecurityGroups array; expected ${WHAT}`, 1, 1);
  noteUnknownFields(sink, source, body, TOP_FIELDS, 'describe-security-groups');
  if (has(body, 'NextToken') && field(body, 'NextToken') !== null) {
    note(sink, source, body, 'NextToken is set: the listing is one page of several; groups on other pages are missing');
  }
  sink.meta('securityGroups', String(groups.length));

  groups.forEach((g, gi) => {
    if (!isObject(g)) {
      note(sink, source, groups, `SecurityGroups[${gi}] is not an object; skipped`);
      return;
    }
    const groupId = str(g, 'GroupId');
    if (!groupId)
      throw new ParseError(`SecurityGroups[${gi}] has no GroupId; expected ${WHAT}`, source.lineOf(g), null);
    const groupName = str(g, 'GroupName');
    const device = awsDevice(g);
    const ownerId = str(g, 'OwnerId');
    const label = `${groupId}${groupName ? ` (${groupName})` : ''}`;
    noteUnknownFields(sink, source, g, GROUP_FIELDS, label);

    for (const [key, direction] of [
      ['IpPermissions', 'in'],
      ['IpPermissionsEgress', 'out'],
    ] as const) {
      const ruleset = `${label} ${direction === 'in' ? 'ingress' : 'egress'}`;
      if (!has(g, key)) {
        note(
          sink,
          source,
          g,
          `${label}: no ${key}; ${direction === 'in' ? 'inbound' : 'outbound'} rules are not in the export`,
        );
        continue;
      }
      // Security groups only allow; whatever no permission admits is dropped.
      sink.policy({ device, ruleset, policy: 'deny', lineFrom: source.lineOf(g) });
      let order = 0;
      for (const p of objects(g, key, sink, source, label)) {
        noteUnknownFields(sink, source, p, PERMISSION_FIELDS, `${label} ${key}`);
        const match = permissionMatch(p, `${label} ${key}`, sink, source);
        const loc = source.locate(p);
        const emit = (peer: Partial<Rule>, extra: string[]) => {
          order++;
          sink.rule({
            ...blankRule(device, ruleset, order, 'allow'),
            direction,
            protocol: match.protocol,
            destinationPorts: match.ports,
            conditions: [...match.conditions, ...extra],
            lineFrom: loc.lineFrom,
            lineTo: loc.lineTo,
            text: loc.text,
            ...peer,
          });
        };
        // The peer is the source of inbound and the destination of outbound traffic.
        const peerAddresses = (cidrs: string[]): Partial<Rule> =>
          direction === 'in' ? { sources: cidrs, destinations: ANY } : { sources: ANY, destinations: cidrs };
        const side = direction === 'in' ? 'source' : 'destination';
        let peers = 0;

        for (const [rangesKey, cidrKey] of [
          ['IpRanges', 'CidrIp'],
          ['Ipv6Ranges', 'CidrIpv6'],
        ] as const) {
          for (const r of objects(p, rangesKey, sink, source, label)) {
            peers++;
            const raw = str(r, cidrKey);
            const cidr = raw === null ? null : parseCidr(raw);
            if (cidr === null) {
              note(
                sink,
                source,
                p,
                `${label}: ${rangesKey} entry ${JSON.stringify(raw)} is not a CIDR; kept unresolved`,
              );
              emit({ ...peerAddresses([]), unresolved: [String(raw)], comment: str(r, 'Description') }, [
                `${side} ${String(raw)} (not an address)`,
              ]);
              continue;
            }
            emit({ ...peerAddresses([cidr]), comment: str(r, 'Description') }, []);
          }
        }
        for (const pl of objects(p, 'PrefixListIds', sink, source, label)) {
          peers++;
          const id = str(pl, 'PrefixListId') ?? '?';
          emit({ ...peerAddresses([]), unresolved: [id], objects: [id], comment: str(pl, 'Description') }, [
            `${side}: managed prefix list ${id} (its CIDRs are not in this export)`,
          ]);
        }
        for (const pair of objects(p, 'UserIdGroupPairs', sink, source, label)) {
          peers++;
          const ref = groupLabel(pair, ownerId);
          const via = str(pair, 'VpcPeeringConnectionId');
          emit({ ...peerAddresses([]), unresolved: [ref], objects: [ref], comment: str(pair, 'Description') }, [
            `${side}: members of security group ${ref}${via ? ` via peering ${via}` : ''} (their addresses are not in this export)`,
          ]);
        }
        if (peers === 0)
          note(sink, source, p, `${label} ${key}: a permission with no source or destination admits nothing; skipped`);
      }
    }
  });
}

export const awsSecurityGroups: FormatSpec = {
  id: 'aws-security-groups',
  label: 'AWS security groups (describe-security-groups JSON)',
  family: 'rulebase',
  parserVersion: '1',
  detector:
    'JSON with a "SecurityGroups" array whose groups carry "GroupId" and "IpPermissions" (also inside a placebo {"status_code","data"} recording)',
  detect(head) {
    if (!/^\s*[{[]/.test(head)) return 0;
    // describe-instances also lists "SecurityGroups" (id and name only), never their permissions.
    const ok = /"SecurityGroups"\s*:\s*\[/.test(head) && /"IpPermissions(Egress)?"\s*:/.test(head);
    return ok && /"GroupId"\s*:/.test(head) ? 0.95 : 0;
  },
  needsHostName: false,
  create(sink) {
    return wholeTextParser(WHAT, (text) => {
      const { value, source } = parseJsonWithSource(text, WHAT);
      parseDocument(value, source, sink);
    });
  },
};
