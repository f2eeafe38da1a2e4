// The Electron main process: a single instance with one hardened window, the handler table behind one IPC
// channel, and no network. Everything the user does goes through the table in src-main/api.
import { mkdirSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  type MessageBoxOptions,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron';
import { IPC_EVENT, OPEN_RECENT } from '../api/channels';
import type { PortcullisEvent, Response } from '../api/contract';
import { createHandlerTable, type HandlerTable } from '../api/handlers';
import { workspacePolicy, type Host, type OpenFileOptions } from '../api/host';
import { defaultWorkerUrl, WorkerJobRunner } from '../api/jobs/job-runner';
import { RecentEngagements } from '../api/recent';
import { APP_PAGE_URL, handleAppScheme, registerAppScheme } from './app-protocol';
import { registerDropGrants, registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { contentSecurityPolicy, devServerUrlFrom, hardenSession, hardenWebContents, isTrustedSender } from './security';
import { createMainWindow, rendererDir } from './window';

const devServerUrl = devServerUrlFrom(process.env, app.isPackaged);
const appPageUrl = devServerUrl ?? APP_PAGE_URL;

// Test isolation for unpackaged runs only: a shipped app always uses the user's own folders.
const testUserData = app.isPackaged ? undefined : process.env['PORTCULLIS_USER_DATA'];
const testWorkspace = app.isPackaged ? undefined : process.env['PORTCULLIS_WORKSPACE'];
if (testUserData) app.setPath('userData', resolve(testUserData));

// These must run before 'ready'.
registerAppScheme(protocol);
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appPageUrl));

let table: HandlerTable | null = null;
/** The handler table's recent list, shared with File > Open Recent. */
let recents: RecentEngagements | null = null;
let mainWindow: BrowserWindow | null = null;
let closing: Promise<void> | null = null;
let closed = false;

function workspaceDir(): string {
  let dir: string;
  if (testWorkspace) {
    dir = resolve(testWorkspace);
  } else {
    let documents: string;
    try {
      documents = app.getPath('documents');
    } catch {
      documents = join(homedir(), 'Documents');
    }
    dir = join(documents, 'Portcullis');
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    // userInfo() throws when the uid has no passwd entry (some containers).
    return process.env['USER'] ?? process.env['USERNAME'] ?? 'unknown';
  }
}

function emit(event: PortcullisEvent): void {
  for (const win of BrowserWindow.getAllWindows()) {
    if (!win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(IPC_EVENT, event);
  }
}

async function openFiles(title: string, opts: OpenFileOptions = {}): Promise<string[]> {
  const options: OpenDialogOptions = {
    title,
    properties: opts.multiple === false ? ['openFile'] : ['openFile', 'multiSelections'],
    ...(opts.filters ? { filters: opts.filters } : {}),
  };
  const parent = BrowserWindow.getFocusedWindow() ?? mainWindow;
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}

async function saveFile(title: string, defaultName: string): Promise<string | null> {
  const options: SaveDialogOptions = { title, defaultPath: defaultName };
  const parent = BrowserWindow.getFocusedWindow() ?? mainWindow;
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

function createHost(): Host {
  const baseDir = workspaceDir();
  return {
    face: 'electron',
    actor: currentUser(),
    baseDir,
    identityDir: join(app.getPath('userData'), 'identities'),
    // The app's own resources/: in app.asar when packaged, the project folder when run from a build.
    resourcesDir: join(app.getAppPath(), 'resources'),
    recentFile: join(app.getPath('userData'), 'recent-engagements.json'),
    now: () => new Date().toISOString(),
    ...workspacePolicy(baseDir),
    dialogs: { openFiles, saveFile },
    emit,
  };
}

async function showAbout(): Promise<void> {
  // The version comes through the table like everything else, so the shell and the core cannot disagree.
  const reply = table ? await table.invoke('host.info', {}) : null;
  const version = reply?.ok ? (reply.value as Response<'host.info'>).version : app.getVersion();
  const options: MessageBoxOptions = {
    type: 'info',
    title: 'About Portcullis',
    message: `Portcullis ${version}`,
    detail:
      'Offline evidence binder for PCI DSS v4.0.1 Requirement 1.2.6.\nIt makes no network connections and never updates itself.',
    buttons: ['OK'],
  };
  if (mainWindow) await dialog.showMessageBox(mainWindow, options);
  else await dialog.showMessageBox(options);
}

function openRecent(path: string): void {
  // Only what the list holds: the host allowed each of these when it was opened.
  if (recents?.paths().includes(path)) emit({ type: 'menu', command: OPEN_RECENT, path });
}

function setMenu(recent: readonly string[]): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        appName: 'Portcullis',
        isPackaged: app.isPackaged,
        isMac: process.platform === 'darwin',
        onAbout: () => void showAbout().catch((err: unknown) => console.error('Portcullis: About failed:', err)),
        onCommand: (command) => emit({ type: 'menu', command }),
        recent,
        onOpenRecent: openRecent,
      }),
    ),
  );
}

/** The menu and, on macOS, the system's recent documents (Dock, File > Open Recent) follow the list. */
function showRecent(paths: readonly string[]): void {
  try {
    setMenu(paths);
    if (process.platform === 'darwin') {
      app.clearRecentDocuments();
      for (const p of [...paths].reverse()) app.addRecentDocument(p);
    }
  } catch (err) {
    // The list itself has changed; only what shows it failed.
    console.error('Portcullis: updating Open Recent failed:', err);
  }
}

function openMainWindow(): void {
  const win = createMainWindow(appPageUrl);
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession, devServerUrl);
  handleAppScheme(protocol, rendererDir(), contentSecurityPolicy());
  const host = createHost();
  recents = new RecentEngagements(host.recentFile ?? null);
  recents.onChange(showRecent);
  table = createHandlerTable(host, new WorkerJobRunner(emit, defaultWorkerUrl()), recents);
  const trusted = (frameUrl: string | null) => isTrustedSender(frameUrl, appPageUrl);
  registerIpc(ipcMain, table, trusted);
  registerDropGrants(ipcMain, (p) => host.grant(p), trusted);
  showRecent(recents.paths());
  openMainWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // macOS: a recent document chosen in the Dock opens like File > Open Recent; any other file is left alone.
  app.on('open-file', (event, path) => {
    if (!recents?.paths().includes(path) || !mainWindow) return;
    event.preventDefault();
    openRecent(path);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && table && !closing && BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
  // Let running jobs roll back and engagements close before the process ends.
  app.on('will-quit', (event) => {
    if (closed || !table) return;
    event.preventDefault();
    closing ??= table
      .close()
      .catch((err: unknown) => console.error('Portcullis: closing the handler table failed:', err))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
  start().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    dialog.showErrorBox('Portcullis could not start', message);
    app.exit(1);
  });
}
