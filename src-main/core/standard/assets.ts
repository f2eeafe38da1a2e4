// Which asset an observation belongs to, and the network it counts under. Shared by the insecure items
// and the in-use inventory so both name hosts alike.
import type { Database } from 'better-sqlite3';
import { parseV6 } from '../net/address';

/**
 * The asset of observation `o`: its address; or, for host listings (named by the user at import), the
 * address scans saw under that name when exactly one did (asset_alias); else the name itself.
 */
export const ASSET_SQL = `coalesce(o.host_ip,
  (SELECT x.ip FROM asset_alias x WHERE x.name = lower(json_extract(o.host_names, '$[0]'))),
  lower(json_extract(o.host_names, '$[0]')), '?')`;

/** Recomputes the host names that scans resolved to exactly one address. Call inside a transaction. */
export function rebuildAliases(db: Database): void {
  db.exec(`
    DELETE FROM asset_alias;
    INSERT INTO asset_alias
      SELECT lower(j.value), min(o.host_ip) FROM observation o, json_each(o.host_names) j
      WHERE o.host_ip IS NOT NULL GROUP BY lower(j.value) HAVING count(DISTINCT o.host_ip) = 1;
  `);
}

/** The network a host counts under: its /24 (IPv4) or /64 (IPv6), or "by name". */
export function networkOf(host: string): string {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(host);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  const groups = host.includes(':') ? v6Groups(host) : null;
  if (groups) return `${groups.slice(0, 4).join(':')}::/64`;
  return 'by name';
}

/** The eight groups of an IPv6 address in hex without leading zeros, or null when it is not one. */
function v6Groups(ip: string): string[] | null {
  const v = parseV6(ip);
  if (v === null) return null;
  return Array.from({ length: 8 }, (_, i) => ((v >> BigInt(16 * (7 - i))) & 0xffffn).toString(16));
}

/** A key that sorts assets as people expect: IPv4 numerically, then IPv6, then names. */
export function assetSortKey(asset: string): string {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(asset);
  if (v4)
    return `4${v4
      .slice(1)
      .map((o) => o.padStart(3, '0'))
      .join('.')}`;
  const v6 = asset.includes(':') ? v6Groups(asset) : null;
  if (v6) return `6${v6.map((g) => g.padStart(4, '0')).join(':')}`;
  return `n${asset.toLowerCase()}`;
}

/** Makes networkOf and assetSortKey callable from SQL on this connection. */
export function registerAssetFunctions(db: Database): void {
  // Rows come grouped by asset (a host's ports together), so remembering the last answer saves most calls.
  const lastOnly = (f: (asset: string) => string) => {
    let asset: string | null = null;
    let answer = '';
    return (a: unknown) => {
      const s = String(a);
      if (s !== asset) {
        asset = s;
        answer = f(s);
      }
      return answer;
    };
  };
  db.function('portcullis_network', { deterministic: true }, lastOnly(networkOf));
  db.function('portcullis_asset_sort', { deterministic: true }, lastOnly(assetSortKey));
}
