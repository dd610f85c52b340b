// Budgets that follow the site: a server that takes 8 s for every answer needs longer page waits than one that takes
// 200 ms, or its later loads (the home-page collectors reload the home page) time out on a busy worker although the
// site is fine. The home page's load time, measured first, sets the navigation timeout of the rest of the audit,
// between the configured one and a sixth of the site's limit (so a page's own limit, three navigations, stays within
// half the site's).
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
  return { crawl: { ...crawl, navigationTimeoutMs }, navigationTimeoutMs, scaled: true };
}
