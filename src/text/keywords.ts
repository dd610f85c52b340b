// Latvian keyword matching, shared by the indicators.
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
import { foldChars } from './fold.ts';
import { normalise, WORD_CHAR } from './match-form.ts';
import { locate } from './snippet.ts';

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

export function firstKeyword(padded: string, keywords: readonly string[]): string | null {
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
