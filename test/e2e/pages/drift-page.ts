// The Drift tab: the two scans compared, the summary tiles (each a filter by kind), "insecure only", the
// table of changes, and the timeline of one service.
import type { Locator, Page } from '@playwright/test';

export type DriftKindId = 'opened' | 'new-host' | 'closed' | 'host-gone' | 'service-changed' | 'scripts-changed';

export class DriftPage {
  readonly tab: Locator;
  readonly empty: Locator;
  readonly earlier: Locator;
  readonly later: Locator;
  readonly swap: Locator;
  readonly allTile: Locator;
  readonly range: Locator;
  readonly rows: Locator;
  readonly insecureOnly: Locator;
  readonly clearFilters: Locator;
  readonly timelinePort: Locator;
  readonly timelineHost: Locator;
  readonly showTimeline: Locator;
  readonly timelineRange: Locator;
  readonly timelineRows: Locator;
  readonly timelineProblem: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByRole('tab', { name: /^Drift/ });
    this.empty = page.getByTestId('drift-empty');
    const pair = page.getByRole('group', { name: 'Scans to compare' });
    this.earlier = pair.getByRole('combobox', { name: 'Earlier scan' });
    this.later = pair.getByRole('combobox', { name: 'Later scan' });
    this.swap = pair.getByRole('button', { name: /Swap/ });
    this.allTile = page.getByRole('list', { name: 'Changes by kind' }).getByRole('button', { name: /All changes/ });
    this.range = page.getByTestId('drift-range');
    this.rows = page.getByTestId('drift-row');
    this.insecureOnly = page.getByRole('search', { name: 'Filter the drift' }).getByRole('checkbox', {
      name: 'Insecure only',
    });
    this.clearFilters = page.getByRole('button', { name: 'Clear filters' });
    const timeline = page.getByRole('form', { name: 'Service to follow' });
    this.timelinePort = timeline.getByRole('textbox', { name: 'Port' });
    this.timelineHost = timeline.getByRole('textbox', { name: 'Host (optional)' });
    this.showTimeline = timeline.getByRole('button', { name: 'Show timeline' });
    this.timelineRange = page.getByTestId('timeline-range');
    this.timelineRows = page.getByTestId('timeline-row');
    this.timelineProblem = page.locator('.drift-timeline').getByRole('alert');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.range.waitFor();
  }

  tile(kind: DriftKindId): Locator {
    return this.page.getByTestId(`drift-tile-${kind}`);
  }

  /** The count shown on a kind's tile. */
  async count(kind: DriftKindId): Promise<number> {
    return Number((await this.tile(kind).locator('.drift-tile-count').innerText()).replace(/,/g, ''));
  }

  row(kind: DriftKindId, host: string, port = ''): Locator {
    return this.page.locator(
      `[data-testid="drift-row"][data-kind="${kind}"][data-host="${host}"][data-port="${port}"]`,
    );
  }

  /** Every row as "kind host port". */
  async rowKeys(): Promise<string[]> {
    return this.rows.evaluateAll((rs) =>
      rs.map((r) => {
        const d = (r as HTMLElement).dataset;
        return `${d.kind} ${d.host}${d.port ? ` ${d.port}` : ''}`;
      }),
    );
  }

  /** Opens the timeline of a row's port from the table. */
  async timelineOf(kind: DriftKindId, host: string, port: string): Promise<void> {
    await this.row(kind, host, port).getByRole('button', { name: port }).click();
  }

  /** The cells of one host's timeline row, as their texts. */
  async timelineCells(host: string): Promise<string[]> {
    const cells = await this.page
      .locator(`[data-testid="timeline-row"][data-host="${host}"] [data-testid="timeline-cell"]`)
      .allInnerTexts();
    return cells.map((c) => c.replace(/\s+/g, ' ').trim());
  }
}
