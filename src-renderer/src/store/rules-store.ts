// What the Rules tab shows and asks: the chosen device and ruleset, the page of its rules, the rule that
// is open, the reachability question as typed and its last answer. Kept here rather than in the
// components so switching tabs loses nothing. The rules themselves are not kept: each page comes from
// the core.
import { create } from 'zustand';
import { call, messageOf } from '../api/client';
import type { ReachRequest, ReachResult, RuleDevice, RuleRef } from '../api/types';

export const RULES_PAGE = 200;

/** A device is named by its import too: two imports may hold a device of the same name. */
export interface DeviceKey {
  importId: number;
  device: string;
}

export function keyOf(d: RuleDevice): DeviceKey {
  return { importId: d.importId, device: d.device };
}

export function sameDevice(a: DeviceKey | null | undefined, b: DeviceKey | null | undefined): boolean {
  return !!a && !!b && a.importId === b.importId && a.device === b.device;
}

/** What the list has chosen: a device of an import, or (device null) the first device of an import. */
export type DeviceSelection = { importId: number; device: string | null };

export function isSelected(d: DeviceKey, selection: DeviceSelection | null): boolean {
  return (
    !!selection && d.importId === selection.importId && (selection.device === null || d.device === selection.device)
  );
}

export type ReachDirection = 'in' | 'out' | 'any';

export interface ReachDraft {
  destination: string;
  port: string;
  proto: string;
  direction: ReachDirection;
  /** The device to ask about; null follows the device chosen in the list. */
  device: DeviceKey | null;
  /** Entry rulesets ticked; none = the core's choice. */
  entries: string[];
}

export const emptyReachDraft: ReachDraft = {
  destination: '',
  port: '',
  proto: 'tcp',
  direction: 'in',
  device: null,
  entries: [],
};

/** A reachability question as sent, and its answer or the core's refusal. */
export type ReachAnswer =
  | { request: ReachRequest & { importId: number }; result: ReachResult; error: null }
  | { request: ReachRequest & { importId: number }; result: null; error: string };

interface RulesState {
  /** The device chosen in the list; null = the first one. */
  selected: DeviceSelection | null;
  /** One ruleset of the device, or null for all of them. */
  ruleset: string | null;
  offset: number;
  /** The rule whose details are open. */
  expanded: number | null;
  /** A rule shown from a reachability answer: highlighted and scrolled to once (seq tells requests apart). */
  focus: { ruleId: number; seq: number } | null;
  locateError: string | null;
  draft: ReachDraft;
  reach: ReachAnswer | null;
  checking: boolean;
  selectDevice(key: DeviceKey, ruleset?: string | null): void;
  /** Shows the first device of an import (from the imports table). */
  selectImport(importId: number): void;
  selectRuleset(ruleset: string | null): void;
  setOffset(offset: number): void;
  toggleRule(ruleId: number): void;
  /** Selects the rule's device and ruleset, turns to the page it is on and opens it. */
  showRule(path: string, device: DeviceKey, ruleset: string, rule: RuleRef | null): Promise<void>;
  setDraft(patch: Partial<ReachDraft>): void;
  check(path: string, request: ReachRequest & { importId: number }): Promise<void>;
  reset(): void;
}

const initial = {
  selected: null,
  ruleset: null,
  offset: 0,
  expanded: null,
  focus: null,
  locateError: null,
  draft: emptyReachDraft,
  reach: null,
  checking: false,
};

// Counters outside the state: a newer request makes the answer of an older one stale.
let focusSeq = 0;
let checkSeq = 0;

/**
 * The offset of the page holding a rule of one ruleset. Pages are in evaluation order, so the order
 * number gives the page straight away when orders run 1, 2, 3...; otherwise a binary search over pages.
 */
async function locateRule(path: string, device: DeviceKey, ruleset: string, rule: RuleRef): Promise<number | null> {
  const base = { path, importId: device.importId, device: device.device, ruleset };
  let lo = 0;
  let hi = Number.MAX_SAFE_INTEGER;
  let page = Math.max(0, Math.floor((rule.order - 1) / RULES_PAGE));
  for (let tries = 0; tries < 64; tries++) {
    const { total, rows } = await call('rule.list', { ...base, offset: page * RULES_PAGE, limit: RULES_PAGE });
    hi = Math.min(hi, Math.max(0, Math.ceil(total / RULES_PAGE) - 1));
    if (rows.some((r) => r.ruleId === rule.ruleId)) return page * RULES_PAGE;
    const first = rows[0];
    const last = rows.at(-1);
    if (!first || !last || rule.order <= first.order) hi = page - 1;
    else if (rule.order >= last.order) lo = page + 1;
    else return null;
    if (lo > hi) return null;
    page = lo + Math.floor((hi - lo) / 2);
  }
  return null;
}

export const useRulesStore = create<RulesState>((set, get) => ({
  ...initial,

  selectDevice(key, ruleset = null) {
    const selected = get().selected;
    const same = !!selected && selected.device !== null && sameDevice({ ...selected, device: selected.device }, key);
    set((s) => ({
      selected: key,
      ruleset,
      offset: 0,
      expanded: null,
      focus: null,
      locateError: null,
      // The question follows the device chosen, with the core's choice of entries for it.
      draft: same ? s.draft : { ...s.draft, device: null, entries: [] },
    }));
  },

  selectImport(importId) {
    set((s) => ({
      ...initial,
      selected: { importId, device: null },
      draft: { ...s.draft, device: null, entries: [] },
      reach: s.reach,
    }));
  },

  selectRuleset(ruleset) {
    set({ ruleset, offset: 0, expanded: null, focus: null, locateError: null });
  },

  setOffset(offset) {
    set({ offset: Math.max(0, offset), expanded: null, focus: null });
  },

  toggleRule(ruleId) {
    set((s) => ({ expanded: s.expanded === ruleId ? null : ruleId }));
  },

  async showRule(path, device, ruleset, rule) {
    const seq = ++focusSeq;
    set({ selected: device, ruleset, offset: 0, expanded: null, focus: null, locateError: null });
    if (!rule || rule.ruleId === null) return;
    const ruleId = rule.ruleId;
    try {
      const offset = await locateRule(path, device, ruleset, rule);
      if (seq !== focusSeq) return;
      if (offset === null) {
        set({ locateError: `${ruleset} #${rule.order} is no longer among the rules of ${device.device}.` });
        return;
      }
      set({ offset, expanded: ruleId, focus: { ruleId, seq } });
    } catch (err) {
      if (seq === focusSeq) set({ locateError: messageOf(err) });
    }
  },

  setDraft(patch) {
    set((s) => ({ draft: { ...s.draft, ...patch } }));
  },

  async check(path, request) {
    const seq = ++checkSeq;
    set({ checking: true });
    try {
      const result = await call('rule.reach', { ...request, path });
      if (seq === checkSeq) set({ reach: { request, result, error: null } });
    } catch (err) {
      if (seq === checkSeq) set({ reach: { request, result: null, error: messageOf(err) } });
    } finally {
      if (seq === checkSeq) set({ checking: false });
    }
  },

  reset() {
    focusSeq++;
    checkSeq++;
    set(initial);
  },
}));
