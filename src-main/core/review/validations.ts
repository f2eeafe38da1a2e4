// What is still missing before an insecure item is audit-ready, each with a plain-language fix. Pure:
// the caller supplies the record, today's date and facts about what the record links to.
import { AddressSet } from '../net/index';
import { samePerson, type ReviewRecord, type SecurityFeature } from './model';

export type ValidationSeverity = 'blocker' | 'advice';

export interface ValidationIssue {
  code: string;
  severity: ValidationSeverity;
  message: string;
  fix: string;
  /** Index of the feature the issue is about, when it is about one. */
  feature?: number;
}

export interface LinkedRule {
  action: string;
  sources: string[];
  sourcesNegated: boolean;
  label: string;
}

export interface ValidationContext {
  /** The day the record is judged on (YYYY-MM-DD): today, so an exception that has lapsed shows as expired. */
  today: string;
  /** Rules the record links to, by rule id. */
  rules: ReadonlyMap<number, LinkedRule>;
  /** Whether an import later than the item's findings shows its port no longer in use. */
  closedLater: boolean;
  /** Linked change tickets that are closed (implemented), by key. */
  closedTickets?: readonly string[];
  /** Allowlists admitting more source addresses than this are too broad (default: more than a /16). */
  maxAllowlistAddresses?: bigint;
}

const DEFAULT_MAX_ALLOWLIST = 65_536n;

function issue(
  code: string,
  severity: ValidationSeverity,
  message: string,
  fix: string,
  feature?: number,
): ValidationIssue {
  return feature === undefined ? { code, severity, message, fix } : { code, severity, message, fix, feature };
}

export function validateReview(record: ReviewRecord, ctx: ValidationContext): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (record.disposition === null) {
    out.push(
      issue(
        'no-disposition',
        'blocker',
        'No decision yet on what happens to this service.',
        'Choose disable (preferred), replace with a secure protocol, or constrain and secure it.',
      ),
    );
    return out;
  }
  if (record.disposition === 'disable' || record.disposition === 'replace') {
    // Proof of closure: a later scan showing the port gone, or a closed change ticket that did it.
    const ticketProof = (ctx.closedTickets ?? []).some((k) => record.tickets.includes(k));
    if (!ctx.closedLater && !ticketProof) {
      out.push(
        issue(
          'no-closure-proof',
          record.disposition === 'disable' ? 'blocker' : 'advice',
          record.disposition === 'disable'
            ? 'Nothing shows the service was disabled.'
            : 'Nothing shows the insecure service was retired yet.',
          'Import a later scan or host listing in which the port is no longer open, or link the closed change ticket.',
        ),
      );
    }
  }
  if (record.disposition === 'replace') {
    if (!record.replacementPlan) {
      out.push(
        issue(
          'no-replacement-plan',
          'blocker',
          'The replacement has no plan.',
          'Describe the secure replacement and the migration steps.',
        ),
      );
    }
    if (!record.targetDate) {
      out.push(
        issue(
          'no-target-date',
          'blocker',
          'The replacement has no target date.',
          'Set the date by which the insecure service will be gone.',
        ),
      );
    } else if (record.targetDate < ctx.today && !ctx.closedLater) {
      out.push(
        issue(
          'target-passed',
          'blocker',
          `The target date ${record.targetDate} has passed and the service is still in use.`,
          'Record the new date with its approval, or import the scan that shows it closed.',
        ),
      );
    }
  }
  if (record.disposition === 'constrain') out.push(...constrainIssues(record, ctx));
  return out;
}

function constrainIssues(record: ReviewRecord, ctx: ValidationContext): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (!record.justification) {
    out.push(
      issue(
        'no-justification',
        'blocker',
        'No business justification.',
        'Say why the business needs this insecure service.',
      ),
    );
  }
  if (!record.owner)
    out.push(issue('no-owner', 'blocker', 'No system owner.', 'Name the owner accountable for the service.'));
  if (!record.approver) {
    out.push(
      issue('no-approver', 'blocker', 'No security approver.', 'Name who approved the exception (not the requester).'),
    );
  } else if (samePerson(record.approver, record.requester)) {
    out.push(
      issue(
        'approver-is-requester',
        'blocker',
        `The approver (${record.approver}) is also the requester.`,
        'Have someone other than the requester approve the exception.',
      ),
    );
  }
  if (!record.expiryDate) {
    out.push(
      issue(
        'no-expiry',
        'blocker',
        'The exception never expires.',
        'Set an expiry date so the exception is reviewed, not forgotten.',
      ),
    );
  } else if (record.expiryDate < ctx.today) {
    out.push(
      issue(
        'expired',
        'blocker',
        `The exception expired on ${record.expiryDate}.`,
        'Review it and record the renewal, or retire the service.',
      ),
    );
  }
  if (record.reviewCadenceDays === null) {
    out.push(
      issue(
        'no-review-cadence',
        'advice',
        'No review cadence.',
        'Say how often the exception is reviewed (e.g. every 180 days).',
      ),
    );
  }
  if (record.status !== 'approved') {
    out.push(
      issue(
        'not-approved',
        'blocker',
        `The exception is ${record.status}, not approved.`,
        'Record the approval once the approver has signed it off.',
      ),
    );
  }
  if (record.features.length === 0) {
    out.push(
      issue(
        'no-features',
        'blocker',
        'No security features are defined.',
        'Add the features that mitigate the risk: allowlist, MFA, tunnel, logging…',
      ),
    );
  }
  record.features.forEach((f, i) => out.push(...featureIssues(f, i, ctx)));
  if (record.thirdParty) {
    const name = record.thirdParty.toLowerCase();
    const own = record.features.some((f) => `${f.title} ${f.description ?? ''}`.toLowerCase().includes(name));
    if (!own) {
      out.push(
        issue(
          'third-party-without-features',
          'blocker',
          `Access by ${record.thirdParty} has no security features of its own.`,
          `Add a feature for ${record.thirdParty}'s access (its source addresses, its own credentials, its monitoring).`,
        ),
      );
    }
  }
  return out;
}

function featureIssues(f: SecurityFeature, i: number, ctx: ValidationContext): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const name = `"${f.title}"`;
  if (f.implementedBy.length === 0) {
    out.push(
      issue(
        'feature-not-located',
        'blocker',
        `${name} does not say where it is implemented.`,
        'Link the rule lines, configuration file or note that implement it.',
        i,
      ),
    );
  }
  if (f.tests.some((t) => t.result === 'fail')) {
    out.push(
      issue(
        'test-failed',
        'blocker',
        `A test of ${name} failed.`,
        'Fix the control and test it again; keep the failed test on record.',
        i,
      ),
    );
  } else if (!f.tests.some((t) => t.result === 'pass' && t.proof !== null)) {
    out.push(
      issue(
        'feature-untested',
        'blocker',
        `${name} has no passed test with proof.`,
        'Record how it was tested, the result, and attach the proof (screenshot, log, later scan).',
        i,
      ),
    );
  }
  if (f.kind === 'network') {
    const max = ctx.maxAllowlistAddresses ?? DEFAULT_MAX_ALLOWLIST;
    for (const link of f.implementedBy) {
      if (link.kind !== 'rule') continue;
      const rule = ctx.rules.get(link.ruleId);
      if (!rule || rule.action !== 'allow') continue;
      const { set } = AddressSet.tryParse(rule.sources);
      const admitted = rule.sourcesNegated ? AddressSet.ANY.subtract(set) : set;
      if (admitted.sizeV4() === AddressSet.ANY.sizeV4() || admitted.sizeV6() === AddressSet.ANY.sizeV6()) {
        out.push(
          issue(
            'allowlist-any',
            'blocker',
            `${rule.label} admits any source.`,
            'Restrict the rule to the named sources or jump hosts that need the service.',
            i,
          ),
        );
      } else if (admitted.size() > max) {
        out.push(
          issue(
            'allowlist-too-broad',
            'blocker',
            `${rule.label} admits ${admitted.size().toLocaleString('en')} source addresses (more than ${max.toLocaleString('en')}).`,
            'Narrow the allowlist to the hosts that need the service, or record why the range is needed.',
            i,
          ),
        );
      }
    }
  }
  return out;
}

/** Audit-ready when nothing blocks it. */
export function isAuditReady(issues: readonly ValidationIssue[]): boolean {
  return !issues.some((i) => i.severity === 'blocker');
}
