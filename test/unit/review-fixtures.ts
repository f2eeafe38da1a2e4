// The engagement the review tests share: the local nmap scan, an iptables rulebase for host fw1 (an
// allowlisted FTP rule and an any-source redis rule) and a stored attachment, plus a complete record for
// the anonymous-FTP item that makes it audit-ready.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NMAP_LOCAL_TCP_XML } from './import-scan-fixtures';
import { finished, tableFor } from './table-helpers';

const meta = { entity: 'Acme', assessor: 'A. Assessor' };
const FIREWALL = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 10.20.30.40/32 -p tcp -m tcp --dport 2121 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 6379 -j ACCEPT
COMMIT
`;
export async function setup() {
  const t = tableFor();
  await t.table.invoke('engagement.create', { path: 'r.portcullis', meta });
  writeFileSync(join(t.baseDir, 'scan.xml'), NMAP_LOCAL_TCP_XML);
  writeFileSync(join(t.baseDir, 'fw.rules'), FIREWALL);
  writeFileSync(join(t.baseDir, 'proof.png'), 'PNG screenshot of the refused connection');
  for (const [source, hostName] of [
    ['scan.xml', undefined],
    ['fw.rules', 'fw1'],
  ] as const) {
    const started = await t.table.invoke('import.files', {
      path: 'r.portcullis',
      sources: [source],
      ...(hostName ? { hostName } : {}),
    });
    await finished(t.events, (started as { value: { jobId: string } }).value.jobId);
  }
  const rules = (await t.table.invoke('rule.list', { path: 'r.portcullis' })) as {
    value: { rows: { ruleId: number; destinationPorts: string[] | null }[] };
  };
  const ftpRule = rules.value.rows.find((r) => r.destinationPorts?.includes('2121'))!.ruleId;
  const anyRule = rules.value.rows.find((r) => r.destinationPorts?.includes('6379'))!.ruleId;
  const added = (await t.table.invoke('file.add', {
    path: 'r.portcullis',
    sources: ['proof.png'],
    role: 'attachment',
  })) as {
    value: { jobId: string };
  };
  const proof = (await finished(t.events, added.value.jobId)).reply as { value: { sha256: string }[] };
  return { ...t, ftpRule, anyRule, proofSha: proof.value[0]!.sha256 };
}

export const KEY = 'ftp-anonymous|2121/tcp';

export function record(ruleId: number, sha256: string) {
  return {
    disposition: 'constrain',
    justification: 'Partner drop box for nightly settlement files',
    thirdParty: 'Settlement partner',
    owner: 'Payments ops',
    requester: 'R. Requester',
    approver: 'A. Approver',
    decisionDate: '2026-02-01',
    expiryDate: '2099-01-31',
    reviewCadenceDays: 180,
    status: 'approved',
    features: [
      {
        kind: 'network',
        title: 'Settlement partner reaches it only from its one gateway',
        implementedBy: [{ kind: 'rule', ruleId }],
        tests: [
          {
            procedure: 'Connect to 2121 from a host outside the allowlist',
            expected: 'refused',
            actual: 'timed out',
            result: 'pass',
            testedOn: '2026-11-20',
            tester: 'QSA',
            proof: { kind: 'file', sha256 },
          },
        ],
      },
    ],
  };
}
