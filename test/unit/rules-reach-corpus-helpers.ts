// Helpers for the hand-checked reachability tests over the rulebase corpus: import a corpus file through
// the real runner (detection, parser, store) and ask the real engine the way the app does (rule.reach:
// reachInEngagement, direction 'in', entries combined with 'any').
import { afterEach, expect } from 'vitest';
import { reachInEngagement } from '../../src-main/api/reach';
import { AddressSet } from '../../src-main/core/net/index';
import type { EngagementStore } from '../../src-main/core/store/engagement-store';
import { corpus, importInto } from './import-helpers';

const opened: EngagementStore[] = [];
afterEach(() => {
  while (opened.length > 0) opened.pop()!.close();
});

export interface Flow {
  /** Needed when the file holds more than one device. */
  device?: string;
  to: string;
  /** Default tcp. */
  proto?: string;
  /** Default null (protocols without ports). */
  port?: number | null;
  entry?: string[];
  inInterface?: string;
  fromZone?: string;
  toZone?: string;
}

export interface Imported {
  devices: string[];
  reach: (flow: Flow) => ReturnType<typeof reachInEngagement>;
  /** admittedCidrs and conditionalCidrs only: what the hand checks decide. */
  answer: (flow: Flow) => { admitted: string[]; conditional: string[] };
}

/**
 * Imports `rulebases/<file>` of the corpus into a fresh engagement, checks that detection picked `format`,
 * and answers flows with the engine behind rule.reach.
 */
export async function importRulebase(file: string, format: string, hostName?: string): Promise<Imported> {
  const { store, result } = await importInto(corpus(`rulebases/${file}`), hostName ? { hostName } : {});
  opened.push(store);
  expect(result.format).toBe(format);
  const devices = store.db.prepare('SELECT DISTINCT device FROM rule ORDER BY device').pluck().all() as string[];
  const reach = (flow: Flow) => {
    const device = flow.device ?? devices[0];
    if (device === undefined || (flow.device === undefined && devices.length !== 1)) {
      throw new Error(`name the device: ${devices.join(', ')}`);
    }
    return reachInEngagement(store.db, {
      device,
      destination: flow.to,
      proto: flow.proto ?? 'tcp',
      port: flow.port ?? null,
      direction: 'in',
      combine: 'any',
      ...(flow.entry ? { entry: flow.entry } : {}),
      ...(flow.inInterface !== undefined ? { inInterface: flow.inInterface } : {}),
      ...(flow.fromZone !== undefined ? { fromZone: flow.fromZone } : {}),
      ...(flow.toZone !== undefined ? { toZone: flow.toZone } : {}),
    });
  };
  return {
    devices,
    reach,
    answer: (flow) => {
      const r = reach(flow);
      return { admitted: r.admittedCidrs, conditional: r.conditionalCidrs };
    },
  };
}

/** Every IPv4 address except `blocks`, in the engine's CIDR listing (sorted, merged). */
export function allV4Except(blocks: readonly string[]): string[] {
  return AddressSet.parse('0.0.0.0/0').subtract(AddressSet.parse(blocks)).toCidrs();
}

/** The first line of each rule credited with admitting sources (surely or conditionally); 'policy' for a default policy. */
export function creditedLines(r: ReturnType<typeof reachInEngagement>): (number | 'policy' | null)[] {
  return r.byRule.map((b) => (b.rule ? b.rule.lineFrom : 'policy'));
}
