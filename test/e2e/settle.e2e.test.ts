// The settled DOM (src/audit/crawl/settle.ts) in real Chromium, one browser for the file: a footer a script inserts
// 800 ms after load is read, a page that never stops changing is read at the budget with the fact recorded in the
// result, a quiet page costs no wait, and the watcher's setTimeout, fetch and XMLHttpRequest behave like the browser's.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { auditSite } from '../../src/audit/runner.ts';
import { openDesktopContext } from '../../src/audit/crawl/contexts.ts';
import { settleDom } from '../../src/audit/crawl/settle.ts';
import { silentLogger } from '../../src/log.ts';
import type { CrawlConfig } from '../../src/config.ts';
import type { A11yStatementValue } from '../../src/indicators/a11y-statement/index.ts';
import type { SocialValue } from '../../src/indicators/social.ts';
import { fixtureTarget, startFixtures, testConfig } from '../helpers/fixtures.ts';
import { schemaErrors } from '../helpers/schema.ts';

let env: Awaited<ReturnType<typeof startFixtures>>;
let context: BrowserContext;

function config(crawl: Partial<CrawlConfig> = {}) {
  return testConfig({ maxPages: 4, lighthouse: { ...testConfig().crawl.lighthouse, enabled: false }, ...crawl });
}

beforeAll(async () => {
  env = await startFixtures(['lv-late-footer', 'lv-late-ticker', 'lv-none']);
  context = await openDesktopContext(env.browser, config().crawl, 'eindex-test');
});
afterAll(async () => {
  await context?.close();
  await env?.close();
});

test('a footer inserted 800 ms after load is waited for and read: statement, participation and social links', async () => {
  const page = await context.newPage();
  try {
    await page.goto(`${env.sites.origins['lv-late-footer']}/`, { waitUntil: 'load' });
    const started = performance.now();
    expect(await settleDom(page, config().crawl)).toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(700);
    expect(await page.locator('footer a[href="/par-vietni/pieklustamiba-2026/"]').count()).toBe(1);
  } finally {
    await page.close();
  }

  const { result } = await auditSite(fixtureTarget(env.sites, 'lv-late-footer'), { browser: env.browser, config: config(), runId: 'settle', log: silentLogger });
  expect(result.status).toBe('ok');
  expect(schemaErrors(result)).toEqual([]);
  const roles = Object.fromEntries(result.pages.flatMap((p) => p.roles.map((r) => [r, new URL(p.finalUrl).pathname])));
  expect(roles.statement).toBe('/par-vietni/pieklustamiba-2026/');
  expect(roles.participation).toBe('/iesaiste/');
  expect((result.indicators['a11y-statement']!.value as A11yStatementValue).level).toBe('complete');
  expect((result.indicators.social!.value as SocialValue).accounts.map((a) => a.platform).sort()).toEqual(['facebook', 'youtube']);
  expect(result.pages.filter((p) => p.unsettled)).toEqual([]);
});

test('a page that never stops changing is read at the budget, and the result says which page and how long', async () => {
  const budgetMs = 1200;
  const { result } = await auditSite(fixtureTarget(env.sites, 'lv-late-ticker'), {
    browser: env.browser,
    config: config({ settleBudgetMs: budgetMs }),
    runId: 'settle',
    log: silentLogger,
  });
  expect(result.status).toBe('ok');
  expect(schemaErrors(result)).toEqual([]);
  const home = result.pages.find((p) => p.roles.includes('home'))!;
  expect(home.unsettled?.still).toEqual(['mutations']);
  expect(home.unsettled!.waitedMs).toBeGreaterThanOrEqual(budgetMs);
  expect(home.unsettled!.waitedMs).toBeLessThan(budgetMs + 1500);
  // Only the ticker's page: the statement page is static and settles.
  expect(result.pages.filter((p) => p.unsettled).map((p) => new URL(p.url).pathname)).toEqual(['/']);
  const statement = result.indicators['a11y-statement']!.value as A11yStatementValue;
  expect(statement.level).toBe('complete');
  expect(statement.complianceStatus).toBe('none');
});

test('a page already quiet at load costs (almost) no wait', async () => {
  const page = await context.newPage();
  try {
    await page.goto(`${env.sites.origins['lv-none']}/`, { waitUntil: 'load' });
    await page.waitForTimeout(400); // quiet for longer than the quiet window, network idle
    const started = performance.now();
    expect(await settleDom(page, config().crawl)).toBeNull();
    expect(performance.now() - started).toBeLessThan(250);
  } finally {
    await page.close();
  }
});

test("the watcher's setTimeout, fetch and XMLHttpRequest are the browser's: ids, arguments, clearTimeout, answers", async () => {
  const page = await context.newPage();
  try {
    await page.goto(`${env.sites.origins['lv-none']}/`, { waitUntil: 'load' });
    const out = await page.evaluate(
      () =>
        new Promise<{ sum: number; cleared: boolean; fromString: boolean; ids: boolean }>((resolve) => {
          const w = window as unknown as Record<string, unknown>;
          const cancelled = setTimeout(() => (w.cleared = false), 5);
          clearTimeout(cancelled);
          w.cleared = true;
          setTimeout('window.fromString = true', 1);
          const a = setTimeout((x: number, y: number) => (w.sum = x + y), 10, 2, 3);
          const b = setTimeout(() => undefined, 0);
          setTimeout(() => resolve({ sum: w.sum as number, cleared: w.cleared as boolean, fromString: w.fromString === true, ids: typeof a === 'number' && a !== b }), 60);
        }),
    );
    expect(out).toEqual({ sum: 5, cleared: true, fromString: true, ids: true });
    const answers = await page.evaluate(async () => {
      const fetched = await fetch('/');
      const xhr = await new Promise<number>((resolve) => {
        const r = new XMLHttpRequest();
        r.open('GET', '/');
        r.onload = () => resolve(r.status);
        r.send();
      });
      return { fetch: fetched instanceof Response && fetched.status, xhr };
    });
    expect(answers).toEqual({ fetch: 200, xhr: 200 });
  } finally {
    await page.close();
  }
});
