// The in-use inventory: the answer to "prove which services are really in use". One row per asset and
// port, merged across every import, with the imports that saw it, when, its owner and business purpose,
// and the insecure rules it matches. Filtering, sorting, paging and grouping are the core's SQLite query;
// a row opens to its sources, host listings, the rule lines that admit it and the owner/purpose editors.
// Owners and purposes also come in whole from an asset register (CMDB CSV export).
import { useEffect, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AssetImportResult, InventoryQuery } from '../api/types';
import { Alert } from '../components/Alert';
import { PagerButtons } from '../components/PagerButtons';
import { formatCount, formatPageRange } from '../format';
import { useEngagementStore } from '../store/engagement-store';
import { importsVersionOf } from '../store/items-store';
import {
  emptyInventoryDraft,
  filterOf,
  INVENTORY_PAGE,
  useInventoryStore,
  type InventoryDraft,
} from '../store/inventory-store';
import { useDebounced } from '../use-debounced';
import { InventoryFilters } from './InventoryFilters';
import { InventoryGroups } from './InventoryGroups';
import { InventoryTable } from './InventoryTable';

const DEBOUNCE_MS = 250;

export function Inventory({ path, onShowItem }: { path: string; onShowItem(itemKey: string): void }) {
  const id = useId();
  const imports = useEngagementStore((s) => s.imports);
  const version = importsVersionOf(imports);
  const { draft, sort, descending, offset, groupBy, answer, revision, query, setOffset, setDraft, reloadDetail } =
    useInventoryStore(
      useShallow((s) => ({
        draft: s.draft,
        sort: s.sort,
        descending: s.descending,
        offset: s.offset,
        groupBy: s.groupBy,
        answer: s.answer,
        revision: s.revision,
        query: s.query,
        setOffset: s.setOffset,
        setDraft: s.setDraft,
        reloadDetail: s.reloadDetail,
      })),
    );
  // Typing settles before it is asked; the checkbox and a clicked group apply at once.
  const settled: InventoryDraft = {
    ...draft,
    text: useDebounced(draft.text, DEBOUNCE_MS),
    asset: useDebounced(draft.asset, DEBOUNCE_MS),
    service: useDebounced(draft.service, DEBOUNCE_MS),
    owner: useDebounced(draft.owner, DEBOUNCE_MS),
  };
  const filter = filterOf(settled);

  // One key per distinct question; a new import or an owner/purpose change alters the answer.
  const key = JSON.stringify({
    request: { path, filter, sort, descending, offset, limit: INVENTORY_PAGE } satisfies InventoryQuery,
    version,
    revision,
  });

  useEffect(() => {
    const { request, version: v } = JSON.parse(key) as { request: InventoryQuery & { path: string }; version: string };
    void query(request, key, v);
  }, [key, query]);

  // The open row follows imports and edits too.
  useEffect(() => {
    void reloadDetail(path);
  }, [path, version, revision, reloadDetail]);

  const loading = answer?.key !== key;
  const page = answer?.page ?? null;
  const filtered = JSON.stringify(draft) !== JSON.stringify(emptyInventoryDraft);
  const nothing = page !== null && page.total === 0 && !filtered;

  return (
    <section className="card inventory" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <div className="card-head-text">
          <h2 id={`${id}-title`}>In-use inventory</h2>
          <p className="muted small">
            Every service, protocol and port in use, one row per asset and port, merged across the imports, with its
            owner and business purpose.
            {page && <> Insecure rules from the engagement’s standard (version {page.standardVersion}).</>} Open a row
            for where it was seen and the rule lines that admit it.
          </p>
        </div>
        <AssetRegisterButton path={path} />
      </div>
      <AssetImportReport />
      {nothing ? (
        <p className="empty" data-testid="inventory-empty">
          {imports.length === 0
            ? 'Nothing is imported yet: import a scan, a TLS or SSH assessment or a host listener inventory from the Overview tab.'
            : `Nothing is in use: the ${formatCount(imports.length, 'import')} show no open or listening port.`}
        </p>
      ) : (
        <>
          <InventoryFilters />
          {groupBy !== '' ? (
            <InventoryGroups path={path} by={groupBy} filter={filter} version={version} revision={revision} />
          ) : (
            <>
              <div className="pager">
                <div className="pager-summary">
                  <p className="pager-range" role="status" aria-live="polite" data-testid="inventory-range">
                    {page ? rangeText(page.total, offset, page.rows.length, filtered) : 'Loading…'}
                  </p>
                  {filtered && (
                    <button type="button" className="button small quiet" onClick={() => setDraft(emptyInventoryDraft)}>
                      Clear filters
                    </button>
                  )}
                </div>
                {page && page.total > INVENTORY_PAGE && (
                  <PagerButtons total={page.total} offset={offset} pageSize={INVENTORY_PAGE} setOffset={setOffset} />
                )}
              </div>
              <Alert message={answer?.error ?? null} />
              {page && page.rows.length > 0 && (
                <InventoryTable
                  path={path}
                  rows={page.rows}
                  stale={loading}
                  labelledBy={`${id}-title`}
                  onShowItem={onShowItem}
                />
              )}
              {page && page.total > INVENTORY_PAGE && page.rows.length > 20 && (
                <div className="pager pager-bottom">
                  <p className="pager-range muted">{formatPageRange(offset, page.rows.length, page.total)}</p>
                  <PagerButtons total={page.total} offset={offset} pageSize={INVENTORY_PAGE} setOffset={setOffset} />
                </div>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}

function rangeText(total: number, offset: number, shown: number, filtered: boolean): string {
  if (total === 0) return filtered ? 'No row matches these filters.' : 'Nothing in use.';
  if (shown === 0) return `No rows on this page; ${formatCount(total, 'row')} in all.`;
  return `${formatPageRange(offset, shown, total)} in-use ${total === 1 ? 'service' : 'services'}`;
}

function AssetRegisterButton({ path }: { path: string }) {
  const importing = useInventoryStore((s) => s.importing);
  const importAssets = useInventoryStore((s) => s.importAssets);
  return (
    <div className="toolbar">
      <button type="button" className="button" onClick={() => void importAssets(path)} disabled={importing}>
        {importing ? 'Importing asset register…' : 'Import asset register (CSV)…'}
      </button>
    </div>
  );
}

/** "3 rows imported from cmdb.csv (columns asset: Host Name / IP Address, owner: Business Owner)". */
export function assetImportText(r: AssetImportResult): string {
  const columns = Object.entries(r.columns)
    .filter(([, header]) => header !== '')
    .map(([field, header]) => `${field}: ${header}`)
    .join(', ');
  const replaced = r.replaced > 0 ? `; ${formatCount(r.replaced, 'row')} replaced an earlier row` : '';
  return `${formatCount(r.rows, 'row')} imported from ${r.fileName} (columns ${columns})${replaced}.`;
}

function AssetImportReport() {
  const { imported, error, dismiss } = useInventoryStore(
    useShallow((s) => ({ imported: s.imported, error: s.importError, dismiss: s.dismissImported })),
  );
  return (
    <>
      <Alert message={error} />
      {imported.length > 0 && (
        <div className="notice inv-imported" role="status" data-testid="asset-import-result">
          <ul className="plain-list">
            {imported.map((r) => (
              <li key={r.sha256}>{assetImportText(r)}</li>
            ))}
          </ul>
          <button type="button" className="button small quiet" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
