// The in-use inventory as a table (inventory.csv and the workbook's inventory sheet): one row per asset,
// protocol and port with owner, purpose and the insecure items it belongs to, read page by page.
import type { Database } from 'better-sqlite3';
import { queryInventory } from '../../inventory/inventory';
import type { StandardDocument } from '../../standard/schema';
import { paged, type Table } from './table';

export function inventoryTable(db: Database, doc: StandardDocument): Table {
  return {
    name: 'inventory',
    columns: [
      'asset',
      'host_ip',
      'host_names',
      'proto',
      'port',
      'services',
      'products',
      'observations',
      'imports',
      'listed_by_host',
      'first_seen',
      'last_seen',
      'owner',
      'purpose',
      'insecure_items',
    ],
    *rows() {
      const rows = paged(
        (offset, limit) => queryInventory(db, doc, {}, { sort: 'asset', descending: false, offset, limit }).rows,
      );
      for (const r of rows) {
        yield [
          r.asset,
          r.hostIp,
          r.hostNames.join(' '),
          r.proto,
          r.port,
          r.services.join(' '),
          r.products.join('; '),
          r.observationCount,
          r.importCount,
          r.listedByHost,
          r.firstSeen,
          r.lastSeen,
          r.owner,
          r.purpose,
          r.insecure.map((i) => i.itemKey).join(' '),
        ];
      }
    },
  };
}
