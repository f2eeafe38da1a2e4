// The native application menu: the engagement commands with their shortcuts (new, open, the sample,
// import, export, verify, find — each sent to the renderer as a menu event, which runs the same code as
// the page's own shortcuts), Open Recent, standard editing and zoom, About. Reload and DevTools exist only
// in unpackaged runs, so a shipped app offers no way to open a console. Nothing here loads remote content.
import { basename, dirname } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../api/channels';

export interface MenuOptions {
  appName: string;
  isPackaged: boolean;
  isMac: boolean;
  onAbout: () => void;
  onCommand: (command: MenuCommand) => void;
  /** The host's recent engagements, most recent first (the menu is rebuilt when the list changes). */
  recent: readonly string[];
  /** File > Open Recent > an engagement: the renderer opens it as the welcome screen's recent list does. */
  onOpenRecent: (path: string) => void;
}

/**
 * Each engagement by file name, with its folder where the system shows one (macOS: sublabel, tooltip);
 * names that occur twice carry their folder in the label, so the entries stay apart everywhere.
 */
export function openRecentSubmenu(
  paths: readonly string[],
  onOpenRecent: (path: string) => void,
  onCommand: (command: MenuCommand) => void,
): MenuItemConstructorOptions[] {
  const names = paths.map((p) => basename(p));
  const entries: MenuItemConstructorOptions[] = paths.map((path, i) => {
    const name = names[i] ?? path;
    const label = names.indexOf(name) === names.lastIndexOf(name) ? name : `${name} — ${dirname(path)}`;
    return {
      // Electron reads '&' in a label as a mnemonic marker (and drops it, even on macOS); '&&' shows one.
      label: label.replaceAll('&', '&&'),
      sublabel: dirname(path),
      toolTip: path,
      click: () => onOpenRecent(path),
    };
  });
  return [
    ...(entries.length > 0 ? entries : [{ label: 'No Recent Engagements', enabled: false }]),
    { type: 'separator' },
    { label: 'Clear Recent', enabled: entries.length > 0, click: () => onCommand('clear-recent') },
  ];
}

export function menuTemplate({
  appName,
  isPackaged,
  isMac,
  onAbout,
  onCommand,
  recent,
  onOpenRecent,
}: MenuOptions): MenuItemConstructorOptions[] {
  const about: MenuItemConstructorOptions = { label: `About ${appName}`, click: () => onAbout() };
  const command = (label: string, name: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => onCommand(name),
  });
  const developer: MenuItemConstructorOptions[] = isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];

  return [
    ...(isMac
      ? [
          {
            label: appName,
            submenu: [
              about,
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: 'File',
      submenu: [
        command('New Engagement…', 'new', 'CmdOrCtrl+N'),
        command('Open…', 'open', 'CmdOrCtrl+O'),
        { label: 'Open Recent', submenu: openRecentSubmenu(recent, onOpenRecent, onCommand) },
        command('Open Sample Engagement', 'sample'),
        { type: 'separator' },
        command('Import Files…', 'import', 'CmdOrCtrl+I'),
        command('Export…', 'export', 'CmdOrCtrl+E'),
        command('Verify Package…', 'verify', 'CmdOrCtrl+Shift+V'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' },
        { type: 'separator' },
        command('Find', 'find', 'CmdOrCtrl+F'),
      ],
    },
    {
      label: 'View',
      submenu: [
        ...developer,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Help', submenu: [about] },
  ];
}
