// Insecure items as a user thinks of them: one per standard rule and port ("Telnet on 23/tcp, 12 hosts in
// 10.20.30.0/24"), read from the materialised items (see items-build), with the per-host detail and the
// evidence kept underneath. Rules marked not applicable leave the list but are reported apart, with
// their reason.
import type { Database } from 'better-sqlite3';
import { ASSET_SQL, assetSortKey } from './assets';
import type { Evidence, MatchBasis } from './classifier';
import type { StandardDocument, StandardRule } from './schema';

export interface NetworkCount {
  /** An IPv4 /24 or IPv6 /64, or "by name" for hosts known only by name. */
  network: string;
  hosts: number;
}

export interface ItemSource {
  importId: number;
  fileName: string;
  format: string;
}

export interface InsecureItem {
  key: string;
  ruleId: string;
  title: string;
  severity: StandardRule['severity'];
  criteria: string[];
  proto: string;
  port: number;
  services: string[];
  hostCount: number;
  observationCount: number;
  networks: NetworkCount[];
  /** The strongest evidence behind any of its findings. */
  basis: MatchBasis;
  sources: ItemSource[];
  firstSeen: string | null;
  lastSeen: string | null;
  summary: string;
}

export interface NotApplicableRule {
  ruleId: string;
  title: string;
  reason: string;
  hostCount: number;
  observationCount: number;
}

export interface ItemList {
  standardVersion: number;
  items: InsecureItem[];
  notApplicable: NotApplicableRule[];
}

export interface ItemHost {
  observationId: number;
  host: string;
  hostIp: string | null;
  hostNames: string[];
  state: string;
  service: string | null;
  product: string | null;
  version: string | null;
  tunnel: string | null;
  bindAddress: string | null;
  process: string | null;
  seenAt: string | null;
  source: ItemSource;
  basis: MatchBasis;
  label: string;
  evidence: Evidence[];
}

export interface ItemDetail {
  item: InsecureItem;
  rule: StandardRule;
  hosts: ItemHost[];
}

const BASIS: Record<number, MatchBasis> = { 3: 'fact', 2: 'service', 1: 'port' };

export function itemKey(ruleId: string, proto: string, port: number): string {
  return `${ruleId}|${port}/${proto}`;
}

export function parseItemKey(key: string): { ruleId: string; proto: string; port: number } | null {
  const m = /^([^|]+)\|(\d{1,5})\/(tcp|udp|sctp)$/.exec(key);
  return m ? { ruleId: m[1] ?? '', port: Number(m[2]), proto: m[3] ?? '' } : null;
}

interface ItemRow {
  key: string;
  rule_id: string;
  proto: string;
  port: number;
  observations: number;
  hosts: number;
  basis: number;
  services: string;
  first_seen: string | null;
  last_seen: string | null;
}

function summarise(title: string, proto: string, port: number, hostCount: number, networks: NetworkCount[]): string {
  const where = networks.filter((n) => n.network !== 'by name');
  const top = where[0];
  const hosts = `${hostCount} host${hostCount === 1 ? '' : 's'}`;
  if (!top) return `${title} on ${port}/${proto}: ${hosts}`;
  const more = where.length > 1 ? ` and ${where.length - 1} more network${where.length > 2 ? 's' : ''}` : '';
  return `${title} on ${port}/${proto}: ${hosts} in ${top.network}${more}`;
}

/** Every insecure item under `doc` (findings must be current: see ensureClassified). */
export function listItems(db: Database, doc: StandardDocument, standardVersion: number): ItemList {
  const rules = new Map(doc.rules.map((r, i) => [r.id, { rule: r, index: i }]));
  const groups = db.prepare('SELECT * FROM insecure_item').all() as ItemRow[];
  const networks = new Map<string, NetworkCount[]>();
  for (const n of db
    .prepare('SELECT key, network, hosts FROM insecure_item_network ORDER BY hosts DESC, network')
    .iterate() as Iterable<{ key: string } & NetworkCount>) {
    const list = networks.get(n.key) ?? [];
    list.push({ network: n.network, hosts: n.hosts });
    networks.set(n.key, list);
  }
  const sourcesByKey = new Map<string, ItemSource[]>();
  for (const s of db
    .prepare(
      `SELECT s.key, i.id AS import_id, i.file_name, i.format FROM insecure_item_source s JOIN import i ON i.id = s.import_id
       ORDER BY i.id`,
    )
    .iterate() as Iterable<{ key: string; import_id: number; file_name: string; format: string }>) {
    const list = sourcesByKey.get(s.key) ?? [];
    list.push({ importId: s.import_id, fileName: s.file_name, format: s.format });
    sourcesByKey.set(s.key, list);
  }

  const items: InsecureItem[] = [];
  const na = new Map<string, NotApplicableRule>();
  for (const g of groups) {
    const entry = rules.get(g.rule_id);
    if (!entry) continue;
    const { rule } = entry;
    if (!rule.applicable) {
      const n = na.get(rule.id) ?? {
        ruleId: rule.id,
        title: rule.title,
        reason: rule.notApplicableReason ?? '',
        hostCount: 0,
        observationCount: 0,
      };
      n.hostCount += g.hosts;
      n.observationCount += g.observations;
      na.set(rule.id, n);
      continue;
    }
    const key = g.key;
    const nets = networks.get(key) ?? [];
    items.push({
      key,
      ruleId: rule.id,
      title: rule.title,
      severity: rule.severity,
      criteria: rule.criteria,
      proto: g.proto,
      port: g.port,
      services: (JSON.parse(g.services) as string[]).sort(),
      hostCount: g.hosts,
      observationCount: g.observations,
      networks: nets,
      basis: BASIS[g.basis] ?? 'port',
      sources: sourcesByKey.get(key) ?? [],
      firstSeen: g.first_seen,
      lastSeen: g.last_seen,
      summary: summarise(rule.title, g.proto, g.port, g.hosts, nets),
    });
  }
  const order = (id: string) => rules.get(id)?.index ?? 0;
  const severityRank = { high: 0, medium: 1, low: 2 } as const;
  items.sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      order(a.ruleId) - order(b.ruleId) ||
      a.port - b.port ||
      a.proto.localeCompare(b.proto),
  );
  const notApplicable = doc.rules
    .filter((r) => !r.applicable)
    .map(
      (r) =>
        na.get(r.id) ?? {
          ruleId: r.id,
          title: r.title,
          reason: r.notApplicableReason ?? '',
          hostCount: 0,
          observationCount: 0,
        },
    );
  return { standardVersion, items, notApplicable };
}

interface HostRow {
  observation_id: number;
  host: string;
  host_ip: string | null;
  host_names: string;
  state: string;
  service: string | null;
  product: string | null;
  version: string | null;
  tunnel: string | null;
  bind_address: string | null;
  process: string | null;
  seen_at: string | null;
  import_id: number;
  file_name: string;
  format: string;
  basis: MatchBasis;
  label: string;
  evidence: string;
}

/** One item with every host and the evidence of each finding; null when no such item exists. */
export function itemDetail(
  db: Database,
  doc: StandardDocument,
  standardVersion: number,
  key: string,
): ItemDetail | null {
  const parsed = parseItemKey(key);
  if (!parsed) return null;
  const rule = doc.rules.find((r) => r.id === parsed.ruleId);
  if (!rule || !rule.applicable) return null;
  const item = listItems(db, doc, standardVersion).items.find((i) => i.key === key);
  if (!item) return null;
  const rows = db
    .prepare(
      `SELECT f.observation_id, ${ASSET_SQL} AS host, o.host_ip, o.host_names, o.state, o.service, o.product, o.version,
         o.tunnel, o.bind_address, o.process, o.seen_at, i.id AS import_id, i.file_name, i.format,
         f.basis, f.label, f.evidence
       FROM finding f JOIN observation o ON o.id = f.observation_id JOIN import i ON i.id = o.import_id
       WHERE f.rule_id = ? AND o.proto = ? AND o.port = ?
       ORDER BY i.id, f.observation_id`,
    )
    .all(parsed.ruleId, parsed.proto, parsed.port) as HostRow[];
  rows.sort((a, b) => {
    const ka = assetSortKey(a.host);
    const kb = assetSortKey(b.host);
    return ka < kb ? -1 : ka > kb ? 1 : a.import_id - b.import_id || a.observation_id - b.observation_id;
  });
  const hosts = rows.map((r) => ({
    observationId: r.observation_id,
    host: r.host,
    hostIp: r.host_ip,
    hostNames: JSON.parse(r.host_names) as string[],
    state: r.state,
    service: r.service,
    product: r.product,
    version: r.version,
    tunnel: r.tunnel,
    bindAddress: r.bind_address,
    process: r.process,
    seenAt: r.seen_at,
    source: { importId: r.import_id, fileName: r.file_name, format: r.format },
    basis: r.basis,
    label: r.label,
    evidence: JSON.parse(r.evidence) as Evidence[],
  }));
  return { item, rule, hosts };
}
