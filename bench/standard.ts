// Classification, the in-use inventory and the insecure-item list over the engagement the nmap import
// benchmark filled (1M observations by default): the first classification and inventory build, then the
// queries the inventory table and the items screen make.
import { inventoryGroups, inventoryPage } from '../src-main/api/inventory';
import { items } from '../src-main/api/standard';
import { EngagementStore } from '../src-main/core/store/engagement-store';
import { systemContext } from '../src-main/core/store/context';

const ctx = systemContext('bench');

function time<T>(fn: () => T): { value: T; seconds: number } {
  const t = performance.now();
  const value = fn();
  return { value, seconds: (performance.now() - t) / 1000 };
}

export function benchStandard(engagementPath: string): { rows: string[][]; notes: string[] } {
  const store = EngagementStore.open(engagementPath, ctx);
  try {
    const observations = store.db.prepare('SELECT count(*) FROM observation').pluck().get() as number;
    const page = { sort: 'asset' as const, descending: false, offset: 0, limit: 200 };
    // The import job already classified and built the inventory; forget that and time the full build.
    store.db.exec('DELETE FROM classification_state; DELETE FROM inventory_state;');
    const build = time(() => inventoryPage(store, ctx, {}, page));
    const findings = store.db.prepare('SELECT count(*) FROM finding').pluck().get() as number;
    const rows = build.value.total;
    const list = time(() => items(store, ctx));
    const deep = time(() => inventoryPage(store, ctx, {}, { ...page, offset: Math.floor(rows / 2) }));
    const byOwner = time(() => inventoryPage(store, ctx, {}, { ...page, sort: 'owner' }));
    const insecure = time(() =>
      inventoryPage(store, ctx, { insecure: true }, { ...page, sort: 'port', descending: true }),
    );
    const text = time(() => inventoryPage(store, ctx, { text: 'redis' }, page));
    const groups = time(() => inventoryGroups(store, ctx, {}, 'service'));
    const n = observations.toLocaleString('en');
    return {
      rows: [
        [
          `Classify + build items and inventory (part of the import above; timed again alone)`,
          `${n} observations`,
          `${build.seconds.toFixed(2)} s`,
          `${findings.toLocaleString('en')} findings, ${rows.toLocaleString('en')} rows`,
        ],
        [
          'Insecure items (grouped, with networks and sources)',
          `${n} observations`,
          `${list.seconds.toFixed(2)} s`,
          `${list.value.items.length} items`,
        ],
        [
          'Inventory page 200 rows, middle of the table',
          `${rows.toLocaleString('en')} rows`,
          `${deep.seconds.toFixed(3)} s`,
          '',
        ],
        ['Inventory page sorted by owner', `${rows.toLocaleString('en')} rows`, `${byOwner.seconds.toFixed(3)} s`, ''],
        [
          'Inventory, insecure only, sorted by port',
          `${rows.toLocaleString('en')} rows`,
          `${insecure.seconds.toFixed(3)} s`,
          `${insecure.value.total.toLocaleString('en')} match`,
        ],
        [
          'Inventory, text filter "redis"',
          `${rows.toLocaleString('en')} rows`,
          `${text.seconds.toFixed(3)} s`,
          `${text.value.total.toLocaleString('en')} match`,
        ],
        [
          'Inventory grouped by service',
          `${rows.toLocaleString('en')} rows`,
          `${groups.seconds.toFixed(3)} s`,
          `${groups.value.length} groups`,
        ],
      ],
      notes: [
        'Classification, insecure items and the inventory are derived data: rebuilt in the import job (so the import figure above includes them) and after an edit of the standard, then served from indexed tables.',
      ],
    };
  } finally {
    store.close();
  }
}
