// The lv-aspects indicator on artifacts recorded from the fixture sites (test/fixtures/artifacts/lv-aspects/, made by
// its record.ts), as recorded and with one fact changed to show a situation the fixtures do not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../../src/config.ts';
import { runIndicators } from '../../../src/indicators/indicator.ts';
import lvAspects, { ASPECTS, focusShown, motionOf, type AspectId, type AspectOutcome, type LvAspectsValue } from '../../../src/indicators/lv-aspects/index.ts';
import type { Target } from '../../../src/types.ts';
import type { ArtifactMap, FocusStep, MotionItem } from '../../../src/artifacts.ts';

type Needed = Pick<ArtifactMap, 'axe' | 'pages' | 'keyboard' | 'textResize' | 'motion'>;

const ctx = { target: { id: 't', name: 'T', type: 'institution', url: 'http://fixture.test/' } as Target, now: new Date('2026-11-23'), results: {} };

function recordedSite(site: string): Needed {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'artifacts', 'lv-aspects', `${site}.json`), 'utf8')) as Needed;
}

function evaluate(a: Needed, options: Partial<typeof lvAspects.defaultOptions> = {}) {
  return lvAspects.evaluate(a, { ...lvAspects.defaultOptions, ...options }, ctx);
}

/** A recorded site with one change. */
function patched(site: string, change: (a: Needed) => void): () => Needed {
  return () => {
    const a = recordedSite(site);
    change(a);
    return a;
  };
}

const PASS_ALL: Partial<Record<AspectId, AspectOutcome>> = {};

describe('lv-aspects on recorded fixture sites', () => {
  test.each<[string, () => Needed, Partial<Record<AspectId, AspectOutcome>>, number]>([
    ['kbd-good: keyboard-friendly, calm, three pages with one menu', () => recordedSite('kbd-good'), PASS_ALL, 1],
    ['clean: the accessible reference site', () => recordedSite('clean'), PASS_ALL, 1],
    ['motion-calm: manual carousel, video with controls and captions, one-frame GIF', () => recordedSite('motion-calm'), PASS_ALL, 1],
    ['kbd-bad: outline none, off-screen skip link, tabindex=-1 menu item, Tab swallowed', () => recordedSite('kbd-bad'), { 'main-navigation': 'fail', 'keyboard-focus': 'fail' }, 0.818],
    ['kbd-modal: cookie dialog keeps focus (needs a person)', () => recordedSite('kbd-modal'), { 'main-navigation': 'needs-review', 'keyboard-focus': 'needs-review' }, 0.909],
    ['resize-broken: fixed-height boxes cut text at 200 %', () => recordedSite('resize-broken'), { 'text-resize': 'fail' }, 0.909],
    ['not-mobile: px-sized 16px links overlap at 200 %', () => recordedSite('not-mobile'), { 'text-resize': 'fail' }, 0.909],
    ['motion-busy: marquee, infinite animation, autoplay video, GIF, slider, no pause', () => recordedSite('motion-busy'), { 'moving-content': 'fail', multimedia: 'needs-review' }, 0.864],
    ['violations: axe failures map to their aspects', () => recordedSite('violations'), { 'page-structure': 'fail', forms: 'fail', 'text-alternatives': 'fail', contrast: 'fail' }, 0.636],
    ['contrast axe could not decide on one page', patched('clean', (a) => {
      const page = a.axe[1]!;
      page.passes = page.passes.filter((id) => id !== 'color-contrast');
      page.incomplete.push({ id: 'color-contrast', impact: 'serious', tags: ['wcag2aa', 'wcag143'], help: 'Elements must meet minimum color contrast ratio thresholds', helpUrl: '', nodeCount: 2, nodes: [{ target: '.hero h2', html: '<h2>' }] });
    }), { contrast: 'needs-review' }, 0.955],
    ['every page titled the same', patched('clean', (a) => {
      for (const p of a.pages) p.title = 'Digitālās pārvaldes birojs';
    }), { 'page-titles': 'fail' }, 0.909],
    ['a YouTube video embedded on an inner page', patched('clean', (a) => {
      a.pages[2]!.iframes.push('https://www.youtube-nocookie.com/embed/Xk3b9aZ7Q1c');
    }), { multimedia: 'needs-review' }, 0.955],
    ['a heading level skipped on the contacts page', patched('clean', (a) => {
      const contacts = a.pages.find((p) => p.roles.includes('contacts'))!;
      contacts.headings = [{ level: 1, text: 'Kontakti' }, { level: 3, text: 'Darba laiks' }];
    }), { headings: 'fail' }, 0.909],
    ['one page without the main menu', patched('kbd-good', (a) => {
      const inner = a.pages.find((p) => !p.roles.includes('home') && !p.error)!;
      inner.links = inner.links.filter((l) => l.region !== 'nav' && l.region !== 'header');
    }), { 'main-navigation': 'fail' }, 0.909],
    ['Tab budget spent before the menu', patched('kbd-good', (a) => {
      a.keyboard.steps = a.keyboard.steps.slice(0, 3);
      a.keyboard.endedBy = 'budget';
      a.keyboard.maxTabs = a.keyboard.tabsPressed = 3;
    }), { 'main-navigation': 'needs-review' }, 0.955],
    ['focus stays inside an embedded map', patched('kbd-good', (a) => {
      const step = { ...a.keyboard.steps[2]!, selector: 'iframe.karte', tag: 'iframe', name: '', frame: true, changed: null };
      a.keyboard.steps = [...a.keyboard.steps.slice(0, 2), step];
      a.keyboard.endedBy = 'trap';
      a.keyboard.trap = { kind: 'stuck', steps: [2], inModalDialog: false };
    }), { 'main-navigation': 'needs-review', 'keyboard-focus': 'needs-review' }, 0.909],
    ['a carousel set to autoplay that did not move in the window', patched('motion-calm', (a) => {
      const carousel = a.motion.items.find((i) => i.kind === 'carousel')!;
      carousel.dataAttributes = { 'data-autoplay': 'true', 'data-interval': '6000' };
    }), { 'moving-content': 'needs-review' }, 0.955],
    ['...and with a pause button inside it', patched('motion-calm', (a) => {
      const carousel = a.motion.items.find((i) => i.kind === 'carousel')!;
      carousel.dataAttributes = { 'data-autoplay': 'true' };
      carousel.nearControls.push('Pauzēt slīdrādi');
    }), PASS_ALL, 1],
    ['an infinite animation, with a pause control elsewhere on the page', patched('motion-calm', (a) => {
      a.motion.items.push({ kind: 'animation', selector: '.baneris', visible: true, width: 300, height: 80, nearControls: [], animationName: 'slidet', animationType: 'CSSAnimation', iterations: null, durationMs: 8000 });
      a.motion.controls.push({ name: 'Apturēt animācijas', selector: '#apturet' });
    }), { 'moving-content': 'needs-review' }, 0.955],
    ['text resize could not run', patched('kbd-good', (a) => {
      a.textResize.error = 'Execution context was destroyed';
    }), { 'text-resize': 'needs-review' }, 0.955],
  ])('%s', (_, artifacts, expected, score) => {
    const r = evaluate(artifacts());
    const value = r.value as LvAspectsValue;
    const outcomes = Object.fromEntries(ASPECTS.map((a) => [a, value[a]]));
    expect(outcomes).toEqual(Object.fromEntries(ASPECTS.map((a) => [a, expected[a] ?? 'pass'])));
    expect(r.score).toBe(score);
    expect(r.outcome).toBe(Object.values(expected).includes('fail') ? 'fail' : Object.values(expected).length > 0 ? 'needs-review' : 'pass');
    expect(value.passed + value.failed + value.needsReview).toBe(11);
    // Every aspect shows the checks behind it in the evidence, each entry tagged with its aspect.
    for (const aspect of ASPECTS) {
      expect(value.checks[aspect].length).toBeGreaterThan(0);
      expect(r.evidence.some((e) => e.text?.startsWith(`[${aspect}] `))).toBe(true);
    }
  });
});

describe('evidence says what decided', () => {
  test('kbd-bad: the element without focus, the trap, the unreachable menu item', () => {
    const r = evaluate(recordedSite('kbd-bad'));
    const text = (aspect: AspectId) => r.evidence.filter((e) => e.text?.startsWith(`[${aspect}]`)).map((e) => `${e.selector ?? ''} ${e.text}`).join('\n');
    expect(text('keyboard-focus')).toMatch(/focus-visible fail: .*off-screen or hidden: "Pāriet uz saturu"/);
    expect(text('keyboard-focus')).toMatch(/no visible focus indicator: "Sākums" \(outline: none; box-shadow: none\)/);
    expect(text('keyboard-focus')).toMatch(/#meklet .*focus stops moving at "#meklet"/);
    expect(text('main-navigation')).toMatch(/not reached: "Projekti" \(tabindex=-1\)/);
    expect(text('main-navigation')).toMatch(/skip link stays off-screen when focused/);
  });

  test('resize-broken: the cut-off boxes and overlapping lines', () => {
    const r = evaluate(recordedSite('resize-broken'));
    const lines = r.evidence.filter((e) => e.text?.startsWith('[text-resize] text-200 fail'));
    expect(lines.map((e) => e.selector)).toEqual(expect.arrayContaining(['body > header > div > ul']));
    expect(lines.some((e) => /text overlaps at 200 %: "Piejūras ostas pārvalde"/.test(e.text ?? ''))).toBe(true);
    expect(lines.some((e) => /new overlapping text lines/.test(e.text ?? ''))).toBe(true);
  });

  test('motion-busy: each moving thing once, with why it fails', () => {
    const r = evaluate(recordedSite('motion-busy'));
    const moving = r.evidence.filter((e) => e.text?.startsWith('[moving-content] moving-content fail')).map((e) => e.text!);
    for (const what of ['marquee', 'animation "pulss"', 'autoplaying video', 'animated GIF: 3', 'carousel advances by itself']) {
      expect(moving.filter((t) => t.includes(what))).toHaveLength(1);
    }
    expect(moving.every((t) => t.endsWith('no pause or stop control'))).toBe(true);
  });

  test('a site without forms passes the forms aspect, saying why', () => {
    const r = evaluate(recordedSite('resize-broken'));
    expect((r.value as LvAspectsValue).checks.forms).toEqual([{ id: 'not-applicable', outcome: 'pass' }]);
    expect(r.evidence.find((e) => e.text?.startsWith('[forms]'))?.text).toMatch(/no form fields found/);
  });
});

describe('scoring and options', () => {
  test('needs-review counts half by default, and as configured', () => {
    const a = recordedSite('kbd-modal');
    expect(evaluate(a).score).toBe(0.909);
    expect(evaluate(a, { needsReviewCredit: 0 }).score).toBe(0.818);
    expect(evaluate(a, { needsReviewCredit: 1 }).score).toBe(1);
  });

  test('CSV columns are the 11 aspect ids', () => {
    expect(lvAspects.csv).toEqual([...ASPECTS]);
    expect(ASPECTS).toHaveLength(11);
  });

  test('a failed collector leaves score null with the reason', () => {
    const a = recordedSite('kbd-good');
    const r = runIndicators([lvAspects], { ...a, keyboard: { collectorError: 'Target page, context or browser has been closed' } }, ctx)['lv-aspects']!;
    expect(r).toMatchObject({ value: null, score: null, outcome: 'error' });
    expect(r.reason).toMatch(/keyboard.*closed/);
  });

  test('axe rules are mapped by id and prefix; only rules axe ran can decide', () => {
    const a = recordedSite('clean');
    a.axe[0]!.violations.push({ id: 'landmark-one-main', impact: 'moderate', tags: ['best-practice'], help: 'Document should have one main landmark', helpUrl: '', nodeCount: 1, nodes: [{ target: 'html', html: '<html>' }] });
    const r = evaluate(a);
    expect((r.value as LvAspectsValue)['page-structure']).toBe('fail');
    expect((r.value as LvAspectsValue).checks['page-structure']).toContainEqual({ id: 'axe:landmark-one-main', outcome: 'fail' });
  });
});

describe('focusShown', () => {
  const step = (over: Partial<FocusStep>): FocusStep => ({
    selector: 'a', tag: 'a', name: 'Sākums', region: 'nav', menuIndex: 0, visible: true, inViewport: true, focusVisibleMatch: true, changed: ['outline'], focusStyle: '', ...over,
  });
  test.each<[string, Partial<FocusStep>, boolean | null]>([
    ['outline appears', {}, true],
    ['only the parent changes (:focus-within)', { changed: ['parent background-color'] }, true],
    ['nothing changes', { changed: [] }, false],
    ['off-screen when focused', { inViewport: false }, false],
    ['focus never left it', { changed: null }, null],
    ['an iframe', { frame: true, changed: [] }, null],
    ['removed from the page when focus left', { changed: ['removed'] }, null],
  ])('%s', (_, over, expected) => expect(focusShown(step(over), [])).toBe(expected));
  test('ignored changes do not count', () => expect(focusShown(step({ changed: ['color'] }), ['color'])).toBe(false));
});

describe('motionOf', () => {
  const o = lvAspects.defaultOptions;
  const item = (over: Partial<MotionItem>): MotionItem => ({ kind: 'animation', selector: 'x', visible: true, width: 10, height: 10, nearControls: [], ...over });
  test.each<[string, Partial<MotionItem>, ReturnType<typeof motionOf>]>([
    ['infinite CSS animation', { iterations: null, durationMs: 1000 }, 'moving'],
    ['3 s fade-in', { iterations: 1, durationMs: 3000 }, 'still'],
    ['2 × 3 s', { iterations: 2, durationMs: 3000 }, 'moving'],
    ['hidden infinite spinner', { iterations: null, durationMs: 800, visible: false }, 'still'],
    ['autoplaying looped video', { kind: 'media', tag: 'video', autoplay: true, loop: true, paused: false }, 'moving'],
    ['paused video with controls', { kind: 'media', tag: 'video', autoplay: false, paused: true, controls: true }, 'still'],
    ['4 s autoplay clip', { kind: 'media', tag: 'video', autoplay: true, paused: false, loop: false, mediaDurationS: 4 }, 'still'],
    ['GIF looping forever', { kind: 'gif', frames: 3, loops: 0, loopMs: 1200 }, 'moving'],
    ['GIF playing 3 × 1 s', { kind: 'gif', frames: 5, loops: 3, loopMs: 1000 }, 'still'],
    ['GIF not read', { kind: 'gif', frames: null }, 'maybe'],
    ['carousel seen moving', { kind: 'carousel', changedAt: [1500] }, 'moving'],
    ['carousel with data-ride', { kind: 'carousel', changedAt: [], dataAttributes: { 'data-bs-ride': 'carousel' } }, 'maybe'],
    ['carousel with data-autoplay="false"', { kind: 'carousel', changedAt: [], dataAttributes: { 'data-autoplay': 'false' } }, 'still'],
    ['ticker changing 6 times', { kind: 'mutation', changedAt: [0, 500, 1000, 1500, 2000, 2500] }, 'moving'],
    ['clock changing 3 times', { kind: 'mutation', changedAt: [0, 1000, 2000] }, 'maybe'],
    ['YouTube embed with autoplay=1', { kind: 'embed', src: 'https://www.youtube.com/embed/abc?autoplay=1' }, 'maybe'],
    ['map iframe', { kind: 'embed', src: 'https://www.google.com/maps/embed?pb=1' }, 'still'],
    ['marquee', { kind: 'marquee' }, 'moving'],
  ])('%s', (_, over, expected) => expect(motionOf(item(over), o)).toBe(expected));
});
