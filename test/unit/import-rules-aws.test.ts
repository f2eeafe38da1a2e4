// AWS security groups and network ACLs: exact rule counts for every corpus file (CLI JSON and placebo
// recordings), hand-checked flows to insecure ports, hand-written fixtures for what the corpus lacks
// (IPv6, prefix lists, cross-account references, ICMP codes, odd protocols), and hostile input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src-main/core/import/formats';
import { awsNetworkAcls } from '../../src-main/core/import/rulebases/aws-network-acls';
import { awsSecurityGroups } from '../../src-main/core/import/rulebases/aws-security-groups';
import { cloudRulebaseFormats } from '../../src-main/core/import/rulebases/cloud';
import { importFile } from '../../src-main/core/import/run-import';
import type { FormatSpec } from '../../src-main/core/import/types';
import type { Rule } from '../../src-main/core/model/rule';
import { listPolicies, listRules } from '../../src-main/core/store/rules';
import { fixedContext, newEngagement, tempDir } from './helpers';
import {
  corpus,
  corpusAvailable,
  countBy,
  expectUntouched,
  importInto,
  manifestFiles,
  parseError,
  parseWith,
} from './import-helpers';

/** Allow rules of a ruleset that admit `protocol`/`port` (any protocol or port included). */
function admitting(rules: Rule[], ruleset: string, protocol: string, port: number): Rule[] {
  return rules.filter(
    (r) =>
      r.ruleset === ruleset &&
      r.action === 'allow' &&
      (r.protocol === 'any' || r.protocol === protocol) &&
      (r.destinationPorts === null ||
        r.destinationPorts.some((p) => {
          const [a, b] = p.split('-').map(Number) as [number, number | undefined];
          return port >= a && port <= (b ?? a);
        })),
  );
}

/** Corpus files (path relative to the corpus) whose MANIFEST format column matches. */
const parseFile = (spec: FormatSpec, rel: string, pieceSize?: number) =>
  parseWith(spec, readFileSync(corpus(rel)), {}, pieceSize);

// Counts derived independently with python3 (json.load): for security groups, per group and direction the
// sum over permissions of len(IpRanges) + len(Ipv6Ranges) + len(PrefixListIds) + len(UserIdGroupPairs);
// two policies per group. For network ACLs, the entries minus the "*" default denies (RuleNumber
// 32767/32768, Protocol -1, deny); two policies per ACL.
const SG_COUNTS: [string, number, number][] = [
  ['rulebases/batfish--SecurityGroups.json', 12, 8],
  ['rulebases/2-batfish--SecurityGroups.json', 12, 12],
  ['rulebases/lab-validation--SecurityGroups.json', 19, 10],
  ['rulebases/batfish-hybrid-aws-SecurityGroups.json', 43, 22],
  ['rulebases/2-cloud-custodian--ec2.DescribeSecurityGroups_4.json', 81, 84],
  ['rulebases/cloud-custodian--ec2.DescribeSecurityGroups_4.json', 81, 84],
  ['rulebases/cloud-custodian--ec2.DescribeSecurityGroups_1.json', 43, 38],
  ['rulebases/2-cloud-custodian--ec2.DescribeSecurityGroups_1.json', 24, 20],
];
const NACL_COUNTS: [string, number, number][] = [
  ['rulebases/batfish--NetworkAcls.json', 8, 8],
  ['rulebases/lab-validation--NetworkAcls.json', 4, 4],
];

describe.skipIf(!corpusAvailable)('AWS detection over the whole corpus', () => {
  it('claims exactly the AWS files, each for the right format, also through the registry', () => {
    const all = manifestFiles(/./);
    const sg = new Set(manifestFiles(/^aws-(ec2-describe-)?security-groups/));
    const nacl = new Set(manifestFiles(/^aws-ec2-describe-network-acls/));
    expect(sg.size).toBe(SG_COUNTS.length);
    expect(nacl.size).toBe(NACL_COUNTS.length);
    for (const rel of all) {
      const head = readFileSync(corpus(rel))
        .subarray(0, 64 * 1024)
        .toString('utf8');
      const expected = sg.has(rel) ? 'aws-security-groups' : nacl.has(rel) ? 'aws-network-acls' : null;
      for (const spec of [awsSecurityGroups, awsNetworkAcls]) {
        expect(spec.detect(head, rel) > 0, `${spec.id} on ${rel}`).toBe(spec.id === expected);
      }
      if (expected) expect(detectFormat(head, rel)?.id, rel).toBe(expected);
    }
    expect(cloudRulebaseFormats.map((f) => f.id)).toContain('aws-security-groups');
  });
});

describe.skipIf(!corpusAvailable)('AWS security groups (corpus)', () => {
  it.each(SG_COUNTS)('%s: %i rules, %i policies, no notes', (rel, rules, policies) => {
    const out = parseFile(awsSecurityGroups, rel);
    expect(out.rules).toHaveLength(rules);
    expect(out.policies).toHaveLength(policies);
    expect(out.policies.every((p) => p.policy === 'deny')).toBe(true);
    expect(out.rules.every((r) => r.action === 'allow' && r.lineFrom !== null && r.text.startsWith('{'))).toBe(true);
    expect(out.notes).toEqual([]);
  });

  it('batfish-hybrid: rules per group and direction', () => {
    const out = parseFile(awsSecurityGroups, 'rulebases/batfish-hybrid-aws-SecurityGroups.json');
    expect(countBy(out.rules, (r) => `${r.device} ${r.ruleset}`)).toEqual({
      'vpc-b390fad5 sg-331ad04e (Arista Demo) ingress': 7,
      'vpc-b390fad5 sg-331ad04e (Arista Demo) egress': 1,
      'vpc-b390fad5 sg-55510831 (default) ingress': 6,
      'vpc-b390fad5 sg-55510831 (default) egress': 1,
      'vpc-b390fad5 sg-3dfb3140 (default) ingress': 1,
      'vpc-b390fad5 sg-3dfb3140 (default) egress': 1,
      'vpc-f8fad69d sg-6c4d1408 (launch-wizard-2) ingress': 3,
      'vpc-f8fad69d sg-6c4d1408 (launch-wizard-2) egress': 1,
      'vpc-925131f4 sg-83b348fe (launch-wizard-8) ingress': 2,
      'vpc-925131f4 sg-83b348fe (launch-wizard-8) egress': 1,
      'vpc-925131f4 sg-94df21e9 (launch-wizard-6) ingress': 6,
      'vpc-925131f4 sg-94df21e9 (launch-wizard-6) egress': 1,
      'vpc-f8fad69d sg-9a1f3ffe (rds-launch-wizard) ingress': 1,
      'vpc-f8fad69d sg-9a1f3ffe (rds-launch-wizard) egress': 1,
      'vpc-f8fad69d sg-a30183d9 (launch-wizard-3) ingress': 1,
      'vpc-f8fad69d sg-a30183d9 (launch-wizard-3) egress': 1,
      'vpc-815775e7 sg-adcd87d0 (default) ingress': 1,
      'vpc-815775e7 sg-adcd87d0 (default) egress': 1,
      'vpc-f8fad69d sg-bb550cdf (launch-wizard-1) ingress': 3,
      'vpc-f8fad69d sg-bb550cdf (launch-wizard-1) egress': 1,
      'vpc-925131f4 sg-eed02393 (default) ingress': 1,
      'vpc-925131f4 sg-eed02393 (default) egress': 1,
    });
  });

  it('batfish-hybrid: who reaches tcp/22 of sg-331ad04e and MySQL tcp/3306 of sg-55510831 (checked by hand)', () => {
    const out = parseFile(awsSecurityGroups, 'rulebases/batfish-hybrid-aws-SecurityGroups.json');
    // lines 8-19: {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "192.168.0.0/16", "Description": "ALL traffic within the VPC"}]}
    // lines 20-44: {"FromPort": 22, "IpProtocol": "tcp", "IpRanges": [38.140.26.4/32 … 38.140.26.7/32, 0.0.0.0/0], "ToPort": 22}
    // lines 45-57: icmp -1/-1 from 38.140.26.0/24 (not tcp, so it does not admit ssh)
    const ssh = admitting(out.rules, 'sg-331ad04e (Arista Demo) ingress', 'tcp', 22);
    expect(ssh.map((r) => [r.order, r.sources, r.lineFrom, r.lineTo])).toEqual([
      [1, ['192.168.0.0/16'], 8, 19],
      [2, ['38.140.26.4/32'], 20, 44],
      [3, ['38.140.26.5/32'], 20, 44],
      [4, ['38.140.26.6/32'], 20, 44],
      [5, ['38.140.26.7/32'], 20, 44],
      [6, ['0.0.0.0/0'], 20, 44],
    ]);
    expect(ssh[0]).toMatchObject({ protocol: 'any', destinationPorts: null, comment: 'ALL traffic within the VPC' });
    expect(ssh[5]).toMatchObject({ protocol: 'tcp', destinationPorts: ['22'], destinations: ['0.0.0.0/0', '::/0'] });
    const icmp = out.rules.find((r) => r.ruleset === 'sg-331ad04e (Arista Demo) ingress' && r.protocol === 'icmp');
    expect(icmp).toMatchObject({ sources: ['38.140.26.0/24'], conditions: [], order: 7 });

    // lines 86-121: tcp 3306 from five CIDRs (with descriptions) and the group sg-cf3f86b3 ("jump host").
    const mysql = admitting(out.rules, 'sg-55510831 (default) ingress', 'tcp', 3306);
    expect(mysql.map((r) => [r.sources, r.comment])).toEqual([
      [['10.193.0.0/16'], 'Internal traffic'],
      [['107.170.243.58/32'], 'inentionet-test'],
      [['104.236.156.171/32'], 'intentionet-dev'],
      [['162.243.144.192/32'], 'intentionet-web'],
      [['67.170.86.87/32'], 'surf'],
      [[], 'jump host'],
    ]);
    expect(mysql[5]).toMatchObject({
      unresolved: ['sg-cf3f86b3'],
      objects: ['sg-cf3f86b3'],
      conditions: ['source: members of security group sg-cf3f86b3 (their addresses are not in this export)'],
      lineFrom: 86,
      lineTo: 121,
    });
    // launch-wizard-6 admits http from IPv4 and IPv6 any (Ipv6Ranges ::/0).
    expect(admitting(out.rules, 'sg-94df21e9 (launch-wizard-6) ingress', 'tcp', 80).map((r) => r.sources)).toEqual([
      ['0.0.0.0/0'],
      ['::/0'],
    ]);
  });

  it('lab-validation: FTP tcp/21 is open to any IPv4 source on vnd_panos_sg_untrusted; ICMP echo keeps its type/code', () => {
    const out = parseFile(awsSecurityGroups, 'rulebases/lab-validation--SecurityGroups.json');
    // lines 141-154: {"FromPort": 21, "IpProtocol": "tcp", "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "SSH Access"}], "ToPort": 21}
    const ftp = admitting(out.rules, 'sg-0766936a1201e7336 (vnd_panos_sg_untrusted) ingress', 'tcp', 21);
    expect(ftp).toHaveLength(1);
    expect(ftp[0]).toMatchObject({
      device: 'vpc-0c197509cc4686f2b',
      sources: ['0.0.0.0/0'],
      destinationPorts: ['21'],
      lineFrom: 141,
      lineTo: 154,
    });
    const echo = out.rules.find((r) => r.ruleset.startsWith('sg-0766936a1201e7336') && r.protocol === 'icmp');
    expect(echo?.conditions).toEqual(['icmp type 8 code 0']);
    // vnd_panos_sg_trusted: all traffic from anywhere, so tcp/23 is admitted by rule 1.
    expect(admitting(out.rules, 'sg-08d09a20fa6d41e8b (vnd_panos_sg_trusted) ingress', 'tcp', 23)).toHaveLength(1);
  });

  it('a placebo recording gives the same rules as the unwrapped describe-security-groups output', () => {
    const wrapped = parseFile(awsSecurityGroups, 'rulebases/cloud-custodian--ec2.DescribeSecurityGroups_4.json');
    const plain = parseFile(awsSecurityGroups, 'rulebases/2-cloud-custodian--ec2.DescribeSecurityGroups_4.json');
    const strip = (r: Rule) => ({ ...r, lineFrom: null, lineTo: null, text: '' });
    expect(wrapped.rules.map(strip)).toEqual(plain.rules.map(strip));
    expect(wrapped.meta).toMatchObject({ recording: 'placebo (status_code 200)', securityGroups: '42' });
    expect(plain.meta.recording).toBeUndefined();
  });

  it('gives the same result whatever the piece size', () => {
    for (const [rel] of SG_COUNTS.slice(0, 5)) {
      const whole = parseFile(awsSecurityGroups, rel, 1 << 24);
      expect(parseFile(awsSecurityGroups, rel, 7), rel).toEqual(whole);
      expect(parseFile(awsSecurityGroups, rel, 4093), rel).toEqual(whole);
    }
  });

  it('imports through the runner by detection; a truncated copy leaves the engagement untouched', async () => {
    const rel = 'rulebases/batfish-hybrid-aws-SecurityGroups.json';
    const { store, result } = await importInto(corpus(rel));
    expect(result).toMatchObject({ format: 'aws-security-groups', ruleCount: 43 });
    expect(listRules(store.db).total).toBe(43);
    expect(listPolicies(store.db)).toHaveLength(22);
    const stored = listRules(store.db, { ruleset: 'sg-55510831 (default) ingress' }).rows;
    expect(stored.map((r) => r.order)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(stored[5]?.unresolved).toEqual(['sg-cf3f86b3']);
    store.close();

    const dir = tempDir();
    const bytes = readFileSync(corpus(rel));
    writeFileSync(join(dir, 'cut.json'), bytes.subarray(0, 5000));
    const empty = newEngagement(dir);
    await expect(importFile(empty, fixedContext(), join(dir, 'cut.json'))).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/cut\.json: line \d+, column \d+: not valid JSON \(unexpected end of input\)/),
    });
    expectUntouched(empty);
    empty.close();
  });
});

describe.skipIf(!corpusAvailable)('AWS network ACLs (corpus)', () => {
  it.each(NACL_COUNTS)('%s: %i rules, %i policies, no notes', (rel, rules, policies) => {
    const out = parseFile(awsNetworkAcls, rel);
    expect(out.rules).toHaveLength(rules);
    expect(out.policies).toHaveLength(policies);
    expect(out.policies.every((p) => p.policy === 'deny')).toBe(true);
    expect(out.notes).toEqual([]);
    expect(parseFile(awsNetworkAcls, rel, 7)).toEqual(out);
  });

  it('batfish: only 162.243.144.192/32 reaches MySQL on acl-4db39c28; the 32767 entries are the policy', () => {
    const out = parseFile(awsNetworkAcls, 'rulebases/batfish--NetworkAcls.json');
    // lines 36-46: {"CidrBlock": "162.243.144.192/32", "Egress": false, "PortRange": {"From": 3306, "To": 3306},
    //               "Protocol": "6", "RuleAction": "allow", "RuleNumber": 100}
    // lines 47-53: {"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767}
    const inbound = out.rules.filter((r) => r.ruleset === 'acl-4db39c28 ingress');
    expect(inbound).toHaveLength(1);
    expect(inbound[0]).toMatchObject({
      device: 'vpc-f8fad69d',
      order: 1,
      name: '100',
      action: 'allow',
      direction: 'in',
      protocol: 'tcp',
      sources: ['162.243.144.192/32'],
      destinationPorts: ['3306'],
      lineFrom: 36,
      lineTo: 46,
    });
    expect(out.policies).toContainEqual({
      device: 'vpc-f8fad69d',
      ruleset: 'acl-4db39c28 ingress',
      policy: 'deny',
      lineFrom: 3,
    });
    expect(countBy(out.rules, (r) => r.ruleset)).toEqual({
      'acl-4db39c28 ingress': 1,
      'acl-4db39c28 egress': 1,
      'acl-3d4f745b ingress': 1,
      'acl-3d4f745b egress': 1,
      'acl-7b78771d (Arista Demo) ingress': 1,
      'acl-7b78771d (Arista Demo) egress': 1,
      'acl-1ced2265 ingress': 1,
      'acl-1ced2265 egress': 1,
    });
    expect(out.meta['subnets of acl-4db39c28']).toBe('subnet-1f315846, subnet-9c8adceb, subnet-d9cafabc');
    expect(out.meta['subnets of acl-1ced2265']).toBe('(none)');
  });

  it('lab-validation: rule 1000 allows everything in, named by its Name tag', () => {
    const out = parseFile(awsNetworkAcls, 'rulebases/lab-validation--NetworkAcls.json');
    // lines 31-37: {"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 1000}
    const r = out.rules.find((x) => x.ruleset === 'acl-0d259d803870de31f (vnd_panos_general) ingress');
    expect(r).toMatchObject({ name: '1000', protocol: 'any', sources: ['0.0.0.0/0'], lineFrom: 31, lineTo: 37 });
    expect(admitting(out.rules, 'acl-0d259d803870de31f (vnd_panos_general) ingress', 'tcp', 23)).toHaveLength(1);
  });

  it('imports through the runner by detection', async () => {
    const { store, result } = await importInto(corpus('rulebases/batfish--NetworkAcls.json'));
    expect(result).toMatchObject({ format: 'aws-network-acls', ruleCount: 8 });
    expect(listPolicies(store.db)).toHaveLength(8);
    store.close();
  });
});

// Hand-written in the describe-security-groups layout, for fields the corpus does not show.
const SG_FIXTURE = JSON.stringify(
  {
    SecurityGroups: [
      {
        GroupId: 'sg-1',
        GroupName: 'web',
        OwnerId: '111111111111',
        VpcId: 'vpc-1',
        SecurityGroupArn: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1',
        Shiny: true,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 20,
            ToPort: 21,
            IpRanges: [],
            Ipv6Ranges: [{ CidrIpv6: '2001:db8::/32', Description: 'v6 office' }],
            PrefixListIds: [{ PrefixListId: 'pl-123', Description: 'corp' }],
            UserIdGroupPairs: [{ GroupId: 'sg-9', UserId: '222222222222', VpcPeeringConnectionId: 'pcx-1' }],
          },
          { IpProtocol: '17', FromPort: 69, ToPort: 69, IpRanges: [{ CidrIp: '10.0.0.5/32' }] },
          { IpProtocol: 'icmpv6', FromPort: 128, ToPort: -1, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
          { IpProtocol: '50', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '192.0.2.0/24' }] },
          { IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, IpRanges: [{ CidrIp: '10.1.2.3/8' }] },
          { IpProtocol: 'tcp', FromPort: 23, ToPort: 23, IpRanges: [{ CidrIp: 'my-office' }] },
          { IpProtocol: 'tcp', FromPort: 25, ToPort: 25, IpRanges: [] },
        ],
        IpPermissionsEgress: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-1', GroupName: 'web' }] }],
      },
      { GroupId: 'sg-classic', GroupName: 'classic', OwnerId: '111111111111', IpPermissions: [] },
    ],
    NextToken: 'abc',
  },
  null,
  1,
);

describe('AWS security groups (hand-written fixture)', () => {
  const out = parseWith(awsSecurityGroups, SG_FIXTURE);
  const ruleset = 'sg-1 (web) ingress';
  const inbound = out.rules.filter((r) => r.ruleset === ruleset);

  it('splits a permission into one rule per peer, in file order', () => {
    expect(inbound.map((r) => [r.order, r.protocol, r.destinationPorts, r.sources, r.unresolved])).toEqual([
      [1, 'tcp', ['20-21'], ['2001:db8::/32'], []],
      [2, 'tcp', ['20-21'], [], ['pl-123']],
      [3, 'tcp', ['20-21'], [], ['222222222222/sg-9']],
      [4, 'udp', ['69'], ['10.0.0.5/32'], []],
      [5, 'icmpv6', null, ['::/0'], []],
      [6, 'esp', null, ['192.0.2.0/24'], []],
      [7, 'tcp', ['0-65535'], ['10.0.0.0/8'], []],
      [8, 'tcp', ['23'], [], ['my-office']],
    ]);
    expect(inbound[1]?.conditions).toEqual(['source: managed prefix list pl-123 (its CIDRs are not in this export)']);
    expect(inbound[2]?.conditions).toEqual([
      'source: members of security group 222222222222/sg-9 via peering pcx-1 (their addresses are not in this export)',
    ]);
    expect(inbound[4]?.conditions).toEqual(['icmpv6 type 128']);
    expect(inbound[0]?.comment).toBe('v6 office');
  });

  it('egress group references are destinations; a group without egress rules is said so; the rest is noted', () => {
    expect(out.rules.filter((r) => r.ruleset === 'sg-1 (web) egress')).toMatchObject([
      { direction: 'out', sources: ['0.0.0.0/0', '::/0'], destinations: [], unresolved: ['sg-1 (web)'] },
    ]);
    expect(out.policies.map((p) => `${p.device} ${p.ruleset} ${p.policy}`)).toEqual([
      'vpc-1 sg-1 (web) ingress deny',
      'vpc-1 sg-1 (web) egress deny',
      'aws account 111111111111 sg-classic (classic) ingress deny',
    ]);
    const notes = out.notes.map((n) => n.what);
    expect(notes).toEqual([
      'NextToken is set: the listing is one page of several; groups on other pages are missing',
      'sg-1 (web): field "Shiny" not understood (true)',
      'sg-1 (web): IpRanges entry "my-office" is not a CIDR; kept unresolved',
      'sg-1 (web) IpPermissions: a permission with no source or destination admits nothing; skipped',
      'sg-classic (classic): no IpPermissionsEgress; outbound rules are not in the export',
    ]);
    expect(out.notes.every((n) => typeof n.line === 'number')).toBe(true);
  });

  it('is the same in pieces of 7 characters', () => {
    expect(parseWith(awsSecurityGroups, SG_FIXTURE, {}, 7)).toEqual(out);
  });
});

describe('AWS network ACLs (hand-written fixture)', () => {
  const fixture = JSON.stringify({
    NetworkAcls: [
      {
        NetworkAclId: 'acl-1',
        VpcId: 'vpc-1',
        Associations: [{ SubnetId: 'subnet-a' }],
        Entries: [
          { RuleNumber: 32768, Protocol: '-1', RuleAction: 'deny', Egress: false, Ipv6CidrBlock: '::/0' },
          {
            RuleNumber: 200,
            Protocol: '6',
            RuleAction: 'allow',
            Egress: false,
            CidrBlock: '0.0.0.0/0',
            PortRange: { From: 1024, To: 65535 },
          },
          {
            RuleNumber: 100,
            Protocol: '6',
            RuleAction: 'deny',
            Egress: false,
            CidrBlock: '0.0.0.0/0',
            PortRange: { From: 23, To: 23 },
          },
          {
            RuleNumber: 110,
            Protocol: '58',
            RuleAction: 'allow',
            Egress: false,
            Ipv6CidrBlock: '2001:db8::/32',
            IcmpTypeCode: { Type: 128, Code: -1 },
          },
          {
            RuleNumber: 120,
            Protocol: '17',
            RuleAction: 'allow',
            Egress: true,
            CidrBlock: '10.0.0.0/8',
            PortRange: { From: 161, To: 162 },
          },
          { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
        ],
      },
    ],
  });

  it('orders by rule number, keeps the deny of telnet before the broad allow, and drops the "*" entries', () => {
    const out = parseWith(awsNetworkAcls, fixture);
    expect(
      out.rules.map((r) => [
        r.ruleset,
        r.order,
        r.name,
        r.action,
        r.protocol,
        r.sources,
        r.destinations,
        r.destinationPorts,
        r.conditions,
      ]),
    ).toEqual([
      ['acl-1 ingress', 1, '100', 'deny', 'tcp', ['0.0.0.0/0'], ['0.0.0.0/0', '::/0'], ['23'], []],
      [
        'acl-1 ingress',
        2,
        '110',
        'allow',
        'icmpv6',
        ['2001:db8::/32'],
        ['0.0.0.0/0', '::/0'],
        null,
        ['icmpv6 type 128'],
      ],
      ['acl-1 ingress', 3, '200', 'allow', 'tcp', ['0.0.0.0/0'], ['0.0.0.0/0', '::/0'], ['1024-65535'], []],
      ['acl-1 egress', 1, '120', 'allow', 'udp', ['0.0.0.0/0', '::/0'], ['10.0.0.0/8'], ['161-162'], []],
    ]);
    expect(out.notes).toEqual([]);
    expect(out.meta['subnets of acl-1']).toBe('subnet-a');
  });
});

describe('AWS: hostile and wrong input', () => {
  const fails = (spec: FormatSpec, input: string | Buffer, message: RegExp) => {
    const err = parseError(() => parseWith(spec, input));
    expect(err.message).toMatch(message);
    return err;
  };

  it('refuses empty input, binary junk, other documents and missing required fields', () => {
    for (const spec of [awsSecurityGroups, awsNetworkAcls]) {
      fails(spec, '', /empty/);
      fails(spec, '   \n', /empty/);
      fails(spec, Buffer.from([0x7b, 0x00, 0x01, 0x02]), /binary data/);
      fails(spec, '<?xml version="1.0"?><nmaprun/>', /not valid JSON/);
      fails(spec, '[1, 2, 3]', /expected 'aws ec2 describe-/);
      fails(spec, 'null', /expected 'aws ec2 describe-/);
    }
    fails(awsSecurityGroups, '{"NetworkAcls": []}', /no SecurityGroups array/);
    fails(awsNetworkAcls, '{"SecurityGroups": []}', /no NetworkAcls array/);
    const noId = fails(
      awsSecurityGroups,
      '{"SecurityGroups": [\n{"GroupName": "x"}]}',
      /SecurityGroups\[0\] has no GroupId/,
    );
    expect(noId.line).toBe(2);
    fails(
      awsSecurityGroups,
      '{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"FromPort": 22}]}]}',
      /without IpProtocol/,
    );
    fails(
      awsNetworkAcls,
      '{"NetworkAcls": [{"NetworkAclId": "a", "Entries": [{"RuleNumber": 1}]}]}',
      /without RuleNumber or Egress/,
    );
    fails(
      awsNetworkAcls,
      '{"NetworkAcls": [{"NetworkAclId": "a", "Entries": [{"RuleNumber": 1, "Egress": false, "RuleAction": "maybe"}]}]}',
      /RuleAction "maybe"; expected allow or deny/,
    );
  });

  it('refuses JSON that is nested too deep, and keeps "__proto__" an ordinary key', () => {
    fails(awsSecurityGroups, `${'['.repeat(100_000)}${']'.repeat(100_000)}`, /nested deeper than 256 levels/);
    const out = parseWith(
      awsSecurityGroups,
      '{"SecurityGroups": [{"GroupId": "sg-1", "__proto__": {"polluted": 1}, "IpPermissions": [], "IpPermissionsEgress": []}]}',
    );
    expect(out.notes.map((n) => n.what)).toEqual(['sg-1: field "__proto__" not understood ({"polluted":1})']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.skipIf(!corpusAvailable)('refuses a corpus file truncated at several offsets, naming the place', () => {
    const text = readFileSync(corpus('rulebases/lab-validation--SecurityGroups.json'), 'utf8');
    for (const at of [1, 17, 300, 2048, text.length - 2]) {
      const err = parseError(() => parseWith(awsSecurityGroups, text.slice(0, at)));
      expect(err.message, `cut at ${at}`).toMatch(/not valid JSON \(.*\); expected 'aws ec2 describe-security-groups'/);
      expect(err.line).toBeGreaterThanOrEqual(1);
    }
    const acl = readFileSync(corpus('rulebases/batfish--NetworkAcls.json'), 'utf8');
    for (const at of [5, 1000, acl.length - 3])
      expect(() => parseWith(awsNetworkAcls, acl.slice(0, at))).toThrow(/not valid JSON/);
  });

  it('a wrong-format import through the runner leaves the engagement untouched', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'gcp.json'), '[{"name": "x", "allowed": [{"IPProtocol": "tcp"}]}]');
    const store = newEngagement(dir);
    await expect(
      importFile(store, fixedContext(), join(dir, 'gcp.json'), { format: 'aws-security-groups' }),
    ).rejects.toMatchObject({ code: 'PARSE_ERROR', message: expect.stringMatching(/no SecurityGroups array/) });
    expectUntouched(store);
    store.close();
  });
});
