// The home-page track: the declared page collectors (src/collectors/index.ts) run at once, each on the page it needs
// (motion mostly waits), their subresources already in the context's cache; Lighthouse in the process's Lighthouse
// lane, outside the site's limit. Each collector's artifact is returned, or a CollectorError in its place.
import type { BrowserContext, Page } from 'playwright-core';
import type { AuditBrowser } from './browser.ts';
import type { Config } from '../config.ts';
import { HOME_COLLECTORS, type Collector, type CollectorContext } from '../collectors/index.ts';
import type { ShotBudget } from '../collectors/screenshots.ts';
import type { PhaseClock } from './phase-clock.ts';
import { mobileUserAgent, onDesktopHome, onLoadedHome, onPhoneHome } from './crawl/contexts.ts';
import { closeQuietly } from './crawl/page-limit.ts';
import type { Artifacts, CollectorError } from '../artifacts.ts';
import { firstLine, isTransientCollectorError } from '../failures.ts';

export interface HomeTrackDeps {
  browser: AuditBrowser;
  context: BrowserContext;
  crawl: Config['crawl'];
  shots: ShotBudget;
  /** Receives each track's artifacts as soon as the track ends. */
  collected(artifacts: Artifacts): void;
  /** When the site's limit ends (epoch ms): a retry starts only if another attempt as long as the last fits before. */
  deadlineAt: number;
  /** The home page as the crawl loaded and read it, still open: the first watch-only collector takes it. */
  loadedHome?: Page;
}

/** One collector on the page it needs: Chromium itself, the phone home page, or the desktop home page (the crawl's own
 * when it only watches and it is still open, else loaded afresh in `context`). */
export function runCollector(c: Collector, ctx: CollectorContext, deps: Pick<HomeTrackDeps, 'browser' | 'context' | 'crawl' | 'loadedHome'>): Promise<unknown> {
  if (c.needs === 'chromium') return c.collect(ctx);
  const loaded = c.needs === 'desktop-home' && c.watchOnly ? deps.loadedHome : undefined;
  if (loaded) {
    deps.loadedHome = undefined; // once: a retry loads the page afresh
    return onLoadedHome<unknown>(loaded, deps.crawl, ctx.homeUrl, (page) => c.collect({ ...ctx, page }));
  }
  const on = c.needs === 'phone-home' ? onPhoneHome.bind(null, deps.browser) : onDesktopHome.bind(null, deps.context);
  return on(deps.crawl, ctx.homeUrl, (page) => c.collect({ ...ctx, page }));
}

/** Margin kept before the site's limit when deciding on a retry: closing pages and computing indicators. */
const RETRY_MARGIN_MS = 5_000;

/**
 * Runs a collector; a transient failure is tried again (crawl.timings.collectorRetries) while the site's time left
 * covers another attempt as long as the failed one. The CollectorError left at the end says how many attempts were made.
 */
export async function runWithRetries(attempt: () => Promise<unknown>, retries: number, deadlineAt: number, now: () => number = Date.now): Promise<unknown> {
  for (let tries = 1; ; tries++) {
    const t0 = now();
    try {
      return await attempt();
    } catch (err) {
      const transient = isTransientCollectorError(err);
      const took = now() - t0;
      if (!transient || tries > retries || deadlineAt - now() < took + RETRY_MARGIN_MS) {
        const error: CollectorError = { collectorError: firstLine(err) };
        if (tries > 1) error.attempts = tries;
        if (transient) error.transient = true;
        return error;
      }
    }
  }
}

type LaneDeps = Pick<HomeTrackDeps, 'browser' | 'crawl' | 'shots'> & { laneBrowsers?: readonly AuditBrowser[] };

function collectorContext(homeUrl: string, deps: LaneDeps): CollectorContext {
  const { crawl, browser } = deps;
  const more = (deps.laneBrowsers ?? []).filter((b) => b.browser.isConnected()).map((b) => b.port);
  return { homeUrl, crawl, shots: deps.shots, chromium: { ports: [browser.port, ...more], mobileUserAgent: mobileUserAgent(browser, crawl.userAgentSuffix) } };
}

/** Runs the page collectors at once (phase homeCollectors), each retried within the site's limit. */
export async function collectOnHome(homeUrl: string, deps: HomeTrackDeps, clock: PhaseClock): Promise<void> {
  const ctx = collectorContext(homeUrl, deps);
  const collectors = HOME_COLLECTORS.filter((c) => c.needs !== 'chromium');
  const retries = deps.crawl.timings.collectorRetries;
  const values = await Promise.all(collectors.map((c) => runWithRetries(() => runCollector(c, ctx, deps), retries, deps.deadlineAt)));
  if (deps.loadedHome) await closeQuietly(deps.loadedHome, deps.crawl.timings.pageCloseMs);
  deps.collected(Object.fromEntries(collectors.map((c, i) => [c.id, values[i]])) as Artifacts);
  clock.done('homeCollectors');
}

/**
 * The Lighthouse lane: the collectors of Chromium itself (Lighthouse), started as soon as the home page is known and
 * run in the process's lane (one run at a time per Chromium, src/collectors/lighthouse.ts). Not bound by the site's
 * limit: its wait for a turn is the lane's, and each run has its own time limit counted from its start; a transient
 * failure is tried again (crawl.timings.collectorRetries). Resolves with their artifacts (phase lighthouse on `clock`).
 */
export async function lighthouseLane(homeUrl: string, deps: LaneDeps, clock: PhaseClock): Promise<Artifacts> {
  const ctx = collectorContext(homeUrl, deps);
  const collectors = HOME_COLLECTORS.filter((c): c is Extract<Collector, { needs: 'chromium' }> => c.needs === 'chromium' && c.enabled(deps.crawl));
  if (collectors.length === 0) return {};
  const retries = deps.crawl.timings.collectorRetries;
  const values = await Promise.all(collectors.map((c) => runWithRetries(() => c.collect(ctx), retries, Number.POSITIVE_INFINITY)));
  clock.done('lighthouse');
  return Object.fromEntries(collectors.map((c, i) => [c.id, values[i]])) as Artifacts;
}
