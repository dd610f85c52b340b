// Placeholders: unfilled template text ("[Iestādes nosaukums]", "dd.mm.gggg") found and removed.
import { fold } from '../../../text/fold.ts';
import { matchKeyword } from '../../../text/keywords.ts';
import type { StatementOptions } from './options.ts';

const UNBRACKETED_PLACEHOLDER = /\b(?:dd|xx)\.(?:mm|xx)\.(?:gggg|yyyy|xxxx)\.?|_{3,}/gi;
const OPTION_LIST = /^\p{L}+(?: \p{L}+){0,2}(?:\s*,\s*\p{L}+(?: \p{L}+){0,2})+$/u;
// "[email protected]" is Cloudflare's stand-in for an address its script decodes: a real address, not a template gap.
const NOT_A_PLACEHOLDER = /^(?:at|dot|punkts|email\s+protected|pdf|docx?|xlsx?|odt|ods|rtf|zip|edoc|\d+|[\d\s.,]*\s*(?:kb|mb)|[a-z]{2,5},?\s*[\d\s.,]+\s*(?:kb|mb))$/;

export function placeholdersIn(text: string, opts: StatementOptions): { list: string[]; spans: [number, number][] } {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/\[([^\]\n]{1,160})\]/g)) {
    const inner = fold(m[1]!);
    if (NOT_A_PLACEHOLDER.test(inner.trim())) continue;
    // An option list: "a / b / c", or "a, b, c" of short words ("[atbilst, neatbilst, daļēji atbilst]").
    const options = /\p{L}\s*\/\s*\p{L}/u.test(inner) || OPTION_LIST.test(inner.trim());
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

export function withoutPlaceholders(text: string, opts: StatementOptions): string {
  const { spans } = placeholdersIn(text, opts);
  let out = text;
  for (const [a, b] of [...spans].sort((x, y) => y[0] - x[0])) out = `${out.slice(0, a)} ${out.slice(b)}`;
  return out.replace(/\s+/g, ' ').trim();
}
