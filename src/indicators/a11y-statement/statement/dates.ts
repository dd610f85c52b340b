// Dates in folded text (month names without diacritics): numeric, Latvian and English forms.

const MONTHS: [RegExp, number][] = [
  [/^(?:janv|january)/, 1],
  [/^(?:febr|february)/, 2],
  [/^(?:mart|march)/, 3],
  [/^(?:apri)/, 4],
  [/^(?:maij|may)/, 5],
  [/^(?:jun)/, 6],
  [/^(?:jul)/, 7],
  [/^(?:aug)/, 8],
  [/^(?:sept)/, 9],
  [/^(?:okt|oct)/, 10],
  [/^(?:nov)/, 11],
  [/^(?:dec)/, 12],
];
// Latvian nominative, genitive and locative (folded: "martā" -> "marta"), and English month names.
const MONTH_WORD =
  '(janvaris|janvari|janvara|january|februaris|februari|februara|february|marts|marta|march|aprilis|aprili|aprila|april|' +
  'maijs|maija|may|junijs|junija|june|julijs|julija|july|augusts|augusta|august|septembris|septembri|septembra|september|' +
  'oktobris|oktobri|oktobra|october|novembris|novembri|novembra|november|decembris|decembri|decembra|december)(?![\\p{L}])';
const DATE_PATTERNS: { re: RegExp; parts: (m: RegExpExecArray) => [string, string, string | undefined] }[] = [
  // 12.03.2024. / 12.03.2024 / 12/03/2024 / 12-03-2024
  { re: /(?<![\d.])(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)/g, parts: (m) => [m[3]!, m[2]!, m[1]!] },
  // 2024-03-12
  { re: /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g, parts: (m) => [m[1]!, m[2]!, m[3]!] },
  // 2024. gada 12. martā / 2024. g. 12. marta
  { re: new RegExp(`(?<!\\d)(\\d{4})\\.?\\s*(?:gada|g\\.)\\s*(\\d{1,2})\\.\\s*${MONTH_WORD}`, 'gu'), parts: (m) => [m[1]!, m[3]!, m[2]!] },
  // 12. martā 2024 / 12 March 2024 / 12th March 2024
  { re: new RegExp(`(?<!\\d)(\\d{1,2})(?:\\.|st|nd|rd|th)?\\s+${MONTH_WORD}\\s*,?\\s+(\\d{4})(?!\\d)`, 'gu'), parts: (m) => [m[3]!, m[2]!, m[1]!] },
  // March 12, 2024
  { re: new RegExp(`${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'gu'), parts: (m) => [m[3]!, m[1]!, m[2]!] },
  // 2024. gada martā / March 2024 (no day: the first of the month)
  { re: new RegExp(`(?<!\\d)(\\d{4})\\.?\\s*(?:gada|g\\.)\\s*${MONTH_WORD}`, 'gu'), parts: (m) => [m[1]!, m[2]!, undefined] },
  { re: new RegExp(`(?<![\\d.]\\s?)${MONTH_WORD}\\s+(\\d{4})(?!\\d)`, 'gu'), parts: (m) => [m[2]!, m[1]!, undefined] },
];

function monthNumber(token: string): number | null {
  if (/^\d+$/.test(token)) return Number(token);
  for (const [re, n] of MONTHS) if (re.test(token)) return n;
  return null;
}

export interface FoundDate {
  iso: string;
  /** Offset in the folded text. */
  index: number;
}

/** Dates in folded text, in order of appearance; overlapping matches keep the first, most specific pattern. */
export function findDates(folded: string): FoundDate[] {
  const found: (FoundDate & { end: number })[] = [];
  for (const { re, parts } of DATE_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(folded); m; m = re.exec(folded)) {
      const end = m.index + m[0].length;
      if (found.some((f) => m!.index < f.end && end > f.index)) continue;
      const [y, mo, d] = parts(m);
      const year = Number(y);
      const month = monthNumber(mo);
      const day = d === undefined ? 1 : Number(d);
      if (month === null || month < 1 || month > 12 || year < 1990 || year > 2100 || day < 1) continue;
      const date = new Date(Date.UTC(year, month - 1, day));
      if (date.getUTCMonth() !== month - 1) continue;
      found.push({ iso: date.toISOString().slice(0, 10), index: m.index, end });
    }
  }
  return found.sort((a, b) => a.index - b.index).map(({ iso, index }) => ({ iso, index }));
}
