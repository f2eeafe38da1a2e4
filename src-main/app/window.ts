// The main window, locked down: sandboxed renderer with context isolation and no Node, our preload only,
// and nothing shown until the first paint is ready. The native title belongs to the shell.
import { fileURLToPath } from 'node:url';
import { BrowserWindow } from 'electron';

/** The built preload, beside the main bundle: out/main/index.js -> out/preload/preload.cjs. */
export const preloadPath = (): string => fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));

/** The built renderer folder that `portcullis://app/` serves: out/renderer/. */
export const rendererDir = (): string => fileURLToPath(new URL('../renderer/', import.meta.url));

export function createMainWindow(pageUrl: string): BrowserWindow {
  const win = new BrowserWindow({
    title: 'Portcullis',
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    webPreferences: {
      preload: preloadPath(),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  win.loadURL(pageUrl).catch((err: unknown) => {
    // Show the window anyway, so a broken build is visible rather than an invisible running process.
    console.error(`Portcullis: could not load ${pageUrl}:`, err);
    if (!win.isDestroyed()) win.show();
  });
  return win;
}
