// NSX-T policy API vocabulary: rule actions, the connectivity strategy of a policy, the fields of rules and
// policies (read, or bookkeeping that changes no match), and the inline service entries a rule may carry.
import type { RuleAction } from '../../model/rule';
import type { ImportSink } from '../types';
import { arr, str, type JsonObject } from './cloud-common';
import type { Source } from './cloud-source';
import { ANY_SERVICE, portList, protocolName, type ServiceMatch } from './panos-junos-shared';
import type { onceNotes } from './vmware-nsx-common';

export const ACTIONS: Readonly<Record<string, RuleAction>> = { ALLOW: 'allow', DROP: 'drop', REJECT: 'reject' };
// connectivity_strategy makes NSX add a last rule to the policy: the policy's default (documented by NSX).
export const STRATEGY: Readonly<Record<string, RuleAction>> = {
  WHITELIST: 'drop',
  WHITELIST_ENABLE_LOGGING: 'drop',
  BLACKLIST: 'allow',
  BLACKLIST_ENABLE_LOGGING: 'allow',
};
// Identity, audit and bookkeeping fields: they change nothing about what is matched.
const BOOKKEEPING = [
  'id',
  'display_name',
  'description',
  'resource_type',
  'path',
  'parent_path',
  'relative_path',
  'unique_id',
  'realization_id',
  'remote_path',
  'origin_site_id',
  'owner_id',
  'marked_for_delete',
  'overridden',
  'tags',
  'children',
  '_create_time',
  '_create_user',
  '_last_modified_time',
  '_last_modified_user',
  '_protection',
  '_revision',
  '_system_owned',
  '_links',
  '_schema',
  '_self',
];
export const RULE_FIELDS = new Set([
  ...BOOKKEEPING,
  'action',
  'source_groups',
  'destination_groups',
  'sources_excluded',
  'destinations_excluded',
  'services',
  'service_entries',
  'profiles',
  'scope',
  'logged',
  'notes',
  'direction',
  'ip_protocol',
  'sequence_number',
  'disabled',
  'rule_id',
  'tag',
  'is_default',
  'internal_sequence_number',
]);
export const POLICY_FIELDS = new Set([
  ...BOOKKEEPING,
  'rules',
  'category',
  'scope',
  'sequence_number',
  'internal_sequence_number',
  'stateful',
  'tcp_strict',
  'locked',
  'lock_modified_by',
  'lock_modified_time',
  'is_default',
  'comments',
  'connectivity_strategy',
  'application_connectivity_strategy',
  'connectivity_preference',
  'rule_count',
  'scheduler_path',
]);

export type Once = ReturnType<typeof onceNotes>;

export interface Ctx {
  sink: ImportSink;
  source: Source;
  once: Once;
  device: string;
}

/** Protocol and ports of one inline service entry (NSX-T ServiceEntry types). */
export function serviceEntry(e: JsonObject, where: string, ctx: Ctx): ServiceMatch {
  const type = str(e, 'resource_type') ?? '';
  const bad: string[] = [];
  const ports = (key: string) => {
    const list = (arr(e, key) ?? []).map(String);
    return list.length ? portList(list, bad) : null;
  };
  let m: ServiceMatch;
  switch (type) {
    case 'L4PortSetServiceEntry':
    case 'ALGTypeServiceEntry': {
      const alg = str(e, 'alg');
      const raw = str(e, 'l4_protocol') ?? (alg && ALG_PROTOCOL[alg]) ?? '';
      m = {
        protocol: protocolName(raw) ?? 'any',
        ports: ports('destination_ports'),
        sourcePorts: ports('source_ports'),
        conditions: [],
      };
      if (alg) m.conditions.push(`ALG ${alg}`);
      if (!protocolName(raw)) m.conditions.push(`l4_protocol ${raw || '(none)'}`);
      break;
    }
    case 'ICMPTypeServiceEntry': {
      const v6 = /v6/i.test(str(e, 'protocol') ?? '');
      m = { protocol: v6 ? 'icmpv6' : 'icmp', ports: null, sourcePorts: null, conditions: [] };
      const t = str(e, 'icmp_type');
      const c = str(e, 'icmp_code');
      if (t !== null) m.conditions.push(`${m.protocol} type ${t}${c !== null ? ` code ${c}` : ''}`);
      break;
    }
    case 'IPProtocolServiceEntry':
      m = { ...ANY_SERVICE, protocol: protocolName(str(e, 'protocol_number') ?? '') ?? 'any', conditions: [] };
      if (!protocolName(str(e, 'protocol_number') ?? ''))
        m.conditions.push(`protocol ${str(e, 'protocol_number') ?? '(none)'}`);
      break;
    case 'IGMPTypeServiceEntry':
      m = { ...ANY_SERVICE, protocol: '2', conditions: [] };
      break;
    default: {
      const detail = str(e, 'ether_type') ?? str(e, 'nested_service_path') ?? JSON.stringify(e).slice(0, 60);
      m = { ...ANY_SERVICE, conditions: [`${type || 'service entry'} ${detail}`] };
      ctx.once(
        `entry ${type} ${detail}`,
        ctx.source.lineOf(e),
        `${where}: service entry ${type || '(no type)'} ${detail} not resolved; kept as any protocol with a condition`,
      );
    }
  }
  if (bad.length) {
    m.conditions.push(`ports ${bad.join(', ')}`);
    ctx.sink.note({
      line: ctx.source.lineOf(e),
      column: null,
      what: `${where}: ports "${bad.join(', ')}" not understood`,
    });
  }
  return m;
}

const ALG_PROTOCOL: Readonly<Record<string, string>> = {
  FTP: 'tcp',
  TFTP: 'udp',
  ORACLE_TNS: 'tcp',
  DCE_RPC: 'tcp',
  SUN_RPC_TCP: 'tcp',
  SUN_RPC_UDP: 'udp',
  MS_RPC_TCP: 'tcp',
  MS_RPC_UDP: 'udp',
  NBNS_BROADCAST: 'udp',
  NBDG_BROADCAST: 'udp',
};
