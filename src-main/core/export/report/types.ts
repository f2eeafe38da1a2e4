// What the PDF report is made from: plain data read from the engagement (collect*.ts), then laid out by
// the section writers. Keeping the two apart lets the layout stay free of SQL and the data testable.
import type { EvidenceEntry } from '../../store/evidence';
import type { ReviewState } from '../../review/review-store';
import type { InsecureItem, NotApplicableRule } from '../../standard/items';
import type { StandardRule } from '../../standard/schema';
import type { StandardVersion, StandardVersionInfo } from '../../standard/standard-store';
import type { AuditVerdict } from '../../model/engagement';
import type { ReconciliationSection } from './reconciliation';

export interface ReportOptions {
  /** The report's date and the PDF's CreationDate/ModDate (ISO 8601); validations are judged on its day. */
  fixedTime: string;
  assessor: { name: string; organization?: string };
  /** The evidence package this report belongs to, when it is part of one. */
  packageId?: string;
  /** A hash identifying the engagement state (given by the package); the audit head hash otherwise. */
  engagementHash?: string;
  /** Folder holding DejaVuSans.ttf, DejaVuSans-Bold.ttf, DejaVuSans-Oblique.ttf and DejaVuSansMono.ttf. */
  fontsDir: string;
}

export interface EngagementFacts {
  engagementId: string;
  entity: string;
  assessor: string;
  periodStart: string | null;
  periodEnd: string | null;
  scopeNote: string;
  createdAt: string;
  createdBy: string;
  appVersion: string;
  schemaVersion: number;
}

export interface StandardChange {
  what: string;
  detail: string;
}

export interface HostLine {
  asset: string;
  hostIp: string | null;
  names: string[];
  services: string[];
  owner: string | null;
  purpose: string | null;
}

/** Which sources one device's rules admit to hosts of an item, and by which rule lines (hosts alike merged). */
export interface ReachLine {
  hosts: string[];
  device: string;
  anySource: boolean;
  admitted: string[];
  conditional: string[];
  rules: string[];
}

export interface TestLine {
  procedure: string;
  expected: string | null;
  actual: string | null;
  result: string;
  testedOn: string | null;
  tester: string | null;
  proof: string | null;
}

export interface FeatureLine {
  id: string | null;
  kind: string;
  title: string;
  description: string | null;
  hosts: string[];
  implementedBy: string[];
  tickets: string[];
  tests: TestLine[];
  /** Evidence ids this feature cites (implementation and proofs). */
  evidenceRefs: string[];
}

export interface ItemReport {
  /** 1-based position in the report; item sections are numbered by it. */
  index: number;
  item: InsecureItem;
  rule: StandardRule;
  review: ReviewState;
  hosts: HostLine[];
  reach: ReachLine[];
  /** Why some of the reachability is not shown (no rulebase, hosts left out…). */
  reachNotes: string[];
  features: FeatureLine[];
  /** The imports the item was found in, with the evidence id of each file. */
  sources: { importId: number; fileName: string; ref: string | null }[];
}

export interface ImportLine {
  importId: number;
  fileName: string;
  formatLabel: string;
  family: string;
  parserVersion: string;
  sha256: string;
  size: number;
  importedAt: string;
  importedBy: string;
  counts: string;
  noteCount: number;
  notes: string[];
  ref: string | null;
}

export interface AttachmentLine {
  name: string;
  sha256: string;
  size: number;
  addedAt: string;
  addedBy: string;
  ref: string | null;
}

export interface InventorySummary {
  rows: number;
  assets: number;
  insecureRows: number;
  withOwner: number;
  byService: { label: string; value: number }[];
  byItemRule: { label: string; value: number }[];
  bySeverity: { label: string; value: number }[];
  byDisposition: { label: string; value: number }[];
}

export interface AuditSummary {
  verdict: AuditVerdict;
  first: string | null;
  last: string | null;
  byCommand: { command: string; count: number; first: string; last: string }[];
  byActor: { actor: string; count: number }[];
}

export interface WorkpaperLine {
  ref: string;
  type: string;
  title: string;
  version: string | null;
  revisionDate: string | null;
  why: string;
}

export interface ReportData {
  fixedTime: string;
  today: string;
  options: ReportOptions;
  engagement: EngagementFacts;
  standard: {
    current: StandardVersion;
    history: StandardVersionInfo[];
    defaultLabel: string;
    changes: StandardChange[];
  };
  items: ItemReport[];
  notApplicable: NotApplicableRule[];
  readiness: { score: number; ready: number; total: number };
  inventory: InventorySummary;
  imports: ImportLine[];
  attachments: AttachmentLine[];
  evidence: EvidenceEntry[];
  audit: AuditSummary;
  reconciliation: ReconciliationSection;
  workpaper: { a: WorkpaperLine[]; b: WorkpaperLine[] };
}
