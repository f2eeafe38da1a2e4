// PAN-OS vocabulary for panos-model: which parts of a configuration are read, which are deliberately
// skipped (and why), predefined services, and actions.
import type { RuleAction } from '../../model/rule';
import type { ServiceMatch } from './panos-junos-shared';

/** Predefined services every PAN-OS device has. */
export const PREDEFINED_SERVICES: Readonly<Record<string, ServiceMatch>> = {
  'service-http': { protocol: 'tcp', ports: ['80', '8080'], sourcePorts: null, conditions: [] },
  'service-https': { protocol: 'tcp', ports: ['443'], sourcePorts: null, conditions: [] },
};

/**
 * Top-level parts that carry no traffic policy, deliberately not imported: device and network settings,
 * administrators, Panorama templates (interfaces and zones pushed to firewalls), logging, licences.
 */
export const IGNORED_TOP = new Set([
  'network',
  'mgt-config',
  'template',
  'template-stack',
  'readonly',
  'log-collector',
  'log-collector-group',
  'panorama',
  'plugins',
  'cli',
  'ha',
  'platform',
  'wildfire-appliance',
  'wildfire-appliance-cluster',
  'device-certificate',
]);

/**
 * Object kinds inside a vsys / device group / shared that do not decide which traffic is admitted: zones
 * (interface membership), applications (their identification, kept by name in conditions), security
 * profiles, tags, schedules (kept by name), logging and user-identification settings.
 */
export const IGNORED_IN_SCOPE = new Set([
  'zone',
  'application',
  'application-filter',
  'application-tag',
  'application-status',
  'tag',
  'schedule',
  'profiles',
  'profile-group',
  'log-settings',
  'import',
  'setting',
  'region',
  'dynamic-user-group',
  'botnet',
  'reports',
  'report-group',
  'pdf-summary-report',
  'email-scheduler',
  'admin-role',
  'authentication-profile',
  'authentication-sequence',
  'certificate',
  'certificate-profile',
  'ssl-tls-service-profile',
  'server-profile',
  'local-user-database',
  'response-page',
  'ocsp-responder',
  'user-id-collector',
  'user-id-agent',
  'user-id-ssl-auth',
  'threats',
  'display-name',
  'visible-vsys',
  'devices',
  'description',
  'reference-templates',
  'authorization-code',
  'master-device',
  'to-sw-version',
  'parent-dg',
  'global-protect',
  'ssl-decrypt',
  'url-admin-override',
  'content-preview',
  'authentication-object',
  'scep',
  'sdwan-interface-profile',
  'dns-proxy',
  'vm-info-source',
  'group-mapping',
  'captive-portal',
  'redistribution-agent',
  'ts-agent',
  'data-objects',
  'url-content-types',
  'user-id-redistribution',
  'override',
]);

/**
 * Rulebases other than security, deliberately not imported: NAT translates addresses but does not admit
 * traffic (the security rulebase decides, on pre-NAT addresses and post-NAT zones); application override,
 * decryption, policy-based forwarding, QoS, DoS, tunnel inspection and authentication policies change how
 * admitted traffic is handled, not whether it is admitted.
 */
export const IGNORED_RULEBASES = new Set([
  'nat',
  'application-override',
  'decryption',
  'ssl-decrypt',
  'pbf',
  'qos',
  'dos',
  'tunnel-inspect',
  'sdwan',
  'authentication',
  'network-packet-broker',
  'captive-portal',
]);

/** Rule fields that do not narrow or widen the match: logging, profiles, tags, identifiers. */
export const IGNORED_FIELDS = new Set([
  'tag',
  'group-tag',
  'log-start',
  'log-end',
  'log-setting',
  'profile-setting',
  'option',
  'icmp-unreachable',
  'qos',
  'uuid',
  'disable-inspect',
  'source-region',
  'destination-region',
]);

/** What this interpreter reads inside a vsys, device group or shared. */
export const SCOPE_KEYWORDS = new Set([
  'address',
  'address-group',
  'service',
  'service-group',
  'application-group',
  'external-list',
  'rulebase',
  'pre-rulebase',
  'post-rulebase',
]);

export const CONDITION_FIELDS = [
  'source-user',
  'category',
  'hip-profiles',
  'source-hip',
  'destination-hip',
  'source-imei',
  'source-imsi',
  'source-nw-slice',
];

export const ACTIONS: Readonly<Record<string, RuleAction>> = {
  allow: 'allow',
  deny: 'deny',
  drop: 'drop',
  'reset-client': 'reject',
  'reset-server': 'reject',
  'reset-both': 'reject',
};
