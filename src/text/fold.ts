// Folding Latvian (and other) text for comparison.
//
// Folding: lower case, Unicode NFKD with the diacritics stripped (ā→a, č→c, ē→e, ģ→g, ī→i, ķ→k, ļ→l, ņ→n, š→s, ū→u,
// ž→z, ō→o, ŗ→r), whitespace collapsed. `foldUrl` also decodes percent-escapes and turns URL separators into spaces.

/** Letters NFKD does not decompose. */
const SPECIAL: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i', ħ: 'h' };
const SPECIAL_RE = /[ßæœøłđıħ]/g;

/** Lower case and diacritics stripped, whitespace left as it is (fold() collapses it; the matching form maps it). */
export function foldChars(s: string): string {
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
