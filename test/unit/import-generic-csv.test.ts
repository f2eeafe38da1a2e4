// Generic CSV: the RFC 4180 streaming reader, column mapping (explicit and from header names), port lists
// and ranges, data kept as text (formula-like cells included), broken input, and scanner CSV exports
// from the corpus imported through an explicit mapping.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDecoder, sniffEncoding } from '../../src-main/core/import/decode';
import { csvReader, MAX_RECORD } from '../../src-main/core/import/generic/csv-reader';
import { genericCsv, parsePorts } from '../../src-main/core/import/generic/csv';
import { importFile, HEAD_BYTES } from '../../src-main/core/import/run-import';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import { queryObservations } from '../../src-main/core/store/observations';
import { corpus, corpusAvailable, countBy, importInto, parseError, parseWith } from './import-helpers';
import { fixedContext, newEngagement, tempDir } from './helpers';

/** Runs the reader over `text` in pieces of `piece` characters; returns [line, fields] per record. */
function read(text: string, piece = 4093) {
  const records: [number, string[]][] = [];
  const anomalies: string[] = [];
  const r = csvReader({
    onRecord: (f, line) => records.push([line, f]),
    onAnomaly: (a) => anomalies.push(`${a.line}:${a.column} ${a.what}`),
  });
  for (let i = 0; i < text.length; i += piece) r.write(text.slice(i, i + piece));
  r.end();
  return { records, anomalies };
}

const obs = (o: { hostIp: string | null; hostNames: string[]; proto: string; port: number; state: string }) =>
  `${o.hostIp ?? o.hostNames.join('|')} ${o.proto}/${o.port} ${o.state}`;

describe('csv reader (RFC 4180)', () => {
  // Hand-written: quoted delimiters, a quoted line break, doubled quotes, an empty field, CRLF ends,
  // a blank line, and a last record without a line end.
  const TEXT = 'a,b,c\r\n"1,5","two\r\nlines","say ""hi"""\r\n,,\r\n\r\nx,"",z';
  const EXPECTED: [number, string[]][] = [
    [1, ['a', 'b', 'c']],
    [2, ['1,5', 'two\r\nlines', 'say "hi"']],
    [4, ['', '', '']],
    [6, ['x', '', 'z']],
  ];

  it('reads quoted fields, embedded line breaks and doubled quotes, at every chunk size', () => {
    for (const piece of [1, 2, 3, 5, 7, 4093]) expect(read(TEXT, piece).records, `piece ${piece}`).toEqual(EXPECTED);
    expect(read(TEXT).anomalies).toEqual([]);
  });

  it('LF-only files read the same', () => {
    expect(read(TEXT.replace(/\r\n/g, '\n'), 3).records).toEqual(
      EXPECTED.map(([l, f]) => [l, f.map((x) => x.replace(/\r\n/g, '\n'))] as [number, string[]]),
    );
  });

  it('chooses ; or tab from the header line', () => {
    expect(read('ip;port;note\n10.0.0.1;22;"a;b"\n', 2).records).toEqual([
      [1, ['ip', 'port', 'note']],
      [2, ['10.0.0.1', '22', 'a;b']],
    ]);
    expect(read('ip\tport\n10.0.0.1\t22\n').records[1]).toEqual([2, ['10.0.0.1', '22']]);
  });

  it('keeps a stray quote as text and says so', () => {
    const r = read('a,b\nsay "hi",2\n"x"y,3\n');
    expect(r.records.slice(1)).toEqual([
      [2, ['say "hi"', '2']],
      [3, ['xy', '3']],
    ]);
    expect(r.anomalies).toEqual([
      '2:5 a quote inside an unquoted field is kept as a character',
      '2:8 a quote inside an unquoted field is kept as a character',
      '3:4 text after a closing quote is kept as part of the field',
    ]);
  });

  it('a file that ends inside a quoted field is an error at the opening quote', () => {
    const err = parseError(() => read('a,b\n1,"open\nstill open\n', 4));
    expect([err.line, err.message]).toEqual([
      2,
      'the file ends inside a quoted field opened on line 2; expected a closing quote',
    ]);
  });

  it('a record longer than the limit is refused rather than held', () => {
    const err = parseError(() => read(`a,b\n1,"${'x'.repeat(MAX_RECORD)}"\n`, 65536));
    expect(err.line).toBe(2);
    expect(err.message).toMatch(/record longer than/);
  });
});

describe('generic CSV: mapping and rows', () => {
  it('maps common header names without a mapping, one observation per host/proto/port', () => {
    // Hand-written CMDB-style export.
    const text = [
      'IP Address,Host Name,Protocol,Port,State,Service Name,Product,Version',
      '10.0.0.5,pay01.example.com,tcp,22,open,ssh,OpenSSH,8.9p1',
      '10.0.0.5,pay01.example.com,TCP,"80,443",open,http,nginx,1.24',
      '10.0.0.5,pay01.example.com,udp,161,open|filtered,snmp,,',
      '10.0.0.5,pay01.example.com,tcp,22,open,ssh,OpenSSH,8.9p1',
      ',pos-07,tcp,8000-8002,LISTEN,,,',
      '',
    ].join('\r\n');
    for (const piece of [3, 4093]) {
      const r = parseWith(genericCsv, text, {}, piece);
      expect(r.observations.map(obs)).toEqual([
        '10.0.0.5 tcp/22 open',
        '10.0.0.5 tcp/80 open',
        '10.0.0.5 tcp/443 open',
        '10.0.0.5 udp/161 open|filtered',
        'pos-07 tcp/8000 listening',
        'pos-07 tcp/8001 listening',
        'pos-07 tcp/8002 listening',
      ]);
      expect(r.observations[0]).toMatchObject({
        hostNames: ['pay01.example.com'],
        service: 'ssh',
        product: 'OpenSSH',
        version: '8.9p1',
      });
      expect(r.hosts).toEqual([
        { ip: '10.0.0.5', hostNames: ['pay01.example.com'], mac: null, status: 'unknown', seenAt: null },
        { ip: null, hostNames: ['pos-07'], mac: null, status: 'unknown', seenAt: null },
      ]);
      expect(r.meta).toMatchObject({
        mapping: 'automatic (from header names)',
        rows: '5',
        'duplicate-rows': '1',
        'rows-skipped': '0',
      });
      expect(r.meta.columns).toBe(
        'IP Address → ip, Host Name → hostname, Protocol → proto, Port → port, State → state, Service Name → service, Product → product, Version → version',
      );
      expect(r.notes).toEqual([]);
    }
  });

  it('uses an explicit mapping for any column names; unmapped columns are ignored', () => {
    const text = 'Asset,Svc Port,Transport,Owner\nweb02,443,tcp,team-a\n192.168.1.1,53,udp,team-b\n';
    const r = parseWith(genericCsv, text, { columns: { Asset: 'host', 'Svc Port': 'port', Transport: 'protocol' } });
    expect(r.observations.map(obs)).toEqual(['web02 tcp/443 open', '192.168.1.1 udp/53 open']);
    expect(r.meta).toMatchObject({ mapping: 'explicit', 'state-assumed': 'open for every row (no state column)' });
  });

  it('notes rows missing a host or a port, with their lines, and bad values', () => {
    // Line 3 holds a quoted line break, so the rows after it start one line later.
    const text = [
      'ip,port,proto,state',
      ',22,tcp,open',
      '10.0.0.1,"80',
      '81",tcp,open',
      '10.0.0.2,,tcp,open',
      '10.0.0.3,70-60,tcp,open',
      '10.0.0.4,http,tcp,open',
      '10.0.0.5,25,icmp,open',
      '10.0.0.6,25,tcp,Active',
      'not-an-ip,25,,',
      '10.0.0.7,0,tcp,open',
      '',
    ].join('\n');
    const r = parseWith(genericCsv, text, {}, 5);
    expect(r.observations.map(obs)).toEqual(['10.0.0.1 tcp/80 open', '10.0.0.1 tcp/81 open', 'not-an-ip tcp/25 open']);
    expect(r.notes).toEqual([
      { line: 2, column: null, what: 'no host (the host columns are empty); row skipped' },
      { line: 5, column: null, what: 'no port; row skipped' },
      { line: 6, column: null, what: 'port range "70-60" is not within 1-65535; skipped' },
      { line: 7, column: null, what: 'port "http" is not a port, range or list; skipped' },
      { line: 8, column: null, what: 'protocol "icmp" is not tcp, udp or sctp; row skipped' },
      {
        line: 9,
        column: null,
        what: 'state "Active" is not a port state (open, closed, filtered, listening…); row skipped',
      },
      { line: 10, column: null, what: '"not-an-ip" in the ip column is not an IP address; kept as a host name' },
      {
        line: 11,
        column: null,
        what: 'port 0 is not a service port (scanners use it for host-level findings); skipped',
      },
    ]);
    // Nine records after the header (lines 3-4 are one record).
    expect(r.meta).toMatchObject({
      rows: '9',
      'rows-skipped': '7',
      'proto-assumed': 'tcp for 1 rows with an empty protocol',
      'state-assumed': 'open for 1 rows with an empty state',
    });
  });

  it('keeps formula-like cells as plain text, never evaluated', () => {
    const text =
      'host,port,service,product,version,process\n' +
      `"=HYPERLINK(""http://x"")",22,"=cmd|' /C calc'!A0",+SUM(1;2),-2+3,@SUM(A1)\n`;
    const r = parseWith(genericCsv, text, {});
    expect(r.observations).toHaveLength(1);
    expect(r.observations[0]).toMatchObject({
      hostIp: null,
      hostNames: ['=HYPERLINK("http://x")'],
      service: "=cmd|' /C calc'!A0",
      product: '+SUM(1;2)',
      version: '-2+3',
      process: '@SUM(A1)',
    });
  });

  it('reads port cells: lists, ranges, protocol suffixes', () => {
    expect(parsePorts('80, 443;8443 8080', 'tcp').ports.map((p) => p.port)).toEqual([80, 443, 8443, 8080]);
    expect(parsePorts('8000-8002', 'udp').ports).toEqual([
      { port: 8000, proto: 'udp' },
      { port: 8001, proto: 'udp' },
      { port: 8002, proto: 'udp' },
    ]);
    expect(parsePorts('53/udp,tcp/22', 'tcp').ports).toEqual([
      { port: 53, proto: 'udp' },
      { port: 22, proto: 'tcp' },
    ]);
    expect(parsePorts('0-2', 'tcp').ports.map((p) => p.port)).toEqual([1, 2]);
    expect(parsePorts('1-65536', 'tcp').ports).toEqual([]);
    expect(parsePorts('1-65535', 'tcp').ports).toHaveLength(65535);
  });
});

describe('generic CSV: broken input', () => {
  it('a mapping that does not fit the file is an error at the header', () => {
    const text = 'a,b\n1,2\n';
    const err = parseError(() => parseWith(genericCsv, text, { columns: { Address: 'ip', b: 'portnumber' } }));
    expect(err.line).toBe(1);
    expect(err.message).toMatch(/"portnumber" \(for column "b"\) is not a field; expected one of host, ip, hostname/);
    expect(err.message).toMatch(/column "Address" is not in the header/);
  });

  it('a header without host and port columns is refused, naming what it found', () => {
    const err = parseError(() => parseWith(genericCsv, 'name,owner\nx,y\n', {}));
    expect([err.line, err.message]).toEqual([
      1,
      'expected a header row naming a host column (ip, host, hostname…) and a port column; found "name", "owner"; give a column mapping',
    ]);
  });

  it('0 bytes, binary junk and another format are refused', () => {
    expect(parseError(() => parseWith(genericCsv, '', {})).message).toMatch(/expected a CSV header row/);
    expect(parseError(() => parseWith(genericCsv, Buffer.from('ip,port\n\0\0'), {})).message).toMatch(/binary data/);
    const xml =
      '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<nmaprun><host/></nmaprun>\n';
    expect(parseError(() => parseWith(genericCsv, xml, {})).message).toMatch(
      /expected a header row naming a host column/,
    );
  });

  it('a cut file fails inside a quoted field, and otherwise notes that its last row may be cut', () => {
    const text = 'ip,port,service\n10.0.0.1,22,"multi\nline"\n10.0.0.2,8080,http\n';
    expect(parseError(() => parseWith(genericCsv, text.slice(0, 30), {})).line).toBe(2);
    const cut = parseWith(genericCsv, text.slice(0, text.indexOf('8080') + 1), {});
    expect(cut.observations.map(obs)).toEqual(['10.0.0.1 tcp/22 open', '10.0.0.2 tcp/8 open']);
    expect(cut.notes).toEqual([
      { line: 4, column: null, what: 'row has 2 fields, the header 3' },
      { line: 4, column: null, what: 'the file does not end with a line break: its last row may be cut' },
    ]);
    expect(parseWith(genericCsv, text, {}).notes).toEqual([]);
  });

  it('a failed import leaves the engagement unchanged', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ports.csv'), 'ip,port\n10.0.0.1,"22\n');
    const store = newEngagement(dir);
    await expect(importFile(store, fixedContext(), join(dir, 'ports.csv'))).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/ports\.csv: line 2: the file ends inside a quoted field.*nothing was imported/),
    });
    for (const t of ['import', 'observation', 'scan_host', 'parse_note', 'artifact', 'stored_file']) {
      expect(store.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
    }
    expect(verifyAuditChain(store.db)).toMatchObject({ valid: true, entries: 1 });
    store.close();
  });
});

describe.skipIf(!corpusAvailable)('generic CSV on scanner exports from the corpus', () => {
  it('Nessus CSV (nessus_many_vuln2-all.csv) with an explicit mapping: 2 ports in use on 1 host', async () => {
    // python3 csv.reader: 30 rows, all Host 52.208.101.182; Port 443 x19, 80 x4, 0 x7 (records starting
    // on lines 10, 180, 190, 194, 351, 373, 399); Protocol tcp x29, udp x1 (a port-0 row). Distinct
    // (Host, Protocol, Port) with Port != 0: (tcp, 80), (tcp, 443) -> 23 rows, 21 repeats.
    const columns = { Host: 'ip', Protocol: 'proto', Port: 'port' };
    const { store, result } = await importInto(corpus('scans/django-DefectDojo--nessus_many_vuln2-all.csv'), {
      format: 'generic-csv',
      columns,
    });
    expect(result).toMatchObject({ format: 'generic-csv', hostCount: 1, observationCount: 2, noteCount: 7 });
    expect(result.meta).toMatchObject({
      mapping: 'explicit',
      columns: 'Host → ip, Protocol → proto, Port → port',
      rows: '30',
      'rows-skipped': '7',
      'duplicate-rows': '21',
    });
    expect(result.firstNotes.map((n) => n.line)).toEqual([10, 180, 190, 194, 351, 373, 399]);
    const rows = queryObservations(store.db, {}, { offset: 0, limit: 10 }).rows;
    expect(rows.map(obs)).toEqual(['52.208.101.182 tcp/80 open', '52.208.101.182 tcp/443 open']);
    store.close();
  });

  it('Tenable CSV with ";" delimiter (nessus_new.csv) with an explicit mapping: 34 ports on 34 hosts', () => {
    // python3 csv.DictReader(delimiter=';'): 99 rows, protocol TCP in all, port 0 in 65; the other 34
    // rows hold 34 distinct asset.display_ipv4_address values, one port each. `tail -c 1 | od -c`: the file
    // has no final line break, so a 66th note says the last row may be cut.
    const columns = { 'asset.display_ipv4_address': 'ip', port: 'port', protocol: 'proto' };
    const r = parseWith(genericCsv, readFileSync(corpus('scans/django-DefectDojo--nessus_new.csv')), { columns }, 4093);
    expect(r.meta).toMatchObject({ delimiter: ';', rows: '99', 'rows-skipped': '65', 'duplicate-rows': '0' });
    expect(r.observations).toHaveLength(34);
    expect(r.hosts).toHaveLength(34);
    expect(countBy(r.observations, (o) => o.proto)).toEqual({ tcp: 34 });
    expect(countBy(r.notes, (n) => n.what.replace(/ \(.*/, ''))).toEqual({
      'port 0 is not a service port': 65,
      'the file does not end with a line break: its last row may be cut': 1,
    });
  });

  it('Qualys CSV (many_finding.csv) by header names: 4 ports on 3 hosts', () => {
    // python3 csv.DictReader: 4 rows; (IP, PROTOCOL, PORT): 18.238.109.17 tcp 80 and 443,
    // 44.207.58.177 tcp 443, 44.220.118.158 tcp 80; HOSTNAME one per IP.
    const r = parseWith(genericCsv, readFileSync(corpus('scans/django-DefectDojo--many_finding.csv')), {}, 7);
    expect(r.observations.map(obs)).toEqual([
      '18.238.109.17 tcp/80 open',
      '18.238.109.17 tcp/443 open',
      '44.207.58.177 tcp/443 open',
      '44.220.118.158 tcp/80 open',
    ]);
    expect(countBy(r.hosts, (h) => h.hostNames.join())).toEqual({
      'help.example.co': 1,
      'jt.example.co': 1,
      'data.example.co': 1,
    });
    expect(r.meta.columns).toBe('IP → ip, HOSTNAME → hostname, PORT → port, PROTOCOL → proto');
  });

  it('claims only the CSV exports whose header names host and port columns, at 0.5', () => {
    const rows = readFileSync(corpus('MANIFEST.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'));
    const claimed: string[] = [];
    for (const [, , file = ''] of rows) {
      const bytes = readFileSync(corpus(file)).subarray(0, HEAD_BYTES);
      let head = '';
      try {
        const { encoding, bom } = sniffEncoding(bytes);
        head = createDecoder(encoding, bom).decode(bytes, 0);
      } catch {
        head = '';
      }
      const score = genericCsv.detect(head, file.split('/').pop() ?? '');
      if (score > 0) {
        expect(score, file).toBe(0.5);
        claimed.push(file);
      }
    }
    // grep -P '\t(nessus|qualys|openvas)-csv\t' MANIFEST.tsv -> 11 files; nessus_new.csv names its
    // columns asset.display_ipv4_address etc., and many_vulns_qid.csv has three preamble rows before
    // its header, so neither has a host+port header row: 9 remain.
    expect(claimed.sort()).toEqual([
      'scans/django-DefectDojo--Qualys_Sample_Report.csv',
      'scans/django-DefectDojo--many_finding.csv',
      'scans/django-DefectDojo--many_vuln.csv',
      'scans/django-DefectDojo--monthly_pci_issue6932.csv',
      'scans/django-DefectDojo--nessus_many_vuln.csv',
      'scans/django-DefectDojo--nessus_many_vuln2-all.csv',
      'scans/django-DefectDojo--report_detail_v2.csv',
      'scans/django-DefectDojo--report_using_CVE.csv',
      'scans/django-DefectDojo--tenable_many_vuln.csv',
    ]);
  });
});
