// The audit log, oldest first, as the chain is written.
import type { AuditEntry } from '../api/types';
import { formatTime, shortHash } from '../format';

export function AuditLog({ entries }: { entries: AuditEntry[] }) {
  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      {entries.length === 0 ? (
        <p className="empty">No entries.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-labelledby="audit-title">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Seq
                </th>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Actor</th>
                <th scope="col">Command</th>
                <th scope="col">Hash</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td className="num">{e.seq}</td>
                  <td className="nowrap" title={e.time}>
                    {formatTime(e.time, false)}
                  </td>
                  <td>{e.actor}</td>
                  <td className="mono">{e.command}</td>
                  <td className="mono nowrap" title={e.hash}>
                    {shortHash(e.hash)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
