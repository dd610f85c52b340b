import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import siteFeatures, { type SiteFeaturesOptions, type SiteFeaturesValue } from '../../../src/indicators/site-features.ts';
import type { Outcome } from '../../../src/types.ts';
import type { PageFacts } from '../../../src/artifacts.ts';

const load = (name: string): PageFacts[] => JSON.parse(readFileSync(new URL(`../../fixtures/artifacts/${name}`, import.meta.url), 'utf8')) as PageFacts[];
const ctx = { target: { id: 'x', name: 'X', type: 'county' as const, url: 'https://x.lv/' }, now: new Date('2025-03-14T00:00:00Z'), results: {} };
const run = (pages: PageFacts[], options: SiteFeaturesOptions = siteFeatures.defaultOptions) => siteFeatures.evaluate({ pages }, options, ctx);

const NONE: SiteFeaturesValue = { languages: [], problemMap: false, forum: false, appointmentBooking: false, audienceNavigation: false, surveys: false, feedbackInvitation: false };

interface Case {
  name: string;
  pages: () => PageFacts[];
  options?: Partial<SiteFeaturesOptions>;
  value: SiteFeaturesValue;
  score: number;
  outcome: Outcome;
  /** [page url, selector, text] */
  evidence: [string, string | undefined, string][];
}

const EZ = 'https://www.ezeresnovads.lv/';
const cases: Case[] = [
  {
    name: 'ministry: "EN" switcher (aria-label English) and a footer feedback link',
    pages: () => load('dpm-gov-lv.json'),
    value: { ...NONE, languages: ['en'], feedbackInvitation: true },
    score: 0.286,
    outcome: 'pass',
    evidence: [
      ['https://www.dpm.gov.lv/lv', '#language-switcher > ul > li:nth-of-type(2) > a', 'languages (en): EN'],
      ['https://www.dpm.gov.lv/lv', '#footer-links > ul > li:nth-of-type(4) > a', 'feedbackInvitation: Sniegt atsauksmi par tīmekļvietni'],
    ],
  },
  {
    name: 'municipality: ENG/RU, tiles for problem map, visits and questions, audience menu, a poll widget',
    pages: () => load('ezeres-novads-lv.json'),
    value: { languages: ['en', 'ru'], problemMap: true, forum: true, appointmentBooking: true, audienceNavigation: true, surveys: true, feedbackInvitation: false },
    score: 0.857,
    outcome: 'pass',
    evidence: [
      [EZ, '#lang-menu > li:nth-of-type(2) > a', 'languages (en): ENG'],
      [EZ, '#lang-menu > li:nth-of-type(3) > a', 'languages (ru): RU'],
      [EZ, '#tiles > div:nth-of-type(2) > a', 'problemMap: Ziņot par problēmu'],
      [EZ, '#tiles > div:nth-of-type(4) > a', 'forum: Jautājumi un atbildes'],
      [EZ, '#tiles > div:nth-of-type(3) > a', 'appointmentBooking: Pieteikties vizītei'],
      [EZ, '#menu > li:nth-of-type(1) > a', 'audienceNavigation: Iedzīvotājiem'],
      [EZ, '#menu > li:nth-of-type(2) > a', 'audienceNavigation: Uzņēmējiem'],
      [EZ, '#menu > li:nth-of-type(3) > a', 'audienceNavigation: Tūristiem'],
      [EZ, '#poll-12 > form > button', 'surveys: Balsot poll-submit'],
    ],
  },
  {
    name: 'English home page: its own lang="en" is a foreign language version; the "LV" switcher is not listed',
    pages: () => load('vdpa-gov-lv-en.json'),
    value: { ...NONE, languages: ['en'], appointmentBooking: true, feedbackInvitation: true },
    score: 0.429,
    outcome: 'pass',
    evidence: [
      ['https://www.vdpa.gov.lv/en', 'html[lang]', 'languages (en): lang="en"'],
      ['https://www.vdpa.gov.lv/en', '#quick-links > a:nth-of-type(4)', 'appointmentBooking: Book an appointment'],
      ['https://www.vdpa.gov.lv/en', '#footer-links > a:nth-of-type(1)', 'feedbackInvitation: Give feedback'],
    ],
  },
  {
    name: 'negative with traps: a business forum in the news, poll results, "Pierakstīties jaunumiem", the FAQ',
    pages: () => load('upmalas-pagasts-lv.json'),
    value: NONE,
    score: 0,
    outcome: 'fail',
    evidence: [],
  },
  {
    name: 'old site: "English" → ?lang=en, "Uzdot jautājumu", "Jūsu viedoklis"; one audience link is no audience navigation',
    pages: () => load('lac-gov-lv.json'),
    value: { ...NONE, languages: ['en'], forum: true, feedbackInvitation: true },
    score: 0.429,
    outcome: 'pass',
    evidence: [
      ['https://www.lac.gov.lv/', '#lang > a', 'languages (en): English'],
      ['https://www.lac.gov.lv/', '#topmenu > li:nth-of-type(3) > a', 'forum: Uzdot jautājumu'],
      ['https://www.lac.gov.lv/', '#left > ul > li:nth-of-type(2) > a', 'feedbackInvitation: Jūsu viedoklis'],
    ],
  },
  {
    name: 'a survey link in the sidebar only',
    pages: () => load('ppr-lv.json'),
    value: { ...NONE, surveys: true },
    score: 0.143,
    outcome: 'pass',
    evidence: [['https://www.ppr.lv/lv/', '#sidebar > div > a', 'surveys: Piedalies aptaujā par sabiedrisko transportu']],
  },
  {
    name: 'config: one audience is enough when minAudiences is 1',
    pages: () => load('lac-gov-lv.json'),
    options: { minAudiences: 1 },
    value: { ...NONE, languages: ['en'], forum: true, audienceNavigation: true, feedbackInvitation: true },
    score: 0.571,
    outcome: 'pass',
    evidence: [
      ['https://www.lac.gov.lv/', '#lang > a', 'languages (en): English'],
      ['https://www.lac.gov.lv/', '#topmenu > li:nth-of-type(3) > a', 'forum: Uzdot jautājumu'],
      ['https://www.lac.gov.lv/', '#left > ul > li:nth-of-type(1) > a', 'audienceNavigation: Uzņēmējiem'],
      ['https://www.lac.gov.lv/', '#left > ul > li:nth-of-type(2) > a', 'feedbackInvitation: Jūsu viedoklis'],
    ],
  },
  {
    name: 'language versions by path and subdomain, Cyrillic names; "IT" and "ES" menu entries are not languages',
    pages: () => {
      const pages = load('upmalas-pagasts-lv.json');
      const add = (href: string, text: string, n: number) =>
        pages[0]!.links.push({ href, text, region: 'header', selector: `#lang > a:nth-of-type(${n})` });
      add('https://www.upmalaspagasts.lv/de/', 'Vācu', 1);
      add('https://lt.upmalaspagasts.lv/', 'Lietuvių kalba', 2);
      add('https://www.upmalaspagasts.lv/index.php?lang=ru', 'По-русски', 3);
      add('https://www.upmalaspagasts.lv/it/', 'IT', 4);
      add('https://www.upmalaspagasts.lv/es-fondi/', 'ES', 5);
      add('https://europa.eu/en/', 'Eiropas Savienība', 6);
      return pages;
    },
    value: { ...NONE, languages: ['de', 'lt', 'ru'] },
    score: 0.143,
    outcome: 'pass',
    evidence: [
      ['https://www.upmalaspagasts.lv/', '#lang > a:nth-of-type(1)', 'languages (de): Vācu'],
      ['https://www.upmalaspagasts.lv/', '#lang > a:nth-of-type(2)', 'languages (lt): Lietuvių kalba'],
      ['https://www.upmalaspagasts.lv/', '#lang > a:nth-of-type(3)', 'languages (ru): По-русски'],
    ],
  },
];

describe('site-features', () => {
  it.each(cases)('$name', (c) => {
    const r = run(c.pages(), { ...siteFeatures.defaultOptions, ...c.options });
    expect(r.value).toEqual(c.value);
    expect(r.score).toBeCloseTo(c.score, 3);
    expect(r.outcome).toBe(c.outcome);
    expect(r.evidence.map((e) => [e.url, e.selector, e.text])).toEqual(c.evidence);
  });

  it('a home page that failed to load is not measured', () => {
    const r = run(load('ppr-lv.json').filter((p) => !p.roles.includes('home')));
    expect(r).toMatchObject({ value: null, score: null, outcome: 'error' });
  });
});
