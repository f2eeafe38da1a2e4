// The network algebra the rest of the app uses: address and port sets, first-match evaluation of a packet,
// reachability of a destination with permissiveness figures, and the ruleset analysis.
export { AddressError, AddressSet } from './ip-set';
export { PortError, PortSet } from './port-set';
export { parseAddress, parseBlock, formatV4, formatV6, type Family } from './address';
export { protocolNumber, hasPorts } from './protocols';
export { PUBLIC_SPACE, RFC1918 } from './special-use';
export {
  compileDevice,
  defaultEntries,
  type CompiledDevice,
  type NetRule,
  type RuleRef,
  type Verdict,
} from './compile';
export { compiledDevice } from './device-cache';
export {
  evaluatePacket,
  evaluateCompiled,
  type DecidedBy,
  type Packet,
  type PacketResult,
  type TrailStep,
} from './evaluate';
export {
  reachability,
  reachabilityCompiled,
  type AdmittingRule,
  type ConditionalPart,
  type Permissiveness,
  type ReachabilityQuery,
  type ReachabilityResult,
} from './reachability';
export { analyseRules, type RuleAnalysis, type ShadowFinding, type UnreachableFinding } from './shadowing';
