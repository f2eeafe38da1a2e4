// One inventory row opened: the imports that saw it (file, format, when, how many observations), what
// host listener inventories say about it (process, bind address), which rule lines of each imported
// device admit traffic to it (from ANY source, or from which networks), and the owner / purpose editors.
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type {
  ImportRecord,
  InventoryAllowedBy,
  InventoryDetail,
  InventoryListing,
  InventorySource,
} from '../api/types';
import { actionTone } from '../components/ActionTag';
import { Alert } from '../components/Alert';
import { formatCount, formatTime } from '../format';
import { useEngagementStore } from '../store/engagement-store';
import { keyOfRow, sameKey, useInventoryStore } from '../store/inventory-store';
import { InventoryAnnotate } from './InventoryAnnotate';

export function InventoryDetailPanel({ path }: { path: string }) {
  const { open, detail, loading, error } = useInventoryStore(
    useShallow((s) => ({ open: s.open, detail: s.detail, loading: s.detailLoading, error: s.detailError })),
  );
  if (error) return <Alert message={error} />;
  const key = detail ? keyOfRow(detail.row) : null;
  if (!detail || !key || !sameKey(open, key)) {
    return loading ? <p className="muted small">Loading sources and rule lines…</p> : null;
  }
  return (
    <div className="inv-detail" data-testid="inventory-detail">
      <div className="inv-detail-grid">
        <div className="inv-detail-column">
          <Sources detail={detail} />
          <Listings detail={detail} />
        </div>
        <AllowedBy detail={detail} />
      </div>
      <InventoryAnnotate path={path} row={detail.row} assetLayer={detail.annotations.asset} target={key} />
    </div>
  );
}

function useImportsById(): Map<number, ImportRecord> {
  const imports = useEngagementStore((s) => s.imports);
  return new Map(imports.map((r) => [r.importId, r]));
}

function seenText(first: string | null, last: string | null): string {
  const one = first ?? last;
  if (!one) return '—';
  if (!first || !last || first === last) return formatTime(one, false);
  return `${formatTime(first, false)} to ${formatTime(last, false)}`;
}

function Sources({ detail }: { detail: InventoryDetail }) {
  const id = useId();
  const imports = useImportsById();
  return (
    <section className="inv-block" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="sub-title">
        Seen by {formatCount(detail.sources.length, 'import')}
      </h3>
      <div className="table-wrap">
        <table className="table inv-sub-table" aria-labelledby={`${id}-title`} data-testid="inventory-sources">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Format</th>
              <th scope="col">Imported (UTC)</th>
              <th scope="col" className="num">
                Observations
              </th>
              <th scope="col">Seen (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {detail.sources.map((s) => (
              <SourceRow key={s.importId} source={s} formatLabel={imports.get(s.importId)?.formatLabel} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SourceRow({ source, formatLabel }: { source: InventorySource; formatLabel: string | undefined }) {
  return (
    <tr data-testid="inventory-source">
      <td className="wrap-anywhere inv-file">
        {source.fileName}
        <div className="muted small">import {source.importId}</div>
      </td>
      <td>{formatLabel ?? <span className="mono">{source.format}</span>}</td>
      <td>{formatTime(source.importedAt, false)}</td>
      <td className="num">{source.observations.toLocaleString('en-US')}</td>
      <td>{seenText(source.firstSeen, source.lastSeen)}</td>
    </tr>
  );
}

function Listings({ detail }: { detail: InventoryDetail }) {
  const id = useId();
  const imports = useImportsById();
  return (
    <section className="inv-block" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="sub-title">
        Host listings
      </h3>
      {detail.listings.length === 0 ? (
        <p className="muted small">No host listener inventory of this asset lists it.</p>
      ) : (
        <div className="table-wrap">
          <table className="table inv-sub-table" aria-labelledby={`${id}-title`} data-testid="inventory-listings">
            <thead>
              <tr>
                <th scope="col">Process</th>
                <th scope="col">Bind address</th>
                <th scope="col">State</th>
                <th scope="col">Listing</th>
              </tr>
            </thead>
            <tbody>
              {detail.listings.map((l, i) => (
                <ListingRow key={i} listing={l} fileName={imports.get(l.importId)?.fileName} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ListingRow({ listing, fileName }: { listing: InventoryListing; fileName: string | undefined }) {
  return (
    <tr>
      <td className="wrap-anywhere">{listing.process ?? <span className="muted">—</span>}</td>
      <td className="mono wrap-anywhere">{listing.bindAddress ?? <span className="muted">—</span>}</td>
      <td>
        <span className={`state state-${listing.state.replace(/[^a-z]+/g, '-')}`}>{listing.state}</span>
      </td>
      <td className="wrap-anywhere">{fileName ?? `import ${listing.importId}`}</td>
    </tr>
  );
}

function AllowedBy({ detail }: { detail: InventoryDetail }) {
  const id = useId();
  const imports = useImportsById();
  const rulebases = [...imports.values()].some((r) => r.ruleCount > 0);
  return (
    <section className="inv-block" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="sub-title">
        Allowed by
      </h3>
      {detail.allowedBy.length === 0 ? (
        <p className="muted small" data-testid="inventory-allowed-none">
          {!detail.row.hostIp
            ? 'No address is known for this asset, so the rulebases cannot be asked who reaches it.'
            : rulebases
              ? 'No imported rulebase admits traffic to it.'
              : 'No rulebase is imported: import the firewall or security group in front of it to see who may reach it.'}
        </p>
      ) : (
        <ul className="plain-list inv-allowed" aria-labelledby={`${id}-title`}>
          {detail.allowedBy.map((a) => (
            <AllowedDevice key={`${a.importId}|${a.device}`} allowed={a} fileName={imports.get(a.importId)?.fileName} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AllowedDevice({ allowed, fileName }: { allowed: InventoryAllowedBy; fileName: string | undefined }) {
  return (
    <li className={allowed.anySource ? 'inv-device inv-device-any' : 'inv-device'} data-testid="inventory-allowed">
      <div className="inv-device-head">
        <strong className="mono wrap-anywhere">{allowed.device}</strong>
        <span className="muted small wrap-anywhere">{fileName ?? `import ${allowed.importId}`}</span>
      </div>
      {allowed.anySource ? (
        <p className="inv-any" data-testid="inventory-any-source">
          <span aria-hidden="true">⚠ </span>From ANY source
        </p>
      ) : allowed.admittedCidrs.length > 0 ? (
        <div className="inv-from">
          <span className="muted small">From</span>
          <ul className="cidr-list" aria-label={`Sources ${allowed.device} admits`}>
            {allowed.admittedCidrs.map((c) => (
              <li key={c} className="cidr mono">
                {c}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {allowed.conditionalCidrs.length > 0 && (
        <div className="inv-from">
          <span className="muted small">Only if conditions hold</span>
          <ul className="cidr-list" aria-label={`Sources ${allowed.device} admits only under conditions`}>
            {allowed.conditionalCidrs.map((c) => (
              <li key={c} className="cidr mono">
                {c}
              </li>
            ))}
          </ul>
        </div>
      )}
      {allowed.rules.length > 0 && (
        <ul className="plain-list inv-rule-lines" aria-label={`Rule lines of ${allowed.device}`}>
          {allowed.rules.map((r, i) => (
            <li key={i} className="inv-rule-line" data-testid="inventory-rule-line">
              <span className="mono wrap-anywhere">{r.ruleset}</span> <span className="mono">#{r.order}</span>{' '}
              <span className={`action action-${actionTone(r.action)}`}>{r.action}</span>
              {r.name && <span className="wrap-anywhere"> “{r.name}”</span>}
              {r.lineFrom !== null && <span className="muted"> line {r.lineFrom}</span>}
            </li>
          ))}
        </ul>
      )}
      {allowed.problems.length > 0 && (
        <ul className="inv-problems small">
          {allowed.problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
