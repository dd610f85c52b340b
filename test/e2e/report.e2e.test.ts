// The reports as people read them: three fixture sites audited in process (real Chromium, Lighthouse off), stored with
// an earlier run to compare with and an operator's override, written with `writeReport`, then opened in the same
// Chromium from disk (file://) and through the API (`eindex serve`'s server, real Redis): no console errors or failed
// requests, axe-core WCAG 2.1 AA with zero violations, no horizontal scrolling at 360 px, and the expected values read
// from the DOM. Screenshots go to test-output/screenshots/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditSite } from '../../src/audit/runner.ts';
import { loadScoring, REPO_ROOT } from '../../src/config.ts';
import { INDICATORS } from '../../src/indicators/index.ts';
import { silentLogger } from '../../src/log.ts';
import { addOverride, effectiveResults } from '../../src/score/overrides.ts';
import { Queues, type QueueEnv } from '../../src/service/queue.ts';
import { AXE_ADVICE } from '../../src/publish/report/advice-lv.ts';
import { AXE_HELP_LV } from '../../src/publish/report/axe-lv.ts';
import { writeReport, type WrittenReport } from '../../src/publish/report/build.ts';
import { scoreSite } from '../../src/score/score.ts';
import { createApiServer } from '../../src/service/api.ts';
import { SqliteStore, type Store } from '../../src/store/store.ts';
import type { SiteResult, TargetType } from '../../src/types.ts';
import type { Screenshot } from '../../src/artifacts.ts';
import { serviceMetrics } from '../../src/service/metrics.ts';
import { fixtureTarget, startFixtures, testConfig } from '../helpers/fixtures.ts';
import { dropPrefix, freshEnv, testService } from '../helpers/queue.ts';
import { identifiersIn, visibleText } from '../helpers/report-fixtures.ts';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS_DIR = join(REPO_ROOT, 'test-output', 'screenshots');
const SITES: [string, TargetType][] = [
  ['clean', 'ministry'],
  ['violations', 'county'],
  ['not-mobile', 'institution'],
];
// Its icon inline, as Lighthouse's own report has: without one Chromium asks for /favicon.ico, whose 404 is a console error.
const LH_HTML = '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Lighthouse Report (stand-in)</title></head><body><h1>Lighthouse</h1></body></html>';
const RUN = 'report-e2e-cur';
const PREV = 'report-e2e-prev';

let env: Awaited<ReturnType<typeof startFixtures>>;
let dir: string;
let store: Store;
let report: WrittenReport;
const results = new Map<string, SiteResult>();
const shotFigures: { site: string; shots: number; ms: number }[] = [];
const shotsBySite = new Map<string, { shots: Screenshot[]; referrers: string }>();
let queueEnv: QueueEnv;
let queues: Queues;
let server: FastifyInstance;
let base: string;

beforeAll(async () => {
  env = await startFixtures(SITES.map(([s]) => s));
  dir = mkdtempSync(join(tmpdir(), 'eindex-report-'));
  store = new SqliteStore(join(dir, 'eindex.sqlite'));
  // The audit's debug line "site crawled" carries the screenshot count and time: the cost figure of this test.
  const lines: string[] = [];
  const log = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) }));
  // A generous site limit: on a loaded machine (other Chromium tests at once) three sites at once take long.
  const config = testConfig({ maxPages: 3, siteTimeoutMs: 200_000, lighthouse: { ...testConfig().crawl.lighthouse, enabled: false } });
  await store.openRun(RUN, 'audit', SITES.length, '2026-11-23T01:00:00.000Z');
  await Promise.all(
    SITES.map(async ([name, type]) => {
      // "violations" is crawled deeper: its contrast finding is on /par-mums/, beyond the first three pages.
      const siteConfig = name === 'violations' ? { ...config, crawl: { ...config.crawl, maxPages: 8 } } : config;
      const { result, artifacts } = await auditSite({ ...fixtureTarget(env.sites, name, type), name: `Fixture ${name.replace(/-/g, ' ')} iestāde` }, { browser: env.browser, config: siteConfig, runId: RUN, log });
      if (result.status !== 'ok') throw new Error(`fixture site "${name}" could not be audited: ${result.status}: ${result.message}`);
      // saveSite moves the shots out of the artifacts; the axe nodes and the phone view refer to them by name.
      shotsBySite.set(name, { shots: Array.isArray(artifacts?.screenshots) ? [...artifacts.screenshots] : [], referrers: JSON.stringify([artifacts?.axe, artifacts?.mobile]) });
      // Lighthouse is off here (its real run and HTML are tested in audit-site.e2e): clean carries a stand-in report
      // through the store, build and API; the others have none, so no link.
      if (name === 'clean' && artifacts) artifacts.lighthouse = { url: result.target.url, lighthouseVersion: 'stand-in', categories: { accessibility: null, bestPractices: null, seo: null, performance: null }, runtimeError: null, audits: {}, durationMs: 0, reportHtmlGz: gzipSync(LH_HTML).toString('base64') };
      await store.saveSite(result, artifacts);
      results.set(name, result);
    }),
  );
  await store.finishRun(RUN);
  for (const line of lines) {
    const entry = JSON.parse(line) as { msg: string; site?: string; screenshots?: number; screenshotMs?: number };
    if (entry.msg === 'site crawled' && entry.site) shotFigures.push({ site: entry.site, shots: entry.screenshots ?? 0, ms: entry.screenshotMs ?? 0 });
  }

  // An earlier run: the same "violations" result, except one rule it has now was not there, and one it had is gone.
  const now = results.get('violations')!;
  const prev = structuredClone(now);
  prev.runId = PREV;
  const wcag = prev.indicators.wcag!.value as { rules: { id: string; help: string }[] };
  wcag.rules = [...wcag.rules.filter((r) => r.id !== 'image-alt'), { id: 'frame-title', help: 'Frames must have an accessible name', wcag: ['4.1.2'], impact: 'serious', pages: [now.target.url], nodes: 1 } as never];
  await store.openRun(PREV, 'audit', 1, '2026-11-16T01:00:00.000Z');
  await store.saveSite(prev, null);
  await store.finishRun(PREV);

  // An operator's dispute: clean's open-data result is wrong (value, score and outcome replaced; measured kept).
  await addOverride(store, { runId: RUN, targetId: 'clean', indicatorId: 'open-data', action: 'set', valueJson: '{"present":true,"links":["https://data.gov.lv/"]}', score: 1, outcome: 'pass', reason: 'dati ir portālā data.gov.lv', by: 'operators@varam.gov.lv' }, INDICATORS);

  report = await writeReport(store, RUN, join(dir, 'report'));

  queueEnv = freshEnv();
  queues = new Queues(queueEnv);
  const metrics = serviceMetrics(queues, async () => ({ runId: RUN, sealed: true, pending: 0, targets: 3 }));
  server = await createApiServer({ store, queues, service: testService(), loadTargets: async () => [], token: undefined, log: silentLogger, metrics });
  base = await server.listen({ port: 0, host: '127.0.0.1' });
  mkdirSync(SHOTS_DIR, { recursive: true });
}, 400_000);

afterAll(async () => {
  await server?.close();
  await queues?.close();
  if (queueEnv) await dropPrefix(queueEnv);
  store?.close();
  await env?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  const withDuration = shotFigures.map((f) => ({ ...f, auditMs: results.get(f.site)?.durationMs }));
  console.log(`screenshots of the findings taken during the audit: ${JSON.stringify(withDuration)}`);
});

interface Opened {
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

async function open(url: string, width: number): Promise<Opened> {
  const context = await env.browser.browser.newContext({ viewport: { width, height: 800 }, ...(width < 600 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response && response.status() >= 400 && !url.startsWith('file:')) errors.push(`HTTP ${response.status()} for ${url}`);
  // Lazy images below the fold: scroll through so every screenshot loads (and could fail).
  await page.evaluate(async () => {
    for (const img of Array.from(document.images)) img.loading = 'eager';
    await Promise.all(Array.from(document.images).map((img) => (img.complete ? null : new Promise((r) => ((img.onload = r), (img.onerror = r))))));
  });
  return { page, errors, close: () => context.close() };
}

async function axeViolations(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  await page.evaluate(AXE_SOURCE);
  // axe re-fetches stylesheets with XHR, which Chromium refuses for file:// (not the page's own request): no preload there.
  return page.evaluate(async (preload) => {
    const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { preload, runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  }, !page.url().startsWith('file:'));
}

const fileUrl = (rel: string) => pathToFileURL(join(report.dir, rel)).href;
const lvNum = (n: number | null) => (n === null ? '–' : String(n).replace('.', ','));

const PAGES = ['index.html', 'index.en.html', 'sites/clean.html', 'sites/violations.html', 'sites/not-mobile.html', 'sites/violations.en.html'];

describe('every report page, from disk, on a phone and a desktop', () => {
  for (const rel of PAGES) {
    for (const width of [360, 1280]) {
      test(`${rel} at ${width} px: no errors, axe WCAG 2.1 AA clean${width === 360 ? ', no horizontal scrolling' : ''}`, async () => {
        const o = await open(fileUrl(rel), width);
        try {
          expect(await axeViolations(o.page)).toEqual([]);
          const { scrollWidth, clientWidth } = await o.page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
          expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
          // No element wider than the screen, except inside a region that scrolls on its own (the wide tables' wrappers)
          const wide = await o.page.evaluate((w) => {
            const scrolls = (el: Element | null): boolean => {
              // (or is clipped: the screen-reader-only texts are 1 px boxes that hide their content)
              for (let p = el?.parentElement; p; p = p.parentElement) if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
              return false;
            };
            return Array.from(document.body.querySelectorAll('*'))
              .filter((el) => {
                const r = el.getBoundingClientRect();
                return (r.width > w || r.right > w + 0.5) && !scrolls(el);
              })
              .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${Math.round(el.getBoundingClientRect().width)} px`);
          }, width);
          expect(wide).toEqual([]);
          // Verdicts never break inside the word ("neatbi-lst"): each badge is one line box.
          expect(await o.page.evaluate(() => Array.from(document.querySelectorAll('.badge, .impact')).filter((b) => b.getClientRects().length > 1 || b.getBoundingClientRect().height > 2.2 * parseFloat(getComputedStyle(b).fontSize)).map((b) => b.textContent))).toEqual([]);
          // Images are sized (no jump when they load) and kept inside their column.
          const images = await o.page.evaluate(() => Array.from(document.images).map((i) => ({ src: i.getAttribute('src'), sized: i.hasAttribute('width') && i.hasAttribute('height'), maxWidth: getComputedStyle(i).maxWidth })));
          for (const i of images) expect(i, i.src ?? '').toMatchObject({ sized: true, maxWidth: '100%' });
          if (rel.startsWith('index')) {
            // Chart labels fit beside their bars (wrapped between words on a phone), and no bar is a giant one.
            const charts = await o.page.evaluate(() => {
              const C = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): { config: { type: string }; scales: Record<string, { width: number; left: number; _labelSizes?: { widest: { width: number } } }>; getDatasetMeta(i: number): { data: { height: number }[] } } } }).Chart;
              return Array.from(document.querySelectorAll('canvas')).map((c) => {
                const chart = C.getChart(c)!;
                const y = chart.scales.y!;
                const bar = chart.config.type === 'bar' ? Math.max(...chart.getDatasetMeta(0).data.map((d) => d.height)) : 0;
                return { id: c.id, type: chart.config.type, widest: y._labelSizes?.widest.width ?? -1, room: y.width, left: y.left, bar };
              });
            });
            for (const c of charts) {
              expect(c.widest, c.id).toBeGreaterThan(0);
              expect(c.widest, c.id).toBeLessThanOrEqual(c.room);
              expect(c.left, c.id).toBeGreaterThanOrEqual(0);
              expect(c.bar, c.id).toBeLessThanOrEqual(36);
            }
          }
          // Every image (the screenshots of findings) loaded.
          expect(await o.page.evaluate(() => Array.from(document.images).filter((i) => !i.naturalWidth).map((i) => i.src))).toEqual([]);
          if (rel === 'index.html' || rel === 'sites/violations.html' || rel === 'sites/not-mobile.html' || rel === 'sites/clean.html') {
            const path = join(SHOTS_DIR, `${rel.replace(/[/.]/g, '-').replace(/-html$/, '')}-${width}.png`);
            await o.page.screenshot({ path, fullPage: true });
            console.log(`screenshot: ${path}`);
          }
          expect(o.errors).toEqual([]);
        } finally {
          await o.close();
        }
      });
    }
  }
});

describe('values on the pages (read from the DOM)', () => {
  test('overview: every site with its score and level, charts drawn, tables beside them, filter and sort work', async () => {
    const o = await open(fileUrl('index.html'), 1280);
    try {
      const { page } = o;
      // The list of all sites is reachable at the top: a link to it, and its filter before any chart.
      expect(await page.locator('nav a[href="#h-sites"]').count()).toBe(1);
      expect(await page.evaluate(() => !!(document.getElementById('f-text')!.compareDocumentPosition(document.querySelector('canvas')!) & Node.DOCUMENT_POSITION_FOLLOWING))).toBe(true);
      // Statuses in Latvian.
      expect(await page.locator('#sites tbody tr td:nth-child(4)').allInnerTexts()).toEqual(['izmērīta', 'izmērīta', 'izmērīta']);
      const scoring = loadScoring(INDICATORS);
      const effective = await effectiveResults(store, RUN);
      expect(await page.locator('#sites tbody tr').count()).toBe(3);
      for (const r of effective) {
        const s = scoreSite(r, scoring);
        const row = page.locator(`#sites tbody tr[data-id="${r.target.id}"]`);
        expect((await row.locator('.site-score').innerText()).trim()).toBe(lvNum(s.overall.score));
        expect(await row.locator('a').getAttribute('href')).toBe(`sites/${r.target.id}.html`);
      }
      expect(await page.locator('#n-sites').innerText()).toBe('3');
      // Chart.js drew every canvas (no network: it came from assets/), and each chart has its table.
      const charts = await page.evaluate(() => Array.from(document.querySelectorAll('canvas')).map((c) => ({ id: c.id, drawn: !!(window as unknown as { Chart: { getChart(c: HTMLCanvasElement): unknown } }).Chart.getChart(c), label: c.getAttribute('aria-label') })));
      expect(charts.length).toBeGreaterThanOrEqual(2);
      for (const c of charts) expect(c).toMatchObject({ drawn: true });
      expect(await page.locator('table.levels-groups tbody tr[data-group="all"] td[data-level]').allInnerTexts()).toHaveLength(5);
      // The ministry (clean) is 1 of 1 ministries: its level's cell says 1 (100%).
      const cleanLevel = scoreSite(effective.find((r) => r.target.id === 'clean')!, scoring).overall.level!;
      expect(await page.locator(`table.levels-groups tr[data-group="ministry"] td[data-level="${cleanLevel}"]`).innerText()).toBe('1 (100%)');
      // The overridden open-data value counts in the shares: clean publishes open data now.
      expect(await page.locator('table.breakdown[data-indicator="open-data"] tr[data-key="open-data.present"] td').first().innerText()).toMatch(/^33,3% \(1\/3\)/);

      // Trends: both runs of this kind, oldest first, each with its own mean.
      expect(await page.locator('table.trend tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run')))).toEqual([PREV, RUN]);
      const prevMean = scoreSite((await store.results(PREV))[0]!, scoring).overall.score;
      expect(await page.locator(`table.trend tr[data-run="${PREV}"] td`).nth(3).innerText()).toBe(lvNum(prevMean));

      await page.getByLabel('Meklēt pēc nosaukuma vai id').fill('violations');
      expect(await page.locator('#sites tbody tr:not([hidden])').count()).toBe(1);
      expect(await page.locator('#f-count').innerText()).toBe('Rādītas 1 no 3');
      await page.getByLabel('Meklēt pēc nosaukuma vai id').fill('');
      await page.locator('th[data-col="score"] button').click();
      const ordered = await page.locator('#sites tbody tr').evaluateAll((rows) => rows.map((r) => Number((r.querySelector('.site-score') as HTMLElement).dataset.sort)));
      expect(ordered).toEqual([...ordered].sort((a, b) => a - b));
      expect(await page.locator('th[data-col="score"]').getAttribute('aria-sort')).toBe('ascending');
      await page.locator('th[data-col="score"] button').click();
      expect(await page.locator('th[data-col="score"]').getAttribute('aria-sort')).toBe('descending');
      expect(o.errors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  test('violations: WCAG band, every violated rule with Latvian advice and a screenshot, changes since the previous run', async () => {
    const o = await open(fileUrl('sites/violations.html'), 1280);
    try {
      const { page } = o;
      const r = results.get('violations')!;
      const wcag = r.indicators.wcag!.value as { band: string; rules: { id: string }[] };
      expect(await page.locator('.wcag-band').getAttribute('data-band')).toBe(wcag.band);
      expect(await page.locator('li.rule').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))).toEqual(wcag.rules.map((x) => x.id));
      // Our Latvian advice where we have it (image-alt is on the fixture's home page), the rule's Latvian help otherwise.
      expect(wcag.rules.map((x) => x.id)).toContain('image-alt');
      for (const rule of wcag.rules) {
        const text = await page.locator(`li.rule[data-rule="${rule.id}"] .advice`).innerText();
        expect(text).toContain(AXE_ADVICE[rule.id] ? AXE_ADVICE[rule.id]!.lv : AXE_HELP_LV[rule.id]!);
      }
      // Contrast findings quote axe's measurement: the ratio found is below the ratio required, with both colours.
      const contrast = await page.locator('ul.contrast li').evaluateAll((lis) => lis.map((li) => ({ ratio: Number(li.getAttribute('data-ratio')), expected: Number(li.getAttribute('data-expected')), text: (li as HTMLElement).innerText })));
      expect(wcag.rules.map((x) => x.id)).toContain('color-contrast');
      expect(contrast.length).toBeGreaterThan(0);
      for (const c of contrast) {
        expect(c.ratio).toBeLessThan(c.expected);
        expect(c.text).toMatch(/^Izmērītais kontrasts [\d,]+:1, vajadzīgs vismaz (4,5|3):1: teksta krāsa #[0-9a-f]{6}, fons #[0-9a-f]{6}\./);
      }
      // At least one clipped screenshot of a violating element, loaded from shots/.
      const shots = await page.locator('li.rule figure.shot img').evaluateAll((imgs) => (imgs as HTMLImageElement[]).map((i) => ({ src: i.getAttribute('src'), w: i.naturalWidth, alt: i.alt })));
      expect(shots.length).toBeGreaterThan(0);
      for (const s of shots) {
        expect(s.src).toMatch(/^\.\.\/shots\/violations\/axe-[0-9a-f]{8}-[\w-]+\.png$/);
        expect(s.w).toBeGreaterThan(0);
        expect(s.alt).toMatch(/^Ekrānuzņēmums:/);
      }
      // "Vispirms labojiet" comes before the indicator details; each action links to its evidence on the page.
      expect(await page.evaluate(() => {
        const fixes = document.getElementById('top-fixes');
        const details = document.getElementById('h-indicators');
        return !!fixes && !!details && !!(fixes.compareDocumentPosition(details) & Node.DOCUMENT_POSITION_FOLLOWING);
      })).toBe(true);
      const fixes = await page.locator('#top-fixes li[data-indicator]').evaluateAll((lis) => lis.map((li) => ({ id: li.getAttribute('data-indicator'), gain: Number(li.getAttribute('data-gain')), href: li.querySelector('a[href^="#ind-"]')?.getAttribute('href') })));
      expect(fixes.length).toBeGreaterThan(0);
      expect(fixes.length).toBeLessThanOrEqual(5);
      for (const f of fixes) {
        expect(f.href).toBe(`#ind-${f.id}`);
        expect(await page.locator(f.href!).count()).toBe(1);
        expect(f.gain).toBeGreaterThan(0);
      }
      expect(fixes.map((f) => f.gain)).toEqual([...fixes.map((f) => f.gain)].sort((a, b) => b - a));
      expect(await page.locator('ul.new-problems li').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).toContain('wcag:image-alt');
      expect(await page.locator('ul.fixed-problems li').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).toEqual(['wcag:frame-title']);
      const s = scoreSite(r, loadScoring(INDICATORS));
      expect(await page.locator('.overall-score').innerText()).toBe(lvNum(s.overall.score));
      // The site's own trend: both runs, oldest first, the same scores as the reports of those runs; a chart beside.
      expect(await page.locator('table.site-trend tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-run'), tr.querySelectorAll('td')[2]!.textContent]))).toEqual([
        [PREV, lvNum(scoreSite((await store.results(PREV))[0]!, loadScoring(INDICATORS)).overall.score)],
        [RUN, lvNum(s.overall.score)],
      ]);
      expect(await page.locator('svg.trend-chart rect').count()).toBe(2);
      for (const d of ['communication', 'service', 'services', 'opendata'] as const) {
        expect(await page.locator(`table.dimensions tr[data-dimension="${d}"] td.num`).innerText()).toBe(lvNum(s.dimensions[d].score));
      }
      expect(o.errors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  test('clean: the statement element by element, the override with the measured value and the trail; no previous run', async () => {
    const o = await open(fileUrl('sites/clean.html'), 360);
    try {
      const { page } = o;
      const st = results.get('clean')!.indicators['a11y-statement']!.value as { level: string; elements: Record<string, boolean> };
      expect(await page.locator('.statement-level').getAttribute('data-level')).toBe(st.level);
      const rows = await page.locator('table.statement-elements tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-element'), tr.querySelector('td')!.textContent!.trim()]));
      expect(rows).toEqual(Object.entries(st.elements).map(([k, v]) => [k, v ? 'jā' : 'nē']));
      // Passing indicators are folded under one summary line; open it to read the overridden one.
      await page.locator('details.passes > summary').click();
      const od = page.locator('#ind-open-data');
      expect(await od.getAttribute('data-outcome')).toBe('pass');
      expect(await od.locator('.override').innerText()).toMatch(/Operators šo rezultātu ir labojis\.[\s\S]*Izmērītais rezultāts: neatbilst, vērtējums [\d,]+ \/ 100\.[\s\S]*operators@varam\.gov\.lv: atbilst, vērtējums 100 \/ 100\. dati ir portālā data\.gov\.lv/);
      expect(await page.locator('#h-changes + p').innerText()).toMatch(/pirmā reize/);
      expect(o.errors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  test('not-mobile: the mobile checks that fail, with the phone screenshot as evidence', async () => {
    const o = await open(fileUrl('sites/not-mobile.html'), 1280);
    try {
      const { page } = o;
      const checks = await page.locator('#ind-mobile li[data-check]').evaluateAll((lis) => Object.fromEntries(lis.map((li) => [li.getAttribute('data-check'), li.querySelector('span')!.textContent])));
      expect(checks).toEqual({ viewport: 'nē', fitsWidth: 'nē', legibleText: 'nē', tapTargets: 'nē' });
      const img = page.locator('#ind-mobile figure.shot img');
      expect(await img.count()).toBe(1);
      expect(await img.getAttribute('src')).toBe('../shots/not-mobile/mobile-home.png');
      expect(await img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(360);
      expect(await page.locator('#ind-mobile .advice').innerText()).toMatch(/tālruņa ekrānam/);
      expect(o.errors).toEqual([]);
    } finally {
      await o.close();
    }
  });

  test('Latvian pages of the audited fixtures: no internal identifier in the visible text, English only inside lang="en"', () => {
    for (const rel of ['index.html', 'sites/clean.html', 'sites/violations.html', 'sites/not-mobile.html']) {
      const { text, english } = visibleText(readFileSync(join(report.dir, rel), 'utf8'));
      expect(text.flatMap((t) => identifiersIn(t).map((id) => `${id} ← ${t.slice(0, 80)}`)), rel).toEqual([]);
      console.log(`${rel}: ${english.length} English text(s) inside lang="en": ${JSON.stringify(english.slice(0, 5))}`);
      // Counted: the language switch, plus the measuring errors of a loaded night (collectors' own messages).
      const site = rel.startsWith('sites/') ? results.get(rel.slice('sites/'.length, -'.html'.length)) : undefined;
      expect(english.length, rel).toBeLessThanOrEqual(site ? 1 + INDICATORS.length + site.pages.length : 1);
    }
  });

  test('English versions exist and link back to the Latvian ones', async () => {
    const o = await open(fileUrl('sites/violations.en.html'), 1280);
    try {
      expect(await o.page.locator('html').getAttribute('lang')).toBe('en');
      expect(await o.page.locator('li.rule[data-rule="image-alt"] .advice').innerText()).toMatch(/Give every image an alt text/);
      expect(await o.page.locator('a[hreflang="lv"]').getAttribute('href')).toBe('violations.html');
    } finally {
      await o.close();
    }
  });
});

describe('served by the API', () => {
  test('the overview and a site report open over HTTP with the same checks; ETag and Cache-Control; exports too', async () => {
    const redirect = await fetch(`${base}/runs/${RUN}/report`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe(`/runs/${RUN}/report/`);

    for (const [path, width] of [[`/runs/${RUN}/report/`, 360], [`/runs/${RUN}/report/sites/violations.html`, 360], [`/runs/latest/report/index.en.html?kind=audit`, 1280]] as const) {
      const o = await open(`${base}${path}`, width);
      try {
        expect(await axeViolations(o.page)).toEqual([]);
        expect(await o.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
        expect(o.errors).toEqual([]);
      } finally {
        await o.close();
      }
    }
    const o = await open(`${base}/runs/${RUN}/report/`, 1280);
    try {
      expect(await o.page.locator('#sites tbody tr').count()).toBe(3);
      await o.page.locator('#sites a', { hasText: 'Fixture violations iestāde' }).click();
      await o.page.waitForURL(`${base}/runs/${RUN}/report/sites/violations.html`);
      expect(await o.page.locator('h1').innerText()).toBe('Fixture violations iestāde');
      const path = join(SHOTS_DIR, 'api-site-violations-1280.png');
      await o.page.screenshot({ path });
      console.log(`screenshot: ${path}`);
      expect(o.errors).toEqual([]);
    } finally {
      await o.close();
    }

    for (const path of [`/runs/${RUN}/report/`, `/runs/${RUN}/report/shots/violations/${(await store.screenshotNames(RUN, 'violations'))[0]}`, `/runs/${RUN}/export.csv`, `/runs/${RUN}/summary.json`]) {
      const first = await fetch(`${base}${path}`);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('public, max-age=300');
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      await first.arrayBuffer();
      const again = await fetch(`${base}${path}`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    }
    // The CSV over HTTP shows the override.
    const csv = await (await fetch(`${base}/runs/${RUN}/export.csv`)).text();
    const [header, ...rows] = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    const cols = header!.split(',');
    const clean = rows.find((r) => r.startsWith('clean,'))!.split(',');
    expect(clean[cols.indexOf('overridden')]).toBe('open-data');
    // A new override changes the report: the ETag changes with it.
    const before = (await fetch(`${base}/runs/${RUN}/report/sites/not-mobile.html`)).headers.get('etag');
    await addOverride(store, { runId: RUN, targetId: 'not-mobile', indicatorId: 'social', action: 'set', score: 0, outcome: 'fail', reason: 'konti nav iestādes', by: 'operators' }, INDICATORS);
    const after = await fetch(`${base}/runs/${RUN}/report/sites/not-mobile.html`, { headers: { 'if-none-match': before! } });
    expect(after.status).toBe(200);
    expect(await after.text()).toMatch(/konti nav iestādes/);
    expect((await fetch(`${base}/runs/${RUN}/report/sites/nope.html`)).status).toBe(404);
  });

  test("Lighthouse's full report: linked from the site's Lighthouse section, served as text/html; no link without one", async () => {
    expect(readFileSync(join(report.dir, 'sites/clean.lighthouse.html'), 'utf8')).toBe(LH_HTML);
    const served = await fetch(`${base}/runs/${RUN}/report/sites/clean.lighthouse.html`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await served.text()).toBe(LH_HTML);
    expect((await fetch(`${base}/runs/${RUN}/report/sites/violations.lighthouse.html`)).status).toBe(404);
    const o = await open(`${base}/runs/${RUN}/report/sites/clean.html`, 360);
    try {
      const link = o.page.locator('#ind-lighthouse a[hreflang="en"]', { hasText: 'Pilns Lighthouse pārskats (angļu valodā)' });
      expect(await link.count()).toBe(1);
      // Folded among the passes or not, the link opens the report.
      await o.page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      await link.click();
      await o.page.waitForURL(`${base}/runs/${RUN}/report/sites/clean.lighthouse.html`);
      expect(await o.page.title()).toBe('Lighthouse Report (stand-in)');
      expect(o.errors).toEqual([]);
    } finally {
      await o.close();
    }
    for (const rel of ['sites/violations.html', 'sites/not-mobile.html']) expect(readFileSync(join(report.dir, rel), 'utf8'), rel).not.toContain('lighthouse.html');
  });
});

test('the screenshots of findings keep to their budget, each tied to the element or view it shows', () => {
  // Their cost in time is a benchmark figure (bench prints it per run), not a timed test: a loaded machine moves it.
  // What bounds the cost is the budget: at most perPage elements a page, perSite a site, one per page and rule.
  const { perPage, perSite } = testConfig().crawl.screenshots;
  expect(shotFigures).toHaveLength(3);
  expect(shotFigures.reduce((a, f) => a + f.shots, 0)).toBeGreaterThan(0);
  for (const [site, { shots, referrers }] of shotsBySite) {
    expect(shots.length, site).toBe(shotFigures.find((f) => f.site === site)!.shots);
    expect(shots.length, site).toBeLessThanOrEqual(perSite);
    expect(new Set(shots.map((s) => s.name)).size, site).toBe(shots.length);
    const perUrl = new Map<string, number>();
    for (const s of shots) if (s.selector) perUrl.set(s.url, (perUrl.get(s.url) ?? 0) + 1);
    for (const [url, n] of perUrl) expect(n, url).toBeLessThanOrEqual(perPage);
    // Every shot is referred to by the element or view it shows, so none is taken for nothing.
    for (const s of shots) expect(referrers, `${site}: ${s.name}`).toContain(`"screenshot":"${s.name}"`);
  }
});
