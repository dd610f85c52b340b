// The home-page track: the declared home collectors (src/collectors/index.ts) run at once, each on the page it needs
// (motion mostly waits), their subresources already in the context's cache; Lighthouse, which waits for its turn in
// the process, on a track of its own. Each collector's artifact is returned, or a CollectorError in its place.
import type { BrowserContext } from 'playwright-core';
import type { AuditBrowser } from './browser.ts';
import type { Config } from '../config.ts';
import { HOME_COLLECTORS, type Collector, type CollectorContext } from '../collectors/index.ts';
import type { ShotBudget } from '../collectors/screenshots.ts';
import type { PhaseClock } from './phase-clock.ts';
import { mobileUserAgent, onDesktopHome, onPhoneHome } from './crawl/contexts.ts';
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
}

function run(c: Collector, ctx: CollectorContext, deps: HomeTrackDeps): Promise<unknown> {
  if (c.needs === 'chromium') return c.collect(ctx);
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

/** Runs the page collectors (phase homeCollectors) alongside Lighthouse (phase lighthouse, on a forked clock). */
export async function collectOnHome(homeUrl: string, deps: HomeTrackDeps, clock: PhaseClock): Promise<void> {
  const { crawl, browser } = deps;
  const ctx: CollectorContext = { homeUrl, crawl, shots: deps.shots, chromium: { port: browser.port, mobileUserAgent: mobileUserAgent(browser, crawl.userAgentSuffix) } };
  const track = async (collectors: readonly Collector[], trackClock: PhaseClock, phase: 'homeCollectors' | 'lighthouse') => {
    if (collectors.length === 0) return;
    const retries = crawl.timings.collectorRetries;
    const values = await Promise.all(collectors.map((c) => runWithRetries(() => run(c, ctx, deps), retries, deps.deadlineAt)));
    deps.collected(Object.fromEntries(collectors.map((c, i) => [c.id, values[i]])) as Artifacts);
    trackClock.done(phase);
  };
  const onChromium = HOME_COLLECTORS.filter((c) => c.needs === 'chromium' && c.enabled(crawl));
  const onPages = HOME_COLLECTORS.filter((c) => c.needs !== 'chromium');
  const chromiumClock = clock.fork();
  await Promise.all([track(onPages, clock, 'homeCollectors'), track(onChromium, chromiumClock, 'lighthouse')]);
  clock.join(chromiumClock);
}
