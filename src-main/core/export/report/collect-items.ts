// One entry per insecure item for the report: the item as classified, its review record judged on the
// report's day, its hosts with owner and purpose, where rules allow it, and each security feature with
// where it is implemented and how it was tested, all resolved to evidence ids.
import type { Database } from 'better-sqlite3';
import { queryInventory } from '../../inventory/inventory';
import { reviewState } from '../../review/review-store';
import type { SecurityFeature } from '../../review/model';
import { listItems } from '../../standard/items';
import type { StandardDocument } from '../../standard/schema';
import type { EvidenceIndex } from './evidence-index';
import { ReachIndex } from './reach';
import type { FeatureLine, HostLine, ItemReport } from './types';

/** Hosts listed per item; the rest are counted (the evidence package carries them all). */
export const MAX_HOSTS_LISTED = 40;

function featureLine(f: SecurityFeature, index: EvidenceIndex): FeatureLine {
  const refs = new Set<string>();
  const implementedBy = f.implementedBy.map((l) => {
    const d = index.describeLink(l);
    d.refs.forEach((r) => refs.add(r));
    return d.text;
  });
  const tests = f.tests.map((t) => {
    const proof = t.proof ? index.describeProof(t.proof) : null;
    proof?.refs.forEach((r) => refs.add(r));
    return {
      procedure: t.procedure,
      expected: t.expected,
      actual: t.actual,
      result: t.result,
      testedOn: t.testedOn,
      tester: t.tester,
      proof: proof?.text ?? null,
    };
  });
  return {
    id: f.id ?? null,
    kind: f.kind,
    title: f.title,
    description: f.description,
    hosts: f.hosts,
    implementedBy,
    tickets: f.tickets ?? [],
    tests,
    evidenceRefs: [...refs].sort(),
  };
}

function hostsOf(db: Database, doc: StandardDocument, ruleId: string, proto: string, port: number): HostLine[] {
  const page = queryInventory(
    db,
    doc,
    { proto, port, insecure: true },
    { sort: 'asset', descending: false, offset: 0, limit: MAX_HOSTS_LISTED * 5 },
  );
  return page.rows
    .filter((r) => r.insecure.some((i) => i.ruleId === ruleId))
    .slice(0, MAX_HOSTS_LISTED)
    .map((r) => ({
      asset: r.asset,
      hostIp: r.hostIp,
      names: r.hostNames,
      services: r.services,
      owner: r.owner,
      purpose: r.purpose,
    }));
}

export function collectItems(
  db: Database,
  doc: StandardDocument,
  standardVersion: number,
  today: string,
  index: EvidenceIndex,
) {
  const list = listItems(db, doc, standardVersion);
  const rules = new Map(doc.rules.map((r) => [r.id, r]));
  const reach = new ReachIndex(db);
  const items: ItemReport[] = list.items.map((item, i) => {
    const review = reviewState(db, item.key, today, doc.inUseStates);
    const hosts = hostsOf(db, doc, item.ruleId, item.proto, item.port);
    const where = reach.forItem(hosts, item.proto, item.port);
    return {
      index: i + 1,
      item,
      rule: rules.get(item.ruleId)!,
      review,
      hosts,
      reach: where.lines,
      reachNotes: where.notes,
      features: review.record.features.map((f) => featureLine(f, index)),
      sources: item.sources.map((s) => ({
        importId: s.importId,
        fileName: s.fileName,
        ref: index.refOfImport(s.importId),
      })),
    };
  });
  return { items, notApplicable: list.notApplicable };
}
