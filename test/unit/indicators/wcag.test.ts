import { describe, expect, test } from 'vitest';
import wcag, { successCriteria, type WcagValue } from '../../../src/indicators/wcag.ts';
import type { Target } from '../../../src/types.ts';
import type { AxePage, AxeRule, Impact } from '../../../src/artifacts.ts';
import { recordedArtifact } from '../../helpers/artifacts.ts';

const ctx = { target: { id: 't', name: 'T', type: 'institution', url: 'https://t.lv/' } as Target, now: new Date('2026-11-23'), results: {} };
const evaluate = (axe: AxePage[], options = wcag.defaultOptions) => wcag.evaluate({ axe }, options, ctx);

function rule(id: string, impact: Impact, tags: string[] = ['wcag2a', 'wcag111'], nodeCount = 1): AxeRule {
  return { id, impact, tags, help: `${id} help`, helpUrl: '', nodeCount, nodes: [{ target: `#${id}`, html: '<x>' }] };
}
function page(url: string, violations: AxeRule[] = [], incomplete: AxeRule[] = []): AxePage {
  return { url, violations, incomplete, passes: ['document-title'] };
}

describe('successCriteria', () => {
  test.each([
    [['wcag2a', 'wcag111'], ['1.1.1']],
    [['wcag2aa', 'wcag143', 'cat.color'], ['1.4.3']],
    [['wcag21aa', 'wcag1410'], ['1.4.10']],
    [['wcag2a', 'wcag412', 'wcag131'], ['4.1.2', '1.3.1']],
    [['best-practice'], []],
  ])('%j -> %j', (tags, expected) => expect(successCriteria(tags)).toEqual(expected));
});

describe('wcag bands', () => {
  test.each<[string, AxePage[], WcagValue['band'], number]>([
    ['no violations', [page('https://t.lv/'), page('https://t.lv/a')], 'highest', 1],
    // one minor rule on 1 of 2 pages: 1 - 0.02 * 0.5 = 0.99, still highest (no critical/serious)
    ['a trace of minor problems', [page('https://t.lv/', [rule('x', 'minor')]), page('https://t.lv/a')], 'highest', 0.99],
    // one serious rule on 1 of 2 pages: 1 - 0.15 * 0.5 = 0.925 -> high (serious present)
    ['one serious rule on half the pages', [page('https://t.lv/', [rule('color-contrast', 'serious')]), page('https://t.lv/a')], 'high', 0.925],
    // critical on every page (0.25) + serious on every page (0.15) = 0.6 -> medium
    ['critical and serious everywhere', [page('https://t.lv/', [rule('image-alt', 'critical'), rule('link-name', 'serious')])], 'medium', 0.6],
    // 0.25 + 0.25 + 0.15 = 0.65 penalty -> 0.35 -> low
    ['many severe rules everywhere', [page('https://t.lv/', [rule('image-alt', 'critical'), rule('label', 'critical'), rule('link-name', 'serious')])], 'low', 0.35],
  ])('%s', (_, axe, band, score) => {
    const r = evaluate(axe);
    expect((r.value as WcagValue).band).toBe(band);
    expect(r.score).toBeCloseTo(score, 3);
  });

  test('thresholds and weights are options', () => {
    const axe = [page('https://t.lv/', [rule('color-contrast', 'serious')])];
    expect((evaluate(axe).value as WcagValue).band).toBe('high');
    const strict = { ...wcag.defaultOptions, impactWeights: { ...wcag.defaultOptions.impactWeights, serious: 0.5 } };
    expect((evaluate(axe, strict).value as WcagValue).band).toBe('low');
  });

  test('pages where axe failed are not counted as clean pages', () => {
    const r = evaluate([page('https://t.lv/', [rule('image-alt', 'critical')]), { ...page('https://t.lv/a'), error: 'navigated away' }]);
    expect((r.value as WcagValue).pagesAudited).toBe(1);
    expect(r.score).toBeCloseTo(0.75, 3);
  });

  test('no audited page is "not measured", never a score', () => {
    const r = evaluate([{ ...page('https://t.lv/'), error: 'boom' }]);
    expect(r.score).toBeNull();
    expect(r.outcome).toBe('error');
    expect(r.reason).toMatch(/no page/);
  });

  test('incomplete rules are listed for review and do not lower the score', () => {
    const r = evaluate([page('https://t.lv/', [], [rule('color-contrast', 'serious', ['wcag2aa', 'wcag143'])])]);
    expect(r.score).toBe(1);
    expect((r.value as WcagValue).needsReview).toEqual([{ id: 'color-contrast', wcag: ['1.4.3'], pages: ['https://t.lv/'] }]);
  });
});

describe('on recorded fixture sites', () => {
  test('clean: no violations on any audited page', () => {
    const axe = recordedArtifact('clean', 'axe');
    const r = evaluate(axe);
    expect(axe.length).toBeGreaterThanOrEqual(5);
    expect(r.value).toMatchObject({ band: 'highest', rules: [], violations: { critical: 0, serious: 0, moderate: 0, minor: 0 } });
    expect(r.outcome).toBe('pass');
  });

  test('violations: the planted rules with their criteria, pages and evidence', () => {
    const r = evaluate(recordedArtifact('violations', 'axe'));
    const value = r.value as WcagValue;
    expect(value.rules.map((x) => [x.id, x.impact, x.wcag, x.pages.map((p) => new URL(p).pathname)])).toEqual([
      ['image-alt', 'critical', ['1.1.1'], ['/violations/']],
      ['label', 'critical', ['4.1.2'], ['/violations/par-mums/']],
      ['color-contrast', 'serious', ['1.4.3'], ['/violations/par-mums/']],
      ['html-has-lang', 'serious', ['3.1.1'], ['/violations/kontakti/']],
      ['link-name', 'serious', ['2.4.4', '4.1.2'], ['/violations/']],
    ]);
    expect(value.violations).toEqual({ critical: 2, serious: 3, moderate: 0, minor: 0 });
    expect(r.evidence).toHaveLength(5);
    expect(r.evidence.every((e) => e.selector && e.url.startsWith('http://fixture.test/violations'))).toBe(true);
    expect(value.band).toBe('high');
  });
});
