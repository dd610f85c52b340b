// New technology on the website (seeds, 2021 institutions): a virtual assistant or chatbot (29 %), speech synthesis or
// read-aloud (25 %), machine translation (20 %, e.g. the Hugo.lv widget), dynamic content adaptation.
//
// Detected from what the page loads and shows:
// - strong evidence: a script or iframe of a known widget (substring of its URL or of an inline loader snippet, also
//   found in a link's or control's class), a control (button, select) named for it, or a link in the site's header,
//   menus, footer or sidebars named for it;
// - weak evidence: a link in the home page's content (`main`) or a phrase in the home page's text ("Virtuālā asistente
//   UNA"): it may be news about the technology rather than the technology. A feature found only so is reported true
//   with outcome needs-review.
import { defineIndicator } from './indicator.ts';
import { flag } from './breakdown.ts';
import type { Evidence, IndicatorResult } from '../types.ts';
import type { PageFacts } from '../artifacts.ts';
import { matchKeyword } from '../text/keywords.ts';
import { matchLink } from '../text/links.ts';
import { findControl, findLink, findText, homePage, linkEvidence, loadedPages, pageUrl } from '../text/page-search.ts';

export interface NewTechValue {
  chatbot: boolean;
  speechSynthesis: boolean;
  machineTranslation: boolean;
  dynamicContent: boolean;
}

type Tech = keyof NewTechValue;
const TECHS: readonly Tech[] = ['chatbot', 'speechSynthesis', 'machineTranslation', 'dynamicContent'];

export interface TechSignals {
  /** Lower-case substrings of script/iframe URLs, inline loader snippets, link and control classes. */
  scripts: string[];
  /** Names of controls and links, phrases in the text (Latvian stems + English; syntax in src/text/keywords.ts). */
  keywords: string[];
  /** A control or link whose name has one of these is not the technology (cookie banners: "Personalizēt sīkdatnes"). */
  exclude: string[];
}

export type NewTechOptions = Record<Tech, TechSignals>;

interface Found {
  evidence: Evidence;
  strong: boolean;
}

function strongEvidence(pages: readonly PageFacts[], s: TechSignals): Evidence | null {
  const patterns = s.scripts.map((p) => p.toLowerCase());
  const hasPattern = (v: string | undefined) => (v ? patterns.find((p) => v.toLowerCase().includes(p)) : undefined);
  for (const page of pages) {
    for (const src of page.scripts) {
      const p = hasPattern(src);
      if (p) return { url: pageUrl(page), selector: /^(https?:)?\/\//i.test(src) ? `script[src*="${p}"]` : 'script', text: src.slice(0, 200) };
    }
    for (const src of page.iframes) {
      const p = hasPattern(src);
      if (p) return { url: pageUrl(page), selector: `iframe[src*="${p}"]`, text: src.slice(0, 200) };
    }
    for (const c of page.controls) if (hasPattern(c.text)) return { url: pageUrl(page), selector: c.selector, text: c.text };
    for (const l of page.links) if (hasPattern(l.className)) return linkEvidence(page, l, `${l.text || l.title || l.ariaLabel || ''} [class="${l.className ?? ''}"]`.trim());
  }
  for (const page of pages) {
    const p = { ...page, controls: page.controls.filter((c) => matchKeyword(c.text, s.exclude ?? []) === null) };
    const hit = findControl(p, s.keywords) ?? findLink(p, s.keywords, (l) => l.region !== 'main' && matchLink(l, s.exclude ?? []) === null);
    if (hit) return hit.evidence;
  }
  return null;
}

/** Keyword lists and hosts: analysts extend them in config/indicators.json (a key there replaces the key here). */
const DEFAULTS: NewTechOptions = {
  chatbot: {
    scripts: [
      'una.gov.lv',
      'tawk.to',
      'livechatinc.com',
      'livechat',
      'chatbot',
      'botpress',
      'dialogflow',
      'df-messenger',
      'tidio',
      'crisp.chat',
      'zdassets.com',
      'zendesk',
      'zopim',
      'intercom',
      'jivosite',
      'smartsupp',
      'freshchat',
      'userlike',
      'chatra',
      'kommunicate',
      'botframework',
      'watsonassistant',
      'js.driftt.com',
    ],
    keywords: [
      'virtuāl* asistent',
      'virtuāl* palīg',
      'virtuālā asistente una',
      'čatbot',
      'tērzēšan',
      'tērzē ar',
      'tērzēt',
      'chatbot',
      'chat bot',
      'live chat',
      'chat with us',
      'virtual assistant',
      'una$',
    ],
    exclude: [],
  },
  speechSynthesis: {
    scripts: ['readspeaker', 'webreader', 'rsbtn', 'responsivevoice', 'speechsynthesis', 'text-to-speech', 'texttospeech', 'balabolka'],
    keywords: [
      'klausīties',
      'klausies',
      'lasīt skaļi',
      'nolasīt skaļi',
      'nolasīt tekst',
      'balss sintēz',
      'runas sintēz',
      'teksta nolasīšan',
      'readspeaker',
      'read aloud',
      'read out',
      'listen$',
      'text to speech',
    ],
    exclude: ['podkāst', 'podcast', 'ierakst', 'raidījum'],
  },
  machineTranslation: {
    scripts: ['hugo.lv', 'translate.google', 'translate_a/element.js', 'googletranslateelement', 'goog-te', 'gtranslate', 'weglot', 'etranslation', 'webtranslation', 'website-translation', 'conveythis', 'localizejs'],
    keywords: ['mašīntulk', 'tulkot lap', 'tulkot šo lap', 'automātisk* tulkojum', 'google translate', 'translate this page', 'website translation', 'machine translation'],
    exclude: [],
  },
  dynamicContent: {
    scripts: ['optimizely', 'dynamicyield', 'monetate', 'evergage', 'personalization', 'personalisation'],
    keywords: [
      'personalizēt* satur',
      'personalizēt* pieredz',
      'personalizēt sākumlap',
      'pielāgot saturu',
      'pielāgots saturs',
      'saturs pielāgots',
      'ieteikumi jums',
      'iesakām jums',
      'jums ieteiktais',
      'personalised content',
      'personalized content',
      'personalise your',
      'personalize your',
      'recommended for you',
      'tailored for you',
    ],
    exclude: ['sīkdatn', 'cookie', 'iestatījum', 'settings', 'preferences'],
  },
};

export default defineIndicator({
  id: 'new-tech',
  dimension: 'service',
  title: { lv: 'Jaunās tehnoloģijas', en: 'New technology' },
  csv: ['chatbot', 'speechSynthesis', 'machineTranslation', 'dynamicContent'],
  labels: {
    chatbot: { lv: 'tērzēšanas robots', en: 'chatbot' },
    speechSynthesis: { lv: 'runas sintēze', en: 'speech synthesis' },
    machineTranslation: { lv: 'mašīntulkošana', en: 'machine translation' },
    dynamicContent: { lv: 'dinamisks saturs', en: 'dynamic content' },
  },
  advice: {
    lv: 'Jaunās tehnoloģijas (tērzēšanas robots, runas sintēze, mašīntulkošana) nav obligātas, bet tās atvieglo piekļuvi informācijai.',
    en: 'New technologies (chatbot, speech synthesis, machine translation) are optional but make information easier to reach.',
  },
  breakdowns: ['chatbot', 'speechSynthesis', 'machineTranslation', 'dynamicContent'].map((f) => flag('new-tech', f)),
  requires: ['pages'],
  defaultOptions: DEFAULTS,
  evaluate({ pages }, o): IndicatorResult<NewTechValue> {
    const home = homePage(pages);
    if (!home) return { value: null, score: null, outcome: 'error', evidence: [], reason: 'sākumlapa nav ielādēta / home page not loaded' };
    const all = loadedPages(pages);
    const found = {} as Record<Tech, Found | null>;
    for (const t of TECHS) {
      const strong = strongEvidence(all, o[t]);
      const weak = strong ? null : (findLink(home, o[t].keywords, (l) => matchLink(l, o[t].exclude ?? []) === null)?.evidence ?? findText(home, o[t].keywords)?.evidence ?? null);
      found[t] = strong ? { evidence: strong, strong: true } : weak ? { evidence: weak, strong: false } : null;
    }
    const value: NewTechValue = {
      chatbot: found.chatbot !== null,
      speechSynthesis: found.speechSynthesis !== null,
      machineTranslation: found.machineTranslation !== null,
      dynamicContent: found.dynamicContent !== null,
    };
    const evidence = TECHS.flatMap((t) => {
      const f = found[t];
      return f ? [{ ...f.evidence, text: `${t}${f.strong ? '' : ' (?)'}: ${f.evidence.text ?? ''}` }] : [];
    });
    const weakOnly = TECHS.filter((t) => found[t] && !found[t].strong);
    const count = TECHS.filter((t) => value[t]).length;
    return {
      value,
      // Share of the four technologies. They are extras (a bonus-style indicator): few sites have more than one, so
      // its weight in config should stay small; each counts the same, as the seeds list them side by side.
      score: count / 4,
      outcome: weakOnly.length > 0 ? 'needs-review' : count > 0 ? 'pass' : 'fail',
      evidence,
      ...(weakOnly.length > 0
        ? { reason: `tikai teksts vai saturs, ne logrīks / only text or content links, no widget: ${weakOnly.join(', ')}` }
        : {}),
    };
  },
});
