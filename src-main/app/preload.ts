// The sandboxed preload: exposes `window.portcullis` through the context bridge and nothing else. It is
// bundled to CommonJS and may import only `electron` at run time; the page never sees ipcRenderer or the
// IPC event object, only the functions built here and plain event payloads.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_GRANT_DROPPED, IPC_INVOKE } from '../api/channels';
import type { PortcullisApi, PortcullisEvent } from '../api/contract';
import { buildPortcullisApi } from './preload-api';

const api: PortcullisApi = buildPortcullisApi(
  (channel, request) => ipcRenderer.invoke(IPC_INVOKE, channel, request),
  (listener) => {
    const forward = (_event: IpcRendererEvent, payload: PortcullisEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, forward);
    };
  },
  (file) => {
    // Only a real File from a drop (or a file input) has a path; pages cannot forge one.
    const path = webUtils.getPathForFile(file);
    if (path) ipcRenderer.send(IPC_GRANT_DROPPED, path);
    return path;
  },
);

contextBridge.exposeInMainWorld('portcullis', api);
