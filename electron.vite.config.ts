// Builds the three bundles from our own roots: the main-process side (Electron shell, CLI, job worker and
// the test harness, which packaging leaves out), the sandboxed preload (CommonJS, bundles everything but
// electron) and the React renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: {
          index: resolve(root, 'src-main/app/main.ts'),
          cli: resolve(root, 'src-main/cli/main.ts'),
          'job-worker': resolve(root, 'src-main/api/jobs/worker-entry.ts'),
          harness: resolve(root, 'src-main/harness/main.ts'),
        },
        output: {
          // Keep shared chunks beside the entries so `new URL('./job-worker.js', import.meta.url)` resolves.
          chunkFileNames: '[name]-[hash].js',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve(root, 'src-main/app/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
