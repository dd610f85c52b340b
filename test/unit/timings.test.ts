import { expect, test } from 'vitest';
import { formatTimings } from '../../src/cli.ts';
import type { SiteResult } from '../../src/types.ts';

function site(id: string, durationMs: number, timings: SiteResult['timings']): SiteResult {
  return { target: { id }, durationMs, timings } as SiteResult;
}

test('formatTimings: seconds per phase and site, "-" for a phase that did not run, and each phase’s share', () => {
  const text = formatTimings([
    site('vid', 10_000, { robots: 100, home: 1900, rolePages: 2000, otherPages: 2000, homeCollectors: 2000, lighthouse: 2000 }),
    site('broken', 500, { robots: 500 }),
  ]);
  const lines = text.split('\n');
  expect(lines[0]).toBe('Timings (seconds):');
  expect(lines[2]).toMatch(/^ {2}vid +0\.1 +1\.9 +2\.0 +2\.0 +2\.0 +2\.0 +- +10\.0$/);
  expect(lines[3]).toMatch(/^ {2}broken +0\.5 +- +- +- +- +- +- +0\.5$/);
  // 600 ms of robots.txt in 10.5 s of phases: 6 %.
  expect(lines[4]).toMatch(/^ {2}share of time +6 % +18 % +19 % +19 % +19 % +19 % +0 %$/);
});
