// Which pages of a site to audit: pure functions over the links already collected, so they are unit-tested without a
// browser. Role pages (statement, participation, contacts, sitemap) come from link texts in Latvian and English; the
// rest is a deterministic sample of same-site pages (menus first, then a stable hash order).
import type { DiscoveredRole } from '../config.ts';
import type { FoundBy, LinkFact, Region } from '../artifacts.ts';
import { matchLink } from '../text/links.ts';
import { siteName } from './politeness.ts';

export const DISCOVERED_ROLES: readonly DiscoveredRole[] = ['statement', 'participation', 'contacts', 'sitemap'];

/** Files that are not web pages; a statement may still be a PDF (see roleCandidates). */
const FILE_EXT = /\.(pdf|docx?|xlsx?|pptx?|odt|ods|zip|rar|7z|jpe?g|png|gif|svg|webp|mp4|mp3|avi|mov|ics|xml|rss|csv|json|txt|exe)$/i;

/** Hosts are the same site when they match without a leading "www.". */
export function sameSite(a: string, b: string): boolean {
  try {
    const pa = new URL(a).port;
    const pb = new URL(b).port;
    return siteName(a) === siteName(b) && (pa === pb || pa === '' || pb === '');
  } catch {
    return false;
  }
}

/** A URL without its fragment; the key pages are de-duplicated by. */
export function pageKey(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

export function isWebPageUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !FILE_EXT.test(u.pathname);
  } catch {
    return false;
  }
}

export function isPdfUrl(url: string): boolean {
  try {
    return /\.pdf$/i.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

const REGION_RANK: Record<Region, number> = { footer: 0, header: 1, nav: 2, aside: 3, main: 4, other: 5 };

export interface RoleLink {
  role: DiscoveredRole;
  url: string;
  foundBy: FoundBy;
}

/**
 * The best link per role on one page: matched by keyword on the link's names, same-site (a statement may also be a
 * same-site PDF), footer and header links before links in the body (a news item that mentions "līdzdalība" is not the
 * participation section).
 */
export function findRoleLinks(
  pageUrl: string,
  links: readonly LinkFact[],
  keywords: Record<DiscoveredRole, string[]>,
  roles: readonly DiscoveredRole[] = DISCOVERED_ROLES,
): RoleLink[] {
  const found: RoleLink[] = [];
  for (const role of roles) {
    let best: { link: LinkFact; keyword: string; rank: number } | null = null;
    for (const link of links) {
      if (!sameSite(link.href, pageUrl)) continue;
      if (!isWebPageUrl(link.href) && !(role === 'statement' && isPdfUrl(link.href))) continue;
      if (pageKey(link.href) === pageKey(pageUrl)) continue;
      const match = matchLink(link, keywords[role]);
      if (!match) continue;
      // Text matches beat URL-only matches; then the region decides.
      const rank = REGION_RANK[link.region] + (match.field === 'url' ? 10 : 0);
      if (!best || rank < best.rank) best = { link, keyword: match.keyword, rank };
    }
    if (best) {
      found.push({
        role,
        url: pageKey(best.link.href),
        foundBy: { via: 'link', from: pageUrl, text: best.link.text || best.link.ariaLabel || best.link.title || best.keyword, selector: best.link.selector },
      });
    }
  }
  return found;
}

/** FNV-1a: a stable, fast hash, so the sample is the same every night for the same site. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Up to `count` same-site pages not yet chosen: menu links (header, nav) first, then the rest, each group in a stable
 * hash order of the path, so the sample spreads over the site instead of taking the first news items.
 */
export function sampleLinks(
  pageUrl: string,
  links: readonly LinkFact[],
  exclude: ReadonlySet<string>,
  count: number,
): { url: string; foundBy: FoundBy }[] {
  if (count <= 0) return [];
  const menu = (l: LinkFact) => (l.region === 'header' || l.region === 'nav' ? 0 : 1);
  const candidates = new Map<string, LinkFact>();
  for (const link of links) {
    if (!sameSite(link.href, pageUrl) || !isWebPageUrl(link.href)) continue;
    const key = pageKey(link.href);
    if (exclude.has(key)) continue;
    // A page linked from the menu and from the body counts as a menu page, whichever link comes first.
    const seen = candidates.get(key);
    if (!seen || menu(link) < menu(seen)) candidates.set(key, link);
  }
  return [...candidates.entries()]
    .sort(([ua, la], [ub, lb]) => menu(la) - menu(lb) || stableHash(new URL(ua).pathname) - stableHash(new URL(ub).pathname) || (ua < ub ? -1 : 1))
    .slice(0, count)
    .map(([url, link]) => ({ url, foundBy: { via: 'sample' as const, from: pageUrl, text: link.text, selector: link.selector } }));
}

/** Link texts of a language switcher ("EN", "English", "RU", "Русский"), and paths of a language version ("/en/"). */
const LANGUAGE_TEXT = /^(en|eng|english|in english|angliski|angļu valodā|ru|rus|русский|по-русски)$/i;
const LANGUAGE_PATH = /^\/(en|eng|ru)\/?$/i;

/**
 * The site's other language versions linked from a page (English first): some sites link the accessibility statement
 * only from the footer of their English pages, so those pages are searched for role links too.
 */
export function languageVersionLinks(pageUrl: string, links: readonly LinkFact[]): { url: string; foundBy: FoundBy }[] {
  const found = new Map<string, { url: string; foundBy: FoundBy; english: boolean }>();
  for (const link of links) {
    if (!sameSite(link.href, pageUrl) || !isWebPageUrl(link.href)) continue;
    const url = pageKey(link.href);
    if (url === pageKey(pageUrl) || found.has(url)) continue;
    const text = (link.text || link.ariaLabel || link.title || '').trim();
    const path = new URL(url).pathname;
    if (!LANGUAGE_TEXT.test(text) && !LANGUAGE_PATH.test(path)) continue;
    const english = /^(en|eng|english|in english|angliski|angļu valodā)$/i.test(text) || /^\/en/i.test(path);
    found.set(url, { url, english, foundBy: { via: 'link', from: pageUrl, text: text || path, selector: link.selector } });
  }
  return [...found.values()].sort((a, b) => Number(b.english) - Number(a.english)).map(({ url, foundBy }) => ({ url, foundBy }));
}
