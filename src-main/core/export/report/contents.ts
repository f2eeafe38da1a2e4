// Every heading the contents list, by the name of its destination: the sections draw their headings
// from here and the contents are planned from here, so the two cannot disagree.
import type { ContentsEntry } from './furniture';
import type { ItemReport, ReportData } from './types';

export const HEADINGS = {
  scope: { title: '1. Scope and methodology', level: 1 },
  standard: { title: '2. The insecure-services standard in force', level: 1 },
  'standard-changes': { title: 'Changes from the default', level: 2 },
  'standard-criteria': { title: 'Criteria', level: 2 },
  'standard-rules': { title: 'Rules', level: 2 },
  'standard-history': { title: 'Version history', level: 2 },
  inventory: { title: '3. Inventory summary', level: 1 },
  items: { title: '4. Insecure items', level: 1 },
  reconciliation: { title: '5. Reconciliation findings', level: 1 },
  validations: { title: '6. Open validations', level: 1 },
  workpaper: { title: '7. QSA workpaper: Requirement 1.2.6', level: 1 },
  'wp-a': { title: '7.1 Testing procedure 1.2.6.a — documentation examined', level: 2 },
  'wp-b': { title: '7.2 Testing procedure 1.2.6.b — configuration examined', level: 2 },
  register: { title: '7.3 Evidence register', level: 2 },
  'appendix-sources': { title: 'Appendix A. Source files', level: 1 },
  'appendix-attachments': { title: 'Attachments', level: 2 },
  'appendix-audit': { title: 'Appendix B. Audit-log summary', level: 1 },
} as const satisfies Record<string, { title: string; level: 1 | 2 }>;

export type HeadingName = keyof typeof HEADINGS;

/** Up to this many items get their own line in the contents (every item gets a bookmark). */
export const MAX_ITEMS_IN_CONTENTS = 100;

export function itemHeading(it: ItemReport): string {
  return `Item ${it.index}. ${it.item.title} on ${it.item.port}/${it.item.proto}`;
}

export function contentsPlan(d: ReportData): ContentsEntry[] {
  const entries: ContentsEntry[] = [];
  for (const [name, h] of Object.entries(HEADINGS)) {
    entries.push({ name, title: h.title, level: h.level });
    if (name === 'items' && d.items.length <= MAX_ITEMS_IN_CONTENTS) {
      for (const it of d.items) entries.push({ name: `item-${it.index}`, title: itemHeading(it), level: 2 });
    }
  }
  return entries;
}
