// The institution's own accounts on social networks, linked from its site (seeds, 2021 institutions: Facebook 88 %,
// X/Twitter 83 %, Instagram 35 %, YouTube 23 %, Flickr 15 %, Draugiem.lv 5 %; LinkedIn and TikTok when present).
// An account is recognised by the link's URL, so icon-only links (no text; an aria-label, a title, an image alt or a
// class such as "fa-facebook") count like any other. Not accounts: share buttons (facebook.com/sharer, twitter.com/
// intent, x.com/share, linkedin.com/shareArticle, draugiem.lv/say), a platform's home page with no account path,
// posts and videos that name no account, and other organisations' accounts (see "own" below).
import { defineIndicator } from './indicator.ts';
import { BOOL, type Breakdown } from './breakdown.ts';
import type { Evidence, IndicatorResult } from '../types.ts';
import type { LinkFact, PageFacts, Region } from '../artifacts.ts';
import { hostMatches } from '../text/links.ts';
import { homePage, linkEvidence, loadedPages } from '../text/page-search.ts';

export const PLATFORMS = ['facebook', 'x', 'instagram', 'youtube', 'flickr', 'draugiem', 'linkedin', 'tiktok'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface SocialAccount {
  platform: Platform;
  /** Normalised: https, canonical host, the account path only (no query, no trailing slash); case-insensitive handles lower-cased. */
  url: string;
}

export interface SocialValue {
  accounts: SocialAccount[];
  /** Added field: whether each platform has an account, for the per-platform shares of the seeds' tables. */
  platforms: Record<Platform, boolean>;
}

export interface SocialOptions {
  /** Host names of each platform (subdomains included: m.facebook.com, mobile.twitter.com). */
  hosts: Record<Platform, string[]>;
  /** First path segments that are not an account: share buttons, posts, search, legal pages, a platform's own sections. */
  notAccounts: Record<Platform, string[]>;
  /** Regions that belong to the whole site (menus, header, footer, sidebars): links there are the site's own. */
  siteRegions: Region[];
}

/** The account a URL points to, or null (share button, post, platform home page, another host). */
export function accountOf(href: string, o: Pick<SocialOptions, 'hosts' | 'notAccounts'>): SocialAccount | null {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  const platform = PLATFORMS.find((p) => hostMatches(href, o.hosts[p]) !== null);
  if (!platform) return null;
  const segs = u.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const first = segs[0];
  if (first === undefined) return null; // the platform's home page
  if (o.notAccounts[platform].some((n) => n.toLowerCase() === first.toLowerCase())) return null;
  const lower = first.toLowerCase();
  const account = (path: string): SocialAccount => ({ platform, url: `${CANONICAL[platform]}/${path}` });
  switch (platform) {
    case 'facebook': {
      if (lower === 'profile.php') {
        const id = u.searchParams.get('id');
        return id && /^\d+$/.test(id) ? account(`profile.php?id=${id}`) : null;
      }
      if (lower === 'pages') return segs[2] ? account(segs[2].toLowerCase()) : segs[1] ? account(segs[1].toLowerCase()) : null;
      if (lower === 'people') return segs[1] && segs[2] ? account(`people/${segs[1]}/${segs[2]}`) : null;
      if (lower === 'groups') return segs[1] ? account(`groups/${segs[1].toLowerCase()}`) : null;
      return /^[\w.-]+$/.test(first) ? account(lower) : null;
    }
    case 'x':
    case 'instagram': {
      const handle = lower.replace(/^@/, '');
      return /^\w{1,30}$/.test(handle) || (platform === 'instagram' && /^[\w.]{1,30}$/.test(handle)) ? account(handle) : null;
    }
    case 'youtube': {
      if (first.startsWith('@')) return account(lower);
      if (lower === 'channel') return segs[1] ? account(`channel/${segs[1]}`) : null;
      if (lower === 'user' || lower === 'c') return segs[1] ? account(`${lower}/${segs[1]}`) : null;
      return /^[\w-]+$/.test(first) ? account(first) : null; // legacy custom URL youtube.com/Name
    }
    case 'flickr':
      if ((lower === 'photos' || lower === 'people') && segs[1] && !['tags', 'search', 'upload', 'organize', 'friends'].includes(segs[1].toLowerCase())) {
        return account(`photos/${segs[1]}`);
      }
      return null;
    case 'draugiem':
      if (['lapas', 'group', 'user'].includes(lower)) return segs[1] ? account(`${lower}/${segs[1].toLowerCase()}`) : null;
      return /^[\w.-]+$/.test(first) ? account(lower) : null;
    case 'linkedin':
      // Only organisation pages: /in/ is a person (a minister or an employee), not the institution.
      return ['company', 'school', 'showcase'].includes(lower) && segs[1] ? account(`${lower}/${segs[1].toLowerCase()}`) : null;
    case 'tiktok':
      return first.startsWith('@') && /^@[\w.]{2,}$/.test(first) ? account(lower) : null;
  }
}

const CANONICAL: Record<Platform, string> = {
  facebook: 'https://www.facebook.com',
  x: 'https://x.com',
  instagram: 'https://www.instagram.com',
  youtube: 'https://www.youtube.com',
  flickr: 'https://www.flickr.com',
  draugiem: 'https://www.draugiem.lv',
  linkedin: 'https://www.linkedin.com',
  tiktok: 'https://www.tiktok.com',
};

interface Candidate extends SocialAccount {
  page: PageFacts;
  link: LinkFact;
}

function label(link: LinkFact): string {
  return [link.text, link.ariaLabel, link.title, link.imgAlt, link.className].find((s) => s !== undefined && s.trim() !== '')?.trim() ?? link.href;
}

function unique(cands: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return cands.filter((c) => (seen.has(c.url) ? false : (seen.add(c.url), true)));
}

/** Keyword lists and hosts: analysts extend them in config/indicators.json (a key there replaces the key here). */
const DEFAULTS: SocialOptions = {
  hosts: {
    facebook: ['facebook.com', 'fb.com', 'fb.me'],
    x: ['twitter.com', 'x.com'],
    instagram: ['instagram.com', 'instagr.am'],
    youtube: ['youtube.com'],
    flickr: ['flickr.com'],
    draugiem: ['draugiem.lv'],
    linkedin: ['linkedin.com'],
    tiktok: ['tiktok.com'],
  },
  notAccounts: {
    facebook: ['sharer', 'sharer.php', 'share', 'share.php', 'dialog', 'plugins', 'tr', 'login', 'login.php', 'help', 'policies', 'privacy', 'legal', 'watch', 'events', 'hashtag', 'photo', 'photo.php', 'photos', 'story.php', 'permalink.php', 'home.php', 'l.php', 'search', 'ads', 'business', 'gaming', 'marketplace', 'reel', 'reels', 'stories', 'video.php', 'media', 'notes', 'p', 'watch.php'],
    x: ['intent', 'share', 'home', 'search', 'hashtag', 'i', 'login', 'signup', 'privacy', 'tos', 'settings', 'explore', 'messages', 'notifications', 'compose', 'widgets', 'widgets.js'],
    instagram: ['p', 'reel', 'reels', 'explore', 'accounts', 'stories', 'tv', 'direct', 'about', 'legal', 'developer', 'embed.js'],
    youtube: ['watch', 'embed', 'playlist', 'results', 'shorts', 'feed', 'redirect', 't', 'about', 'premium', 'live', 'hashtag', 'gaming', 'account', 'channels', 'iframe_api', 'signin'],
    flickr: [],
    draugiem: ['say', 'ext', 'api', 'help', 'login', 'search', 'friends', 'business', 'apps'],
    linkedin: ['shareArticle', 'sharing', 'feed', 'posts', 'in', 'pulse', 'login', 'signup', 'jobs', 'learning', 'legal'],
    tiktok: ['share', 'tag', 'discover', 'embed', 'music', 'legal', 'login', 'video'],
  },
  siteRegions: ['header', 'nav', 'footer', 'aside'],
};

const PLATFORM_LABELS: Record<Platform, { lv: string; en: string }> = {
  facebook: { lv: 'Facebook', en: 'Facebook' },
  x: { lv: 'X (Twitter)', en: 'X (Twitter)' },
  instagram: { lv: 'Instagram', en: 'Instagram' },
  youtube: { lv: 'YouTube', en: 'YouTube' },
  flickr: { lv: 'Flickr', en: 'Flickr' },
  draugiem: { lv: 'Draugiem.lv', en: 'Draugiem.lv' },
  linkedin: { lv: 'LinkedIn', en: 'LinkedIn' },
  tiktok: { lv: 'TikTok', en: 'TikTok' },
};

/** The site has an account on this platform (value.accounts[].platform). */
function platformBreakdown(p: Platform): Breakdown {
  return {
    key: `social.${p}`,
    values: BOOL,
    classify: (v) => {
      const accounts = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as { accounts?: unknown }).accounts : undefined;
      if (!Array.isArray(accounts)) return null;
      return String(accounts.some((a) => typeof a === 'object' && a !== null && (a as { platform?: unknown }).platform === p));
    },
  };
}

export default defineIndicator({
  id: 'social',
  dimension: 'communication',
  title: { lv: 'Sociālo tīklu konti', en: 'Social network accounts' },
  csv: PLATFORMS.map((p) => `platforms.${p}`),
  labels: Object.fromEntries(PLATFORMS.map((p) => [`platforms.${p}`, PLATFORM_LABELS[p]])),
  advice: {
    lv: 'Sākumlapā norādiet saites uz iestādes oficiālajiem sociālo tīklu kontiem.',
    en: 'Link the institution\'s own social media accounts from the home page.',
  },
  breakdowns: PLATFORMS.map(platformBreakdown),
  requires: ['pages'],
  defaultOptions: DEFAULTS,
  evaluate({ pages }, o): IndicatorResult<SocialValue> {
    const home = homePage(pages);
    if (!home) return { value: null, score: null, outcome: 'error', evidence: [], reason: 'sākumlapa nav ielādēta / home page not loaded' };
    const own: Candidate[] = [];
    const homeContent: Candidate[] = [];
    for (const page of loadedPages(pages)) {
      for (const link of page.links) {
        const acc = accountOf(link.href, o);
        if (!acc) continue;
        const cand = { ...acc, page, link };
        // Own accounts sit in the site's header, menus, footer or sidebars on any page; on the home page also outside
        // any landmark ("other": old layouts without <header>/<footer>). A link inside `main` (an article body, a news
        // teaser) names whoever the article is about: it counts only on the home page, and only when the site links
        // no account from its own regions at all (then a person should check it).
        if (o.siteRegions.includes(link.region) || (page === home && link.region === 'other')) own.push(cand);
        else if (page === home) homeContent.push(cand);
      }
    }
    const fromContent = own.length === 0 && homeContent.length > 0;
    const chosen = unique(fromContent ? homeContent : own).sort((a, b) => PLATFORMS.indexOf(a.platform) - PLATFORMS.indexOf(b.platform));
    const accounts = chosen.map(({ platform, url }) => ({ platform, url }));
    const platforms = Object.fromEntries(PLATFORMS.map((p) => [p, accounts.some((a) => a.platform === p)])) as Record<Platform, boolean>;
    const evidence: Evidence[] = chosen.map((c) => linkEvidence(c.page, c.link, `${c.platform}: ${label(c.link)}`));
    return {
      value: { accounts, platforms },
      // Presence, not a count: the seeds ask whether the institution communicates through social networks at all;
      // one active account serves residents no worse than six, so more platforms earn no more.
      score: accounts.length > 0 ? 1 : 0,
      outcome: accounts.length === 0 ? 'fail' : fromContent ? 'needs-review' : 'pass',
      evidence,
      ...(fromContent
        ? { reason: 'konti atrasti tikai sākumlapas saturā, ne galvenē vai kājenē: vai tie ir iestādes pašas? / accounts found only in the home page content, not in the header or footer: are they the institution’s own?' }
        : {}),
    };
  },
});
