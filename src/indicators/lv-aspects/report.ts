// What the reports and aggregates show of the Latvian aspects: each aspect's name, advice, and one breakdown per aspect.
import { oneOf, type Label } from '../breakdown.ts';
import { ASPECTS, type AspectId } from './aspects.ts';

const ASPECT_NAMES: Readonly<Record<AspectId, Label>> = {
  'main-navigation': { lv: 'galvenā navigācija', en: 'main navigation' },
  'page-structure': { lv: 'lapas struktūra', en: 'page structure' },
  'keyboard-focus': { lv: 'tastatūras fokuss', en: 'keyboard focus' },
  forms: { lv: 'formas', en: 'forms' },
  'text-alternatives': { lv: 'teksta alternatīvas', en: 'text alternatives' },
  headings: { lv: 'virsraksti', en: 'headings' },
  contrast: { lv: 'kontrasts', en: 'contrast' },
  'text-resize': { lv: 'teksta palielināšana', en: 'text resize' },
  'page-titles': { lv: 'lapu nosaukumi', en: 'page titles' },
  'moving-content': { lv: 'kustīgs saturs', en: 'moving content' },
  multimedia: { lv: 'multivide', en: 'multimedia' },
};

export const LV_ASPECTS_LABELS: Readonly<Record<string, Label>> = {
  ...ASPECT_NAMES,
  passed: { lv: 'aspekti atbilst', en: 'aspects passed' },
  failed: { lv: 'aspekti neatbilst', en: 'aspects failed' },
  needsReview: { lv: 'aspekti jāpārbauda', en: 'aspects to review' },
};

/** An aspect's outcome, named as the report names outcomes. */
const OUTCOME_NAMES: Readonly<Record<string, Label>> = {
  pass: { lv: 'atbilst', en: 'passes' },
  fail: { lv: 'neatbilst', en: 'fails' },
  'needs-review': { lv: 'jāpārbauda', en: 'needs review' },
};

export const LV_ASPECTS_BREAKDOWNS = ASPECTS.map((a) => oneOf('lv-aspects', a, ['pass', 'fail', 'needs-review'], OUTCOME_NAMES));

export const LV_ASPECTS_ADVICE: Label = {
  lv: 'Pārbaudiet aspektus, kas nav izpildīti, pēc vienkāršotās piekļūstamības izvērtēšanas metodikas: navigācija, lapas struktūra, tastatūras fokuss, formas, teksta alternatīvas, virsraksti, kontrasts, teksta palielināšana, lapu nosaukumi, kustīgs saturs un multivide.',
  en: 'Check the aspects that fail against the simplified accessibility evaluation method.',
};
