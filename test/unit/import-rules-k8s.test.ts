// Kubernetes NetworkPolicy: exact rule counts for every corpus file (block YAML, flow-style YAML, a
// NetworkPolicyList), hand-checked flows (ipBlock with except split exactly, selectors unresolved, port
// ranges), hand-written fixtures for multi-document manifests, JSON, named ports and foreign kinds, and
// hostile YAML (alias bombs, self-references, custom tags, truncation).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src-main/core/import/formats';
import { subtractCidrs } from '../../src-main/core/import/rulebases/cloud-common';
import { k8sNetworkPolicy } from '../../src-main/core/import/rulebases/k8s-networkpolicy';
import { importFile } from '../../src-main/core/import/run-import';
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

const parseFile = (rel: string, pieceSize?: number) =>
  parseWith(k8sNetworkPolicy, readFileSync(corpus(rel)), {}, pieceSize);

const LIST = 'rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_k8s.yml.ref';
const CANONICAL = 'rulebases/website--networkpolicy.yaml';
const MULTIPORT = 'rulebases/website--networkpolicy-multiport-egress.yaml';
const DENY_ALL = 'rulebases/website--network-policy-default-deny-all.yaml';

// Counts derived with python3 (yaml.safe_load_all): per ingress/egress rule, (number of peers, or 1 when
// none) x (distinct protocols among its ports, or 1 when none); one policy per policy type in effect.
const COUNTS: [string, number, number][] = [
  [LIST, 16, 10],
  [CANONICAL, 4, 2],
  [MULTIPORT, 1, 1],
  [DENY_ALL, 0, 2],
];

describe.skipIf(!corpusAvailable)('Kubernetes detection over the whole corpus', () => {
  it('claims exactly the NetworkPolicy files, also through the registry', () => {
    const mine = new Set(manifestFiles(/^k8s-/));
    expect(mine.size).toBe(COUNTS.length);
    for (const rel of manifestFiles(/./)) {
      const head = readFileSync(corpus(rel))
        .subarray(0, 64 * 1024)
        .toString('utf8');
      expect(k8sNetworkPolicy.detect(head, rel) > 0, rel).toBe(mine.has(rel));
      if (mine.has(rel)) expect(detectFormat(head, rel)?.id, rel).toBe('k8s-networkpolicy');
    }
  });
});

describe.skipIf(!corpusAvailable)('Kubernetes NetworkPolicy (corpus)', () => {
  it.each(COUNTS)('%s: %i rules, %i policies, no notes', (rel, rules, policies) => {
    const out = parseFile(rel);
    expect(out.rules).toHaveLength(rules);
    expect(out.policies).toHaveLength(policies);
    expect(out.policies.every((p) => p.policy === 'deny')).toBe(true);
    expect(out.notes).toEqual([]);
  });

  it('canonical policy: who reaches redis tcp/6379 on role=db pods (checked by hand)', () => {
    const out = parseFile(CANONICAL);
    // lines 14-27:
    //   - from:
    //     - ipBlock: {cidr: 172.17.0.0/16, except: [172.17.1.0/24]}
    //     - namespaceSelector: {matchLabels: {project: myproject}}
    //     - podSelector: {matchLabels: {role: frontend}}
    //     ports: [{protocol: TCP, port: 6379}]
    const inbound = out.rules.filter((r) => r.ruleset === 'default/test-network-policy ingress');
    expect(inbound.map((r) => [r.order, r.protocol, r.destinationPorts, r.lineFrom, r.lineTo])).toEqual([
      [1, 'tcp', ['6379'], 14, 27],
      [2, 'tcp', ['6379'], 14, 27],
      [3, 'tcp', ['6379'], 14, 27],
    ]);
    // 172.17.0.0/16 without 172.17.1.0/24, split exactly.
    expect(inbound[0]!.sources).toEqual([
      '172.17.0.0/24',
      '172.17.2.0/23',
      '172.17.4.0/22',
      '172.17.8.0/21',
      '172.17.16.0/20',
      '172.17.32.0/19',
      '172.17.64.0/18',
      '172.17.128.0/17',
    ]);
    expect(inbound[0]).toMatchObject({
      device: 'default',
      name: 'test-network-policy',
      destinations: ['0.0.0.0/0', '::/0'],
      unresolved: ['pods [role=db]'],
      conditions: ['to pods [role=db] in namespace default', 'from ipBlock 172.17.0.0/16 except 172.17.1.0/24'],
    });
    expect(inbound[1]).toMatchObject({
      sources: [],
      unresolved: ['pods [role=db]', 'all pods in namespaces [project=myproject]'],
    });
    expect(inbound[2]).toMatchObject({
      sources: [],
      unresolved: ['pods [role=db]', 'pods [role=frontend] in namespace default'],
    });
    // lines 29-34: egress to 10.0.0.0/24 tcp/5978
    expect(out.rules.find((r) => r.direction === 'out')).toMatchObject({
      ruleset: 'default/test-network-policy egress',
      sources: ['0.0.0.0/0', '::/0'],
      destinations: ['10.0.0.0/24'],
      destinationPorts: ['5978'],
      lineFrom: 29,
      lineTo: 34,
    });
    expect(out.policies.map((p) => [p.ruleset, p.lineFrom])).toEqual([
      ['default/test-network-policy ingress', 1],
      ['default/test-network-policy egress', 1],
    ]);
  });

  it('multi-port egress: port 32000 with endPort 32768 is one range', () => {
    const out = parseFile(MULTIPORT);
    // lines 13-19: - to: [{ipBlock: {cidr: 10.0.0.0/24}}] ports: [{protocol: TCP, port: 32000, endPort: 32768}]
    expect(out.rules).toMatchObject([
      {
        direction: 'out',
        destinations: ['10.0.0.0/24'],
        protocol: 'tcp',
        destinationPorts: ['32000-32768'],
        lineFrom: 13,
        lineTo: 19,
      },
    ]);
    expect(out.policies).toEqual([
      { device: 'default', ruleset: 'default/multi-port-egress egress', policy: 'deny', lineFrom: 1 },
    ]);
  });

  it('flow-style default-deny-all: both directions denied, no rules', () => {
    const out = parseFile(DENY_ALL);
    expect(out.policies.map((p) => `${p.device} ${p.ruleset} ${p.policy}`)).toEqual([
      'kubernetes default-deny-all ingress deny',
      'kubernetes default-deny-all egress deny',
    ]);
  });

  it('NetworkPolicyList: ssh only from 200.1.1.3; one rule per ipBlock peer and protocol', () => {
    const out = parseFile(LIST);
    expect(countBy(out.rules, (r) => r.ruleset)).toEqual({
      'test-ssh ingress': 1,
      'test-web ingress': 1,
      'test-multiple-protocols ingress': 2,
      'test-multiple-protocols-tcp-sctp ingress': 2,
      'test-internal ingress': 6,
      'test-egress-address-e egress': 2,
      'test-egress-tag-e egress': 1,
      'test-egress-address-v6-only-e egress': 1,
    });
    // lines 11-16: - from: [{ipBlock: {cidr: 200.1.1.3/32}}] ports: [{port: 22, protocol: TCP}]
    expect(out.rules[0]).toMatchObject({
      device: 'kubernetes',
      ruleset: 'test-ssh ingress',
      sources: ['200.1.1.3/32'],
      protocol: 'tcp',
      destinationPorts: ['22'],
      comment: 'Allow SSH access to all pods from company.',
      unresolved: [],
      conditions: [],
      lineFrom: 11,
      lineTo: 16,
    });
    const internal = out.rules.filter((r) => r.ruleset === 'test-internal ingress');
    expect(internal.map((r) => [r.sources[0], r.protocol, r.destinationPorts])).toEqual([
      ['10.0.0.0/8', 'tcp', null],
      ['10.0.0.0/8', 'udp', null],
      ['172.16.0.0/12', 'tcp', null],
      ['172.16.0.0/12', 'udp', null],
      ['192.168.0.0/16', 'tcp', null],
      ['192.168.0.0/16', 'udp', null],
    ]);
    expect(out.rules.find((r) => r.ruleset === 'test-egress-address-v6-only-e egress')?.destinations).toEqual([
      '2606:700:e:550:b01a::b00a/128',
    ]);
    expect(out.policies.map((p) => p.ruleset)).toContain('default-deny ingress');
  });

  it('gives the same result whatever the piece size', () => {
    for (const [rel] of COUNTS) {
      const whole = parseFile(rel, 1 << 24);
      expect(parseFile(rel, 7), rel).toEqual(whole);
      expect(parseFile(rel, 4093), rel).toEqual(whole);
    }
  });

  it('imports through the runner by detection; a truncated copy leaves the engagement untouched', async () => {
    const { store, result } = await importInto(corpus(CANONICAL));
    expect(result).toMatchObject({ format: 'k8s-networkpolicy', ruleCount: 4 });
    expect(listRules(store.db).total).toBe(4);
    expect(listPolicies(store.db)).toHaveLength(2);
    store.close();

    const dir = tempDir();
    // A flow-style policy cut off before its closing braces.
    writeFileSync(join(dir, 'cut.yaml'), '{ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", spec: {');
    const empty = newEngagement(dir);
    await expect(importFile(empty, fixedContext(), join(dir, 'cut.yaml'))).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/cut\.yaml: line 1, column \d+: not valid YAML/),
    });
    expectUntouched(empty);
    empty.close();
  });
});

// Hand-written: a manifest with a Deployment, a policy without policyTypes, named ports, expressions,
// an IPv6 ipBlock with except, and a Calico policy (a different model).
const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-in
  namespace: shop
spec:
  podSelector:
    matchExpressions:
    - {key: tier, operator: In, values: [web, edge]}
    - {key: canary, operator: DoesNotExist}
  ingress:
  - from:
    - ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8:1::/48"]}
    - namespaceSelector: {}
      podSelector: {matchLabels: {app: monitor}}
    ports:
    - port: http
    - port: 23
      protocol: TCP
    - protocol: UDP
  egress:
  - {}
  futureField: true
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: calico-one}
spec: {selector: all()}
---
`;

describe('Kubernetes NetworkPolicy (hand-written fixtures)', () => {
  it('reads a multi-document manifest, skipping what is not a networking.k8s.io policy', () => {
    const out = parseWith(k8sNetworkPolicy, MANIFEST);
    expect(out.policies.map((p) => p.ruleset)).toEqual(['shop/web-in ingress', 'shop/web-in egress']);
    expect(
      out.rules.map((r) => [r.ruleset, r.order, r.protocol, r.sources, r.destinations, r.destinationPorts]),
    ).toEqual([
      [
        'shop/web-in ingress',
        1,
        'tcp',
        subtractCidrs(['2001:db8::/32'], ['2001:db8:1::/48']),
        ['0.0.0.0/0', '::/0'],
        ['23'],
      ],
      [
        'shop/web-in ingress',
        2,
        'udp',
        subtractCidrs(['2001:db8::/32'], ['2001:db8:1::/48']),
        ['0.0.0.0/0', '::/0'],
        null,
      ],
      ['shop/web-in ingress', 3, 'tcp', [], ['0.0.0.0/0', '::/0'], ['23']],
      ['shop/web-in ingress', 4, 'udp', [], ['0.0.0.0/0', '::/0'], null],
      ['shop/web-in egress', 1, 'any', ['0.0.0.0/0', '::/0'], ['0.0.0.0/0', '::/0'], null],
    ]);
    expect(subtractCidrs(['2001:db8::/32'], ['2001:db8:1::/48'])).toEqual([
      '2001:db8::/48',
      '2001:db8:2::/47',
      '2001:db8:4::/46',
      '2001:db8:8::/45',
      '2001:db8:10::/44',
      '2001:db8:20::/43',
      '2001:db8:40::/42',
      '2001:db8:80::/41',
      '2001:db8:100::/40',
      '2001:db8:200::/39',
      '2001:db8:400::/38',
      '2001:db8:800::/37',
      '2001:db8:1000::/36',
      '2001:db8:2000::/35',
      '2001:db8:4000::/34',
      '2001:db8:8000::/33',
    ]);
    expect(out.rules[0]).toMatchObject({
      unresolved: ['pods [tier in (web, edge), !canary]', 'named port http'],
      conditions: [
        'to pods [tier in (web, edge), !canary] in namespace shop',
        'from ipBlock 2001:db8::/32 except 2001:db8:1::/48',
        'named port http (resolved per pod)',
      ],
    });
    expect(out.rules[2]?.unresolved).toEqual([
      'pods [tier in (web, edge), !canary]',
      'pods [app=monitor] in all namespaces',
      'named port http',
    ]);
    expect(out.rules[4]?.conditions).toEqual(['from pods [tier in (web, edge), !canary] in namespace shop']);
    expect(out.notes.map((n) => [n.line, n.what])).toEqual([
      [1, 'document 1: Deployment (apps/v1) is not a networking.k8s.io NetworkPolicy; skipped'],
      [11, 'NetworkPolicy shop/web-in: field "futureField" not understood (true)'],
      [29, 'document 3: NetworkPolicy (projectcalico.org/v3) is not a networking.k8s.io NetworkPolicy; skipped'],
    ]);
    expect(parseWith(k8sNetworkPolicy, MANIFEST, {}, 7)).toEqual(out);
  });

  it('a named port alone admits no resolvable port', () => {
    const text = JSON.stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicyList',
      items: [
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'metrics', namespace: 'ops' },
          spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'metrics' }] }] },
        },
      ],
    });
    expect(k8sNetworkPolicy.detect(text, 'x.json')).toBeGreaterThan(0);
    const out = parseWith(k8sNetworkPolicy, text);
    expect(out.rules).toMatchObject([
      {
        ruleset: 'ops/metrics ingress',
        protocol: 'tcp',
        sources: ['0.0.0.0/0', '::/0'],
        destinationPorts: [],
        unresolved: ['named port metrics'],
      },
    ]);
    expect(out.rules[0]?.lineFrom).toBe(1);
  });

  it('egress rules with policyTypes [Ingress] are ignored, as Kubernetes does, and said so', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]
`;
    const out = parseWith(k8sNetworkPolicy, text);
    expect(out.rules).toEqual([]);
    expect(out.policies.map((p) => p.ruleset)).toEqual(['p ingress']);
    expect(out.notes.map((n) => n.what)).toEqual([
      'NetworkPolicy p: egress rules but policyTypes omits egress; Kubernetes ignores them',
    ]);
  });
});

describe('Kubernetes NetworkPolicy: hostile and wrong input', () => {
  const fails = (input: string | Buffer, message: RegExp) => {
    const err = parseError(() => parseWith(k8sNetworkPolicy, input));
    expect(err.message).toMatch(message);
    return err;
  };

  it('refuses empty input, binary junk, other documents and broken policies', () => {
    fails('', /empty/);
    fails('---\n', /no Kubernetes object/);
    fails(Buffer.from('kind: x\n\u0000\u0001'), /binary data/);
    fails('apiVersion: v1\nkind: Service\nmetadata: {name: s}\n', /no networking.k8s.io NetworkPolicy among 1 objects/);
    fails('<?xml version="1.0"?><nmaprun/>', /no networking.k8s.io NetworkPolicy/);
    fails('kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata: {}\n', /without metadata.name or spec/);
    const err = fails('kind: NetworkPolicy\nspec:\n  podSelector: {\n', /not valid YAML/);
    expect(err.line).toBeGreaterThanOrEqual(3);
  });

  it('refuses alias bombs, self-referencing aliases and custom tags; bounded aliases are fine', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
      'f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]',
      'kind: NetworkPolicy',
    ].join('\n');
    fails(bomb, /aliases expand too far/);
    fails('kind: NetworkPolicy\nspec: &s {ingress: [*s]}\n', /alias refers to a collection that contains it/);
    fails('kind: NetworkPolicy\nspec: !!python/object/apply:os.system [id]\n', /YAML tag .* is refused/);
    fails('kind: NetworkPolicy\nspec: !Ref x\n', /YAML tag !Ref is refused/);
    const shared = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p}
spec:
  podSelector: &sel {matchLabels: {app: a}}
  ingress: [{from: [{podSelector: *sel}]}]
`;
    expect(parseWith(k8sNetworkPolicy, shared).rules[0]?.unresolved).toEqual([
      'pods [app=a]',
      "pods [app=a] in the policy's namespace",
    ]);
  });

  it.skipIf(!corpusAvailable)('refuses or reduces corpus files truncated at several offsets, never widening', () => {
    const text = readFileSync(corpus(CANONICAL), 'utf8');
    const whole = parseWith(k8sNetworkPolicy, text);
    for (const at of [10, 60, 200, 300, 450, text.length - 10]) {
      let cut;
      try {
        cut = parseWith(k8sNetworkPolicy, text.slice(0, at));
      } catch (err) {
        expect((err as Error).name, `cut at ${at}`).toBe('ParseError');
        continue;
      }
      // A cut at a line end can still be valid YAML: then it holds no more than the whole file did.
      expect(cut.rules.length, `cut at ${at}`).toBeLessThanOrEqual(whole.rules.length);
    }
    const list = readFileSync(corpus(LIST), 'utf8');
    expect(() => parseWith(k8sNetworkPolicy, list.slice(0, 30))).toThrow(/NetworkPolicy/);
  });

  it('a wrong-format import through the runner leaves the engagement untouched', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n');
    const store = newEngagement(dir);
    await expect(
      importFile(store, fixedContext(), join(dir, 'svc.yaml'), { format: 'k8s-networkpolicy' }),
    ).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/no networking.k8s.io NetworkPolicy/),
    });
    expectUntouched(store);
    store.close();
  });
});
