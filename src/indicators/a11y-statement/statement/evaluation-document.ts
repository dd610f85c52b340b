// The evaluation document: a real link near its heading (or named like one), never a placeholder or the statement.
import { fold } from '../../../text/fold.ts';
import { matchLink } from '../../../text/links.ts';
import type { LinkFact } from '../../../artifacts.ts';
import { clip, containsWords, has } from './matchers.ts';
import type { StatementOptions } from './options.ts';
import type { Finding } from './parsed-statement.ts';
import { placeholdersIn, withoutPlaceholders } from './placeholders.ts';
import type { Section, Sentence } from './text-shape.ts';

function sameDocument(a: string, b: string): boolean {
  const strip = (u: string) => u.replace(/#.*$/, '').replace(/\/+$/, '').replace(/^https?:\/\/(www\.)?/i, '').toLowerCase();
  return strip(a) === strip(b);
}

function extensionOf(href: string): string {
  try {
    const path = new URL(href).pathname;
    const m = /\.([a-z0-9]{2,5})$/i.exec(path);
    return m ? m[1]!.toLowerCase() : '';
  } catch {
    return '';
  }
}

export function findDocument(
  sections: readonly Section[],
  sentences: readonly Sentence[],
  links: readonly LinkFact[],
  opts: StatementOptions,
  statementUrl: string | undefined,
): { url: string | null; finding: Finding | null } {
  const docSections = sections.filter((s) => s.name === 'document');
  const sectionText = docSections.map((s) => s.blocks.join('\n')).join('\n');
  const sectionFolded = fold(sectionText);
  const hasContent = withoutPlaceholders(sectionText, opts).length >= 3;

  // Menu and footer links ("Kontakti") are no document, even when their words stand under the heading.
  const contentLinks = links.filter((l) => l.region !== 'nav' && l.region !== 'header' && l.region !== 'footer');
  const candidates: { link: LinkFact; why: string }[] = [];
  for (const link of contentLinks) {
    const t = fold(link.text);
    if (containsWords(sectionFolded, t)) candidates.push({ link, why: 'under the heading' });
  }
  for (const m of sectionText.matchAll(/\b(?:https?:\/\/|www\.)[^\s<>"')\]]+/gi)) {
    const href = m[0].replace(/[.,;:]+$/, '');
    candidates.push({
      link: { href: /^www\./i.test(href) ? `https://${href}` : href, text: href, region: 'main', selector: '' },
      why: 'printed under the heading',
    });
  }
  if (hasContent) {
    for (const link of links) {
      if (link.text.trim() === '' && opts.documentExtensions.includes(extensionOf(link.href))) {
        candidates.push({ link, why: 'file link in the document' });
      }
    }
  }
  for (const link of contentLinks) {
    if (matchLink(link, opts.documentLinkKeywords) !== null) candidates.push({ link, why: 'named as the evaluation document' });
  }
  // "Ar izvērtējuma rezultātiem var iepazīties šeit.": a link inside a sentence about the evaluation document.
  const contentTexts = contentLinks.map((link) => ({ link, t: fold(link.text) }));
  for (const s of sentences) {
    const aboutDocument = has(s.clean, opts.documentLinkKeywords) || (has(s.folded, opts.evaluationKeywords) && has(s.folded, opts.documentNouns));
    if (s.section === 'document' || !aboutDocument) continue;
    for (const { link, t } of contentTexts) {
      if (containsWords(s.folded, t)) candidates.push({ link, why: 'in a sentence about the evaluation document' });
    }
  }

  let rejected: Finding | null = null;
  for (const { link, why } of candidates) {
    const problem = documentLinkProblem(link, opts, statementUrl);
    const label = link.text.trim();
    const describe = label && label !== link.href ? `${label} → ${link.href}` : link.href;
    if (problem === null) {
      return { url: link.href, finding: { text: clip(`${describe} (${why})`), href: link.href, ...(link.selector ? { selector: link.selector } : {}) } };
    }
    rejected ??= { text: clip(`${describe}: ${problem}`), href: link.href, ...(link.selector ? { selector: link.selector } : {}) };
  }
  if (rejected) return { url: null, finding: rejected };
  if (docSections.length > 0) {
    const heading = docSections[0]!.heading ?? '';
    const rest = sectionText.trim();
    return { url: null, finding: { text: clip(rest ? `${heading}: ${rest} (no link)` : `${heading} (no link)`) } };
  }
  return { url: null, finding: null };
}

function documentLinkProblem(link: LinkFact, opts: StatementOptions, statementUrl: string | undefined): string | null {
  const href = link.href.trim();
  if (!/^https?:\/\//i.test(href)) return 'not a web link';
  if (/\[|%5b|\{|%7b/i.test(href)) return 'placeholder address';
  if (placeholdersIn(link.text, opts).list.length > 0) return 'placeholder text';
  if (/^https?:\/\/[^/]*\b(?:example\.(?:com|org|lv)|domain\.lv)\b/i.test(href)) return 'placeholder address';
  if (statementUrl && sameDocument(href, statementUrl)) return 'links back to the statement itself';
  return null;
}
