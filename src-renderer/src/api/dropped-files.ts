// Paths of files dropped on the window. A sandboxed page only learns a dropped file's path if the face
// tells it: Electron before 32 put it on File.path; since then the preload has to expose
// webUtils.getPathForFile (looked for here as `window.portcullis.pathForFile`). The browser harness
// gives no paths, so there the drop zone is not offered at all.

export type PathOfFile = (file: File) => string;

export function droppedFilePaths(): PathOfFile | null {
  const bridge = (typeof window.portcullis === 'object' ? window.portcullis : null) as {
    pathForFile?: unknown;
  } | null;
  if (bridge && typeof bridge.pathForFile === 'function') {
    const pathForFile = bridge.pathForFile as (file: File) => unknown;
    return (file) => {
      const path = pathForFile.call(bridge, file);
      return typeof path === 'string' ? path : '';
    };
  }
  if (typeof File === 'function' && 'path' in File.prototype) {
    return (file) => {
      const path: unknown = (file as File & { path?: unknown }).path;
      return typeof path === 'string' ? path : '';
    };
  }
  return null;
}
