import { describe, expect, test } from 'vitest';
import mobile, { badTapTargets, viewportProblem, type MobileValue } from '../../../src/indicators/mobile.ts';
import type { Target } from '../../../src/types.ts';
import type { MobileFacts, TapTarget } from '../../../src/artifacts.ts';
import { recordedArtifact } from '../../helpers/artifacts.ts';

const ctx = { target: { id: 't', name: 'T', type: 'county', url: 'https://t.lv/' } as Target, now: new Date('2026-11-23'), results: {} };
const evaluate = (facts: MobileFacts) => mobile.evaluate({ mobile: facts }, mobile.defaultOptions, ctx);

function target(selector: string, x: number, y: number, width: number, height: number, inline = false): TapTarget {
  return { selector, text: selector, x, y, width, height, inline };
}
const good: MobileFacts = {
  url: 'https://t.lv/',
  viewportMeta: 'width=device-width, initial-scale=1',
  viewportWidth: 360,
  scrollWidth: 360,
  fontSizes: [{ px: 16, chars: 900, selector: 'p', text: 'Sveiki' }, { px: 11, chars: 100, selector: 'small', text: 'sīki' }],
  tapTargets: [target('a.one', 0, 0, 120, 48), target('a.two', 0, 60, 120, 48)],
  tapTargetsTotal: 2,
};

describe('viewportProblem', () => {
  test.each([
    ['width=device-width, initial-scale=1', null],
    ['width=device-width,initial-scale=1,maximum-scale=5', null],
    ['initial-scale=1; width=device-width', null],
    ['width=1024', /width=device-width/],
    ['width=device-width, user-scalable=no', /zoom disabled/],
    ['width=device-width, user-scalable=0', /zoom disabled/],
    ['width=device-width, maximum-scale=1', /maximum-scale 1 < 2/],
  ])('%s', (content, expected) => {
    const problem = viewportProblem(content, 2);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
  test('missing tag', () => expect(viewportProblem(null, 2)).toMatch(/no viewport meta/));
});

describe('badTapTargets (WCAG 2.5.8)', () => {
  test('large targets pass whatever their spacing', () => {
    expect(badTapTargets([target('a', 0, 0, 48, 48), target('b', 48, 0, 48, 48)], 1, 24)).toEqual([]);
  });
  test('small targets far apart pass (spacing exception)', () => {
    expect(badTapTargets([target('a', 0, 0, 16, 16), target('b', 100, 0, 16, 16)], 1, 24)).toEqual([]);
  });
  test('small adjacent targets fail', () => {
    expect(badTapTargets([target('a', 0, 0, 16, 16), target('b', 18, 0, 16, 16)], 1, 24).map((t) => t.selector)).toEqual(['a', 'b']);
  });
  test('inline links in running text are exempt', () => {
    expect(badTapTargets([target('a', 0, 0, 30, 14, true), target('b', 32, 0, 30, 14, true)], 1, 24)).toEqual([]);
  });
  test('a shrunken layout (no viewport) makes large targets small', () => {
    expect(badTapTargets([target('a', 0, 0, 40, 40), target('b', 42, 0, 40, 40)], 0.3, 24)).toHaveLength(2);
  });
});

describe('mobile indicator', () => {
  test('a responsive page passes all four criteria', () => {
    const r = evaluate(good);
    expect(r.value).toEqual({ mobileFriendly: true, viewport: true, fitsWidth: true, legibleText: true, tapTargets: true, legibleShare: 0.9, badTapTargets: 0 });
    expect(r.score).toBe(1);
    expect(r.outcome).toBe('pass');
  });

  test.each<[string, Partial<MobileFacts>, Partial<MobileValue>, number]>([
    ['zoom disabled', { viewportMeta: 'width=device-width, user-scalable=no' }, { viewport: false, mobileFriendly: false }, 0.75],
    ['horizontal scrolling', { scrollWidth: 700 }, { fitsWidth: false }, 0.75],
    ['mostly tiny text', { fontSizes: [{ px: 10, chars: 800, selector: 'p', text: 'x' }, { px: 16, chars: 200, selector: 'h1', text: 'y' }] }, { legibleText: false }, 0.75],
    [
      'cramped icons',
      { tapTargets: [target('a', 0, 0, 16, 16), target('b', 17, 0, 16, 16), target('c', 34, 0, 16, 16)] },
      { tapTargets: false, badTapTargets: 3 },
      0.75,
    ],
  ])('%s', (_, change, expected, score) => {
    const r = evaluate({ ...good, ...change });
    expect(r.value).toMatchObject({ ...expected, mobileFriendly: false });
    expect(r.score).toBe(score);
    expect(r.outcome).toBe('fail');
    expect(r.evidence.length).toBeGreaterThan(0);
  });

  test('recorded clean site is mobile-friendly', () => {
    const r = evaluate(recordedArtifact('clean', 'mobile'));
    expect((r.value as MobileValue).mobileFriendly).toBe(true);
  });

  test('recorded not-mobile site fails every criterion with evidence', () => {
    const facts = recordedArtifact('not-mobile', 'mobile');
    const r = evaluate(facts);
    expect(r.value).toMatchObject({ mobileFriendly: false, viewport: false, fitsWidth: false, legibleText: false, tapTargets: false });
    expect(r.score).toBe(0);
    expect(r.evidence.map((e) => e.selector)).toContain('meta[name="viewport"]');
    expect(r.evidence.some((e) => e.text?.includes(`${facts.scrollWidth}px`))).toBe(true);
  });
});
