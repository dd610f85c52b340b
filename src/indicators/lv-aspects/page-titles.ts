// Aspect page-titles: every page has a title of its own.
import { pageUrl } from '../../text/page-search.ts';
import type { PageFacts } from '../../artifacts.ts';
import type { Check, LvAspectsOptions } from './aspects.ts';
import { clip, htmlPages, pathOf } from './check-helpers.ts';

export function titleChecks(pages: readonly PageFacts[], o: LvAspectsOptions): Check[] {
  const html = htmlPages(pages);
  if (html.length === 0) return [];
  const empty = html.filter((p) => p.title.trim() === '');
  if (empty.length > 0) {
    return [{ id: 'page-title', outcome: 'fail', evidence: clip(empty.map((p) => ({ url: pageUrl(p), selector: 'title', text: 'lapai nav nosaukuma / page has no title' })), o.maxEvidencePerCheck) }];
  }
  // Pages that differ only in their query string and share a title are taken for one document shown two ways
  // (the crawl follows "?izmers=2" text size links); each title counts once per path.
  const byTitle = new Map<string, PageFacts[]>();
  for (const p of html) {
    const key = p.title.trim().toLowerCase();
    const list = byTitle.get(key) ?? [];
    const path = (q: PageFacts) => {
      try {
        const u = new URL(pageUrl(q));
        return `${u.host}${pathOf(u)}`;
      } catch {
        return pageUrl(q);
      }
    };
    if (!list.some((q) => path(q) === path(p))) list.push(p);
    byTitle.set(key, list);
  }
  const dupes = [...byTitle.values()].filter((list) => list.length > 1);
  const distinctPages = [...byTitle.values()].reduce((n, list) => n + list.length, 0);
  if (distinctPages > 1 && byTitle.size === 1) {
    return [{ id: 'page-title', outcome: 'fail', evidence: [{ url: pageUrl(html[0]!), selector: 'title', text: `visām ${distinctPages} lapām viens nosaukums / all ${distinctPages} pages share one title: "${html[0]!.title}"` }] }];
  }
  if (dupes.length > 0) {
    return [{
      id: 'page-title',
      outcome: 'needs-review',
      evidence: clip(dupes.map((list) => ({ url: pageUrl(list[0]!), selector: 'title', text: `${list.length} lapām nosaukums / ${list.length} pages titled "${list[0]!.title}": ${list.map(pageUrl).join(', ')}` })), o.maxEvidencePerCheck),
    }];
  }
  return [{ id: 'page-title', outcome: 'pass', evidence: [{ url: pageUrl(html[0]!), text: `${html.length} lapām atšķirīgi nosaukumi / ${html.length} pages, distinct titles` }] }];
}
