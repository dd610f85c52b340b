import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import openData, { type OpenDataValue } from '../../../src/indicators/open-data.ts';
import type { Outcome } from '../../../src/types.ts';
import type { PageFacts } from '../../../src/artifacts.ts';

const load = (name: string): PageFacts[] => JSON.parse(readFileSync(new URL(`../../fixtures/artifacts/${name}`, import.meta.url), 'utf8')) as PageFacts[];
const ctx = { target: { id: 'x', name: 'X', type: 'institution' as const, url: 'https://x.lv/' }, now: new Date('2025-03-14T00:00:00Z'), results: {} };
const run = (pages: PageFacts[]) => openData.evaluate({ pages }, openData.defaultOptions, ctx);

interface Case {
  name: string;
  pages: () => PageFacts[];
  value: OpenDataValue;
  outcome: Outcome;
  /** [page url, selector, text] */
  evidence: [string, string | undefined, string][];
}

const cases: Case[] = [
  {
    name: "ministry: an open data section in the menu and the ministry's organisation on data.gov.lv",
    pages: () => load('dpm-gov-lv.json'),
    value: { present: true, links: ['https://www.dpm.gov.lv/lv/atvertie-dati', 'https://data.gov.lv/dati/lv/organization/dpm'] },
    outcome: 'pass',
    evidence: [
      ['https://www.dpm.gov.lv/lv', '#main-menu > ul > li:nth-of-type(6) > a', 'Atvērtie dati (https://www.dpm.gov.lv/lv/atvertie-dati)'],
      ['https://www.dpm.gov.lv/lv', '#footer-links > ul > li:nth-of-type(3) > a', 'Ministrijas dati atvērto datu portālā (https://data.gov.lv/dati/lv/organization/dpm)'],
    ],
  },
  {
    name: 'municipality without open data',
    pages: () => load('ezeres-novads-lv.json'),
    value: { present: false, links: [] },
    outcome: 'fail',
    evidence: [],
  },
  {
    name: 'English version: "Open data" and the organisation page in English on data.gov.lv',
    pages: () => load('vdpa-gov-lv-en.json'),
    value: { present: true, links: ['https://www.vdpa.gov.lv/en/open-data', 'https://data.gov.lv/dati/eng/organization/vdpa'] },
    outcome: 'pass',
    evidence: [
      ['https://www.vdpa.gov.lv/en', '#main-nav > ul > li:nth-of-type(4) > a', 'Open data (https://www.vdpa.gov.lv/en/open-data)'],
      ['https://www.vdpa.gov.lv/en', '#quick-links > a:nth-of-type(3)', 'Our datasets on data.gov.lv (https://data.gov.lv/dati/eng/organization/vdpa)'],
    ],
  },
  {
    name: 'negative parish site',
    pages: () => load('upmalas-pagasts-lv.json'),
    value: { present: false, links: [] },
    outcome: 'fail',
    evidence: [],
  },
  {
    name: "only the portal's front page is linked: not the institution's data, for a person to check",
    pages: () => load('lac-gov-lv.json'),
    value: { present: false, links: ['https://data.gov.lv/dati/lv/'] },
    outcome: 'needs-review',
    evidence: [['https://www.lac.gov.lv/', '#bottom > div > a:nth-of-type(3)', 'Latvijas Atvērto datu portāls (https://data.gov.lv/dati/lv/)']],
  },
  {
    name: 'an "Atvērto datu kopas" section on another audited page',
    pages: () => load('ppr-lv.json'),
    value: { present: true, links: ['https://www.ppr.lv/lv/dokumenti/atverto-datu-kopas'] },
    outcome: 'pass',
    evidence: [['https://www.ppr.lv/lv/dokumenti', '#content > ul > li:nth-of-type(3) > a', 'Atvērto datu kopas (https://www.ppr.lv/lv/dokumenti/atverto-datu-kopas)']],
  },
  {
    name: 'a dataset link with an ASCII slug and no words, and a city open data portal by its host; data.europa.eu is not ours',
    pages: () => {
      const [home] = load('upmalas-pagasts-lv.json');
      home!.links.push(
        { href: 'https://www.upmalaspagasts.lv/dokumenti/atvertie-dati/#budzets', text: '', imgAlt: 'ikona', region: 'footer', selector: '#footer > div > a:nth-of-type(3)' },
        { href: 'https://opendata.riga.lv/', text: 'Rīgas dati', region: 'footer', selector: '#footer > div > a:nth-of-type(4)' },
        { href: 'https://data.europa.eu/data/datasets?locale=lv', text: 'Eiropas datu portāls', region: 'footer', selector: '#footer > div > a:nth-of-type(5)' },
      );
      return [home!];
    },
    value: { present: true, links: ['https://www.upmalaspagasts.lv/dokumenti/atvertie-dati/', 'https://opendata.riga.lv/'] },
    outcome: 'pass',
    evidence: [
      ['https://www.upmalaspagasts.lv/', '#footer > div > a:nth-of-type(3)', 'ikona (https://www.upmalaspagasts.lv/dokumenti/atvertie-dati/#budzets)'],
      ['https://www.upmalaspagasts.lv/', '#footer > div > a:nth-of-type(4)', 'Rīgas dati (https://opendata.riga.lv/)'],
    ],
  },
  {
    name: 'a heading "Atvērtie dati" without a link',
    pages: () => {
      const [home] = load('upmalas-pagasts-lv.json');
      home!.headings.push({ level: 2, text: 'Atvērtie dati' });
      return [home!];
    },
    value: { present: true, links: [] },
    outcome: 'pass',
    evidence: [['https://www.upmalaspagasts.lv/', 'h2', 'Atvērtie dati']],
  },
];

describe('open-data', () => {
  it.each(cases)('$name', (c) => {
    const r = run(c.pages());
    expect(r.value).toEqual(c.value);
    expect(r.score).toBe(c.value.present ? 1 : 0);
    expect(r.outcome).toBe(c.outcome);
    expect(r.evidence.map((e) => [e.url, e.selector, e.text])).toEqual(c.evidence);
  });

  it('a home page that failed to load is not measured', () => {
    const r = run(load('ppr-lv.json').map((p) => ({ ...p, error: 'timeout' })));
    expect(r).toMatchObject({ value: null, score: null, outcome: 'error' });
  });
});
