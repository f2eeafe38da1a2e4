// GCP firewalls: exact rule counts for every corpus file (gcloud list JSON, API {"items"}, recorded
// {"headers","body"} answers, getEffectiveFirewalls, a hierarchical firewall policy), hand-checked flows to
// insecure ports, a hand-written fixture for tags, service accounts, egress and policy matches, and hostile input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src-main/core/import/formats';
import { gcpFirewall } from '../../src-main/core/import/rulebases/gcp-firewall';
import { importFile } from '../../src-main/core/import/run-import';
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

const parseFile = (rel: string, pieceSize?: number) => parseWith(gcpFirewall, readFileSync(corpus(rel)), {}, pieceSize);

/** Rules admitting protocol/port, in evaluation order. */
function admitting(rules: Rule[], protocol: string, port: number): Rule[] {
  return rules.filter(
    (r) =>
      r.action === 'allow' &&
      (r.protocol === 'any' || r.protocol === protocol) &&
      (r.destinationPorts === null ||
        r.destinationPorts.some((p) => {
          const [a, b] = p.split('-').map(Number) as [number, number | undefined];
          return port >= a && port <= (b ?? a);
        })),
  );
}

const EFFECTIVE =
  'rulebases/cloud-custodian--get-compute-v1-projects-cloud-custodian-global-networks-default-getEffectiveFirewalls_1.json';
const RECORDED = 'rulebases/cloud-custodian--get-compute-v1-projects-cloud-custodian-global-firewalls_1.json';
const GCE = 'rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_gce.gce.ref';
const HF = 'rulebases/aerleon--GcpHfTest.testChunkedIPRanges.stdout.ref';

// Counts derived with python3 (json.load): per VPC rule len(allowed) + len(denied); per firewall-policy
// rule max(1, len(match.config.layer4Configs)); two policies per network and per firewall policy.
const COUNTS: [string, number, number][] = [
  [GCE, 15, 2],
  [HF, 2, 2],
  [RECORDED, 1, 2],
  ['rulebases/2-cloud-custodian--get-compute-v1-projects-cloud-custodian-global-firewalls_1.json', 1, 2],
  ['rulebases/3-cloud-custodian--get-compute-v1-projects-cloud-custodian-global-firewalls_1.json', 1, 2],
  [EFFECTIVE, 5, 2],
];

describe.skipIf(!corpusAvailable)('GCP detection over the whole corpus', () => {
  it('claims exactly the GCP files, also through the registry', () => {
    const mine = new Set(manifestFiles(/^gcp-/));
    expect(mine.size).toBe(COUNTS.length);
    for (const rel of manifestFiles(/./)) {
      const head = readFileSync(corpus(rel))
        .subarray(0, 64 * 1024)
        .toString('utf8');
      expect(gcpFirewall.detect(head, rel) > 0, rel).toBe(mine.has(rel));
      if (mine.has(rel)) expect(detectFormat(head, rel)?.id, rel).toBe('gcp-firewall');
    }
  });
});

describe.skipIf(!corpusAvailable)('GCP firewalls (corpus)', () => {
  it.each(COUNTS)('%s: %i rules, %i policies, no notes', (rel, rules, policies) => {
    const out = parseFile(rel);
    expect(out.rules).toHaveLength(rules);
    expect(out.policies).toHaveLength(policies);
    expect(out.notes).toEqual([]);
    expect(out.rules.every((r) => r.lineFrom !== null && r.text.startsWith('{'))).toBe(true);
  });

  it('effective firewalls: who reaches ssh and RDP, in priority order (checked by hand)', () => {
    const out = parseFile(EFFECTIVE);
    // lines 20-43:   "allow-ssh", priority 900, sourceRanges ["93.76.224.124", "0.0.0.0/0"], allowed [{"IPProtocol": "all"}]
    // lines 73-102:  "allow-ingress-from-iap", priority 1000, ["35.235.240.0/20", "37.214.38.88", "185.38.216.32",
    //                "93.76.224.124"], tcp ["22", "3389"]
    // lines 103-134: "allow-defectdojo", priority 1000, ["185.38.216.32", "0.0.0.0/0"], targetTags ["defect-dojo"], tcp ["8080", "8443", "22"]
    const ssh = admitting(out.rules, 'tcp', 22);
    expect(ssh.map((r) => [r.order, r.name, r.sources, r.lineFrom, r.lineTo])).toEqual([
      [1, 'allow-ssh', ['93.76.224.124/32', '0.0.0.0/0'], 20, 43],
      [
        3,
        'allow-ingress-from-iap',
        ['35.235.240.0/20', '37.214.38.88/32', '185.38.216.32/32', '93.76.224.124/32'],
        73,
        102,
      ],
      [4, 'allow-defectdojo', ['185.38.216.32/32', '0.0.0.0/0'], 103, 134],
    ]);
    expect(ssh[0]).toMatchObject({ protocol: 'any', destinationPorts: null, unresolved: [], conditions: [] });
    expect(ssh[2]).toMatchObject({
      destinationPorts: ['8080', '8443', '22'],
      unresolved: ['tag defect-dojo'],
      objects: ['defect-dojo'],
      conditions: ['applies only to instances with network tag defect-dojo'],
    });
    expect(admitting(out.rules, 'tcp', 3389).map((r) => r.name)).toEqual(['allow-ssh', 'allow-ingress-from-iap']);
    expect(out.rules.every((r) => r.device === 'projects/cloud-custodian/networks/default')).toBe(true);
    expect(out.policies).toEqual([
      {
        device: 'projects/cloud-custodian/networks/default',
        ruleset: 'firewall rules ingress',
        policy: 'deny',
        lineFrom: null,
      },
      {
        device: 'projects/cloud-custodian/networks/default',
        ruleset: 'firewall rules egress',
        policy: 'allow',
        lineFrom: null,
      },
    ]);
    expect(out.meta.recordedFrom).toMatch(/getEffectiveFirewalls/);
  });

  it('recorded list: FTP and telnet (21-25) reach only instances tagged oldtag, only from 1.1.1.1', () => {
    const out = parseFile(RECORDED);
    // lines 22-50: "name": "test", "sourceRanges": ["1.1.1.1"], "targetTags": ["oldtag"],
    //              "allowed": [{"IPProtocol": "tcp", "ports": ["22", "21-25"]}], "direction": "INGRESS"
    expect(out.rules[0]).toMatchObject({
      ruleset: 'firewall rules ingress',
      direction: 'in',
      action: 'allow',
      protocol: 'tcp',
      sources: ['1.1.1.1/32'],
      destinations: ['0.0.0.0/0', '::/0'],
      destinationPorts: ['22', '21-25'],
      unresolved: ['tag oldtag'],
      enabled: true,
      comment: null,
      lineFrom: 22,
      lineTo: 50,
    });
    expect(out.meta.recording).toBe('recorded API answer (status 200)');
    const strip = (r: Rule) => ({ ...r, lineFrom: null, lineTo: null, text: '' });
    for (const other of [COUNTS[3]![0], COUNTS[4]![0]]) {
      expect(parseFile(other).rules.map(strip), other).toEqual(out.rules.map(strip));
    }
  });

  it('aerleon GCE: priorities, one rule per protocol, the 65534 deny last; egress destinations', () => {
    const out = parseFile(GCE);
    expect(countBy(out.rules, (r) => r.ruleset)).toEqual({ 'firewall rules ingress': 12, 'firewall rules egress': 3 });
    const inbound = out.rules.filter((r) => r.direction === 'in');
    // lines 2-18: "default-test-ssh": tcp ["22"] from ["200.1.1.3/32"] (no priority: 1000)
    expect(inbound[0]).toMatchObject({
      name: 'default-test-ssh',
      sources: ['200.1.1.3/32'],
      destinationPorts: ['22'],
      lineFrom: 2,
      lineTo: 18,
    });
    expect(inbound[3]).toMatchObject({ name: 'default-test-igmp', protocol: '2' });
    expect(inbound.at(-1)).toMatchObject({
      order: 12,
      name: 'default-default-deny',
      action: 'deny',
      protocol: 'any',
      sources: ['0.0.0.0/0'],
    });
    // Telnet reaches everything from the RFC 1918 ranges ("default-test-internal", tcp without ports).
    expect(admitting(inbound, 'tcp', 23).map((r) => [r.name, r.sources])).toEqual([
      ['default-test-multiple-protocols-tcp-icmpv6', ['200.1.1.3/32']],
      ['default-test-multiple-protocols-tcp-icmp', ['200.1.1.3/32']],
      ['default-test-internal', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
    ]);
    const outbound = out.rules.filter((r) => r.direction === 'out');
    expect(outbound.map((r) => [r.name, r.sources, r.destinations, r.unresolved])).toEqual([
      ['default-test-egress-address-e', ['0.0.0.0/0', '::/0'], ['200.1.1.4/32', '200.1.1.5/32'], []],
      ['default-test-egress-tag-e', ['0.0.0.0/0', '::/0'], ['200.1.1.3/32'], ['tag webserver']],
      ['default-default-deny-e', ['0.0.0.0/0', '::/0'], ['0.0.0.0/0'], []],
    ]);
  });

  it('hierarchical policy: goto_next becomes return, with all 256 + 2 source ranges', () => {
    const out = parseFile(HF);
    // lines 5-282: priority 1, "action": "goto_next", tcp ["80"], 256 /32 srcIpRanges; lines 283-306: priority 2, 2 ranges
    expect(
      out.rules.map((r) => [
        r.device,
        r.ruleset,
        r.order,
        r.action,
        r.protocol,
        r.destinationPorts,
        r.sources.length,
        r.lineFrom,
        r.lineTo,
      ]),
    ).toEqual([
      ['firewall policy displayname', 'ingress', 1, 'return', 'tcp', ['80'], 256, 5, 282],
      ['firewall policy displayname', 'ingress', 2, 'return', 'tcp', ['80'], 2, 283, 306],
    ]);
    expect(out.rules[0]?.sources.slice(0, 3)).toEqual(['10.0.0.1/32', '10.0.1.1/32', '192.168.0.0/32']);
    expect(out.rules[1]?.sources).toEqual(['192.168.254.0/32', '192.168.255.0/32']);
    expect(out.policies.map((p) => p.policy)).toEqual(['return', 'return']);
  });

  it('gives the same result whatever the piece size', () => {
    for (const [rel] of COUNTS) {
      const whole = parseFile(rel, 1 << 24);
      expect(parseFile(rel, 7), rel).toEqual(whole);
      expect(parseFile(rel, 4093), rel).toEqual(whole);
    }
  });

  it('imports through the runner by detection; a truncated copy leaves the engagement untouched', async () => {
    const { store, result } = await importInto(corpus(EFFECTIVE));
    expect(result).toMatchObject({ format: 'gcp-firewall', ruleCount: 5 });
    expect(listRules(store.db).rows.map((r) => r.name)).toEqual([
      'allow-ssh',
      'default-allow-https',
      'allow-ingress-from-iap',
      'allow-defectdojo',
      'default-allow-http',
    ]);
    expect(listPolicies(store.db)).toHaveLength(2);
    store.close();

    const dir = tempDir();
    writeFileSync(join(dir, 'cut.json'), readFileSync(corpus(EFFECTIVE)).subarray(0, 3000));
    const empty = newEngagement(dir);
    await expect(importFile(empty, fixedContext(), join(dir, 'cut.json'))).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/cut\.json: line \d+, column \d+: not valid JSON/),
    });
    expectUntouched(empty);
    empty.close();
  });
});

// Hand-written in the gcloud/API layout for what the corpus lacks.
const FIXTURE = JSON.stringify(
  {
    kind: 'compute#firewallList',
    nextPageToken: 'more',
    items: [
      {
        name: 'allow-telnet-from-bastions',
        network: 'projects/p1/global/networks/prod',
        priority: 500,
        sourceTags: ['bastion'],
        sourceServiceAccounts: ['jump@p1.iam.gserviceaccount.com'],
        targetServiceAccounts: ['legacy@p1.iam.gserviceaccount.com'],
        allowed: [{ IPProtocol: 'tcp', ports: ['23'] }],
        disabled: true,
      },
      {
        name: 'deny-telnet',
        network: 'projects/p1/global/networks/prod',
        priority: 500,
        denied: [{ IPProtocol: '6', ports: ['23'] }],
      },
      {
        name: 'no-source',
        network: 'projects/p1/global/networks/prod',
        allowed: [{ IPProtocol: 'udp', ports: ['69', 'tftp'] }],
        extra: 1,
      },
      {
        name: 'egress-db',
        network: 'projects/p1/global/networks/prod',
        direction: 'EGRESS',
        destinationRanges: ['10.2.0.0/16', 'not-a-cidr'],
        allowed: [{ IPProtocol: 'tcp', ports: ['5432'] }, { IPProtocol: 'all' }],
      },
    ],
  },
  null,
  1,
);

const POLICY = JSON.stringify({
  kind: 'compute#firewallPolicy',
  shortName: 'org-baseline',
  rules: [
    {
      priority: 10,
      action: 'deny',
      direction: 'INGRESS',
      match: { srcIpRanges: [], srcFqdns: ['evil.example'], layer4Configs: [{ ipProtocol: 'all' }] },
      targetResources: ['https://www.googleapis.com/compute/v1/projects/p1/global/networks/prod'],
    },
    {
      priority: 20,
      action: 'allow',
      direction: 'EGRESS',
      match: { destIpRanges: ['0.0.0.0/0'], layer4Configs: [{ ipProtocol: 'tcp', ports: ['443'] }] },
    },
    {
      priority: 5,
      action: 'apply_security_profile_group',
      direction: 'INGRESS',
      match: { srcIpRanges: ['203.0.113.0/24'] },
    },
  ],
});

describe('GCP firewalls (hand-written fixtures)', () => {
  it('tags and service accounts are unresolved, disabled rules stay disabled, deny wins ties', () => {
    const out = parseWith(gcpFirewall, FIXTURE);
    expect(out.rules.map((r) => [r.ruleset, r.order, r.name, r.action, r.protocol, r.enabled])).toEqual([
      ['firewall rules ingress', 1, 'deny-telnet', 'deny', 'tcp', true],
      ['firewall rules ingress', 2, 'allow-telnet-from-bastions', 'allow', 'tcp', false],
      ['firewall rules ingress', 3, 'no-source', 'allow', 'udp', true],
      ['firewall rules egress', 1, 'egress-db', 'allow', 'tcp', true],
      ['firewall rules egress', 2, 'egress-db', 'allow', 'any', true],
    ]);
    expect(out.rules[0]).toMatchObject({ device: 'projects/p1/networks/prod', sources: ['0.0.0.0/0'] });
    expect(out.rules[1]).toMatchObject({
      sources: [],
      unresolved: [
        'tag bastion',
        'service account jump@p1.iam.gserviceaccount.com',
        'service account legacy@p1.iam.gserviceaccount.com',
      ],
      conditions: [
        'or from instances with network tag bastion',
        'or from instances running as service account jump@p1.iam.gserviceaccount.com',
        'applies only to instances running as legacy@p1.iam.gserviceaccount.com',
      ],
    });
    expect(out.rules[2]).toMatchObject({ destinationPorts: ['69'], conditions: ['port tftp'] });
    expect(out.rules[3]).toMatchObject({ destinations: ['10.2.0.0/16'], unresolved: ['not-a-cidr'] });
    expect(out.notes.map((n) => n.what)).toEqual([
      'nextPageToken is set: the listing is one page of several; rules on other pages are missing',
      'firewall rule no-source: field "extra" not understood (1)',
      'firewall rule no-source: port "tftp" not understood; kept in the rule\'s conditions',
      'firewall rule egress-db: destinationRanges entry "not-a-cidr" is not a CIDR; kept unresolved',
    ]);
    expect(parseWith(gcpFirewall, FIXTURE, {}, 7)).toEqual(out);
  });

  it('firewall policy rules: FQDN sources unresolved, targets named, other actions kept as written', () => {
    const out = parseWith(gcpFirewall, POLICY);
    expect(out.rules.map((r) => [r.device, r.ruleset, r.order, r.action, r.target, r.sources, r.destinations])).toEqual(
      [
        [
          'firewall policy org-baseline',
          'ingress',
          1,
          'other',
          'apply_security_profile_group',
          ['203.0.113.0/24'],
          ['0.0.0.0/0', '::/0'],
        ],
        ['firewall policy org-baseline', 'ingress', 2, 'deny', null, [], ['0.0.0.0/0', '::/0']],
        ['firewall policy org-baseline', 'egress', 1, 'allow', null, ['0.0.0.0/0', '::/0'], ['0.0.0.0/0']],
      ],
    );
    expect(out.rules[1]).toMatchObject({
      unresolved: ['FQDN evil.example', 'network prod'],
      conditions: ['or from FQDN evil.example', 'applies only to network prod'],
    });
    expect(out.notes).toEqual([]);
  });
});

describe('GCP: hostile and wrong input', () => {
  const fails = (input: string | Buffer, message: RegExp) => {
    const err = parseError(() => parseWith(gcpFirewall, input));
    expect(err.message).toMatch(message);
    return err;
  };

  it('refuses empty input, binary junk, other documents and rules missing what they need', () => {
    fails('', /empty/);
    fails(Buffer.from([0x5b, 0x00]), /binary data/);
    fails('kind: NetworkPolicy', /not valid JSON/);
    fails('{"SecurityGroups": []}', /no firewall rules or policies/);
    fails('[{"GroupId": "sg-1"}]', /no firewall rule or policy in the list/);
    fails('"text"', /a JSON string; expected GCP firewall JSON/);
    fails('[{"allowed": [{"IPProtocol": "tcp"}]}]', /a firewall rule without a name/);
    fails('{"items": [{"name": "x", "direction": "INGRESS"}]}', /neither allowed nor denied/);
    fails('{"rules": [{"action": "allow"}]}', /a rule without a priority/);
  });

  it.skipIf(!corpusAvailable)('refuses corpus files truncated at several offsets', () => {
    for (const rel of [GCE, HF]) {
      const text = readFileSync(corpus(rel), 'utf8');
      for (const at of [1, 50, 777, text.length - 4]) {
        const err = parseError(() => parseWith(gcpFirewall, text.slice(0, at)));
        expect(err.message, `${rel} cut at ${at}`).toMatch(/not valid JSON/);
      }
    }
  });

  it('a wrong-format import through the runner leaves the engagement untouched', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.json'), '{"NetworkAcls": []}');
    const store = newEngagement(dir);
    await expect(
      importFile(store, fixedContext(), join(dir, 'x.json'), { format: 'gcp-firewall' }),
    ).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/no firewall rules or policies/),
    });
    expectUntouched(store);
    store.close();
  });
});
