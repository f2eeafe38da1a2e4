// Validation test plans: for each network-constraint feature, negative tests derived from the
// reachability model. The rule lines the feature links to say which device enforces it; for each of the
// item's hosts that device admits some sources (or may, under conditions). A test is a scan from a source
// outside that set — a vantage point the assessor names, or sample addresses just outside the admitted
// blocks — expecting the port filtered or closed. Generating is idempotent: a case is kept once planned.
import type { Database } from 'better-sqlite3';
import { PortcullisError } from '../model/errors';
import { AddressSet, formatV4, parseAddress, parseBlock } from '../net/index';
import { ReviewRecord } from '../review/model';
import { ASSET_SQL } from '../standard/assets';
import { parseItemKey } from '../standard/items';

export interface Vantage {
  /** What the assessor calls the place the scan runs from ("store VLAN jump host"). */
  name: string;
  address: string;
}

/** What the net module answers for one device, destination and service. */
export interface ReachAnswer {
  admittedCidrs: string[];
  conditionalCidrs: string[];
}

export type ReachFn = (q: {
  device: string;
  importId: number;
  destination: string;
  proto: string;
  port: number;
}) => ReachAnswer;

export interface CaseDraft {
  itemKey: string;
  featureId: string;
  device: string;
  ruleImportId: number;
  vantage: string;
  source: string;
  target: string;
  proto: string;
  port: number;
  /** The blocks that are, or may be, admitted (the test's source lies outside all of them). */
  admitted: string[];
}

export interface PlanGap {
  itemKey: string;
  featureId: string | null;
  message: string;
}

/** Sample sources per host and device when no vantage point is named. */
const SAMPLES = 3;

interface FeatureRef {
  itemKey: string;
  featureId: string;
  title: string;
  hosts: string[];
  ruleIds: number[];
}

function networkFeatures(db: Database, itemKey: string | undefined): FeatureRef[] {
  const rows = (
    itemKey
      ? db.prepare('SELECT item_key, record FROM review WHERE item_key = ?').all(itemKey)
      : db.prepare('SELECT item_key, record FROM review ORDER BY item_key').all()
  ) as { item_key: string; record: string }[];
  const out: FeatureRef[] = [];
  for (const r of rows) {
    const record = ReviewRecord.parse(JSON.parse(r.record));
    record.features.forEach((f, i) => {
      if (f.kind !== 'network') return;
      out.push({
        itemKey: r.item_key,
        // Records saved before features had ids read back with ids by position.
        featureId: f.id ?? `F${i + 1}`,
        title: f.title,
        hosts: f.hosts,
        ruleIds: f.implementedBy.flatMap((l) => (l.kind === 'rule' ? [l.ruleId] : [])),
      });
    });
  }
  return out;
}

/** Addresses just outside each admitted block, then one well inside private space, none in `admitted`. */
export function sampleSources(admitted: AddressSet, target: string, limit = SAMPLES): string[] {
  const out: string[] = [];
  const add = (v: number) => {
    if (v <= 0 || v >= 0xffffffff) return;
    const text = formatV4(v);
    if (text === target || admitted.contains(text) || out.includes(text)) return;
    out.push(text);
  };
  for (const cidr of admitted.family(4).toCidrs()) {
    const block = parseBlock(cidr);
    if (!block || block.family !== 4) continue;
    // Blocks are [start, end): `end` is the first address after the block.
    add(block.end);
    add(block.start - 1);
    if (out.length >= limit) break;
  }
  for (const fallback of ['10.254.254.10', '192.168.254.10', '172.31.254.10']) {
    if (out.length >= limit) break;
    const v = parseAddress(fallback);
    if (v?.family === 4) add(v.value);
  }
  return out.slice(0, limit);
}

/** The item's hosts; a host is its address, or a name scans never resolved (which cannot be scanned here). */
function itemTargets(db: Database, itemKey: string): { asset: string; ip: string | null }[] {
  const k = parseItemKey(itemKey);
  if (!k) return [];
  const assets = db
    .prepare(
      `SELECT DISTINCT ${ASSET_SQL} AS asset FROM finding f JOIN observation o ON o.id = f.observation_id
       WHERE f.rule_id = ? AND o.proto = ? AND o.port = ? ORDER BY 1`,
    )
    .pluck()
    .all(k.ruleId, k.proto, k.port) as string[];
  return assets.map((asset) => ({ asset, ip: parseAddress(asset) ? asset : null }));
}

/**
 * The negative tests the rules imply for the network features of one item (or all reviewed items), and
 * why some features or hosts get none. Pure reading: saving is the store's job.
 */
export function planTests(
  db: Database,
  opts: { itemKey?: string; vantage: readonly Vantage[] },
  reach: ReachFn,
): { cases: CaseDraft[]; gaps: PlanGap[] } {
  for (const v of opts.vantage) {
    if (!parseAddress(v.address)) {
      throw new PortcullisError('INVALID_REQUEST', `vantage point "${v.name}": "${v.address}" is not an IP address`);
    }
  }
  const cases: CaseDraft[] = [];
  const gaps: PlanGap[] = [];
  const ruleDevice = db.prepare('SELECT device, import_id FROM rule WHERE id = ?');
  const features = networkFeatures(db, opts.itemKey);
  if (opts.itemKey && features.length === 0) {
    gaps.push({
      itemKey: opts.itemKey,
      featureId: null,
      message: 'no network-constraint feature is recorded for this item',
    });
  }
  for (const f of features) {
    const k = parseItemKey(f.itemKey);
    if (!k) continue;
    const devices = new Map<string, { device: string; importId: number }>();
    for (const id of f.ruleIds) {
      const r = ruleDevice.get(id) as { device: string; import_id: number } | undefined;
      if (r) devices.set(`${r.import_id}\u0000${r.device}`, { device: r.device, importId: r.import_id });
    }
    if (devices.size === 0) {
      gaps.push({
        itemKey: f.itemKey,
        featureId: f.featureId,
        message: `"${f.title}" links no rule line: link the rules that enforce it to derive its tests`,
      });
      continue;
    }
    const targets = itemTargets(db, f.itemKey).filter((t) => f.hosts.length === 0 || f.hosts.includes(t.asset));
    for (const t of targets) {
      if (!t.ip) {
        gaps.push({
          itemKey: f.itemKey,
          featureId: f.featureId,
          message: `host ${t.asset} has no known address to scan`,
        });
        continue;
      }
      for (const d of devices.values()) {
        const answer = reach({
          device: d.device,
          importId: d.importId,
          destination: t.ip,
          proto: k.proto,
          port: k.port,
        });
        const admitted = AddressSet.parse([...answer.admittedCidrs, ...answer.conditionalCidrs]);
        const family = parseAddress(t.ip)?.family ?? 4;
        if (admitted.isAll(family)) {
          gaps.push({
            itemKey: f.itemKey,
            featureId: f.featureId,
            message: `${d.device} admits any source to ${t.ip} ${k.port}/${k.proto}: no address outside it to test from`,
          });
          continue;
        }
        const sources: { vantage: string; source: string }[] = [];
        for (const v of opts.vantage) {
          if (admitted.contains(v.address)) {
            gaps.push({
              itemKey: f.itemKey,
              featureId: f.featureId,
              message: `vantage point "${v.name}" (${v.address}) is admitted by ${d.device} to ${t.ip}: a positive test, not a negative one`,
            });
          } else sources.push({ vantage: v.name, source: v.address });
        }
        if (opts.vantage.length === 0 && family === 4) {
          for (const s of sampleSources(admitted, t.ip)) sources.push({ vantage: `any host at ${s}`, source: s });
        }
        for (const s of sources) {
          cases.push({
            itemKey: f.itemKey,
            featureId: f.featureId,
            device: d.device,
            ruleImportId: d.importId,
            vantage: s.vantage,
            source: s.source,
            target: t.ip,
            proto: k.proto,
            port: k.port,
            admitted: admitted.toCidrs(),
          });
        }
      }
    }
  }
  return { cases, gaps };
}
