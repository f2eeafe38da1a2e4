// The network algebra the rest of the app uses: exact address and port sets, first-match evaluation of one
// packet, reachability of a destination (admitted sources, the rules admitting them, what is only
// conditional, permissiveness figures) and the ruleset analysis (shadowed / unreachable rules). Pure: plain
// data in, no I/O; imports only ../model.
//
// Entry rulesets. evaluatePacket starts in the one it is given. reachability takes one or several (a source
// counts as admitted if any of them admits it) and, given none, uses defaultEntries(): every ruleset with
// a default policy that no jump/goto enters, minus output-path and NAT/mangle/raw chains and all-egress
// rulesets. For iptables that is filter/INPUT and filter/FORWARD: traffic to the host itself meets INPUT
// only, traffic through a router FORWARD only, so callers who know which applies should name it.
//
// Undecidable rules (conditions, unresolved names, an interface/zone/direction/source port the query
// leaves open) "may match": results say what holds for sure and what only conditionally, and why.
// Compiled devices are cached per rules array (compiledDevice): do not change an array once passed in.
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
