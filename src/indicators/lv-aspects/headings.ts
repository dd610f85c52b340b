// Aspect headings: every page has headings, in order, with an h1 and no empty one.
import { pageUrl } from '../../text/page-search.ts';
import type { Evidence } from '../../types.ts';
import type { PageFacts } from '../../artifacts.ts';
import type { AspectOutcome, Check, LvAspectsOptions } from './aspects.ts';
import { clip, htmlPages } from './check-helpers.ts';

export function headingChecks(pages: readonly PageFacts[], o: LvAspectsOptions): Check[] {
  const html = htmlPages(pages);
  if (html.length === 0) return [];
  const fails: Evidence[] = [];
  const reviews: Evidence[] = [];
  for (const p of html) {
    const url = pageUrl(p);
    if (p.headings.length === 0) {
      fails.push({ url, text: 'lapā nav virsrakstu / no headings on the page' });
      continue;
    }
    for (let i = 1; i < p.headings.length; i++) {
      const prev = p.headings[i - 1]!;
      const h = p.headings[i]!;
      if (h.level > prev.level + 1) {
        fails.push({ url, selector: `h${h.level}`, text: `izlaists virsraksta līmenis / heading level skipped: h${prev.level} "${prev.text.slice(0, 40)}" → h${h.level} "${h.text.slice(0, 40)}"` });
        break;
      }
    }
    if (!p.headings.some((h) => h.level === 1)) reviews.push({ url, text: `nav h1 virsraksta / no h1 (first: h${p.headings[0]!.level} "${p.headings[0]!.text.slice(0, 40)}")` });
    const empty = p.headings.find((h) => h.text.trim() === '');
    if (empty) reviews.push({ url, selector: `h${empty.level}`, text: `tukšs virsraksts (varbūt attēls) / empty heading (maybe an image): h${empty.level}` });
  }
  const outcome: AspectOutcome = fails.length > 0 ? 'fail' : reviews.length > 0 ? 'needs-review' : 'pass';
  const evidence = outcome === 'pass'
    ? [{ url: pageUrl(html[0]!), text: `virsrakstu hierarhija bez izlaistiem līmeņiem ${html.length} lapās / headings in order on ${html.length} pages` }]
    : clip([...fails, ...reviews], o.maxEvidencePerCheck);
  return [{ id: 'heading-structure', outcome, evidence }];
}
