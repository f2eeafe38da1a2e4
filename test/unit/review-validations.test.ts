// Every validation of a review, one by one: each fires on the record that lacks what it checks, says
// how to fix it, and goes away when the record is complete. Pure: no database.
import { describe, expect, it } from 'vitest';
import { ReviewRecord, samePerson, type ReviewInput } from '../../src-main/core/review/model';
import { isAuditReady, validateReview, type LinkedRule } from '../../src-main/core/review/validations';

const TODAY = '2026-11-27';
const rules = new Map<number, LinkedRule>([
  [
    1,
    {
      action: 'allow',
      sources: ['10.20.30.40/32', '10.20.30.41/32'],
      sourcesNegated: false,
      label: 'Rule fw1 outside_in #1',
    },
  ],
  [2, { action: 'allow', sources: ['0.0.0.0/0'], sourcesNegated: false, label: 'Rule fw1 outside_in #2' }],
  [3, { action: 'allow', sources: ['10.0.0.0/8'], sourcesNegated: false, label: 'Rule fw1 outside_in #3' }],
  [4, { action: 'allow', sources: ['10.0.0.0/8'], sourcesNegated: true, label: 'Rule fw1 outside_in #4' }],
]);

/** A record with nothing missing for 'constrain'. */
const complete: ReviewInput = {
  disposition: 'constrain',
  justification: 'The card terminals of stores 1-40 only speak Telnet to the store controller.',
  dependency: 'POS terminal firmware 4.2',
  owner: 'Store operations',
  requester: 'R. Requester',
  approver: 'A. Approver',
  decisionDate: '2026-02-01',
  expiryDate: '2027-01-31',
  reviewCadenceDays: 180,
  status: 'approved',
  features: [
    {
      kind: 'network',
      title: 'Allowlist: only the two store controllers',
      implementedBy: [{ kind: 'rule', ruleId: 1 }],
      tests: [
        {
          procedure: 'Telnet from a non-allowlisted host in the store VLAN',
          expected: 'Connection refused',
          actual: 'Connection timed out',
          result: 'pass',
          testedOn: '2026-11-20',
          tester: 'QSA',
          proof: { kind: 'import', importId: 7 },
        },
      ],
    },
  ],
};

function codes(input: ReviewInput, ctx: Partial<Parameters<typeof validateReview>[1]> = {}): string[] {
  return validateReview(ReviewRecord.parse(input), { today: TODAY, rules, closedLater: false, ...ctx }).map(
    (i) => i.code,
  );
}

describe('review validations', () => {
  it('a complete constrain + secure record is audit-ready', () => {
    const issues = validateReview(ReviewRecord.parse(complete), { today: TODAY, rules, closedLater: false });
    expect(issues).toEqual([]);
    expect(isAuditReady(issues)).toBe(true);
  });

  it('asks for a disposition first, and nothing else', () => {
    const issues = validateReview(ReviewRecord.parse({}), { today: TODAY, rules, closedLater: false });
    expect(issues).toEqual([
      {
        code: 'no-disposition',
        severity: 'blocker',
        message: 'No decision yet on what happens to this service.',
        fix: 'Choose disable (preferred), replace with a secure protocol, or constrain and secure it.',
      },
    ]);
  });

  it.each([
    ['justification', 'no-justification'],
    ['owner', 'no-owner'],
    ['approver', 'no-approver'],
    ['expiryDate', 'no-expiry'],
    ['reviewCadenceDays', 'no-review-cadence'],
  ] as const)('missing %s -> %s', (field, code) => {
    expect(codes({ ...complete, [field]: null })).toEqual([code]);
  });

  it('the approver must not be the requester, whatever the case and spacing', () => {
    expect(codes({ ...complete, approver: '  r.  REQUESTER ' })).toEqual(['approver-is-requester']);
    expect(samePerson('A  B', 'a b')).toBe(true);
    expect(samePerson(null, null)).toBe(false);
  });

  it('an exception past its expiry, or not approved yet, is not ready', () => {
    expect(codes({ ...complete, expiryDate: '2026-11-26' })).toEqual(['expired']);
    expect(codes({ ...complete, expiryDate: TODAY })).toEqual([]);
    expect(codes({ ...complete, status: 'in-review' })).toEqual(['not-approved']);
  });

  it('needs features, each located and tested with proof; a failed test blocks', () => {
    expect(codes({ ...complete, features: [] })).toEqual(['no-features']);
    const f = complete.features![0]!;
    expect(codes({ ...complete, features: [{ ...f, implementedBy: [] }] })).toEqual(['feature-not-located']);
    expect(codes({ ...complete, features: [{ ...f, tests: [] }] })).toEqual(['feature-untested']);
    expect(codes({ ...complete, features: [{ ...f, tests: [{ ...f.tests![0]!, proof: null }] }] })).toEqual([
      'feature-untested',
    ]);
    expect(codes({ ...complete, features: [{ ...f, tests: [{ ...f.tests![0]!, result: 'not-run' }] }] })).toEqual([
      'feature-untested',
    ]);
    const failed = { ...f.tests![0]!, result: 'fail' as const };
    const issues = validateReview(
      ReviewRecord.parse({ ...complete, features: [{ ...f, tests: [f.tests![0]!, failed] }] }),
      {
        today: TODAY,
        rules,
        closedLater: false,
      },
    );
    expect(issues).toMatchObject([{ code: 'test-failed', feature: 0 }]);
  });

  it('an allowlist that admits any source or more than a /16 is flagged with the rule', () => {
    const f = complete.features![0]!;
    const withRule = (ruleId: number) => ({
      ...complete,
      features: [{ ...f, implementedBy: [{ kind: 'rule' as const, ruleId }] }],
    });
    const any = validateReview(ReviewRecord.parse(withRule(2)), { today: TODAY, rules, closedLater: false });
    expect(any).toMatchObject([{ code: 'allowlist-any', message: 'Rule fw1 outside_in #2 admits any source.' }]);
    expect(codes(withRule(3))).toEqual(['allowlist-too-broad']);
    expect(codes(withRule(3), { maxAllowlistAddresses: 16_777_216n })).toEqual([]);
    // "not 10/8" admits every IPv6 source and most of IPv4: any source.
    expect(codes(withRule(4))).toEqual(['allowlist-any']);
    // Hardening features are not allowlists.
    expect(
      codes({ ...complete, features: [{ ...f, kind: 'hardening', implementedBy: [{ kind: 'rule', ruleId: 2 }] }] }),
    ).toEqual([]);
  });

  it('third-party access needs a feature of its own', () => {
    expect(codes({ ...complete, thirdParty: 'Acme POS Support' })).toEqual(['third-party-without-features']);
    const f = complete.features![0]!;
    expect(
      codes({
        ...complete,
        thirdParty: 'Acme POS Support',
        features: [f, { ...f, title: 'Acme POS Support connects only over the site-to-site VPN' }],
      }),
    ).toEqual([]);
  });

  it('disable needs proof of closure; replace needs a plan and a date, and proof once the date has passed', () => {
    expect(codes({ disposition: 'disable' })).toEqual(['no-closure-proof']);
    expect(codes({ disposition: 'disable' }, { closedLater: true })).toEqual([]);
    // A closed change ticket linked to the decision is proof too; a closed ticket not linked is not.
    expect(codes({ disposition: 'disable', tickets: ['CHG0031877'] }, { closedTickets: ['CHG0031877'] })).toEqual([]);
    expect(codes({ disposition: 'disable' }, { closedTickets: ['CHG0031877'] })).toEqual(['no-closure-proof']);
    expect(codes({ disposition: 'replace' })).toEqual(['no-closure-proof', 'no-replacement-plan', 'no-target-date']);
    const plan = { disposition: 'replace' as const, replacementPlan: 'Move to SSH', targetDate: '2027-03-31' };
    const open = validateReview(ReviewRecord.parse(plan), { today: TODAY, rules, closedLater: false });
    expect(open.map((i) => [i.code, i.severity])).toEqual([['no-closure-proof', 'advice']]);
    expect(isAuditReady(open)).toBe(true);
    expect(codes({ ...plan, targetDate: '2026-10-01' })).toEqual(['no-closure-proof', 'target-passed']);
    expect(codes({ ...plan, targetDate: '2026-10-01' }, { closedLater: true })).toEqual([]);
  });

  it('refuses malformed records with the path of the problem', () => {
    const bad = ReviewRecord.safeParse({ disposition: 'ignore' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['disposition']);
    const link = ReviewRecord.safeParse({
      features: [{ kind: 'network', title: 'x', implementedBy: [{ kind: 'rule', ruleId: 0 }] }],
    });
    expect(link.error?.issues[0]?.path).toEqual(['features', 0, 'implementedBy', 0, 'ruleId']);
  });
});
