// One line of a package verification: what was checked, pass / fail / warn, and every problem found.

export type CheckStatus = 'pass' | 'fail' | 'warn';

export interface VerifyCheck {
  name: string;
  status: CheckStatus;
  /** True only for a pass; a warning is not a pass. */
  ok: boolean;
  detail: string;
  /** Every problem found, when there are several (each names the file). */
  problems: string[];
}

export function check(name: string, status: CheckStatus, detail: string, problems: string[] = []): VerifyCheck {
  return { name, status, ok: status === 'pass', detail, problems };
}

/** A check that passes when `problems` is empty, else fails with the first problem as its detail. */
export function checkOf(name: string, problems: string[], passDetail: string): VerifyCheck {
  return problems.length === 0
    ? check(name, 'pass', passDetail)
    : check(
        name,
        'fail',
        problems.length === 1 ? problems[0]! : `${problems[0]!} (and ${problems.length - 1} more)`,
        problems,
      );
}
