// The engagement commands (new, open, sample, import, export, verify, find, clear-recent, and File > Open
// Recent with its engagement) as the native menu sends them and as the page's own shortcuts raise them:
// one path either way. A command becomes a window event that the view owning the work listens for
// (useCommand, useOpenRecent); a command repeated within a moment is one command (a shortcut the menu
// also answers arrives both ways on some systems).
import { useCallback, useEffect } from 'react';
import type { MenuCommand } from '../../src-main/api/channels';
import { commandOfEvent, type Command } from './menu-event';

const EVENT = 'portcullis:command';
const REPEAT_MS = 300;
let last: { key: string; at: number } | null = null;

function raise(command: Command): void {
  const key = 'path' in command ? `${command.command}:${command.path}` : command.command;
  const now = performance.now();
  if (last && last.key === key && now - last.at < REPEAT_MS) return;
  last = { key, at: now };
  window.dispatchEvent(new CustomEvent<Command>(EVENT, { detail: command }));
}

export function runCommand(command: MenuCommand): void {
  raise({ command });
}

function useRaised(accept: (command: Command) => void): void {
  useEffect(() => {
    const listener = (e: Event) => accept((e as CustomEvent<Command>).detail);
    window.addEventListener(EVENT, listener);
    return () => window.removeEventListener(EVENT, listener);
  }, [accept]);
}

/** Runs `handler` when `command` is raised, while the calling view is mounted. */
export function useCommand(command: MenuCommand, handler: () => void): void {
  useRaised(
    useCallback(
      (raised) => {
        if (raised.command === command) handler();
      },
      [command, handler],
    ),
  );
}

/** Runs `handler` with the engagement chosen in File > Open Recent, while the calling view is mounted. */
export function useOpenRecent(handler: (path: string) => void): void {
  useRaised(
    useCallback(
      (raised) => {
        if ('path' in raised) handler(raised.path);
      },
      [handler],
    ),
  );
}

/** Ctrl (or ⌘) with N, O, I, E, F, and Shift+V: the same keys the native menu shows. */
export function commandForKey(
  e: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'key'>,
): MenuCommand | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (e.shiftKey) return key === 'v' ? 'verify' : null;
  return ({ n: 'new', o: 'open', i: 'import', e: 'export', f: 'find' } as const)[key as 'n'] ?? null;
}

/** The page's shortcuts, and the native menu's commands (desktop app), both raised as commands. */
export function useCommandSources(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const command = commandForKey(e);
      if (!command) return;
      e.preventDefault();
      runCommand(command);
    };
    window.addEventListener('keydown', onKey);
    const stop = window.portcullis.onEvent((event) => {
      const command = commandOfEvent(event);
      if (command) raise(command);
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      stop();
    };
  }, []);
}

/** Moves focus to the first search or filter field of the visible tab, if it has one. */
export function focusFind(root: ParentNode = document): boolean {
  const field = root.querySelector<HTMLInputElement | HTMLSelectElement>(
    [
      '[role="tabpanel"] input[type="search"]',
      '[role="tabpanel"] [role="search"] input',
      '[role="tabpanel"] [role="search"] select',
      '[role="tabpanel"] [data-find]',
    ].join(', '),
  );
  if (!field) return false;
  field.focus();
  if (field instanceof HTMLInputElement) field.select();
  return true;
}
