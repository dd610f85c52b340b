// Keyboard access of the home page: press Tab up to `maxTabs` times from the top and record, for every element that
// takes focus, where it is, whether it is on screen, and which of its styles change between the focused and the
// unfocused state (screenshot-free focus visibility). Also: keyboard traps, and which header/nav links Tab reaches.
//
// How focus visibility is read: when focus has moved on from an element, its computed styles (outline, box-shadow,
// borders, background, colour, text decoration, ::before/::after, its parent for :focus-within, its first child,
// and its box for skip links that slide in) are compared with those read while it was focused. Comparing after the
// next Tab press (instead of blurring and refocusing) changes nothing a real user would not change. CSS transitions
// are finished before each read, so a 0.3 s fade-in of an outline is seen in its end state.
//
// Chromium's Tab order in a page: element by element, then focus leaves the page (document.hasFocus() false, active
// element body), then it starts again at the first element. So returning to an element already seen without leaving
// the page in between is a cycle: a keyboard trap (or a modal dialog, which the indicator tells apart).
import type { Page } from 'playwright-core';
import { installInPageHelpers } from './in-page.ts';
import type { FocusStep, KeyboardFacts } from '../artifacts.ts';
import { firstLine } from '../failures.ts';
import { defaultTimings } from '../config.ts';

export interface KeyboardOptions {
  /** Tab presses at most; a typical header (tools, languages, search, menu) takes 15–30. */
  maxTabs?: number;
  /** The same element focused after this many further presses is a trap (focus stops moving). */
  stuckPresses?: number;
  /** The same for an iframe, media element or custom element, inside which focus moves unseen. */
  innerPresses?: number;
}

interface StepRead {
  /** The focused element; null when focus is not on an element of the page (it left the page). */
  focused: (Omit<FocusStep, 'changed'> & { seenAt: number; same: boolean }) | null;
  /** Styles that changed on the element focused before, now that focus left it; null when focus did not move. */
  prevChanged: string[] | null;
}

/** Runs inside the page: sets up the state the step reads use; returns the menu links and the tabbable count. */
function startTabbing(): Pick<KeyboardFacts, 'menuLinks' | 'tabbableCount'> {
  const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const selectorOf = window.__eindex.selectorOf;
  const visible = (el: Element) => {
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return style.visibility !== 'hidden' && Number(style.opacity) > 0 && r.width > 0 && r.height > 0;
  };
  const tabbable = (el: Element) =>
    (el as HTMLElement).tabIndex >= 0 && !el.closest('[inert]') && !(el as HTMLButtonElement).disabled;
  (document.activeElement as HTMLElement | null)?.blur?.();
  window.scrollTo(0, 0);
  const menu = Array.from(
    document.querySelectorAll('header a[href], nav a[href], [role="banner"] a[href], [role="navigation"] a[href]'),
  )
    .filter((a) => !a.closest('footer, [role="contentinfo"]'))
    .slice(0, 80);
  const state = { menu, prev: null as null | { el: Element; styles: Record<string, string> }, seen: new Map<Element, number>(), step: 0 };
  (window as unknown as Record<string, unknown>).__eindexKeyboard = state;
  const all = Array.from(
    document.querySelectorAll('a[href], area[href], button, input:not([type="hidden"]), select, textarea, [tabindex], [contenteditable="true"], iframe, summary'),
  );
  return {
    tabbableCount: all.filter((el) => tabbable(el) && visible(el)).length,
    menuLinks: menu.map((a) => ({
      selector: selectorOf(a),
      text: clean((a as HTMLElement).innerText || a.getAttribute('aria-label') || a.getAttribute('title')).slice(0, 80),
      href: (a as HTMLAnchorElement).href,
      region: a.closest('header, [role="banner"]') ? ('header' as const) : ('nav' as const),
      visible: visible(a),
      tabbable: tabbable(a),
    })),
  };
}

/** Runs inside the page after a Tab press (or with `finish`, after blurring the last element). */
function readStep(finish: boolean): StepRead {
  const state = (window as unknown as Record<string, unknown>).__eindexKeyboard as {
    menu: Element[];
    prev: null | { el: Element; styles: Record<string, string> };
    seen: Map<Element, number>;
    step: number;
  };
  const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const selectorOf = window.__eindex.selectorOf;
  // Styles that can show focus. An outline or border that is not drawn is recorded as "none", whatever its colour.
  const PROPS = ['box-shadow', 'background-color', 'background-image', 'color', 'text-decoration-line', 'text-decoration-color',
    'font-weight', 'opacity', 'transform', 'filter', 'visibility', 'clip', 'clip-path'];
  const read = (style: CSSStyleDeclaration, prefix: string, out: Record<string, string>, pseudo: boolean) => {
    const outline = style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0
      ? 'none' : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} ${style.outlineOffset}`;
    out[`${prefix}outline`] = outline;
    for (const side of ['top', 'right', 'bottom', 'left']) {
      const s = style.getPropertyValue(`border-${side}-style`);
      const w = style.getPropertyValue(`border-${side}-width`);
      out[`${prefix}border-${side}`] = s === 'none' || s === 'hidden' || parseFloat(w) === 0 ? 'none' : `${s} ${w} ${style.getPropertyValue(`border-${side}-color`)}`;
    }
    for (const p of PROPS) out[`${prefix}${p}`] = style.getPropertyValue(p);
    if (pseudo) {
      out[`${prefix}content`] = style.content;
      out[`${prefix}width`] = style.width;
      out[`${prefix}height`] = style.height;
    }
  };
  const snapshot = (el: Element): Record<string, string> => {
    const out: Record<string, string> = {};
    read(getComputedStyle(el), '', out, false);
    read(getComputedStyle(el, '::before'), '::before ', out, true);
    read(getComputedStyle(el, '::after'), '::after ', out, true);
    if (el.parentElement) read(getComputedStyle(el.parentElement), 'parent ', out, false);
    if (el.firstElementChild) read(getComputedStyle(el.firstElementChild), 'child ', out, false);
    const h = el as HTMLElement;
    out.box = `${h.offsetLeft},${h.offsetTop},${h.offsetWidth},${h.offsetHeight}`;
    return out;
  };
  const diff = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys(a).filter((k) => a[k] !== b[k]).map((k) => k.replace(/ (?:top|right|bottom|left)$|-(?:top|right|bottom|left)$/, ''))
      .filter((k, i, all) => all.indexOf(k) === i);

  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  if (finish && el && el !== document.body) (el as HTMLElement).blur?.();
  if (finish) el = null;
  window.__eindex.finishTransitions();
  const onPage = !!el && el !== document.body && el !== document.documentElement && document.hasFocus();

  let prevChanged: string[] | null = null;
  if (state.prev && (!onPage || state.prev.el !== el)) {
    prevChanged = state.prev.el.isConnected ? diff(state.prev.styles, snapshot(state.prev.el)) : ['removed'];
    state.prev = null;
  }
  if (!onPage || !el) return { focused: null, prevChanged };

  const same = state.prev?.el === el;
  const seenAt = state.seen.get(el) ?? -1;
  if (seenAt < 0) state.seen.set(el, state.step);
  state.step++;
  if (!same) state.prev = { el, styles: snapshot(el) };

  const style = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const visible = style.visibility !== 'hidden' && Number(style.opacity) > 0 && r.width > 0 && r.height > 0;
  const inViewport = visible && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
  const href = el.getAttribute('href');
  const region = el.closest('footer, [role="contentinfo"]') ? 'footer'
    : el.closest('header, [role="banner"]') ? 'header'
    : el.closest('nav, [role="navigation"]') ? 'nav'
    : el.closest('aside, [role="complementary"]') ? 'aside'
    : el.closest('main, [role="main"]') ? 'main' : 'other';
  const name = clean(
    el.getAttribute('aria-label') || (el as HTMLElement).innerText || (el as HTMLInputElement).value || el.getAttribute('title') ||
      el.getAttribute('placeholder') || el.querySelector('img[alt]')?.getAttribute('alt'),
  ).slice(0, 80);
  const focused: NonNullable<StepRead['focused']> = {
    selector: selectorOf(el),
    tag: el.tagName.toLowerCase(),
    name,
    region,
    menuIndex: state.menu.indexOf(el),
    visible,
    inViewport,
    focusVisibleMatch: el.matches(':focus-visible'),
    focusStyle: `outline: ${style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0 ? 'none' : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`}; box-shadow: ${style.boxShadow}`.slice(0, 200),
    seenAt,
    same,
  };
  if (href !== null) {
    focused.href = href.slice(0, 300);
    if (/^#./.test(href)) {
      let id = href.slice(1);
      try {
        id = decodeURIComponent(id);
      } catch {
        /* keep as written */
      }
      focused.fragmentTarget = !!(document.getElementById(id) ?? document.getElementsByName(id)[0]);
    }
  }
  // Focus moves inside these while the page's active element stays the same: a frame's document, a media element's
  // own controls, a custom element's closed shadow root.
  if (/^(IFRAME|FRAME|OBJECT|EMBED|VIDEO|AUDIO)$/.test(el.tagName) || (el.tagName.includes('-') && !el.shadowRoot)) focused.frame = true;
  if (el.closest('[aria-modal="true"], dialog[open]')) focused.inModalDialog = true;
  return { focused, prevChanged };
}

/** Runs inside the page: the selector of an open modal dialog (<dialog> shown modal, or a visible aria-modal), or null. */
function openModal(): string | null {
  const candidates = [
    ...Array.from(document.querySelectorAll('dialog')).filter((d) => d.matches(':modal')),
    ...Array.from(document.querySelectorAll('[aria-modal="true"]')),
  ];
  const el = candidates.find((d) => {
    const r = d.getBoundingClientRect();
    const s = getComputedStyle(d);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  });
  if (!el) return null;
  if (el.id && /^[A-Za-z][\w-]*$/.test(el.id)) return `#${el.id}`;
  const cls = (el.getAttribute('class') ?? '').trim().split(/\s+/).filter(Boolean)[0];
  return `${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}`;
}

/** Tabs through a page already loaded (the home page). Never throws for what the page does; only for a dead page. */
export async function collectKeyboard(page: Page, options: KeyboardOptions = {}): Promise<KeyboardFacts> {
  await installInPageHelpers(page);
  const maxTabs = options.maxTabs ?? defaultTimings().maxTabPresses;
  const stuckPresses = options.stuckPresses ?? 2;
  const innerPresses = options.innerPresses ?? 20;
  // A cookie consent or other modal dialog open on arrival: a keyboard user would try Escape first.
  let modalAtStart: KeyboardFacts['modalAtStart'] = null;
  const modal = await page.evaluate(openModal);
  if (modal) {
    await page.keyboard.press('Escape');
    modalAtStart = { selector: modal, closedByEscape: (await page.evaluate(openModal)) === null };
  }
  const start = await page.evaluate(startTabbing);
  const facts: KeyboardFacts = { url: page.url(), maxTabs, tabsPressed: 0, ...start, modalAtStart, steps: [], endedBy: 'budget', trap: null };
  // Which step the element focused last belongs to, so its style changes can be attached when focus leaves it.
  let lastIndex = -1;
  let stuck = 0;
  let leftPage = 0;
  const attach = (changed: string[] | null) => {
    if (changed && lastIndex >= 0) facts.steps[lastIndex]!.changed = changed;
  };
  try {
    for (let i = 0; i < maxTabs; i++) {
      await page.keyboard.press('Tab');
      facts.tabsPressed++;
      const { focused, prevChanged } = await page.evaluate(readStep, false);
      attach(prevChanged);
      if (!focused) {
        // Focus left the page: after the last element (a full cycle), or before the first one (nothing to focus).
        if (facts.steps.length > 0) {
          facts.endedBy = 'cycle';
          break;
        }
        if (++leftPage >= 2) {
          facts.endedBy = 'no-focus';
          break;
        }
        continue;
      }
      const { seenAt, same, ...step } = focused;
      if (same) {
        // An iframe (or a video's controls) keeps the page's focus while Tab moves through its own elements.
        if (++stuck >= (step.frame ? innerPresses : stuckPresses)) {
          facts.endedBy = 'trap';
          facts.trap = { kind: 'stuck', steps: [lastIndex], inModalDialog: !!step.inModalDialog };
          break;
        }
        continue;
      }
      stuck = 0;
      if (seenAt >= 0) {
        const cycle = facts.steps.slice(seenAt);
        facts.endedBy = 'trap';
        facts.trap = {
          kind: 'cycle',
          steps: cycle.map((_, k) => seenAt + k),
          inModalDialog: cycle.length > 0 && cycle.every((s) => s.inModalDialog),
        };
        break;
      }
      facts.steps.push({ ...step, changed: null });
      lastIndex = facts.steps.length - 1;
    }
    // The element focused last: blur it to read its unfocused styles.
    const { prevChanged } = await page.evaluate(readStep, true);
    attach(prevChanged);
  } catch (err) {
    const message = firstLine(err);
    if (/context was destroyed|navigat/i.test(message)) facts.endedBy = 'navigated';
    facts.error = message;
  }
  return facts;
}
