import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import participation, { type ParticipationOptions, type ParticipationValue } from '../../../src/indicators/participation.ts';
import type { Evidence, Outcome } from '../../../src/types.ts';
import type { PageFacts } from '../../../src/artifacts.ts';

const load = (name: string): PageFacts[] => JSON.parse(readFileSync(new URL(`../../fixtures/artifacts/${name}`, import.meta.url), 'utf8')) as PageFacts[];
const recorded = (name: string): PageFacts[] => (JSON.parse(readFileSync(new URL(`../../fixtures/artifacts/recorded/${name}`, import.meta.url), 'utf8')) as { pages: PageFacts[] }).pages;
const ctx = { target: { id: 'x', name: 'X', type: 'institution' as const, url: 'https://x.lv/' }, now: new Date('2025-03-14T00:00:00Z'), results: {} };
const run = (pages: PageFacts[], options: ParticipationOptions = participation.defaultOptions) => participation.evaluate({ pages }, options, ctx);

type Ev = { url: string; selector?: string; text: string };
function expectEvidence(actual: Evidence[], expected: Ev[]): void {
  expect(actual.map((e) => [e.url, e.selector])).toEqual(expected.map((e) => [e.url, e.selector]));
  expected.forEach((e, i) => expect(actual[i]?.text).toContain(e.text));
}

interface Case {
  name: string;
  pages: () => PageFacts[];
  options?: Partial<ParticipationOptions>;
  value: ParticipationValue;
  score: number;
  outcome: Outcome;
  evidence: Ev[];
}

const DPM = 'https://www.dpm.gov.lv/lv';
const EZ = 'https://www.ezeresnovads.lv/';
const PPR_PART = 'https://www.ppr.lv/lv/attistibas-planosana/sabiedriska-apspriesana';

const cases: Case[] = [
  {
    name: 'ministry: menu link, current consultation and "Kā iesaistīties" on the participation page',
    pages: () => load('dpm-gov-lv.json'),
    value: { homeLink: true, currentConsultations: true, howToParticipate: true },
    score: 1,
    outcome: 'pass',
    evidence: [
      { url: DPM, selector: '#main-menu > ul > li:nth-of-type(4) > a', text: 'homeLink: Sabiedrības līdzdalība' },
      { url: `${DPM}/sabiedribas-lidzdaliba`, selector: undefined, text: 'Aktuālās sabiedriskās apspriešanas' },
      { url: `${DPM}/sabiedribas-lidzdaliba`, selector: 'h2', text: 'howToParticipate: Kā iesaistīties' },
    ],
  },
  {
    name: 'municipality: a tile found by its ASCII URL slug, a deadline in the news, "Ka iesaistities" typed without diacritics',
    pages: () => load('ezeres-novads-lv.json'),
    value: { homeLink: true, currentConsultations: true, howToParticipate: true },
    score: 1,
    outcome: 'pass',
    evidence: [
      { url: EZ, selector: '#tiles > div:nth-of-type(1) > a', text: 'homeLink: Tava balss novadā (https://www.ezeresnovads.lv/pasvaldiba/sabiedribas-liidzdaliiba/)' },
      { url: EZ, selector: undefined, text: 'nodota publiskajai apspriešanai. Priekšlikumus var iesniegt līdz 2025. gada 30. aprīlim.' },
      { url: EZ, selector: '#tiles > div:nth-of-type(6) > a', text: 'howToParticipate: Ka iesaistities lemumu pienemsana?' },
    ],
  },
  {
    name: 'English version: "Public participation", a consultation open "until 31 March 2025", "How to participate"',
    pages: () => load('vdpa-gov-lv-en.json'),
    value: { homeLink: true, currentConsultations: true, howToParticipate: true },
    score: 1,
    outcome: 'pass',
    evidence: [
      { url: 'https://www.vdpa.gov.lv/en', selector: '#main-nav > ul > li:nth-of-type(3) > a', text: 'homeLink: Public participation' },
      { url: 'https://www.vdpa.gov.lv/en', selector: undefined, text: 'Public consultation on the draft Data Strategy 2025–2030 is open until 31 March 2025' },
      { url: 'https://www.vdpa.gov.lv/en', selector: '#quick-links > a:nth-of-type(1)', text: 'howToParticipate: How to participate' },
    ],
  },
  {
    name: 'negative: news with "aicinām pieteikties", no participation at all',
    pages: () => load('upmalas-pagasts-lv.json'),
    value: { homeLink: false, currentConsultations: false, howToParticipate: false },
    score: 0,
    outcome: 'fail',
    evidence: [],
  },
  {
    name: 'only the national platforms in the footer: a home link, but the portal front page is no current consultation',
    pages: () => load('lac-gov-lv.json'),
    value: { homeLink: true, currentConsultations: false, howToParticipate: false },
    score: 1 / 3,
    outcome: 'pass',
    evidence: [{ url: 'https://www.lac.gov.lv/', selector: '#bottom > div > a:nth-of-type(1)', text: 'homeLink: Tiesību aktu projektu portāls (https://tapportals.mk.gov.lv/)' }],
  },
  {
    name: 'a link to a particular draft on the TAP portal is a current consultation',
    pages: () => {
      const pages = load('lac-gov-lv.json');
      const link = pages[0]!.links.find((l) => l.href === 'https://tapportals.mk.gov.lv/')!;
      link.href = 'https://tapportals.mk.gov.lv/public_participation/public_discussions/8d2a3c55';
      link.text = 'Amatniecības likuma grozījumi';
      return pages;
    },
    value: { homeLink: true, currentConsultations: true, howToParticipate: false },
    score: 2 / 3,
    outcome: 'pass',
    evidence: [
      { url: 'https://www.lac.gov.lv/', selector: '#bottom > div > a:nth-of-type(1)', text: 'homeLink: Amatniecības likuma grozījumi (https://tapportals.mk.gov.lv/public_participation/public_discussions/8d2a3c55)' },
      { url: 'https://www.lac.gov.lv/', selector: '#bottom > div > a:nth-of-type(1)', text: 'currentConsultations: Amatniecības likuma grozījumi' },
    ],
  },
  {
    name: 'participation page found in the sitemap, no link on the home page: needs review',
    pages: () => load('ppr-lv.json'),
    value: { homeLink: false, currentConsultations: true, howToParticipate: true },
    score: 2 / 3,
    outcome: 'needs-review',
    evidence: [
      { url: PPR_PART, selector: undefined, text: 'projekts nodots sabiedriskajai apspriešanai' },
      { url: PPR_PART, selector: 'h2', text: 'howToParticipate: Līdzdalības iespējas' },
    ],
  },
  {
    name: 'analysts extend the keywords in config: "Attīstības plānošana" becomes the section link',
    pages: () => load('ppr-lv.json'),
    options: { homeLinkKeywords: [...participation.defaultOptions.homeLinkKeywords, 'attīstības plānošan'] },
    value: { homeLink: true, currentConsultations: true, howToParticipate: true },
    score: 1,
    outcome: 'pass',
    evidence: [
      { url: 'https://www.ppr.lv/lv/', selector: '#nav > ul > li:nth-of-type(2) > a', text: 'homeLink: Attīstības plānošana' },
      { url: PPR_PART, selector: undefined, text: 'sabiedriskajai apspriešanai' },
      { url: PPR_PART, selector: 'h2', text: 'Līdzdalības iespējas' },
    ],
  },
  {
    name: 'a deadline near a consultation word, without a year: "priekšlikumus … var iesniegt līdz 30. aprīlim"',
    pages: () => {
      const [home] = load('upmalas-pagasts-lv.json');
      return [{ ...home!, text: `${home!.text}\nIebildumus un priekšlikumus par Upmalas ciema detālplānojumu var iesniegt līdz 30. aprīlim.` }];
    },
    value: { homeLink: false, currentConsultations: true, howToParticipate: false },
    score: 1 / 3,
    outcome: 'needs-review',
    evidence: [{ url: 'https://www.upmalaspagasts.lv/', selector: undefined, text: 'Iebildumus un priekšlikumus par Upmalas ciema detālplānojumu var iesniegt līdz 30. aprīlim.' }],
  },
  {
    name: 'a long news headline in main is not the section link, but tells how to take part',
    pages: () => {
      const pages = load('upmalas-pagasts-lv.json');
      pages[0]!.links.push({
        href: 'https://www.upmalaspagasts.lv/jaunumi/sabiedribas-lidzdaliba-budzeta-veidosana/',
        text: 'Sabiedrības līdzdalība budžeta veidošanā: aicinām iedzīvotājus izteikt viedokli līdz piektdienai',
        region: 'main',
        selector: '#content > div:nth-of-type(4) > h3 > a',
      });
      return pages;
    },
    value: { homeLink: false, currentConsultations: false, howToParticipate: true },
    score: 1 / 3,
    outcome: 'needs-review',
    evidence: [{ url: 'https://www.upmalaspagasts.lv/', selector: '#content > div:nth-of-type(4) > h3 > a', text: 'howToParticipate: Sabiedrības līdzdalība budžeta veidošanā' }],
  },
];

describe('participation', () => {
  it.each(cases)('$name', (c) => {
    const r = run(c.pages(), { ...participation.defaultOptions, ...c.options });
    expect(r.value).toEqual(c.value);
    expect(r.score).toBeCloseTo(c.score, 5);
    expect(r.outcome).toBe(c.outcome);
    expectEvidence(r.evidence, c.evidence);
  });

  it('on a recorded crawl of the "clean" fixture site (real collector output): menu link, TAP consultation, "Kā iesaistīties"', () => {
    const r = run(recorded('clean.json'));
    expect(r.value).toEqual({ homeLink: true, currentConsultations: true, howToParticipate: true });
    expect(r.evidence.map((e) => e.url)).toEqual(['http://fixture.test/clean/', 'http://fixture.test/clean/sabiedribas-lidzdaliba/', 'http://fixture.test/clean/sabiedribas-lidzdaliba/']);
  });

  it('a home page that failed to load is not measured', () => {
    const pages = load('dpm-gov-lv.json');
    pages[0]!.error = 'timeout';
    const r = run(pages);
    expect(r).toMatchObject({ value: null, score: null, outcome: 'error' });
    expect(r.reason).toContain('home page not loaded');
  });

  it('declares its contract', () => {
    expect(participation).toMatchObject({ id: 'participation', dimension: 'communication', requires: ['pages'], csv: ['homeLink', 'currentConsultations', 'howToParticipate'] });
  });
});
