// Text shape: extracted text unwrapped into blocks, blocks into the template's sections, blocks into sentences.
import { fold } from '../../../text/fold.ts';
import { keywordRegExp } from '../../../text/keywords.ts';
import { matchForm } from '../../../text/match-form.ts';
import type { LinkFact } from '../../../artifacts.ts';
import { containsWords } from './matchers.ts';
import type { StatementOptions } from './options.ts';

export type SectionName =
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
  /** Page chrome: the site footer, and the menus above the content. Never part of the statement. */
  | 'footer';

export interface Section {
  name: SectionName;
  heading: string | null;
  /** Content blocks (the heading excluded), placeholders still in. */
  blocks: string[];
}

export interface Sentence {
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
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .split('\n')
    // A table row as a browser reads it ("Atbilstības statuss<TAB>Daļēji atbilst…") is a key and its value.
    .map((l) => l.replace(/^([^\t]*[^\s:\t])[ ]*\t\s*(?=\S)/, '$1: ').replace(/\t/g, ' '))
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
export function startsWithKeyword(line: string, keywords: readonly string[]): boolean {
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
  // "Heading: content", also written "Heading – content".
  const separator = /:(?!\/\/)\s*|\s[–—-]\s+/.exec(block);
  const colon = separator ? separator.index : -1;
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
    const inline = separator && colon > 0 && colon <= 60 ? block.slice(colon + separator[0].length).trim() : '';
    if (inline && startsWithKeyword(block.slice(0, colon), keywords) && !/[.;,]$/.test(block.slice(0, colon))) {
      return { name, inlineContent: inline };
    }
    if (short && !sentenceLike) return { name, inlineContent: null };
  }
  if (short && startsWithKeyword(block, opts.stopKeywords)) return { name: 'footer', inlineContent: null };
  return null;
}

/** Folded texts of the content links (main, aside, no landmark) to other pages: a line that is one is a link, not text. */
export function contentLinkTexts(links: readonly LinkFact[]): Set<string> {
  return new Set(
    links
      .filter((l) => (l.region === 'main' || l.region === 'other' || l.region === 'aside') && !l.href.includes('#'))
      .map((l) => fold(l.text))
      .filter((t) => t.length > 0),
  );
}

export function sectionsOf(blocks: readonly string[], links: readonly LinkFact[], opts: StatementOptions): Section[] {
  // A line that is the whole text of a content link ("Piekļūstamības izvērtējums 2024 (XLSX)") is content, never a
  // heading. Menu and footer links, and a table of contents (#anchors), repeat real headings: they do not count.
  const linkTexts = contentLinkTexts(links);
  const chrome = chromeBlocks(blocks, links);
  const sections: Section[] = [];
  if (chrome.leading > 0) sections.push({ name: 'footer', heading: null, blocks: blocks.slice(0, chrome.leading) });
  sections.push({ name: 'intro', heading: null, blocks: [] });
  for (const block of blocks.slice(chrome.leading, blocks.length - chrome.trailing)) {
    const h = linkTexts.has(fold(block)) ? null : headingOf(block, opts);
    if (h) {
      sections.push({ name: h.name, heading: block, blocks: h.inlineContent ? [h.inlineContent] : [] });
    } else {
      sections.at(-1)!.blocks.push(block);
    }
  }
  if (chrome.trailing > 0) sections.push({ name: 'footer', heading: null, blocks: blocks.slice(blocks.length - chrome.trailing) });
  return sections;
}

/**
 * How many blocks at the start repeat the header's and menus' links, and at the end the footer's: page chrome. A block
 * is chrome when it holds the text of a link of that region not yet explained by another block; each link explains
 * one occurrence, counted from the page's edge inwards, so a footer e-mail that the statement also writes in its own
 * text leaves the statement's sentence alone.
 */
function chromeBlocks(blocks: readonly string[], links: readonly LinkFact[]): { leading: number; trailing: number } {
  const textsOf = (regions: readonly LinkFact['region'][]) =>
    links.filter((l) => regions.includes(l.region)).map((l) => fold(l.text)).filter((t) => t.length >= 2);
  const walk = (order: readonly string[], texts: string[]): number => {
    let n = 0;
    for (const block of order) {
      const folded = fold(block);
      let explained = false;
      for (let i = texts.length - 1; i >= 0; i--) {
        if (!containsWords(folded, texts[i]!)) continue;
        texts.splice(i, 1);
        explained = true;
      }
      if (!explained) break;
      n++;
    }
    return n;
  };
  const leading = walk(blocks, textsOf(['header', 'nav']));
  const trailing = walk([...blocks.slice(leading)].reverse(), textsOf(['footer']));
  return { leading, trailing };
}

