// E-mail addresses (also written "vards [at] iestade [punkts] lv", "vards @ iestade . lv") and Latvian phone numbers in a sentence.

const DOT = String.raw`(?:\.|\s?[[(](?:dot|punkts)[\])]\s?)`;
const EMAIL = new RegExp(String.raw`[\p{L}\p{N}._%+-]+(?:@|\s?[[(]at[\])]\s?)[\p{L}\p{N}-]+(?:${DOT}[\p{L}\p{N}-]+)*${DOT}\p{L}{2,}`, 'giu');
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

// Cloudflare's e-mail protection replaces an address with "[email protected]" and a link to
// /cdn-cgi/l/email-protection#HEX (or a data-cfemail attribute), decoded by a script in the visitor's browser. The
// statement does give an address then: read it from the hex when it is there, else keep the stand-in as the address.
const CLOUDFLARE_STAND_IN = /\[email[\s\u00a0]protected\]/gi;
export const CLOUDFLARE_HIDDEN = 'e-pasts (slēpts ar Cloudflare)';

/** The address in Cloudflare's hex (first byte the key, each next byte XORed with it); null when it is not one. */
export function decodeCloudflareEmail(hex: string): string | null {
  if (!/^(?:[0-9a-f]{2}){4,}$/i.test(hex)) return null;
  const key = parseInt(hex.slice(0, 2), 16);
  const bytes = Uint8Array.from({ length: hex.length / 2 - 1 }, (_, i) => parseInt(hex.slice(2 + i * 2, 4 + i * 2), 16) ^ key);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return emailsIn(text)[0] ?? null;
}

/** Addresses hidden by Cloudflare in a sentence: decoded from its protection links when they carry the hex. */
export function cloudflareEmailsIn(text: string, hrefs: readonly string[]): string[] {
  const decoded = hrefs.flatMap((h) => {
    const m = /\/cdn-cgi\/l\/email-protection#([0-9a-f]+)/i.exec(h);
    const address = m ? decodeCloudflareEmail(m[1]!) : null;
    return address ? [address] : [];
  });
  if (decoded.length > 0) return decoded;
  return [...text.matchAll(CLOUDFLARE_STAND_IN)].map(() => CLOUDFLARE_HIDDEN);
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
