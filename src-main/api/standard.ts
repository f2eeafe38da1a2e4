// The standard and insecure-item channels over one open engagement: every read first brings the
// classification up to date (adopting the shipped standard on first use), so answers always reflect the
// current standard and every import so far.
import { ensureDerived } from '../core/inventory/derived';
import { PortcullisError } from '../core/model/errors';
import { canonicalJson } from '../core/model/canonical-json';
import { ensureClassified } from '../core/standard/classification';
import { standardMarkdown } from '../core/standard/document';
import type { StandardEdit } from '../core/standard/edits';
import { reviewSummaries, type ReviewSummary } from '../core/review/review-store';
import { itemDetail, listItems, type InsecureItem, type ItemDetail, type ItemList } from '../core/standard/items';
import {
  currentStandard,
  editStandard,
  ensureStandard,
  standardHistory,
  type StandardVersion,
} from '../core/standard/standard-store';
import type { CommandContext } from '../core/store/context';
import type { EngagementStore } from '../core/store/engagement-store';
import { HOST_FORMATS } from './host-formats';

function classified(store: EngagementStore, ctx: CommandContext): StandardVersion {
  ensureDerived(store, ctx, HOST_FORMATS);
  const current = currentStandard(store.db);
  if (!current) throw new PortcullisError('INTERNAL', `${store.path}: the standard was not adopted`);
  return current;
}

export function getStandard(store: EngagementStore, ctx: CommandContext): StandardVersion {
  return ensureStandard(store, ctx);
}

export function edit(store: EngagementStore, ctx: CommandContext, change: StandardEdit): StandardVersion {
  ensureClassified(store, ctx);
  return editStandard(store, ctx, change);
}

export function exportStandard(
  store: EngagementStore,
  ctx: CommandContext,
  format: 'markdown' | 'json',
): { fileName: string; mediaType: string; text: string; savedTo: null } {
  const current = ensureStandard(store, ctx);
  const base = `${current.document.id}-v${current.version}`;
  if (format === 'json') {
    return {
      fileName: `${base}.json`,
      mediaType: 'application/json',
      text: `${canonicalJson(current.document)}\n`,
      savedTo: null,
    };
  }
  return {
    fileName: `${base}.md`,
    mediaType: 'text/markdown',
    text: standardMarkdown(current, standardHistory(store.db)),
    savedTo: null,
  };
}

export function items(store: EngagementStore, ctx: CommandContext): ItemList & { items: WithReview[] } {
  const current = classified(store, ctx);
  const list = listItems(store.db, current.document, current.version);
  const reviews = reviewSummaries(store.db);
  return { ...list, items: list.items.map((i) => ({ ...i, review: reviews.get(i.key) ?? null })) };
}

type WithReview = InsecureItem & { review: ReviewSummary | null };

export function item(store: EngagementStore, ctx: CommandContext, key: string): ItemDetail & { item: WithReview } {
  const current = classified(store, ctx);
  const detail = itemDetail(store.db, current.document, current.version, key);
  if (!detail) throw new PortcullisError('NOT_FOUND', `${store.path}: no insecure item "${key}"`);
  return { ...detail, item: { ...detail.item, review: reviewSummaries(store.db).get(key) ?? null } };
}
