// Small matchers on folded text, shared by the parser's element checks.
import { keywordRegExp, matchKeyword } from '../../../text/keywords.ts';
import { matchForm } from '../../../text/match-form.ts';
import type { StatementOptions } from './options.ts';
import type { ComplianceStatus } from './parsed-statement.ts';

export const has = (text: string, keywords: readonly string[]): boolean => matchKeyword(text, keywords) !== null;

/** Offset (in matchForm(text)) of the last, or first, match of any keyword; -1 when none. */
export function keywordAt(text: string, keywords: readonly string[], which: 'last' | 'first'): number {
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

/** A stray doubled letter ("atbilsst", "dallēji") is the commonest typo; Latvian words never need one to be told apart. */
const undouble = (s: string): string => s.replace(/(\p{L})\1+/gu, '$1');

export function classifyStatus(folded: string, opts: StatementOptions): ComplianceStatus {
  const text = undouble(folded);
  const saysAny = (keywords: readonly string[]) => has(text, keywords.map(undouble));
  if (saysAny(opts.statusPartial)) return 'partial';
  if (saysAny(opts.statusNone)) return 'none';
  if (saysAny(opts.statusFull)) return 'full';
  return 'unknown';
}

/** `needle` occurs in `haystack` (both folded) as whole words. */
export function containsWords(haystack: string, needle: string): boolean {
  if (needle.length < 2) return false;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
    const before = i === 0 ? '' : haystack[i - 1]!;
    const after = haystack[i + needle.length] ?? '';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
  }
  return false;
}

export const clip = (s: string, n = 300): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
