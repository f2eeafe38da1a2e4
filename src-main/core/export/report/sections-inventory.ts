// The inventory summary (what is in use, what of it is insecure, who owns it) with bar charts, and the
// table of insecure items with disposition and readiness, each row linking to the item's own section.
import { paragraph } from './blocks';
import { barChart } from './chart';
import { plural } from './safe-text';
import { facts, table } from './table';
import type { ReportData } from './types';
import { COLORS, type ReportWriter } from './writer';

function pct(part: number, whole: number): string {
  return whole === 0 ? '0 %' : `${Math.round((part / whole) * 100)} %`;
}

export function inventorySection(w: ReportWriter, d: ReportData): void {
  const inv = d.inventory;
  w.newPage();
  w.beginSection();
  w.sectionHeading('inventory');
  paragraph(
    w,
    'The in-use inventory has one row per asset, protocol and port, merged across every scan, listing and assessment imported; a row is insecure when it matches an applicable rule of the standard.',
  );
  facts(w, [
    ['Services in use', `${plural(inv.rows, 'row')} on ${plural(inv.assets, 'asset')}`],
    [
      'Insecure',
      `${plural(inv.insecureRows, 'row')} (${pct(inv.insecureRows, inv.rows)}) in ${plural(d.items.length, 'item')}`,
    ],
    ['With an owner', `${plural(inv.withOwner, 'row')} (${pct(inv.withOwner, inv.rows)})`],
  ]);
  barChart(w, 'In-use services by service (rows, largest 12)', inv.byService, COLORS.accent);
  barChart(w, 'Hosts per insecure rule (largest 12)', inv.byItemRule, '#9c2a2a');
  barChart(w, 'Insecure items by severity', inv.bySeverity, '#b35c00');
  barChart(w, 'Insecure items by disposition', inv.byDisposition, '#3d6b35');
}

export function itemsTableSection(w: ReportWriter, d: ReportData): void {
  w.newPage();
  w.beginSection();
  w.sectionHeading('items');
  paragraph(
    w,
    `${d.readiness.ready} of ${plural(d.readiness.total, 'insecure item')} are audit-ready (${d.readiness.score} %), judged on ${d.today}. Each row links to the item's section.`,
  );
  if (d.items.length === 0) {
    paragraph(w, 'No insecure service, protocol or port was found in use by the sources imported.');
    return;
  }
  table(
    w,
    [
      { header: '#', width: 0.5, align: 'right' },
      { header: 'Insecure item', width: 4 },
      { header: 'Hosts', width: 0.8, align: 'right' },
      { header: 'Severity', width: 1 },
      { header: 'Disposition', width: 1.2 },
      { header: 'Status', width: 1 },
      { header: 'Audit-ready', width: 1.6 },
    ],
    d.items.map((it) => {
      const blockers = it.review.issues.filter((i) => i.severity === 'blocker').length;
      return [
        String(it.index),
        {
          text: `${it.item.title} on ${it.item.port}/${it.item.proto}`,
          goTo: `item-${it.index}`,
          color: COLORS.accent,
        },
        it.item.hostCount.toLocaleString('en'),
        it.item.severity,
        it.review.record.disposition ?? 'none yet',
        it.review.saved ? it.review.record.status : 'not reviewed',
        it.review.auditReady
          ? { text: 'yes', font: 'bold', color: '#2e6b2e' }
          : { text: `no (${plural(blockers, 'gap')})`, color: '#9c2a2a' },
      ];
    }),
  );
}
