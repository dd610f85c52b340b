// Budgets that follow the site: a server that takes 8 s for every answer needs longer page waits than one that takes
// 200 ms, or its later loads (the home-page collectors reload the home page) time out on a busy worker although the
// site is fine. The home page's load time, measured first, sets the navigation timeout of the rest of the audit,
// between the configured one and a sixth of the site's limit (so a page's own limit, three navigations, stays within
// half the site's), and Lighthouse's waits for the first paint and the load with it.
import type { CrawlConfig } from '../config.ts';

export interface SiteBudget {
  /** The crawl config for the rest of this site's audit. */
  crawl: CrawlConfig;
  /** The navigation timeout it sets, and why. */
  navigationTimeoutMs: number;
  scaled: boolean;
}

export function siteBudget(crawl: CrawlConfig, homeLoadMs: number): SiteBudget {
  const base = crawl.navigationTimeoutMs;
  const cap = Math.max(base, Math.round(crawl.siteTimeoutMs / 6));
  const wanted = Math.round(homeLoadMs * crawl.timings.slowSiteFactor);
  const navigationTimeoutMs = Math.min(cap, Math.max(base, wanted));
  if (navigationTimeoutMs === base) return { crawl, navigationTimeoutMs, scaled: false };
  return { crawl: { ...crawl, navigationTimeoutMs, lighthouse: lighthouseWaits(crawl.lighthouse, navigationTimeoutMs) }, navigationTimeoutMs, scaled: true };
}

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/**
 * Lighthouse's own waits for a slow site: its first paint comes after the page and its stylesheets (two answers of
 * the server at least), so the waits for the first paint and for the load grow with the navigation timeout, within
 * a third and a half of Lighthouse's time limit (which leaves room for its trace processing).
 */
export function lighthouseWaits(lh: CrawlConfig['lighthouse'], navigationTimeoutMs: number): CrawlConfig['lighthouse'] {
  const fcp = num(lh.settings.maxWaitForFcp, 15_000);
  const load = num(lh.settings.maxWaitForLoad, 45_000);
  const maxWaitForFcp = Math.max(fcp, Math.min(navigationTimeoutMs, Math.round(lh.timeoutMs / 3)));
  const maxWaitForLoad = Math.max(load, Math.min(Math.round(navigationTimeoutMs * 1.5), Math.round(lh.timeoutMs / 2)));
  return { ...lh, settings: { ...lh.settings, maxWaitForFcp, maxWaitForLoad } };
}
