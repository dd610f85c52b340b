// Contact information for consultations, reachable from the home page (seeds, 2021: municipalities 75 %,
// institutions 95 %): phone, e-mail, address, opening hours; and a phone line for help with e-services (39 % / 6 %).
// Looked for on the home page (footers usually carry it) and the contacts page (found from the home page's links).
import { defineIndicator } from './indicator.ts';
import { flag } from './breakdown.ts';
import type { Evidence, IndicatorResult } from '../types.ts';
import type { PageFacts } from '../artifacts.ts';
import { findPattern, keywordAlternation } from '../text/keywords.ts';
import { homePage, linkEvidence, loadedPages, pageUrl } from '../text/page-search.ts';
import { snippetAt } from '../text/snippet.ts';

export interface ContactValue {
  phone: boolean;
  email: boolean;
  address: boolean;
  openingHours: boolean;
  eServiceHelpline: boolean;
}

export interface ContactOptions {
  /** Words before a number that make it a phone ("Tālr. 67 012 345"); a number with +371, or 8 digits written together, needs none. */
  phoneLabels: string[];
  /** Words after a number that make it an amount, not a phone ("26 000 000 eiro"). */
  notPhoneAfter: string[];
  /** Street types before a house number ("Smilšu iela 1"); an LV-dddd postcode alone is enough too. */
  streetWords: string[];
  /** Words naming opening hours; a time range must follow within `hoursWindowChars` ("Darba laiks: 8.30–17.00"). */
  openingHoursKeywords: string[];
  hoursWindowChars: number;
  /** Day names and abbreviations before a time range ("P.–C. 8.30–17.00", "darbdienās no 9.00 līdz 17.00"). */
  weekdays: string[];
  /** Words of an e-service help line: a phone within `helplineWindowChars` after one of them is the help line. */
  helplineKeywords: string[];
  helplineWindowChars: number;
}

type Part = keyof ContactValue;

const HOUR = String.raw`(?:[01]?[0-9]|2[0-4]) [0-5][0-9]`;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/i;
const EMAIL_OBFUSCATED = /[\w.+-]+\s?(?:\[at\]|\(at\)|\{at\}|\[et\]|\(et\)|\[@\]|\(@\))\s?[\w-]+(?:\s?(?:\.|\[dot\]|\(dot\)|\[punkts\])\s?[\w-]+)+/i;
const NOT_EMAIL_TLD = /\.(?:png|jpe?g|gif|svg|webp)$/i;
const POSTCODE = /(?<![\p{L}\p{N}])LV[-–‑\s]?\d{4}(?!\d)/u;

/** Patterns on lv.ts's matching form (folded words, single spaces): "talr 67 012 345", "371 67012345", "67012345". */
export function phonePatterns(o: Pick<ContactOptions, 'phoneLabels' | 'notPhoneAfter'>): { any: RegExp; number: string } {
  const after = o.notPhoneAfter.length ? `(?! (?:${keywordAlternation(o.notPhoneAfter)}))` : '';
  const local = String.raw`(?:[26][0-9]|80)(?: ?[0-9]){6}(?![0-9])${after}`;
  const prefixed = String.raw`(?<![0-9])(?:00 ?)?371 ?[0-9](?: ?[0-9]){7}(?![0-9])`;
  const together = String.raw`(?<![\p{L}\p{N}])(?:[26][0-9]|80)[0-9]{6}(?![\p{L}\p{N}])${after}`;
  const labels = keywordAlternation(o.phoneLabels);
  const labelled = `(?:${labels})[\\p{L}]*(?: [\\p{L}]+){0,2} (?<![0-9])${local}`;
  return { any: new RegExp(`${prefixed}|${together}|${labelled}`, 'u'), number: `(?<![0-9])(?:(?:00 ?)?371 ?[0-9](?: ?[0-9]){7}(?![0-9])|${local})` };
}

function rawFind(page: PageFacts, re: RegExp, accept: (m: string) => boolean = () => true): Evidence | null {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  for (const m of page.text.matchAll(g)) {
    if (!accept(m[0])) continue;
    return { url: pageUrl(page), text: snippetAt(page.text, m.index, m.index + m[0].length).snippet };
  }
  return null;
}

function tagged(part: Part, e: Evidence): Evidence {
  return { ...e, text: `${part}: ${e.text ?? ''}` };
}

/** Keyword lists and hosts: analysts extend them in config/indicators.json (a key there replaces the key here). */
const DEFAULTS: ContactOptions = {
  phoneLabels: ['tālr', 'tālrun', 'tel', 'telefon', 'mob', 'mobilais', 'zvan', 'informatīvais tālrun', 'uzziņu tālrun', 'phone', 'telephone', 't$'],
  notPhoneAfter: ['eiro', 'euro', 'eur$', 'latu', 'iedzīvotāj', 'cilvēk', 'gab$', 'km$', 'ha$', 'tonn'],
  streetWords: ['iela', 'ielā', 'bulvāris', 'bulv', 'laukums', 'prospekts', 'gatve', 'šoseja', 'krastmala', 'aleja', 'ceļš', 'street', 'str'],
  openingHoursKeywords: [
    'darba laik',
    'darbalaik',
    'pieņemšanas laik',
    'apmeklētāju pieņemšan',
    'klientu pieņemšan',
    'iedzīvotāju pieņemšan',
    'klientu apkalpošanas laik',
    'apmeklētāju apkalpošanas laik',
    'working hours',
    'opening hours',
    'office hours',
    'business hours',
    'reception hours',
    'visiting hours',
  ],
  hoursWindowChars: 80,
  weekdays: [
    'pirmdien', 'otrdien', 'trešdien', 'ceturtdien', 'piektdien', 'sestdien', 'svētdien', 'darbdien', 'darba dienās', 'katru dienu',
    'p$', 'o$', 't$', 'c$', 'pk$', 's$', 'sv$', 'pr$', 'ot$', 'tr$', 'ce$', 'pt$', 'se$',
    'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'mon$', 'tue$', 'wed$', 'thu$', 'fri$', 'sat$', 'sun$', 'weekdays', 'working days', 'daily',
  ],
  helplineKeywords: [
    'palīdzības tālrun',
    'atbalsta tālrun',
    'e-pakalpojum',
    'palīdzība e-pakalpojum',
    'helpline',
    'help desk',
    'helpdesk',
    'e-services',
    'e-service',
  ],
  helplineWindowChars: 60,
};

export default defineIndicator({
  id: 'contact',
  dimension: 'service',
  title: { lv: 'Kontaktinformācija', en: 'Contact information' },
  csv: ['phone', 'email', 'address', 'openingHours', 'eServiceHelpline'],
  labels: {
    phone: { lv: 'tālrunis', en: 'phone' },
    email: { lv: 'e-pasts', en: 'e-mail' },
    address: { lv: 'adrese', en: 'address' },
    openingHours: { lv: 'darba laiks', en: 'opening hours' },
    eServiceHelpline: { lv: 'e-pakalpojumu palīdzības tālrunis', en: 'e-services helpline' },
  },
  advice: {
    lv: 'Kontaktu lapā norādiet tālruni, e-pastu, adresi, darba laiku un tālruni palīdzībai e-pakalpojumu lietošanā.',
    en: 'Give phone, e-mail, address, opening hours and an e-services helpline on the contacts page.',
  },
  breakdowns: ['phone', 'email', 'address', 'openingHours', 'eServiceHelpline'].map((f) => flag('contact', f)),
  requires: ['pages'],
  defaultOptions: DEFAULTS,
  evaluate({ pages }, o): IndicatorResult<ContactValue> {
    const home = homePage(pages);
    if (!home) return { value: null, score: null, outcome: 'error', evidence: [], reason: 'sākumlapa nav ielādēta / home page not loaded' };
    const where = [home, ...loadedPages(pages).filter((p) => p !== home && p.roles.includes('contacts'))];
    const phones = phonePatterns(o);
    const streets = keywordAlternation(o.streetWords);
    const street = new RegExp(`(?:${streets})(?: [0-9]{1,3}[a-z]?)(?![0-9])`, 'u');
    const days = keywordAlternation(o.weekdays);
    const hours = new RegExp(`(?:${days})[\\p{L}]*(?: (?:lidz |to |un )?(?:${days})[\\p{L}]*)? (?:no |from )?${HOUR} (?:lidz |to )?${HOUR}(?![0-9])`, 'u');
    // "Darba laiks" alone may be a news title ("Iestādes darba laiks svētkos"): it needs a time range after it.
    const hoursNamed = new RegExp(`(?:${keywordAlternation(o.openingHoursKeywords)}).{0,${o.hoursWindowChars}}?(?<![0-9])${HOUR} (?:lidz |to )?${HOUR}(?![0-9])`, 'u');
    const helpline = new RegExp(`(?:${keywordAlternation(o.helplineKeywords)}).{0,${o.helplineWindowChars}}?${phones.number}`, 'u');

    const first = (find: (p: PageFacts) => Evidence | null): Evidence | null => {
      for (const p of where) {
        const e = find(p);
        if (e) return e;
      }
      return null;
    };
    const pattern = (p: PageFacts, re: RegExp): Evidence | null => {
      const hit = findPattern(p.text, re);
      return hit ? { url: pageUrl(p), text: hit.snippet } : null;
    };
    const helplineHit = first((p) => pattern(p, helpline));
    const found: Record<Part, Evidence | null> = {
      phone: first((p) => {
        const tel = p.links.find((l) => /^tel:/i.test(l.href) && l.href.replace(/\D/g, '').length >= 8);
        return tel ? linkEvidence(p, tel, `${tel.text || tel.ariaLabel || ''} (${tel.href})`.trim()) : pattern(p, phones.any);
      }) ?? helplineHit, // a help line's number is a phone too, its words are its label
      email: first((p) => {
        const mail = p.links.find((l) => /^mailto:[^@]+@/i.test(l.href));
        if (mail) return linkEvidence(p, mail, `${mail.text || mail.ariaLabel || ''} (${mail.href.split('?')[0]})`.trim());
        return rawFind(p, EMAIL, (m) => !NOT_EMAIL_TLD.test(m)) ?? rawFind(p, EMAIL_OBFUSCATED);
      }),
      address: first((p) => rawFind(p, POSTCODE) ?? pattern(p, street)),
      openingHours: first((p) => pattern(p, hoursNamed) ?? pattern(p, hours)),
      eServiceHelpline: helplineHit,
    };
    const value: ContactValue = {
      phone: found.phone !== null,
      email: found.email !== null,
      address: found.address !== null,
      openingHours: found.openingHours !== null,
      eServiceHelpline: found.eServiceHelpline !== null,
    };
    const evidence = (Object.keys(found) as Part[]).flatMap((k) => {
      const e = found[k];
      return e ? [tagged(k, e)] : [];
    });
    const basic = [value.phone, value.email, value.address, value.openingHours].filter(Boolean).length;
    return {
      value,
      // The mean of the four contact channels the seeds count (phone, e-mail, address, opening hours). The e-service
      // help line is reported but not scored: the seeds count it separately (39 % / 6 %), and an institution without
      // e-services of its own has no reason for one; a weight for it belongs in config if the index wants it.
      score: basic / 4,
      // Missing pieces may sit in an image, a PDF or a page we did not audit: a person should check.
      outcome: basic === 4 ? 'pass' : basic === 0 ? 'fail' : 'needs-review',
      evidence,
    };
  },
});
