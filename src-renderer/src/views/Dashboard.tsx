// The engagement at a glance: readiness, insecure items by the standard's criteria and by disposition,
// exceptions by the month they expire, and the insecure endpoints open in each scan over time. Asked again
// whenever the imports change (a review saved elsewhere shows on the next visit).
import { useEffect, useId, useState } from 'react';
import { call, messageOf } from '../api/client';
import type { DashboardData } from '../api/types';
import { Alert } from '../components/Alert';
import { BarChart, ColumnChart, LineChart, type Bar } from '../components/Charts';
import { formatCount } from '../format';
import { useEngagementStore } from '../store/engagement-store';
import { importsVersionOf } from '../store/items-store';

const dispositionLabels = {
  none: 'No decision yet',
  disable: 'Disable',
  replace: 'Replace',
  constrain: 'Constrain and secure',
} as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function monthLabel(m: string): string {
  if (!/^\d{4}-\d{2}$/.test(m)) return m;
  return `${MONTHS[Number(m.slice(5)) - 1]} ${m.slice(2, 4)}`;
}

export function Dashboard({ path }: { path: string }) {
  const id = useId();
  const version = useEngagementStore((s) => importsVersionOf(s.imports));
  // Nothing to chart before a scan is imported (and asking would adopt the standard before any import).
  const scanned = useEngagementStore((s) => s.imports.some((i) => i.observationCount > 0));
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!scanned) return;
    let live = true;
    call('dashboard.get', { path })
      .then((d) => live && (setData(d), setError(null)))
      .catch((err: unknown) => live && setError(messageOf(err)));
    return () => {
      live = false;
    };
  }, [path, version, scanned]);

  if (error) return <Alert message={error} />;
  if (!scanned || !data || data.timeline.length === 0) return null;

  const byDisposition: Bar[] = data.byDisposition.map((d) => ({
    label: dispositionLabels[d.disposition],
    value: d.items,
    part: d.ready,
    tone: d.disposition === 'none' ? 'warn' : 'accent',
  }));
  const expiry: Bar[] = data.expiry
    .filter((e, i) => i >= 2 || e.exceptions > 0)
    .map((e) => ({
      label: monthLabel(e.month),
      value: e.exceptions,
      tone: e.month === 'expired' ? 'bad' : e.month === 'no expiry' ? 'warn' : 'accent',
    }));
  const scans = data.timeline.map((t) => t.date.slice(0, 10));
  return (
    <section className="card dashboard" aria-labelledby={`${id}-title`} data-testid="dashboard">
      <div className="card-head">
        <h2 id={`${id}-title`}>At a glance</h2>
      </div>
      <div className="readiness-meter" data-testid="dashboard-readiness">
        <p>
          <strong>{data.score}% audit-ready</strong>{' '}
          <span className="muted">
            {data.ready} of {formatCount(data.items, 'insecure item')}
          </span>
        </p>
        <div className="meter" aria-hidden="true">
          <div className="meter-fill" style={{ width: `${data.score}%` }} />
        </div>
      </div>
      <div className="chart-grid">
        <BarChart
          caption="Insecure items by criterion of the standard"
          bars={data.byCriterion.map((c) => ({ label: c.title, value: c.items }))}
          testId="chart-criteria"
        />
        <BarChart
          caption="Insecure items by disposition (audit-ready of all)"
          bars={byDisposition}
          partLabel="Audit-ready"
          testId="chart-disposition"
        />
        <ColumnChart
          caption="Exceptions by month of expiry"
          bars={expiry}
          testId="chart-expiry"
          empty="No exception is approved or in review yet: constrain-and-secure decisions show here by expiry."
        />
        <LineChart
          caption="Open endpoints in each scan"
          labels={scans}
          series={[
            { name: 'insecure', values: data.timeline.map((t) => t.insecure), tone: 'bad' },
            { name: 'all open', values: data.timeline.map((t) => t.open), tone: 'muted' },
          ]}
          testId="chart-timeline"
          {...(scans.length === 1 ? { note: 'One scan so far: import later scans to see the trend.' } : {})}
        />
      </div>
    </section>
  );
}
