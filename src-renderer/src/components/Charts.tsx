// Small SVG charts drawn from plain numbers: horizontal bars (with an optional "of which" part), columns
// and a line over time. Each is a figure whose caption says what it shows, with the numbers also in a
// table that screen readers read (the SVG itself is decoration for them).
import type { ReactNode } from 'react';

export interface Bar {
  label: string;
  value: number;
  /** Drawn darker inside the bar (e.g. the audit-ready share). */
  part?: number;
  tone?: 'accent' | 'ok' | 'warn' | 'bad' | 'muted';
}

function Figure({
  caption,
  headers,
  rows,
  children,
  testId,
  note,
}: {
  caption: string;
  headers: string[];
  rows: (string | number)[][];
  children: ReactNode;
  testId: string;
  note?: string | undefined;
}) {
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart-caption">{caption}</figcaption>
      <div aria-hidden="true">{children}</div>
      {note && <p className="muted small chart-empty">{note}</p>}
      <table className="visually-hidden">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {c}
                  </th>
                ) : (
                  <td key={j}>{c}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

const ROW = 22;
const LABEL_W = 180;
const WIDTH = 460;

/** One bar per row, labels on the left, the value at the bar's end. */
export function BarChart({
  caption,
  bars,
  partLabel,
  testId,
}: {
  caption: string;
  bars: Bar[];
  partLabel?: string;
  testId: string;
}) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const span = WIDTH - LABEL_W - 40;
  const headers = ['', 'Count', ...(partLabel ? [partLabel] : [])];
  return (
    <Figure
      caption={caption}
      headers={headers}
      rows={bars.map((b) => [b.label, b.value, ...(partLabel ? [b.part ?? 0] : [])])}
      testId={testId}
    >
      <svg className="chart-svg" viewBox={`0 0 ${WIDTH} ${bars.length * ROW + 4}`} role="presentation">
        {bars.map((b, i) => {
          const y = i * ROW + 2;
          const w = (b.value / max) * span;
          const pw = ((b.part ?? 0) / max) * span;
          return (
            <g key={b.label}>
              <text x={LABEL_W - 8} y={y + 14} className="chart-label" textAnchor="end">
                {b.label.length > 28 ? `${b.label.slice(0, 27)}…` : b.label}
              </text>
              <rect
                x={LABEL_W}
                y={y + 3}
                width={Math.max(w, b.value > 0 ? 2 : 0)}
                height={ROW - 8}
                className={`bar ${b.tone ?? 'accent'}`}
              />
              {pw > 0 && <rect x={LABEL_W} y={y + 3} width={pw} height={ROW - 8} className="bar part" />}
              <text x={LABEL_W + w + 6} y={y + 14} className="chart-value">
                {b.part !== undefined ? `${b.part}/${b.value}` : b.value}
              </text>
            </g>
          );
        })}
      </svg>
    </Figure>
  );
}

/** One column per label, left to right; `empty` is said instead when every value is zero. */
export function ColumnChart({
  caption,
  bars,
  testId,
  empty,
}: {
  caption: string;
  bars: Bar[];
  testId: string;
  empty: string;
}) {
  if (bars.every((b) => b.value === 0)) {
    return (
      <figure className="chart" data-testid={testId}>
        <figcaption className="chart-caption">{caption}</figcaption>
        <p className="muted small chart-empty">{empty}</p>
      </figure>
    );
  }
  const max = Math.max(1, ...bars.map((b) => b.value));
  const h = 120;
  const colW = Math.max(18, Math.floor((WIDTH - 20) / Math.max(1, bars.length)));
  return (
    <Figure caption={caption} headers={['', 'Count']} rows={bars.map((b) => [b.label, b.value])} testId={testId}>
      <svg className="chart-svg" viewBox={`0 0 ${colW * bars.length + 20} ${h + 46}`} role="presentation">
        {bars.map((b, i) => {
          const bh = (b.value / max) * h;
          const x = 10 + i * colW;
          return (
            <g key={b.label}>
              <rect x={x + 3} y={h - bh + 14} width={colW - 6} height={bh} className={`bar ${b.tone ?? 'accent'}`} />
              {b.value > 0 && (
                <text x={x + colW / 2} y={h - bh + 10} className="chart-value" textAnchor="middle">
                  {b.value}
                </text>
              )}
              <text
                x={x + colW / 2}
                y={h + 28}
                className="chart-label small"
                textAnchor="end"
                transform={`rotate(-40 ${x + colW / 2} ${h + 28})`}
              >
                {b.label}
              </text>
            </g>
          );
        })}
        <line x1={10} x2={10 + colW * bars.length} y1={h + 14} y2={h + 14} className="chart-axis" />
      </svg>
    </Figure>
  );
}

export interface Series {
  name: string;
  values: number[];
  tone: 'accent' | 'bad' | 'muted';
}

/** Lines over ordered points (e.g. scans in the order they ran), with the points' labels below. */
export function LineChart({
  caption,
  labels,
  series,
  testId,
  note,
}: {
  caption: string;
  labels: string[];
  series: Series[];
  testId: string;
  /** Said under the chart (e.g. that one point makes no trend yet). */
  note?: string;
}) {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const h = 120;
  const step = labels.length > 1 ? (WIDTH - 60) / (labels.length - 1) : 0;
  const x = (i: number) => 40 + i * step;
  const y = (v: number) => 10 + h - (v / max) * h;
  return (
    <Figure
      caption={caption}
      headers={['', ...series.map((s) => s.name)]}
      rows={labels.map((l, i) => [l, ...series.map((s) => s.values[i] ?? 0)])}
      testId={testId}
      note={note}
    >
      <svg className="chart-svg" viewBox={`0 0 ${WIDTH} ${h + 60}`} role="presentation">
        <line x1={40} x2={WIDTH - 20} y1={h + 10} y2={h + 10} className="chart-axis" />
        <text x={34} y={14} className="chart-label small" textAnchor="end">
          {max}
        </text>
        <text x={34} y={h + 10} className="chart-label small" textAnchor="end">
          0
        </text>
        {series.map((s) => (
          <g key={s.name} className={`series ${s.tone}`}>
            <polyline points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} fill="none" />
            {s.values.map((v, i) => (
              <circle key={i} cx={x(i)} cy={y(v)} r={3} />
            ))}
          </g>
        ))}
        {labels.map((l, i) => (
          <text key={i} x={x(i)} y={h + 28} className="chart-label small" textAnchor="middle">
            {l}
          </text>
        ))}
        {series.map((s, i) => (
          <g key={s.name} className={`series ${s.tone}`} transform={`translate(${40 + i * 150}, ${h + 48})`}>
            <line x1={0} x2={16} y1={-4} y2={-4} />
            <text x={22} y={0} className="chart-label small">
              {s.name}
            </text>
          </g>
        ))}
      </svg>
    </Figure>
  );
}
