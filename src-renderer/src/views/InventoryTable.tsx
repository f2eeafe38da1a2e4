// One page of the in-use inventory as a table sorted by the core: asset, port, service, which imports
// saw it, when last, owner, purpose and the insecure rules it matches (each opens its insecure item).
// A row opens to its details below it.
import { Fragment, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { InsecureReason, InventoryRow, InventorySort } from '../api/types';
import { severities, severityLabels } from '../components/SeverityTag';
import { formatCount, formatTime } from '../format';
import { keyOfRow, sameKey, useInventoryStore } from '../store/inventory-store';
import { InventoryDetailPanel } from './InventoryDetail';

const COLUMNS = 9;

export function InventoryTable({
  path,
  rows,
  stale,
  labelledBy,
  onShowItem,
}: {
  path: string;
  rows: InventoryRow[];
  stale: boolean;
  labelledBy: string;
  onShowItem(itemKey: string): void;
}) {
  const { sort, descending, sortBy } = useInventoryStore(
    useShallow((s) => ({ sort: s.sort, descending: s.descending, sortBy: s.sortBy })),
  );
  const header = (column: InventorySort, label: string, num = false) => (
    <SortHeader column={column} label={label} sort={sort} descending={descending} sortBy={sortBy} num={num} />
  );
  return (
    <div className={stale ? 'table-wrap inv-table-wrap stale' : 'table-wrap inv-table-wrap'} aria-busy={stale}>
      <table className="table inv-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col" className="cell-toggle">
              <span className="visually-hidden">Details</span>
            </th>
            {header('asset', 'Asset')}
            {header('port', 'Port')}
            {header('service', 'Service')}
            {header('imports', 'Seen by')}
            {header('lastSeen', 'Last seen (UTC)')}
            {header('owner', 'Owner')}
            <th scope="col">Purpose</th>
            {header('insecure', 'Insecure')}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <InventoryRows
              key={`${row.asset}|${row.proto}|${row.port}`}
              path={path}
              row={row}
              alt={i % 2 === 1}
              onShowItem={onShowItem}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SortHeader({
  column,
  label,
  sort,
  descending,
  sortBy,
  num,
}: {
  column: InventorySort;
  label: string;
  sort: InventorySort;
  descending: boolean;
  sortBy(column: InventorySort): void;
  num: boolean;
}) {
  const active = sort === column;
  return (
    <th
      scope="col"
      className={num ? 'num sortable' : 'sortable'}
      aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
    >
      <button type="button" className={active ? 'sort active' : 'sort'} onClick={() => sortBy(column)}>
        {label}
        <span className="sort-mark" aria-hidden="true">
          {active ? (descending ? '▼' : '▲') : '↕'}
        </span>
      </button>
    </th>
  );
}

function InventoryRows({
  path,
  row,
  alt,
  onShowItem,
}: {
  path: string;
  row: InventoryRow;
  alt: boolean;
  onShowItem(itemKey: string): void;
}) {
  const detailsId = useId();
  const key = keyOfRow(row);
  const open = useInventoryStore((s) => sameKey(s.open, key));
  const toggle = useInventoryStore((s) => s.toggle);
  const names = row.hostNames.filter((n) => n !== row.asset);
  const service = `${row.port}/${row.proto}`;
  const seen = row.lastSeen ? formatTime(row.lastSeen, false).split(' ') : null;
  return (
    <Fragment>
      <tr
        className={`inv-row${alt ? ' row-alt' : ''}${open ? ' open' : ''}`}
        data-testid="inventory-row"
        data-asset={row.asset}
        data-port={service}
        onClick={key ? () => void toggle(path, key) : undefined}
      >
        <td className="cell-toggle">
          <button
            type="button"
            className="toggle"
            aria-expanded={open}
            aria-controls={open ? detailsId : undefined}
            aria-label={`Details of ${row.asset} ${service}`}
            disabled={!key}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        </td>
        <td className="inv-asset">
          <span className="mono">{row.asset}</span>
          {row.hostIp && row.hostIp !== row.asset && <div className="mono small muted">{row.hostIp}</div>}
          {names.length > 0 && <div className="muted small wrap-anywhere">{names.join(', ')}</div>}
        </td>
        <td className="mono nowrap">{service}</td>
        <td className="wrap-anywhere" data-testid="inventory-service">
          {row.services.length > 0 ? row.services.join(', ') : <span className="muted">not identified</span>}
          {row.products.length > 0 && <div className="muted small">{row.products.join(', ')}</div>}
        </td>
        <td data-testid="inventory-seen-by">
          <span className="nowrap">{formatCount(row.importCount, 'import')}</span>
          {row.listedByHost && <span className="tag tag-quiet inv-listed">host listing</span>}
          <div className="muted small nowrap">{formatCount(row.observationCount, 'observation')}</div>
        </td>
        <td className="nowrap">
          {seen ? (
            <>
              {seen[0]}
              <div className="muted small">{seen[1]}</div>
            </>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        <td className="wrap-anywhere inv-owner" data-testid="inventory-owner">
          {row.owner ?? <span className="muted">—</span>}
        </td>
        <td className="wrap-anywhere inv-purpose" data-testid="inventory-purpose">
          {row.purpose ?? <span className="muted">—</span>}
        </td>
        <td className="inv-flags-cell" data-testid="inventory-insecure">
          {row.insecure.length === 0 ? (
            <span className="muted">—</span>
          ) : (
            <ul className="inv-flags" aria-label={`Insecure on ${row.asset} ${service}`}>
              {bySeverity(row.insecure).map((r) => (
                <li key={r.ruleId}>
                  <button
                    type="button"
                    className={`inv-flag inv-flag-${r.severity}`}
                    title={`${severityLabels[r.severity]} severity: open it in Insecure items`}
                    onClick={(e) => {
                      e.stopPropagation();
                      onShowItem(r.itemKey);
                    }}
                  >
                    <span className="visually-hidden">{severityLabels[r.severity]}: </span>
                    {r.title}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </td>
      </tr>
      {open && (
        <tr className="expansion" id={detailsId}>
          <td colSpan={COLUMNS}>
            <InventoryDetailPanel path={path} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

function bySeverity(reasons: InsecureReason[]): InsecureReason[] {
  return [...reasons].sort((a, b) => severities.indexOf(a.severity) - severities.indexOf(b.severity));
}
