// The insecure items as the package carries them: each item with its review record, what is still
// missing (judged on the export day, so the same state gives the same answer), the hosts behind it and
// the stored evidence; plus the items table (items.csv and the workbook's items sheet).
import type { Database } from 'better-sqlite3';
import { reviewState, type ReviewState } from '../../review/review-store';
import { ASSET_SQL } from '../../standard/assets';
import { listItems, parseItemKey, type InsecureItem, type NotApplicableRule } from '../../standard/items';
import type { StandardVersion } from '../../standard/standard-store';
import type { Table } from './table';

export interface ItemHostLine {
  host: string;
  hostIp: string | null;
  hostNames: string[];
  state: string;
  service: string | null;
  product: string | null;
  version: string | null;
  importId: number;
  basis: string;
  label: string;
}

export interface ExportedItem {
  item: InsecureItem;
  review: ReviewState;
  hosts: ItemHostLine[];
}

export interface ExportedItems {
  standardVersion: number;
  items: ExportedItem[];
  notApplicable: NotApplicableRule[];
}

export function collectItems(db: Database, standard: StandardVersion, today: string): ExportedItems {
  const list = listItems(db, standard.document, standard.version);
  const hostsOf = db.prepare(
    `SELECT ${ASSET_SQL} AS host, o.host_ip, o.host_names, o.state, o.service, o.product, o.version,
       o.import_id, f.basis, f.label
     FROM finding f JOIN observation o ON o.id = f.observation_id
     WHERE f.rule_id = ? AND o.proto = ? AND o.port = ? ORDER BY o.import_id, f.observation_id`,
  );
  const items = list.items.map((item) => {
    const k = parseItemKey(item.key);
    const rows = (k ? hostsOf.all(k.ruleId, k.proto, k.port) : []) as {
      host: string;
      host_ip: string | null;
      host_names: string;
      state: string;
      service: string | null;
      product: string | null;
      version: string | null;
      import_id: number;
      basis: number | string;
      label: string;
    }[];
    const hosts = rows.map((r) => ({
      host: r.host,
      hostIp: r.host_ip,
      hostNames: JSON.parse(r.host_names) as string[],
      state: r.state,
      service: r.service,
      product: r.product,
      version: r.version,
      importId: r.import_id,
      basis: ({ 3: 'fact', 2: 'service', 1: 'port' } as Record<string, string>)[String(r.basis)] ?? String(r.basis),
      label: r.label,
    }));
    return { item, review: reviewState(db, item.key, today, standard.document.inUseStates), hosts };
  });
  return { standardVersion: standard.version, items, notApplicable: list.notApplicable };
}

export function itemsTable(data: ExportedItems): Table {
  return {
    name: 'items',
    columns: [
      'key',
      'title',
      'severity',
      'proto',
      'port',
      'services',
      'hosts',
      'observations',
      'networks',
      'basis',
      'disposition',
      'status',
      'audit_ready',
      'blockers',
      'owner',
      'approver',
      'expiry_date',
      'justification',
      'features',
      'tests_passed',
      'tests_total',
      'first_seen',
      'last_seen',
      'summary',
    ],
    *rows() {
      for (const { item, review } of data.items) {
        const r = review.record;
        const tests = r.features.flatMap((f) => f.tests);
        yield [
          item.key,
          item.title,
          item.severity,
          item.proto,
          item.port,
          item.services.join(' '),
          item.hostCount,
          item.observationCount,
          item.networks.map((n) => `${n.network} (${n.hosts})`).join('; '),
          item.basis,
          r.disposition,
          r.status,
          review.auditReady,
          review.issues.filter((i) => i.severity === 'blocker').length,
          r.owner,
          r.approver,
          r.expiryDate,
          r.justification,
          r.features.map((f) => `${f.id ?? '?'} ${f.title}`).join('; '),
          tests.filter((t) => t.result === 'pass').length,
          tests.length,
          item.firstSeen,
          item.lastSeen,
          item.summary,
        ];
      }
    },
  };
}

/** items.json: everything above, as data. */
export function itemsJson(data: ExportedItems, packagePathOfImport: ReadonlyMap<number, string>): unknown {
  return {
    standardVersion: data.standardVersion,
    items: data.items.map(({ item, review, hosts }) => ({
      ...item,
      sources: item.sources.map((s) => ({ ...s, packagePath: packagePathOfImport.get(s.importId) ?? null })),
      review: {
        saved: review.saved,
        updatedAt: review.updatedAt,
        updatedBy: review.updatedBy,
        record: review.record,
        auditReady: review.auditReady,
        issues: review.issues,
      },
      hosts,
    })),
    notApplicable: data.notApplicable,
  };
}
