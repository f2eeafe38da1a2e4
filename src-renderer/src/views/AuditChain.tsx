// The audit chain card: the verdict badge and a button to walk the chain again.
import { AuditBadge } from '../components/AuditBadge';
import { formatTime } from '../format';
import { useEngagementStore } from '../store/engagement-store';

export function AuditChain() {
  const verdict = useEngagementStore((s) => s.verdict);
  const verifiedAt = useEngagementStore((s) => s.verifiedAt);
  const verifying = useEngagementStore((s) => s.verifying);
  const verifyAudit = useEngagementStore((s) => s.verifyAudit);
  return (
    <section className="card" aria-labelledby="chain-title">
      <h2 id="chain-title">Audit chain</h2>
      <p className="muted small">
        Each change is an entry hashed together with the one before it; verifying recomputes the whole chain.
      </p>
      {verdict && <AuditBadge verdict={verdict} />}
      {verifiedAt && <p className="muted small">Last checked {formatTime(verifiedAt.toISOString())}</p>}
      <div className="actions">
        <button type="button" className="button" onClick={() => void verifyAudit()} disabled={verifying}>
          {verifying ? 'Verifying…' : 'Verify audit chain'}
        </button>
      </div>
    </section>
  );
}
