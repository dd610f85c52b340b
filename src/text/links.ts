// The names a link goes by, keyword matching over them, and the hosts of URLs.
import type { LinkFact } from '../artifacts.ts';
import { foldUrl } from './fold.ts';
import { firstKeyword } from './keywords.ts';
import { normalise } from './match-form.ts';

export type LinkField = 'text' | 'ariaLabel' | 'title' | 'imgAlt' | 'url';

export interface LinkName {
  field: LinkField;
  /** For `url`: the URL's path through foldUrl (not the query: share buttons and redirects carry other URLs there);
   * otherwise the attribute as collected. */
  name: string;
}

type NamedLink = Pick<LinkFact, 'href' | 'text' | 'ariaLabel' | 'title' | 'imgAlt'>;

/** Every name a link goes by, in this order: visible text, aria-label, title, image alt, URL path (http(s) only, no query). */
export function linkNames(link: NamedLink): LinkName[] {
  const names: LinkName[] = [];
  const add = (field: LinkField, name: string | undefined) => {
    if (name && name.trim() !== '') names.push({ field, name });
  };
  add('text', link.text);
  add('ariaLabel', link.ariaLabel);
  add('title', link.title);
  add('imgAlt', link.imgAlt);
  let url: URL | null = null;
  try {
    url = new URL(link.href);
  } catch {
    url = null;
  }
  if (url === null) add('url', foldUrl(link.href));
  else if (url.protocol === 'http:' || url.protocol === 'https:') add('url', foldUrl(url.pathname));
  return names;
}

export interface LinkMatch {
  keyword: string;
  field: LinkField;
  /** The original value that matched: the attribute, or for `url` the href. */
  name: string;
}

// Indicators match the same links against many keyword lists: their names are folded once per link object.
// Artifacts are plain data read from a file, never changed after collection, so the cache cannot go stale.
const linkForms = new WeakMap<object, (LinkName & { padded: string })[]>();

/** The first of the link's names (linkNames order) that contains a keyword; keywords in list order within a name. */
export function matchLink(link: NamedLink, keywords: readonly string[]): LinkMatch | null {
  let forms = linkForms.get(link);
  if (!forms) {
    forms = linkNames(link).map((n) => ({ ...n, padded: normalise(n.name).padded }));
    linkForms.set(link, forms);
  }
  for (const { field, name, padded } of forms) {
    const keyword = firstKeyword(padded, keywords);
    if (keyword !== null) return { keyword, field, name: field === 'url' ? link.href : name };
  }
  return null;
}

/** What a person would call the link: its text, else aria-label, title or image alt; else the href. */
export function linkLabel(link: NamedLink): string {
  return [link.text, link.ariaLabel, link.title, link.imgAlt].find((s) => s !== undefined && s.trim() !== '')?.trim() ?? link.href;
}

/** Lower-case host name of a URL; '' when it is not an absolute URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return '';
  }
}

/** The entry of `hosts` the URL's host is, or is a subdomain of (www.latvija.lv matches latvija.lv); else null. */
export function hostMatches(url: string, hosts: readonly string[]): string | null {
  const host = hostOf(url);
  if (!host) return null;
  for (const h of hosts) {
    const want = h.toLowerCase().replace(/^\*?\./, '');
    if (host === want || host.endsWith(`.${want}`)) return h;
  }
  return null;
}
