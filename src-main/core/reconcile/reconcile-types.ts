// What a reconciliation answers: "what is open" against "what is documented", in six categories, each a
// list of rows with enough to act on (item, host, port, the imports and rule lines behind it, the dates)
// and a plain-language finding and action. Plain data; no I/O.

export const RECONCILE_CATEGORIES = [
  'open-without-exception',
  'stale',
  'allowed-never-observed',
  'observed-not-admitted',
  'expiring',
  'disposed-still-observed',
] as const;
export type ReconcileCategoryId = (typeof RECONCILE_CATEGORIES)[number];

/** Titles and the question each category answers, as the CLI and the screen show them. */
export const CATEGORY_INFO: Record<ReconcileCategoryId, { title: string; question: string }> = {
  'open-without-exception': {
    title: 'Open without an approved exception',
    question:
      'Insecure services open in the current snapshot with no decision, or kept under an exception not approved.',
  },
  stale: {
    title: 'Stale exceptions and inventory entries',
    question: 'Approved exceptions and inventory entries whose port the latest scan of the host no longer finds open.',
  },
  'allowed-never-observed': {
    title: 'Allowed but never observed',
    question: 'Allow rules admitting an insecure service toward scanned destinations where no scan ever found it open.',
  },
  'observed-not-admitted': {
    title: 'Observed but not admitted by any rule',
    question: 'Insecure services open now that no imported rule admits from any source.',
  },
  expiring: {
    title: 'Exceptions expired or expiring',
    question: 'Exceptions past their expiry date or expiring within the window.',
  },
  'disposed-still-observed': {
    title: 'Disabled or replaced, still open',
    question: 'Services decided to be disabled or replaced that are still open after the decision.',
  },
};

/** An insecure item on one host; an exception as a whole; an inventory entry; a rule line. */
export type ReconcileRowKind = 'endpoint' | 'exception' | 'inventory' | 'rule';

export interface ReconcileRow {
  kind: ReconcileRowKind;
  /** The insecure item ("telnet|23/tcp"); null for inventory entries and rule lines. */
  itemKey: string | null;
  /** The standard rule's title, the inventory entry's service, or the rule line's label. */
  title: string;
  /** The asset (address or host name); for a rule line, its destinations ("any" or CIDRs). */
  host: string | null;
  /** "23/tcp"; for a rule line, the insecure ports it admits that were never seen ("25/tcp, 80/tcp"). */
  endpoint: string | null;
  services: string[];
  /** Imports that saw the port in use (the rulebase import for a rule line). */
  importIds: number[];
  /** Rule lines: those admitting traffic to the endpoint, or the rule line the row is about. */
  ruleIds: number[];
  rules: string[];
  disposition: 'disable' | 'replace' | 'constrain' | null;
  status: 'draft' | 'in-review' | 'approved' | 'expired' | 'retired' | null;
  owner: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
  decisionDate: string | null;
  expiryDate: string | null;
  targetDate: string | null;
  /** Days from the as-of date to the expiry date; negative once it has passed. */
  daysLeft: number | null;
  /** What was found, in plain words. */
  finding: string;
  /** What to do about it. */
  action: string;
}

export interface ReconcileCategory {
  id: ReconcileCategoryId;
  title: string;
  question: string;
  /** 'no-rulebase': the category needs an imported rulebase and there is none (not an empty success). */
  state: 'done' | 'no-rulebase';
  /** Every row the category has (rows may be cut to the requested limit). */
  count: number;
  rows: ReconcileRow[];
  truncated: boolean;
  /** Assumptions made and what was left unjudged, in plain words. */
  notes: string[];
}

export interface Reconciliation {
  asOf: string;
  days: number;
  standardVersion: number;
  snapshot: {
    /** Imports whose hosts count as scanned (port scanners, vulnerability scanners, host listings). */
    scanImports: number;
    /** Hosts (assets) at least one of them covered. */
    hostsCovered: number;
    /** Devices whose latest imported rulebase was read. */
    devices: number;
  };
  categories: ReconcileCategory[];
}

export interface ReconcileOptions {
  /** The day the exceptions are judged on (YYYY-MM-DD). */
  asOf: string;
  /** The expiry window in days. */
  days: number;
  categories: readonly ReconcileCategoryId[];
  /** Rows kept per category (counts are always complete); absent = all. */
  limit?: number;
}
