// Lighthouse's mobile category scores of the home page: reported as context (weight 0 by default).
import { defineIndicator } from './indicator.ts';

export interface LighthouseValue {
  accessibility: number | null;
  bestPractices: number | null;
  seo: number | null;
  performance: number | null;
  runtimeError: string | null;
}

export default defineIndicator({
  id: 'lighthouse',
  dimension: 'technical',
  title: { lv: 'Lighthouse novērtējums (mobilais)', en: 'Lighthouse scores (mobile)' },
  csv: ['accessibility', 'bestPractices', 'seo', 'performance', 'runtimeError'],
  labels: {
    accessibility: { lv: 'Lighthouse: piekļūstamība', en: 'Lighthouse: accessibility' },
    bestPractices: { lv: 'Lighthouse: labā prakse', en: 'Lighthouse: best practices' },
    seo: { lv: 'Lighthouse: SEO', en: 'Lighthouse: SEO' },
    performance: { lv: 'Lighthouse: veiktspēja', en: 'Lighthouse: performance' },
    runtimeError: { lv: 'Lighthouse kļūda', en: 'Lighthouse error' },
  },
  advice: {
    lv: 'Lighthouse vērtējumi ir uzziņai (netiek ieskaitīti indeksā). Atveriet Lighthouse pārskatu pārlūkā (Chrome izstrādātāja rīki) un izlabojiet norādītās problēmas.',
    en: 'Lighthouse scores are for reference (not part of the index). Run Lighthouse in Chrome\'s developer tools and fix what it lists.',
  },
  requires: ['lighthouse'],
  defaultOptions: {},
  evaluate({ lighthouse }) {
    const c = lighthouse.categories;
    const value: LighthouseValue = {
      accessibility: c.accessibility,
      bestPractices: c.bestPractices,
      seo: c.seo,
      performance: c.performance,
      runtimeError: lighthouse.runtimeError ? `${lighthouse.runtimeError.code}: ${lighthouse.runtimeError.message}` : null,
    };
    const evidence = [{ url: lighthouse.url, text: `Lighthouse ${lighthouse.lighthouseVersion}` }];
    // A page Lighthouse could not load is "not measured", never a score of 0 that would read as a bad site.
    if (lighthouse.runtimeError) {
      return { value, score: null, outcome: 'error', evidence, reason: `Lighthouse: ${value.runtimeError}` };
    }
    const scores = [c.accessibility, c.bestPractices, c.seo].filter((s): s is number => s !== null);
    if (scores.length === 0) return { value, score: null, outcome: 'error', evidence, reason: 'no Lighthouse category was scored' };
    // The score is the mean of the categories a site owner controls; performance depends on our network too.
    const score = Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 1000) / 1000;
    return { value, score, outcome: score >= 0.9 ? 'pass' : 'fail', evidence };
  },
});
