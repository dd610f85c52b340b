// Reads an accessibility statement (piekļūstamības paziņojums, Cabinet Regulation No. 445; EU model statement,
// Decision 2018/1523) from its text and links. Pure: same text, links, options and `now` give the same answer.
//
// The text is what a browser shows (innerText of the page, with menus and footer) or what came out of a PDF (broken
// lines, hyphenation, page numbers). We unwrap it into blocks, find the template's section headings, and decide each
// element from the sentence that shows it; that sentence is kept as evidence. All keyword matching is on folded text
// (lower case, no diacritics: src/text/fold.ts), so "Piekļūstamības", "PIEKĻŪSTAMĪBAS" and "pieklustamibas" are one word.
//
// Choices worth knowing:
// - lastEvaluated is the latest explicit evaluation date ("Izvērtējums veikts 12.03.2024."): the e-index asks how old
//   the evaluation is, and statements are often re-dated without a new evaluation. Without one (the EU model has no
//   separate evaluation date, only "This statement was prepared on"), the latest update or review date counts, then
//   the preparation date; `lastEvaluatedFrom` says which. A date takes the kind of the nearest keyword before it.
// - Elements are read with placeholders removed: "Izvērtējumu veica [pašnovērtējums / ārējs izvērtētājs]" names no
//   evaluator, "Šī tīmekļvietne [atbilst/daļēji atbilst/neatbilst]" claims no status.
// - Feedback contacts count only in the feedback section or in a sentence asking for feedback, never in the complaint
//   procedure (the supervisor's address) or the page footer (the institution's general contacts).
// - The evaluation document counts only as a link (or a printed URL) to a file or another page, found under its
//   heading, named like one, or inside a sentence about it; a placeholder, "#" or a link back to the statement is not.
import { fold } from '../../text/fold.ts';
import type { LinkFact } from '../../artifacts.ts';
import { cloudflareEmailsIn, emailsIn, phonesIn } from './statement/contacts.ts';
import { findDates } from './statement/dates.ts';
import { findDocument } from './statement/evaluation-document.ts';
import { languageOf } from './statement/language.ts';
import { classifyStatus, clip, containsWords, has, keywordAt } from './statement/matchers.ts';
import type { StatementOptions } from './statement/options.ts';
import type { ComplianceStatus, DateSource, ElementName, Finding, ParsedStatement, StatementElements } from './statement/parsed-statement.ts';
import { placeholdersIn, withoutPlaceholders } from './statement/placeholders.ts';
import { newestVersion } from './statement/versions.ts';
import { contentLinkTexts, sectionsOf, splitSentences, startsWithKeyword, unwrap, type Section, type Sentence } from './statement/text-shape.ts';

// The parser's contract, importable from the parser itself: what it answers and the options it reads.
export { DEFAULT_STATEMENT_OPTIONS, type StatementOptions } from './statement/options.ts';
export {
  ELEMENT_NAMES,
  type ComplianceStatus,
  type DateSource,
  type ElementName,
  type Finding,
  type ParsedStatement,
  type StatementElements,
} from './statement/parsed-statement.ts';

/**
 * Reads a statement. `links` are the statement page's links (absolute hrefs; for a PDF, its link annotations with
 * empty text), `url` the statement's own URL (a link back to it is never the evaluation document).
 */
export function parseStatement(
  text: string,
  links: readonly LinkFact[],
  opts: StatementOptions,
  now: Date,
  url?: string,
): ParsedStatement {
  const blocks = unwrap(text);
  const sections = sectionsOf(blocks, links, opts);
  const normalized = blocks.join('\n');
  const placeholders = [...new Set(placeholdersIn(normalized, opts).list)];

  const sentences: Sentence[] = [];
  /** Where each sentence stands: its section and block (-1: the heading), to drop an older version's blocks. */
  const origin = new Map<Sentence, { section: Section; block: number }>();
  for (const section of sections) {
    const parts = [...(section.heading ? [{ block: section.heading, index: -1 }] : []), ...section.blocks.map((block, index) => ({ block, index }))];
    for (const { block, index } of parts) {
      const isHeading = index === -1;
      for (const s of isHeading ? [block] : splitSentences(block)) {
        const clean = withoutPlaceholders(s, opts);
        const sentence: Sentence = { text: s, clean, folded: fold(clean), section: section.name, isHeading };
        sentences.push(sentence);
        origin.set(sentence, { section, block: index });
      }
    }
  }
  // Only the newest version of a statement printed with its older ones counts (statement/versions.ts).
  const statusLike = (s: Sentence) =>
    s.section === 'status' || (!/^(?:ja|if)\b/.test(s.folded) && has(s.folded, opts.statusSubject) && has(s.folded, opts.statusContext));
  const inStatement = newestVersion(
    sentences.filter((s) => s.section !== 'footer'),
    opts,
    statusLike,
  );
  const keptBlocks = new Map<Section, Set<number>>();
  for (const s of inStatement) {
    const o = origin.get(s)!;
    keptBlocks.set(o.section, (keptBlocks.get(o.section) ?? new Set()).add(o.block));
  }
  // The sections with the older versions' blocks left out (the evaluation document is looked for in these).
  const current: Section[] = sections.flatMap((section) => {
    const keeps = (block: number) => keptBlocks.get(section)?.has(block) ?? false;
    if (section.name === 'footer' || (section.heading !== null && !keeps(-1))) return section.name === 'footer' ? [section] : [];
    return [{ ...section, blocks: section.blocks.filter((_, i) => keeps(i)) }];
  });
  const evidence: ParsedStatement['evidence'] = {};
  const found = (name: ElementName | 'lastEvaluated', s: Sentence | Finding): void => {
    evidence[name] = 'folded' in s ? { text: clip(s.text) } : s;
  };

  // Compliance status: the status section first, then any sentence naming the site and the requirements; among those,
  // a sentence naming the regulation itself (Nr. 445, WCAG) before one about "standards" (a browser, a format).
  let complianceStatus: ComplianceStatus = 'unknown';
  let statusSentence: Sentence | undefined;
  const namesRegulation = (s: Sentence) => /\b(?:445|wcag|en 301 549)\b|\bnoteikum|\bdirekt|\bregulation|\bdirective/.test(s.folded);
  const statusCandidates = [
    ...inStatement.filter((s) => s.section === 'status'),
    ...inStatement
      .filter((s) => s.section !== 'status' && !/^(?:ja|if)\b/.test(s.folded) && has(s.folded, opts.statusSubject) && has(s.folded, opts.statusContext))
      .sort((a, b) => Number(namesRegulation(b)) - Number(namesRegulation(a))),
  ];
  for (const s of statusCandidates) {
    // The status sentence left as the template's option list ("[atbilst / daļēji atbilst / neatbilst]") states no
    // status, whatever word stands next to it; and no other sentence stands in for it.
    if (placeholdersIn(s.text, opts).list.some((p) => classifyStatus(fold(p), opts) !== 'unknown')) break;
    const status = classifyStatus(s.folded, opts);
    if (status !== 'unknown') {
      complianceStatus = status;
      statusSentence = s;
      found('complianceStatus', s);
      break;
    }
  }

  // Non-conformities: content under the heading, or a list after an introducing line ending in ":".
  let nonConformities = false;
  for (const section of current) {
    const content = section.blocks.filter((b) => withoutPlaceholders(b, opts).length >= 3);
    if (section.name === 'nonConformities' && content.length > 0) {
      const first = content.length > 1 && content[0]!.endsWith(':') ? content[1]! : content[0]!;
      nonConformities = true;
      found('nonConformities', { text: clip(first) });
      break;
    }
    const introAt = section.blocks.findIndex((b, i) => b.endsWith(':') && i + 1 < section.blocks.length && has(fold(b), opts.nonConformityIntro));
    if (section.name !== 'footer' && introAt >= 0) {
      const item = section.blocks.slice(introAt + 1).find((b) => withoutPlaceholders(b, opts).length >= 3);
      if (item) {
        nonConformities = true;
        found('nonConformities', { text: clip(item) });
        break;
      }
    }
  }

  // Dates: each date takes the kind of the nearest keyword before it (else the first after it); a date with no
  // keyword in its sentence takes its section's kind.
  const latest: Record<DateSource, { iso: string; sentence: Sentence } | null> = { evaluation: null, updated: null, prepared: null };
  const today = now.toISOString().slice(0, 10);
  for (const s of inStatement) {
    const dates = findDates(s.folded);
    if (dates.length === 0) continue;
    const kinds: [DateSource, string[]][] = [
      ['evaluation', opts.evaluationKeywords],
      ['updated', opts.updatedKeywords],
      ['prepared', opts.preparedKeywords],
    ];
    for (const d of dates) {
      if (d.iso > today) continue;
      const before = s.folded.slice(0, d.index);
      const after = s.folded.slice(d.index);
      const nearestBefore = kinds
        .map(([kind, kw]) => ({ kind, at: keywordAt(before, kw, 'last') }))
        .filter((x) => x.at >= 0)
        .sort((a, b) => b.at - a.at)[0];
      const firstAfter = kinds
        .map(([kind, kw]) => ({ kind, at: keywordAt(after, kw, 'first') }))
        .filter((x) => x.at >= 0)
        .sort((a, b) => a.at - b.at)[0];
      const kind: DateSource | null =
        nearestBefore?.kind ?? firstAfter?.kind ?? (s.section === 'evaluation' ? 'evaluation' : s.section === 'preparation' ? 'prepared' : null);
      if (!kind) continue;
      const current = latest[kind];
      if (!current || d.iso > current.iso) latest[kind] = { iso: d.iso, sentence: s };
    }
  }
  const dates: Record<DateSource, string | null> = {
    evaluation: latest.evaluation?.iso ?? null,
    updated: latest.updated?.iso ?? null,
    prepared: latest.prepared?.iso ?? null,
  };
  if (latest.evaluation) found('evaluationDate', latest.evaluation.sentence);
  const chosenFrom: DateSource | null = latest.evaluation ? 'evaluation' : latest.updated ? 'updated' : latest.prepared ? 'prepared' : null;
  const chosen = chosenFrom ? latest[chosenFrom] : null;
  if (chosen) found('lastEvaluated', chosen.sentence);
  const ageDays = chosen ? Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${chosen.iso}T00:00:00Z`)) / 86_400_000) : null;

  // Who evaluated and how: in the evaluation and preparation sections, or in a sentence about the evaluation.
  const aboutEvaluation = inStatement.filter(
    (s) => s.section === 'evaluation' || s.section === 'preparation' || (s.section !== 'enforcement' && has(s.folded, opts.evaluationKeywords)),
  );
  let evaluatedBy: ParsedStatement['evaluatedBy'] = 'unknown';
  const external = aboutEvaluation.find((s) => has(s.folded, opts.evaluatorExternal));
  const self = aboutEvaluation.find((s) => has(s.folded, opts.evaluatorSelf));
  if (external) {
    evaluatedBy = 'external';
    found('evaluator', external);
  } else if (self) {
    evaluatedBy = 'self';
    found('evaluator', self);
  }
  const method = aboutEvaluation.find((s) => !s.isHeading && has(s.folded, opts.methodKeywords));
  if (method) found('method', method);

  // The evaluation document: a real link near its heading (or named like one), never a placeholder or the statement.
  const doc = findDocument(current, inStatement, links, opts, url);
  if (doc.finding) found('evaluationDocument', doc.finding);

  // Alternatives: content under their heading, or a sentence offering content in another way.
  const altSection = current.find((s) => s.name === 'alternatives' && s.blocks.some((b) => withoutPlaceholders(b, opts).length >= 3));
  const altSentence = altSection
    ? inStatement.find((s) => s.section === 'alternatives' && !s.isHeading && s.clean.length >= 3)
    : inStatement.find((s) => !s.isHeading && has(s.folded, opts.alternativesKeywords));
  if (altSentence) found('alternatives', altSentence);

  // Feedback contacts: in the feedback section, or in a sentence asking for feedback; never the complaint body's
  // address (enforcement) and never the page footer.
  const contactSentences = inStatement.filter(
    (s) =>
      s.section !== 'enforcement' &&
      !has(s.folded, opts.enforcementKeywords) &&
      (s.section === 'feedback' || has(s.folded, opts.feedbackKeywords)),
  );
  const contactEmails: string[] = [];
  const contactPhones: string[] = [];
  const contactLinks = links.filter((l) => /^(?:mailto|tel):/i.test(l.href)).map((l) => ({ l, t: fold(l.text) }));
  for (const s of contactSentences) {
    const emails = emailsIn(s.clean);
    const phones = phonesIn(s.clean);
    const protectedHrefs = links.filter((l) => /\/cdn-cgi\/l\/email-protection/i.test(l.href) && containsWords(s.folded, fold(l.text))).map((l) => l.href);
    emails.push(...cloudflareEmailsIn(s.clean, protectedHrefs));
    for (const { l, t } of contactLinks) {
      if (!containsWords(s.folded, t)) continue;
      if (/^mailto:/i.test(l.href)) emails.push(decodeURIComponent(l.href.slice(7).split('?')[0]!).toLowerCase());
      if (/^tel:/i.test(l.href)) phones.push(l.href.replace(/\D/g, '').slice(-8));
    }
    if (emails.length > 0 && contactEmails.length === 0) found('contactEmail', s);
    if (phones.length > 0 && contactPhones.length === 0) found('contactPhone', s);
    contactEmails.push(...emails);
    contactPhones.push(...phones);
  }

  // Enforcement: the complaint procedure's section or a sentence naming it.
  const enforcement =
    inStatement.find((s) => s.section === 'enforcement' && !s.isHeading && s.clean.length >= 3) ??
    inStatement.find((s) => !s.isHeading && has(s.folded, opts.enforcementKeywords));
  if (enforcement) found('enforcement', enforcement);

  const elements: StatementElements = {
    complianceStatus: complianceStatus !== 'unknown',
    nonConformities,
    evaluationDate: latest.evaluation !== null,
    evaluator: evaluatedBy !== 'unknown',
    method: method !== undefined,
    evaluationDocument: doc.url !== null,
    alternatives: altSentence !== undefined,
    contactEmail: contactEmails.length > 0,
    contactPhone: contactPhones.length > 0,
    enforcement: enforcement !== undefined,
  };
  if (!doc.url && doc.finding) evidence.evaluationDocument = doc.finding;

  // A statement says so in its own content: a line that starts with its title ("Piekļūstamības paziņojums", "Šis
  // piekļūstamības paziņojums attiecas uz…"), two of its sections, or a status under its status heading. The words
  // anywhere else (the footer link on every page, a sitemap's link, a news item or job ad that mentions a statement) do not make one.
  const sectionNames = new Set(sections.filter((s) => s.heading !== null && s.name !== 'footer' && s.name !== 'title').map((s) => s.name));
  // A line that is only a link's text (a sitemap or a related-pages list linking the statement) is not its title.
  const linkTexts = contentLinkTexts(links);
  const titled = sections.some(
    (s) =>
      s.name !== 'footer' &&
      [s.heading ?? '', ...s.blocks].some((b) => !linkTexts.has(fold(b)) && startsWithKeyword(b.replace(/^(?:šis|šī|this|the)\s+/i, ''), opts.titleKeywords)),
  );
  const recognized = titled || sectionNames.size >= 2 || statusSentence?.section === 'status';

  return {
    recognized,
    language: languageOf(normalized),
    complianceStatus,
    elements,
    evidence,
    lastEvaluated: chosen?.iso ?? null,
    lastEvaluatedFrom: chosenFrom,
    dates,
    ageDays,
    placeholders,
    evaluatedBy,
    evaluationDocumentUrl: doc.url,
    contactEmails: [...new Set(contactEmails)],
    contactPhones: [...new Set(contactPhones)],
  };
}
