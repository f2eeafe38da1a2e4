// Drift and timelines on the command line: two generated scans imported, then `drift` as text (summary
// line, rows), JSON and CSV, filtered; `timeline` for one service; and wrong input refused with a
// message that says what was expected.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliIn } from './cli-helpers';
import { nmapXml, START_A, START_B, weekOne, weekTwo } from './drift-fixtures';
import { tempDir } from './helpers';

async function engagement(): Promise<string> {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'week1.xml'), nmapXml(weekOne(), START_A));
  writeFileSync(join(cwd, 'week2.xml'), nmapXml(weekTwo(), START_B));
  expect((await runCliIn(cwd, ['new', 'd.portcullis', '--entity', 'Acme', '--assessor', 'QSA'])).status).toBe(0);
  expect((await runCliIn(cwd, ['import', 'd.portcullis', 'week1.xml', 'week2.xml'])).status).toBe(0);
  return cwd;
}

describe('portcullis drift and timeline', () => {
  it('shows drift as text, JSON and CSV', async () => {
    const cwd = await engagement();
    const text = await runCliIn(cwd, ['drift', 'd.portcullis', '--from', '1', '--to', '2']);
    expect(text.status).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Drift from #1 week1.xml (scan 2025-10-20 08:00 UTC)',
      '        to #2 week2.xml (scan 2025-10-27 08:00 UTC), standard v1',
      'opened 2 (2 insecure) · new host 3 on 3 host(s) (1 insecure) · closed 2 (2 insecure) · host gone 2 on 2 host(s) (1 insecure) · service changed 2 (2 insecure) · scripts changed 3 (1 insecure)',
      '14 row(s)',
    ]);
    expect(text.stdout).toContain(
      'opened          192.0.2.10 23/tcp     — → open telnet Linux telnetd\n                INSECURE telnet\n',
    );
    expect(text.stdout).toContain(
      'scripts changed 192.0.2.10 443/tcp    open ssl/http nginx 1.18.0 → open ssl/http nginx 1.18.0\n' +
        '                TLS newly offered TLSv1.3; TLS withdrawn TLSv1.0; scripts ~ssl-enum-ciphers; facts gained 1; facts lost 2; no longer tls-deprecated-protocols, tls-weak-ciphers\n',
    );
    expect(text.stdout).toContain('\ntelnet: Telnet\n');

    const json = await runCliIn(cwd, [
      'drift',
      'd.portcullis',
      '--from',
      '1',
      '--to',
      '2',
      '--change',
      'new-host',
      '--insecure',
      '--json',
    ]);
    expect(json.status).toBe(0);
    const page = JSON.parse(json.stdout) as {
      total: number;
      rows: { host: string; port: number; rulesAfter: string[] }[];
    };
    expect(page.total).toBe(1);
    expect(page.rows.map((r) => [r.host, r.port, r.rulesAfter])).toEqual([['192.0.2.20', 161, ['snmp-v1-v2c']]]);

    const csv = await runCliIn(cwd, ['drift', 'd.portcullis', '--from', '1', '--to', '2', '--csv']);
    expect(csv.status).toBe(0);
    const rows = csv.stdout.trimEnd().split('\r\n');
    expect(rows).toHaveLength(15);
    expect(rows[0]).toBe(
      '"kind","host","hostNames","proto","port","beforeState","beforeService","beforeProduct","beforeVersion","afterState","afterService","afterProduct","afterVersion","insecure","rulesBefore","rulesAfter","changes"',
    );
    expect(rows).toContain(
      '"service-changed","192.0.2.11","","tcp","21","open","ftp","vsftpd","3.0.3","open","ftp","vsftpd","3.0.5","yes","ftp","ftp; ftp-anonymous","version 3.0.3 → 3.0.5"',
    );
    expect(rows).toContain('"host-gone","192.0.2.13","","","","","","","","","","","","no","","",""');
  });

  it('shows the timeline of one service', async () => {
    const cwd = await engagement();
    const out = await runCliIn(cwd, ['timeline', 'd.portcullis', '--port', '21/tcp']);
    expect(out.status).toBe(0);
    expect(out.stdout).toBe(
      [
        '21/tcp: 1 host(s) seen on it by 2 scan import(s)',
        'Scans:',
        '  #1    week1.xml (scan 2025-10-20 08:00 UTC)',
        '  #2    week2.xml (scan 2025-10-27 08:00 UTC)',
        '',
        'HOST        #1            #2',
        '192.0.2.11  open ftp !    open ftp !',
        '',
        '! insecure: ftp (FTP without TLS), ftp-anonymous (Anonymous FTP login allowed)',
        '',
      ].join('\n'),
    );
    const none = await runCliIn(cwd, ['timeline', 'd.portcullis', '--port', '23', '--host', 'mail.cde.example']);
    expect(none.stdout).toBe('23/tcp: 0 host(s) seen on it by 2 scan import(s)\n');
  });

  it('refuses wrong input with what was expected', async () => {
    const cwd = await engagement();
    const run = (...argv: string[]) => runCliIn(cwd, argv);
    const noFrom = await run('drift', 'd.portcullis', '--to', '2');
    expect([noFrom.status, noFrom.stderr]).toEqual([
      1,
      'portcullis: error: drift.compare: from: expected the earlier import\'s number, e.g. 3 (see "portcullis imports")\n',
    ]);
    const word = await run('drift', 'd.portcullis', '--from', 'first', '--to', '2');
    expect(word.stderr).toMatch(/drift\.compare: from: expected the earlier import's number/);
    const unknown = await run('drift', 'd.portcullis', '--from', '1', '--to', '9', '--json');
    expect(unknown.status).toBe(1);
    expect(JSON.parse(unknown.stdout)).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: 'to: there is no import #9 in this engagement (it has 2 import(s); see "portcullis imports")',
      },
    });
    const kind = await run('drift', 'd.portcullis', '--from', '1', '--to', '2', '--change', 'vanished');
    expect(kind.stderr).toMatch(/drift\.compare: change: .*expected one of "opened"\|"new-host"\|"closed"/);
    const port = await run('timeline', 'd.portcullis', '--port', 'telnet');
    expect([port.status, port.stderr]).toEqual([
      1,
      'portcullis: error: drift.timeline: port: expected a port number 0-65535\n',
    ]);
    const proto = await run('timeline', 'd.portcullis', '--port', '23/icmp');
    expect(proto.stderr).toBe('portcullis: error: drift.timeline: proto: expected the protocol tcp, udp or sctp\n');
  });
});
