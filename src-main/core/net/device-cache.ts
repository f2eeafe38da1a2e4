// Compiling is the costly step; callers that ask many questions of the same rule list reuse the result.
// Keyed on the identity of the rules array (and the policies array beside it), so nothing leaks.
import type { RulesetPolicy } from '../model/rule';
import { compileDevice, type CompiledDevice, type NetRule } from './compile';

const cache = new WeakMap<
  readonly NetRule[],
  { policies: readonly RulesetPolicy[]; byDevice: Map<string, CompiledDevice> }
>();

/** The device the rules are about: the one named, or the only one present. */
export function pickDevice(rules: readonly NetRule[], policies: readonly RulesetPolicy[], device?: string): string {
  if (device !== undefined) return device;
  const names = new Set([...rules.map((r) => r.device), ...policies.map((p) => p.device)]);
  if (names.size !== 1) {
    throw new Error(
      `expected rules of one device or a device name; found ${names.size === 0 ? 'none' : [...names].slice(0, 10).join(', ')}`,
    );
  }
  return [...names][0]!;
}

export function compiledDevice(
  rules: readonly NetRule[],
  policies: readonly RulesetPolicy[],
  device?: string,
): CompiledDevice {
  const name = pickDevice(rules, policies, device);
  let entry = cache.get(rules);
  if (!entry || entry.policies !== policies) cache.set(rules, (entry = { policies, byDevice: new Map() }));
  let compiled = entry.byDevice.get(name);
  if (!compiled) entry.byDevice.set(name, (compiled = compileDevice(rules, policies, name)));
  return compiled;
}
