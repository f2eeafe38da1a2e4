// Rulebase imports through the handler table and the CLI: rule counts on imports, devices, the rule
// listing, and reachability answers checked against the corpus files by hand.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finished, tableFor } from './table-helpers';
import { corpus, corpusAvailable } from './import-helpers';
import { runCliIn } from './cli-helpers';
import { tempDir } from './helpers';

const meta = { entity: 'Acme', assessor: 'A. Assessor' };

function cli(cwd: string, ...argv: string[]) {
  return runCliIn(cwd, argv, { workers: true });
}

describe.skipIf(!corpusAvailable)('rules through the handler table', () => {
  it('imports a host firewall, lists its device, rules and policies, and answers reachability', async () => {
    const { table, events } = tableFor({ open: true });
    await table.invoke('engagement.create', { path: 'fw.portcullis', meta });
    const started = await table.invoke('import.files', {
      path: 'fw.portcullis',
      sources: [corpus('rulebases/batfish-example-host1.iptables')],
      hostName: 'host1',
    });
    const done = await finished(events, (started as { value: { jobId: string } }).value.jobId);
    // Two -A lines in *filter: "-A INPUT -p udp --dport 53" and "-A INPUT -p tcp --dport 22".
    expect(done.reply).toMatchObject({
      ok: true,
      value: [{ ok: true, result: { format: 'iptables-save', ruleCount: 2 } }],
    });
    expect(await table.invoke('import.list', { path: 'fw.portcullis' })).toMatchObject({
      ok: true,
      value: [{ ruleCount: 2 }],
    });

    const devices = await table.invoke('rule.devices', { path: 'fw.portcullis' });
    expect(devices).toMatchObject({ ok: true, value: [{ device: 'host1', format: 'iptables-save' }] });
    const input = (
      devices as { value: { rulesets: { ruleset: string; rules: number; policy: string }[] }[] }
    ).value[0]!.rulesets.find((r) => r.ruleset === 'filter/INPUT');
    // ":INPUT DROP [157:11076]"
    expect(input).toEqual({ ruleset: 'filter/INPUT', rules: 2, policy: 'drop' });

    const rules = await table.invoke('rule.list', { path: 'fw.portcullis', device: 'host1', ruleset: 'filter/INPUT' });
    expect(rules).toMatchObject({
      ok: true,
      value: {
        total: 2,
        rows: [
          { order: 1, action: 'allow', protocol: 'udp', destinationPorts: ['53'], lineFrom: 15 },
          {
            order: 2,
            action: 'allow',
            protocol: 'tcp',
            destinationPorts: ['22'],
            lineFrom: 16,
            text: '-A INPUT -p tcp --dport 22 -j ACCEPT',
          },
        ],
      },
    });

    const ssh = await table.invoke('rule.reach', {
      path: 'fw.portcullis',
      device: 'host1',
      entry: ['filter/INPUT'],
      destination: '10.0.0.5',
      proto: 'tcp',
      port: 22,
    });
    expect(ssh).toMatchObject({
      ok: true,
      value: {
        admittedCidrs: ['0.0.0.0/0'],
        permissiveness: { anySource: true, admittedV4: '4294967296' },
        byRule: [{ rule: { ruleset: 'filter/INPUT', order: 2, lineFrom: 16 }, cidrs: ['0.0.0.0/0'] }],
      },
    });
    const telnet = await table.invoke('rule.reach', {
      path: 'fw.portcullis',
      device: 'host1',
      entry: ['filter/INPUT'],
      destination: '10.0.0.5',
      port: 23,
    });
    expect(telnet).toMatchObject({
      ok: true,
      value: { admittedCidrs: [], permissiveness: { anySource: false, admittedV4: '0' } },
    });

    expect(
      await table.invoke('rule.reach', { path: 'fw.portcullis', device: 'fw9', destination: '10.0.0.5', port: 23 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/no rules for device "fw9"; expected one of: host1/) },
    });
    expect(
      await table.invoke('rule.reach', {
        path: 'fw.portcullis',
        device: 'host1',
        entry: ['filter/NOPE'],
        destination: '10.0.0.5',
        port: 23,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/"filter\/NOPE" is not a ruleset of host1/) },
    });
    await table.close();
  });
});

describe.skipIf(!corpusAvailable)('rules on the command line', () => {
  it('imports a security group export and answers which sources reach MySQL', async () => {
    const cwd = tempDir();
    await cli(cwd, 'new', 'aws.portcullis', '--entity', 'Acme', '--assessor', 'QSA');
    const imported = await cli(
      cwd,
      'import',
      'aws.portcullis',
      corpus('rulebases/batfish-hybrid-aws-SecurityGroups.json'),
    );
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/AWS security groups .*: 43 rule\(s\)/);

    const rules = await cli(cwd, 'rules', 'aws.portcullis', '--device', 'vpc-b390fad5', '--json', '--limit', '5000');
    expect(rules.status).toBe(0);
    const listed = JSON.parse(rules.stdout) as { rows: { ruleset: string; destinationPorts: string[] | null }[] };
    // sg-55510831 ingress: 5 CIDR ranges + 1 group pair on tcp/3306 (lines 86-121 of the export).
    expect(
      listed.rows.filter((r) => r.ruleset === 'sg-55510831 (default) ingress' && r.destinationPorts?.[0] === '3306'),
    ).toHaveLength(6);

    const reach = await cli(
      cwd,
      'reach',
      'aws.portcullis',
      '--device',
      'vpc-b390fad5',
      '--to',
      '10.0.0.20',
      '--port',
      '3306/tcp',
      '--entry',
      'sg-55510831 (default) ingress',
      '--json',
    );
    expect(reach.status).toBe(0);
    const [answer] = JSON.parse(reach.stdout) as { admittedCidrs: string[]; conditional: unknown[] }[];
    expect(answer!.admittedCidrs.length).toBeGreaterThan(0);
    expect(answer!.conditional.length).toBeGreaterThan(0); // the sg-cf3f86b3 reference cannot be resolved offline
    const text = await cli(cwd, 'reach', 'aws.portcullis', '--to', '10.0.0.20', '--port', '3306/tcp');
    expect(text.stdout).toMatch(/vpc-b390fad5 \(entry .*\): 10\.0\.0\.20 3306\/tcp/);
  });
});

describe('reach options on the command line', () => {
  it('combines several entries as any or all, and passes the inbound interface', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'fw.rules'),
      [
        '*filter',
        ':INPUT DROP [0:0]',
        ':FORWARD DROP [0:0]',
        ':OUTPUT ACCEPT [0:0]',
        '-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT',
        '-A FORWARD -s 10.1.0.0/16 -p tcp -m tcp --dport 22 -j ACCEPT',
        '-A FORWARD -i eth1 -s 192.168.0.0/16 -p tcp -m tcp --dport 22 -j ACCEPT',
        'COMMIT',
        '',
      ].join('\n'),
    );
    await cli(dir, 'new', 'e.portcullis', '--entity', 'Acme', '--assessor', 'QSA');
    await cli(dir, 'import', 'e.portcullis', 'fw.rules', '--host', 'fw1');
    const reach = async (...extra: string[]) => {
      const r = await cli(
        dir,
        'reach',
        'e.portcullis',
        '--to',
        '10.9.9.9',
        '--port',
        '22/tcp',
        '--device',
        'fw1',
        ...extra,
        '--json',
      );
      expect(r.status).toBe(0);
      return (JSON.parse(r.stdout) as { admittedCidrs: string[]; conditionalCidrs: string[] }[])[0]!;
    };
    const both = ['--entry', 'filter/INPUT', '--entry', 'filter/FORWARD'];
    // Any entry: 10/8 from INPUT (10.1/16 inside it); 192.168/16 only if the interface is eth1.
    expect(await reach(...both)).toMatchObject({ admittedCidrs: ['10.0.0.0/8'], conditionalCidrs: ['192.168.0.0/16'] });
    // All entries (ordered layers): only what both admit.
    expect(await reach(...both, '--all-entries')).toMatchObject({ admittedCidrs: ['10.1.0.0/16'] });
    // Arriving on eth1 decides the interface condition.
    expect(await reach(...both, '--in-interface', 'eth1')).toMatchObject({
      admittedCidrs: ['10.0.0.0/8', '192.168.0.0/16'],
      conditionalCidrs: [],
    });
  });
});

describe.skipIf(!corpusAvailable)('zero-rule files on the command line', () => {
  it('say what they hold instead of counting hosts', async () => {
    const dir = tempDir();
    await cli(dir, 'new', 'e.portcullis', '--entity', 'Acme', '--assessor', 'QSA');
    const r = await cli(dir, 'import', 'e.portcullis', corpus('rulebases/batfish-fortios-address.conf'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      ': 0 rule(s): the file holds FortiGate objects without firewall policy, 1 parse-coverage note(s)',
    );
  });
});
