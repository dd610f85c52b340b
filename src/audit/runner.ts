// auditSite(target): one site in, artifacts and a SiteResult out. The only function the CLI and the queue worker call.
// Impure on purpose (browser, network); everything it decides is delegated to pure modules: discovery, indicators.
import { createRequire } from 'node:module';
import pLimit from 'p-limit';
import type { BrowserContext, Page, Response } from 'playwright-core';
import type { Logger } from 'pino';
import type { AuditBrowser } from './browser.ts';
import type { Config, DiscoveredRole } from '../config.ts';
import { DISCOVERED_ROLES, findRoleLinks, isPdfUrl, languageVersionLinks, pageKey, sampleLinks, sameSite } from './discovery.ts';
import { classifyError, classifyResponse, failureMessage, SiteFailure } from '../failures.ts';
import { AXE_VERSION, collectAxe } from '../collectors/axe.ts';
import { LIGHTHOUSE_VERSION, runLighthouse } from '../collectors/lighthouse.ts';
import { collectKeyboard } from '../collectors/keyboard.ts';
import { collectMobile } from '../collectors/mobile.ts';
import { collectMotion } from '../collectors/motion.ts';
import { collectTextResize } from '../collectors/text-resize.ts';
import { emptyFacts, readPageFacts } from '../collectors/page-facts.ts';
import { shotBudget, type ShotBudget } from '../collectors/screenshots.ts';
import { pdfLinks, pdfToText } from '../collectors/pdf-text.ts';
import { fetchRobots, type Robots } from '../collectors/robots.ts';
import { runIndicators, type AnyIndicator } from '../indicators/indicator.ts';
import { INDICATORS } from '../indicators/index.ts';
import { EgressRefusal } from './egress/index.ts';
import type { EgressSummary, SitePhase, SiteResult, Target, ToolVersions } from '../types.ts';
import type { Artifacts, AxePage, FoundBy, PageFacts, PageRole, TransportFacts } from '../artifacts.ts';

const require = createRequire(import.meta.url);
export const AUDITOR_VERSION: string = (require('../../package.json') as { version: string }).version;
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

/**
 * window.print() on load blocks a headless page until a print dialog nobody sees is closed, and a popup storm
 * (window.open in a loop) starves the renderer before load: both are no-ops for the auditor, which needs neither.
 */
const NEUTRALISE_PRINT = 'window.print = () => undefined; window.open = () => null;';

/**
 * The longest one page may take, everything included (load, settle, reading, axe): past it the page is closed and
 * counted as a timeout. A safety net (loops and pages leaving during axe are caught by their events first), so a
 * hostile page cannot eat the whole site budget; generous, because axe on a big page on a loaded machine is slow.
 */
export function pageTimeoutMs(crawl: Config['crawl']): number {
  return Math.max(crawl.navigationTimeoutMs * 3 + crawl.settleMs, Math.round(crawl.siteTimeoutMs / 4));
}

type Track = (c: { close(): Promise<unknown> }) => void;

/**
 * Runs `run` within the page limit; on expiry, or when `run` calls `fail` (a loop seen by an event handler), closes
 * what it opened (rejecting whatever waits on it) and fails at once.
 */
async function withinPageLimit<T>(crawl: Config['crawl'], what: string, run: (track: Track, fail: (err: Error) => void) => Promise<T>): Promise<T> {
  const ms = pageTimeoutMs(crawl);
  const opened: { close(): Promise<unknown> }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stop: (err: Error) => void = () => undefined;
  const limit = new Promise<never>((_, reject) => {
    stop = (err) => {
      clearTimeout(timer);
      for (const c of opened) void c.close().catch(() => undefined);
      reject(err);
    };
    timer = setTimeout(() => stop(new SiteFailure('timeout', failureMessage('timeout', `page limit of ${ms} ms: ${what}`))), ms);
  });
  try {
    return await Promise.race([run((c) => opened.push(c), stop), limit]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes a page without waiting on it for more than a few seconds: a page that navigated away mid-audit can leave
 * page.close() pending (its new document still held up in the egress proxy); the context's close ends it anyway.
 */
async function closeQuietly(page: Page): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([page.close().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, 3000)))]);
  clearTimeout(timer);
}

/** A page that navigates itself in a cycle (meta refresh, script): three main-frame navigations with a URL twice. */
function navigationLoop(visited: string[]): SiteFailure | null {
  if (visited.length < 3 || new Set(visited).size === visited.length) return null;
  return new SiteFailure('redirect-loop', failureMessage('redirect-loop', `the page navigates itself in a cycle (meta refresh or script): ${visited.length} navigations`));
}

interface LoadedPage {
  facts: PageFacts;
  axe: AxePage | null;
  response: Response | null;
}

/** Audits in flight per host (name:port) in this process; politeness.auditsPerHost at once. */
const perHost = new Map<string, { limit: ReturnType<typeof pLimit>; users: number }>();

export async function auditSite(target: Target, deps: AuditDeps): Promise<SiteAudit> {
  let key: string;
  try {
    key = new URL(target.url).host.toLowerCase();
  } catch {
    return auditSiteNow(target, deps); // reported as invalid-url there
  }
  const size = deps.config.crawl.politeness.auditsPerHost;
  let slot = perHost.get(key);
  if (!slot || slot.limit.concurrency !== size) {
    slot = { limit: pLimit(size), users: 0 };
    perHost.set(key, slot);
  }
  const s = slot;
  s.users++;
  try {
    return await s.limit(() => auditSiteNow(target, deps));
  } finally {
    if (--s.users === 0 && perHost.get(key) === s) perHost.delete(key);
  }
}

/** Refused requests of this audit: to its own hosts, or made by its pages (Referer). */
function egressSummary(deps: AuditDeps, since: number, target: Target, pages: PageFacts[]): EgressSummary | undefined {
  const egress = deps.browser.egress;
  if (!egress) return undefined;
  const hosts = new Set<string>();
  for (const u of [target.url, ...pages.map((p) => p.finalUrl)]) {
    try {
      hosts.add(new URL(u).host);
    } catch {
      // not a URL: nothing to match
    }
  }
  const ours = egress.refusals.filter((r) => {
    if (r.at < since || r.failure !== 'blocked') return false;
    try {
      if (r.referer && hosts.has(new URL(r.referer).host)) return true;
      return hosts.has(new URL(r.url.replace(/^connect:/, 'http:')).host);
    } catch {
      return false;
    }
  });
  if (ours.length === 0) return undefined;
  return { blocked: ours.length, blockedRequests: ours.slice(0, 20).map((r) => ({ url: r.url, message: r.message })) };
}

async function auditSiteNow(target: Target, deps: AuditDeps): Promise<SiteAudit> {
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
  await context.addInitScript(NEUTRALISE_PRINT);

  let deadlineTimer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    deadlineTimer = setTimeout(
      () => reject(new SiteFailure('timeout', failureMessage('timeout', `site limit of ${crawl.siteTimeoutMs} ms`))),
      crawl.siteTimeoutMs,
    );
  });
  // Chromium dying under the audit ends the site at once: Playwright leaves some calls pending for ever when the
  // browser goes (browserContext.newPage, seen when Chromium was SIGKILLed), and a page that failed because the browser
  // went must not pass as a site audited with fewer pages.
  const crashed = () => new SiteFailure('browser-crash', failureMessage('browser-crash', 'Chromium exited during the audit'));
  let onDisconnect: (() => void) | undefined;
  const disconnected = new Promise<never>((_, reject) => {
    onDisconnect = () => reject(crashed());
    browser.browser.once('disconnected', onDisconnect);
  });
  disconnected.catch(() => undefined);
  let robots: Robots | null = null;
  const pages: PageFacts[] = [];
  const timings: SiteResult['timings'] = {};
  const clock = phaseClock(timings);
  try {
    await Promise.race([
      crawlSite(target, context, deps, desktopUA, artifacts, pages, (r) => (robots = r), log, clock),
      deadline,
      disconnected,
    ]);
    if (!browser.browser.isConnected()) throw crashed();
  } catch (err) {
    let failure = classifyError(err);
    // A refused CONNECT tunnel reaches Playwright only as ERR_TUNNEL_CONNECTION_FAILED: the proxy knows why.
    if (/ERR_TUNNEL_CONNECTION_FAILED/.test(failure.message)) {
      const why = browser.egress?.failuresFor(target.url, started.getTime()).at(-1);
      if (why) failure = new SiteFailure(why.failure, failureMessage(why.failure, why.message));
    }
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
        timings,
        versions: toolVersions(browser),
        robots: robotsSummary(robots, crawl.respectRobots, []),
        pages: pages.map(summary),
        indicators: {},
        ...withEgress(egressSummary(deps, started.getTime(), target, pages)),
      },
    };
  } finally {
    clearTimeout(deadlineTimer);
    browser.browser.off('disconnected', onDisconnect!);
  }
  await context.close().catch(() => undefined);
  const indicators = runIndicators(deps.indicators ?? INDICATORS, artifacts, { target, now: started }, config.indicators);
  clock.done('indicators');

  const result: SiteResult = {
    schemaVersion: SCHEMA_VERSION,
    runId,
    target,
    status: 'ok',
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    timings,
    versions: toolVersions(browser),
    robots: robotsSummary(robots, crawl.respectRobots, artifactRobotsDisallowed(artifacts)),
    pages: pages.map(summary),
    indicators,
    ...withEgress(egressSummary(deps, started.getTime(), target, pages)),
  };
  log.info({ durationMs: result.durationMs, pages: pages.length }, 'site audited');
  return { result, artifacts };
}

interface PhaseClock {
  /** Records the milliseconds since this clock's previous phase ended (or since it started). */
  done(phase: SitePhase): void;
  /** A clock for a track that runs alongside this one from now on. */
  fork(): PhaseClock;
  /** After a forked track has ended too: the next phase starts when the later of the two ended. */
  join(other: PhaseClock): void;
  readonly last: number;
}

/** Phase timings into `into`. Tracks that run at once each time their own phases, so the phases may add up to more
 * than the site's duration. */
function phaseClock(into: Partial<Record<SitePhase, number>>, start = performance.now()): PhaseClock {
  let last = start;
  return {
    done(phase) {
      const now = performance.now();
      into[phase] = (into[phase] ?? 0) + Math.round(now - last);
      last = now;
    },
    fork: () => phaseClock(into, last),
    join(other) {
      last = Math.max(last, other.last);
    },
    get last() {
      return last;
    },
  };
}

function withEgress(summary: EgressSummary | undefined): { egress?: EgressSummary } {
  return summary ? { egress: summary } : {};
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
  clock: PhaseClock,
): Promise<void> {
  const crawl = deps.config.crawl;
  const shots = shotBudget(crawl.screenshots);
  let url: URL;
  try {
    url = new URL(target.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`scheme ${url.protocol}`);
  } catch (err) {
    throw new SiteFailure('invalid-url', failureMessage('invalid-url', `${target.url}: ${(err as Error).message}`));
  }
  // Before navigating: an internal address gets a clear "blocked" at once. The egress proxy checks every request
  // again (redirects, frames, scripts), so this is the message, not the guarantee.
  if (deps.browser.egress) {
    try {
      await deps.browser.egress.check(url.hostname);
    } catch (err) {
      if (err instanceof EgressRefusal) throw new SiteFailure(err.failure, failureMessage(err.failure, err.message));
      throw err;
    }
  }

  const robots = await fetchRobots(context.request, url.href, desktopUA, crawl.navigationTimeoutMs);
  setRobots(robots);
  clock.done('robots');
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
  const home = await loadPage(context, url.href, ['home'], { via: 'start' }, deps, true, shots);
  pages.push(home.facts);
  const homeUrl = home.facts.finalUrl;
  artifacts.transport = await transportFacts(context, url.href, home, crawl.navigationTimeoutMs);
  clock.done('home');

  // From here the rest runs at once, so that one part's waits (network quiet, motion watched for seconds, Lighthouse's
  // turn) are another's CPU time: the pages of the site (role pages, then a sample), the home-page collectors, and
  // Lighthouse. Requests to the host stay within politeness.maxConcurrentPerHost (the egress proxy).
  const homeTrack = clock.fork();
  const [paged, collected] = await Promise.allSettled([
    crawlPages(home.facts, home.axe, context, deps, artifacts, pages, allowed, shots, clock),
    collectOnHome(homeUrl, context, deps, artifacts, shots, homeTrack),
  ]);
  clock.join(homeTrack);
  if (paged.status === 'rejected') throw paged.reason;
  if (collected.status === 'rejected') throw collected.reason;
  if (shots.taken.length) artifacts.screenshots = shots.taken;
  log.debug({ pages: pages.length, missingRoles: paged.value, screenshots: shots.taken.length, screenshotMs: shots.ms }, 'site crawled');
}

/**
 * The page track: role pages (statement, participation, contacts, sitemap) from the home page's links, then the
 * sitemap's, then language versions', then common paths; then a deterministic sample of other pages up to the budget.
 * Pages load `pagesInParallel` at a time; `pages` and `artifacts.axe` end in the order the pages were chosen, so the
 * result does not depend on which load finished first.
 */
async function crawlPages(
  home: PageFacts,
  homeAxe: AxePage | null,
  context: BrowserContext,
  deps: AuditDeps,
  artifacts: Artifacts,
  pages: PageFacts[],
  allowed: (url: string) => boolean,
  shots: ShotBudget,
  clock: PhaseClock,
): Promise<DiscoveredRole[]> {
  const crawl = deps.config.crawl;
  const homeUrl = home.finalUrl;
  const limit = pLimit(crawl.pagesInParallel);
  const chosen = new Map<string, { facts: PageFacts; loaded: Promise<PageFacts> }>([[pageKey(homeUrl), { facts: home, loaded: Promise.resolve(home) }]]);
  const axeByPage = new Map<PageFacts, AxePage>(homeAxe ? [[home, homeAxe]] : []);
  const visit = async (pageUrl: string, roles: PageRole[], foundBy: FoundBy): Promise<PageFacts | null> => {
    const key = pageKey(pageUrl);
    const existing = chosen.get(key);
    if (existing) {
      for (const r of roles) if (!existing.facts.roles.includes(r)) existing.facts.roles.push(r);
      return existing.loaded;
    }
    if (chosen.size >= crawl.maxPages || !allowed(pageUrl)) return null;
    // Reserved at once (budget, order, a second role asking for the same page), filled in when loaded.
    const facts = emptyFacts({ url: pageUrl, roles, foundBy }, 'pending');
    const loaded = limit(async () => {
      const page = await loadPage(context, pageUrl, roles, foundBy, deps, false, shots);
      const rolesSoFar = facts.roles;
      Object.assign(facts, page.facts, { roles: rolesSoFar });
      if (!page.facts.error) delete facts.error;
      if (page.axe) axeByPage.set(facts, page.axe);
      pages.push(facts); // as soon as loaded, so a site that fails later still reports the pages it read
      return facts;
    });
    chosen.set(key, { facts, loaded });
    return loaded;
  };

  const missing = new Set<DiscoveredRole>(DISCOVERED_ROLES);
  // At most one link per role: the roles' pages load at once.
  const take = async (from: PageFacts, roles: readonly DiscoveredRole[]) => {
    await Promise.all(
      findRoleLinks(from.finalUrl, from.links, crawl.roleKeywords, roles).map(async (link) => {
        if (!missing.has(link.role)) return;
        const page = await visit(link.url, [link.role], link.foundBy);
        if (page && !page.error) missing.delete(link.role);
      }),
    );
  };
  await take(home, DISCOVERED_ROLES);
  const sitemapPage = [...chosen.values()].find((c) => c.facts.roles.includes('sitemap') && !c.facts.error)?.facts;
  if (sitemapPage && missing.size > 0) await take(sitemapPage, [...missing]);
  // A language version of the site (its own menus and footer) may link what the Latvian pages do not.
  for (const version of languageVersionLinks(homeUrl, home.links).slice(0, 2)) {
    if (missing.size === 0) break;
    const page = await visit(version.url, ['sample'], version.foundBy);
    if (page && !page.error) await take(page, [...missing]);
  }
  // Common paths, each role's in its order of preference; the roles at once.
  await Promise.all(
    [...missing].map(async (role) => {
      for (const path of crawl.rolePaths[role]) {
        const candidate = new URL(path, homeUrl).href;
        if (!(await exists(context, candidate, crawl.navigationTimeoutMs))) continue;
        const page = await visit(candidate, [role], { via: 'path', text: path });
        if (page && !page.error) {
          missing.delete(role);
          break;
        }
      }
    }),
  );
  clock.done('rolePages');

  // A deterministic sample of other same-site pages, up to the budget.
  const sources = [...chosen.values()].map((c) => c.facts).filter((p) => !p.error);
  const exclude = new Set(chosen.keys());
  const sample = sources
    .flatMap((p) => sampleLinks(p.finalUrl, p.links, exclude, crawl.maxPages))
    .filter((s, i, all) => all.findIndex((o) => o.url === s.url) === i)
    .slice(0, Math.max(0, crawl.maxPages - chosen.size));
  await Promise.all(sample.map((s) => visit(s.url, ['sample'], s.foundBy)));

  // Every page chosen, in the order chosen.
  pages.splice(0, pages.length, ...[...chosen.values()].map((c) => c.facts));
  artifacts.pages = pages;
  artifacts.axe = pages.flatMap((p) => axeByPage.get(p) ?? []);
  clock.done('otherPages');
  return [...missing];
}

/**
 * The home-page track: Lighthouse (mobile), which waits for its turn in the process, and meanwhile the home page on
 * a phone, and on the desktop again with a fresh page per collector (each one changes the page: focus, font sizes):
 * keyboard tabbing, text enlarged to 200 %, moving content watched for a few seconds. The four collectors run at once
 * (motion mostly waits), their subresources already in the context's cache.
 */
async function collectOnHome(homeUrl: string, context: BrowserContext, deps: AuditDeps, artifacts: Artifacts, shots: ShotBudget, clock: PhaseClock): Promise<void> {
  const lighthouseClock = clock.fork();
  await Promise.all([collectorsOnHome(homeUrl, context, deps, artifacts, shots, clock), lighthouseOnHome(homeUrl, deps, artifacts, lighthouseClock)]);
  clock.join(lighthouseClock);
}

async function collectorsOnHome(homeUrl: string, context: BrowserContext, deps: AuditDeps, artifacts: Artifacts, shots: ShotBudget, clock: PhaseClock): Promise<void> {
  const crawl = deps.config.crawl;
  const onFreshHome = <T>(collect: (page: Page) => Promise<T>): Promise<T> =>
    withinPageLimit(crawl, homeUrl, async (track) => {
      const page = await context.newPage();
      track(page);
      page.on('popup', (popup) => void popup.close().catch(() => undefined));
      try {
        await page.goto(homeUrl, { waitUntil: 'load' });
        await page.waitForLoadState('networkidle', { timeout: crawl.settleMs }).catch(() => undefined);
        return await collect(page);
      } finally {
        await closeQuietly(page);
      }
    });
  const orError = <T>(work: Promise<T>) =>
    work.catch((err: unknown) => ({ collectorError: (err as Error).message.split('\n')[0]!.slice(0, 300) }));
  const [mobile, keyboard, textResize, motion] = await Promise.all([
    orError(mobileFacts(deps, homeUrl, shots)),
    orError(onFreshHome((page) => collectKeyboard(page))),
    orError(onFreshHome((page) => collectTextResize(page))),
    orError(onFreshHome((page) => collectMotion(page))),
  ]);
  artifacts.mobile = mobile;
  artifacts.keyboard = keyboard;
  artifacts.textResize = textResize;
  artifacts.motion = motion;
  clock.done('homeCollectors');
}

async function lighthouseOnHome(homeUrl: string, deps: AuditDeps, artifacts: Artifacts, clock: PhaseClock): Promise<void> {
  const crawl = deps.config.crawl;
  if (!crawl.lighthouse.enabled) return;
  try {
    artifacts.lighthouse = await runLighthouse(homeUrl, {
      port: deps.browser.port,
      userAgent: mobileUserAgent(deps.browser, crawl.userAgentSuffix),
      timeoutMs: crawl.lighthouse.timeoutMs,
      skipUnweighted: crawl.lighthouse.skipUnweightedAudits,
      settings: crawl.lighthouse.settings,
    });
  } catch (err) {
    artifacts.lighthouse = { collectorError: (err as Error).message.split('\n')[0]!.slice(0, 300) };
  }
  clock.done('lighthouse');
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
  shots?: ShotBudget,
): Promise<LoadedPage> {
  try {
    return await withinPageLimit(deps.config.crawl, url, (track, fail) => loadPageUnbounded(context, url, roles, foundBy, deps, isHome, track, fail, shots));
  } catch (err) {
    if (isHome) throw err;
    return { facts: emptyFacts({ url, roles, foundBy }, classifyError(err).message), axe: null, response: null };
  }
}

async function loadPageUnbounded(
  context: BrowserContext,
  url: string,
  roles: PageRole[],
  foundBy: FoundBy,
  deps: AuditDeps,
  isHome: boolean,
  track: Track,
  fail: (err: Error) => void,
  shots?: ShotBudget,
): Promise<LoadedPage> {
  const crawl = deps.config.crawl;
  if (!isHome && isPdfUrl(url)) return loadPdf(context, url, roles, foundBy, crawl.navigationTimeoutMs, crawl.maxTextChars);
  const page = await context.newPage();
  track(page);
  page.on('popup', (popup) => void popup.close().catch(() => undefined));
  const visited: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    visited.push(frame.url());
    // A cycle never settles: stop at once rather than wait on a document that is replaced again and again.
    const loop = navigationLoop(visited);
    if (loop) fail(loop);
  });
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
      // A home page served as a download (attachment) is no HTML page to audit.
      if (isHome && /Download is starting/.test(String(err))) throw new SiteFailure('not-html', failureMessage('not-html', 'the home page is served as a download (attachment)'));
      throw navigationLoop(visited) ?? err;
    }
    const status = response?.status() ?? 0;
    const contentType = (await response?.headerValue('content-type')) ?? '';
    // The egress proxy answered itself: an internal address (e.g. after a redirect), or no upstream connection.
    const refused = (await response?.headerValue('x-eindex-egress')) ?? '';
    if (isHome && /^(blocked|dns|connection-refused|timeout)$/.test(refused)) {
      const why = ((await response?.text().catch(() => '')) ?? '').replace(/^eindex egress: /, '').trim();
      throw new SiteFailure(refused as 'blocked', failureMessage(refused as 'blocked', why || `HTTP ${status}`));
    }
    if (isHome) {
      const failure = classifyResponse(status, contentType);
      if (failure) throw failure;
    } else if (/pdf/i.test(contentType)) {
      await page.close();
      return loadPdf(context, url, roles, foundBy, crawl.navigationTimeoutMs, crawl.maxTextChars);
    }
    // Let scripts insert late content (menus, cookie banners, statement links), up to settleMs.
    await page.waitForLoadState('networkidle', { timeout: crawl.settleMs }).catch(() => undefined);
    const loop = navigationLoop(visited);
    if (loop) throw loop;
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
    const axe = status < 400 ? await collectAxe(page, crawl.maxNodesPerRule, shots) : null;
    return { facts, axe, response };
  } catch (err) {
    const loop = navigationLoop(visited);
    if (isHome) throw loop ?? err;
    const failure = loop ?? classifyError(err);
    return { facts: emptyFacts({ url, roles, foundBy }, failure.message), axe: null, response: null };
  } finally {
    await closeQuietly(page);
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

function mobileFacts(deps: AuditDeps, homeUrl: string, shots?: ShotBudget) {
  return withinPageLimit(deps.config.crawl, `${homeUrl} (phone)`, (track) => mobileFactsUnbounded(deps, homeUrl, track, shots));
}

async function mobileFactsUnbounded(deps: AuditDeps, homeUrl: string, track: Track, shots?: ShotBudget) {
  const crawl = deps.config.crawl;
  const context = await deps.browser.browser.newContext({
    userAgent: mobileUserAgent(deps.browser, crawl.userAgentSuffix),
    viewport: { width: crawl.mobileViewport.width, height: crawl.mobileViewport.height },
    deviceScaleFactor: crawl.mobileViewport.deviceScaleFactor,
    isMobile: true,
    hasTouch: true,
    serviceWorkers: 'block',
    acceptDownloads: false,
    locale: 'lv-LV',
  });
  track(context);
  await context.addInitScript(NEUTRALISE_PRINT);
  try {
    const page = await context.newPage();
    page.on('popup', (popup) => void popup.close().catch(() => undefined));
    await page.goto(homeUrl, { waitUntil: 'load', timeout: crawl.navigationTimeoutMs });
    await page.waitForLoadState('networkidle', { timeout: crawl.settleMs }).catch(() => undefined);
    return await collectMobile(page, shots);
  } finally {
    await context.close().catch(() => undefined);
  }
}
