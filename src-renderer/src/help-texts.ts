// Context help for each step of the walk-through: which part of PCI DSS v4.0.1 Requirement 1.2.6 it
// serves and what an auditor looks for, in plain language (see docs DOMAIN.md). Shown collapsed under
// "Why this matters" so the screens stay calm. Text only; nothing here is rendered as markup.

export type HelpTopic = 'decision' | 'people' | 'features' | 'tests' | 'testPlan' | 'evidence' | 'reconcile';

export interface HelpText {
  /** What the step is, for screen readers ("Why this matters: the decision"). */
  step: string;
  /** The part of the requirement, e.g. "Req. 1.2.6, testing procedure 1.2.6.b". */
  requirement: string;
  serves: string;
  auditor: string;
}

export const helpTexts: Record<HelpTopic, HelpText> = {
  decision: {
    step: 'the decision',
    requirement: 'Req. 1.2.6 and its objective',
    serves:
      'every insecure service that is in use is understood and its risk dealt with. Disabling it is preferred; replacing it with a secure protocol, or keeping it behind security features, are the alternatives.',
    auditor:
      'For disable: the listener or rule is gone and a later scan confirms it. For replace: an approved plan, change records and proof that the secure replacement works. For keeping it: a business justification that names what depends on the service and why it cannot go yet.',
  },
  people: {
    step: 'the exception',
    requirement: 'Req. 1.2.6, testing procedure 1.2.6.a',
    serves:
      'the guidance asks the organisation to understand and accept the risk of an insecure service it keeps. The exception record (owner, requester, approver, dates) is that acceptance in writing.',
    auditor:
      'A named owner; an approver who is not the requester; the date of the decision; an expiry, so that a temporary opening does not quietly become permanent; and a review cadence (for example every 180 days) that is kept.',
  },
  features: {
    step: 'the security features',
    requirement: 'Req. 1.2.6, testing procedures 1.2.6.a and 1.2.6.b',
    serves:
      'the heart of the requirement: security features are defined for each insecure item (1.2.6.a, the documentation) and implemented (1.2.6.b, the configuration of the network security controls).',
    auditor:
      'Specific, testable features (a tight allowlist or a jump-host-only path, MFA, a tunnel, hardening, logging with alerts), each linked to the rule lines or configuration that implement it. "Any" sources or broad corporate ranges are frequent findings, and a third party needs features of its own.',
  },
  tests: {
    step: 'the tests',
    requirement: 'Req. 1.2.6, testing procedure 1.2.6.b',
    serves: 'showing that the defined features are really in place. A feature without a test is only a claim.',
    auditor:
      'What was tried, what was expected, what happened, when and by whom, and the proof: a screenshot, a log sample, a later scan. "Mitigated" without test evidence is one of the most common findings.',
  },
  testPlan: {
    step: 'the negative tests',
    requirement: 'Req. 1.2.6, testing procedure 1.2.6.b',
    serves:
      'independent validation: a negative test shows that a source the rules do not admit is really refused, not only that the allowed source gets through.',
    auditor:
      'Tests run from outside the allowlist, the exact command, and the scan output showing the port filtered or closed from there.',
  },
  evidence: {
    step: 'the evidence register',
    requirement: 'Req. 1.2.6, testing procedures 1.2.6.a and 1.2.6.b',
    serves:
      'the Report on Compliance cites evidence by reference number: for 1.2.6.a the documentation examined, for 1.2.6.b the configuration settings examined.',
    auditor:
      'Each item with a title, version, revision date and purpose; interviews with the roles and topics covered; and every file traceable to its reference and unaltered since it was collected.',
  },
  reconcile: {
    step: 'the reconciliation',
    requirement: 'Req. 1.2.6, validating and operating it',
    serves:
      'what the scans show open is compared with what is documented, so that nothing insecure runs without a decision and nothing documented is out of date.',
    auditor:
      'Every insecure service that is open has an approved exception or is on its way out; no stale exceptions or inventory entries; exceptions reviewed before they expire; services decided disabled really closed. Anything open without a record is a finding.',
  },
};
