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
import { keywordRegExp, matchKeyword } from '../../text/keywords.ts';
import { matchLink } from '../../text/links.ts';
import { matchForm } from '../../text/match-form.ts';
import type { LinkFact } from '../../artifacts.ts';

export type ComplianceStatus = 'full' | 'partial' | 'none' | 'unknown';

export const ELEMENT_NAMES = [
  'complianceStatus',
  'nonConformities',
  'evaluationDate',
  'evaluator',
  'method',
  'evaluationDocument',
  'alternatives',
  'contactEmail',
  'contactPhone',
  'enforcement',
] as const;
export type ElementName = (typeof ELEMENT_NAMES)[number];
export type StatementElements = Record<ElementName, boolean>;

/** What decided an element: the sentence (or link) as it stands in the statement. */
export interface Finding {
  text: string;
  href?: string;
  selector?: string;
}

export type DateSource = 'evaluation' | 'updated' | 'prepared';

export interface ParsedStatement {
  /** The text reads as an accessibility statement: its title, two of the template's sections, or a compliance status. */
  recognized: boolean;
  language: 'lv' | 'en';
  complianceStatus: ComplianceStatus;
  elements: StatementElements;
  /** Per found element the sentence or link that decided it; also `lastEvaluated`, and for a rejected evaluation
   * document link the link and why (under `evaluationDocument`, with elements.evaluationDocument false). */
  evidence: Partial<Record<ElementName | 'lastEvaluated', Finding>>;
  /** ISO date: the latest evaluation date; without one, the latest "updated" date, then the "prepared" date. */
  lastEvaluated: string | null;
  lastEvaluatedFrom: DateSource | null;
  /** Latest date of each kind found (dates after `now` are ignored: plans, typos). */
  dates: Record<DateSource, string | null>;
  ageDays: number | null;
  /** Unfilled template text, as it stands ("[Iestādes nosaukums]", "dd.mm.gggg"). */
  placeholders: string[];
  evaluatedBy: 'self' | 'external' | 'unknown';
  evaluationDocumentUrl: string | null;
  contactEmails: string[];
  contactPhones: string[];
}

/** Keyword lists in src/text/keywords.ts syntax (stems at word starts, `$` for a whole last word, diacritics-insensitive).
 * Flat, so config can replace one list. Latvian and English lists are merged: a statement is one or the other. */
export interface StatementOptions {
  /** The statement's own title: makes a text "recognized". */
  titleKeywords: string[];
  /** Section headings, matched at the start of a short line (a heading, not a sentence). */
  headingStatus: string[];
  headingNonConformities: string[];
  headingEvaluation: string[];
  headingDocument: string[];
  headingAlternatives: string[];
  headingFeedback: string[];
  headingEnforcement: string[];
  headingPreparation: string[];
  /** Lines that start the page footer: they end the statement's last section. */
  stopKeywords: string[];
  /** Status phrases (whole words: `$`); checked partial, then none, then full ("daļēji atbilst" contains "atbilst"). */
  statusPartial: string[];
  statusNone: string[];
  statusFull: string[];
  /** Outside the status section, a status sentence must name the site and the requirements. */
  statusSubject: string[];
  statusContext: string[];
  /** A line introducing a list of non-conformities when there is no such heading ("Ko vēl neesam uzlabojuši:"). */
  nonConformityIntro: string[];
  /** Date kinds: the nearest keyword before a date (else the first after it) decides what the date is. */
  evaluationKeywords: string[];
  updatedKeywords: string[];
  preparedKeywords: string[];
  evaluatorSelf: string[];
  evaluatorExternal: string[];
  methodKeywords: string[];
  /** Link texts that name an evaluation document wherever the link is (statements without the heading). */
  documentLinkKeywords: string[];
  /** File extensions that make an untitled link (a PDF annotation) near the heading a document. */
  documentExtensions: string[];
  alternativesKeywords: string[];
  feedbackKeywords: string[];
  enforcementKeywords: string[];
  /** Bracketed text is a placeholder when it holds one of these, an option list "a/b/c", or an ellipsis. */
  placeholderKeywords: string[];
}

export const DEFAULT_STATEMENT_OPTIONS: StatementOptions = {
  titleKeywords: [
    'piekļūstamības paziņojum',
    'paziņojums par piekļūstamību',
    'paziņojums par tīmekļvietnes piekļūstamību',
    'par tīmekļvietnes piekļūstamību',
    'accessibility statement',
  ],
  headingStatus: ['cik piekļūstama', 'atbilstības statuss', 'atbilstības novērtējums', 'atbilstība noteikumu prasībām', 'compliance status', 'how accessible'],
  headingNonConformities: [
    'nepiekļūstams saturs',
    'nepiekļūstamais saturs',
    'neatbilstība prasībām',
    'neatbilstības',
    'konstatētās neatbilstības',
    'non-accessible content',
    'non-compliance',
    'inaccessible content',
  ],
  headingEvaluation: [
    'kā mēs pārbaudījām',
    'kā tika pārbaudīta',
    'kā pārbaudījām',
    'piekļūstamības izvērtējums',
    'piekļūstamības pārbaude',
    'izvērtēšanas metode',
    'izvērtējuma veikšana',
    'how we tested',
    'evaluation method',
  ],
  headingDocument: [
    'izvērtējumu apliecinoš',
    'izvērtējuma apliecinoš',
    'apliecinošs dokuments',
    'apliecinošie dokumenti',
    'izvērtējuma dokument',
    'izvērtējuma rezultāti',
    'evaluation report',
    'assessment report',
  ],
  headingAlternatives: ['piekļūstamības alternatīv', 'alternatīv', 'alternative'],
  headingFeedback: ['atsauksmēm', 'atsauksmes', 'saziņai', 'saziņa', 'kontaktinformācija', 'feedback', 'contact'],
  headingEnforcement: ['sūdzīb', 'izpildes nodrošināšan', 'enforcement', 'complaint'],
  headingPreparation: [
    'paziņojuma sagatavošana',
    'paziņojuma atjaunināšana',
    'sagatavošana un atjaunināšana',
    'preparation of this',
    'preparation of the',
  ],
  stopKeywords: ['©', 'visas tiesības aizsargātas', 'sekojiet mums', 'sīkdatņ', 'all rights reserved', 'follow us'],
  statusPartial: [
    'daļēji atbilst$',
    'atbilst daļēji$',
    'nepilnīgi atbilst$',
    'daļēji saderīg',
    'partially compliant$',
    'partially conformant$',
    'partially complies$',
    'partially conforms$',
  ],
  statusNone: ['neatbilst$', 'nav saderīg', 'not compliant$', 'non-compliant$', 'does not comply$', 'not conformant$'],
  statusFull: ['atbilst$', 'ir saderīg', 'fully compliant$', 'fully conformant$', 'fully complies$', 'is compliant$', 'complies with$'],
  statusSubject: ['tīmekļvietn', 'vietne', 'lietotn', 'portāl', 'website', 'site', 'application'],
  statusContext: ['prasīb', 'noteikum', 'wcag', 'standart', 'en 301 549', 'direktīv', 'regulation', 'directive', 'requirements', 'saderīg', 'compli'],
  nonConformityIntro: ['neatbilstīb', 'nepiekļūstam', 'nav piekļūstam', 'nav pilnībā piekļūstam', 'trūkum', 'vēl neesam', 'non-accessible', 'not accessible', 'non-complian'],
  evaluationKeywords: ['izvērt', 'novērtē', 'pašnovērt', 'pārbaud', 'evaluat', 'assess', 'tested', 'audit'],
  updatedKeywords: ['atjaunināt', 'atjaunots', 'pārskatīt', 'pārskatījām', 'aktualizēt', 'updated', 'reviewed', 'last review'],
  preparedKeywords: ['sagatavots', 'sagatavota', 'sagatavošan', 'izstrādāts', 'prepared', 'drawn up'],
  evaluatorSelf: ['pašnovērtējum', 'iestādes darbiniek', 'pašvaldības darbiniek', 'mūsu darbiniek', 'iekšēj', 'self-assessment', 'self assessment', 'in-house', 'internal'],
  evaluatorExternal: ['ārējs izvērtētāj', 'ārējais izvērtētāj', 'ārējie eksperti', 'ārējs eksperts', 'neatkarīg', 'trešā puse', 'trešās puses', 'third party', 'third-party', 'external'],
  // Words that name the method; "izvērtēšanas metodi" alone does not (the template's "[vienkāršoto / padziļināto]
  // izvērtēšanas metodi" with its placeholder removed).
  methodKeywords: ['vienkāršot', 'padziļināt', 'metodik', 'metodoloģ', 'wcag', 'en 301 549', 'simplified', 'in-depth', 'detailed method', 'full method'],
  documentLinkKeywords: [
    'apliecinoš',
    'izvērtējuma protokol',
    'izvērtējuma ziņojum',
    'izvērtējuma rezultāt',
    'izvērtēšanas protokol',
    'piekļūstamības izvērtējum',
    'pārbaudes protokol',
    'evaluation report',
    'assessment report',
    'audit report',
  ],
  documentExtensions: ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'odt', 'ods', 'rtf', 'edoc', 'asice', 'zip'],
  alternativesKeywords: [
    'piekļūstamības alternatīv',
    'alternatīvā veidā',
    'alternatīvā formātā',
    'alternatīvu formātu',
    'alternatīvus saziņas',
    'citā formātā',
    'citā veidā',
    'piekļūstamā formātā',
    'pēc pieprasījuma',
    'alternative format',
    'accessible format',
    'alternative means',
    'on request',
    'upon request',
  ],
  feedbackKeywords: [
    'atsauksm',
    'saziņ',
    'sazināties',
    'sazinieties',
    'sazinoties',
    'rakstiet',
    'zvaniet',
    'informējiet',
    'ziņojiet',
    'ziņot',
    'jautājum',
    'ierosinājum',
    'problēm',
    'grūtīb',
    'feedback',
    'contact',
    'let us know',
    'report',
  ],
  enforcementKeywords: [
    'sūdzīb',
    'neesat apmierināt',
    'neapmierina',
    'valsts reģionālās attīstības aģentūr',
    'valsts digitālās attīstības aģentūr',
    'vraa',
    'vdaa',
    'tiesībsarg',
    'enforcement',
    'complaint',
    'not satisfied',
    'ombudsman',
  ],
  placeholderKeywords: [
    'nosaukum',
    'adrese',
    'adresi',
    'datums',
    'datumu',
    'e-pasta',
    'e-pasts',
    'tālruņ',
    'tālrun',
    'numurs',
    'saite',
    'saiti',
    'norād',
    'ievad',
    'aprakst',
    'uzskaitījum',
    'iestāde',
    'tīmekļvietn',
    'vārds',
    'uzvārds',
    'gggg',
    'name',
    'date',
    'email',
    'e-mail',
    'phone',
    'address',
    'website',
    'insert',
    'link',
    'url',
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// Text shape: blocks, sections, sentences

type SectionName =
  | 'intro'
  | 'title'
  | 'status'
  | 'nonConformities'
  | 'evaluation'
  | 'document'
  | 'alternatives'
  | 'feedback'
  | 'enforcement'
  | 'preparation'
  | 'footer';

interface Section {
  name: SectionName;
  heading: string | null;
  /** Content blocks (the heading excluded), placeholders still in. */
  blocks: string[];
}

interface Sentence {
  /** As it stands (whitespace collapsed), for evidence. */
  text: string;
  /** Placeholders removed, folded: what keywords are matched on. */
  folded: string;
  /** Placeholders removed, not folded: where e-mails and phones are read from. */
  clean: string;
  section: SectionName;
  isHeading: boolean;
}

const PAGE_NUMBER = /^(?:\d{1,3}\s*(?:\/|no|of|iš)\s*\d{1,3}|(?:lapa|lpp\.?|page)\s*\d{1,3}(?:\s*(?:no|of)\s*\d{1,3})?|\d{1,3}|-\s*\d{1,3}\s*-)$/i;
const LOWER_START = /^[\p{Ll}]/u;

/** Lines of extracted text joined back into paragraphs: hyphenated words re-joined, soft line breaks undone. */
export function unwrap(text: string): string[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/\f/g, '\n')
    .replace(/\u00ad/g, '')
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    .split('\n')
    .map((l) => l.replace(/ {2,}/g, ' ').trim())
    .filter((l) => l.length > 0 && !PAGE_NUMBER.test(l));
  const blocks: string[] = [];
  for (const line of lines) {
    const prev = blocks.at(-1);
    // A line that starts with a URL stays on its own (PDFs print links on their own line).
    if (prev !== undefined && LOWER_START.test(line) && (!/^(?:https?:\/\/|www\.)/i.test(line) || /\p{L}-$/u.test(prev))) {
      // "tīmekļ-" + "vietnes" -> "tīmekļvietnes"; "e-" + "pasts" keeps its hyphen (a one-letter prefix).
      const hyphen = /(^|[^\p{L}])?(\p{L}+)-$/u.exec(prev);
      if (hyphen && /\p{Ll}$/u.test(hyphen[2]!.slice(-1))) {
        blocks[blocks.length - 1] = hyphen[2]!.length === 1 ? prev + line : prev.slice(0, -1) + line;
        continue;
      }
      if (!/[.!?:;]$/.test(prev)) {
        blocks[blocks.length - 1] = `${prev} ${line}`;
        continue;
      }
    }
    blocks.push(line);
  }
  return blocks;
}

/** Splits a block into sentences at ". X" where X starts a new sentence (not "2024. gada", not "Nr. 445"). */
export function splitSentences(block: string): string[] {
  const parts = block.split(/(?<=[.!?])\s+(?=[\p{Lu}„"“«(])/u);
  // "Nr." and single initials do not end a sentence.
  const out: string[] = [];
  for (const part of parts) {
    const prev = out.at(-1);
    if (prev !== undefined && /(?:\bNr|\bNo|\bSt|\bpiem|\b\p{Lu})\.$/u.test(prev)) out[out.length - 1] = `${prev} ${part}`;
    else out.push(part);
  }
  return out.filter((s) => s.length > 0);
}

/** A keyword (lv.ts syntax) at the very start of the line, after any list numbering ("2.", "1)", "•"). */
function startsWithKeyword(line: string, keywords: readonly string[]): boolean {
  const rest = line.trim().replace(/^(?:\d+(?:\.\d+)*\.?\)?|[ivxIVX]+\.|[-–•*])\s+/, '');
  const form = matchForm(rest);
  return keywords.some((k) => {
    const re = keywordRegExp(k);
    // Keywords of symbols only ("©") have no word to match: compare the folded start instead.
    if (re === null) return fold(k) !== '' && fold(rest).startsWith(fold(k));
    return re.exec(form)?.index === 0;
  });
}

function headingOf(block: string, opts: StatementOptions): { name: SectionName; inlineContent: string | null } | null {
  const short = block.length <= 90;
  // A heading is a short line that is not a sentence; "Heading: content" on one line also counts.
  const colon = block.search(/:(?!\/\/)/);
  const sentenceLike = /[.;,]$/.test(block) || (/\.\s/.test(block) && colon < 0);
  const lists: [SectionName, string[]][] = [
    ['document', opts.headingDocument],
    ['status', opts.headingStatus],
    ['nonConformities', opts.headingNonConformities],
    ['evaluation', opts.headingEvaluation],
    ['alternatives', opts.headingAlternatives],
    ['feedback', opts.headingFeedback],
    ['enforcement', opts.headingEnforcement],
    ['preparation', opts.headingPreparation],
    ['title', opts.titleKeywords],
  ];
  for (const [name, keywords] of lists) {
    if (!startsWithKeyword(block, keywords)) continue;
    const inline = colon > 0 && colon <= 60 ? block.slice(colon + 1).trim() : '';
    if (inline && startsWithKeyword(block.slice(0, colon), keywords) && !/[.;,]$/.test(block.slice(0, colon))) {
      return { name, inlineContent: inline };
    }
    if (short && !sentenceLike) return { name, inlineContent: null };
  }
  if (short && startsWithKeyword(block, opts.stopKeywords)) return { name: 'footer', inlineContent: null };
  return null;
}

function sectionsOf(blocks: readonly string[], links: readonly LinkFact[], opts: StatementOptions): Section[] {
  // A line that is the whole text of a content link ("Piekļūstamības izvērtējums 2024 (XLSX)") is content, never a
  // heading. Menu and footer links, and a table of contents (#anchors), repeat real headings: they do not count.
  const linkTexts = new Set(
    links
      .filter((l) => (l.region === 'main' || l.region === 'other' || l.region === 'aside') && !l.href.includes('#'))
      .map((l) => fold(l.text))
      .filter((t) => t.length > 0),
  );
  const sections: Section[] = [{ name: 'intro', heading: null, blocks: [] }];
  for (const block of blocks) {
    const h = linkTexts.has(fold(block)) ? null : headingOf(block, opts);
    if (h) {
      sections.push({ name: h.name, heading: block, blocks: h.inlineContent ? [h.inlineContent] : [] });
    } else {
      sections.at(-1)!.blocks.push(block);
    }
  }
  return sections;
}

// ---------------------------------------------------------------------------------------------------------------
// Placeholders

const UNBRACKETED_PLACEHOLDER = /\b(?:dd|xx)\.(?:mm|xx)\.(?:gggg|yyyy|xxxx)\.?|_{3,}/gi;
const NOT_A_PLACEHOLDER = /^(?:at|dot|punkts|pdf|docx?|xlsx?|odt|ods|rtf|zip|edoc|\d+|[\d\s.,]*\s*(?:kb|mb)|[a-z]{2,5},?\s*[\d\s.,]+\s*(?:kb|mb))$/;

function placeholdersIn(text: string, opts: StatementOptions): { list: string[]; spans: [number, number][] } {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/\[([^\]\n]{1,160})\]/g)) {
    const inner = fold(m[1]!);
    if (NOT_A_PLACEHOLDER.test(inner.trim())) continue;
    const options = /\p{L}\s*\/\s*\p{L}/u.test(inner);
    const ellipsis = /\.\.\.|…/.test(inner);
    if (options || ellipsis || /dd\.mm/.test(inner) || matchKeyword(inner, opts.placeholderKeywords) !== null) {
      spans.push([m.index, m.index + m[0].length]);
    }
  }
  for (const m of text.matchAll(UNBRACKETED_PLACEHOLDER)) {
    if (!spans.some(([a, b]) => m.index >= a && m.index < b)) spans.push([m.index, m.index + m[0].length]);
  }
  spans.sort((x, y) => x[0] - y[0]);
  return { list: spans.map(([a, b]) => text.slice(a, b)), spans };
}

function withoutPlaceholders(text: string, opts: StatementOptions): string {
  const { spans } = placeholdersIn(text, opts);
  let out = text;
  for (const [a, b] of [...spans].sort((x, y) => y[0] - x[0])) out = `${out.slice(0, a)} ${out.slice(b)}`;
  return out.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Dates (on folded text: month names without diacritics)

const MONTHS: [RegExp, number][] = [
  [/^(?:janv|january)/, 1],
  [/^(?:febr|february)/, 2],
  [/^(?:mart|march)/, 3],
  [/^(?:apri)/, 4],
  [/^(?:maij|may)/, 5],
  [/^(?:jun)/, 6],
  [/^(?:jul)/, 7],
  [/^(?:aug)/, 8],
  [/^(?:sept)/, 9],
  [/^(?:okt|oct)/, 10],
  [/^(?:nov)/, 11],
  [/^(?:dec)/, 12],
];
// Latvian nominative, genitive and locative (folded: "martā" -> "marta"), and English month names.
const MONTH_WORD =
  '(janvaris|janvari|janvara|january|februaris|februari|februara|february|marts|marta|march|aprilis|aprili|aprila|april|' +
  'maijs|maija|may|junijs|junija|june|julijs|julija|july|augusts|augusta|august|septembris|septembri|septembra|september|' +
  'oktobris|oktobri|oktobra|october|novembris|novembri|novembra|november|decembris|decembri|decembra|december)(?![\\p{L}])';
const DATE_PATTERNS: { re: RegExp; parts: (m: RegExpExecArray) => [string, string, string | undefined] }[] = [
  // 12.03.2024. / 12.03.2024 / 12/03/2024 / 12-03-2024
  { re: /(?<![\d.])(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)/g, parts: (m) => [m[3]!, m[2]!, m[1]!] },
  // 2024-03-12
  { re: /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g, parts: (m) => [m[1]!, m[2]!, m[3]!] },
  // 2024. gada 12. martā / 2024. g. 12. marta
  { re: new RegExp(`(?<!\\d)(\\d{4})\\.?\\s*(?:gada|g\\.)\\s*(\\d{1,2})\\.\\s*${MONTH_WORD}`, 'gu'), parts: (m) => [m[1]!, m[3]!, m[2]!] },
  // 12. martā 2024 / 12 March 2024 / 12th March 2024
  { re: new RegExp(`(?<!\\d)(\\d{1,2})(?:\\.|st|nd|rd|th)?\\s+${MONTH_WORD}\\s*,?\\s+(\\d{4})(?!\\d)`, 'gu'), parts: (m) => [m[3]!, m[2]!, m[1]!] },
  // March 12, 2024
  { re: new RegExp(`${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'gu'), parts: (m) => [m[3]!, m[1]!, m[2]!] },
  // 2024. gada martā / March 2024 (no day: the first of the month)
  { re: new RegExp(`(?<!\\d)(\\d{4})\\.?\\s*(?:gada|g\\.)\\s*${MONTH_WORD}`, 'gu'), parts: (m) => [m[1]!, m[2]!, undefined] },
  { re: new RegExp(`(?<![\\d.]\\s?)${MONTH_WORD}\\s+(\\d{4})(?!\\d)`, 'gu'), parts: (m) => [m[2]!, m[1]!, undefined] },
];

function monthNumber(token: string): number | null {
  if (/^\d+$/.test(token)) return Number(token);
  for (const [re, n] of MONTHS) if (re.test(token)) return n;
  return null;
}

export interface FoundDate {
  iso: string;
  /** Offset in the folded text. */
  index: number;
}

/** Dates in folded text, in order of appearance; overlapping matches keep the first, most specific pattern. */
export function findDates(folded: string): FoundDate[] {
  const found: (FoundDate & { end: number })[] = [];
  for (const { re, parts } of DATE_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(folded); m; m = re.exec(folded)) {
      const end = m.index + m[0].length;
      if (found.some((f) => m!.index < f.end && end > f.index)) continue;
      const [y, mo, d] = parts(m);
      const year = Number(y);
      const month = monthNumber(mo);
      const day = d === undefined ? 1 : Number(d);
      if (month === null || month < 1 || month > 12 || year < 1990 || year > 2100 || day < 1) continue;
      const date = new Date(Date.UTC(year, month - 1, day));
      if (date.getUTCMonth() !== month - 1) continue;
      found.push({ iso: date.toISOString().slice(0, 10), index: m.index, end });
    }
  }
  return found.sort((a, b) => a.index - b.index).map(({ iso, index }) => ({ iso, index }));
}

// ---------------------------------------------------------------------------------------------------------------
// Small matchers on folded text

const has = (text: string, keywords: readonly string[]): boolean => matchKeyword(text, keywords) !== null;

/** Offset (in matchForm(text)) of the last, or first, match of any keyword; -1 when none. */
function keywordAt(text: string, keywords: readonly string[], which: 'last' | 'first'): number {
  const form = matchForm(text);
  let at = -1;
  for (const k of keywords) {
    const re = keywordRegExp(k);
    if (!re) continue;
    for (const m of form.matchAll(new RegExp(re.source, 'gu'))) {
      if (which === 'first') {
        if (at < 0 || m.index < at) at = m.index;
        break;
      }
      if (m.index > at) at = m.index;
    }
  }
  return at;
}

function classifyStatus(folded: string, opts: StatementOptions): ComplianceStatus {
  if (has(folded, opts.statusPartial)) return 'partial';
  if (has(folded, opts.statusNone)) return 'none';
  if (has(folded, opts.statusFull)) return 'full';
  return 'unknown';
}

const EMAIL = /[\p{L}\p{N}._%+-]+(?:@|\s?[[(]at[\])]\s?)[\p{L}\p{N}-]+(?:(?:\.|\s?[[(](?:dot|punkts)[\])]\s?)[\p{L}\p{N}-]+)*\.[\p{L}]{2,}/giu;
const PHONE = /(?:\(?\+?371\)?[\s-]?)?[2689](?:[\s-]?\d){7}/g;

function emailsIn(text: string): string[] {
  return [...text.matchAll(EMAIL)].map((m) =>
    m[0].replace(/\s?[[(]at[\])]\s?/i, '@').replace(/\s?[[(](?:dot|punkts)[\])]\s?/gi, '.').toLowerCase(),
  );
}

/** Latvian numbers: 8 digits starting 2 (mobile), 6 (landline), 8 or 9 (toll-free, premium), optionally +371, in
 * groups; never part of a longer number (a registration number, a date). Returns the 8 digits. */
function phonesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PHONE)) {
    const before = text.slice(Math.max(0, m.index - 2), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 2);
    if (/\d$|\d[\s./,-]$/.test(before)) continue;
    if (/^\d|^[\s./,-]\d/.test(after)) continue;
    out.push(m[0].replace(/\D/g, '').slice(-8));
  }
  return out;
}

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

/** `needle` occurs in `haystack` (both folded) as whole words. */
function containsWords(haystack: string, needle: string): boolean {
  if (needle.length < 2) return false;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
    const before = i === 0 ? '' : haystack[i - 1]!;
    const after = haystack[i + needle.length] ?? '';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
  }
  return false;
}

const clip = (s: string, n = 300): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

// ---------------------------------------------------------------------------------------------------------------
// The parser

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
  for (const section of sections) {
    const parts = [...(section.heading ? [{ block: section.heading, isHeading: true }] : []), ...section.blocks.map((block) => ({ block, isHeading: false }))];
    for (const { block, isHeading } of parts) {
      for (const s of isHeading ? [block] : splitSentences(block)) {
        const clean = withoutPlaceholders(s, opts);
        sentences.push({ text: s, clean, folded: fold(clean), section: section.name, isHeading });
      }
    }
  }
  const inStatement = sentences.filter((s) => s.section !== 'footer');
  const evidence: ParsedStatement['evidence'] = {};
  const found = (name: ElementName | 'lastEvaluated', s: Sentence | Finding): void => {
    evidence[name] = 'folded' in s ? { text: clip(s.text) } : s;
  };

  // Compliance status: the status section first, then any sentence naming the site and the requirements.
  let complianceStatus: ComplianceStatus = 'unknown';
  const statusCandidates = [
    ...inStatement.filter((s) => s.section === 'status'),
    ...inStatement.filter(
      (s) => s.section !== 'status' && !/^(?:ja|if)\b/.test(s.folded) && has(s.folded, opts.statusSubject) && has(s.folded, opts.statusContext),
    ),
  ];
  for (const s of statusCandidates) {
    const status = classifyStatus(s.folded, opts);
    if (status !== 'unknown') {
      complianceStatus = status;
      found('complianceStatus', s);
      break;
    }
  }

  // Non-conformities: content under the heading, or a list after an introducing line ending in ":".
  let nonConformities = false;
  for (const section of sections) {
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
  const doc = findDocument(sections, inStatement, links, opts, url);
  if (doc.finding) found('evaluationDocument', doc.finding);

  // Alternatives: content under their heading, or a sentence offering content in another way.
  const altSection = sections.find((s) => s.name === 'alternatives' && s.blocks.some((b) => withoutPlaceholders(b, opts).length >= 3));
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

  const sectionNames = new Set(sections.filter((s) => s.heading !== null && s.name !== 'footer' && s.name !== 'title').map((s) => s.name));
  const recognized = has(normalized, opts.titleKeywords) || sectionNames.size >= 2 || complianceStatus !== 'unknown';

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

function findDocument(
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

  const candidates: { link: LinkFact; why: string }[] = [];
  for (const link of links) {
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
  const contentLinks = links.filter((l) => l.region !== 'nav' && l.region !== 'header' && l.region !== 'footer');
  for (const link of contentLinks) {
    if (matchLink(link, opts.documentLinkKeywords) !== null) candidates.push({ link, why: 'named as the evaluation document' });
  }
  // "Ar izvērtējuma rezultātiem var iepazīties šeit.": a link inside a sentence about the evaluation document.
  const contentTexts = contentLinks.map((link) => ({ link, t: fold(link.text) }));
  for (const s of sentences) {
    if (s.section === 'document' || !has(s.clean, opts.documentLinkKeywords)) continue;
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

const LV_WORDS = ['un', 'ir', 'ar', 'vai', 'par', 'uz', 'kas', 'ja', 'si', 'mes', 'tiek', 'nav', 'timeklvietne', 'timeklvietnes'];
const EN_WORDS = ['the', 'and', 'is', 'of', 'to', 'this', 'with', 'for', 'we', 'if', 'our', 'are', 'not', 'website'];

/** lv or en, by counting common words (ties go to lv: the statement is required in Latvian). */
export function languageOf(text: string): 'lv' | 'en' {
  const words = fold(text).split(/[^\p{L}]+/u);
  const lv = new Set(LV_WORDS.map((w) => fold(w)));
  const en = new Set(EN_WORDS);
  let l = 0;
  let e = 0;
  for (const w of words) {
    if (lv.has(w)) l++;
    if (en.has(w)) e++;
  }
  return e > l ? 'en' : 'lv';
}
