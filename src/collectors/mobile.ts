// Raw mobile facts of a page loaded in a phone-sized viewport: viewport meta, widths, font sizes, tap target boxes.
import type { Page } from 'playwright-core';
import { installInPageHelpers } from './in-page.ts';
import type { MobileFacts } from '../artifacts.ts';
import { shootViewport, type ShotBudget } from './screenshots.ts';

/** Runs inside the page: must be self-contained (it is serialised). */
function readMobile(): Omit<MobileFacts, 'url'> {
  const selectorOf = window.__eindex.selectorOf;
  const visible = (el: Element) => {
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0 && r.width > 0 && r.height > 0;
  };
  const sizes = new Map<number, { px: number; chars: number; selector: string; text: string }>();
  const walker = document.createTreeWalker(document.body ?? document.documentElement, NodeFilter.SHOW_TEXT);
  const seen = new Map<Element, boolean>();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.textContent ?? '').replace(/\s+/g, ' ').trim();
    const parent = n.parentElement;
    if (!text || !parent || /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(parent.tagName)) continue;
    let isVisible = seen.get(parent);
    if (isVisible === undefined) seen.set(parent, (isVisible = visible(parent)));
    if (!isVisible) continue;
    const px = Math.round(parseFloat(getComputedStyle(parent).fontSize) * 2) / 2;
    const entry = sizes.get(px);
    if (entry) entry.chars += text.length;
    else sizes.set(px, { px, chars: text.length, selector: selectorOf(parent), text: text.slice(0, 80) });
  }
  const all = Array.from(
    document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, [role="button"], [role="link"], [onclick]'),
  ).filter(visible);
  const tapTargets = all.slice(0, 400).map((el) => {
    const r = el.getBoundingClientRect();
    const parent = el.parentElement;
    const ownText = (el.textContent ?? '').trim();
    const parentText = (parent?.textContent ?? '').trim();
    const inline =
      el.tagName === 'A' && getComputedStyle(el).display === 'inline' && !!parent && parentText.length > ownText.length + 20;
    return {
      selector: selectorOf(el),
      text: (ownText || el.getAttribute('aria-label') || el.getAttribute('title') || '').replace(/\s+/g, ' ').slice(0, 60),
      x: Math.round(r.left + scrollX),
      y: Math.round(r.top + scrollY),
      width: Math.round(r.width),
      height: Math.round(r.height),
      inline,
    };
  });
  return {
    viewportMeta: document.querySelector('meta[name="viewport" i]')?.getAttribute('content') ?? null,
    viewportWidth: window.innerWidth,
    scrollWidth: Math.max(document.documentElement.scrollWidth, document.body?.scrollWidth ?? 0),
    fontSizes: Array.from(sizes.values()).sort((a, b) => a.px - b.px),
    tapTargets,
    tapTargetsTotal: all.length,
  };
}

/** With a budget: a PNG of the phone viewport as loaded, for the report's mobile findings. */
export async function collectMobile(page: Page, shots?: ShotBudget): Promise<MobileFacts> {
  await installInPageHelpers(page);
  const facts: MobileFacts = { url: page.url(), ...(await page.evaluate(readMobile)) };
  const name = shots ? await shootViewport(page, shots, 'mobile-home.png') : null;
  return name ? { ...facts, screenshot: name } : facts;
}
