// Reads one loaded page into PageFacts: links (with region and selector), headings, visible text, scripts, controls.
// The function run in the page only reads the DOM; all matching happens in indicators.
import type { Page } from 'playwright-core';
import { installInPageHelpers } from './in-page.ts';
import type { LinkFact, PageFacts } from '../artifacts.ts';

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
function readPage(limits: { maxTextChars: number; maxLinks: number }): RawPageFacts {
  const closedDetails = Array.from(document.querySelectorAll('details:not([open])'));
  for (const d of closedDetails) d.setAttribute('open', '');
  try {
    return readOpenPage(limits);
  } finally {
    for (const d of closedDetails) d.removeAttribute('open');
  }

  function readOpenPage(limits: { maxTextChars: number; maxLinks: number }): RawPageFacts {
    const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    const selectorOf = window.__eindex.selectorOf;
    const regionOf = (el: Element): LinkFact['region'] => {
      if (el.closest('footer, [role="contentinfo"]')) return 'footer';
      if (el.closest('header, [role="banner"]')) return 'header';
      if (el.closest('nav, [role="navigation"]')) return 'nav';
      if (el.closest('aside, [role="complementary"]')) return 'aside';
      if (el.closest('main, [role="main"]')) return 'main';
      return 'other';
    };
    const links: LinkFact[] = [];
    for (const a of Array.from(document.querySelectorAll('a[href], area[href]'))) {
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
    const controls = Array.from(
      document.querySelectorAll('button, [role="button"], input[type="button"], input[type="submit"], select'),
    )
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
      headings: Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
        .slice(0, 200)
        .map((h) => ({ level: Number(h.tagName[1]), text: clean(h.textContent).slice(0, 200) })),
      links,
      text: (document.body?.innerText ?? '').slice(0, limits.maxTextChars),
      scripts,
      iframes: Array.from(document.querySelectorAll('iframe'))
        .map((f) => f.src)
        .filter(Boolean)
        .slice(0, 50),
      controls,
    };
  }
}

export async function readPageFacts(page: Page, limits: { maxTextChars: number; maxLinks: number }): Promise<RawPageFacts> {
  await installInPageHelpers(page);
  return page.evaluate(readPage, limits);
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
