// The home-page track: the declared page collectors (src/collectors/index.ts) run, the phone one on its own page and
// the desktop ones one after the other on the crawl's home page; Lighthouse in the process's Lighthouse
// lane, outside the site's limit. Each collector's artifact is returned, or a CollectorError in its place.
import type { BrowserContext, Page } from 'playwright-core';
import type { AuditBrowser } from './browser.ts';
import type { Config } from '../config.ts';
import { HOME_COLLECTORS, type Collector, type CollectorContext } from '../collectors/index.ts';
import type { ShotBudget } from '../collectors/screenshots.ts';
import type { PhaseClock } from './phase-clock.ts';
import { mobileUserAgent, onDesktopHome, onLoadedHome, onPhoneHome, resetForNextCollector } from './crawl/contexts.ts';
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
  /** The home page as the crawl loaded and read it, still open: the desktop collectors take it (once). */
  loadedHome?: Page;
  /** Told when a collector's transient failure is tried again. */
  retrying?: (collector: string, reason: string, tries: number) => void;
}

/** One collector on a page of its own: Chromium itself, or the phone or desktop home page loaded afresh in `context`. */
export function runCollector(c: Collector, ctx: CollectorContext, deps: Pick<HomeTrackDeps, 'browser' | 'context' | 'crawl'>): Promise<unknown> {
  if (c.needs === 'chromium') return c.collect(ctx);
  const on = c.needs === 'phone-home' ? onPhoneHome.bind(null, deps.browser) : onDesktopHome.bind(null, deps.context);
  return on(deps.crawl, ctx.homeUrl, (page) => c.collect({ ...ctx, page }));
}

/** A collector of a page (desktop or phone; the shared home page takes the desktop ones). */
type PageCollector = Exclude<Collector, { needs: 'chromium' }>;

/**
 * The desktop collectors one after the other on one home page (the crawl's own when still open, else loaded afresh),
 * in their declared order, the page reset between them (src/collectors/index.ts says why the order). Each one's
 * outcome is returned; one that throws does not stop the next.
 */
export function runOnSharedHome(collectors: readonly PageCollector[], ctx: CollectorContext, deps: Pick<HomeTrackDeps, 'context' | 'crawl' | 'loadedHome'>): Promise<PromiseSettledResult<unknown>[]> {
  const run = async (page: Page) => {
    const outcomes: PromiseSettledResult<unknown>[] = [];
    for (const [i, c] of collectors.entries()) {
      if (i > 0) await resetForNextCollector(page).catch(() => undefined); // a dead page fails the next collector itself
      outcomes.push(await c.collect({ ...ctx, page }).then((value) => ({ status: 'fulfilled' as const, value }), (reason: unknown) => ({ status: 'rejected' as const, reason })));
    }
    return outcomes;
  };
  const loaded = deps.loadedHome;
  deps.loadedHome = undefined; // once: a retry loads the page afresh
  return loaded ? onLoadedHome(loaded, deps.crawl, ctx.homeUrl, run) : onDesktopHome(deps.context, deps.crawl, ctx.homeUrl, run);
}

/** Margin kept before the site's limit when deciding on a retry: closing pages and computing indicators. */
const RETRY_MARGIN_MS = 5_000;

/**
 * Runs a collector; a transient failure is tried again (crawl.timings.collectorRetries) while the site's time left
 * covers another attempt as long as the failed one. The CollectorError left at the end says how many attempts were made.
 */
export async function runWithRetries(
  attempt: () => Promise<unknown>,
  retries: number,
  deadlineAt: number,
  now: () => number = Date.now,
  /** Told of each failure that is tried again (for the log: a value measured on a second try says so nowhere else). */
  onRetry?: (reason: string, tries: number) => void,
): Promise<unknown> {
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
      onRetry?.(firstLine(err), tries);
    }
  }
}

type LaneDeps = Pick<HomeTrackDeps, 'browser' | 'crawl' | 'shots' | 'retrying'> & { laneBrowsers?: readonly AuditBrowser[] };

function collectorContext(homeUrl: string, deps: LaneDeps): CollectorContext {
  const { crawl, browser } = deps;
  const more = (deps.laneBrowsers ?? []).filter((b) => b.browser.isConnected()).map((b) => b.port);
  return { homeUrl, crawl, shots: deps.shots, chromium: { ports: [browser.port, ...more], mobileUserAgent: mobileUserAgent(browser, crawl.userAgentSuffix) } };
}

/**
 * Runs the phone collector and the desktop ones (these on one shared page) at once (phase homeCollectors). A desktop
 * collector that failed on the shared page for a transient reason is tried again on a page of its own, and every
 * collector within the site's limit.
 */
export async function collectOnHome(homeUrl: string, deps: HomeTrackDeps, clock: PhaseClock): Promise<void> {
  const ctx = collectorContext(homeUrl, deps);
  const collectors = HOME_COLLECTORS.filter((c) => c.needs !== 'chromium');
  const desktop = collectors.filter((c): c is PageCollector => c.needs === 'desktop-home');
  const shared = runOnSharedHome(desktop, ctx, deps).catch((err: unknown) => desktop.map(() => ({ status: 'rejected' as const, reason: err })));
  /** A desktop collector's first try is its turn on the shared page; every other try loads a page of its own. */
  const attempts = (c: Collector) => {
    const i = desktop.indexOf(c as PageCollector);
    let tries = 0;
    return () =>
      tries++ === 0 && i >= 0
        ? shared.then((outcomes) => (outcomes[i]!.status === 'fulfilled' ? outcomes[i]!.value : Promise.reject(outcomes[i]!.reason)))
        : runCollector(c, ctx, deps);
  };
  const retries = deps.crawl.timings.collectorRetries;
  const values = await Promise.all(collectors.map((c) => runWithRetries(attempts(c), retries, deps.deadlineAt, Date.now, (reason, tries) => deps.retrying?.(c.id, reason, tries))));
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
  const values = await Promise.all(collectors.map((c) => runWithRetries(() => c.collect(ctx), retries, Number.POSITIVE_INFINITY, Date.now, (reason, tries) => deps.retrying?.(c.id, reason, tries))));
  clock.done('lighthouse');
  return Object.fromEntries(collectors.map((c, i) => [c.id, values[i]])) as Artifacts;
}
