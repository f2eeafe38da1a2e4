// A realistic engagement for the report tests, built through the handler table from real corpus files:
// two nmap scans (a /24 with telnet, VNC, RDP and HTTP; a 61-host sweep with FTP, telnet, MySQL…), a
// host listener inventory, a real iptables rulebase, a Cisco IOS configuration with one access-list
// line the parser skips (parse coverage), plus a generated rulebase for the core firewall that
// allowlists telnet, two attachments (a proof screenshot and the entity's standard), evidence register
// entries marked for 1.2.6.a / 1.2.6.b, and reviews: one audit-ready exception with a tested feature, one
// "disable" without proof of closure. No vitest import, so scratch scripts and the bench can use it too.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PortcullisEvent, Reply } from '../../src-main/api/contract';
import { createHandlerTable, type HandlerTable } from '../../src-main/api/handlers';
import type { Host } from '../../src-main/api/host';
import { InlineJobRunner } from '../../src-main/api/jobs/job-runner';

export const ENGAGEMENT = 'report.portcullis';
export const TELNET_KEY = 'telnet|23/tcp';

/** The core firewall in front of 192.168.1.0/24: telnet from the two jump hosts only, VNC from anywhere. */
export const CORE_FIREWALL = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -s 10.10.0.5/32 -d 192.168.1.0/24 -p tcp -m tcp --dport 23 -m comment --comment "CHG-1042 jump hosts to telnet" -j ACCEPT
-A FORWARD -s 10.10.0.6/32 -d 192.168.1.0/24 -p tcp -m tcp --dport 23 -j ACCEPT
-A FORWARD -d 192.168.1.0/24 -p tcp -m tcp --dport 5900 -j ACCEPT
-A INPUT -s 10.10.0.0/24 -p tcp -m tcp --dport 22 -j ACCEPT
COMMIT
`;

export interface ReportFixture {
  table: HandlerTable;
  baseDir: string;
  path: string;
  telnetRule: number;
  proofSha: string;
  standardDocSha: string;
  close(): Promise<void>;
}

function fixedNow(): () => string {
  let tick = 0;
  return () => new Date(Date.UTC(2026, 10, 1, 9, 0, 0) + tick++ * 1000).toISOString();
}

async function call<T>(table: HandlerTable, channel: string, request: unknown): Promise<T> {
  const reply = await table.invoke(channel, request);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
  return reply.value as T;
}

/** Builds the engagement in `baseDir` (relative names resolve there). `corpus(rel)` gives corpus paths. */
export async function buildReportEngagement(baseDir: string, corpus: (rel: string) => string): Promise<ReportFixture> {
  const waiters = new Map<string, (r: Reply<unknown>) => void>();
  const emit = (e: PortcullisEvent) => {
    if (e.type === 'job.finished') waiters.get(e.jobId)?.(e.reply);
  };
  const now = fixedNow();
  const host: Host = {
    face: 'cli',
    actor: 'qsa.alice',
    baseDir,
    identityDir: join(baseDir, 'identities'),
    now,
    dialogs: { openFiles: async () => [], saveFile: async () => null },
    mayAccess: () => true,
    grant: () => undefined,
    emit,
  };
  const table = createHandlerTable(host, new InlineJobRunner(emit, now));
  const job = async (channel: string, request: unknown) => {
    const started = await table.startJob(channel as 'import.files', request);
    if (!started.ok) throw new Error(`${channel}: ${started.error.message}`);
    const reply = await started.value.done;
    if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
    return reply.value;
  };
  const path = join(baseDir, ENGAGEMENT);
  await call(table, 'engagement.create', {
    path,
    meta: {
      entity: 'Northwind Payments Ltd',
      assessor: 'Alice Auditor',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      scopeNote:
        'Cardholder data environment: store network 192.168.1.0/24, payment switch hosts and the core firewall.',
    },
  });
  writeFileSync(join(baseDir, 'core-fw.rules'), CORE_FIREWALL);
  writeFileSync(join(baseDir, 'telnet-refused.txt'), 'telnet 192.168.1.1 23 from 10.10.9.9: Connection timed out\n');
  writeFileSync(join(baseDir, 'insecure-services-standard.txt'), 'Northwind insecure services standard v3.0\n');
  for (const [source, hostName] of [
    [corpus('scans/python-libnmap--full_sudo6.xml'), null],
    [corpus('scans/nmap-ndiff-random-2.xml'), null],
    [corpus('hosts/ss-tulpn-debian12.txt'), 'pos-db-01'],
    [corpus('rulebases/batfish-example-host1.iptables'), 'host1'],
    [corpus('rulebases/ciscoconfparse--sample_01.ios'), null],
    [join(baseDir, 'core-fw.rules'), 'fw-core'],
  ] as const) {
    const outcomes = (await job('import.files', { path, sources: [source], ...(hostName ? { hostName } : {}) })) as {
      ok: boolean;
      error?: { message: string };
    }[];
    if (!outcomes[0]?.ok) throw new Error(`import ${source}: ${outcomes[0]?.error?.message}`);
  }
  const stored = (await job('file.add', {
    path,
    sources: [join(baseDir, 'telnet-refused.txt'), join(baseDir, 'insecure-services-standard.txt')],
    role: 'attachment',
  })) as { sha256: string }[];
  const rules = await call<{ rows: { ruleId: number; device: string; destinationPorts: string[] | null }[] }>(
    table,
    'rule.list',
    { path, device: 'fw-core' },
  );
  const telnetRule = rules.rows.find((r) => r.destinationPorts?.includes('23'))!.ruleId;
  const register = await call<{ ref: string; title: string }[]>(table, 'evidence.list', { path });
  const standardRef = register.find((e) => e.title === 'insecure-services-standard.txt')!.ref;
  const fwRef = register.find((e) => e.title === 'core-fw.rules')!.ref;
  await call(table, 'evidence.update', {
    path,
    ref: standardRef,
    patch: {
      title: 'Insecure services standard',
      version: '3.0',
      revisionDate: '2026-03-01',
      purpose: 'How Northwind decides what is insecure',
      procedure: '1.2.6.a',
    },
  });
  await call(table, 'evidence.update', { path, ref: fwRef, patch: { procedure: '1.2.6.b', purpose: 'Core firewall' } });
  await call(table, 'evidence.note', {
    path,
    entry: {
      type: 'interview',
      title: 'Network engineer (B. Builder)',
      note: 'Roles: network engineer. Topics: telnet to the legacy PIN pads, jump hosts.',
      procedure: '1.2.6.b',
    },
  });
  await call(table, 'review.apply', {
    path,
    key: TELNET_KEY,
    record: {
      disposition: 'constrain',
      justification:
        'Legacy PIN-pad controllers only offer a telnet console; replacement is scheduled with the 2027 refresh.',
      owner: 'Store operations',
      requester: 'R. Requester',
      approver: 'C. Ciso',
      decisionDate: '2026-02-01',
      expiryDate: '2027-06-30',
      reviewCadenceDays: 180,
      status: 'approved',
      features: [
        {
          kind: 'network',
          title: 'Telnet reachable only from the two jump hosts',
          description: 'The core firewall admits 23/tcp from 10.10.0.5 and 10.10.0.6 only.',
          implementedBy: [{ kind: 'rule', ruleId: telnetRule }],
          tests: [
            {
              procedure: 'Connect to 192.168.1.1:23 from 10.10.9.9 (not allowlisted)',
              expected: 'refused or timed out',
              actual: 'timed out',
              result: 'pass',
              testedOn: '2026-10-20',
              tester: 'QSA',
              proof: { kind: 'file', sha256: stored[0]!.sha256 },
            },
          ],
        },
      ],
    },
  });
  await call(table, 'review.apply', {
    path,
    key: 'vnc|5900/tcp',
    record: { disposition: 'disable', owner: 'Store operations', tickets: [] },
  });
  return {
    table,
    baseDir,
    path,
    telnetRule,
    proofSha: stored[0]!.sha256,
    standardDocSha: stored[1]!.sha256,
    close: () => table.close(),
  };
}
