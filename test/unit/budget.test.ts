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

test("a slow site's Lighthouse waits grow with its page waits, within a third and a half of Lighthouse's limit", () => {
  const slow = siteBudget(crawl, 20_000).crawl.lighthouse; // navigation timeout 40 s (capped at siteTimeoutMs / 6)
  expect(slow.settings.maxWaitForFcp).toBe(30_000); // 90 s / 3
  expect(slow.settings.maxWaitForLoad).toBe(45_000); // min(40 s × 1.5, 90 s / 2)
  expect(slow.timeoutMs).toBe(crawl.lighthouse.timeoutMs);
  const fast = siteBudget(crawl, 2_000).crawl.lighthouse;
  expect(fast.settings).toEqual(crawl.lighthouse.settings);
  expect(crawl.lighthouse.settings.maxWaitForFcp).toBe(15_000); // the shipped config is not changed in place
});
