// Hostile and broken input for every host listener format: empty, wrong format, binary junk, cut files,
// a missing host name; and through the real runner, that a failed import leaves the engagement as it was.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostFormats } from '../../src-main/core/import/hosts/index';
import { importFile } from '../../src-main/core/import/run-import';
import type { FormatSpec } from '../../src-main/core/import/types';
import { listImports, queryObservations } from '../../src-main/core/store/observations';
import { corpus, corpusAvailable, expectUntouched, importInto, parseError, parseWith } from './import-helpers';
import { fixedContext, newEngagement, tempDir } from './helpers';

const opts = { hostName: 'pos-07' };
const spec = (id: string): FormatSpec => {
  const f = hostFormats.find((x) => x.id === id);
  if (!f) throw new Error(`no format ${id}`);
  return f;
};

/** A real listing per format, for the cut-file tests. */
const SAMPLES: Readonly<Record<string, string>> = {
  ss: 'hosts/jc--ss-sudo-tulpen.out',
  'netstat-linux': 'hosts/jc--netstat-sudo-lnp-space.out',
  'netstat-bsd': 'hosts/jc--netstat-AanP.out',
  'netstat-windows': 'hosts/jc--netstat-aonb.out',
  lsof: 'hosts/jc--lsof-sudo.out',
};

describe.each(hostFormats.map((f) => [f.id, f] as const))('%s: broken input', (_id, format) => {
  it('0 bytes: an error naming the expected header, at line 1', () => {
    const err = parseError(() => parseWith(format, '', opts));
    expect(err.message).toMatch(/^expected .*header|^expected .*section/);
    expect(err.line).toBe(1);
  });

  it('binary junk is refused (NUL byte, invalid UTF-8)', () => {
    const nul = Buffer.from('Active Connections\n\0\0\0junk');
    expect(parseError(() => parseWith(format, nul, opts)).message).toMatch(/binary data \(a NUL byte\)/);
    const invalid = Buffer.from([0x50, 0x72, 0x6f, 0xff, 0xfe, 0x74, 0x6f, 0x0a]);
    expect(parseError(() => parseWith(format, invalid, opts)).message).toMatch(/not UTF-8 text/);
  });

  it('text with no header: refused after the preamble allowance, with the line', () => {
    const prose = Array.from({ length: 30 }, (_, i) => `line ${i + 1} of the change ticket`).join('\n');
    const err = parseError(() => parseWith(format, prose, opts, 7));
    expect(err.line).toBe(10);
    expect(err.message).toMatch(/near the top/);
  });

  it('no host name: refused, the listing describes one host', () => {
    expect(parseError(() => parseWith(format, '', {})).message).toMatch(/describes one host; expected the host's name/);
  });

  it('HTML/script in a process name is kept as plain text', () => {
    const lines: Record<string, string> = {
      ss: 'Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port\ntcp LISTEN 0 5 0.0.0.0:8080 0.0.0.0:* users:(("<script>x</script>",pid=1,fd=3))\n',
      'netstat-linux':
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\ntcp 0 0 0.0.0.0:8080 0.0.0.0:* LISTEN 1/<script>x</script>\n',
      'netstat-bsd': '',
      'netstat-windows':
        'Active Connections\n\n  Proto  Local Address          Foreign Address        State           PID\n  TCP    0.0.0.0:8080           0.0.0.0:0              LISTENING       1\n [<script>x</script>]\n',
      lsof: 'COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\n<script>x 1 root 3u IPv4 1 0t0 TCP *:8080 (LISTEN)\n',
    };
    const text = lines[format.id] ?? '';
    if (text === '') return; // BSD netstat shows no process names.
    const r = parseWith(format, text, opts);
    expect(r.observations[0]?.process).toMatch(/^<script>x(<\/script>)? pid 1$/);
  });
});

describe.skipIf(!corpusAvailable)('host listings cut short', () => {
  it.each(Object.entries(SAMPLES))(
    '%s (%s): a cut inside the header is an error; later, the cut line is noted',
    (id, file) => {
      const format = spec(id);
      const text = readFileSync(corpus(file), 'utf8');
      const full = parseWith(format, text, opts);
      // Owners are left out of the key: a cut file may hold only the first of a merged listener's owners.
      const key = (o: { proto: string; bindAddress: string | null; port: number }) =>
        `${o.proto} ${o.bindAddress} ${o.port}`;
      const fullKeys = new Set(full.observations.map(key));
      // Windows listings open with a blank line and the title, so 10 characters fall before the header.
      expect(parseError(() => parseWith(format, text.slice(0, 10), opts)).line).toBe(1);
      for (const fraction of [0.25, 0.5, 0.75]) {
        let at = Math.floor(text.length * fraction);
        if (text[at - 1] === '\n') at--; // make sure the cut falls inside a line
        const r = parseWith(format, text.slice(0, at), opts, 7);
        const lastLine = text.slice(0, at).split('\n').length;
        expect(r.notes).toContainEqual({
          line: lastLine,
          column: null,
          what: expect.stringMatching(/last line may be cut/),
        });
        // At most the cut line itself can yield a listener the whole file does not have (a cut port).
        expect(r.observations.filter((o) => !fullKeys.has(key(o))).length).toBeLessThanOrEqual(1);
        expect(r.observations.length).toBeLessThanOrEqual(full.observations.length);
      }
    },
  );

  it("another tool's listing given to a host format is refused", () => {
    const ssText = readFileSync(corpus('hosts/jc--ss-sudo-tulpen.out'));
    for (const id of ['netstat-linux', 'netstat-bsd', 'netstat-windows', 'lsof']) {
      expect(parseError(() => parseWith(spec(id), ssText, opts)).message, id).toMatch(/^expected /);
    }
    const nmap = readFileSync(corpus('scans/nmap-nmap_1port.xml'));
    for (const f of hostFormats) expect(parseError(() => parseWith(f, nmap, opts)).line, f.id).toBe(10);
  });
});

describe.skipIf(!corpusAvailable)('host listings through the import runner', () => {
  it('detects and imports ss -tulpen as one host with 72 listeners', async () => {
    const { store, result } = await importInto(corpus('hosts/jc--ss-sudo-tulpen.out'), { hostName: 'pos-07' });
    expect(result).toMatchObject({
      format: 'ss',
      hostName: 'pos-07',
      hostCount: 1,
      observationCount: 72,
      noteCount: 0,
    });
    expect(result.meta).toMatchObject({ tool: 'ss', listeners: '72', 'duplicate-sockets-merged': '1' });
    expect(queryObservations(store.db, { state: 'listening' }, { offset: 0, limit: 1 }).total).toBe(72);
    store.close();
  });

  it('a listing given the wrong format fails and leaves the engagement unchanged', async () => {
    const store = newEngagement();
    await expect(
      importFile(store, fixedContext(), corpus('hosts/jc--netstat-sudo-lnp.out'), { format: 'ss', hostName: 'pos-07' }),
    ).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/line 10, column 1: expected the ss header.*nothing was imported/),
    });
    expectUntouched(store);
    store.close();
  });

  it('a listing without a host name is refused before anything is written', async () => {
    const store = newEngagement();
    await expect(importFile(store, fixedContext(), corpus('hosts/jc--netstat-aonb.out'))).rejects.toMatchObject({
      code: 'NEEDS_HOST_NAME',
      message: expect.stringMatching(/describes one host; give its name/),
    });
    // A name of blanks is no name either: the same refusal, naming the file.
    for (const hostName of [' ', '\t']) {
      await expect(
        importFile(store, fixedContext(), corpus('hosts/jc--netstat-aonb.out'), { hostName }),
      ).rejects.toMatchObject({ code: 'NEEDS_HOST_NAME', message: expect.stringMatching(/^jc--netstat-aonb\.out: /) });
    }
    expectUntouched(store);
    store.close();
  });

  it('a cut Windows listing still imports, with the cut line in its notes', async () => {
    const dir = tempDir();
    const text = readFileSync(corpus('hosts/jc--netstat-aonb.out'), 'utf8');
    writeFileSync(join(dir, 'cut.txt'), text.slice(0, 1001));
    const store = newEngagement(dir);
    const r = await importFile(store, fixedContext(), join(dir, 'cut.txt'), { hostName: 'pos-07' });
    const lastLine = text.slice(0, 1001).split('\n').length;
    expect(r.firstNotes).toContainEqual({
      line: lastLine,
      column: null,
      what: expect.stringMatching(/last line may be cut/),
    });
    expect(listImports(store.db)).toHaveLength(1);
    store.close();
  });
});
