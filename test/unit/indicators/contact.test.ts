import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import contact, { type ContactValue } from '../../../src/indicators/contact.ts';
import type { Outcome } from '../../../src/types.ts';
import type { PageFacts } from '../../../src/artifacts.ts';

const load = (name: string): PageFacts[] => JSON.parse(readFileSync(new URL(`../../fixtures/artifacts/${name}`, import.meta.url), 'utf8')) as PageFacts[];
const recorded = (name: string): PageFacts[] => (JSON.parse(readFileSync(new URL(`../../fixtures/artifacts/recorded/${name}`, import.meta.url), 'utf8')) as { pages: PageFacts[] }).pages;
const ctx = { target: { id: 'x', name: 'X', type: 'institution' as const, url: 'https://x.lv/' }, now: new Date('2025-03-14T00:00:00Z'), results: {} };
const run = (pages: PageFacts[]) => contact.evaluate({ pages }, contact.defaultOptions, ctx);

interface Case {
  name: string;
  pages: () => PageFacts[];
  value: ContactValue;
  score: number;
  outcome: Outcome;
  /** [page url, selector, a part of the text] */
  evidence: [string, string | undefined, string][];
}

const DPM = 'https://www.dpm.gov.lv/lv';
const EZ = 'https://www.ezeresnovads.lv/';
const EN = 'https://www.vdpa.gov.lv/en';
const cases: Case[] = [
  {
    name: 'ministry: footer of the home page, opening hours and the e-service help line on the contacts page',
    pages: () => load('dpm-gov-lv.json'),
    value: { phone: true, email: true, address: true, openingHours: true, eServiceHelpline: true },
    score: 1,
    outcome: 'pass',
    evidence: [
      [DPM, undefined, 'phone: …pārvaldības ministrija Smilšu iela 1, Rīga, LV-1050 Tālr. 67 012 345 pasts@dpm.gov.lv'],
      [DPM, '#footer-contacts > p:nth-of-type(3) > a', 'email: pasts@dpm.gov.lv (mailto:pasts@dpm.gov.lv)'],
      [DPM, undefined, 'Smilšu iela 1, Rīga, LV-1050'],
      [`${DPM}/kontakti`, undefined, 'Darba laiks: P.–C. 8.30–17.00, Pk. 8.30–15.00'],
      [`${DPM}/kontakti`, undefined, 'Palīdzība e-pakalpojumu lietošanā: 67 012 399'],
    ],
  },
  {
    name: 'municipality: "Tālrunis 63 412 345", e-mail written "dome[at]…", hours as "P. 8.00–18.00"; a budget of 26 000 000 eiro is no phone',
    pages: () => load('ezeres-novads-lv.json'),
    value: { phone: true, email: true, address: true, openingHours: true, eServiceHelpline: false },
    score: 1,
    outcome: 'pass',
    evidence: [
      [EZ, undefined, 'Tālrunis 63 412 345'],
      [EZ, undefined, 'e-pasts: dome[at]ezeresnovads.lv'],
      [EZ, undefined, 'Skolas iela 2, Ezere, Ezeres novads, LV-3991'],
      [EZ, undefined, 'P. 8.00–18.00 O.–C. 8.00–17.00 Pk. 8.00–14.00'],
    ],
  },
  {
    name: 'English version: "Phone: +371 …", "Opening hours: Monday–Thursday …", "E-services helpdesk"',
    pages: () => load('vdpa-gov-lv-en.json'),
    value: { phone: true, email: true, address: true, openingHours: true, eServiceHelpline: true },
    score: 1,
    outcome: 'pass',
    evidence: [
      [EN, undefined, 'Phone: +371 67 555 123'],
      [EN, '#footer-contacts > p:nth-of-type(4) > a', 'email: info@vdpa.gov.lv (mailto:info@vdpa.gov.lv)'],
      [EN, undefined, 'Pils iela 10, Riga, LV-1050'],
      [EN, undefined, 'Opening hours: Monday–Thursday 8:30–17:00'],
      [EN, undefined, 'E-services helpdesk: +371 67 555 199'],
    ],
  },
  {
    name: 'negative with traps: amounts, a registration number, an IBAN, a weekday without hours, a library open "no 10.00 līdz 14.00"',
    pages: () => load('upmalas-pagasts-lv.json'),
    value: { phone: false, email: false, address: false, openingHours: false, eServiceHelpline: false },
    score: 0,
    outcome: 'fail',
    evidence: [],
  },
  {
    name: 'contacts page only: "Tālr.: 29 123 456", "info(at)lac.gov.lv", "Amatu iela 5" without a postcode, no opening hours',
    pages: () => load('lac-gov-lv.json'),
    value: { phone: true, email: true, address: true, openingHours: false, eServiceHelpline: false },
    score: 0.75,
    outcome: 'needs-review',
    evidence: [
      ['https://www.lac.gov.lv/kontakti', undefined, 'Tālr.: 29 123 456'],
      ['https://www.lac.gov.lv/kontakti', undefined, 'E-pasts: info(at)lac.gov.lv'],
      ['https://www.lac.gov.lv/kontakti', undefined, 'Amatu iela 5, Rīga'],
    ],
  },
  {
    name: 'only tel: and mailto: links in the footer, the contacts page timed out',
    pages: () => load('ppr-lv.json'),
    value: { phone: true, email: true, address: false, openingHours: false, eServiceHelpline: false },
    score: 0.5,
    outcome: 'needs-review',
    evidence: [
      ['https://www.ppr.lv/lv/', '#footer > div:nth-of-type(1) > a:nth-of-type(2)', 'phone: 63 000 111 (tel:+37163000111)'],
      ['https://www.ppr.lv/lv/', '#footer > div:nth-of-type(1) > a:nth-of-type(1)', 'email: birojs@ppr.lv (mailto:birojs@ppr.lv)'],
    ],
  },
];

describe('contact', () => {
  it.each(cases)('$name', (c) => {
    const r = run(c.pages());
    expect(r.value).toEqual(c.value);
    expect(r.score).toBe(c.score);
    expect(r.outcome).toBe(c.outcome);
    expect(r.evidence.map((e) => [e.url, e.selector])).toEqual(c.evidence.map(([u, s]) => [u, s]));
    c.evidence.forEach(([, , text], i) => expect(r.evidence[i]?.text).toContain(text));
  });

  it('on a recorded crawl of the "clean" fixture site (real collector output): footer links, hours on /kontakti/', () => {
    const r = run(recorded('clean.json'));
    expect(r.value).toEqual({ phone: true, email: true, address: true, openingHours: true, eServiceHelpline: false });
    expect(r.evidence.find((e) => e.text?.startsWith('openingHours'))?.url).toBe('http://fixture.test/clean/kontakti/');
  });

  it('a home page that failed to load is not measured', () => {
    const r = run(load('lac-gov-lv.json').map((p) => (p.roles.includes('home') ? { ...p, error: 'http-error 500' } : p)));
    expect(r).toMatchObject({ value: null, score: null, outcome: 'error' });
  });

  // One line of a footer in place of the negative site's text: which of them are a phone, an e-mail, an address, hours.
  it.each<[string, Partial<ContactValue>]>([
    ['Tālr. 67 012 345', { phone: true }],
    ['tālrunis: 6701 2345', { phone: true }],
    ['Mob. 29 123 456', { phone: true }],
    ['+371 67012345', { phone: true }],
    ['(+371) 2912 3456', { phone: true }],
    ['Informatīvais tālrunis 8000 1234', { phone: true }],
    ['67012345', { phone: true }],
    ['Budžets 26 000 000 eiro', {}],
    ['Tālr. 20 000 000 eiro', {}],
    ['Reģ. Nr. 90000012345', {}],
    ['Fakss 67 012 346 un 2025. gada 15. marts', {}],
    ['vards.uzvards@vm.gov.lv', { email: true }],
    ['info (at) vm.gov.lv', { email: true }],
    ['logo@2x.png', {}],
    ['K. Valdemāra iela 3, Rīga', { address: true }],
    ['Rīga, LV-1010', { address: true }],
    ['LV90000012345', {}],
    ['Brīvības bulv. 36', { address: true }],
    ['Pieņemšanas laiks: otrdienās no 10.00 līdz 12.00', { openingHours: true }],
    ['Pirmdiena–ceturtdiena 8.30–17.00', { openingHours: true }],
    ['Iestādes darba laiks svētku dienās mainīts', {}],
    ['Pirmdien, 17. martā, plkst. 18.00 sapulce', {}],
    ['E-pakalpojumu atbalsts: 67 000 999', { eServiceHelpline: true, phone: true }],
    ['Palīdzības tālrunis 8000 1111', { eServiceHelpline: true, phone: true }],
  ])('%j', (line, expected) => {
    const home = { ...load('upmalas-pagasts-lv.json')[0]!, text: line };
    const r = run([home]);
    expect(r.value).toEqual({ phone: false, email: false, address: false, openingHours: false, eServiceHelpline: false, ...expected });
  });
});
