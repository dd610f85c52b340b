// Latvian text normalisation and keyword matching, shared by the indicators.
//
// Folding: lower case, Unicode NFKD with the diacritics stripped (ā→a, č→c, ē→e, ģ→g, ī→i, ķ→k, ļ→l, ņ→n, š→s, ū→u,
// ž→z, ō→o, ŗ→r), whitespace collapsed. `foldUrl` also decodes percent-escapes and turns URL separators into spaces.
//
// Informal ASCII spellings (Latvians without a Latvian keyboard type ā as "aa", š as "sh", ļ as "lj": "liidzdaliiba",
// "sabiedriibas", "zhurnaals") are handled by expanding the KEYWORD, not by collapsing the text: every Latvian letter
// with a diacritic in a keyword matches its plain letter or its informal spelling (ī → i|ii, š → s|sh, ļ → l|lj ...).
// So `līdzdalīb` matches "līdzdalība", "lidzdaliba" and "liidzdaliiba". The trade-off, chosen on purpose: collapsing
// "aa"/"ee"/"sh"/"ch" in every text would merge English words ("chat"→"cat" matching "catalogue", "sheet"→"set",
// "feed"→"fed", "book"→"bok") and the Latvian compound "pieejamība" with "piejamība"; expanding only the letters
// that carry a diacritic in a Latvian keyword makes no such merge. The price: a keyword must be written with its
// Latvian diacritics to match informal spellings ("lidzdalib" written plain matches "līdzdalība" and "lidzdaliba",
// but not "liidzdaliiba").
//
// Keyword syntax (keywords live in indicator options, so analysts can extend them in config):
// - A keyword is a stem matched at the start of a word: `līdzdalīb` matches līdzdalība, līdzdalības, līdzdalību.
// - Words separated by spaces form a phrase of consecutive words. Every word but the last must be a whole word;
//   end a word with `*` to make it a stem too: `sabiedrisk* apspriešan` matches "sabiedriskā apspriešana" and
//   "sabiedriskās apspriešanas".
// - End the keyword with `$` to make its last word whole: `una$` matches "UNA" but not "unas"/"unaudited".
// - A hyphen is an optional separator: `e-pakalpojum` matches "e-pakalpojumi", "e pakalpojumi", "epakalpojumi".
// - Any other punctuation is a word separator: `tap.mk.gov.lv` matches the words "tap mk gov lv".
// Matching is on the folded text with every run of non-letters/digits turned into one space.
import type { Evidence } from '../types.ts';
import type { LinkFact, PageFacts, Region } from '../artifacts.ts';

// ---------------------------------------------------------------------------------------------------------------
// Folding

/** Letters NFKD does not decompose. */
const SPECIAL: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i', ħ: 'h' };
const SPECIAL_RE = /[ßæœøłđıħ]/g;

function foldChars(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}]+/gu, '') // diacritics; soft hyphens and zero-width spaces a CMS leaves inside words
    .toLowerCase()
    .replace(SPECIAL_RE, (c) => SPECIAL[c] ?? c);
}

/** Lower case, diacritics (and invisible format characters) stripped, whitespace collapsed and trimmed. Punctuation is kept. */
export function fold(s: string): string {
  return foldChars(s).replace(/\s+/g, ' ').trim();
}

/** Decodes every valid run of percent-escapes, leaving invalid ones (e.g. Latin-1 bytes) as they are. */
export function decodePercent(s: string): string {
  return s.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** A URL (or part of one) as words: percent-escapes decoded, folded, separators (- _ / . + ? = & # : %20 ...) as spaces. */
export function foldUrl(url: string): string {
  return fold(decodePercent(url.replace(/\+/g, ' ')).replace(/[-_/.+?=&#:;,~!*()'"@%[\]|\\]+/g, ' '));
}

// ---------------------------------------------------------------------------------------------------------------
// The matching form: folded, every run of non-letters/digits one space; with a map back to the original offsets.

interface Normalised {
  text: string;
  /** ' ' + text: keyword regexes start with a literal space (a word start), which V8 scans for quickly. */
  padded: string;
  /** Offset in the original string of each character of `text`. */
  map: number[];
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const cache = new Map<string, Normalised>();

function normalise(s: string): Normalised {
  const hit = cache.get(s);
  if (hit) return hit;
  let text = '';
  const map: number[] = [];
  let space = true; // no leading space
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    let folded: string;
    if (cp < 128) folded = ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch;
    else folded = foldChars(ch);
    for (const c of folded) {
      const word = c < '\u0080' ? (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') : WORD_CHAR.test(c);
      if (word) {
        text += c;
        map.push(i);
        space = false;
      } else if (!space) {
        text += ' ';
        map.push(i);
        space = true;
      }
    }
    i += ch.length;
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    map.pop();
  }
  const result = { text, padded: ` ${text}`, map };
  // Page texts are matched against many keyword lists in a row: keep the last few. Link names are short and cheap.
  if (s.length >= 256) {
    if (cache.size >= 16) cache.delete(cache.keys().next().value as string);
    cache.set(s, result);
  }
  return result;
}

/** The form keywords are matched against: folded, every run of characters other than letters and digits one space. */
export function matchForm(s: string): string {
  return normalise(s).text;
}

// ---------------------------------------------------------------------------------------------------------------
// Keywords

/** Latvian letters with a diacritic, and what they match: the plain letter or the informal ASCII spelling. */
const LV_INFORMAL: Record<string, string> = {
  ā: 'aa?',
  ē: 'ee?',
  ī: 'ii?',
  ū: 'uu?',
  ō: 'oo?',
  š: 'sh?',
  č: 'ch?',
  ž: 'zh?',
  ķ: 'kj?',
  ģ: 'gj?',
  ļ: 'lj?',
  ņ: 'nj?',
  ŗ: 'rj?',
};

const NOT_AFTER_WORD = '(?<![\\p{L}\\p{N}])';
const NOT_BEFORE_WORD = '(?![\\p{L}\\p{N}])';
const WORD_REST = '[\\p{L}\\p{N}]*';

/** One word of a keyword (no spaces, no hyphens) as a regex source; other punctuation becomes a required space. */
function wordSource(word: string): string {
  let out = '';
  for (const ch of word.normalize('NFC')) {
    const informal = LV_INFORMAL[ch];
    if (informal) {
      out += informal;
      continue;
    }
    for (const c of foldChars(ch)) {
      if (WORD_CHAR.test(c)) out += c.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
      else if (out !== '' && !out.endsWith(' ')) out += ' ';
    }
  }
  return out.endsWith(' ') ? out.slice(0, -1) : out;
}

const bodies = new Map<string, string | null>();

/** A keyword as a regex source without its word-start condition; null for an empty keyword. Cached. */
function keywordBody(keyword: string): string | null {
  const cached = bodies.get(keyword);
  if (cached !== undefined) return cached;
  let k = keyword.normalize('NFC').toLowerCase().trim();
  let wholeLast = false;
  if (k.endsWith('$')) {
    wholeLast = true;
    k = k.slice(0, -1).trim();
  }
  const words = k.split(/\s+/).filter((w) => w !== '' && w !== '*');
  const sources: string[] = [];
  words.forEach((raw, i) => {
    const last = i === words.length - 1;
    let stem = last ? !wholeLast : false;
    let w = raw;
    if (w.endsWith('*')) {
      stem = true;
      w = w.slice(0, -1);
    }
    const pieces = w
      .split('-')
      .map(wordSource)
      .filter((p) => p !== '');
    if (pieces.length === 0) return;
    let src = pieces.join(' ?');
    if (stem && !last) src += WORD_REST;
    if (!stem && last) src += NOT_BEFORE_WORD;
    sources.push(src);
  });
  const body = sources.length === 0 ? null : sources.join(' ');
  bodies.set(keyword, body);
  return body;
}

const compiled = new Map<string, RegExp | null>();
const fast = new Map<string, RegExp | null>();

/** The regex a keyword compiles to, matched against matchForm(text); null for an empty keyword. Cached. Its source
 * can be combined into larger patterns for findPattern. */
export function keywordRegExp(keyword: string): RegExp | null {
  let re = compiled.get(keyword);
  if (re === undefined) {
    const body = keywordBody(keyword);
    re = body === null ? null : new RegExp(NOT_AFTER_WORD + body, 'u');
    compiled.set(keyword, re);
  }
  return re;
}

/** Keywords as one regex alternation (no group around it), for patterns run with findPattern. */
export function keywordAlternation(keywords: readonly string[]): string {
  return keywords
    .map((k) => keywordRegExp(k)?.source)
    .filter((s): s is string => s !== undefined)
    .join('|');
}

/** The same, for ' ' + matchForm(text): a literal space instead of a lookbehind is several times faster on long texts. */
function fastRegExp(keyword: string): RegExp | null {
  let re = fast.get(keyword);
  if (re === undefined) {
    const body = keywordBody(keyword);
    re = body === null ? null : new RegExp(` ${body}`, 'u');
    fast.set(keyword, re);
  }
  return re;
}

function firstKeyword(padded: string, keywords: readonly string[]): string | null {
  for (const keyword of keywords) {
    if (fastRegExp(keyword)?.test(padded)) return keyword;
  }
  return null;
}

/** The first keyword (in list order) found in the text, or null. */
export function matchKeyword(text: string, keywords: readonly string[]): string | null {
  if (!text) return null;
  return firstKeyword(normalise(text).padded, keywords);
}

export interface KeywordHit {
  keyword: string;
  /** The words of the original text that matched (the whole last word, not only the stem). */
  matched: string;
  /** The match with some context around it, whitespace collapsed, for evidence. */
  snippet: string;
}

/** Like matchKeyword, and also says where: the original words and a snippet around them. */
export function findKeyword(text: string, keywords: readonly string[], context = 60): KeywordHit | null {
  if (!text) return null;
  const n = normalise(text);
  for (const keyword of keywords) {
    const m = fastRegExp(keyword)?.exec(n.padded);
    // m.index is the space before the word in `padded`, i.e. the word's own index in `text`.
    if (m) return { keyword, ...locate(text, n, m.index, m.index + m[0].length - 1, context) };
  }
  return null;
}

/**
 * A regex run on matchForm(text) (lower-case ASCII-ish words separated by single spaces, no punctuation: write
 * "8 30 17 00" for "8.30–17.00"), with the original words and a snippet. Flags other than `u`/`i` are ignored.
 */
export function findPattern(text: string, pattern: RegExp, context = 60): { matched: string; snippet: string } | null {
  if (!text) return null;
  const n = normalise(text);
  const re = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  const m = re.exec(n.text);
  if (!m) return null;
  return locate(text, n, m.index, m.index + m[0].length, context);
}

/** The original text from..to (offsets in `text`) as evidence: the words there and a snippet with some context around. */
export function snippetAt(text: string, from: number, to: number, context = 60): { matched: string; snippet: string } {
  while (to < text.length && /[\p{L}\p{N}\p{M}]/u.test(text[to] ?? '')) to++;
  while (from > 0 && /[\p{L}\p{N}\p{M}]/u.test(text[from - 1] ?? '')) from--;
  const matched = text.slice(from, to).replace(/\s+/g, ' ').trim();
  let a = Math.max(0, from - context);
  let b = Math.min(text.length, to + context);
  if (a > 0 && !/\s/.test(text[a - 1] ?? '')) {
    const ws = text.slice(a, from).search(/\s/);
    if (ws >= 0) a += ws;
  }
  if (b < text.length && !/\s/.test(text[b] ?? '')) {
    const tail = text.slice(to, b);
    const ws = Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('\n'));
    if (ws >= 0) b = to + ws;
  }
  const snippet = `${a > 0 ? '…' : ''}${text.slice(a, b).replace(/\s+/g, ' ').trim()}${b < text.length ? '…' : ''}`;
  return { matched, snippet };
}

function locate(text: string, n: Normalised, start: number, end: number, context: number): { matched: string; snippet: string } {
  // Trim spaces a pattern may have matched at its edges.
  while (start < end && n.text[start] === ' ') start++;
  while (end > start && n.text[end - 1] === ' ') end--;
  const from = n.map[start] ?? 0;
  const to = end > start ? (n.map[end - 1] ?? from) + 1 : from;
  return snippetAt(text, from, to, context);
}

// ---------------------------------------------------------------------------------------------------------------
// Links

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

/** Number of words in a name (for "short link names only" rules). */
export function wordCount(s: string): number {
  const form = matchForm(s);
  return form === '' ? 0 : form.split(' ').length;
}

// ---------------------------------------------------------------------------------------------------------------
// Keyword search over PageFacts: what the indicators share.

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

/** Evidence for a link on a page: the page, the link's selector and the given text (default: its label). */
export function linkEvidence(page: PageFacts, link: LinkFact, text = linkLabel(link)): Evidence {
  return { url: pageUrl(page), selector: link.selector, text };
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
