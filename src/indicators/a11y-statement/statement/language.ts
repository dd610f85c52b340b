// The statement's language: Latvian or English.
import { fold } from '../../../text/fold.ts';

const LV_WORDS = ['un', 'ir', 'ar', 'vai', 'par', 'uz', 'kas', 'ja', 'si', 'mes', 'tiek', 'nav', 'timeklvietne', 'timeklvietnes'];
const EN_WORDS = ['the', 'and', 'is', 'of', 'to', 'this', 'with', 'for', 'we', 'if', 'our', 'are', 'not', 'website'];

/** lv or en, by counting common words (ties go to lv: the statement is required in Latvian). */
export function languageOf(text: string): 'lv' | 'en' {
  const words = fold(text).split(/[^\p{L}]+/u);
  const lv = new Set(LV_WORDS.map((w) => fold(w)));
  const en = new Set(EN_WORDS);
  let l = 0;
  let e = 0;
  for (const w of words) {
    if (lv.has(w)) l++;
    if (en.has(w)) e++;
  }
  return e > l ? 'en' : 'lv';
}
