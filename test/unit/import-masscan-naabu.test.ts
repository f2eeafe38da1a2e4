// masscan (JSON, XML, list) and naabu (JSON lines): corpus files, the quirks real versions write (trailing
// commas, {finished: 1}, zero-byte files, naabu's repeated ports and port objects), banners merged into
// the port they came from, and broken input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src-main/core/import/run-import';
import { masscanJsonFormat } from '../../src-main/core/import/scans/masscan-json';
import { masscanListFormat } from '../../src-main/core/import/scans/masscan-list';
import { masscanXmlFormat } from '../../src-main/core/import/scans/masscan-xml';
import { naabuJsonFormat } from '../../src-main/core/import/scans/naabu-json';
import { PortMerger } from '../../src-main/core/import/scans/port-merger';
import { blankObservation, type Observation } from '../../src-main/core/model/observation';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { corpus, corpusAvailable, importInto, parseError, parseWith } from './import-helpers';

const row = (o: Observation) => `${o.hostIp} ${o.proto}/${o.port} ${o.state}${o.service ? ` ${o.service}` : ''}`;
const facts = (o: Observation | undefined) => (o?.facts ?? []).map((f) => `${f.key}=${f.value}`);

describe.skipIf(!corpusAvailable)('masscan JSON and naabu: corpus files', () => {
  it('masscan-many_vuln.json: 4 open ports on one host', () => {
    // jq '[.[].ports[]] | length' -> 4; all proto tcp, status open, ip 172.29.0.3, timestamp 1785522037.
    const r = parseWith(masscanJsonFormat, readFileSync(corpus('scans/masscan-many_vuln.json')), {}, 7);
    expect(r.observations.map(row)).toEqual([
      '172.29.0.3 tcp/8080 open',
      '172.29.0.3 tcp/3000 open',
      '172.29.0.3 tcp/8443 open',
      '172.29.0.3 tcp/80 open',
    ]);
    expect(r.observations.every((o) => o.reason === 'syn-ack' && o.seenAt === '2026-07-31T18:20:37.000Z')).toBe(true);
    expect(r.hosts).toEqual([
      { ip: '172.29.0.3', hostNames: [], mac: null, status: 'up', seenAt: '2026-07-31T18:20:37.000Z' },
    ]);
    expect(r.meta).toEqual({ duplicates: '0' });
    expect(r.notes).toEqual([]);
  });

  it('masscan-one_vuln.json imports; the zero-byte masscan-no_vuln.json imports nothing when the format is chosen', async () => {
    expect(
      parseWith(masscanJsonFormat, readFileSync(corpus('scans/masscan-one_vuln.json'))).observations.map(row),
    ).toEqual(['172.29.0.3 tcp/80 open']);
    // Detection cannot claim 0 bytes ...
    const store = newEngagement(tempDir());
    await expect(importFile(store, fixedContext(), corpus('scans/masscan-no_vuln.json'))).rejects.toMatchObject({
      code: 'UNKNOWN_FORMAT',
    });
    store.close();
    // ... but masscan writes nothing at all when nothing is open, so the chosen format imports 0 ports.
    const { store: s2, result } = await importInto(corpus('scans/masscan-no_vuln.json'), { format: 'masscan-json' });
    expect(result).toMatchObject({ format: 'masscan-json', size: 0, observationCount: 0, hostCount: 0, noteCount: 0 });
    s2.close();
  });

  it('naabu-many_vuln.json: 8 lines, 4 ports, 4 repeats counted and not noted', async () => {
    // jq -s 'length' -> 8; jq -s 'unique_by(.ip,.port,.protocol) | length' -> 4 (ports 80, 3000, 8080, 8443).
    const { store, result } = await importInto(corpus('scans/naabu-many_vuln.json'));
    expect(result).toMatchObject({
      format: 'naabu-json',
      observationCount: 4,
      hostCount: 1,
      noteCount: 0,
      meta: { duplicates: '4' },
    });
    const ports = store.db.prepare('SELECT port FROM observation ORDER BY port').pluck().all();
    expect(ports).toEqual([80, 3000, 8080, 8443]);
    // The first report of a port is kept: its timestamp.
    expect(store.db.prepare('SELECT seen_at FROM observation WHERE port = 3000').pluck().get()).toBe(
      '2026-07-31T00:00:00.000Z',
    );
    store.close();
  });

  it('naabu-one_vuln.json: one port reported twice', () => {
    // jq -s 'length' -> 2, both 172.29.0.3 tcp/80.
    const r = parseWith(naabuJsonFormat, readFileSync(corpus('scans/naabu-one_vuln.json')), {}, 7);
    expect(r.observations.map(row)).toEqual(['172.29.0.3 tcp/80 open']);
    expect(r.meta).toEqual({ duplicates: '1' });
  });
});

/** Written to the layout of masscan 1.0.x out-json.c: a comma after every record and a {finished: 1} trailer. */
const MASSCAN_OLD_JSON = `[
{   "ip": "192.0.2.10",   "timestamp": "1456237400", "ports": [ {"port": 80, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 54} ] },
{   "ip": "192.0.2.11",   "timestamp": "1456237401", "ports": [ {"port": 161, "proto": "udp", "status": "open", "reason": "none", "ttl": 54} ] },
{finished: 1}
]
`;

/**
 * Written to the layout of current masscan out-json.c (records joined by ",\\n"; banners as separate
 * records with "service": {"name", "banner"}, and <, >, &, quotes escaped as \\u00XX).
 */
const MASSCAN_BANNERS_JSON = `[
{   "ip": "192.0.2.20",   "timestamp": "1700000000", "ports": [ {"port": 22, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }
,
{   "ip": "192.0.2.20",   "timestamp": "1700000000", "ports": [ {"port": 80, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }
,
{   "ip": "192.0.2.20",   "timestamp": "1700000003", "ports": [ {"port": 22, "proto": "tcp", "service": {"name": "ssh", "banner": "SSH-1.99-OpenSSH_3.9p1"} } ] }
,
{   "ip": "192.0.2.20",   "timestamp": "1700000003", "ports": [ {"port": 80, "proto": "tcp", "service": {"name": "title", "banner": "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"} } ] }
,
{   "ip": "192.0.2.20",   "timestamp": "1700000004", "ports": [ {"port": 80, "proto": "tcp", "service": {"name": "http", "banner": "HTTP/1.1 200 OK\\u000d\\u000aServer: nginx"} } ] }
,
{   "ip": "192.0.2.20",   "timestamp": "1700000004", "ports": [ {"port": 80, "proto": "tcp", "service": {"name": "http", "banner": "HTTP/1.1 200 OK\\u000d\\u000aServer: nginx"} } ] }
,
{   "ip": "2001:db8::20",   "timestamp": "1700000005", "ports": [ {"port": 443, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }
]
`;

describe('masscan JSON: version quirks and banners (hand-written to masscan output code)', () => {
  it('1.0.x: commas after records and the {finished: 1} trailer', () => {
    const r = parseWith(masscanJsonFormat, MASSCAN_OLD_JSON, {}, 7);
    expect(r.observations.map(row)).toEqual(['192.0.2.10 tcp/80 open', '192.0.2.11 udp/161 open']);
    expect(r.hosts.map((h) => h.ip)).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(r.notes).toEqual([]);
  });

  it('banners merge into the port they were grabbed from; an identical banner is a duplicate', () => {
    const r = parseWith(masscanJsonFormat, MASSCAN_BANNERS_JSON, {}, 5);
    // 7 records: 3 open ports (192.0.2.20 tcp/22, tcp/80; 2001:db8::20 tcp/443) and 4 banners for
    // 22 and 80, the last repeating the one before.
    expect(r.observations.map(row)).toEqual([
      '192.0.2.20 tcp/22 open ssh',
      '192.0.2.20 tcp/80 open http',
      '2001:db8::20 tcp/443 open',
    ]);
    expect(facts(r.observations[0])).toEqual(['banner=SSH-1.99-OpenSSH_3.9p1', 'ssh.protocol=1', 'ssh.protocol=2']);
    expect(facts(r.observations[1])).toEqual([
      'banner=<script>alert(1)</script>',
      'http.title=<script>alert(1)</script>',
      'banner=HTTP/1.1 200 OK\r\nServer: nginx',
    ]);
    expect(r.observations[1]?.facts[0]?.source).toBe('masscan:title');
    expect(r.observations[0]?.seenAt).toBe('2023-11-14T22:13:20.000Z');
    expect(r.meta).toEqual({ duplicates: '1' });
  });

  it('gives the same result whatever the piece size', () => {
    const whole = parseWith(masscanJsonFormat, MASSCAN_BANNERS_JSON, {}, 1 << 20);
    for (const size of [1, 2, 33]) expect(parseWith(masscanJsonFormat, MASSCAN_BANNERS_JSON, {}, size)).toEqual(whole);
  });

  it('broken input: cut files, other formats, junk, bad records', () => {
    const cutInRecord = MASSCAN_BANNERS_JSON.slice(0, MASSCAN_BANNERS_JSON.indexOf('"port": 80') + 3);
    expect(parseError(() => parseWith(masscanJsonFormat, cutInRecord))).toMatchObject({
      line: 4,
      message: expect.stringMatching(/before the closing "\]"; .*truncated/),
    });
    const cutBeforeEnd = MASSCAN_BANNERS_JSON.slice(0, MASSCAN_BANNERS_JSON.lastIndexOf(']'));
    expect(parseError(() => parseWith(masscanJsonFormat, cutBeforeEnd)).message).toMatch(/truncated/);
    expect(parseError(() => parseWith(masscanJsonFormat, '<?xml version="1.0"?>\n<nmaprun/>\n'))).toMatchObject({
      line: 1,
      message: expect.stringMatching(/^expected "\[" \(masscan -oJ writes a JSON array\)/),
    });
    expect(parseError(() => parseWith(masscanJsonFormat, Buffer.from([0x5b, 0x00, 0x7b]))).message).toMatch(
      /binary data/,
    );
    expect(
      parseError(() =>
        parseWith(
          masscanJsonFormat,
          '[\n{"ip": "10.0.0.1", "ports": [ {"port": 80, "proto": "tcp", "status": "open"} ] },\n{"ports": []}\n]\n',
        ),
      ),
    ).toMatchObject({ line: 3, message: 'expected the record to have an "ip" string' });
    expect(
      parseError(() =>
        parseWith(
          masscanJsonFormat,
          '[\n{"ip": "10.0.0.300", "ports": [ {"port": 80, "proto": "tcp", "status": "open"} ] }\n]\n',
        ),
      ),
    ).toMatchObject({ line: 2, message: 'expected an IP address, found "10.0.0.300"' });
    expect(
      parseError(() =>
        parseWith(
          masscanJsonFormat,
          '[\n{"ip": "10.0.0.1", "ports": [ {"port": 80, "proto": "tcp", "status": "open"} ] }\n]\ntrailing\n',
        ),
      ),
    ).toMatchObject({ line: 4 });
    expect(
      parseError(() =>
        parseWith(masscanJsonFormat, '[\n{"ip": "10.0.0.1", "ports": [ {"port": 80, proto: tcp} ] }\n]\n'),
      ).message,
    ).toMatch(/^not valid JSON/);
  });

  it('cut at any point, it fails on the line where it ends', () => {
    for (const fraction of [0.01, 0.25, 0.5, 0.75, 0.99]) {
      const head = MASSCAN_BANNERS_JSON.slice(0, Math.floor(MASSCAN_BANNERS_JSON.length * fraction));
      const err = parseError(() => parseWith(masscanJsonFormat, head, {}, 7));
      expect(err.line, `cut at ${head.length}`).toBe(head.split('\n').length);
      expect(err.message).toMatch(/truncated/);
    }
  });

  it('a broken masscan file through the runner leaves the engagement unchanged', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cut.json'), MASSCAN_BANNERS_JSON.slice(0, 400));
    const store = newEngagement(dir);
    await expect(importFile(store, fixedContext(), join(dir, 'cut.json'))).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/cut\.json: line \d+.*truncated.*nothing was imported/),
    });
    for (const t of ['import', 'observation', 'scan_host', 'parse_note', 'stored_file']) {
      expect(store.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
    }
    expect(verifyAuditChain(store.db)).toMatchObject({ valid: true, entries: 1 });
    store.close();
  });
});

/** Written to the layout of masscan out-xml.c (CRLF line ends, one <host> per status or banner record). */
const MASSCAN_XML = [
  '<?xml version="1.0"?>',
  '<!-- masscan v1.0 scan -->',
  '<nmaprun scanner="masscan" start="1700000000" version="1.0-BETA"  xmloutputversion="1.03">',
  '<scaninfo type="syn" protocol="tcp" />',
  '<host endtime="1700000001"><address addr="192.0.2.30" addrtype="ipv4"/><ports><port protocol="tcp" portid="23"><state state="open" reason="syn-ack" reason_ttl="64"/></port></ports></host>',
  '<host endtime="1700000001"><address addr="192.0.2.30" addrtype="ipv4"/><ports><port protocol="tcp" portid="443"><state state="open" reason="syn-ack" reason_ttl="64"/></port></ports></host>',
  '<host endtime="1700000004"><address addr="192.0.2.30" addrtype="ipv4"/><ports><port protocol="tcp" portid="23"><state state="open" reason="syn-ack" reason_ttl="64" /><service name="telnet" banner="\\xff\\xfb\\x01login: "></service></port></ports></host>',
  '<host endtime="1700000004"><address addr="192.0.2.30" addrtype="ipv4"/><ports><port protocol="tcp" portid="443"><state state="open" reason="syn-ack" reason_ttl="64" /><service name="ssl" banner="TLS/1.0 cipher:0x2f, legacy.example"></service></port></ports></host>',
  '<host endtime="1700000005"><address addr="192.0.2.31" addrtype="ipv4"/><ports><port protocol="tcp" portid="3389"><state state="closed" reason="rst" reason_ttl="64"/></port></ports></host>',
  '<runstats>',
  '<finished time="1700000010" timestr="2023-11-14 22:13:30" elapsed="10" />',
  '<hosts up="2" down="1" total="3" />',
  '</runstats>',
  '</nmaprun>',
  '',
].join('\r\n');

describe('masscan XML (hand-written to masscan out-xml.c)', () => {
  it('status and banner records of a port become one observation', () => {
    const r = parseWith(masscanXmlFormat, MASSCAN_XML, {}, 9);
    expect(r.observations.map(row)).toEqual([
      '192.0.2.30 tcp/23 open telnet',
      '192.0.2.30 tcp/443 open',
      '192.0.2.31 tcp/3389 closed',
    ]);
    expect(r.observations[1]).toMatchObject({ tunnel: 'ssl', seenAt: '2023-11-14T22:13:21.000Z' });
    expect(facts(r.observations[1])).toEqual(['banner=TLS/1.0 cipher:0x2f, legacy.example', 'tls.protocol=TLSv1.0']);
    expect(facts(r.observations[0])).toEqual(['banner=\\xff\\xfb\\x01login:']);
    expect(r.hosts.map((h) => h.ip)).toEqual(['192.0.2.30', '192.0.2.31']);
    expect(r.meta).toEqual({
      scanner: 'masscan',
      version: '1.0-BETA',
      xmloutputversion: '1.03',
      start: '2023-11-14T22:13:20.000Z',
      scaninfo: 'syn/tcp',
      end: '2023-11-14T22:13:30.000Z',
      elapsed: '10',
      'ports.open': '2',
      'ports.closed': '1',
      duplicates: '0',
    });
    expect(r.notes).toEqual([]);
  });

  it('is told apart from nmap XML by the scanner attribute', () => {
    expect(masscanXmlFormat.detect(MASSCAN_XML, 'x.xml')).toBe(0.95);
    expect(masscanXmlFormat.detect('<?xml version="1.0"?>\n<nmaprun scanner="nmap" version="7.94">', 'x.xml')).toBe(0);
    expect(
      parseError(() => parseWith(masscanXmlFormat, '<nmaprun scanner="nmap" version="7.94"></nmaprun>')).message,
    ).toMatch(/expected <nmaprun scanner="masscan">/);
  });

  it('cut files fail; a zero-byte file is an empty result', () => {
    const lines = MASSCAN_XML.split('\r\n');
    expect(parseError(() => parseWith(masscanXmlFormat, lines.slice(0, 7).join('\r\n'))).line).toBe(7);
    const noRunstats = [...lines.slice(0, 9), '</nmaprun>', ''].join('\r\n');
    expect(parseError(() => parseWith(masscanXmlFormat, noRunstats)).message).toMatch(/expected <runstats><finished>/);
    expect(parseWith(masscanXmlFormat, '')).toEqual({
      rules: [],
      tickets: [],
      policies: [],
      observations: [],
      hosts: [],
      notes: [],
      meta: { duplicates: '0' },
    });
    expect(
      parseError(() => parseWith(masscanXmlFormat, '<!DOCTYPE x [<!ENTITY a "b">]><nmaprun scanner="masscan"/>'))
        .message,
    ).toMatch(/DOCTYPE declares entities/);
  });
});

/** Written to the layout of masscan out-text.c (-oL). */
const MASSCAN_LIST = [
  '#masscan',
  'open tcp 21 192.0.2.40 1700000000',
  'open udp 161 192.0.2.40 1700000001',
  'banner tcp 21 192.0.2.40 1700000002 ftp 220 (vsFTPd 2.3.4)\\x0d\\x0a',
  'up arp 0 192.0.2.41 1700000003',
  'what is this',
  '# end',
  '',
].join('\n');

describe('masscan list (hand-written to masscan out-text.c)', () => {
  it('status and banner lines; ARP results are hosts only; unknown lines noted', () => {
    const r = parseWith(masscanListFormat, MASSCAN_LIST, {}, 3);
    expect(r.observations.map(row)).toEqual(['192.0.2.40 tcp/21 open ftp', '192.0.2.40 udp/161 open']);
    expect(facts(r.observations[0])).toEqual(['banner=220 (vsFTPd 2.3.4)\\x0d\\x0a']);
    expect(r.hosts.map((h) => `${h.ip} ${h.status}`)).toEqual(['192.0.2.40 up', '192.0.2.41 up']);
    expect(r.notes).toEqual([{ line: 6, column: null, what: 'unrecognised line: "what is this"' }]);
    expect(masscanListFormat.detect(MASSCAN_LIST, 'x.txt')).toBe(0.95);
  });

  it('cut at any point, it fails on the line where it ends', () => {
    for (const fraction of [0.1, 0.3, 0.55, 0.8, 0.95]) {
      const head = MASSCAN_LIST.slice(0, Math.floor(MASSCAN_LIST.length * fraction));
      expect(parseError(() => parseWith(masscanListFormat, head, {}, 3)).line, `cut at ${head.length}`).toBe(
        head.replace(/\n$/, '').split('\n').length,
      );
    }
  });

  it('a list without "# end" was cut; one not starting "#masscan" is another format; zero bytes is empty', () => {
    expect(
      parseError(() => parseWith(masscanListFormat, MASSCAN_LIST.split('\n').slice(0, 3).join('\n'))),
    ).toMatchObject({
      line: 3,
      message: 'expected "# end" as the last line; the scan was interrupted or the file is truncated',
    });
    expect(parseError(() => parseWith(masscanListFormat, 'open tcp 80 10.0.0.1 1\n'))).toMatchObject({ line: 1 });
    expect(
      parseError(() => parseWith(masscanListFormat, '#masscan\nopen tcp 99999 10.0.0.1 1\n# end\n')),
    ).toMatchObject({ line: 2, message: 'expected a port number 0-65535, found "99999"' });
    expect(parseWith(masscanListFormat, '').observations).toEqual([]);
  });
});

describe('naabu JSON lines (hand-written to naabu output.go)', () => {
  it('the naabu 2.1 port object, host names of repeated ports merged, TLS as a tunnel', () => {
    const text = [
      '{"host":"a.example","ip":"198.51.100.5","port":{"Port":443,"Protocol":0,"TLS":true},"timestamp":"2023-11-14T22:13:20.123456789Z"}',
      '{"host":"b.example","ip":"198.51.100.5","port":{"Port":443,"Protocol":0,"TLS":true},"timestamp":"2023-11-14T22:13:21Z"}',
      '{"ip":"198.51.100.5","port":53,"protocol":"udp","tls":false,"timestamp":"2023-11-14T22:13:22Z"}',
      '{"ip":"198.51.100.5","port":53,"protocol":"udp","tls":false,"timestamp":"2023-11-14T22:13:23Z","cdn":true,"cdn-name":"acme","extra":1}',
      '',
    ].join('\n');
    const r = parseWith(naabuJsonFormat, text, {}, 7);
    expect(r.observations.map((o) => `${row(o)} ${o.tunnel} ${o.hostNames.join(',')} ${o.seenAt}`)).toEqual([
      '198.51.100.5 tcp/443 open ssl a.example,b.example 2023-11-14T22:13:20.123Z',
      '198.51.100.5 udp/53 open null  2023-11-14T22:13:22.000Z',
    ]);
    // Line 2 added a host name (merged, not a duplicate); line 4 only repeats line 3.
    expect(r.meta).toEqual({ duplicates: '1' });
    expect(r.notes).toEqual([
      { line: 4, column: null, what: 'unrecognised field "extra" skipped (noted once)' },
      {
        line: 4,
        column: null,
        what: 'naabu marks some addresses as CDN ("acme"); the CDN flag is not imported (noted once)',
      },
    ]);
    expect(r.hosts).toEqual([
      { ip: '198.51.100.5', hostNames: ['a.example'], mac: null, status: 'up', seenAt: '2023-11-14T22:13:20.123Z' },
    ]);
  });

  it('detection: naabu lines only', () => {
    expect(
      naabuJsonFormat.detect(
        '{"ip": "172.29.0.3", "timestamp": "2026-07-31T00:00:00.000000000Z", "port": 80, "protocol": "tcp", "tls": false}\n',
        'x',
      ),
    ).toBe(0.9);
    expect(naabuJsonFormat.detect('{"ip": "10.0.0.1", "port": 80, "user": "x"}\n', 'x')).toBe(0);
    expect(naabuJsonFormat.detect('[{"ip": "10.0.0.1", "port": 80}]\n', 'x')).toBe(0);
  });

  it('broken input: not JSON, not objects, missing ip; an empty file is an empty result', () => {
    expect(
      parseError(() => parseWith(naabuJsonFormat, '{"ip":"10.0.0.1","port":80}\n{"ip":"10.0.0.1","port":\n')),
    ).toMatchObject({ line: 2, message: expect.stringMatching(/^not valid JSON/) });
    expect(parseError(() => parseWith(naabuJsonFormat, '[1,2]\n'))).toMatchObject({
      line: 1,
      message: 'expected a JSON object per line (naabu -json)',
    });
    expect(parseError(() => parseWith(naabuJsonFormat, '{"host":"a.example","port":80}\n'))).toMatchObject({
      line: 1,
      message: 'expected an "ip" string on every line',
    });
    expect(parseError(() => parseWith(naabuJsonFormat, '{"ip":"10.0.0.1","port":"http"}\n'))).toMatchObject({
      line: 1,
      message: 'expected a port number 0-65535, found "http"',
    });
    expect(parseWith(naabuJsonFormat, '')).toEqual({
      rules: [],
      tickets: [],
      policies: [],
      observations: [],
      hosts: [],
      notes: [],
      meta: { duplicates: '0' },
    });
  });
});

describe('port merging beyond the window', () => {
  it('a repeat after its port was written is counted, or written separately when it carries more', () => {
    const written: Observation[] = [];
    const notes: string[] = [];
    const m = new PortMerger(
      {
        observation: (o) => written.push(o),
        host: () => undefined,
        note: (n) => notes.push(n.what),
        meta: () => undefined,
        rule: () => undefined,
        policy: () => undefined,
        ticket: () => undefined,
      },
      2,
      10,
    );
    const obs = (port: number, service: string | null = null): Observation => ({
      ...blankObservation('tcp', port, 'open'),
      hostIp: '10.0.0.1',
      service,
    });
    expect([m.add(obs(1), 1), m.add(obs(2), 2), m.add(obs(3), 3)]).toEqual(['new', 'new', 'new']);
    expect(written.map((o) => o.port)).toEqual([1]); // the window holds two
    expect(m.add(obs(1), 4)).toBe('duplicate');
    expect(m.add(obs(1, 'http'), 5)).toBe('late');
    expect(m.add(obs(2, 'ssh'), 6)).toBe('merged');
    m.end();
    expect(written.map((o) => `${o.port} ${o.service}`)).toEqual(['1 null', '1 http', '2 ssh', '3 null']);
    expect(m.duplicates).toBe(1);
    expect(notes).toEqual([
      'tcp/1 on 10.0.0.1 was reported again more than 2 ports later; written as a separate observation',
    ]);
  });
});
