// Text resize to 200 % (WCAG 1.4.4) on the home page, desktop viewport: the layout is measured, the text enlarged,
// and measured again. The measures are raw: horizontal overflow of the document, text cut off by boxes with overflow
// hidden, and overlapping lines of text. The `lv-aspects` indicator judges them.
//
// How the text is enlarged: first the root font-size is doubled (what a reader's "font size" setting does; the share
// of text that grows says whether the page honours it, i.e. sizes text in rem/em/%), then every element gets an
// inline `font-size: <2 × its original computed size>px !important`. That is text-only zoom as Firefox's "Zoom text
// only" does it: every piece of text at exactly twice its size, whatever units the page uses, with the containers'
// widths and heights left as the page sets them (the situation of WCAG technique G179 and failure F69). Page zoom
// (Ctrl +) would instead shrink the layout viewport to 640 px, which is a reflow test, not this one.
import type { Page } from 'playwright-core';
import { installInPageHelpers } from './in-page.ts';
import type { LayoutSnapshot, TextResizeFacts } from '../artifacts.ts';
import { defaultTimings } from '../config.ts';

export interface TextResizeOptions {
  /** Two text line boxes overlapping by at least this share of the smaller one count as an overlap. */
  minOverlapRatio?: number;
  /** After enlarging, at most this long (ms) or two animation frames for the layout to settle (crawl timings). */
  settleMs?: number;
}

/** Runs inside the page: measures the layout. With `compare`, marks clipped elements not clipped in the first call. */
function measure(args: { minOverlapRatio: number; compare: boolean }): LayoutSnapshot {
  const w = window as unknown as Record<string, unknown>;
  const seenClipped = (w.__eindexClipped as WeakSet<Element> | undefined) ?? new WeakSet<Element>();
  w.__eindexClipped = seenClipped;
  const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const selectorOf = window.__eindex.selectorOf;
  // Whether an element and its ancestors let it be seen (opacity does not inherit, so the chain is walked; cached).
  const shown = new Map<Element, boolean>();
  const isShown = (el: Element | null): boolean => {
    if (!el || el === document.documentElement) return true;
    const cached = shown.get(el);
    if (cached !== undefined) return cached;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const tiny = (s.overflow !== 'visible' || s.clip !== 'auto' || s.clipPath !== 'none') && (r.width <= 2 || r.height <= 2);
    const result = s.display !== 'none' && s.visibility !== 'hidden' && Number(s.opacity) > 0 && !tiny && isShown(el.parentElement);
    shown.set(el, result);
    return result;
  };
  const hasOwnText = (el: Element) => Array.from(el.childNodes).some((n) => n.nodeType === 3 && /\S/.test(n.textContent ?? ''));
  // A slide fading in while another fades out would overlap for a moment: measure transitions at their end state.
  window.__eindex.finishTransitions();

  // Text cut off: a box with overflow hidden/clip whose content is larger than the box.
  const clipped: LayoutSnapshot['clipped'] = [];
  let clippedTotal = 0;
  for (const el of Array.from(document.querySelectorAll('body, body *'))) {
    if (!(el instanceof HTMLElement) || /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|SVG|IMG|VIDEO|IFRAME|CANVAS|SELECT|OPTION)$/.test(el.tagName)) continue;
    const s = getComputedStyle(el);
    const hidesX = s.overflowX === 'hidden' || s.overflowX === 'clip';
    const hidesY = s.overflowY === 'hidden' || s.overflowY === 'clip';
    if (!hidesX && !hidesY) continue;
    const overX = hidesX && el.scrollWidth > el.clientWidth + 1;
    const overY = hidesY && el.scrollHeight > el.clientHeight + 1;
    if (!overX && !overY) continue;
    if (!clean(el.innerText) || !isShown(el)) continue;
    clippedTotal++;
    const isNew = !seenClipped.has(el);
    if (!args.compare) seenClipped.add(el);
    if (clipped.length >= 60 || (args.compare && !isNew)) continue;
    clipped.push({
      selector: selectorOf(el),
      text: clean(el.innerText).slice(0, 80),
      fontPx: Math.round(parseFloat(getComputedStyle(hasOwnText(el) ? el : (el.querySelector('*') ?? el)).fontSize) * 10) / 10,
      clientWidth: el.clientWidth,
      scrollWidth: el.scrollWidth,
      clientHeight: el.clientHeight,
      scrollHeight: el.scrollHeight,
      ellipsis: s.textOverflow === 'ellipsis',
      ...(args.compare ? { new: true } : {}),
    });
  }

  // Line boxes of visible text, in document coordinates.
  const boxes: { l: number; t: number; r: number; b: number; node: number; el: Element }[] = [];
  const walker = document.createTreeWalker(document.body ?? document.documentElement, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let nodeIndex = 0;
  for (let n = walker.nextNode(); n && boxes.length < 4000; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (!parent || !/\S/.test(n.textContent ?? '') || /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|OPTION)$/.test(parent.tagName) || !isShown(parent)) continue;
    nodeIndex++;
    range.selectNodeContents(n);
    for (const rect of Array.from(range.getClientRects())) {
      if (rect.width < 1 || rect.height < 1) continue;
      boxes.push({ l: rect.left + scrollX, t: rect.top + scrollY, r: rect.right + scrollX, b: rect.bottom + scrollY, node: nodeIndex, el: parent });
    }
  }
  boxes.sort((a, b) => a.t - b.t);
  let overlaps = 0;
  const overlapSamples: LayoutSnapshot['overlapSamples'] = [];
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i]!;
    for (let j = i + 1; j < boxes.length && boxes[j]!.t < a.b; j++) {
      const b = boxes[j]!;
      if (b.node === a.node) continue;
      const iw = Math.min(a.r, b.r) - Math.max(a.l, b.l);
      const ih = Math.min(a.b, b.b) - Math.max(a.t, b.t);
      if (iw <= 0 || ih <= 0) continue;
      const ratio = (iw * ih) / Math.min((a.r - a.l) * (a.b - a.t), (b.r - b.l) * (b.b - b.t));
      if (ratio < args.minOverlapRatio) continue;
      overlaps++;
      if (overlapSamples.length < 10) {
        overlapSamples.push({
          a: selectorOf(a.el),
          b: selectorOf(b.el),
          textA: clean(a.el.textContent).slice(0, 60),
          textB: clean(b.el.textContent).slice(0, 60),
          ratio: Math.round(ratio * 100) / 100,
        });
      }
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    clipped,
    clippedTotal,
    overlaps,
    overlapSamples,
    textBoxes: boxes.length,
  };
}

/** Runs inside the page: doubles the root font-size, then every element's; returns the shares of text that grew. */
function enlarge(): { rootScaledShare: number; enlargedShare: number } {
  const elements = Array.from(document.querySelectorAll('html, body, body *')).filter(
    (el): el is HTMLElement => el instanceof HTMLElement && !/^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(el.tagName),
  );
  const original = new Map<HTMLElement, number>();
  for (const el of elements) original.set(el, parseFloat(getComputedStyle(el).fontSize));
  // Characters of text directly in each element, for shares weighted by text.
  const chars = new Map<HTMLElement, number>();
  for (const el of elements) {
    let n = 0;
    for (const c of Array.from(el.childNodes)) if (c.nodeType === 3) n += (c.textContent ?? '').replace(/\s+/g, '').length;
    if (n > 0) chars.set(el, n);
  }
  const share = (factor: number) => {
    let grown = 0;
    let total = 0;
    for (const [el, n] of chars) {
      const before = original.get(el) ?? 0;
      if (before <= 0) continue;
      total += n;
      if (parseFloat(getComputedStyle(el).fontSize) >= before * factor) grown += n;
    }
    return total === 0 ? 1 : Math.round((grown / total) * 1000) / 1000;
  };
  const root = document.documentElement;
  root.style.setProperty('font-size', `${(original.get(root) ?? 16) * 2}px`, 'important');
  const rootScaledShare = share(1.5);
  for (const el of elements) {
    el.style.setProperty('font-size', `${(original.get(el) ?? 16) * 2}px`, 'important');
    el.style.setProperty('-webkit-text-size-adjust', 'none', 'important');
  }
  return { rootScaledShare, enlargedShare: share(1.9) };
}

/** Measures a page already loaded (the home page), enlarges its text and measures again. Leaves the page enlarged. */
export async function collectTextResize(page: Page, options: TextResizeOptions = {}): Promise<TextResizeFacts> {
  await installInPageHelpers(page);
  const minOverlapRatio = options.minOverlapRatio ?? 0.3;
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  const before = await page.evaluate(measure, { minOverlapRatio, compare: false });
  const shares = await page.evaluate(enlarge);
  // Let the layout and any resize observers settle for two frames.
  await page.evaluate(
    (settleMs) =>
      new Promise<void>((resolve) => {
        requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
        setTimeout(resolve, settleMs);
      }),
    options.settleMs ?? defaultTimings().textResizeSettleMs,
  );
  const after = await page.evaluate(measure, { minOverlapRatio, compare: true });
  return { url: page.url(), viewport, method: 'root-and-elements', ...shares, minOverlapRatio, before, after };
}
