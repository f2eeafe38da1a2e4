// The ruleset analysis on hand-built rule lists (inline fixtures written for these tests): shadowed rules
// (covered by one earlier rule or by several together, conflicting or redundant), rules that only look
// covered, unreachable rules and rulesets, any/any allows, and the budget that refuses to guess.
import { describe, expect, it } from 'vitest';
import { blankRule, type Rule, type RuleAction, type RulesetPolicy } from '../../src-main/core/model/rule';
import { analyseRules, compiledDevice, type NetRule, type RuleAnalysis } from '../../src-main/core/net';

const D = 'fw';

function rules(...list: [string, RuleAction, Partial<Rule>?][]): NetRule[] {
  const next = new Map<string, number>();
  return list.map(([ruleset, action, extra], i) => {
    const order = (next.get(ruleset) ?? 0) + 1;
    next.set(ruleset, order);
    return { ...blankRule(D, ruleset, order, action), ...extra, ruleId: i + 1 };
  });
}

const pols = (...names: string[]): RulesetPolicy[] =>
  names.map((ruleset) => ({ device: D, ruleset, policy: 'drop', lineFrom: null }));

function analyse(rs: NetRule[], p: RulesetPolicy[] = pols('in')): RuleAnalysis {
  return analyseRules(compiledDevice(rs, p));
}

const shadowed = (a: RuleAnalysis) => a.shadowed.map((s) => [s.rule.ruleId, s.by.map((b) => b.ruleId), s.conflicting]);

describe('shadowed rules', () => {
  it('finds a rule covered by one earlier rule, and says whether they disagree', () => {
    const a = analyse(
      rules(
        ['in', 'allow', { sources: ['10.0.0.0/8'], protocol: 'tcp', destinationPorts: ['1-1024'] }],
        ['in', 'allow', { sources: ['10.1.0.0/16'], protocol: 'tcp', destinationPorts: ['22'] }],
        ['in', 'drop', { sources: ['10.2.3.4'], protocol: 'tcp', destinationPorts: ['80-90'] }],
        ['in', 'drop', { sources: ['10.2.3.4'], protocol: 'udp', destinationPorts: ['80'] }],
      ),
    );
    expect(shadowed(a)).toEqual([
      [2, [1], false],
      [3, [1], true],
    ]);
  });

  it('finds a rule covered only by several earlier rules together', () => {
    const a = analyse(
      rules(
        ['in', 'deny', { sources: ['10.0.0.0/9'] }],
        ['in', 'log', { sources: ['10.0.0.0/8'] }],
        ['in', 'reject', { sources: ['10.128.0.0/9'], protocol: 'tcp' }],
        ['in', 'reject', { sources: ['10.128.0.0/9'], protocol: 'tcp' }],
        ['in', 'drop', { sources: ['10.128.0.0/9'], protocol: '6', sourcePorts: ['1024-65535'] }],
        ['in', 'drop', { sources: ['10.128.0.0/9'], protocol: 'tcp' }],
        ['in', 'allow', { sources: ['10.0.0.0/8'], protocol: 'tcp', destinationPorts: ['443'] }],
        ['in', 'allow', { sources: ['10.0.0.0/8'], protocol: 'udp', destinationPorts: ['443'] }],
      ),
    );
    // Rule 2 (log) never decides, so it covers nothing; rule 7 needs rules 1 and 3 together.
    expect(shadowed(a)).toEqual([
      [4, [3], false],
      [5, [3], false],
      [6, [3], false],
      [7, [1, 3], true],
    ]);
  });

  it('does not count undecidable rules as covering, nor cover across interfaces', () => {
    const a = analyse(
      rules(
        ['in', 'drop', { conditions: ['ctstate INVALID'] }],
        ['in', 'allow', { sources: ['10.0.0.0/8'] }],
        ['in', 'drop', { interfaces: { in: 'eth0', out: null } }],
        ['in', 'allow', { interfaces: { in: 'eth0', out: null }, protocol: 'tcp' }],
        ['in', 'allow', { interfaces: { in: 'eth1', out: null }, protocol: 'tcp' }],
        ['in', 'allow', { protocol: 'tcp' }],
        ['in', 'allow', { sources: [], unresolved: ['fqdn:example.com'] }],
      ),
    );
    // Rule 2 decides the 10/8 part of rule 4 first, rule 3 the rest.
    expect(shadowed(a)).toEqual([[4, [2, 3], true]]);
  });

  it('covers port-less protocols too: "any protocol, port 80" also matches ICMP', () => {
    const a = analyse(
      rules(
        ['in', 'drop', { destinationPorts: ['80'] }],
        ['in', 'allow', { protocol: 'icmp' }],
        ['in', 'allow', { protocol: 'tcp', destinationPorts: ['80'] }],
        ['in', 'allow', { protocol: 'tcp' }],
      ),
    );
    expect(shadowed(a)).toEqual([
      [2, [1], true],
      [3, [1], true],
    ]);
  });

  it('reports families separately: an IPv4 cover leaves an any-family rule alive', () => {
    const a = analyse(
      rules(
        ['in', 'drop', { sources: ['0.0.0.0/0'], destinations: ['0.0.0.0/0'] }],
        ['in', 'allow', {}],
        ['in', 'allow', { sources: ['::/0'], destinations: ['::/0'] }],
        ['in', 'allow', { sources: ['10.0.0.0/8'], destinations: ['0.0.0.0/0'] }],
      ),
    );
    expect(shadowed(a)).toEqual([
      [3, [2], false],
      [4, [1], true],
    ]);
  });

  it('covers IPv6 rules exactly, down to single addresses', () => {
    const a = analyse(
      rules(
        ['in', 'allow', { sources: ['::/0'], destinations: ['2001:db8:145::/90'], protocol: 'tcp' }],
        [
          'in',
          'deny',
          {
            sources: ['2001:db8:7bb1::/120'],
            destinations: ['2001:db8:145::/98'],
            protocol: 'tcp',
            destinationPorts: ['1521'],
          },
        ],
        ['in', 'deny', { sources: ['2001:db8::1'], destinations: ['2001:db8:145::/89'], protocol: 'tcp' }],
        ['in', 'deny', { sources: ['2001:db8::2'], destinations: ['2001:db8:145::40:0:1'], protocol: 'tcp' }],
      ),
    );
    // Rule 3's destination is twice rule 1's: not covered. Rule 4's single address lies outside /90.
    expect(shadowed(a)).toEqual([[2, [1], true]]);
  });

  it('says "undetermined" rather than guess when the remainder grows past its budget', () => {
    const many: [string, RuleAction, Partial<Rule>][] = [];
    for (let i = 0; i < 700; i++)
      many.push([
        'in',
        'drop',
        { sources: [`10.${i >> 8}.${i & 255}.0/24`], protocol: 'tcp', destinationPorts: [String(1000 + 2 * i)] },
      ]);
    many.push(['in', 'allow', { protocol: 'tcp' }]);
    const a = analyse(rules(...many));
    expect(a.undetermined.map((r) => r.ruleId)).toEqual([701]);
    expect(a.shadowed).toEqual([]);
  });
});

describe('unreachable rules', () => {
  it('finds rulesets never entered, rules outside what enters, and rules matching nothing', () => {
    const a = analyse(
      rules(
        ['filter/INPUT', 'jump', { target: 'ssh', protocol: 'tcp', destinationPorts: ['22'] }],
        ['filter/INPUT', 'jump', { target: 'dead', sources: ['10.0.0.0/8'] }],
        ['filter/INPUT', 'drop', { sources: ['10.0.0.0/8'] }],
        ['filter/INPUT', 'jump', { target: 'dead', sources: ['10.1.0.0/16'] }],
        ['filter/INPUT', 'allow', { sources: ['10.0.0.0/8'], destinations: ['::/0'] }],
        ['filter/ssh', 'allow', { protocol: 'tcp', sources: ['192.168.0.0/16'] }],
        ['filter/ssh', 'allow', { protocol: 'udp' }],
        ['filter/ssh', 'allow', { protocol: 'tcp', destinationPorts: ['80'] }],
        ['filter/orphan', 'allow', {}],
        ['filter/dead', 'allow', {}],
      ),
      pols('filter/INPUT'),
    );
    expect(a.roots).toEqual(['filter/INPUT']);
    expect(a.unreachable.map((u) => [u.rule.ruleId, u.reason])).toEqual([
      [5, 'matches-nothing'],
      [7, 'outside-ruleset-entry'],
      [8, 'outside-ruleset-entry'],
      [9, 'ruleset-not-entered'],
    ]);
    // The second jump into "dead" is shadowed by rule 3, but the first one enters it.
    expect(shadowed(a)).toEqual([[4, [3], false]]);
  });

  it('lists any/any allows with their scope', () => {
    const a = analyse(
      rules(
        ['in', 'allow', { interfaces: { in: 'lo', out: null } }],
        ['in', 'allow', { protocol: 'tcp', destinationPorts: ['443'] }],
        ['in', 'allow', { sources: ['10.0.0.0/8'] }],
        ['in', 'allow', { conditions: ['ctstate ESTABLISHED'] }],
      ),
    );
    expect(a.anyAnyAllows.map((x) => [x.rule.ruleId, x.allServices, x.scope])).toEqual([
      [1, true, ['in lo']],
      [2, false, []],
    ]);
  });
});
