// Keyword search over PageFacts: what the indicators share.
import type { Evidence } from '../types.ts';
import type { LinkFact, PageFacts, Region } from '../artifacts.ts';
import { findKeyword, matchKeyword } from './keywords.ts';
import { linkLabel, matchLink, type LinkField } from './links.ts';
import { wordCount } from './match-form.ts';

/** The URL evidence names for a page: where it ended up after redirects. */
export function pageUrl(page: PageFacts): string {
  return page.finalUrl || page.url;
}

/** The home page, when it was loaded; undefined otherwise. */
export function homePage(pages: readonly PageFacts[]): PageFacts | undefined {
  return pages.find((p) => p.roles.includes('home') && !p.error);
}

/** Pages that were loaded (not an error in place of facts), home page first. */
export function loadedPages(pages: readonly PageFacts[]): PageFacts[] {
  const ok = pages.filter((p) => !p.error);
  return [...ok.filter((p) => p.roles.includes('home')), ...ok.filter((p) => !p.roles.includes('home'))];
}

/** Site-wide regions first, content last: a menu or footer link is the site's own, a link in `main` may be news. */
export const REGION_RANK: Record<Region, number> = { nav: 0, header: 1, footer: 2, aside: 3, other: 4, main: 5 };

export interface Hit {
  keyword: string;
  source: 'link' | 'heading' | 'control' | 'text';
  evidence: Evidence;
  region?: Region;
  link?: LinkFact;
  field?: LinkField;
}

/** Evidence for a link on a page: the page, the link's selector and the given text (default: its label). A link inside
 * an iframe names the frame ("[iframe: URL]"); one inside a shadow root names its host in the selector ("host >>> a"). */
export function linkEvidence(page: PageFacts, link: LinkFact, text = linkLabel(link)): Evidence {
  return { url: pageUrl(page), selector: link.selector, text: link.frame ? `${text} [iframe: ${link.frame}]` : text };
}

/** Every link of the page whose names contain a keyword (and that `accept` lets through), best region first. */
export function findLinks(page: PageFacts, keywords: readonly string[], accept?: (link: LinkFact) => boolean): Hit[] {
  const hits: Hit[] = [];
  for (const link of page.links) {
    if (accept && !accept(link)) continue;
    const m = matchLink(link, keywords);
    if (!m) continue;
    // Matched by its URL: show what a person sees too ("Tava balss novadā (https://…/sabiedribas-liidzdaliiba/)").
    const label = linkLabel(link);
    const text = m.field === 'url' && label !== link.href ? `${label} (${link.href})` : m.name;
    hits.push({ keyword: m.keyword, source: 'link', evidence: linkEvidence(page, link, text), region: link.region, link, field: m.field });
  }
  return hits.sort((a, b) => REGION_RANK[a.region ?? 'other'] - REGION_RANK[b.region ?? 'other']);
}

/** The best link of findLinks, or null. */
export function findLink(page: PageFacts, keywords: readonly string[], accept?: (link: LinkFact) => boolean): Hit | null {
  return findLinks(page, keywords, accept)[0] ?? null;
}

/** The first heading with a keyword (optionally only headings of at most `maxWords` words: widget titles, not news). */
export function findHeading(page: PageFacts, keywords: readonly string[], maxWords = Infinity): Hit | null {
  for (const h of page.headings) {
    if (wordCount(h.text) > maxWords) continue;
    const keyword = matchKeyword(h.text, keywords);
    if (keyword) return { keyword, source: 'heading', evidence: { url: pageUrl(page), selector: `h${h.level}`, text: h.text } };
  }
  return null;
}

/** The first control (button, select...) whose name contains a keyword. */
export function findControl(page: PageFacts, keywords: readonly string[]): Hit | null {
  for (const c of page.controls) {
    const keyword = matchKeyword(c.text, keywords);
    if (keyword) return { keyword, source: 'control', evidence: { url: pageUrl(page), selector: c.selector, text: c.text } };
  }
  return null;
}

/** The first keyword (list order) in the page's visible text, with a snippet as evidence. */
export function findText(page: PageFacts, keywords: readonly string[]): Hit | null {
  const hit = findKeyword(page.text, keywords);
  return hit ? { keyword: hit.keyword, source: 'text', evidence: { url: pageUrl(page), text: hit.snippet } } : null;
}
