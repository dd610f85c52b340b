import { expect, test } from 'vitest';
import { siteBudget } from '../../src/audit/budget.ts';
import { loadConfig } from '../../src/config.ts';

const crawl = loadConfig().crawl; // navigationTimeoutMs 20 000, siteTimeoutMs 240 000, slowSiteFactor 2.5

test.each([
  [800, 20_000, false],
  [8_000, 20_000, false],
  [9_000, 22_500, true],
  [16_500, 40_000, true],
  [120_000, 40_000, true],
])('home loaded in %i ms: navigation timeout %i (scaled %s)', (homeLoadMs, timeout, scaled) => {
  const b = siteBudget(crawl, homeLoadMs);
  expect(b.navigationTimeoutMs).toBe(timeout);
  expect(b.scaled).toBe(scaled);
  expect(b.crawl.navigationTimeoutMs).toBe(timeout);
  expect(b.crawl.siteTimeoutMs).toBe(crawl.siteTimeoutMs);
});

test('the config is not changed in place', () => {
  siteBudget(crawl, 30_000);
  expect(crawl.navigationTimeoutMs).toBe(20_000);
});
