// The page track: which pages of the site beyond the home page are loaded, in which order, within the budget.
import pLimit from 'p-limit';
import type { BrowserContext } from 'playwright-core';
import type { Config, DiscoveredRole } from '../../config.ts';
import { DISCOVERED_ROLES, findRoleLinks, languageVersionLinks, pageKey, sameSite, sampleLinks } from '../discovery.ts';
import { emptyFacts } from '../../collectors/page-facts.ts';
import type { ShotBudget } from '../../collectors/screenshots.ts';
import type { PhaseClock } from '../phase-clock.ts';
import { loadPage } from './load-page.ts';
import type { AxePage, FoundBy, PageFacts, PageRole } from '../../artifacts.ts';

export interface CrawledPages {
  /** Every page chosen, in the order chosen (the home page first). */
  pages: PageFacts[];
  /** axe's findings, in the order of `pages`. */
  axe: AxePage[];
  /** Roles whose page was not found. */
  missing: DiscoveredRole[];
}

/**
 * Role pages (statement, participation, contacts, sitemap) from the home page's links, then the sitemap's, then
 * language versions', then common paths; then a deterministic sample of other pages up to the budget. Pages load
 * `pagesInParallel` at a time; the result is in the order the pages were chosen, so it does not depend on which load
 * finished first. `loaded` receives each page as soon as it is read, so a site that fails later still reports it.
 */
export async function crawlPages(
  home: PageFacts,
  homeAxe: AxePage | null,
  context: BrowserContext,
  crawl: Config['crawl'],
  loaded: PageFacts[],
  allowed: (url: string) => boolean,
  shots: ShotBudget,
  clock: PhaseClock,
): Promise<CrawledPages> {
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
    const done = limit(async () => {
      const page = await loadPage(context, pageUrl, roles, foundBy, crawl, false, shots);
      const rolesSoFar = facts.roles;
      Object.assign(facts, page.facts, { roles: rolesSoFar });
      if (!page.facts.error) delete facts.error;
      if (page.axe) axeByPage.set(facts, page.axe);
      loaded.push(facts); // as soon as loaded, so a site that fails later still reports the pages it read
      return facts;
    });
    chosen.set(key, { facts, loaded: done });
    return done;
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

  const pages = [...chosen.values()].map((c) => c.facts);
  return { pages, axe: pages.flatMap((p) => axeByPage.get(p) ?? []), missing: [...missing] };
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
