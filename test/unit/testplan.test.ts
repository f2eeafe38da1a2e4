// Validation test plans: negative tests of a network feature derived from the rule it links (sources
// outside what the rule admits: named vantage points or addresses just outside the admitted block), stored
// with TP- references, and the scans that ran them recorded as passed/failed in the feature's tests with
// the import as proof. The scans here are written the way nmap writes a single-port connect scan.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AddressSet } from '../../src-main/core/net/index';
import { sampleSources } from '../../src-main/core/reconcile/testplan';
import { KEY, record, setup } from './review-fixtures';
import { finished } from './table-helpers';
import { runCliIn } from './cli-helpers';

type Plan = {
  cases: {
    ref: string;
    vantage: string;
    source: string;
    target: string;
    command: string;
    status: string;
    admitted: string[];
  }[];
  added: number;
  gaps: { featureId: string | null; message: string }[];
};

/** The XML nmap 7.93 writes for `nmap -Pn -n -sT -p PORT --reason -oX FILE TARGET`. */
function connectScan(file: string, target: string, port: number, state: string, reason: string): string {
  const args = `nmap -Pn -n -sT -p ${port} --reason -oX ${file} ${target}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="${args}" start="1796400000" startstr="Tue Dec  1 10:00:00 2026" version="7.93" xmloutputversion="1.05">
<scaninfo type="connect" protocol="tcp" numservices="1" services="${port}"/>
<verbose level="0"/>
<debugging level="0"/>
<host starttime="1796400000" endtime="1796400002"><status state="up" reason="user-set" reason_ttl="0"/>
<address addr="${target}" addrtype="ipv4"/>
<hostnames>
</hostnames>
<ports><port protocol="tcp" portid="${port}"><state state="${state}" reason="${reason}" reason_ttl="0"/><service name="ftp" method="table" conf="3"/></port>
</ports>
<times srtt="100" rttvar="5000" to="100000"/>
</host>
<runstats><finished time="1796400002" timestr="Tue Dec  1 10:00:02 2026" summary="Nmap done at Tue Dec  1 10:00:02 2026; 1 IP address (1 host up) scanned in 2.05 seconds" elapsed="2.05" exit="success"/><hosts up="1" down="0" total="1"/>
</runstats>
</nmaprun>
`;
}

describe('sample sources', () => {
  it('takes the addresses just outside each admitted block, then private fallbacks, never an admitted one', () => {
    expect(sampleSources(AddressSet.parse(['10.20.30.40/32']), '127.0.0.1')).toEqual([
      '10.20.30.41',
      '10.20.30.39',
      '10.254.254.10',
    ]);
    expect(sampleSources(AddressSet.parse(['10.0.0.0/8', '192.168.0.0/16']), '10.1.1.1', 4)).toEqual([
      '11.0.0.0',
      '9.255.255.255',
      '192.169.0.0',
      '192.167.255.255',
    ]);
    // 10.254.254.10 lies inside 0.0.0.0/1; the next fallback does not.
    expect(sampleSources(AddressSet.parse(['0.0.0.0/1']), '10.1.1.1', 2)).toEqual(['128.0.0.0', '192.168.254.10']);
  });
});

describe('test plans through the handler table', () => {
  it('plans cases from the linked rule, records scan results in the feature, and refuses nothing silently', async () => {
    const { table, events, baseDir, ftpRule, proofSha } = await setup();
    const path = 'r.portcullis';
    await table.invoke('review.apply', { path, key: KEY, record: record(ftpRule, proofSha) });

    const none = (await table.invoke('testplan.generate', { path, key: 'telnet|23/tcp' })) as {
      ok: boolean;
      error: { message: string };
    };
    expect(none).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const plan = (await table.invoke('testplan.generate', {
      path,
      key: KEY,
      vantage: [
        { name: 'store VLAN jump host', address: '10.50.1.10' },
        { name: 'backup server', address: '10.20.30.40' },
      ],
    })) as { ok: boolean; value: Plan };
    expect(plan.ok).toBe(true);
    expect(plan.value.added).toBe(1);
    expect(plan.value.cases.map((c) => [c.ref, c.vantage, c.source, c.target, c.status, c.admitted])).toEqual([
      ['TP-001', 'store VLAN jump host', '10.50.1.10', '127.0.0.1', 'planned', ['10.20.30.40/32']],
    ]);
    expect(plan.value.cases[0]!.command).toBe('nmap -Pn -n -sT -p 2121 --reason -oX portcullis-TP-001.xml 127.0.0.1');
    expect(plan.value.gaps.map((g) => g.message)).toEqual([
      'vantage point "backup server" (10.20.30.40) is admitted by fw1 to 127.0.0.1: a positive test, not a negative one',
    ]);

    // Without vantage points: samples just outside the allowlist. Planning again adds nothing new.
    const samples = (await table.invoke('testplan.generate', { path, key: KEY })) as { value: Plan };
    expect(samples.value.added).toBe(3);
    expect(samples.value.cases.map((c) => [c.ref, c.source])).toEqual([
      ['TP-001', '10.50.1.10'],
      ['TP-002', '10.20.30.41'],
      ['TP-003', '10.20.30.39'],
      ['TP-004', '10.254.254.10'],
    ]);
    const again = (await table.invoke('testplan.generate', { path, key: KEY })) as { value: Plan };
    expect(again.value.added).toBe(0);

    // The jump host's scan finds the port filtered: passed; a sample source's scan finds it open: failed.
    const scans: [string, string, string][] = [
      ['TP-001', 'filtered', 'no-response'],
      ['TP-002', 'open', 'syn-ack'],
    ];
    for (const [ref, state, reason] of scans) {
      const file = `portcullis-${ref}.xml`;
      writeFileSync(join(baseDir, file), connectScan(file, '127.0.0.1', 2121, state, reason));
      const started = (await table.invoke('import.files', { path, sources: [file] })) as { value: { jobId: string } };
      const done = (await finished(events, started.value.jobId)).reply as {
        value: { ok: boolean; tests?: { ref: string; status: string; state: string }[] }[];
      };
      expect(done.value[0]!.tests).toEqual([
        { ref, status: state === 'open' ? 'failed' : 'passed', state: `${state} (${reason})` },
      ]);
    }
    // Scans that ran planned tests are marked: they test a control, they do not say what is in use.
    const imported = (await table.invoke('import.list', { path })) as {
      value: { fileName: string; meta: Record<string, string> }[];
    };
    expect(imported.value.filter((i) => i.meta['testplan']).map((i) => [i.fileName, i.meta['testplan']])).toEqual([
      ['portcullis-TP-001.xml', 'TP-001'],
      ['portcullis-TP-002.xml', 'TP-002'],
    ]);
    const listed = (await table.invoke('testplan.list', { path, key: KEY, featureId: 'F1' })) as {
      value: { ref: string; status: string; resultImportId: number | null }[];
    };
    expect(listed.value.map((c) => [c.ref, c.status])).toEqual([
      ['TP-001', 'passed'],
      ['TP-002', 'failed'],
      ['TP-003', 'planned'],
      ['TP-004', 'planned'],
    ]);
    const state = (await table.invoke('review.get', { path, key: KEY })) as {
      value: {
        record: { features: { tests: { procedure: string; result: string; proof: unknown; actual: string }[] }[] };
        issues: { code: string }[];
      };
    };
    const tests = state.value.record.features[0]!.tests;
    expect(tests.map((t) => [t.procedure.slice(0, 7), t.result, t.proof])).toEqual([
      ['Connect', 'pass', { kind: 'file', sha256: proofSha }],
      ['TP-001:', 'pass', { kind: 'import', importId: listed.value[0]!.resultImportId }],
      ['TP-002:', 'fail', { kind: 'import', importId: listed.value[1]!.resultImportId }],
    ]);
    expect(tests[1]!.procedure).toBe(
      'TP-001: from store VLAN jump host (10.50.1.10) run: nmap -Pn -n -sT -p 2121 --reason -oX portcullis-TP-001.xml 127.0.0.1',
    );
    expect(state.value.issues.map((i) => i.code)).toContain('test-failed');
    const log = (await table.invoke('audit.list', { path })) as { value: { command: string }[] };
    expect(log.value.filter((e) => e.command === 'testplan.generate')).toHaveLength(2);
    expect(log.value.filter((e) => e.command === 'testplan.results')).toHaveLength(2);
    await table.close();
  });

  it('says why a feature gets no case: no rule linked, or a rule that admits any source', async () => {
    const { table, ftpRule, anyRule, proofSha } = await setup();
    const path = 'r.portcullis';
    const f = record(ftpRule, proofSha).features[0]!;
    await table.invoke('review.apply', {
      path,
      key: 'unauthenticated-store|6379/tcp',
      record: {
        features: [
          { ...f, title: 'Nothing linked', implementedBy: [] },
          { ...f, title: 'Redis open to all', implementedBy: [{ kind: 'rule', ruleId: anyRule }] },
        ],
      },
    });
    const plan = (await table.invoke('testplan.generate', { path, key: 'unauthenticated-store|6379/tcp' })) as {
      value: Plan;
    };
    expect(plan.value.cases).toEqual([]);
    expect(plan.value.gaps.map((g) => [g.featureId, g.message])).toEqual([
      ['F1', '"Nothing linked" links no rule line: link the rules that enforce it to derive its tests'],
      ['F2', 'fw1 admits any source to 127.0.0.1 6379/tcp: no address outside it to test from'],
    ]);
    const bad = await table.invoke('testplan.generate', { path, vantage: [{ name: 'x', address: 'not-an-ip' }] });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'vantage point "x": "not-an-ip" is not an IP address' },
    });
    await table.close();
  });
});

describe('testplan on the command line', () => {
  it('prints each case with where to run it, the command and the expected result', async () => {
    const { table, ftpRule, proofSha, baseDir } = await setup();
    await table.invoke('review.apply', { path: 'r.portcullis', key: KEY, record: record(ftpRule, proofSha) });
    await table.close();
    const out = await runCliIn(baseDir, ['testplan', 'r.portcullis', '--item', KEY, '--vantage', 'jump=10.50.1.10']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toBe(
      [
        '1 test case(s), 1 new: 1 planned, 0 passed, 0 failed, 0 inconclusive.',
        '',
        `${KEY}, feature F1 (rules of fw1):`,
        '  TP-001  PLANNED      from jump (10.50.1.10) to 127.0.0.1 2121/tcp',
        '         run:      nmap -Pn -n -sT -p 2121 --reason -oX portcullis-TP-001.xml 127.0.0.1',
        '         expected: filtered or closed (the source is outside the admitted set)',
        '',
      ].join('\n'),
    );
  });
});
