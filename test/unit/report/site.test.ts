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
