// PNGs for people reading the report (src/report/): the elements axe found violating, clipped with a margin and
// outlined, and the home page's phone viewport. Never read by indicators. The budget keeps the cost small: at most
// `perPage` elements a page and `perSite` in all; every shot's time is summed in `ms` (logged per site).
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { Screenshot } from '../artifacts.ts';

export interface ShotBudget {
  perPage: number;
  /** Shots still allowed for the site. */
  left: number;
  taken: Screenshot[];
  /** Milliseconds spent taking them. */
  ms: number;
  /** The longest one element's clip, and the viewport, may take. */
  elementTimeoutMs: number;
  viewportTimeoutMs: number;
}

export function shotBudget(opts: { enabled: boolean; perPage: number; perSite: number; elementTimeoutMs: number; viewportTimeoutMs: number }): ShotBudget {
  const { elementTimeoutMs, viewportTimeoutMs } = opts;
  return { perPage: opts.enabled ? opts.perPage : 0, left: opts.enabled ? opts.perSite : 0, taken: [], ms: 0, elementTimeoutMs, viewportTimeoutMs };
}

const MARGIN = 12;
const MAX_W = 900;
const MAX_H = 420;

/** Runs inside the page: scrolls the element into view, outlines it, and returns its box in viewport px. */
function outline(args: { selector: string; on: boolean }): { x: number; y: number; width: number; height: number; vw: number; vh: number } | null {
  let el: HTMLElement | null = null;
  try {
    el = document.querySelector(args.selector) as HTMLElement | null;
  } catch {
    return null;
  }
  if (!el || !el.style) return null;
  if (!args.on) {
    el.style.outline = el.dataset.eindexOutline ?? '';
    delete el.dataset.eindexOutline;
    return null;
  }
  el.dataset.eindexOutline = el.style.outline;
  el.style.outline = '3px solid #c8007a';
  el.scrollIntoView({ block: 'center', inline: 'nearest' });
  const r = el.getBoundingClientRect();
  return { x: r.left, y: r.top, width: r.width, height: r.height, vw: innerWidth, vh: innerHeight };
}

/** File-name part of a page URL: short, stable. */
export function pageTag(url: string): string {
  return createHash('sha1').update(url).digest('hex').slice(0, 8);
}

/**
 * One clipped shot per given element (selector), in order, within the budget. Returns the name per selector taken.
 * An element that cannot be found or has no box is skipped: a report without a picture beats a failed audit.
 */
export async function shootElements(page: Page, budget: ShotBudget, items: { selector: string; key: string }[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (budget.perPage <= 0 || budget.left <= 0) return names;
  const started = Date.now();
  const url = page.url();
  const tag = pageTag(url);
  let onPage = 0;
  for (const item of items) {
    if (onPage >= budget.perPage || budget.left <= 0) break;
    try {
      const box = await page.evaluate(outline, { selector: item.selector, on: true });
      if (!box || box.width < 1 || box.height < 1 || box.x + box.width < 0 || box.y + box.height < 0) continue;
      const x = Math.max(0, Math.floor(box.x - MARGIN));
      const y = Math.max(0, Math.floor(box.y - MARGIN));
      const width = Math.min(MAX_W, Math.ceil(box.width + 2 * MARGIN), box.vw - x);
      const height = Math.min(MAX_H, Math.ceil(box.height + 2 * MARGIN), box.vh - y);
      if (width < 4 || height < 4) continue;
      const png = await page.screenshot({ clip: { x, y, width, height }, type: 'png', scale: 'css', animations: 'disabled', caret: 'hide', timeout: budget.elementTimeoutMs });
      await page.evaluate(outline, { selector: item.selector, on: false });
      const name = `axe-${tag}-${item.key.replace(/[^\w-]/g, '_')}.png`;
      budget.taken.push({ name, url, selector: item.selector, width, height, png: png.toString('base64') });
      names.set(item.selector, name);
      onPage++;
      budget.left--;
    } catch {
      // A detached element or a page that navigated: no picture for this one.
    }
  }
  budget.ms += Date.now() - started;
  return names;
}

/** The visible viewport (e.g. the phone view of the home page). */
export async function shootViewport(page: Page, budget: ShotBudget, name: string): Promise<string | null> {
  if (budget.left <= 0 && budget.perPage <= 0) return null;
  const started = Date.now();
  try {
    await page.evaluate(() => window.scrollTo(0, 0));
    const png = await page.screenshot({ type: 'png', scale: 'css', animations: 'disabled', caret: 'hide', timeout: budget.viewportTimeoutMs });
    const size = page.viewportSize() ?? { width: 0, height: 0 };
    budget.taken.push({ name, url: page.url(), width: size.width, height: size.height, png: png.toString('base64') });
    return name;
  } catch {
    return null;
  } finally {
    budget.ms += Date.now() - started;
  }
}
