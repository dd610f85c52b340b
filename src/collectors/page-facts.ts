// Reads one loaded page into PageFacts: links (with region and selector), headings, visible text, scripts, controls.
// The function run in the page only reads the DOM; all matching happens in indicators. Open shadow roots of web
// components are read like the document (links, headings, controls, text); the iframes' links are added (frames.ts).
import type { Frame, Page } from 'playwright-core';
import type { EmbeddedLimits } from '../config.ts';
import { frameLinks } from './frames.ts';
import { installInPageHelpers } from './in-page.ts';
import type { LinkFact, PageFacts } from '../artifacts.ts';

export interface ReadLimits {
  maxTextChars: number;
  maxLinks: number;
  /** Frames and shadow roots; without it the document alone is read (no shadow roots, no frames). */
  embedded?: EmbeddedLimits;
}

export interface RawPageFacts {
  title: string;
  lang: string;
  headings: { level: number; text: string }[];
  links: LinkFact[];
  text: string;
  scripts: string[];
  iframes: string[];
  controls: { text: string; selector: string }[];
}

/**
 * Runs inside the page: must be self-contained (it is serialised). innerText leaves out the content of a closed
 * <details> (an accordion the reader opens; statements often fold their sections that way), its text and its links'
 * text alike: they are opened for the read and closed again at once.
 */
function readPage(limits: { maxTextChars: number; maxLinks: number; maxShadowRoots: number }): RawPageFacts {
  const roots = window.__eindex.roots(Math.max(1, limits.maxShadowRoots + 1));
  const all = (selector: string): Element[] => roots.flatMap((r) => Array.from(r.querySelectorAll(selector)));
  const closedDetails = all('details:not([open])');
  for (const d of closedDetails) d.setAttribute('open', '');
  try {
    return readOpenPage(limits);
  } finally {
    for (const d of closedDetails) d.removeAttribute('open');
  }

  function readOpenPage(limits: { maxTextChars: number; maxLinks: number }): RawPageFacts {
    const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    const { selectorOf, regionOf } = window.__eindex;
    const links: LinkFact[] = [];
    for (const a of all('a[href], area[href]')) {
      if (links.length >= limits.maxLinks) break;
      const href = (a as HTMLAnchorElement).href;
      if (!href) continue;
      const imgAlt = Array.from(a.querySelectorAll('img[alt], svg title, [aria-label]'))
        .map((i) => clean(i.getAttribute('alt') ?? i.getAttribute('aria-label') ?? i.textContent))
        .filter(Boolean)
        .join(' ');
      const first = a.firstElementChild;
      const className = clean(`${a.getAttribute('class') ?? ''} ${first?.getAttribute('class') ?? ''}`);
      const link: LinkFact = {
        href,
        text: clean((a as HTMLElement).innerText ?? a.textContent).slice(0, 300),
        region: regionOf(a),
        selector: selectorOf(a),
      };
      const aria = a.getAttribute('aria-label');
      const title = a.getAttribute('title');
      if (aria) link.ariaLabel = clean(aria);
      if (title) link.title = clean(title);
      if (imgAlt) link.imgAlt = imgAlt.slice(0, 200);
      if (className) link.className = className.slice(0, 200);
      links.push(link);
    }
    const controls = all('button, [role="button"], input[type="button"], input[type="submit"], select')
      .slice(0, 300)
      .map((el) => ({
        text: clean(
          `${(el as HTMLElement).innerText ?? ''} ${el.getAttribute('aria-label') ?? ''} ${el.getAttribute('title') ?? ''} ${
            (el as HTMLInputElement).value ?? ''
          } ${el.getAttribute('class') ?? ''}`,
        ).slice(0, 200),
        selector: selectorOf(el),
      }));
    const scripts = Array.from(document.scripts)
      .map((s) => s.src || clean(s.textContent).slice(0, 200))
      .filter(Boolean)
      .slice(0, 200);
    return {
      title: clean(document.title),
      lang: document.documentElement.getAttribute('lang') ?? '',
      headings: all('h1, h2, h3, h4, h5, h6')
        .slice(0, 200)
        .map((h) => ({ level: Number(h.tagName[1]), text: clean(h.textContent).slice(0, 200) })),
      links,
      text: [document.body?.innerText ?? '', ...roots.slice(1).map(shadowText)].filter(Boolean).join('\n').slice(0, limits.maxTextChars),
      scripts,
      iframes: Array.from(document.querySelectorAll('iframe'))
        .map((f) => f.src)
        .filter(Boolean)
        .slice(0, 50),
      controls,
    };
  }

  /** A shadow root's rendered text (body.innerText leaves it out): its visible elements' innerText; a hidden element's
   * innerText would be its raw text, and <style>'s its CSS. */
  function shadowText(root: Document | ShadowRoot): string {
    return Array.from(root.children)
      .filter((c) => !/^(?:style|script|template|link|slot)$/i.test(c.tagName) && (c as HTMLElement).checkVisibility?.() !== false)
      .map((c) => (c as HTMLElement).innerText ?? '')
      .filter((t) => t.trim() !== '')
      .join('\n');
  }
}

export async function readPageFacts(page: Page, limits: ReadLimits): Promise<RawPageFacts> {
  await installInPageHelpers(page);
  const inPage = { maxTextChars: limits.maxTextChars, maxLinks: limits.maxLinks, maxShadowRoots: limits.embedded?.maxShadowRoots ?? 0 };
  const raw = await page.evaluate(readPage, inPage);
  if (limits.embedded && limits.embedded.maxFrames > 0 && raw.links.length < limits.maxLinks) {
    const read = async (frame: Frame) => (await frame.evaluate(readPage, inPage)).links;
    raw.links.push(...(await frameLinks(page, limits.embedded, limits.maxLinks - raw.links.length, read)));
  }
  return raw;
}

/** PageFacts for a page that could not be read: the error says why; nothing else is claimed. */
export function emptyFacts(base: Pick<PageFacts, 'url' | 'roles' | 'foundBy'>, error: string, status = 0): PageFacts {
  return {
    ...base,
    finalUrl: base.url,
    status,
    contentType: '',
    title: '',
    lang: '',
    headings: [],
    links: [],
    text: '',
    scripts: [],
    iframes: [],
    controls: [],
    loadMs: 0,
    error,
  };
}
