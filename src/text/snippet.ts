// Evidence snippets: the original words of a match and some context around them.
import type { Normalised } from './match-form.ts';

/** The original text from..to (offsets in `text`) as evidence: the words there and a snippet with some context around. */
export function snippetAt(text: string, from: number, to: number, context = 60): { matched: string; snippet: string } {
  while (to < text.length && /[\p{L}\p{N}\p{M}]/u.test(text[to] ?? '')) to++;
  while (from > 0 && /[\p{L}\p{N}\p{M}]/u.test(text[from - 1] ?? '')) from--;
  const matched = text.slice(from, to).replace(/\s+/g, ' ').trim();
  let a = Math.max(0, from - context);
  let b = Math.min(text.length, to + context);
  if (a > 0 && !/\s/.test(text[a - 1] ?? '')) {
    const ws = text.slice(a, from).search(/\s/);
    if (ws >= 0) a += ws;
  }
  if (b < text.length && !/\s/.test(text[b] ?? '')) {
    const tail = text.slice(to, b);
    const ws = Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('\n'));
    if (ws >= 0) b = to + ws;
  }
  const snippet = `${a > 0 ? '…' : ''}${text.slice(a, b).replace(/\s+/g, ' ').trim()}${b < text.length ? '…' : ''}`;
  return { matched, snippet };
}

export function locate(text: string, n: Normalised, start: number, end: number, context: number): { matched: string; snippet: string } {
  // Trim spaces a pattern may have matched at its edges.
  while (start < end && n.text[start] === ' ') start++;
  while (end > start && n.text[end - 1] === ' ') end--;
  const from = n.map[start] ?? 0;
  const to = end > start ? (n.map[end - 1] ?? from) + 1 : from;
  return snippetAt(text, from, to, context);
}
