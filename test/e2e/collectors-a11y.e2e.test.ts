// The keyboard, text-resize and motion collectors in real Chromium on small fixture sites (kbd-*, resize-*, motion-*),
// and once through auditSite with the lv-aspects and https indicators. One browser for the whole file.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { auditSite } from '../../src/audit/runner.ts';
import { collectKeyboard } from '../../src/collectors/keyboard.ts';
import { collectMotion } from '../../src/collectors/motion.ts';
import { collectTextResize } from '../../src/collectors/text-resize.ts';
import lvAspects, { motionOf, type LvAspectsValue } from '../../src/indicators/lv-aspects/index.ts';
import https from '../../src/indicators/https.ts';
import { silentLogger } from '../../src/log.ts';
import { isCollectorError } from '../../src/artifacts.ts';
import { fixtureTarget, startFixtures, testConfig } from '../helpers/fixtures.ts';
import { schemaErrors } from '../helpers/schema.ts';

const SITES = ['kbd-good', 'kbd-bad', 'kbd-modal', 'resize-broken', 'motion-busy', 'motion-calm'];
let env: Awaited<ReturnType<typeof startFixtures>>;
let context: BrowserContext;

beforeAll(async () => {
  env = await startFixtures(SITES);
  // As auditSite's desktop context: 1280 × 800, Latvian locale.
  context = await env.browser.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'lv-LV' });
});
afterAll(async () => {
  await context?.close();
  await env?.close();
});

async function onHome<T>(site: string, collect: (page: Page) => Promise<T>): Promise<T> {
  const page = await context.newPage();
  try {
    await page.goto(`${env.sites.origins[site]}/`, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle', { timeout: 500 }).catch(() => undefined);
    return await collect(page);
  } finally {
    await page.close();
  }
}

describe('keyboard collector', () => {
  test('a keyboard-friendly page: skip link first, visible focus everywhere, whole menu, full cycle', async () => {
    const k = await onHome('kbd-good', (p) => collectKeyboard(p));
    expect(k.endedBy).toBe('cycle');
    expect(k.trap).toBeNull();
    expect(k.modalAtStart).toBeNull();
    expect(k.steps.length).toBe(k.tabbableCount);
    expect(k.steps[0]).toMatchObject({ tag: 'a', name: 'Pāriet uz galveno saturu', href: '#saturs', fragmentTarget: true, inViewport: true });
    // The skip link slides in: its box moves as well as its outline appearing.
    expect(k.steps[0]!.changed).toEqual(expect.arrayContaining(['outline', 'box']));
    for (const s of k.steps) {
      expect(s.changed, s.selector).toContain('outline');
      expect(s.inViewport, s.selector).toBe(true);
      expect(s.focusVisibleMatch, s.selector).toBe(true);
    }
    expect(k.menuLinks.map((m) => m.text)).toEqual(['Pilsoņu konsultāciju centrs', 'Sākums', 'Par mums', 'Pakalpojumi', 'Jaunumi', 'Kontakti']);
    expect(new Set(k.steps.map((s) => s.menuIndex).filter((i) => i >= 0)).size).toBe(6);
  });

  test('outline: none, an off-screen skip link, a menu link out of the Tab order, and a trap', async () => {
    const k = await onHome('kbd-bad', (p) => collectKeyboard(p));
    expect(k.endedBy).toBe('trap');
    expect(k.trap).toMatchObject({ kind: 'stuck', inModalDialog: false });
    expect(k.steps[k.trap!.steps[0]!]!.selector).toBe('#meklet');
    expect(k.steps[0]).toMatchObject({ name: 'Pāriet uz saturu', inViewport: false, fragmentTarget: true });
    for (const s of k.steps) expect(s.changed, s.selector).toEqual([]);
    expect(k.steps.map((s) => s.name)).not.toContain('Projekti');
    expect(k.menuLinks.find((m) => m.text === 'Projekti')).toMatchObject({ visible: true, tabbable: false });
  });

  test('a cookie dialog that keeps the focus: Escape tried, focus cycles inside the modal', async () => {
    const k = await onHome('kbd-modal', (p) => collectKeyboard(p));
    expect(k.modalAtStart).toEqual({ selector: '#sikdatnes', closedByEscape: false });
    expect(k.trap).toMatchObject({ kind: 'cycle', inModalDialog: true });
    expect(k.steps.map((s) => s.name)).toEqual(['Piekrītu', 'Tikai nepieciešamās', 'Sīkdatņu politika']);
    expect(k.steps.every((s) => s.menuIndex === -1)).toBe(true);
  });

  test('a video with controls is not a trap: focus moves through its own buttons', async () => {
    const k = await onHome('motion-calm', (p) => collectKeyboard(p));
    expect(k.trap).toBeNull();
    expect(k.endedBy).toBe('cycle');
    expect(k.steps.find((s) => s.tag === 'video')).toMatchObject({ frame: true });
  });
});

describe('text-resize collector', () => {
  test('fixed-height boxes with overflow hidden cut the text at 200 %, and absolutely placed lines overlap', async () => {
    const t = await onHome('resize-broken', (p) => collectTextResize(p));
    expect(t.rootScaledShare).toBe(0); // every size in px
    expect(t.enlargedShare).toBe(1);
    expect(t.before.clipped).toEqual([]);
    expect(t.before.overlaps).toBe(0);
    const cut = t.after.clipped.map((c) => c.selector);
    expect(cut).toEqual(expect.arrayContaining(['body > header > div > ul', 'body > main > div > ul > li:nth-of-type(1)', 'body > main > div > p > a', 'body > footer']));
    expect(t.after.clipped.every((c) => c.new)).toBe(true);
    expect(t.after.overlaps).toBeGreaterThan(0);
    expect(t.after.overlapSamples.map((s) => s.textA)).toContain('Piejūras ostas pārvalde');
  });

  test('a page sized in rem with boxes that grow: nothing cut, nothing overlaps', async () => {
    const t = await onHome('kbd-good', (p) => collectTextResize(p));
    expect(t.rootScaledShare).toBe(1);
    expect(t.after.clipped).toEqual([]);
    expect(t.after.overlaps).toBe(0);
    expect(t.after.scrollWidth).toBe(t.after.clientWidth);
    expect(t.after.textBoxes).toBeGreaterThan(t.before.textBoxes); // lines wrapped
  });
});

describe('motion collector', () => {
  test('marquee, infinite animation, autoplaying video, looping GIF and a slider, without a pause control', async () => {
    const m = await onHome('motion-busy', (p) => collectMotion(p));
    const kinds = m.items.map((i) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['marquee', 'animation', 'media', 'gif', 'carousel']));
    expect(m.items.find((i) => i.kind === 'animation')).toMatchObject({ animationName: 'pulss', animationType: 'CSSAnimation', iterations: null, durationMs: 1200 });
    expect(m.items.find((i) => i.kind === 'media')).toMatchObject({ tag: 'video', autoplay: true, muted: true, loop: true, controls: false, paused: false, captionTracks: 0 });
    expect(m.items.find((i) => i.kind === 'gif')).toMatchObject({ frames: 3, loops: 0, loopMs: 1200 });
    const slider = m.items.find((i) => i.kind === 'carousel')!;
    expect(slider).toMatchObject({ selector: '#slaidi', matched: '.slider' });
    expect(slider.changedAt!.length).toBeGreaterThanOrEqual(1);
    expect(m.controls).toEqual([]);
    for (const item of m.items) expect(motionOf(item, lvAspects.defaultOptions), item.kind).toBe('moving');
  });

  test('a calm page: manual carousel, video with controls, one-frame GIF, short fade-in: nothing moves', async () => {
    const m = await onHome('motion-calm', (p) => collectMotion(p));
    expect(m.items.find((i) => i.kind === 'carousel')).toMatchObject({ matched: '.carousel', changedAt: [] });
    expect(m.items.find((i) => i.kind === 'media')).toMatchObject({ autoplay: false, paused: true, controls: true, captionTracks: 1 });
    expect(m.items.find((i) => i.kind === 'gif')).toMatchObject({ frames: 1 });
    expect(m.items.filter((i) => i.kind === 'animation' || i.kind === 'mutation' || i.kind === 'marquee')).toEqual([]);
    expect(m.controls.map((c) => c.name)).toEqual(['Iepriekšējais', 'Nākamais']);
    for (const item of m.items) expect(motionOf(item, lvAspects.defaultOptions), item.kind).toBe('still');
  });
});

describe('through auditSite', () => {
  test('the three artifacts are collected on the home page and lv-aspects and https judge them', async () => {
    const config = testConfig({ lighthouse: { ...testConfig().crawl.lighthouse, enabled: false }, maxPages: 3 });
    const { result, artifacts } = await auditSite(fixtureTarget(env.sites, 'kbd-bad'), {
      browser: env.browser,
      config,
      runId: 'test-run',
      log: silentLogger,
      indicators: [lvAspects, https],
    });
    expect(schemaErrors(result)).toEqual([]);
    for (const name of ['keyboard', 'textResize', 'motion'] as const) {
      expect(artifacts[name], name).toBeDefined();
      expect(isCollectorError(artifacts[name]), name).toBe(false);
    }
    const value = result.indicators['lv-aspects']!.value as LvAspectsValue;
    expect(value).toMatchObject({ 'main-navigation': 'fail', 'keyboard-focus': 'fail', 'text-resize': 'pass', 'moving-content': 'pass' });
    expect(result.indicators['https']!.value).toEqual({ https: false, validCertificate: false, redirectsToHttps: false, hsts: false, hstsMaxAge: null });
  });
});
