// The packaging config ships no test harness, never updates itself, and hardens the release fuses; its
// option names are checked against the schema of the electron-builder we actually have installed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
// js-yaml comes with electron-builder (and eslint); it has no types of its own here.
const yaml = require('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  appId?: string;
  productName?: string;
  directories?: { output?: string };
  files?: string[];
  asarUnpack?: string[];
  npmRebuild?: boolean;
  publish?: unknown;
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[] };
  win?: { target?: string[] };
  mac?: { target?: string[] };
}

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('names the app and writes to dist', () => {
    expect(config.appId).toBe('org.portcullis.app');
    expect(config.productName).toBe('Portcullis');
    expect(config.directories?.output).toBe('dist');
  });

  it('ships the built bundles but never the test harness or source maps', () => {
    const files = config.files ?? [];
    expect(files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']));
    expect(files).toContain('!out/main/harness*.js');
    expect(files).toContain('!**/*.map');
    expect(files.filter((f) => !f.startsWith('!') && /harness|src-|test/.test(f))).toEqual([]);
  });

  it('never publishes or auto-updates', () => {
    expect(Object.hasOwn(config, 'publish')).toBe(true);
    expect(config.publish).toBeNull();
  });

  it('rebuilds and unpacks the native SQLite addon', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
  });

  it('hardens the release fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('uses only fuse names that electron-builder knows', () => {
    const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    expect(known.length).toBeGreaterThan(0);
    for (const name of Object.keys(config.electronFuses ?? {})) expect(known).toContain(name);
  });

  it('passes electron-builder’s own schema validation', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('targets AppImage and deb, NSIS and dmg', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
  });
});
