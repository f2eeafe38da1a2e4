// The generic CSV rule export: header recognition (and no clash with the scan CSV), the cell syntax of
// addresses and services, explicit column mappings, and broken input. The corpus holds no rule CSV, so
// every fixture here is small and written for these tests.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src-main/core/import/formats';
import { genericCsv } from '../../src-main/core/import/generic/csv';
import { ruleCsv } from '../../src-main/core/import/rulebases/rule-csv';
import { importFile } from '../../src-main/core/import/run-import';
import { listRules } from '../../src-main/core/store/rules';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { expectUntouched, parseError, parseWith } from './import-helpers';

const EXPORT = [
  'Firewall,Policy,Seq,Rule Name,Source,Destination,Service,Action,Enabled,Hits,Comment',
  'pos-fw-1,dmz-in,10,ssh-admins,"10.0.0.0/8;192.168.1.5",any,tcp/22,accept,yes,1200,jump hosts only',
  'pos-fw-1,dmz-in,20,web,any,"10.1.1.1-10.1.1.6","tcp/80, tcp/443, 53/udp",permit,yes,"1,024",',
  'pos-fw-1,dmz-in,30,legacy,web-servers,10.2.0.0/255.255.0.0,telnet,deny,no,0,',
  'pos-fw-1,dmz-in,40,icmp,!10.9.0.0/16,any,icmp,drop,,,"ping',
  'except lab"',
  'pos-fw-2,wan,1,catch-all,any,any,any,Deny,TRUE,,',
  '',
].join('\n');

describe('rule CSV detection', () => {
  it('a rule export is claimed by rule-csv, at most 0.5, and not by the scan CSV', () => {
    expect(ruleCsv.detect(EXPORT, 'rules.csv')).toBe(0.5);
    expect(ruleCsv.detect(EXPORT, 'rules.txt')).toBe(0.45);
    expect(genericCsv.detect(EXPORT, 'rules.csv')).toBe(0);
    expect(detectFormat(EXPORT, 'rules.csv')?.id).toBe('rule-csv');
    // Without a service column: still a rule export, a little less sure.
    expect(ruleCsv.detect('src,dst,action\n10.0.0.1,any,allow\n', 'x.csv')).toBe(0.45);
  });

  it('a host/port inventory is the scan CSV, never a rule export', () => {
    const scan = 'host,port,protocol,state,service\n10.0.0.5,23,tcp,open,telnet\n';
    expect(ruleCsv.detect(scan, 'scan.csv')).toBe(0);
    expect(detectFormat(scan, 'scan.csv')?.id).toBe('generic-csv');
  });

  it('a rule export that also names a host column: both score 0.5 and the rule export wins by registry order', () => {
    const both = 'Host,Source,Destination,Port,Action\nfw1,any,10.0.0.5,23,allow\n';
    expect(genericCsv.detect(both, 'r.csv')).toBe(0.5);
    expect(ruleCsv.detect(both, 'r.csv')).toBe(0.5);
    expect(detectFormat(both, 'r.csv')?.id).toBe('rule-csv');
  });

  it('prose, JSON and one-column files are not claimed', () => {
    expect(ruleCsv.detect('Minutes of the CAB meeting\nsource, destination and action discussed\n', 'm.csv')).toBe(0);
    expect(ruleCsv.detect('{"source": 1, "destination": 2, "action": 3}', 'x.csv')).toBe(0);
    expect(ruleCsv.detect('', 'x.csv')).toBe(0);
  });
});

describe('rule CSV parsing', () => {
  it('one rule per row (per protocol), cells with several values, any words, ranges, masks and names', () => {
    const out = parseWith(ruleCsv, EXPORT, { fileName: 'rules.csv' }, 7);
    expect(out.rules.map((r) => [r.device, r.ruleset, r.order, r.protocol])).toEqual([
      ['pos-fw-1', 'dmz-in', 10, 'tcp'],
      ['pos-fw-1', 'dmz-in', 20, 'tcp'],
      ['pos-fw-1', 'dmz-in', 20, 'udp'],
      ['pos-fw-1', 'dmz-in', 30, 'any'],
      ['pos-fw-1', 'dmz-in', 40, 'icmp'],
      ['pos-fw-2', 'wan', 1, 'any'],
    ]);
    const [ssh, web, dns, telnet, icmp, deny] = out.rules;
    expect(ssh).toMatchObject({
      name: 'ssh-admins',
      action: 'allow',
      sources: ['10.0.0.0/8', '192.168.1.5/32'],
      destinations: ['0.0.0.0/0', '::/0'],
      destinationPorts: ['22'],
      hitCount: 1200,
      comment: 'jump hosts only',
      lineFrom: 2,
      lineTo: 2,
    });
    expect(web).toMatchObject({
      destinations: ['10.1.1.1/32', '10.1.1.2/31', '10.1.1.4/31', '10.1.1.6/32'],
      destinationPorts: ['80', '443'],
      hitCount: 1024,
    });
    expect(dns).toMatchObject({ destinationPorts: ['53'], text: web?.text });
    // An object name the export did not expand: any address in the fields, the name unresolved and a condition.
    expect(telnet).toMatchObject({
      action: 'deny',
      enabled: false,
      sources: ['0.0.0.0/0', '::/0'],
      unresolved: ['web-servers'],
      conditions: ['source web-servers'],
      destinations: ['10.2.0.0/16'],
      destinationPorts: ['23'],
    });
    expect(icmp).toMatchObject({
      action: 'drop',
      sources: ['10.9.0.0/16'],
      sourcesNegated: true,
      destinationPorts: null,
      comment: 'ping\nexcept lab',
      lineFrom: 5,
      lineTo: 6,
    });
    expect(deny).toMatchObject({ action: 'deny', protocol: 'any', destinationPorts: null, enabled: true });
    expect(out.notes).toEqual([]);
    expect(out.meta).toMatchObject({
      rows: '5',
      rules: '6',
      'ports-without-protocol': '1 rules name ports but no protocol (protocol any)',
    });
  });

  it('the device comes from the import when the file has no device column; positions follow the rows', () => {
    const text = 'src;dst;proto;port;action\n10.0.0.1;10.0.0.2;tcp;23;allow\n10.0.0.1;10.0.0.3;udp;69,161;allow\n';
    const out = parseWith(ruleCsv, text, { hostName: 'core-fw', fileName: 'acl-export.csv' });
    expect(out.rules.map((r) => [r.device, r.ruleset, r.order, r.protocol, r.destinationPorts])).toEqual([
      ['core-fw', 'acl-export', 1, 'tcp', ['23']],
      ['core-fw', 'acl-export', 2, 'udp', ['69', '161']],
    ]);
    expect(out.meta.delimiter).toBe(';');
    expect(parseError(() => parseWith(ruleCsv, text, {})).message).toMatch(
      /no device column; expected the device name/,
    );
  });

  it('an explicit column mapping for unusual headers', () => {
    const text = 'Von,Nach,Dienst,Entscheidung,Nr\n192.0.2.0/24,198.51.100.7,tcp/3389,erlauben,5\n';
    const columns = { Von: 'source', Nach: 'destination', Dienst: 'port', Entscheidung: 'action', Nr: 'order' };
    const out = parseWith(ruleCsv, text, { hostName: 'fw', columns });
    expect(out.rules[0]).toMatchObject({
      order: 5,
      sources: ['192.0.2.0/24'],
      destinations: ['198.51.100.7/32'],
      destinationPorts: ['3389'],
      action: 'other',
      target: 'erlauben',
    });
    expect(out.notes[0]?.what).toMatch(/^action "erlauben" is not allow, deny, drop, reject or log/);
    expect(out.meta.mapping).toBe('explicit');
    const bad = parseError(() =>
      parseWith(ruleCsv, text, { hostName: 'fw', columns: { Von: 'quelle', Zu: 'destination' } }),
    );
    expect(bad.message).toMatch(
      /"quelle" \(for column "Von"\) is not a rule field; .*column "Zu" is not in the header/,
    );
  });

  it('what it cannot read is noted with the line and kept as a condition', () => {
    const text =
      'source,destination,service,action,order\nany,10.0.0.5,tcp/notaport,allow,1\nany,10.0.0.6,tcp/22,allow,1\n';
    const out = parseWith(ruleCsv, text, { hostName: 'fw' });
    expect(out.notes.map((n) => [n.line, n.what.split(':')[0]])).toEqual([
      [2, 'service "tcp/notaport" is not a port, range, protocol or known service name; kept as a condition'],
      [3, 'order 1 is used twice in ruleset input'],
    ]);
    expect(out.rules[0]).toMatchObject({
      protocol: 'any',
      destinationPorts: null,
      conditions: ['service tcp/notaport'],
    });
  });
});

describe('hostile and broken rule CSV', () => {
  it('0 bytes, binary junk, an unclosed quote, a header that is not a rule export', () => {
    expect(parseError(() => parseWith(ruleCsv, '', { hostName: 'fw' })).message).toMatch(
      /no rows; expected a CSV header/,
    );
    expect(parseError(() => parseWith(ruleCsv, Buffer.from('source,dest\0\0'), { hostName: 'fw' })).message).toMatch(
      /binary data/,
    );
    const open = 'source,destination,action\n"10.0.0.1,any,allow\n';
    expect(parseError(() => parseWith(ruleCsv, open, { hostName: 'fw' })).message).toMatch(
      /ends inside a quoted field/,
    );
    const scan = 'host,port,state\n10.0.0.1,22,open\n';
    expect(parseError(() => parseWith(ruleCsv, scan, { hostName: 'fw' })).message).toMatch(
      /expected a header row naming source, destination and action columns/,
    );
  });

  it('formula-like cells stay text (nothing is evaluated)', () => {
    const out = parseWith(ruleCsv, 'source,destination,action,comment\nany,any,deny,=HYPERLINK("http://x")\n', {
      hostName: 'fw',
    });
    expect(out.rules[0]?.comment).toBe('=HYPERLINK("http://x")');
  });
});

describe('rule CSV through the import runner', () => {
  it('detects and imports an export, and a failed one leaves the engagement unchanged', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'rules.csv'), EXPORT);
    const store = newEngagement(dir);
    const result = await importFile(store, fixedContext(), join(dir, 'rules.csv'));
    expect(result).toMatchObject({ format: 'rule-csv', ruleCount: 6, noteCount: 0 });
    expect(listRules(store.db, { device: 'pos-fw-1' }).total).toBe(5);
    store.close();

    writeFileSync(join(dir, 'broken.csv'), 'source,destination,action\n"10.0.0.1,any,allow\n');
    const empty = newEngagement(dir, 'other.portcullis');
    await expect(
      importFile(empty, fixedContext(), join(dir, 'broken.csv'), { format: 'rule-csv', hostName: 'fw' }),
    ).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    expectUntouched(empty);
    empty.close();
  });
});
