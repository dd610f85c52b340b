// E-mail addresses (also written "vards [at] iestade [punkts] lv", "vards @ iestade . lv") and Latvian phone numbers in a sentence.

const EMAIL = /[\p{L}\p{N}._%+-]+(?:@|\s?[[(]at[\])]\s?)[\p{L}\p{N}-]+(?:(?:\.|\s?[[(](?:dot|punkts)[\])]\s?)[\p{L}\p{N}-]+)*\.[\p{L}]{2,}/giu;
const PHONE = /(?:\(?\+?371\)?[\s-]?)?[2689](?:[\s-]?\d){7}/g;

// "vārds @ iestāde . lv": an address spaced out against harvesters (spaces on both sides of "@" and of each dot).
const SPACED_EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+ +@ +[\p{L}\p{N}-]+(?: +\. +[\p{L}\p{N}-]+)* +\. +\p{L}{2,6}(?![\p{L}\p{N}])/gu;

export function emailsIn(text: string): string[] {
  return [
    ...[...text.matchAll(EMAIL)].map((m) =>
      m[0].replace(/\s?[[(]at[\])]\s?/i, '@').replace(/\s?[[(](?:dot|punkts)[\])]\s?/gi, '.').toLowerCase(),
    ),
    ...[...text.matchAll(SPACED_EMAIL)].map((m) => m[0].replace(/ +/g, '').toLowerCase()),
  ];
}

/** Latvian numbers: 8 digits starting 2 (mobile), 6 (landline), 8 or 9 (toll-free, premium), optionally +371, in
 * groups; never part of a longer number (a registration number, a date). Returns the 8 digits. */
export function phonesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PHONE)) {
    const before = text.slice(Math.max(0, m.index - 2), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 2);
    if (/\d$|\d[\s./,-]$/.test(before)) continue;
    if (/^\d|^[\s./,-]\d/.test(after)) continue;
    out.push(m[0].replace(/\D/g, '').slice(-8));
  }
  return out;
}
