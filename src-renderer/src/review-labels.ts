// Words the Review tab shows for the review record's codes, and how it names what a record links to.
import type {
  Disposition,
  EvidenceEntry,
  ExceptionStatus,
  FeatureKind,
  ImportRecord,
  ImplementationLink,
  Proof,
  StoredFile,
  StoredRule,
  TestResult,
  TicketSuggestionRow,
} from './api/types';
import { formatLines, shortHash } from './format';

export const dispositions: readonly Disposition[] = ['disable', 'replace', 'constrain'];

export const dispositionLabels: Record<Disposition, string> = {
  disable: 'Disable',
  replace: 'Replace',
  constrain: 'Constrain and secure',
};

export const dispositionHints: Record<Disposition, string> = {
  disable: 'Turn the service off. A later scan or host listing showing the port closed is the proof.',
  replace: 'Move to a secure protocol (SFTP, SSH, HTTPS…), with a plan and a target date.',
  constrain:
    'Keep it, with a business justification, an approved exception and security features that mitigate the risk.',
};

export const statuses: readonly ExceptionStatus[] = ['draft', 'in-review', 'approved', 'expired', 'retired'];

export const statusLabels: Record<ExceptionStatus, string> = {
  draft: 'Draft',
  'in-review': 'In review',
  approved: 'Approved',
  expired: 'Expired',
  retired: 'Retired',
};

export const featureKinds: readonly FeatureKind[] = [
  'network',
  'authentication',
  'encryption',
  'hardening',
  'monitoring',
  'time-bound',
];

export const featureKindLabels: Record<FeatureKind, string> = {
  network: 'Network restriction',
  authentication: 'Authentication',
  encryption: 'Encryption or tunnel',
  hardening: 'Hardening',
  monitoring: 'Monitoring and logging',
  'time-bound': 'Time-bound access',
};

export const testResults: readonly TestResult[] = ['not-run', 'pass', 'fail'];

export const testResultLabels: Record<TestResult, string> = { 'not-run': 'Not run', pass: 'Pass', fail: 'Fail' };

/** "fw1 filter/INPUT #1" as the core names a rule line in its validations. */
export function ruleName(rule: Pick<StoredRule, 'device' | 'ruleset' | 'order'>): string {
  return `${rule.device} ${rule.ruleset} #${rule.order}`;
}

/** "allow tcp 21 from 10.20.30.40/32 · line 6": what a rule line does, in one line. */
export function ruleGist(rule: StoredRule): string {
  const sources = rule.sources.length === 0 ? 'any' : rule.sources.join(', ');
  const ports = rule.destinationPorts ? ` ${rule.destinationPorts.join(',')}` : '';
  const where = formatLines(rule.lineFrom, rule.lineTo);
  return `${rule.action} ${rule.protocol}${ports} from ${rule.sourcesNegated ? 'not ' : ''}${sources}${
    where ? ` · ${where}` : ''
  }`;
}

export function fileName(files: readonly StoredFile[], sha256: string): string {
  const file = files.find((f) => f.sha256 === sha256);
  return file ? `${file.name} (${shortHash(sha256)})` : `stored file ${shortHash(sha256)}`;
}

export function importName(imports: readonly ImportRecord[], importId: number): string {
  const rec = imports.find((i) => i.importId === importId);
  return rec ? `#${importId} ${rec.fileName} (${rec.formatLabel})` : `import #${importId}`;
}

/** "E-004 Firewall change record": an entry of the evidence register by its ref. */
export function evidenceName(evidence: readonly EvidenceEntry[] | null, ref: string): string {
  const entry = evidence?.find((e) => e.ref === ref);
  return entry ? `${ref} ${entry.title}` : ref;
}

/** A stored file with the evidence ref it was registered under, when the register is at hand. */
function citedFile(files: readonly StoredFile[], evidence: readonly EvidenceEntry[] | null, sha256: string): string {
  const ref = evidence?.find((e) => e.file?.sha256 === sha256)?.ref;
  return ref ? `${ref} · ${fileName(files, sha256)}` : fileName(files, sha256);
}

/** What a link points to, for people. */
export function linkText(
  link: ImplementationLink,
  rules: readonly StoredRule[] | null,
  files: readonly StoredFile[],
  evidence: readonly EvidenceEntry[] | null,
): string {
  if (link.kind === 'note') return link.text;
  if (link.kind === 'file') return citedFile(files, evidence, link.sha256);
  if (link.kind === 'evidence') return evidenceName(evidence, link.ref);
  const rule = rules?.find((r) => r.ruleId === link.ruleId);
  return rule ? `Rule ${ruleName(rule)}: ${ruleGist(rule)}` : `Rule id ${link.ruleId}`;
}

export function proofText(
  proof: Proof,
  files: readonly StoredFile[],
  imports: readonly ImportRecord[],
  evidence: readonly EvidenceEntry[] | null,
): string {
  if (proof.kind === 'file') return citedFile(files, evidence, proof.sha256);
  if (proof.kind === 'evidence') return evidenceName(evidence, proof.ref);
  return `Later import ${importName(imports, proof.importId)}`;
}

/** The ticket mentions of the rule lines these links point to. */
export function suggestionsFor(
  suggestions: readonly TicketSuggestionRow[],
  links: readonly ImplementationLink[],
): TicketSuggestionRow[] {
  const ruleIds = new Set(links.flatMap((l) => (l.kind === 'rule' ? [l.ruleId] : [])));
  return suggestions.filter((s) => ruleIds.has(s.ruleId));
}
