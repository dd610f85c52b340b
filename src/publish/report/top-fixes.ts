// "Vispirms labojiet" (fix first): the few actions that raise a site's automatic score the most. The gain of an action
// is computed, not guessed: the site is scored again (src/score/score.ts, the weights of config/scoring.json) with that
// one indicator fully met, and the difference in the overall score (and level) is the action's effect. Pure.
import type { AnyIndicator, Label } from '../../indicators/indicator.ts';
import { scoreSite, type Level, type Scoring } from '../../score/score.ts';
import type { SiteResult } from '../../types.ts';

/** At most this many actions: a short list gets read. */
export const MAX_FIXES = 5;

export interface Fix {
  indicatorId: string;
  title: Label;
  advice: Label | null;
  /** Overall score now and after the fix (0–100, one decimal). */
  scoreBefore: number;
  scoreAfter: number;
  /** scoreAfter − scoreBefore, one decimal; always > 0. */
  gain: number;
  levelBefore: Level | null;
  levelAfter: Level | null;
  /** Pages the fix touches (where the evidence was found), in first-seen order. */
  pages: string[];
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Pages an indicator's findings are on: the WCAG rules' pages, else the evidence's. */
export function pagesOf(result: SiteResult, indicatorId: string): string[] {
  const r = result.indicators[indicatorId];
  if (!r) return [];
  const rules = (r.value as { rules?: { pages?: unknown }[] } | null)?.rules;
  const urls = Array.isArray(rules) ? rules.flatMap((x) => (Array.isArray(x.pages) ? (x.pages as string[]) : [])) : r.evidence.map((e) => e.url);
  return [...new Set(urls.filter((u) => typeof u === 'string' && u))];
}

/**
 * The actions that raise the overall score, largest gain first (then the larger level rise, then registry order), at
 * most `max`. An indicator is a candidate when it was measured (score not null) and scores below 1; an indicator
 * that does not count in the overall score (weight 0, or its dimension outside the overall) gains nothing and is left
 * out. A site that was not audited has no actions.
 */
export function topFixes(result: SiteResult, scoring: Scoring, indicators: readonly AnyIndicator[], max = MAX_FIXES): Fix[] {
  if (result.status !== 'ok') return [];
  const before = scoreSite(result, scoring).overall;
  if (before.score === null) return [];
  const fixes: (Fix & { order: number })[] = [];
  indicators.forEach((ind, order) => {
    const r = result.indicators[ind.id];
    if (!r || r.score === null || !Number.isFinite(r.score) || r.score >= 1) return;
    const fixed: SiteResult = { ...result, indicators: { ...result.indicators, [ind.id]: { ...r, score: 1, outcome: 'pass' } } };
    const after = scoreSite(fixed, scoring).overall;
    if (after.score === null) return;
    const gain = round1(after.score - before.score!);
    if (gain <= 0) return;
    fixes.push({
      indicatorId: ind.id,
      title: ind.title,
      advice: ind.advice ?? null,
      scoreBefore: before.score!,
      scoreAfter: after.score,
      gain,
      levelBefore: before.level,
      levelAfter: after.level,
      pages: pagesOf(result, ind.id),
      order,
    });
  });
  fixes.sort((a, b) => b.gain - a.gain || (b.levelAfter ?? 0) - (a.levelAfter ?? 0) || a.order - b.order);
  return fixes.slice(0, max).map(({ order: _order, ...f }) => f);
}
