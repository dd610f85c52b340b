import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser tests share one Chromium per file; files run in parallel on the machine's cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Fixture sites are served on 127.0.0.1, which the egress proxy refuses unless allow-listed (src/egress.ts).
    env: { EINDEX_ALLOW_HOSTS: '127.0.0.1' },
  },
});
