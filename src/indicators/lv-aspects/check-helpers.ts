// Small helpers the aspect checks share.
import { loadedPages } from '../../text/page-search.ts';
import type { PageFacts } from '../../artifacts.ts';

export const clip = <T>(items: T[], n: number) => items.slice(0, Math.max(1, n));

/** Loaded HTML pages (not PDFs, not errors), home first. */
export function htmlPages(pages: readonly PageFacts[]): PageFacts[] {
  return loadedPages(pages).filter((p) => p.status < 400 && !/pdf/i.test(p.contentType));
}

export const pathOf = (u: URL) => u.pathname.replace(/\/+$/, '') || '/';
