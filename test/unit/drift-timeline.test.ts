// The timeline of one service across three generated scans of one network: each host's state in every
// scan in import order, "not listed" and "not scanned", insecure marks, paging and the host filter.
import { describe, expect, it } from 'vitest';
import { TimelineRequest } from '../../src-main/api/contract-drift';
import { timeline } from '../../src-main/api/drift';
import { START_A, START_B, weekOne, weekTwo, type HostSpec } from './drift-fixtures';
import { ctx, engagementWith, scanFile } from './drift-helpers';

describe('timeline of one service', () => {
  function weekThree(): HostSpec[] {
    return weekTwo()
      .filter((h) => h.ip !== '192.0.2.11')
      .map((h) => (h.ip === '192.0.2.10' ? { ...h, ports: h.ports.filter((p) => p.port !== 23) } : h));
  }

  it('lists each host’s state in every scan, in import order, paged', async () => {
    const store = await engagementWith([
      scanFile(weekOne(), START_A, 'w1.xml'),
      scanFile(weekTwo(), START_B, 'w2.xml'),
      scanFile(weekThree(), START_B + 7 * 86_400, 'w3.xml'),
    ]);
    const req = (r: Record<string, unknown>) => timeline(store, ctx, TimelineRequest.parse({ path: store.path, ...r }));
    const cell = (c: { covered: boolean; state: string | null; version: string | null; rules: string[] }) =>
      !c.covered
        ? 'not scanned'
        : `${c.state ?? 'not listed'}${c.version ? ` ${c.version}` : ''}${c.rules.length ? ' !' : ''}`;
    const telnet = req({ proto: 'tcp', port: 23 });
    expect(telnet.imports.map((i) => [i.importId, i.fileName, i.startedAt])).toEqual([
      [1, 'w1.xml', '2025-10-20T08:00:00.000Z'],
      [2, 'w2.xml', '2025-10-27T08:00:00.000Z'],
      [3, 'w3.xml', '2025-11-03T08:00:00.000Z'],
    ]);
    expect(telnet.hosts.map((h) => [h.host, h.hostNames, h.cells.map(cell)])).toEqual([
      ['192.0.2.10', ['pos-01.cde.example'], ['not listed', 'open !', 'not listed']],
    ]);
    expect(telnet.rules).toEqual([{ ruleId: 'telnet', title: 'Telnet' }]);
    const ftp = req({ proto: 'tcp', port: 21 });
    expect(ftp.hosts.map((h) => [h.host, h.cells.map(cell)])).toEqual([
      ['192.0.2.11', ['open 3.0.3 !', 'open 3.0.5 !', 'not scanned']],
    ]);
    const ssh = req({ proto: 'tcp', port: 22 });
    expect(ssh.total).toBe(2);
    expect(ssh.hosts.map((h) => [h.host, h.cells.map(cell)])).toEqual([
      ['192.0.2.10', ['open 8.9p1', 'open 8.9p1', 'open 8.9p1']],
      ['192.0.2.16', ['not scanned', 'open 9.6p1', 'open 9.6p1']],
    ]);
    const second = req({ proto: 'tcp', port: 22, offset: 1, limit: 1 });
    expect([second.total, second.offset, second.hosts.map((h) => h.host)]).toEqual([2, 1, ['192.0.2.16']]);
    expect(req({ proto: 'tcp', port: 22, host: 'POS-01.cde.example' }).hosts.map((h) => h.host)).toEqual([
      '192.0.2.10',
    ]);
    expect(req({ proto: 'tcp', port: 22, host: '192.0.2.16' }).hosts.map((h) => h.host)).toEqual(['192.0.2.16']);
    expect(req({ proto: 'udp', port: 161, host: 'nowhere.example' })).toMatchObject({ total: 0, hosts: [] });
  });
});
