// auditSite end to end: real Chromium, fixture sites on 127.0.0.1. One browser for the whole file; Lighthouse only
// on the one site where it is the subject.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditSite, type SiteAudit } from '../../src/audit/runner.ts';
import { silentLogger } from '../../src/log.ts';
import type { MobileValue } from '../../src/indicators/mobile.ts';
import type { WcagValue } from '../../src/indicators/wcag.ts';
import type { LighthouseValue } from '../../src/indicators/lighthouse.ts';
import { fixtureTarget, startFixtures, testConfig } from '../helpers/fixtures.ts';
import { schemaErrors } from '../helpers/schema.ts';
import { runLighthouse } from '../../src/collectors/lighthouse.ts';
import type { LighthouseFacts } from '../../src/artifacts.ts';
import { gunzipSync } from 'node:zlib';

let env: Awaited<ReturnType<typeof startFixtures>>;
const audits = new Map<string, SiteAudit>();

async function audit(name: string, crawl: Parameters<typeof testConfig>[0] = {}): Promise<SiteAudit> {
  const key = `${name}:${JSON.stringify(crawl)}`;
  const cached = audits.get(key);
  if (cached) return cached;
  const config = testConfig({ lighthouse: { ...testConfig().crawl.lighthouse, enabled: false }, ...crawl });
  const result = await auditSite(fixtureTarget(env.sites, name), { browser: env.browser, config, runId: 'test-run', log: silentLogger });
  expect(schemaErrors(result.result)).toEqual([]);
  audits.set(key, result);
  return result;
}

beforeAll(async () => {
  env = await startFixtures();
});
afterAll(async () => {
  await env?.close();
});

describe('a clean, accessible, mobile-friendly site', () => {
  test('is audited with its role pages found by link text and zero WCAG violations', async () => {
    const { result, artifacts } = await audit('clean');
    expect(result.status).toBe('ok');
    const roles = Object.fromEntries(result.pages.flatMap((p) => p.roles.map((r) => [r, new URL(p.finalUrl).pathname])));
    expect(roles.home).toBe('/');
    expect(roles.statement).toBe('/pieklustamiba/');
    expect(roles.participation).toBe('/sabiedribas-lidzdaliba/');
    expect(roles.contacts).toBe('/kontakti/');
    const statement = result.pages.find((p) => p.roles.includes('statement'))!;
    expect(statement.foundBy.via).toBe('link');
    expect(result.pages.length).toBeLessThanOrEqual(testConfig().crawl.maxPages);
    expect(result.robots).toEqual({ respected: true, status: 200, disallowed: [] });
    // Where the time went: every phase that ran has its milliseconds. After the home page three tracks run at once
    // (role then other pages; home collectors; Lighthouse): the longest track and the sequential phases add up to
    // about the whole audit.
    const t = result.timings!;
    for (const phase of ['robots', 'home', 'rolePages', 'otherPages', 'homeCollectors', 'indicators'] as const) expect(t[phase], phase).toBeGreaterThanOrEqual(0);
    expect(t.homeCollectors).toBeGreaterThan(0);
    const pagesTrack = t.rolePages! + t.otherPages!;
    const sum = t.robots! + t.home! + Math.max(pagesTrack, t.homeCollectors!, t.lighthouse ?? 0) + t.indicators!;
    expect(sum).toBeLessThanOrEqual(result.durationMs + 5);
    expect(sum).toBeGreaterThan(result.durationMs * 0.8);

    const wcag = result.indicators.wcag!;
    expect((wcag.value as WcagValue).rules).toEqual([]);
    expect((wcag.value as WcagValue).band).toBe('highest');
    expect((wcag.value as WcagValue).pagesAudited).toBe(result.pages.length);
    expect(wcag.score).toBe(1);
    expect(wcag.outcome).toBe('pass');

    const mobile = result.indicators.mobile!;
    expect(mobile.value as MobileValue).toMatchObject({ mobileFriendly: true, viewport: true, fitsWidth: true, legibleText: true, tapTargets: true });
    expect(mobile.score).toBe(1);
    expect(artifacts.pages && !('collectorError' in artifacts.pages)).toBe(true);

    // The statement found by its footer link is read and judged complete (contact + evaluation document).
    const statementResult = result.indicators['a11y-statement']!;
    expect(statementResult.value).toMatchObject({ level: 'complete', format: 'html', language: 'lv', complianceStatus: 'full', contradictsMeasured: false });
    expect(new URL((statementResult.value as { url: string }).url).pathname).toBe('/pieklustamiba/');
  });

  test('samples the same pages every time (deterministic)', async () => {
    const first = (await audit('clean')).result.pages.map((p) => p.url);
    const again = await auditSite(fixtureTarget(env.sites, 'clean'), {
      browser: env.browser,
      config: testConfig({ lighthouse: { ...testConfig().crawl.lighthouse, enabled: false } }),
      runId: 'test-run',
      log: silentLogger,
    });
    expect(again.result.pages.map((p) => p.url).sort()).toEqual([...first].sort());
  });

  test('a smaller page budget is respected', async () => {
    const { result } = await audit('clean', { maxPages: 2 });
    expect(result.pages).toHaveLength(2);
    expect(result.pages[0]!.roles).toContain('home');
  });
});

describe('a site with known WCAG violations', () => {
  test('reports exactly the planted axe rules on their pages', async () => {
    const { result } = await audit('violations');
    expect(result.status).toBe('ok');
    const value = result.indicators.wcag!.value as WcagValue;
    const found = Object.fromEntries(value.rules.map((r) => [r.id, r.pages.map((p) => new URL(p).pathname).sort()]));
    expect(found).toEqual({
      'image-alt': ['/'],
      'link-name': ['/'],
      'color-contrast': ['/par-mums/'],
      label: ['/par-mums/'],
      'html-has-lang': ['/kontakti/'],
    });
    const imageAlt = value.rules.find((r) => r.id === 'image-alt')!;
    expect(imageAlt.wcag).toEqual(['1.1.1']);
    expect(imageAlt.impact).toBe('critical');
    expect(value.violations.critical).toBeGreaterThan(0);
    expect(['high', 'medium', 'low']).toContain(value.band);
    expect(result.indicators.wcag!.outcome).toBe('fail');
    // Evidence names the page and the element.
    const evidence = result.indicators.wcag!.evidence.find((e) => e.text?.startsWith('image-alt'))!;
    expect(new URL(evidence.url).pathname).toBe('/');
    expect(evidence.selector).toBeTruthy();
  });
});

describe('mobile-friendliness', () => {
  test('a fixed 1200 px site without viewport meta is not mobile-friendly, with evidence per criterion', async () => {
    const { result } = await audit('not-mobile');
    const mobile = result.indicators.mobile!;
    expect(mobile.value as MobileValue).toMatchObject({ mobileFriendly: false, viewport: false, fitsWidth: false, legibleText: false, tapTargets: false });
    expect(mobile.score).toBe(0);
    expect(mobile.evidence.some((e) => e.selector === 'meta[name="viewport"]')).toBe(true);
    expect(mobile.evidence.some((e) => /1200|px wide/.test(e.text ?? ''))).toBe(true);
  });
});

describe('sites that cannot be audited get a result that says why', () => {
  test.each([
    ['home-404', 'http-error', /HTTP 404/],
    ['server-error', 'http-error', /HTTP 503/],
    ['redirect-loop', 'redirect-loop', /./],
    ['slow', 'timeout', /./],
    ['robots-disallow', 'robots-disallowed', /robots\.txt/],
    ['not-html', 'not-html', /application\/pdf/],
  ])('%s → %s', async (name, status, message) => {
    const { result } = await audit(name);
    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
    expect(result.indicators).toEqual({});
  });

  test('robots.txt can be ignored by config, and the result says so', async () => {
    const { result } = await audit('robots-disallow', { respectRobots: false });
    expect(result.status).toBe('ok');
    expect(result.robots?.respected).toBe(false);
    expect(result.robots?.disallowed.length).toBeGreaterThan(0);
  });

  test('an unknown host is a DNS failure', async () => {
    const target = { id: 'nowhere', name: 'Nowhere', type: 'institution' as const, sector: 'VARAM', url: 'https://nonexistent.invalid/' };
    const { result } = await auditSite(target, { browser: env.browser, config: testConfig(), runId: 'test-run', log: silentLogger });
    expect(result.status).toBe('dns');
    expect(schemaErrors(result)).toEqual([]);
  });
});

describe('redirects and dialogs', () => {
  test('a redirect from / to /lv/ audits /lv/ as the home page', async () => {
    const { result, artifacts } = await audit('redirect');
    expect(result.status).toBe('ok');
    const home = result.pages.find((p) => p.roles.includes('home'))!;
    expect(new URL(home.finalUrl).pathname).toBe('/lv/');
    const transport = artifacts.transport as { redirects: string[] };
    expect(transport.redirects.map((u) => new URL(u).pathname)).toEqual(['/']);
  });

  test('a page that opens alert() on load is audited anyway', async () => {
    const { result } = await audit('alert');
    expect(result.status).toBe('ok');
    expect(result.indicators.wcag!.score).not.toBeNull();
  });
});

describe('Lighthouse (mobile) on the same Chromium', () => {
  test('scores the clean site and records its version', async () => {
    // The site's limit above Lighthouse's own (90 s): on a loaded CI machine Lighthouse alone can take a minute.
    const { result, artifacts } = await audit('clean', { lighthouse: testConfig().crawl.lighthouse, siteTimeoutMs: 180_000 });
    expect(result.status, result.message).toBe('ok');
    // Lighthouse's own HTML report comes back gzipped with the facts, for the institution's report; never in the result.
    const facts = artifacts!.lighthouse as LighthouseFacts;
    const gz = Buffer.from(facts.reportHtmlGz!, 'base64');
    const reportHtml = gunzipSync(gz).toString('utf8');
    // (booleans: a failure should not print the whole report)
    expect(/^<!--[\s\S]*?-->\s*<!doctype html>/i.test(reportHtml), reportHtml.slice(0, 200)).toBe(true);
    expect(reportHtml.includes('<title>Lighthouse Report</title>'), 'title').toBe(true);
    expect(reportHtml.includes(`"requestedUrl":"${fixtureTarget(env.sites, 'clean').url}"`), 'the audited URL').toBe(true);
    expect(JSON.stringify(result)).not.toContain(facts.reportHtmlGz!.slice(0, 64));
    console.log(`[lighthouse-html] clean home page: HTML ${Buffer.byteLength(reportHtml)} bytes, gzipped ${gz.length} bytes (${((100 * gz.length) / Buffer.byteLength(reportHtml)).toFixed(1)} %); Lighthouse run ${facts.durationMs} ms`);
    const lh = result.indicators.lighthouse!;
    const value = lh.value as LighthouseValue;
    expect(value.runtimeError).toBeNull();
    expect(value.accessibility).toBeGreaterThanOrEqual(0.9);
    expect(value.seo).not.toBeNull();
    expect(value.bestPractices).not.toBeNull();
    expect(lh.score).toBeGreaterThan(0.5);
    expect(result.versions.lighthouse).toMatch(/^13\./);
  }, 200_000);

  test('runs asked for at once take turns (Chromium records one trace at a time) and score as they do alone', async () => {
    const { lighthouse } = testConfig().crawl;
    const run = (site: string) =>
      runLighthouse(fixtureTarget(env.sites, site).url, { port: env.browser.port, userAgent: env.browser.userAgent, timeoutMs: 120_000, settings: lighthouse.settings, skipUnweighted: true });
    const scores = (f: Awaited<ReturnType<typeof runLighthouse>>) => ({ a11y: f.categories.accessibility, bp: f.categories.bestPractices, seo: f.categories.seo });
    const alone = [await run('clean'), await run('not-mobile')];
    const started = Date.now();
    const together = await Promise.all([run('clean'), run('not-mobile')]);
    const wallMs = Date.now() - started;
    // Two at once would fail with TRACING_ALREADY_STARTED; taking turns, the wall time covers both runs' own time.
    expect(together.map((f) => f.runtimeError), JSON.stringify(together.map((f) => f.runtimeError))).toEqual([null, null]);
    expect(wallMs).toBeGreaterThanOrEqual(together[0]!.durationMs + together[1]!.durationMs);
    expect(together.map(scores)).toEqual(alone.map(scores));
  }, 400_000);
});
