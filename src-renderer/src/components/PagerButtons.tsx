// Previous / next buttons and "Page N of M" for the paged tables (observations, rules).

export function PagerButtons({
  total,
  offset,
  pageSize,
  setOffset,
}: {
  total: number;
  offset: number;
  pageSize: number;
  setOffset(offset: number): void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.floor(offset / pageSize) + 1;
  return (
    <div className="pager-buttons">
      <button
        type="button"
        className="button small"
        onClick={() => setOffset(offset - pageSize)}
        disabled={offset === 0}
      >
        <span aria-hidden="true">‹ </span>Previous
      </button>
      <span className="muted small nowrap">
        Page {current.toLocaleString('en-US')} of {pages.toLocaleString('en-US')}
      </span>
      <button
        type="button"
        className="button small"
        onClick={() => setOffset(offset + pageSize)}
        disabled={offset + pageSize >= total}
      >
        Next<span aria-hidden="true"> ›</span>
      </button>
    </div>
  );
}
