// One insecure item opened: the rule of the standard that names it (why it is insecure, the secure
// replacement, the security features expected while it stays, references), then every host it was seen
// on, with the evidence that triggered the rule under each host: the field, key = value, the script or
// plugin that reported it and the line of its output. Everything is text; nothing from a scan is markup.
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ItemDetail, ItemEvidence, ItemHost } from '../api/types';
import { Alert } from '../components/Alert';
import { RuleBlocks } from '../components/RuleBlocks';
import { SeverityTag } from '../components/SeverityTag';
import { formatCount, formatTime } from '../format';
import { useItemsStore } from '../store/items-store';

export function ItemDetailPanel() {
  const { open, detail, loading, error } = useItemsStore(
    useShallow((s) => ({ open: s.open, detail: s.detail, loading: s.detailLoading, error: s.detailError })),
  );
  if (error) return <Alert message={error} />;
  if (!detail || detail.item.key !== open) {
    return loading ? <p className="muted small">Loading hosts and evidence…</p> : null;
  }
  return <Detail detail={detail} />;
}

function Detail({ detail }: { detail: ItemDetail }) {
  const id = useId();
  const { rule, hosts, item } = detail;
  return (
    <div className="item-detail" data-testid="item-detail">
      <div className="item-rule">
        <div className="item-rule-head">
          <h4 className="item-rule-title">{rule.title}</h4>
          <SeverityTag severity={rule.severity} />
          <span className="mono small muted">{rule.id}</span>
          {rule.criteria.map((c) => (
            <span key={c} className="tag tag-quiet criterion-tag">
              {c}
            </span>
          ))}
        </div>
        <RuleBlocks rule={rule} heading="h5" testIdPrefix="item" />
      </div>
      <h5 id={`${id}-hosts`} className="sub-title">
        {formatCount(hosts.length, 'host')} with {item.title} on {item.port}/{item.proto}
      </h5>
      <div className="table-wrap">
        <table className="table hosts-table" aria-labelledby={`${id}-hosts`}>
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col">State</th>
              <th scope="col">Service</th>
              <th scope="col">Bind address / process</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          {hosts.map((h) => (
            <HostRows key={h.observationId} host={h} />
          ))}
        </table>
      </div>
    </div>
  );
}

function HostRows({ host }: { host: ItemHost }) {
  const names = host.hostNames.filter((n) => n !== host.host);
  return (
    <tbody className="host-group" data-testid="item-host">
      <tr>
        <td>
          <span className="mono">{host.host}</span>
          {names.length > 0 && <div className="muted small wrap-anywhere">{names.join(', ')}</div>}
        </td>
        <td>
          <span className={`state state-${host.state.replace(/[^a-z]+/g, '-')}`}>{host.state}</span>
        </td>
        <td className="wrap-anywhere">
          {host.service ?? <span className="muted">unidentified</span>}
          {host.tunnel && <span className="tag tag-quiet">{host.tunnel}</span>}
          {(host.product || host.version) && (
            <div className="muted small">{[host.product, host.version].filter(Boolean).join(' ')}</div>
          )}
        </td>
        <td className="wrap-anywhere">
          {!host.bindAddress && !host.process && <span className="muted">—</span>}
          {host.bindAddress && <div className="mono">{host.bindAddress}</div>}
          {host.process && <div className="small">{host.process}</div>}
        </td>
        <td className="wrap-anywhere">
          {host.source.fileName}
          <div className="muted small">
            import {host.source.importId}
            {host.seenAt && <> · seen {formatTime(host.seenAt)}</>}
          </div>
        </td>
      </tr>
      <tr className="evidence-row">
        <td colSpan={5}>
          <div className="evidence-head small">
            <span className="muted">Matched: </span>
            {host.label}
          </div>
          {host.evidence.length === 0 ? (
            <p className="muted small">No evidence recorded beyond the port.</p>
          ) : (
            <ul className="evidence-list" aria-label={`Evidence for ${host.host}`}>
              {host.evidence.map((e, i) => (
                <EvidenceLine key={i} evidence={e} />
              ))}
            </ul>
          )}
        </td>
      </tr>
    </tbody>
  );
}

function EvidenceLine({ evidence }: { evidence: ItemEvidence }) {
  return (
    <li className="evidence-item" data-testid="evidence">
      <div className="evidence-line">
        <span className="evidence-field">{evidence.field}</span>
        <code className="evidence-kv wrap-anywhere">
          {evidence.key ?? evidence.field} = {evidence.value}
        </code>
        {evidence.source && (
          <span className="evidence-source">
            <span className="muted">from </span>
            <span className="mono">{evidence.source}</span>
          </span>
        )}
      </div>
      {evidence.excerpt && <pre className="evidence-excerpt">{evidence.excerpt}</pre>}
    </li>
  );
}
