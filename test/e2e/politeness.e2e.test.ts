// Politeness through real Chromium and the egress proxy, measured where it counts: on the audited server.
// A server of our own records every request (arrival time, requests in flight, user agent), so the figures are
// what a site's operator would see: requests at once, requests sent before Retry-After expired, robots.txt fetches,
// the auditor's user agent on every request (Lighthouse's included), one audit at a time per host.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath, egressOptions, launchBrowser, type AuditBrowser } from '../../src/audit/browser.ts';
import { auditSite } from '../../src/audit/runner.ts';
import { runLighthouse } from '../../src/collectors/lighthouse.ts';
import { serveSites, type ServedSites } from '../../dev/site-server.ts';
import { FIXTURE_SITES, testConfig } from '../helpers/fixtures.ts';
import { silentLogger } from '../../src/log.ts';
import type { Target } from '../../src/types.ts';

interface Hit {
  at: number;
  path: string;
  ua: string;
  inFlight: number;
}

const IMAGES = 24;
const config = testConfig({ lighthouse: { ...testConfig().crawl.lighthouse, enabled: false } });
const SUFFIX = config.crawl.userAgentSuffix;

let server: Server;
let origin: string;
const hits: Hit[] = [];
let inFlight = 0;
/** Set when the server answers 429: no request may arrive between `from` and `until`. */
const retryWindows: { from: number; until: number }[] = [];
let browser: AuditBrowser;
const sockets = new Set<Socket>();

function html(body: string): string {
  return `<!doctype html><html lang="lv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Pieklājība</title></head><body><main><h1>Pieklājība</h1>${body}</main></body></html>`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    inFlight++;
    hits.push({ at: Date.now(), path: url.pathname + url.search, ua: req.headers['user-agent'] ?? '', inFlight });
    const done = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      inFlight--;
      res.writeHead(status, { 'content-type': type, ...headers }).end(body);
    };
    if (url.pathname === '/robots.txt') return done(200, 'text/plain', 'User-agent: *\nDisallow: /private\n');
    if (url.pathname.startsWith('/img/')) {
      // Slow images: a browser left alone would ask for many at once.
      return void setTimeout(() => done(200, 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'), 150);
    }
    if (url.pathname.startsWith('/busy/')) {
      if (url.pathname === '/busy/0.svg') {
        retryWindows.push({ from: Date.now(), until: Date.now() + 2000 });
        return done(429, 'text/plain', 'slow down', { 'retry-after': '2' });
      }
      return done(200, 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');
    }
    if (url.pathname === '/busy') {
      // The first image is answered 429; the rest must wait until Retry-After has passed.
      const imgs = Array.from({ length: 10 }, (_, i) => `<img src="/busy/${i}.svg" alt="b${i}">`).join('');
      return done(200, 'text/html; charset=utf-8', html(imgs));
    }
    const imgs = Array.from({ length: IMAGES }, (_, i) => `<img src="/img/${i}.svg${url.search}" alt="attēls ${i}">`).join('');
    return done(200, 'text/html; charset=utf-8', html(`<p>Teksts.</p>${imgs}`));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser({ egress: egressOptions(config.crawl) });
});

afterAll(async () => {
  await browser?.close();
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const target = (path: string): Target => ({ id: 'pieklajiba', name: 'Pieklājība', type: 'institution', sector: 'VARAM', url: `${origin}${path}` });

describe('politeness on the audited server', () => {
  test('an audit, then Lighthouse: ≤ maxConcurrentPerHost requests at once, robots.txt fetched once, our user agent on every request', { timeout: 150_000 }, async () => {
    const from = hits.length;
    const { result } = await auditSite(target('/'), { browser, config: testConfig({ maxPages: 2, lighthouse: config.crawl.lighthouse }), runId: 'polite', log: silentLogger });
    expect(result.status).toBe('ok');
    // Lighthouse's own tab on the same host in the same run (browser), told a user agent without our suffix: the
    // proxy adds it, and robots.txt (Lighthouse reads it for SEO) still comes from memory.
    const lhFrom = hits.length;
    const lh = await runLighthouse(`${origin}/?lh`, {
      port: browser.port,
      userAgent: 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
      timeoutMs: 90_000,
      settings: testConfig().crawl.lighthouse.settings,
    });
    expect(lh.runtimeError).toBeNull();
    const lighthouseHits = hits.slice(lhFrom);
    const mine = hits.slice(from);
    const maxInFlight = Math.max(...mine.map((h) => h.inFlight));
    const robots = mine.filter((h) => h.path === '/robots.txt').length;
    const withoutSuffix = mine.filter((h) => !h.ua.includes(SUFFIX));
    const stats = browser.egress.hosts.get(new URL(origin).host)!;
    console.log(
      `audit + Lighthouse: ${mine.length} requests, max ${maxInFlight} at once at the server (limit ${config.crawl.politeness.maxConcurrentPerHost}), ` +
        `robots.txt fetched ${robots}× (served from memory ${stats.robotsFromCache}×), ${withoutSuffix.length} without "${SUFFIX}" ` +
        `(proxy added it to ${stats.userAgentAdded}), Lighthouse's tab: ${lighthouseHits.length} requests`,
    );
    expect(mine.length).toBeGreaterThan(IMAGES * 3);
    expect(maxInFlight).toBeLessThanOrEqual(config.crawl.politeness.maxConcurrentPerHost);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(robots).toBe(1);
    expect(lighthouseHits.length).toBeGreaterThan(IMAGES);
    expect(withoutSuffix).toEqual([]);
  });

  test('429 with Retry-After in the browser: no request reaches the host before it expires', async () => {
    const context = await browser.browser.newContext({ userAgent: `test ${SUFFIX}` });
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/busy`, { waitUntil: 'load', timeout: 20_000 });
      const window = retryWindows.at(-1)!;
      const after = hits.filter((h) => h.path.startsWith('/busy/') && h.path !== '/busy/0.svg');
      const early = after.filter((h) => h.at > window.from && h.at < window.until);
      const sentBefore429 = after.filter((h) => h.at <= window.from).length;
      console.log(`Retry-After 2 s: ${early.length} requests sent before it expired, ${after.length - sentBefore429} waited for it, ${sentBefore429} were already on their way`);
      expect(early).toEqual([]);
      expect(after.length - sentBefore429).toBeGreaterThan(0);
      expect(after.length).toBe(9);
    } finally {
      await context.close();
    }
  });

  test('one audit at a time per host: a second audit of the same host starts when the first ends', async () => {
    const ends: Record<string, number> = {};
    const run = (q: string) =>
      auditSite(target(`/?${q}`), { browser, config: testConfig({ maxPages: 1, lighthouse: config.crawl.lighthouse }), runId: 'polite', log: silentLogger }).then((r) => {
        ends[q] = Date.now();
        return r.result.status;
      });
    const from = hits.length;
    expect(await Promise.all([run('a'), run('b')])).toEqual(['ok', 'ok']);
    const firstDone = ends.a! < ends.b! ? 'a' : 'b';
    const second = firstDone === 'a' ? 'b' : 'a';
    const secondStart = hits.slice(from).find((h) => h.path === `/?${second}`)!.at;
    const firstLast = Math.max(...hits.slice(from).filter((h) => h.path.endsWith(`?${firstDone}`)).map((h) => h.at));
    console.log(`audits per host 1: the second audit's first request came ${secondStart - ends[firstDone]!} ms after the first audit ended`);
    expect(secondStart).toBeGreaterThanOrEqual(ends[firstDone]! - 5);
    expect(secondStart).toBeGreaterThan(firstLast);
  });
});

describe('proxy overhead', () => {
  let sites: ServedSites;
  beforeAll(async () => {
    sites = await serveSites(FIXTURE_SITES, { only: ['clean'] });
  });
  afterAll(async () => {
    await sites.close();
  });

  test('a fixture page loads about as fast through the egress proxy as directly', async () => {
    const direct = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
    const proxied = await launchBrowser({ egress: { politeness: { minGapMs: 0 }, userAgentSuffix: SUFFIX } });
    const polite = browser; // the shipped politeness: 50 ms between request starts
    const url = `${sites.origins.clean}/`;
    const times: Record<string, number[]> = { direct: [], proxy: [], 'proxy+politeness': [] };
    try {
      const contexts = {
        direct: await direct.newContext(),
        proxy: await proxied.browser.newContext(),
        'proxy+politeness': await polite.browser.newContext(),
      };
      for (let round = 0; round < 5; round++) {
        for (const [name, context] of Object.entries(contexts)) {
          const page = await context.newPage();
          const t = performance.now();
          await page.goto(`${url}?r=${round}`, { waitUntil: 'load' });
          times[name]!.push(performance.now() - t);
          await page.close();
        }
      }
    } finally {
      await direct.close();
      await proxied.close();
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(median(v))]));
    console.log(`page load (clean home, median of 5): direct ${m.direct} ms, through the proxy ${m.proxy} ms, with the shipped politeness ${m['proxy+politeness']} ms`);
    // Generous: the machine is shared; the figure is what matters.
    expect(m.proxy! - m.direct!).toBeLessThan(500);
  });
});
