import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure modules and indicators on recorded artifacts: no browser, no Redis, no child processes;
// the inner loop, `npm run test:unit`) and `e2e` (real Chromium, Redis and processes on fixture sites).
// Fixture sites are served on 127.0.0.1, which the egress proxy refuses unless allow-listed (src/audit/egress/).
const env = { EINDEX_ALLOW_HOSTS: '127.0.0.1' };

export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000, env } },
      // Browser tests share one Chromium per file; files run in parallel on the machine's cores.
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000, env } },
    ],
  },
});
