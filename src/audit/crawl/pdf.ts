// A PDF among the site's pages (a statement is often one): fetched, not rendered, and read as text and links.
import type { BrowserContext, Page } from 'playwright-core';
import { pdfLinks, pdfToText } from '../../collectors/pdf-text.ts';
import { emptyFacts } from '../../collectors/page-facts.ts';
import { pageKey } from '../discovery.ts';
import type { AxePage, FoundBy, PageFacts, PageRole } from '../../artifacts.ts';
import type { Response } from 'playwright-core';

/** One page as loaded: its facts, axe's findings on it, and the main response (the home page's transport facts). */
export interface LoadedPage {
  facts: PageFacts;
  axe: AxePage | null;
  response: Response | null;
  /** The page itself, left open when asked (the home page, for a collector that only watches it); its taker closes it. */
  open?: Page;
}

export async function loadPdf(
  context: BrowserContext,
  url: string,
  roles: PageRole[],
  foundBy: FoundBy,
  timeoutMs: number,
  maxTextChars: number,
): Promise<LoadedPage> {
  const started = Date.now();
  try {
    const response = await context.request.get(url, { timeout: timeoutMs, failOnStatusCode: false });
    const status = response.status();
    const contentType = response.headers()['content-type'] ?? '';
    if (status >= 400) return { facts: emptyFacts({ url, roles, foundBy }, `HTTP ${status}`, status), axe: null, response: null };
    const body = await response.body();
    const text = (await pdfToText(body)).slice(0, maxTextChars);
    // Links inside the PDF (e.g. to the evaluation report) have no visible text of their own; the URL is the name.
    const links = (await pdfLinks(body).catch(() => [] as string[])).map((href, i) => ({ href, text: '', region: 'main' as const, selector: `pdf-link-${i + 1}` }));
    const facts: PageFacts = {
      ...emptyFacts({ url, roles, foundBy }, ''),
      finalUrl: pageKey(response.url()),
      status,
      contentType: contentType || 'application/pdf',
      text,
      links,
      loadMs: Date.now() - started,
    };
    delete facts.error;
    return { facts, axe: null, response: null };
  } catch (err) {
    return { facts: emptyFacts({ url, roles, foundBy }, `PDF could not be read: ${(err as Error).message}`), axe: null, response: null };
  }
}
