// Host firewalls: iptables-save / ip6tables-save, nftables (text and JSON), and a generic CSV rule export.
// Shared conventions of these parsers, for the net module that evaluates their rules:
// - rulesets are "table/CHAIN" (iptables; "ip6/table/CHAIN" for the IPv6 half of a mixed file) and
//   "family/table/chain" (nftables; anonymous chains "…/chain/anon-LINE"); a jump/goto target is the
//   ruleset name of the chain it calls, on the same device;
// - action "other" with target null is a rule with no verdict (counters, comments): evaluation goes on;
//   "other" with a target (NAT, marks, NFQUEUE, set updates) says what the rule does instead;
// - fields never claim less than the rule matches: what they cannot hold is kept in `conditions`;
// - one nft rule naming several protocols, or ending in a verdict map, gives several model rules at the
//   same position (one per protocol / map entry); every table is kept, admission is decided by the
//   filter table / filter-type base chains.
import type { FormatSpec } from '../types';
import { iptablesList } from './iptables-list';
import { iptablesSave } from './iptables-save';
import { iptablesXml } from './iptables-xml';
import { nftJson } from './nft-json';
import { nftText } from './nft-text';
import { ruleCsv } from './rule-csv';

export const linuxRulebaseFormats: FormatSpec[] = [iptablesSave, iptablesList, iptablesXml, nftText, nftJson, ruleCsv];
