// Reads everything the report shows from an engagement whose derived tables are current (the caller runs
// ensureDerived first): engagement facts, the standard in force and how it differs from the shipped one,
// items with reviews and readiness, the inventory summary, imports with parse coverage, attachments, the
// evidence register, the audit log and reconciliation. Read-only: rendering never changes the engagement.
import type { Database } from 'better-sqlite3';
import { formatById } from '../../import/formats';
import { groupInventory } from '../../inventory/inventory';
import { readInventoryState } from '../../inventory/build';
import { PortcullisError } from '../../model/errors';
import { defaultStandard } from '../../standard/default-standard';
import { currentStandard, standardHistory } from '../../standard/standard-store';
import { listEvidence } from '../../store/evidence';
import { schemaVersion } from '../../store/migrations/index';
import { listImports, listParseNotes } from '../../store/observations';
import { auditSummary } from './audit-summary';
import { collectItems } from './collect-items';
import { EvidenceIndex } from './evidence-index';
import { reconciliationSection } from './reconciliation';
import { plural } from './safe-text';
import { standardChanges } from './standard-changes';
import type {
  AttachmentLine,
  EngagementFacts,
  ImportLine,
  InventorySummary,
  ItemReport,
  ReportData,
  ReportOptions,
} from './types';
import { workpaper } from './workpaper';

/** Parse-coverage notes printed per import; the count says how many there are in all. */
export const MAX_NOTES_LISTED = 20;

function engagementFacts(db: Database): EngagementFacts {
  const r = db.prepare('SELECT * FROM engagement WHERE id = 1').get() as Record<string, string | null> | undefined;
  if (!r) throw new PortcullisError('DAMAGED', 'the engagement record is missing');
  return {
    engagementId: r.engagement_id ?? '',
    entity: r.entity ?? '',
    assessor: r.assessor ?? '',
    periodStart: r.period_start ?? null,
    periodEnd: r.period_end ?? null,
    scopeNote: r.scope_note ?? '',
    createdAt: r.created_at ?? '',
    createdBy: r.created_by ?? '',
    appVersion: r.app_version ?? '',
    schemaVersion: schemaVersion(db),
  };
}

function importLines(db: Database, index: EvidenceIndex): ImportLine[] {
  return listImports(db).map((i) => {
    const counts = [
      i.hostCount > 0 && plural(i.hostCount, 'host'),
      i.observationCount > 0 && plural(i.observationCount, 'observation'),
      i.ruleCount > 0 && plural(i.ruleCount, 'rule'),
      i.ticketCount > 0 && plural(i.ticketCount, 'ticket'),
    ].filter(Boolean);
    return {
      importId: i.importId,
      fileName: i.fileName,
      formatLabel: i.formatLabel,
      family: formatById(i.format)?.family ?? 'other',
      parserVersion: i.parserVersion,
      sha256: i.sha256,
      size: i.size,
      importedAt: i.importedAt,
      importedBy: i.importedBy,
      counts: counts.length > 0 ? counts.join(', ') : 'nothing recognised',
      noteCount: i.noteCount,
      notes: listParseNotes(db, i.importId, 0, MAX_NOTES_LISTED).map(
        (n) => `${n.line !== null ? `line ${n.line}${n.column !== null ? `:${n.column}` : ''}: ` : ''}${n.what}`,
      ),
      ref: index.refOfSha(i.sha256),
    };
  });
}

function attachmentLines(index: EvidenceIndex): AttachmentLine[] {
  return index.entries
    .filter((e) => e.file && e.file.role === 'attachment')
    .map((e) => ({
      name: e.file!.name,
      sha256: e.file!.sha256,
      size: e.file!.size,
      addedAt: e.collectedOn,
      addedBy: e.collectedBy,
      ref: e.ref,
    }));
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function inventorySummary(db: Database, items: ItemReport[]): InventorySummary {
  const one = (sql: string) => db.prepare(sql).pluck().get() as number;
  const bySeverity = new Map<string, number>([
    ['high', 0],
    ['medium', 0],
    ['low', 0],
  ]);
  const byDisposition = new Map<string, number>([
    ['no decision', 0],
    ['disable', 0],
    ['replace', 0],
    ['constrain', 0],
  ]);
  const byRule = new Map<string, number>();
  for (const it of items) {
    count(bySeverity, it.item.severity);
    count(byDisposition, it.review.record.disposition ?? 'no decision');
    byRule.set(it.item.title, (byRule.get(it.item.title) ?? 0) + it.item.hostCount);
  }
  const pairs = (m: Map<string, number>) => [...m].map(([label, value]) => ({ label, value }));
  return {
    rows: one('SELECT count(*) FROM inventory'),
    assets: one('SELECT count(DISTINCT asset) FROM inventory'),
    insecureRows: one("SELECT count(*) FROM inventory WHERE insecure <> '[]'"),
    withOwner: one('SELECT count(*) FROM inventory WHERE owner IS NOT NULL'),
    byService: groupInventory(db, {}, 'service', 12).map((g) => ({ label: g.key, value: g.rows })),
    byItemRule: pairs(byRule)
      .sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : 1))
      .slice(0, 12),
    bySeverity: pairs(bySeverity),
    byDisposition: pairs(byDisposition),
  };
}

export function collectReport(db: Database, opts: ReportOptions): ReportData {
  const time = new Date(opts.fixedTime);
  if (Number.isNaN(time.getTime())) {
    throw new PortcullisError('INVALID_REQUEST', `fixedTime: expected an ISO 8601 time, got "${opts.fixedTime}"`);
  }
  const fixedTime = time.toISOString();
  const today = fixedTime.slice(0, 10);
  const current = currentStandard(db);
  const maxObservation = db.prepare('SELECT coalesce(max(id), 0) FROM observation').pluck().get() as number;
  const state = readInventoryState(db);
  if (
    !current ||
    !state ||
    state.standard_version !== current.version ||
    state.through_observation !== maxObservation
  ) {
    throw new PortcullisError(
      'INTERNAL',
      'the report needs the classification and inventory brought up to date first (ensureDerived)',
    );
  }
  const shipped = defaultStandard();
  const index = new EvidenceIndex(db, listEvidence(db));
  const { items, notApplicable } = collectItems(db, current.document, current.version, today, index);
  const ready = items.filter((i) => i.review.auditReady).length;
  return {
    fixedTime,
    today,
    options: opts,
    engagement: engagementFacts(db),
    standard: {
      current,
      history: standardHistory(db),
      defaultLabel: `${shipped.id} version ${shipped.version}`,
      changes: standardChanges(current.document, shipped),
    },
    items,
    notApplicable,
    readiness: {
      score: items.length === 0 ? 100 : Math.round((ready / items.length) * 100),
      ready,
      total: items.length,
    },
    inventory: inventorySummary(db, items),
    imports: importLines(db, index),
    attachments: attachmentLines(index),
    evidence: index.entries,
    audit: auditSummary(db),
    reconciliation: reconciliationSection(db, current.document, current.version, today),
    workpaper: workpaper(items, index),
  };
}
