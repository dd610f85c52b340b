// The institution report's order, from the recorded fixture sites: what to fix first, then failures, passes folded.
import { describe, expect, test } from 'vitest';
import { renderRecorded } from '../../helpers/report-fixtures.ts';

const pages = renderRecorded('lv');
const sectionsOf = (page: string) => [...page.matchAll(/<section class="indicator" id="ind-([\w-]+)"[^>]*?(?: data-outcome="([\w-]+)")?>/g)].map((m) => ({ id: m[1]!, outcome: m[2] ?? 'none', at: m.index }));

describe('institution report order', () => {
  for (const site of ['violations', 'not-mobile', 'clean']) {
    test(`${site}: #top-fixes before the indicators; failures first; passes folded under one summary line`, () => {
      const page = pages.get(`sites/${site}.html`)!;
      expect(page.indexOf('id="top-fixes"')).toBeGreaterThan(0);
      expect(page.indexOf('id="top-fixes"')).toBeLessThan(page.indexOf('id="h-indicators"'));
      const sections = sectionsOf(page);
      expect(sections).toHaveLength(13);
      const details = page.indexOf('<details class="passes">');
      for (const s of sections) {
        const foldedAway = s.outcome === 'pass' || s.outcome === 'not-applicable';
        expect(details >= 0 && s.at > details, `${s.id} (${s.outcome})`).toBe(foldedAway);
      }
      const firstPass = sections.findIndex((s) => s.outcome === 'pass');
      expect(sections.slice(firstPass).every((s) => s.outcome === 'pass' || s.outcome === 'not-applicable')).toBe(true);
      expect(sections[0]!.outcome).not.toBe('pass');
    });
  }

  test('indicator scores on the 0–100 scale', () => {
    const scores = [...pages.get('sites/violations.html')!.matchAll(/<span class="score">([^<]*)<\/span> \/ 100/g)].map((m) => m[1]!);
    expect(scores.length).toBe(13);
    for (const s of scores) expect(s === '–' || (Number(s.replace(',', '.')) >= 0 && Number(s.replace(',', '.')) <= 100)).toBe(true);
    expect(scores.some((s) => Number(s.replace(',', '.')) > 1)).toBe(true);
  });
});

describe('contrast findings', () => {
  test('measured ratio, text and background colours and the required ratio, from axe\'s measurement', async () => {
    const { recordedResult } = await import('../../helpers/report-fixtures.ts');
    const { renderSiteReport } = await import('../../../src/publish/report/site.ts');
    const { scoreSite } = await import('../../../src/score/score.ts');
    const { loadScoring } = await import('../../../src/config.ts');
    const { INDICATORS } = await import('../../../src/indicators/index.ts');
    const { result, axe } = recordedResult('violations', 'county');
    const node = axe!.flatMap((p) => p.violations).find((r) => r.id === 'color-contrast')!.nodes[0]!;
    node.contrast = { fg: '#aaaaaa', bg: '#ffffff', ratio: 2.32, expected: 4.5 };
    const page = renderSiteReport({ runId: 'r', runCreatedAt: '2026-11-23T01:00:00.000Z', sealed: true, result, scores: scoreSite(result, loadScoring(INDICATORS)), indicators: INDICATORS, axe, shots: new Map(), changes: null, fixes: [], trend: [] }, 'lv');
    const li = /<ul class="contrast"><li data-ratio="2.32" data-expected="4.5">([\s\S]*?)<\/li>/.exec(page)?.[1] ?? '';
    expect(li.replace(/<[^>]+>/g, '')).toMatch(/^Izmērītais kontrasts 2,32:1, vajadzīgs vismaz 4,5:1: teksta krāsa #aaaaaa, fons #ffffff\./);
  });
});
