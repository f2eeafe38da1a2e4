// The evidence register: imports and attachments get E-001… in the order they were stored, the assessor
// describes each as the Report on Compliance lists it, interviews and observations are notes of their
// own, every change is audited, and bad requests are refused without writing anything.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliIn } from './cli-helpers';
import { tempDir } from './helpers';
import { NMAP_LOCAL_TCP_XML } from './import-scan-fixtures';

describe('evidence register', () => {
  it('lists imports and attachments with references, describes them, adds an interview, and refuses misuse', async () => {
    const dir = tempDir();
    const cli = (...argv: string[]) => runCliIn(dir, argv, { env: { PORTCULLIS_ACTOR: 'qsa' } });
    writeFileSync(join(dir, 'scan.xml'), NMAP_LOCAL_TCP_XML);
    writeFileSync(join(dir, 'standard.pdf'), '%PDF-1.4 insecure services standard v3');
    await cli('new', 'e.portcullis', '--entity', 'Acme', '--assessor', 'QSA');
    await cli('import', 'e.portcullis', 'scan.xml');
    await cli('file', 'add', 'e.portcullis', 'standard.pdf', '--role', 'attachment');

    const list = JSON.parse((await cli('evidence', 'e.portcullis', '--json')).stdout) as {
      ref: string;
      type: string;
      title: string;
      file: { name: string; role: string } | null;
      collectedBy: string;
    }[];
    expect(list.map((e) => [e.ref, e.type, e.title, e.file?.role, e.collectedBy])).toEqual([
      ['E-001', 'system', 'scan.xml', 'original', 'qsa'],
      ['E-002', 'document', 'standard.pdf', 'attachment', 'qsa'],
    ]);

    const set = await cli(
      'evidence',
      'set',
      'e.portcullis',
      'E-002',
      '--title',
      'Insecure services standard',
      '--version',
      '3.0',
      '--revision-date',
      '2026-03-01',
      '--purpose',
      'How the entity decides what is insecure',
      '--procedure',
      '1.2.6.a',
    );
    expect(set.status).toBe(0);
    expect(set.stdout).toMatch(
      /^E-002 {2}document {4}Insecure services standard \[v3\.0, 1\.2\.6\.a\] {2}— standard\.pdf \(attachment, /,
    );

    const interview = await cli(
      'evidence',
      'note',
      'e.portcullis',
      '--type',
      'interview',
      '--title',
      'Network engineer on the FTP exception',
      '--note',
      'Roles: network engineer, CISO. Topics: partner drop box, allowlist review.',
      '--procedure',
      '1.2.6.b',
    );
    expect(interview.stdout).toMatch(/^E-003 {2}interview {3}Network engineer on the FTP exception \[1\.2\.6\.b\]/);

    const csv = (await cli('evidence', 'e.portcullis', '--csv')).stdout.split('\r\n');
    expect(csv[0]).toBe(
      '"ref","type","title","version","purpose","revision_date","collected_on","collected_by","file","sha256","procedure","sample_set","note"',
    );
    expect(csv[2]).toMatch(
      /^"E-002","document","Insecure services standard","3\.0","How the entity decides what is insecure","2026-03-01",/,
    );

    const audit = (await cli('audit', 'log', 'e.portcullis')).stdout;
    expect(audit).toMatch(/evidence\.update/);
    expect(audit).toMatch(/evidence\.note/);

    const wrongType = await cli('evidence', 'set', 'e.portcullis', 'E-001', '--type', 'interview');
    expect(wrongType.status).toBe(1);
    expect(wrongType.stderr).toContain('E-001 is a stored file (scan.xml): its type is document or system evidence');
    const badRef = await cli('evidence', 'set', 'e.portcullis', 'E-42x', '--title', 'x');
    expect(badRef.stderr).toMatch(/expected an evidence reference such as E-001/);
    const missing = await cli('evidence', 'set', 'e.portcullis', 'E-999', '--title', 'x');
    expect(missing.stderr).toMatch(/no evidence E-999/);
    const emptyNote = await cli('evidence', 'note', 'e.portcullis', '--type', 'observation', '--title', 'Walk-through');
    expect(emptyNote.stderr).toMatch(/an observation needs a title and a note/);
    const after = JSON.parse((await cli('evidence', 'e.portcullis', '--json')).stdout) as unknown[];
    expect(after).toHaveLength(3);
  });
});
