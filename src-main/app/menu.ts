// The native application menu: the engagement commands with their shortcuts (new, open, the sample,
// import, export, verify, find — each sent to the renderer as a menu event, which runs the same code as
// the page's own shortcuts), standard editing and zoom, About. Reload and DevTools exist only in unpackaged
// runs, so a shipped app offers no way to open a console. Nothing here loads remote content.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../api/channels';

export interface MenuOptions {
  appName: string;
  isPackaged: boolean;
  isMac: boolean;
  onAbout: () => void;
  onCommand: (command: MenuCommand) => void;
}

export function menuTemplate({
  appName,
  isPackaged,
  isMac,
  onAbout,
  onCommand,
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
