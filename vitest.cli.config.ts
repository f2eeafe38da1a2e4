// Tests of the built command line; run after `npm run build` (npm test does).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/cli/**/*.test.ts'], environment: 'node', testTimeout: 60_000 },
});
