// What the Drift tab asks: which two scan imports to compare, the kind of change and "insecure only"
// filters, the page, and the service whose timeline is shown. The rows are never kept here: each page
// comes from the core, which computes the drift of a pair once and pages it from there.
import { create } from 'zustand';
import type { Request, Response } from '../../../src-main/api/contract';
import type { ImportRecord } from '../api/types';

export type DriftPage = Response<'drift.compare'>;
export type DriftRow = DriftPage['rows'][number];
export type DriftKind = DriftRow['kind'];
export type DriftSide = NonNullable<DriftRow['before']>;
export type DriftRequest = Request<'drift.compare'>;
export type TimelineAnswer = Response<'drift.timeline'>;
export type TimelineRequest = Request<'drift.timeline'>;

export const DRIFT_PAGE = 100;
export const TIMELINE_PAGE = 50;

export const driftKinds: DriftKind[] = [
  'opened',
  'new-host',
  'closed',
  'host-gone',
  'service-changed',
  'scripts-changed',
];

export const kindLabels: Record<DriftKind, string> = {
  opened: 'Opened',
  'new-host': 'New host',
  closed: 'Closed',
  'host-gone': 'Host gone',
  'service-changed': 'Service changed',
  'scripts-changed': 'Scripts changed',
};

/** Rulebases and ticket exports hold rules or tickets; every other import is a scan drift can compare. */
export function isScanImport(r: ImportRecord): boolean {
  return r.ruleCount === 0 && r.ticketCount === 0;
}

/** "23/tcp" (or "23", meaning TCP) as typed; null when it is not a port. */
export function parseService(text: string): { port: number; proto: 'tcp' | 'udp' | 'sctp' } | null {
  const m = /^\s*(\d{1,5})\s*(?:\/\s*(tcp|udp|sctp))?\s*$/i.exec(text);
  if (!m) return null;
  const port = Number(m[1]);
  if (port > 65535) return null;
  return { port, proto: (m[2]?.toLowerCase() ?? 'tcp') as 'tcp' | 'udp' | 'sctp' };
}

interface TimelineDraft {
  service: string;
  host: string;
}

interface DriftState {
  /** Import ids as chosen; null until the user picks (the view then proposes the last two scans). */
  from: number | null;
  to: number | null;
  change: DriftKind | '';
  insecureOnly: boolean;
  offset: number;
  timeline: TimelineDraft;
  /** The service whose timeline is asked for (set by "Show" or a row's timeline button). */
  timelineFor: TimelineDraft | null;
  timelineOffset: number;
  setPair(from: number | null, to: number | null): void;
  setChange(change: DriftKind | ''): void;
  setInsecureOnly(on: boolean): void;
  setOffset(offset: number): void;
  setTimelineDraft(patch: Partial<TimelineDraft>): void;
  showTimeline(draft?: TimelineDraft): void;
  setTimelineOffset(offset: number): void;
  reset(): void;
}

const initial = {
  from: null,
  to: null,
  change: '' as const,
  insecureOnly: false,
  offset: 0,
  timeline: { service: '', host: '' },
  timelineFor: null,
  timelineOffset: 0,
};

export const useDriftStore = create<DriftState>((set, get) => ({
  ...initial,

  setPair(from, to) {
    set({ from, to, offset: 0 });
  },

  setChange(change) {
    set({ change, offset: 0 });
  },

  setInsecureOnly(on) {
    set({ insecureOnly: on, offset: 0 });
  },

  setOffset(offset) {
    set({ offset: Math.max(0, offset) });
  },

  setTimelineDraft(patch) {
    set((s) => ({ timeline: { ...s.timeline, ...patch } }));
  },

  showTimeline(draft) {
    const next = draft ?? get().timeline;
    set({ timeline: next, timelineFor: { service: next.service.trim(), host: next.host.trim() }, timelineOffset: 0 });
  },

  setTimelineOffset(offset) {
    set({ timelineOffset: Math.max(0, offset) });
  },

  reset() {
    set(initial);
  },
}));
