import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import eservicesInfo, { normaliseLink, type EservicesInfoValue } from '../../../src/indicators/eservices-info.ts';
import type { Outcome } from '../../../src/types.ts';
import type { PageFacts } from '../../../src/artifacts.ts';

const load = (name: string): PageFacts[] => JSON.parse(readFileSync(new URL(`../../fixtures/artifacts/${name}`, import.meta.url), 'utf8')) as PageFacts[];
const recorded = (name: string): PageFacts[] => (JSON.parse(readFileSync(new URL(`../../fixtures/artifacts/recorded/${name}`, import.meta.url), 'utf8')) as { pages: PageFacts[] }).pages;
const ctx = { target: { id: 'x', name: 'X', type: 'county' as const, url: 'https://x.lv/' }, now: new Date('2025-03-14T00:00:00Z'), results: {} };
const run = (pages: PageFacts[]) => eservicesInfo.evaluate({ pages }, eservicesInfo.defaultOptions, ctx);

interface Case {
  name: string;
  pages: () => PageFacts[];
  value: EservicesInfoValue;
  score: number;
  outcome: Outcome;
  /** [page url, selector, text] */
  evidence: [string, string | undefined, string][];
}

const EZ = 'https://www.ezeresnovads.lv/';
const EZ_NEWS = 'https://www.ezeresnovads.lv/jaunumi/ezeres-novada-teritorijas-planojuma-1-redakcija-nodota-publiskajai-apspriesanai/';
const cases: Case[] = [
  {
    name: 'ministry: a Latvija.gov.lv banner on the home page and a footer link: two distinct portal links',
    pages: () => load('dpm-gov-lv.json'),
    value: { placement: 'homepage', latvijaLvLinks: 2 },
    score: 1,
    outcome: 'pass',
    evidence: [
      ['https://www.dpm.gov.lv/lv', '#block-banners > div > a:nth-of-type(1)', 'E-pakalpojumi portālā Latvija.gov.lv (https://www.latvija.gov.lv/lv/e-pakalpojumi?institution=dpm)'],
      ['https://www.dpm.gov.lv/lv', '#footer-links > ul > li:nth-of-type(2) > a', 'Latvija.gov.lv (https://www.latvija.gov.lv/)'],
    ],
  },
  {
    name: "municipality: its own portal epakalpojumi.<novads>.lv on the home page; latvija.lv links with and without www. and #fragment count once",
    pages: () => load('ezeres-novads-lv.json'),
    value: { placement: 'homepage', latvijaLvLinks: 2 },
    score: 1,
    outcome: 'pass',
    evidence: [
      [EZ, '#tiles > div:nth-of-type(5) > a', 'E-pakalpojumi (https://epakalpojumi.ezeresnovads.lv/)'],
      [EZ_NEWS, '#content > article > p:nth-of-type(3) > a:nth-of-type(1)', 'iesniegumu portālā Latvija.lv (https://latvija.lv/lv/PPK/dzives-situacija/apakssituacija/p6418/ProcesaApraksts)'],
      [EZ_NEWS, '#content > article > p:nth-of-type(5) > a', 'Latvija.gov.lv (https://www.latvija.gov.lv/lv/pakalpojumi/p6419)'],
    ],
  },
  {
    name: 'English version: a link to the portal comes first as evidence',
    pages: () => load('vdpa-gov-lv-en.json'),
    value: { placement: 'homepage', latvijaLvLinks: 1 },
    score: 1,
    outcome: 'pass',
    evidence: [['https://www.vdpa.gov.lv/en', '#footer-links > a:nth-of-type(2)', 'Latvija.gov.lv (https://www.latvija.gov.lv/en)']],
  },
  {
    name: 'English version without the portal link: the "E-services" tile ("Services" in the menu is not it)',
    pages: () => {
      const pages = load('vdpa-gov-lv-en.json');
      pages[0]!.links = pages[0]!.links.filter((l) => !l.href.includes('latvija.gov.lv'));
      return pages;
    },
    value: { placement: 'homepage', latvijaLvLinks: 0 },
    score: 1,
    outcome: 'pass',
    evidence: [['https://www.vdpa.gov.lv/en', '#quick-links > a:nth-of-type(2)', 'E-services']],
  },
  {
    name: 'negative: nothing about e-services',
    pages: () => load('upmalas-pagasts-lv.json'),
    value: { placement: 'none', latvijaLvLinks: 0 },
    score: 0,
    outcome: 'fail',
    evidence: [],
  },
  {
    name: 'only the services page links to latvija.lv: another section',
    pages: () => load('lac-gov-lv.json'),
    value: { placement: 'other-section', latvijaLvLinks: 1 },
    score: 0.5,
    outcome: 'needs-review',
    evidence: [['https://www.lac.gov.lv/pakalpojumi', '#content > p:nth-of-type(2) > a', 'Pieteikties pakalpojumam portālā Latvija.lv (https://www.latvija.lv/lv/PPK/dzives-situacija/apakssituacija/p8521/ProcesaApraksts)']],
  },
  {
    name: 'a planning region without e-services',
    pages: () => load('ppr-lv.json'),
    value: { placement: 'none', latvijaLvLinks: 0 },
    score: 0,
    outcome: 'fail',
    evidence: [],
  },
  {
    name: "an institution's own e-service portal known by host (VID's EDS)",
    pages: () => {
      const [home] = load('upmalas-pagasts-lv.json');
      home!.links.push({ href: 'https://eds.vid.gov.lv/login', text: 'EDS', region: 'footer', selector: '#footer > div > a:nth-of-type(3)' });
      return [home!];
    },
    value: { placement: 'homepage', latvijaLvLinks: 0 },
    score: 1,
    outcome: 'pass',
    evidence: [['https://www.upmalaspagasts.lv/', '#footer > div > a:nth-of-type(3)', 'EDS (https://eds.vid.gov.lv/login)']],
  },
  {
    name: 'text only, typed without diacritics: "Pakalpojumus var pieteikt ari elektroniski … e-pakalpojumi"',
    pages: () => {
      const [home] = load('upmalas-pagasts-lv.json');
      return [{ ...home!, text: `${home!.text}\nPakalpojumus var pieteikt ari elektroniski – skatiet sadalu E pakalpojumi.` }];
    },
    value: { placement: 'homepage', latvijaLvLinks: 0 },
    score: 1,
    outcome: 'pass',
    evidence: [['https://www.upmalaspagasts.lv/', undefined, 'skatiet sadalu E pakalpojumi.']],
  },
];

describe('eservices-info', () => {
  it.each(cases)('$name', (c) => {
    const r = run(c.pages());
    expect(r.value).toEqual(c.value);
    expect(r.score).toBe(c.score);
    expect(r.outcome).toBe(c.outcome);
    expect(r.evidence.map((e) => [e.url, e.selector])).toEqual(c.evidence.map(([u, s]) => [u, s]));
    c.evidence.forEach(([, , text], i) => expect(r.evidence[i]?.text).toContain(text));
  });

  it('on a recorded crawl of the "clean" fixture site (real collector output): "E-pakalpojumi portālā Latvija.gov.lv" on the home page', () => {
    const r = run(recorded('clean.json'));
    expect(r.value).toEqual({ placement: 'homepage', latvijaLvLinks: 1 });
    expect(r.evidence[0]?.text).toBe('E-pakalpojumi portālā Latvija.gov.lv (https://www.latvija.gov.lv/)');
  });

  it('a home page that failed to load is not measured', () => {
    const r = run(load('lac-gov-lv.json').slice(1));
    expect(r).toMatchObject({ value: null, score: null, outcome: 'error' });
  });

  it.each([
    ['https://www.latvija.lv/lv/PPK/p6418/#saturs', 'https://latvija.lv/lv/PPK/p6418'],
    ['http://latvija.gov.lv/lv/pakalpojumi?id=5', 'https://latvija.gov.lv/lv/pakalpojumi?id=5'],
    ['https://WWW.LATVIJA.LV/', 'https://latvija.lv'],
  ])('normaliseLink %s', (href, expected) => {
    expect(normaliseLink(href)).toBe(expected);
  });
});
