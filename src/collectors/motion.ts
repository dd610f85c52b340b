// Moving, blinking and auto-updating content of the home page (WCAG 2.2.2 Pause, Stop, Hide): <marquee> and <blink>,
// running CSS and script animations (document.getAnimations()), <video>/<audio> and their state after a few seconds,
// embedded players, GIF images (frames and loops read from the file), carousels, and elements the page keeps changing
// (a MutationObserver over a bounded window, 3 s by default). For each item, the names of the buttons around it, so
// the indicator can look for a pause control. Raw facts only: what counts as moving, and for how long, is judged in
// the `lv-aspects` indicator.
import type { Page } from 'playwright-core';
import { installInPageHelpers } from './in-page.ts';
import type { MotionFacts, MotionItem } from '../artifacts.ts';
import { defaultTimings } from '../config.ts';

export interface MotionOptions {
  /** How long to watch the page for changes (ms). Carousels advancing every 5 s or more may not move in this window;
   * they are still reported (kind "carousel", empty changedAt). */
  windowMs?: number;
  /** Elements that are carousels or sliders: widget libraries' own class names and attributes. */
  carouselSelectors?: readonly string[];
  /** Animations shorter than this (one run, ms) are not reported: hover effects, fades. */
  minAnimationMs?: number;
  /** GIF files read to count frames, at most. */
  maxGifs?: number;
}

export const CAROUSEL_SELECTORS = [
  '[aria-roledescription="carousel" i]',
  '[data-ride="carousel"]',
  '[data-bs-ride]',
  '.carousel',
  '.slick-slider',
  '.swiper',
  '.swiper-container',
  '.owl-carousel',
  '.splide',
  '.flickity-enabled',
  '.glide',
  '.flexslider',
  '.bx-wrapper',
  '.cycle-slideshow',
  '.slideshow',
  '.slider',
] as const;

type RawItem = Omit<MotionItem, 'frames' | 'loops' | 'loopMs'>;

/** Runs inside the page: watches for `windowMs`, then reads everything that moves or may move. */
async function observeMotion(args: { windowMs: number; carouselSelectors: string[]; minAnimationMs: number }): Promise<{
  items: RawItem[];
  controls: MotionFacts['controls'];
}> {
  const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const selectorOf = window.__eindex.selectorOf;
  const t0 = performance.now();
  const changes = new Map<Element, { times: number[]; what: Set<string> }>();
  const observer = new MutationObserver((records) => {
    const t = Math.round(performance.now() - t0);
    for (const r of records) {
      const el = r.type === 'attributes' ? (r.target as Element) : r.target.nodeType === 1 ? (r.target as Element) : r.target.parentElement;
      if (!el || el === document.body || el === document.documentElement || el.closest('head')) continue;
      const entry = changes.get(el) ?? { times: [], what: new Set<string>() };
      if (entry.times.length < 200) entry.times.push(t);
      entry.what.add(r.type === 'attributes' ? `attr:${r.attributeName}` : r.type === 'childList' ? 'children' : 'text');
      changes.set(el, entry);
    }
  });
  observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
  await new Promise((resolve) => setTimeout(resolve, args.windowMs));
  observer.disconnect();

  // Distinct moments: changes less than 250 ms apart belong to one step (a slide change touches several attributes).
  const moments = (times: number[]) => {
    const out: number[] = [];
    for (const t of [...times].sort((a, b) => a - b)) if (out.length === 0 || t - out[out.length - 1]! > 250) out.push(t);
    return out;
  };
  const box = (el: Element) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return { visible: s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0 && r.width > 0 && r.height > 0, width: Math.round(r.width), height: Math.round(r.height) };
  };
  const CONTROL = 'button, [role="button"], input[type="button"], input[type="submit"], input[type="image"], a[href="#"], a[href^="javascript:" i], a:not([href])';
  const controlName = (el: Element) =>
    clean(
      `${(el as HTMLElement).innerText ?? ''} ${el.getAttribute('aria-label') ?? ''} ${el.getAttribute('title') ?? ''} ${
        (el as HTMLInputElement).value ?? ''
      } ${el.getAttribute('alt') ?? ''} ${el.getAttribute('class') ?? ''}`,
    ).slice(0, 120);
  const nearControls = (el: Element) => {
    let scope: Element = el;
    for (let k = 0; k < 3 && scope.parentElement && scope.parentElement !== document.body; k++) scope = scope.parentElement;
    return Array.from(scope.querySelectorAll(CONTROL)).slice(0, 12).map(controlName).filter(Boolean);
  };
  const item = (kind: MotionItem['kind'], el: Element, extra: Partial<RawItem> = {}): RawItem => ({
    kind,
    selector: selectorOf(el),
    ...box(el),
    nearControls: nearControls(el),
    ...extra,
  });

  const items: RawItem[] = [];
  for (const el of Array.from(document.querySelectorAll('marquee'))) items.push(item('marquee', el));
  for (const el of Array.from(document.querySelectorAll('blink'))) items.push(item('blink', el));

  const seenAnimations = new Set<string>();
  for (const a of document.getAnimations()) {
    if (a.playState !== 'running' || items.length >= 80) continue;
    const effect = a.effect as KeyframeEffect | null;
    const target = effect?.target;
    if (!effect || !target) continue;
    const timing = effect.getComputedTiming();
    const iterations = timing.iterations === Infinity ? null : Number(timing.iterations ?? 1);
    const duration = typeof timing.duration === 'number' ? timing.duration : Number(timing.duration) || 0;
    const total = iterations === null ? Infinity : duration * iterations;
    if (total < args.minAnimationMs) continue;
    const type = typeof CSSAnimation !== 'undefined' && a instanceof CSSAnimation ? 'CSSAnimation'
      : typeof CSSTransition !== 'undefined' && a instanceof CSSTransition ? 'CSSTransition' : 'Animation';
    const name = type === 'CSSAnimation' ? (a as CSSAnimation).animationName
      : type === 'CSSTransition' ? (a as CSSTransition).transitionProperty : a.id || 'script';
    const key = `${selectorOf(target)}|${name}|${effect.pseudoElement ?? ''}`;
    if (seenAnimations.has(key)) continue;
    seenAnimations.add(key);
    items.push(item('animation', target, {
      animationName: effect.pseudoElement ? `${name} (${effect.pseudoElement})` : name,
      animationType: type,
      iterations,
      durationMs: Math.round(duration),
    }));
  }

  for (const el of Array.from(document.querySelectorAll('video, audio')) as HTMLMediaElement[]) {
    items.push(item('media', el, {
      tag: el.tagName.toLowerCase(),
      autoplay: el.hasAttribute('autoplay'),
      muted: el.muted,
      controls: el.controls,
      loop: el.loop,
      paused: el.paused,
      mediaDurationS: Number.isFinite(el.duration) ? Math.round(el.duration * 10) / 10 : null,
      captionTracks: el.querySelectorAll('track[kind="captions" i], track[kind="subtitles" i]').length,
      src: (el.currentSrc || el.getAttribute('src') || '').slice(0, 300),
    }));
  }
  for (const el of Array.from(document.querySelectorAll('iframe[src], embed[src], object[data]')).slice(0, 20)) {
    items.push(item('embed', el, { tag: el.tagName.toLowerCase(), src: (el.getAttribute('src') ?? el.getAttribute('data') ?? '').slice(0, 300) }));
  }
  for (const img of Array.from(document.images)) {
    const src = img.currentSrc || img.src;
    if (/^data:image\/gif/i.test(src) || /\.gif(?:$|[?#])/i.test(src)) items.push(item('gif', img, { src: src.slice(0, 300) }));
  }

  const carousels: Element[] = [];
  for (const sel of args.carouselSelectors) {
    let found: Element[] = [];
    try {
      found = Array.from(document.querySelectorAll(sel));
    } catch {
      continue;
    }
    for (const el of found) {
      if (carousels.some((c) => c === el || c.contains(el) || el.contains(c))) continue;
      carousels.push(el);
      const data: Record<string, string> = {};
      for (const attr of Array.from(el.attributes)) {
        if (attr.name.startsWith('data-') && Object.keys(data).length < 12) data[attr.name] = attr.value.slice(0, 100);
      }
      const inside = [...changes.entries()].filter(([changed]) => el.contains(changed)).flatMap(([, c]) => c.times);
      items.push(item('carousel', el, { matched: sel, dataAttributes: data, changedAt: moments(inside) }));
    }
  }

  const mutated = [...changes.entries()]
    .filter(([el]) => el.isConnected && !carousels.some((c) => c.contains(el)))
    .map(([el, c]) => ({ el, at: moments(c.times), what: [...c.what] }))
    .filter((m) => m.at.length >= 2)
    .sort((a, b) => b.at.length - a.at.length)
    .slice(0, 30);
  for (const m of mutated) items.push(item('mutation', m.el, { changedAt: m.at, changes: m.what.slice(0, 8) }));

  const controls = Array.from(document.querySelectorAll(CONTROL))
    .slice(0, 300)
    .map((el) => ({ name: controlName(el), selector: selectorOf(el) }))
    .filter((c) => c.name);
  return { items, controls };
}

/** Frames, loop count (0 = forever; 1 when the file has no loop extension) and ms of one loop of a GIF file. */
export function readGif(bytes: Uint8Array): { frames: number; loops: number; loopMs: number } | null {
  const ascii = (from: number, n: number) => String.fromCharCode(...bytes.subarray(from, from + n));
  if (bytes.length < 13 || !/^GIF8[79]a$/.test(ascii(0, 6))) return null;
  let p = 13;
  if (bytes[10]! & 0x80) p += 3 * 2 ** ((bytes[10]! & 7) + 1);
  let frames = 0;
  let loops = 1;
  let loopMs = 0;
  let delay = 0;
  const skipSubBlocks = () => {
    while (p < bytes.length && bytes[p] !== 0) p += bytes[p]! + 1;
    p++;
  };
  while (p < bytes.length) {
    const block = bytes[p]!;
    if (block === 0x3b) break;
    if (block === 0x21) {
      const label = bytes[p + 1];
      if (label === 0xf9 && bytes[p + 2] === 4) {
        delay = (bytes[p + 4]! | (bytes[p + 5]! << 8)) * 10;
        p += 2;
        skipSubBlocks();
      } else if (label === 0xff && bytes[p + 2] === 11 && /^(NETSCAPE2\.0|ANIMEXTS1\.0)$/.test(ascii(p + 3, 11))) {
        p += 14;
        if (bytes[p] === 3 && bytes[p + 1] === 1) loops = bytes[p + 2]! | (bytes[p + 3]! << 8);
        skipSubBlocks();
      } else {
        p += 2;
        skipSubBlocks();
      }
    } else if (block === 0x2c) {
      frames++;
      // Browsers show frames with a delay under 20 ms for 100 ms.
      loopMs += delay < 20 ? 100 : delay;
      delay = 0;
      const packed = bytes[p + 9] ?? 0;
      p += 10;
      if (packed & 0x80) p += 3 * 2 ** ((packed & 7) + 1);
      p++; // LZW minimum code size
      skipSubBlocks();
    } else {
      break; // not a GIF block: a damaged file; what was read so far stands
    }
  }
  return frames === 0 ? null : { frames, loops, loopMs };
}

/** Watches a page already loaded (the home page) for `windowMs` and reads what moves. */
export async function collectMotion(page: Page, options: MotionOptions = {}): Promise<MotionFacts> {
  await installInPageHelpers(page);
  const windowMs = options.windowMs ?? defaultTimings().motionWindowMs;
  const raw = await page.evaluate(observeMotion, {
    windowMs,
    carouselSelectors: [...(options.carouselSelectors ?? CAROUSEL_SELECTORS)],
    minAnimationMs: options.minAnimationMs ?? 1000,
  });
  const items: MotionItem[] = [];
  let gifsRead = 0;
  for (const it of raw.items) {
    if (it.kind !== 'gif') {
      items.push(it);
      continue;
    }
    let gif: ReturnType<typeof readGif> = null;
    if (gifsRead < (options.maxGifs ?? 8) && it.src) {
      gifsRead++;
      gif = await fetchGif(page, it.src);
    }
    items.push({ ...it, frames: gif?.frames ?? null, loops: gif?.loops ?? null, loopMs: gif?.loopMs ?? null });
  }
  return { url: page.url(), windowMs, items, controls: raw.controls };
}

async function fetchGif(page: Page, src: string): Promise<ReturnType<typeof readGif>> {
  try {
    if (src.startsWith('data:')) {
      const base64 = src.slice(src.indexOf(',') + 1);
      return readGif(Buffer.from(decodeURIComponent(base64), 'base64'));
    }
    const response = await page.context().request.get(src, { timeout: 10_000, failOnStatusCode: false, maxRedirects: 3 });
    const body = response.ok() ? await response.body() : null;
    await response.dispose();
    return body ? readGif(body.subarray(0, 2_000_000)) : null;
  } catch {
    return null;
  }
}
