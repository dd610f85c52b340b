// auditSite(target): one site in, artifacts and a SiteResult out. The only function the CLI and the queue worker call.
// Impure on purpose (browser, network); everything it decides is delegated to pure modules: discovery, indicators.
import { createRequire } from 'node:module';
import pLimit from 'p-limit';
import type { BrowserContext, Page, Response } from 'playwright-core';
import type { Logger } from 'pino';
import type { AuditBrowser } from './browser.ts';
import type { Config, DiscoveredRole } from './config.ts';
import { DISCOVERED_ROLES, findRoleLinks, isPdfUrl, pageKey, sampleLinks, sameSite } from './discovery.ts';
import { classifyError, classifyResponse, failureMessage, SiteFailure } from './failures.ts';
import { AXE_VERSION, collectAxe } from './collectors/axe.ts';
import { LIGHTHOUSE_VERSION, runLighthouse } from './collectors/lighthouse.ts';
import { collectKeyboard } from './collectors/keyboard.ts';
import { collectMobile } from './collectors/mobile.ts';
import { collectMotion } from './collectors/motion.ts';
import { collectTextResize } from './collectors/text-resize.ts';
import { emptyFacts, readPageFacts } from './collectors/page-facts.ts';
import { pdfLinks, pdfToText } from './collectors/pdf-text.ts';
import { fetchRobots, type Robots } from './collectors/robots.ts';
import { runIndicators, type AnyIndicator } from './indicator.ts';
import { INDICATORS } from './indicators/index.ts';
import type { Artifacts, AxePage, FoundBy, PageFacts, PageRole, SiteResult, Target, ToolVersions, TransportFacts } from './types.ts';

const require = createRequire(import.meta.url);
export const AUDITOR_VERSION: string = (require('../package.json') as { version: string }).version;
export const SCHEMA_VERSION = 1 as const;

export interface AuditDeps {
  browser: AuditBrowser;
  config: Config;
  runId: string;
  log: Logger;
  indicators?: readonly AnyIndicator[];
}

export interface SiteAudit {
  result: SiteResult;
  artifacts: Artifacts;
}

export function toolVersions(browser: AuditBrowser | null): ToolVersions {
  return {
    auditor: AUDITOR_VERSION,
    node: process.version,
    chromium: browser?.version ?? 'unknown',
    axeCore: AXE_VERSION,
    lighthouse: LIGHTHOUSE_VERSION,
  };
}

/** Mobile user agent for the phone viewport and Lighthouse: Chromium's own version, Android, and our suffix. */
function mobileUserAgent(browser: AuditBrowser, suffix: string): string {
  const version = /Chrome\/([\d.]+)/.exec(browser.userAgent)?.[1] ?? '130.0.0.0';
  return `Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version} Mobile Safari/537.36 ${suffix}`;
}

interface LoadedPage {
  facts: PageFacts;
  axe: AxePage | null;
  response: Response | null;
}

export async function auditSite(target: Target, deps: AuditDeps): Promise<SiteAudit> {
  const { browser, config, runId } = deps;
  const crawl = config.crawl;
  const log = deps.log.child({ site: target.id });
  const started = new Date();
  const artifacts: Artifacts = {};
  const desktopUA = `${browser.userAgent} ${crawl.userAgentSuffix}`;
  const context = await browser.browser.newContext({
    userAgent: desktopUA,
    viewport: crawl.desktopViewport,
    bypassCSP: true, // axe-core is injected as a script; a strict CSP must not hide a site's problems
    serviceWorkers: 'block',
    acceptDownloads: false,
    locale: 'lv-LV',
  });
  context.setDefaultNavigationTimeout(crawl.navigationTimeoutMs);
  context.setDefaultTimeout(crawl.navigationTimeoutMs);

  let deadlineTimer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    deadlineTimer = setTimeout(
      () => reject(new SiteFailure('timeout', failureMessage('timeout', `site limit of ${crawl.siteTimeoutMs} ms`))),
      crawl.siteTimeoutMs,
    );
  });
  let robots: Robots | null = null;
  const pages: PageFacts[] = [];
  try {
    await Promise.race([
      crawlSite(target, context, deps, desktopUA, artifacts, pages, (r) => (robots = r), log),
      deadline,
    ]);
  } catch (err) {
    const failure = classifyError(err);
    log.warn({ failure: failure.failure, err: failure.message }, 'site could not be audited');
    await context.close().catch(() => undefined);
    return {
      artifacts,
      result: {
        schemaVersion: SCHEMA_VERSION,
        runId,
        target,
        status: failure.failure,
        message: failure.message,
        startedAt: started.toISOString(),
        durationMs: Date.now() - started.getTime(),
        versions: toolVersions(browser),
        robots: robotsSummary(robots, crawl.respectRobots, []),
        pages: pages.map(summary),
        indicators: {},
      },
    };
  } finally {
    clearTimeout(deadlineTimer);
  }
  await context.close().catch(() => undefined);

  const result: SiteResult = {
    schemaVersion: SCHEMA_VERSION,
    runId,
    target,
    status: 'ok',
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    versions: toolVersions(browser),
    robots: robotsSummary(robots, crawl.respectRobots, artifactRobotsDisallowed(artifacts)),
    pages: pages.map(summary),
    indicators: runIndicators(deps.indicators ?? INDICATORS, artifacts, { target, now: started }, config.indicators),
  };
  log.info({ durationMs: result.durationMs, pages: pages.length }, 'site audited');
  return { result, artifacts };
}

function artifactRobotsDisallowed(artifacts: Artifacts): string[] {
  const r = artifacts.robots;
  return r && !('collectorError' in r) ? r.disallowed : [];
}

function robotsSummary(robots: Robots | null, respected: boolean, disallowed: string[]): SiteResult['robots'] {
  return robots ? { respected, status: robots.status, disallowed } : null;
}

function summary(p: PageFacts): SiteResult['pages'][number] {
  return {
    url: p.url,
    finalUrl: p.finalUrl,
    status: p.status,
    roles: p.roles,
    title: p.title,
    foundBy: p.foundBy,
    ...(p.error ? { error: p.error } : {}),
  };
}

async function crawlSite(
  target: Target,
  context: BrowserContext,
  deps: AuditDeps,
  desktopUA: string,
  artifacts: Artifacts,
  pages: PageFacts[],
  setRobots: (r: Robots) => void,
  log: Logger,
): Promise<void> {
  const crawl = deps.config.crawl;
  let url: URL;
  try {
    url = new URL(target.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`scheme ${url.protocol}`);
  } catch (err) {
    throw new SiteFailure('invalid-url', failureMessage('invalid-url', `${target.url}: ${(err as Error).message}`));
  }

  const robots = await fetchRobots(context.request, url.href, desktopUA, crawl.navigationTimeoutMs);
  setRobots(robots);
  const disallowed: string[] = [];
  const allowed = (u: string) => {
    if (robots.isAllowed(u)) return true;
    disallowed.push(u);
    return !crawl.respectRobots;
  };
  artifacts.robots = { url: robots.url, status: robots.status, respected: crawl.respectRobots, disallowed };
  if (!allowed(url.href) && crawl.respectRobots) {
    throw new SiteFailure('robots-disallowed', failureMessage('robots-disallowed', robots.url));
  }

  // 1. The home page: its failure is the site's failure.
  const home = await loadPage(context, url.href, ['home'], { via: 'start' }, deps, true);
  pages.push(home.facts);
  const axe: AxePage[] = home.axe ? [home.axe] : [];
  const homeUrl = home.facts.finalUrl;
  artifacts.transport = await transportFacts(context, url.href, home, crawl.navigationTimeoutMs);

  // 2. Role pages: from home links, then the sitemap's links, then common paths.
  const chosen = new Map<string, PageFacts>([[pageKey(homeUrl), home.facts]]);
  const visit = async (pageUrl: string, roles: PageRole[], foundBy: FoundBy): Promise<PageFacts | null> => {
    const key = pageKey(pageUrl);
    const existing = chosen.get(key);
    if (existing) {
      for (const r of roles) if (!existing.roles.includes(r)) existing.roles.push(r);
      return existing;
    }
    if (chosen.size >= crawl.maxPages || !allowed(pageUrl)) return null;
    const placeholder = emptyFacts({ url: pageUrl, roles, foundBy }, 'pending');
    chosen.set(key, placeholder);
    const loaded = await loadPage(context, pageUrl, roles, foundBy, deps, false);
    Object.assign(placeholder, loaded.facts);
    if (!loaded.facts.error) delete placeholder.error;
    pages.push(placeholder);
    if (loaded.axe) axe.push(loaded.axe);
    return placeholder;
  };

  const missing = new Set<DiscoveredRole>(DISCOVERED_ROLES);
  const take = async (from: PageFacts, roles: readonly DiscoveredRole[]) => {
    for (const link of findRoleLinks(from.finalUrl, from.links, crawl.roleKeywords, roles)) {
      if (!missing.has(link.role)) continue;
      const page = await visit(link.url, [link.role], link.foundBy);
      if (page && !page.error) missing.delete(link.role);
    }
  };
  await take(home.facts, DISCOVERED_ROLES);
  const sitemapPage = pages.find((p) => p.roles.includes('sitemap'));
  if (sitemapPage && missing.size > 0) await take(sitemapPage, [...missing]);
  for (const role of [...missing]) {
    for (const path of crawl.rolePaths[role]) {
      const candidate = new URL(path, homeUrl).href;
      if (!(await exists(context, candidate, crawl.navigationTimeoutMs))) continue;
      const page = await visit(candidate, [role], { via: 'path', text: path });
      if (page && !page.error) {
        missing.delete(role);
        break;
      }
    }
  }

  // 3. A deterministic sample of other same-site pages, up to the budget, loaded a few at a time.
  const sources = pages.filter((p) => !p.error);
  const exclude = new Set(chosen.keys());
  const sample = sources
    .flatMap((p) => sampleLinks(p.finalUrl, p.links, exclude, crawl.maxPages))
    .filter((s, i, all) => all.findIndex((o) => o.url === s.url) === i)
    .slice(0, Math.max(0, crawl.maxPages - chosen.size));
  const limit = pLimit(crawl.pagesInParallel);
  await Promise.all(sample.map((s) => limit(() => visit(s.url, ['sample'], s.foundBy))));

  artifacts.pages = pages;
  artifacts.axe = axe;

  // 4. The home page on a phone, and Lighthouse (mobile).
  try {
    artifacts.mobile = await mobileFacts(deps, homeUrl);
  } catch (err) {
    artifacts.mobile = { collectorError: (err as Error).message.split('\n')[0]!.slice(0, 300) };
  }
  // The home page on the desktop again, a fresh page per collector (each one changes the page: focus, font sizes):
  // keyboard tabbing, text enlarged to 200 %, moving content watched for 3 s.
  const onFreshHome = async <T>(collect: (page: Page) => Promise<T>): Promise<T> => {
    const page = await context.newPage();
    page.on('popup', (popup) => void popup.close().catch(() => undefined));
    try {
      await page.goto(homeUrl, { waitUntil: 'load' });
      await page.waitForLoadState('networkidle', { timeout: crawl.settleMs }).catch(() => undefined);
      return await collect(page);
    } finally {
      await page.close().catch(() => undefined);
    }
  };
  const collectorError = (err: unknown) => ({ collectorError: (err as Error).message.split('\n')[0]!.slice(0, 300) });
  try {
    artifacts.keyboard = await onFreshHome((page) => collectKeyboard(page));
  } catch (err) {
    artifacts.keyboard = collectorError(err);
  }
  try {
    artifacts.textResize = await onFreshHome((page) => collectTextResize(page));
  } catch (err) {
    artifacts.textResize = collectorError(err);
  }
  try {
    artifacts.motion = await onFreshHome((page) => collectMotion(page));
  } catch (err) {
    artifacts.motion = collectorError(err);
  }
  if (crawl.lighthouse.enabled) {
    try {
      artifacts.lighthouse = await runLighthouse(homeUrl, {
        port: deps.browser.port,
        userAgent: mobileUserAgent(deps.browser, crawl.userAgentSuffix),
        timeoutMs: crawl.lighthouse.timeoutMs,
        settings: crawl.lighthouse.settings,
      });
    } catch (err) {
      artifacts.lighthouse = { collectorError: (err as Error).message.split('\n')[0]!.slice(0, 300) };
    }
  }
  log.debug({ pages: pages.length, missingRoles: [...missing] }, 'site crawled');
}

/** Same-site check before probing a guessed path, so a 404 page costs one small request, not a page load. */
async function exists(context: BrowserContext, url: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await context.request.get(url, { timeout: timeoutMs, maxRedirects: 5, failOnStatusCode: false });
    const ok = response.status() < 400 && sameSite(response.url(), url) && /html|pdf/i.test(response.headers()['content-type'] ?? '');
    await response.dispose();
    return ok;
  } catch {
    return false;
  }
}

async function loadPage(
  context: BrowserContext,
  url: string,
  roles: PageRole[],
  foundBy: FoundBy,
  deps: AuditDeps,
  isHome: boolean,
): Promise<LoadedPage> {
  const crawl = deps.config.crawl;
  if (!isHome && isPdfUrl(url)) return loadPdf(context, url, roles, foundBy, crawl.navigationTimeoutMs, crawl.maxTextChars);
  const page = await context.newPage();
  page.on('popup', (popup) => void popup.close().catch(() => undefined));
  const startedAt = Date.now();
  try {
    let response: Response | null;
    try {
      response = await page.goto(url, { waitUntil: 'load' });
    } catch (err) {
      // A download (PDF served as attachment) aborts the navigation; read it as a document instead.
      if (!isHome && /Download is starting|ERR_ABORTED/.test(String(err))) {
        return await loadPdf(context, url, roles, foundBy, crawl.navigationTimeoutMs, crawl.maxTextChars);
      }
      throw err;
    }
    const status = response?.status() ?? 0;
    const contentType = (await response?.headerValue('content-type')) ?? '';
    if (isHome) {
      const failure = classifyResponse(status, contentType);
      if (failure) throw failure;
    } else if (/pdf/i.test(contentType)) {
      await page.close();
      return loadPdf(context, url, roles, foundBy, crawl.navigationTimeoutMs, crawl.maxTextChars);
    }
    // Let scripts insert late content (menus, cookie banners, statement links), up to settleMs.
    await page.waitForLoadState('networkidle', { timeout: crawl.settleMs }).catch(() => undefined);
    const loadMs = Date.now() - startedAt;
    const raw = await readWithRetry(page, crawl.maxTextChars, crawl.maxLinksPerPage);
    const facts: PageFacts = {
      url,
      finalUrl: pageKey(page.url()),
      status,
      contentType,
      roles,
      foundBy,
      ...raw,
      loadMs,
      ...(status >= 400 ? { error: `HTTP ${status}` } : {}),
    };
    const axe = status < 400 ? await collectAxe(page, crawl.maxNodesPerRule) : null;
    return { facts, axe, response };
  } catch (err) {
    if (isHome) throw err;
    const failure = classifyError(err);
    return { facts: emptyFacts({ url, roles, foundBy }, failure.message), axe: null, response: null };
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** A page that navigates itself (JavaScript redirect) destroys the context we read from: wait and read again once. */
async function readWithRetry(page: Page, maxTextChars: number, maxLinks: number) {
  try {
    return await readPageFacts(page, { maxTextChars, maxLinks });
  } catch (err) {
    if (!/context was destroyed|navigat/i.test(String(err))) throw err;
    await page.waitForLoadState('load').catch(() => undefined);
    return readPageFacts(page, { maxTextChars, maxLinks });
  }
}

async function loadPdf(
  context: BrowserContext,
  url: string,
  roles: PageRole[],
  foundBy: FoundBy,
  timeoutMs: number,
  maxTextChars: number,
): Promise<LoadedPage> {
  const started = Date.now();
  try {
    const response = await context.request.get(url, { timeout: timeoutMs, failOnStatusCode: false });
    const status = response.status();
    const contentType = response.headers()['content-type'] ?? '';
    if (status >= 400) return { facts: emptyFacts({ url, roles, foundBy }, `HTTP ${status}`, status), axe: null, response: null };
    const body = await response.body();
    const text = (await pdfToText(body)).slice(0, maxTextChars);
    // Links inside the PDF (e.g. to the evaluation report) have no visible text of their own; the URL is the name.
    const links = (await pdfLinks(body).catch(() => [] as string[])).map((href, i) => ({ href, text: '', region: 'main' as const, selector: `pdf-link-${i + 1}` }));
    const facts: PageFacts = {
      ...emptyFacts({ url, roles, foundBy }, ''),
      finalUrl: pageKey(response.url()),
      status,
      contentType: contentType || 'application/pdf',
      text,
      links,
      loadMs: Date.now() - started,
    };
    delete facts.error;
    return { facts, axe: null, response: null };
  } catch (err) {
    return { facts: emptyFacts({ url, roles, foundBy }, `PDF could not be read: ${(err as Error).message}`), axe: null, response: null };
  }
}

async function transportFacts(context: BrowserContext, requested: string, home: LoadedPage, timeoutMs: number): Promise<TransportFacts> {
  const redirects: string[] = [];
  for (let r = home.response?.request().redirectedFrom(); r; r = r.redirectedFrom()) redirects.unshift(r.url());
  const finalUrl = home.facts.finalUrl;
  const https = finalUrl.startsWith('https:');
  let redirectsToHttps: boolean | null = null;
  if (https) {
    const plain = new URL(finalUrl);
    plain.protocol = 'http:';
    plain.pathname = '/';
    try {
      const response = await context.request.get(plain.href, { timeout: timeoutMs, maxRedirects: 0, failOnStatusCode: false });
      redirectsToHttps = response.status() >= 300 && response.status() < 400 && (response.headers().location ?? '').startsWith('https:');
      await response.dispose();
    } catch {
      redirectsToHttps = false;
    }
  }
  return {
    requestedUrl: requested,
    finalUrl,
    redirects,
    https,
    redirectsToHttps,
    // The home page loaded over https with certificate checks on, so its certificate was valid.
    validCertificate: https ? true : null,
    hsts: (await home.response?.headerValue('strict-transport-security')) ?? null,
  };
}

async function mobileFacts(deps: AuditDeps, homeUrl: string) {
  const crawl = deps.config.crawl;
  const context = await deps.browser.browser.newContext({
    userAgent: mobileUserAgent(deps.browser, crawl.userAgentSuffix),
    viewport: { width: crawl.mobileViewport.width, height: crawl.mobileViewport.height },
    deviceScaleFactor: crawl.mobileViewport.deviceScaleFactor,
    isMobile: true,
    hasTouch: true,
    serviceWorkers: 'block',
    locale: 'lv-LV',
  });
  try {
    const page = await context.newPage();
    page.on('popup', (popup) => void popup.close().catch(() => undefined));
    await page.goto(homeUrl, { waitUntil: 'load', timeout: crawl.navigationTimeoutMs });
    await page.waitForLoadState('networkidle', { timeout: crawl.settleMs }).catch(() => undefined);
    return await collectMobile(page);
  } finally {
    await context.close().catch(() => undefined);
  }
}
