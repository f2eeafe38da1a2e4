// The engagement commands (new, open, sample, import, export, verify, find) as the native menu sends them
// and as the page's own shortcuts raise them: one path either way. A command becomes a window event that
// the view owning the work listens for (useCommand); a command repeated within a moment is one command
// (a shortcut the menu also answers arrives both ways on some systems).
import { useEffect } from 'react';
import type { MenuCommand } from '../../src-main/api/channels';

const EVENT = 'portcullis:command';
const REPEAT_MS = 300;
let last: { command: MenuCommand; at: number } | null = null;

export function runCommand(command: MenuCommand): void {
  const now = performance.now();
  if (last && last.command === command && now - last.at < REPEAT_MS) return;
  last = { command, at: now };
  window.dispatchEvent(new CustomEvent<MenuCommand>(EVENT, { detail: command }));
}

/** Runs `handler` when `command` is raised, while the calling view is mounted. */
export function useCommand(command: MenuCommand, handler: () => void): void {
  useEffect(() => {
    const listener = (e: Event) => {
      if ((e as CustomEvent<MenuCommand>).detail === command) handler();
    };
    window.addEventListener(EVENT, listener);
    return () => window.removeEventListener(EVENT, listener);
  }, [command, handler]);
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
      if (event.type === 'menu') runCommand(event.command);
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
