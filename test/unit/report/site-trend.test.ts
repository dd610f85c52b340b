import { describe, expect, test } from 'vitest';
import { renderSiteTrend, trendSvg } from '../../../src/publish/report/site-trend.ts';

const points = [
  { runId: 'r1', createdAt: '2026-11-09T01:00:00.000Z', score: 40, level: 2 as const },
  { runId: 'r2', createdAt: '2026-11-16T01:00:00.000Z', score: null, level: null },
  { runId: 'r3', createdAt: '2026-11-23T01:00:00.000Z', score: 61.1, level: 3 as const },
];

describe('a site\'s trend across runs', () => {
  test('one bar per scored run, its height the score on the 0–100 scale; an unscored run leaves a gap', () => {
    const svg = trendSvg(points, 'x').__html;
    const heights = [...svg.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(2);
    // 84 px of height stand for 0–100.
    expect(heights[0]).toBeCloseTo(84 * 0.4, 1);
    expect(heights[1]).toBeCloseTo(84 * 0.611, 1);
  });

  test('the same data as a table; the chart only from two runs on', () => {
    const page = renderSiteTrend(points, 'lv').__html;
    expect([...page.matchAll(/<tr data-run="(\w+)"><td>([\d-]+)<\/td><td><code>\w+<\/code><\/td><td class="num">([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => m.slice(1))).toEqual([
      ['r1', '2026-11-09', '40', '2 (intuitīvs)'],
      ['r2', '2026-11-16', '–', '–'],
      ['r3', '2026-11-23', '61,1', '3 (definēts)'],
    ]);
    expect(page).toContain('<svg');
    expect(renderSiteTrend(points.slice(2), 'lv').__html).not.toContain('<svg');
    expect(renderSiteTrend([], 'lv').__html).toBe('');
  });
});
