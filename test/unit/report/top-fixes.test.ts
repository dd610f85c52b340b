import { describe, expect, test } from 'vitest';
import { loadScoring } from '../../../src/config.ts';
import { INDICATORS } from '../../../src/indicators/index.ts';
import { pagesOf, topFixes } from '../../../src/publish/report/top-fixes.ts';
import { scoreSite } from '../../../src/score/score.ts';
import { indicator, site, SMALL_REGISTRY, SMALL_SCORING } from '../../helpers/score-fixtures.ts';

describe('topFixes: the gain of fixing each indicator, by rescoring', () => {
  // communication = (3·0.5 + 1·1)/4 = 62.5, service 0, services 100, opendata 100 → overall 65.6, level 3.
  const base = site({ indicators: { a: 0.5, b: 1, z: 0.1, c: 0, d: 1, e: 1, t: 0.2 } });

  test('largest gain first; weight-0 and technical indicators gain nothing and are left out', () => {
    const fixes = topFixes(base, SMALL_SCORING, SMALL_REGISTRY);
    expect(fixes.map((f) => [f.indicatorId, f.scoreBefore, f.scoreAfter, f.gain, f.levelBefore, f.levelAfter])).toEqual([
      ['c', 65.6, 90.6, 25, 3, 5], // service 0 → 100: (62.5 + 100 + 100 + 100) / 4
      ['a', 65.6, 75, 9.4, 3, 3], // communication 62.5 → 100
    ]);
  });

  test('each gain equals the rescored overall score minus the current one', () => {
    for (const f of topFixes(base, SMALL_SCORING, SMALL_REGISTRY)) {
      const fixed = structuredClone(base);
      fixed.indicators[f.indicatorId]!.score = 1;
      expect(scoreSite(fixed, SMALL_SCORING).overall.score).toBe(f.scoreAfter);
    }
  });

  test('at most max actions; ties keep registry order', () => {
    const s = site({ indicators: { a: 0, b: 0, c: 0, d: 0, e: 0 } });
    expect(topFixes(s, SMALL_SCORING, SMALL_REGISTRY, 2).map((f) => f.indicatorId)).toEqual(['c', 'd']);
    expect(topFixes(s, SMALL_SCORING, SMALL_REGISTRY)).toHaveLength(5);
  });

  test('unmeasured indicators, full scores and unaudited sites give no action', () => {
    expect(topFixes(site({ indicators: { a: null, b: 1, c: 1, d: 1, e: 1 } }), SMALL_SCORING, SMALL_REGISTRY)).toEqual([]);
    expect(topFixes(site({ status: 'dns', message: 'x' }), SMALL_SCORING, SMALL_REGISTRY)).toEqual([]);
  });

  test('pages: the WCAG rules\' pages, else the evidence URLs, each once', () => {
    const s = site({
      indicators: {
        wcag: { ...indicator(0.2, { rules: [{ pages: ['https://x.lv/', 'https://x.lv/a'] }, { pages: ['https://x.lv/a', 'https://x.lv/b'] }] }), evidence: [{ url: 'https://x.lv/ignored' }] },
        contact: { ...indicator(0), evidence: [{ url: 'https://x.lv/k' }, { url: 'https://x.lv/k' }, { url: 'https://x.lv/' }] },
      },
    });
    expect(pagesOf(s, 'wcag')).toEqual(['https://x.lv/', 'https://x.lv/a', 'https://x.lv/b']);
    expect(pagesOf(s, 'contact')).toEqual(['https://x.lv/k', 'https://x.lv/']);
    expect(pagesOf(s, 'nope')).toEqual([]);
  });

  test('with the shipped weights: complete contact information outweighs new technology', () => {
    const scoring = loadScoring(INDICATORS);
    const s = site({ indicators: { contact: 0, 'new-tech': 0, 'open-data': 1, 'eservices-info': 1, mobile: 1 } });
    const fixes = topFixes(s, scoring, INDICATORS);
    expect(fixes.map((f) => f.indicatorId)).toEqual(['contact', 'new-tech']);
    expect(fixes[0]!.advice?.lv).toBeTruthy();
  });
});
