// Project-level invariants: version in one place, and the layering lint rules really fire.
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../src-main/core/model/version';

describe('project invariants', () => {
  it('APP_VERSION matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(APP_VERSION).toBe(pkg.version);
  });

  const eslint = new ESLint();
  const rulesHit = async (code: string, filePath: string) =>
    (await eslint.lintText(code, { filePath }))[0]!.messages
      .filter((m) => m.ruleId === 'no-restricted-imports')
      .map((m) => m.message);

  it.each([
    ["import { app } from 'electron';\nexport const a = app;", 'src-main/core/store/x.ts', /no Electron/],
    ["import React from 'react';\nexport const a = React;", 'src-main/core/store/x.ts', /never imports React/],
    [
      "import { createHandlerTable } from '../../api/handlers';\nexport const a = createHandlerTable;",
      'src-main/core/store/x.ts',
      /outer layer/,
    ],
    [
      "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;",
      'src-renderer/src/x.ts',
      /never imports Node/,
    ],
    [
      "import { readFileSync } from 'fs';\nexport const a = readFileSync;",
      'src-renderer/src/x.ts',
      /never imports Node/,
    ],
    [
      "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;",
      'src-renderer/src/x.ts',
      /window\.portcullis/,
    ],
    [
      "import { EngagementStore } from '../../src-main/core/store/engagement-store';\nexport const a = EngagementStore;",
      'src-renderer/src/x.ts',
      /only takes types/,
    ],
    ["import { app } from 'electron';\nexport const a = app;", 'src-main/api/x.ts', /no Electron/],
    ["import { z } from 'zod';\nexport const a = z;", 'src-main/app/preload.ts', /sandboxed preload/],
    [
      "import { listRules } from '../store/rules';\nexport const a = listRules;",
      'src-main/core/net/x.ts',
      /net is pure/,
    ],
    [
      "import { reachability } from '../net/index';\nexport const a = reachability;",
      'src-main/core/import/x.ts',
      /siblings/,
    ],
    [
      "import { formats } from '../import/formats';\nexport const a = formats;",
      'src-main/core/store/x.ts',
      /store sits below/,
    ],
    ["import { app } from 'electron';\nexport const a = app;", 'src-main/core/net/x.ts', /no Electron/],
  ])('lint refuses %j in %s', async (code, file, message) => {
    const hits = await rulesHit(code, file);
    expect(hits.some((m) => message.test(m))).toBe(true);
  });

  it('lint allows type-only Electron imports in the core', async () => {
    expect(
      await rulesHit("import type { App } from 'electron';\nexport type A = App;", 'src-main/core/store/x.ts'),
    ).toEqual([]);
  });
});
