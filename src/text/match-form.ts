// The matching form of a text: folded, every run of non-letters/digits one space; with a map back to the original offsets.
import { foldChars } from './fold.ts';

export interface Normalised {
  text: string;
  /** ' ' + text: keyword regexes start with a literal space (a word start), which V8 scans for quickly. */
  padded: string;
  /** Offset in the original string of each character of `text`. */
  map: number[];
}

export const WORD_CHAR = /[\p{L}\p{N}]/u;
const cache = new Map<string, Normalised>();

export function normalise(s: string): Normalised {
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

/** Number of words in a name (for "short link names only" rules). */
export function wordCount(s: string): number {
  const form = matchForm(s);
  return form === '' ? 0 : form.split(' ').length;
}
