// OSCAL 1.1 assessment results: one result for Requirement 1.2.6 with, per insecure item, an observation
// (what discovery found, where, from which source files) and a finding (satisfied when the item is
// audit-ready). Source files are back-matter resources with their SHA-256 and path in the package. UUIDs
// derive from the package id, so the same package gives the same document.
import { createHash } from 'node:crypto';
import type { EngagementInfo } from '../../model/engagement';
import type { PackageFile } from './files';
import type { ExportedItems } from './items';
import type { TestLine } from './tests';

export const OSCAL_VERSION = '1.1.2';
const CONTROL = 'pcidss-1.2.6';

export interface OscalInput {
  packageId: string;
  exportTime: string;
  engagement: EngagementInfo;
  items: ExportedItems;
  tests: readonly TestLine[];
  files: readonly PackageFile[];
  /** File name of each import, by id. */
  importNames: ReadonlyMap<number, string>;
  /** Evidence reference of each package path. */
  refOfPath: ReadonlyMap<string, string>;
  hasReport: boolean;
}

/** A version-5-shaped UUID derived from the package id and a name (stable for the same package). */
export function stableUuid(packageId: string, name: string): string {
  const h = createHash('sha256').update(`${packageId}\n${name}`).digest('hex').split('');
  h[12] = '5';
  h[16] = ['8', '9', 'a', 'b'][parseInt(h[16] ?? '0', 16) & 3]!;
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

const prop = (name: string, value: string | number) => ({
  name,
  value: String(value),
  ns: 'https://portcullis.invalid/ns',
});

export function oscalAssessmentResults(input: OscalInput): unknown {
  const id = (name: string) => stableUuid(input.packageId, name);
  const e = input.engagement;
  const resourceOf = new Map<number, string>();
  const resources = input.files.map((f) => {
    const uuid = id(`file:${f.path}`);
    if (f.importId !== null) resourceOf.set(f.importId, uuid);
    const ref = input.refOfPath.get(f.path);
    return {
      uuid,
      title: f.path.slice(f.path.lastIndexOf('/') + 1),
      description: `${f.role === 'original' ? 'Imported original' : 'Attachment'}${ref ? ` (evidence ${ref})` : ''}`,
      rlinks: [{ href: f.path.replace(/^data\//, ''), hashes: [{ algorithm: 'SHA-256', value: f.sha256 }] }],
    };
  });
  const observations = input.items.items.map(({ item, hosts }) => {
    const tests = input.tests.filter((t) => t.itemKey === item.key);
    const passed = tests.filter((t) => t.result === 'pass').length;
    return {
      uuid: id(`observation:${item.key}`),
      title: item.summary,
      description: `${item.title} (${item.port}/${item.proto}) in use on ${hosts.length === 1 ? '1 host' : `${[...new Set(hosts.map((h) => h.host))].length} hosts`}: ${[...new Set(hosts.map((h) => h.host))].slice(0, 50).join(', ')}. Security-feature tests recorded: ${tests.length}, passed: ${passed}.`,
      props: [prop('item-key', item.key), prop('severity', item.severity), prop('match-basis', item.basis)],
      methods: tests.length > 0 ? ['TEST', 'EXAMINE'] : ['TEST'],
      types: ['finding'],
      collected: input.exportTime,
      'relevant-evidence': item.sources.map((s) => ({
        ...(resourceOf.has(s.importId) ? { href: `#${resourceOf.get(s.importId)}` } : {}),
        description: `Import #${s.importId}: ${input.importNames.get(s.importId) ?? s.fileName} (${s.format})`,
      })),
    };
  });
  const findings = input.items.items.map(({ item, review }) => ({
    uuid: id(`finding:${item.key}`),
    title: `${item.title} on ${item.port}/${item.proto}`,
    description: review.auditReady
      ? `Security features are defined, implemented and tested for ${item.summary}.`
      : `Not yet audit-ready: ${review.issues
          .filter((i) => i.severity === 'blocker')
          .map((i) => i.message)
          .join(' ')}`,
    props: [
      prop('item-key', item.key),
      prop('disposition', review.record.disposition ?? 'none'),
      prop('exception-status', review.record.status),
    ],
    target: {
      type: 'statement-id',
      'target-id': `${CONTROL}_smt`,
      status: { state: review.auditReady ? 'satisfied' : 'not-satisfied' },
    },
    'related-observations': [{ 'observation-uuid': id(`observation:${item.key}`) }],
  }));
  const assessor = id('party:assessor');
  return {
    'assessment-results': {
      uuid: id('assessment-results'),
      metadata: {
        title: `PCI DSS v4.0.1 Requirement 1.2.6 (insecure services, protocols and ports): ${e.entity}`,
        'last-modified': input.exportTime,
        version: input.packageId,
        'oscal-version': OSCAL_VERSION,
        parties: [
          { uuid: assessor, type: 'person', name: e.assessor },
          { uuid: id('party:entity'), type: 'organization', name: e.entity },
        ],
      },
      'import-ap': {
        href: `#${id('assessment-plan')}`,
        remarks: 'No OSCAL assessment plan: the scope and methodology are described in the PDF report.',
      },
      results: [
        {
          uuid: id('result'),
          title: 'Insecure services, protocols and ports in use (Requirement 1.2.6)',
          description: `Every insecure item found in the engagement's evidence under the insecure-services standard version ${input.items.standardVersion}, with its review.`,
          start: e.periodStart ? `${e.periodStart}T00:00:00Z` : e.createdAt,
          ...(e.periodEnd ? { end: `${e.periodEnd}T23:59:59Z` } : {}),
          props: [prop('engagement-id', e.engagementId)],
          'reviewed-controls': {
            'control-selections': [{ 'include-controls': [{ 'control-id': CONTROL }] }],
          },
          ...(observations.length > 0 ? { observations } : {}),
          ...(findings.length > 0 ? { findings } : {}),
        },
      ],
      'back-matter': {
        resources: [
          input.hasReport
            ? { uuid: id('assessment-plan'), title: 'Scope and methodology', rlinks: [{ href: 'report.pdf' }] }
            : { uuid: id('assessment-plan'), title: 'Scope and methodology', description: 'Not in this package.' },
          ...resources,
        ],
      },
    },
  };
}
