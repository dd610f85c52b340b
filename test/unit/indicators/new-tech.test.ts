import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import newTech, { type NewTechValue } from '../../../src/indicators/new-tech.ts';
import type { Outcome } from '../../../src/types.ts';
import type { PageFacts } from '../../../src/artifacts.ts';

const load = (name: string): PageFacts[] => JSON.parse(readFileSync(new URL(`../../fixtures/artifacts/${name}`, import.meta.url), 'utf8')) as PageFacts[];
const ctx = { target: { id: 'x', name: 'X', type: 'institution' as const, url: 'https://x.lv/' }, now: new Date('2025-03-14T00:00:00Z'), results: {} };
const run = (pages: PageFacts[]) => newTech.evaluate({ pages }, newTech.defaultOptions, ctx);

const NONE: NewTechValue = { chatbot: false, speechSynthesis: false, machineTranslation: false, dynamicContent: false };

interface Case {
  name: string;
  pages: () => PageFacts[];
  value: NewTechValue;
  score: number;
  outcome: Outcome;
  /** [page url, selector, a part of the text] */
  evidence: [string, string | undefined, string][];
}

const EZ = 'https://www.ezeresnovads.lv/';
const cases: Case[] = [
  {
    name: 'ministry: the ReadSpeaker script',
    pages: () => load('dpm-gov-lv.json'),
    value: { ...NONE, speechSynthesis: true },
    score: 0.25,
    outcome: 'pass',
    evidence: [['https://www.dpm.gov.lv/lv', 'script[src*="readspeaker"]', 'speechSynthesis: https://cdn-eu.readspeaker.com/script/10245/webReader/webReader.js?pids=wr']],
  },
  {
    name: 'municipality: tawk.to chat and the Hugo.lv widget; "Ieteikumi jums" only in the text needs review; the cookie "Personalizēt" button is not it',
    pages: () => load('ezeres-novads-lv.json'),
    value: { chatbot: true, speechSynthesis: false, machineTranslation: true, dynamicContent: true },
    score: 0.75,
    outcome: 'needs-review',
    evidence: [
      [EZ, 'script[src*="tawk.to"]', 'chatbot: https://embed.tawk.to/64a1b2c3d4e5f60012345678/1h4abcd9e'],
      [EZ, 'script[src*="hugo.lv"]', 'machineTranslation: https://hugo.lv/js/website-translation-widget.js?lang=lv'],
      [EZ, undefined, 'dynamicContent (?): …'],
    ],
  },
  {
    name: 'English version: a Bot Framework web chat and a "Listen" button',
    pages: () => load('vdpa-gov-lv-en.json'),
    value: { ...NONE, chatbot: true, speechSynthesis: true },
    score: 0.5,
    outcome: 'pass',
    evidence: [
      ['https://www.vdpa.gov.lv/en', 'script[src*="botframework"]', 'chatbot: https://cdn.botframework.com/botframework-webchat/latest/webchat.js'],
      ['https://www.vdpa.gov.lv/en', '#tts > button', 'speechSynthesis: Listen tts-button'],
    ],
  },
  {
    name: 'negative: analytics and jQuery, a cookie banner with "Personalizēt"',
    pages: () => load('upmalas-pagasts-lv.json'),
    value: NONE,
    score: 0,
    outcome: 'fail',
    evidence: [],
  },
  {
    name: "the state's virtual assistant UNA in an iframe and a Google Translate element",
    pages: () => load('lac-gov-lv.json'),
    value: { ...NONE, chatbot: true, machineTranslation: true },
    score: 0.5,
    outcome: 'pass',
    evidence: [
      ['https://www.lac.gov.lv/', 'iframe[src*="una.gov.lv"]', 'chatbot: https://una.gov.lv/widget/?org=lac&lang=lv'],
      ['https://www.lac.gov.lv/', 'script[src*="translate.google"]', 'machineTranslation: //translate.google.com/translate_a/element.js'],
    ],
  },
  {
    name: 'a planning region with none of it',
    pages: () => load('ppr-lv.json'),
    value: NONE,
    score: 0,
    outcome: 'fail',
    evidence: [],
  },
  {
    name: '"Virtuālā asistente UNA" only in the text: reported, for a person to check',
    pages: () => {
      const [home] = load('upmalas-pagasts-lv.json');
      return [{ ...home!, text: `${home!.text}\nJautājiet virtuālajai asistentei UNA – viņa atbild visu diennakti.` }];
    },
    value: { ...NONE, chatbot: true },
    score: 0.25,
    outcome: 'needs-review',
    evidence: [['https://www.upmalaspagasts.lv/', undefined, 'chatbot (?): …2025 Upmalas pagasts. Visas tiesības aizsargātas. Jautājiet virtuālajai asistentei UNA']],
  },
  {
    name: 'a read-aloud link in the header with only a class and a title; the same words on a podcast link in the news do not count',
    pages: () => {
      const [home] = load('upmalas-pagasts-lv.json');
      home!.links.push(
        { href: 'https://www.upmalaspagasts.lv/jaunumi/podkasts-12/', text: 'Klausīties podkāstu', region: 'main', selector: '#content > div:nth-of-type(5) > a' },
        { href: 'https://www.upmalaspagasts.lv/#', text: '', title: 'Lasīt skaļi', className: 'wr-toolbar', region: 'header', selector: '#tools > a:nth-of-type(2)' },
      );
      return [home!];
    },
    value: { ...NONE, speechSynthesis: true },
    score: 0.25,
    outcome: 'pass',
    evidence: [['https://www.upmalaspagasts.lv/', '#tools > a:nth-of-type(2)', 'speechSynthesis: Lasīt skaļi']],
  },
];

describe('new-tech', () => {
  it.each(cases)('$name', (c) => {
    const r = run(c.pages());
    expect(r.value).toEqual(c.value);
    expect(r.score).toBe(c.score);
    expect(r.outcome).toBe(c.outcome);
    expect(r.evidence.map((e) => [e.url, e.selector])).toEqual(c.evidence.map(([u, s]) => [u, s]));
    c.evidence.forEach(([, , text], i) => expect(r.evidence[i]?.text).toContain(text));
  });

  it('a home page that failed to load is not measured', () => {
    const r = run([{ ...load('vdpa-gov-lv-en.json')[0]!, error: 'tls' }]);
    expect(r).toMatchObject({ value: null, score: null, outcome: 'error' });
  });
});
