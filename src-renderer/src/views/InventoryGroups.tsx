// The inventory counted by service, asset or owner under the current filters (largest group first):
// rows, distinct assets and insecure rows per group. A group opens the table filtered to it.
import { useEffect, useId } from 'react';
import type { InventoryFilter, InventoryGroup, InventoryGroupBy } from '../api/types';
import { Alert } from '../components/Alert';
import { formatCount } from '../format';
import { UNFILTERABLE_GROUPS, useInventoryStore } from '../store/inventory-store';

/** The core lists at most this many groups. */
const GROUP_LIMIT = 1000;

const nouns: Record<InventoryGroupBy, [string, string]> = {
  service: ['service', 'services'],
  asset: ['asset', 'assets'],
  owner: ['owner', 'owners'],
};

const headings: Record<InventoryGroupBy, string> = { service: 'Service', asset: 'Asset', owner: 'Owner' };

export function InventoryGroups({
  path,
  by,
  filter,
  version,
  revision,
}: {
  path: string;
  by: InventoryGroupBy;
  filter: InventoryFilter;
  version: string;
  revision: number;
}) {
  const id = useId();
  const answer = useInventoryStore((s) => s.groups);
  const queryGroups = useInventoryStore((s) => s.queryGroups);
  const applyGroup = useInventoryStore((s) => s.applyGroup);
  const key = JSON.stringify({ request: { path, filter, by }, version, revision });

  useEffect(() => {
    const { request } = JSON.parse(key) as { request: { path: string; filter: InventoryFilter; by: InventoryGroupBy } };
    void queryGroups(request, key);
  }, [key, queryGroups]);

  const stale = answer?.key !== key;
  // Groups of another grouping are not shown while this one loads: their keys mean something else.
  const groups = answer?.by === by ? answer.groups : null;
  const [one, many] = nouns[by];
  const unfilterable = UNFILTERABLE_GROUPS[by];

  return (
    <div className="inv-groups">
      <p className="pager-range" role="status" aria-live="polite" data-testid="inventory-groups-summary">
        {groups ? summaryText(groups, one, many) : 'Loading…'}
      </p>
      <Alert message={answer?.error ?? null} />
      {groups && groups.length > 0 && (
        <div className={stale ? 'table-wrap stale' : 'table-wrap'} aria-busy={stale}>
          <table className="table inv-groups-table" aria-labelledby={`${id}-caption`}>
            <caption id={`${id}-caption`} className="visually-hidden">
              Inventory by {one}
            </caption>
            <thead>
              <tr>
                <th scope="col">{headings[by]}</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col" className="num">
                  Assets
                </th>
                <th scope="col" className="num">
                  Insecure
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key} data-testid="inventory-group">
                  <th scope="row" className="inv-group-key">
                    {g.key === unfilterable ? (
                      <span className="muted" title={`The inventory cannot be filtered to rows without ${one}`}>
                        {g.key}
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="link-button wrap-anywhere"
                        aria-label={`Show the ${formatCount(g.rows, 'row')} of ${one} ${g.key}`}
                        onClick={() => applyGroup(by, g.key)}
                      >
                        {g.key}
                      </button>
                    )}
                  </th>
                  <td className="num">{g.rows.toLocaleString('en-US')}</td>
                  <td className="num">{g.assets.toLocaleString('en-US')}</td>
                  <td className="num">
                    {g.insecure > 0 ? (
                      <span className="inv-insecure-count">{g.insecure.toLocaleString('en-US')}</span>
                    ) : (
                      <span className="muted">0</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {groups && unfilterable !== null && groups.some((g) => g.key === unfilterable) && (
        <p className="muted small">
          Rows in “{unfilterable}” cannot be shown as a filter yet; search or sort the table for them.
        </p>
      )}
    </div>
  );
}

function summaryText(groups: InventoryGroup[], one: string, many: string): string {
  if (groups.length === 0) return 'No row to group.';
  const rows = formatCount(
    groups.reduce((n, g) => n + g.rows, 0),
    'row',
  );
  const lead =
    groups.length >= GROUP_LIMIT
      ? `The first ${formatCount(groups.length, one, many)} hold ${rows}`
      : `${rows} in ${formatCount(groups.length, one, many)}`;
  return `${lead}. Open a group to list its rows.`;
}
