// File > Open Recent, tested as data (Electron cannot run here): the submenu built from the host's recent
// list, what its items send, the list's change notifications and its file, the handler table telling the
// menu after an engagement opens or is forgotten, and the renderer's check of the menu events it receives.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { PortcullisEvent } from '../../src-main/api/contract';
import { createHandlerTable } from '../../src-main/api/handlers';
import { workspacePolicy, type Host } from '../../src-main/api/host';
import { InlineJobRunner } from '../../src-main/api/jobs/job-runner';
import { RecentEngagements } from '../../src-main/api/recent';
import { menuTemplate } from '../../src-main/app/menu';
import { commandOfEvent } from '../../src-renderer/src/menu-event';
import { fixedContext, tempDir } from './helpers';

const a = resolve('/cases/acme/2026.portcullis');
const b = resolve('/cases/R&D/lab.portcullis');

function fileMenu(recent: string[]) {
  const onCommand = vi.fn();
  const onOpenRecent = vi.fn();
  const template = menuTemplate({
    appName: 'Portcullis',
    isPackaged: true,
    isMac: false,
    onAbout: vi.fn(),
    onCommand,
    recent,
    onOpenRecent,
  });
  const file = template.find((m) => m.label === 'File');
  const items = Array.isArray(file?.submenu) ? file.submenu : [];
  const openRecent = items.find((i) => i.label === 'Open Recent');
  const submenu = Array.isArray(openRecent?.submenu) ? openRecent.submenu : [];
  return { items, submenu, onCommand, onOpenRecent };
}

const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as () => void)();

describe('File > Open Recent', () => {
  it('follows Open…, lists the engagements most recent first by file name, and opens the one clicked', () => {
    const { items, submenu, onCommand, onOpenRecent } = fileMenu([a, b]);
    expect(items.map((i) => i.label).slice(0, 3)).toEqual(['New Engagement…', 'Open…', 'Open Recent']);
    expect(submenu.map((i) => [i.type ?? 'normal', i.label, i.enabled ?? true])).toEqual([
      ['normal', '2026.portcullis', true],
      ['normal', 'lab.portcullis', true],
      ['separator', undefined, true],
      ['normal', 'Clear Recent', true],
    ]);
    expect(submenu[0]).toMatchObject({ sublabel: resolve('/cases/acme'), toolTip: a });
    // The folder's '&' is shown in the sublabel as it is; labels are where Electron reads mnemonics.
    expect(submenu[1]).toMatchObject({ sublabel: resolve('/cases/R&D'), toolTip: b });

    click(submenu[1]);
    click(submenu[0]);
    expect(onOpenRecent.mock.calls).toEqual([[b], [a]]);
    expect(onCommand).not.toHaveBeenCalled();
    click(submenu[3]);
    expect(onCommand.mock.calls).toEqual([['clear-recent']]);
    expect(onOpenRecent).toHaveBeenCalledTimes(2);
  });

  it('says there is nothing to open when the list is empty, with Clear Recent disabled', () => {
    const { submenu, onCommand, onOpenRecent } = fileMenu([]);
    expect(submenu.map((i) => [i.type ?? 'normal', i.label, i.enabled ?? true, typeof i.click])).toEqual([
      ['normal', 'No Recent Engagements', false, 'undefined'],
      ['separator', undefined, true, 'undefined'],
      ['normal', 'Clear Recent', false, 'function'],
    ]);
    expect(onCommand).not.toHaveBeenCalled();
    expect(onOpenRecent).not.toHaveBeenCalled();
  });

  it('keeps two engagements of the same name apart and shows an ampersand in a name', () => {
    const same = [resolve('/q1/store.portcullis'), resolve('/q2/store.portcullis'), resolve('/x/P&L.portcullis')];
    const { submenu } = fileMenu(same);
    expect(submenu.slice(0, 3).map((i) => i.label)).toEqual([
      `store.portcullis — ${resolve('/q1')}`,
      `store.portcullis — ${resolve('/q2')}`,
      'P&&L.portcullis',
    ]);
  });
});

describe('RecentEngagements change notifications', () => {
  it('tells listeners the list after each change, saved to its file, until they stop listening', () => {
    const file = join(tempDir(), 'config', 'recent-engagements.json');
    const saved = () => (JSON.parse(readFileSync(file, 'utf8')) as { recent: { path: string }[] }).recent;
    const list = new RecentEngagements(file);
    const seen: string[][] = [];
    const onDisk: string[][] = [];
    const stop = list.onChange((paths) => {
      seen.push(paths);
      onDisk.push(saved().map((e) => e.path));
    });

    list.touch(a, '2026-03-01T10:00:00.000Z');
    list.touch(b, '2026-03-01T11:00:00.000Z');
    list.touch(a, '2026-03-01T12:00:00.000Z');
    expect(list.forget(resolve('/never/opened.portcullis'))).toBe(false);
    expect(list.forget(b)).toBe(true);
    expect(seen).toEqual([[a], [b, a], [a, b], [a]]);
    expect(onDisk).toEqual(seen);

    stop();
    list.forget(a);
    expect(seen).toHaveLength(4);
    expect(saved()).toEqual([]);
    expect(new RecentEngagements(file).paths()).toEqual([]);
  });

  it('is told by the handler table when an engagement opens and when one is forgotten', async () => {
    const baseDir = tempDir();
    const ctx = fixedContext('menu-user');
    const events: PortcullisEvent[] = [];
    const host: Host = {
      face: 'electron',
      actor: ctx.actor,
      baseDir,
      identityDir: tempDir(),
      now: ctx.now,
      dialogs: { openFiles: async () => [], saveFile: async () => null },
      ...workspacePolicy(baseDir),
      emit: (e) => events.push(e),
    };
    const recents = new RecentEngagements(null);
    const changes: string[][] = [];
    recents.onChange((paths) => changes.push(paths));
    const table = createHandlerTable(host, new InlineJobRunner(host.emit, ctx.now), recents);
    try {
      const meta = { entity: 'Acme', assessor: 'A. Assessor' };
      for (const name of ['one', 'two']) {
        expect(await table.invoke('engagement.create', { path: `${name}.portcullis`, meta })).toMatchObject({
          ok: true,
        });
      }
      // Creating is not opening: the list changes when the renderer opens what it created.
      expect(changes).toEqual([]);
      const one = join(baseDir, 'one.portcullis');
      const two = join(baseDir, 'two.portcullis');
      expect(await table.invoke('engagement.open', { path: 'one.portcullis' })).toMatchObject({ ok: true });
      expect(await table.invoke('engagement.open', { path: two })).toMatchObject({ ok: true });
      expect(await table.invoke('engagement.open', { path: 'missing.portcullis' })).toMatchObject({ ok: false });
      expect(changes).toEqual([[one], [two, one]]);

      // Clear Recent in the renderer: each engagement the host lists, forgotten through the table.
      const listed = await table.invoke('engagement.recent', {});
      if (!listed.ok) throw new Error(listed.error.message);
      for (const r of listed.value as { path: string }[]) await table.invoke('engagement.forget', { path: r.path });
      expect(changes).toEqual([[one], [two, one], [one], []]);
      expect(recents.paths()).toEqual([]);
      expect(events).toEqual([]);
    } finally {
      await table.close();
    }
  });
});

describe('the renderer’s check of menu events', () => {
  it('accepts the known commands and Open Recent with a path', () => {
    for (const command of ['new', 'open', 'sample', 'import', 'export', 'verify', 'find', 'clear-recent']) {
      expect(commandOfEvent({ type: 'menu', command })).toEqual({ command });
    }
    expect(commandOfEvent({ type: 'menu', command: 'open-recent', path: a })).toEqual({
      command: 'open-recent',
      path: a,
    });
  });

  it.each([
    ['an unknown command', { type: 'menu', command: 'delete-everything' }],
    ['Open Recent without a path', { type: 'menu', command: 'open-recent' }],
    ['Open Recent with an empty path', { type: 'menu', command: 'open-recent', path: '' }],
    ['Open Recent with a path that is not a string', { type: 'menu', command: 'open-recent', path: ['/x'] }],
    ['a job event', { type: 'job.progress', jobId: 'j', channel: 'import.files', done: 1, total: 2, phase: 'x' }],
    ['a command name as a property of something else', { type: 'menus', command: 'open' }],
    ['null', null],
    ['a string', 'open'],
  ])('ignores %s', (_what, event) => {
    expect(commandOfEvent(event)).toBeNull();
  });
});
