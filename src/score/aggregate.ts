// Aggregates of a run (pure), shaped like the seeds' tables: per group of institutions (ministries, state institutions,
// state-owned companies, independent institutions, municipalities) and per ministry sector (resors), the shares of sites
// per maturity level (overall and per dimension) and per indicator value (WCAG band, mobile-friendly, statement level,
// participation, social platforms, e-services placement, open data, ...). Every share carries its count and its
// denominator n; sites that could not be audited are counted apart ("not audited") and are in no denominator.
//
// What is aggregated is fixed by the registry and each indicator's breakdowns, never by what a night happened to
// measure: a breakdown whose indicator is registered is always present, with n = 0 when nothing was measured.
import type { AnyIndicator, Breakdown } from '../indicators/indicator.ts';
import { BREAKDOWNS } from '../indicators/index.ts';
import { LEVELS, scoreSite, type Scoring, type SiteScores } from './score.ts';
import { DIMENSIONS, TARGET_TYPES, type Dimension, type SiteResult, type TargetType } from '../types.ts';

export interface Share {
  count: number;
  /** The denominator: sites with a value for this breakdown (audited and measured). */
  n: number;
  /** count / n, rounded to 4 decimals; null when n is 0. */
  share: number | null;
}

export interface LevelDistribution {
  /** Sites with a score (audited, and the dimension could be scored). */
  n: number;
  /** Audited sites whose score is null (nothing weighted could be measured). */
  notScored: number;
  /** Mean score of the n sites, one decimal; null when n is 0. */
  mean: number | null;
  levels: Record<'1' | '2' | '3' | '4' | '5', Share>;
}

export interface ValueDistribution {
  /** Audited sites where the value could be read. */
  n: number;
  /** Audited sites where the indicator has no value (not measured, or the field is absent). */
  notMeasured: number;
  values: Record<string, Share>;
}

export interface GroupAggregate {
  /** Group id (see GROUPS) or the sector code. */
  id: string;
  label: { lv: string; en: string };
  /** Target types in the group (for a sector: every type present among its sites is possible). */
  types: TargetType[];
  sites: number;
  audited: number;
  notAudited: Share & { byStatus: Record<string, number> };
  /** "overall" and every dimension. */
  levels: Record<'overall' | Dimension, LevelDistribution>;
  /** Breakdown key ("wcag.band", "social.facebook", ...) → shares per value. */
  indicators: Record<string, ValueDistribution>;
}

export interface Aggregates {
  groups: GroupAggregate[];
  /** One entry per ministry sector code found on the run's targets, sorted by code. */
  sectors: GroupAggregate[];
  /** Sites with no sector (municipalities, most independent institutions): in no sector entry. */
  withoutSector: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Groups: the seeds' "Iestādes" (all state bodies) and "Pašvaldības", then each type.

export interface GroupDef {
  id: string;
  label: { lv: string; en: string };
  types: readonly TargetType[];
}

export const GROUPS: readonly GroupDef[] = [
  { id: 'all', label: { lv: 'Visas', en: 'All' }, types: TARGET_TYPES },
  { id: 'institutions', label: { lv: 'Iestādes (kopā)', en: 'State bodies (all)' }, types: ['ministry', 'institution', 'state-company', 'independent'] },
  { id: 'ministry', label: { lv: 'Ministrijas', en: 'Ministries' }, types: ['ministry'] },
  { id: 'institution', label: { lv: 'Valsts iestādes', en: 'State institutions' }, types: ['institution'] },
  { id: 'state-company', label: { lv: 'Kapitālsabiedrības', en: 'State-owned companies' }, types: ['state-company'] },
  { id: 'independent', label: { lv: 'Neatkarīgās iestādes', en: 'Independent institutions' }, types: ['independent'] },
  { id: 'municipalities', label: { lv: 'Pašvaldības (kopā)', en: 'Municipalities (all)' }, types: ['state-city', 'county'] },
  { id: 'state-city', label: { lv: 'Valstspilsētas', en: 'State cities' }, types: ['state-city'] },
  { id: 'county', label: { lv: 'Novadi', en: 'Counties' }, types: ['county'] },
];

// ---------------------------------------------------------------------------------------------------------------
// Breakdowns: each indicator declares its own (src/indicators/breakdown.ts); the registry collects them by id.

export { BREAKDOWNS };
export type { Breakdown };

/** An indicator's breakdowns: its own, else the registered indicator's of that id (test stand-ins carry none). */
function breakdownsOf(i: AnyIndicator): readonly Breakdown[] {
  return i.breakdowns ?? BREAKDOWNS[i.id] ?? [];
}

/** The breakdowns of a registry, in registry order. */
export function breakdownsFor(indicators: readonly AnyIndicator[]): Breakdown[] {
  return indicators.flatMap(breakdownsOf);
}

// ---------------------------------------------------------------------------------------------------------------

const round4 = (x: number): number => Math.round(x * 10000) / 10000;
const share = (count: number, n: number): Share => ({ count, n, share: n ? round4(count / n) : null });

interface Scored {
  result: SiteResult;
  scores: SiteScores;
}

function levelDistribution(sites: readonly Scored[], pick: (s: SiteScores) => { score: number | null; level: number | null }): LevelDistribution {
  const audited = sites.filter((s) => s.scores.audited);
  const withScore = audited.map((s) => pick(s.scores)).filter((x) => x.score !== null && x.level !== null);
  const n = withScore.length;
  const levels = {} as LevelDistribution['levels'];
  for (const level of LEVELS) levels[String(level) as keyof LevelDistribution['levels']] = share(withScore.filter((x) => x.level === level).length, n);
  const mean = n ? Math.round((withScore.reduce((a, x) => a + (x.score as number), 0) / n) * 10) / 10 : null;
  return { n, notScored: audited.length - n, mean, levels };
}

function valueDistribution(sites: readonly Scored[], indicatorId: string, b: Breakdown): ValueDistribution {
  const audited = sites.filter((s) => s.scores.audited);
  const classes: string[] = [];
  for (const s of audited) {
    const r = s.result.indicators[indicatorId];
    const c = r && r.value !== null && r.value !== undefined ? b.classify(r.value) : null;
    if (c !== null) classes.push(c);
  }
  const n = classes.length;
  const values: Record<string, Share> = {};
  for (const v of b.values) values[v] = share(classes.filter((c) => c === v).length, n);
  return { n, notMeasured: audited.length - n, values };
}

function aggregateGroup(
  id: string,
  label: GroupAggregate['label'],
  types: TargetType[],
  sites: readonly Scored[],
  breakdowns: readonly { indicatorId: string; b: Breakdown }[],
): GroupAggregate {
  const failed = sites.filter((s) => !s.scores.audited);
  const byStatus: Record<string, number> = {};
  for (const s of failed) byStatus[s.result.status] = (byStatus[s.result.status] ?? 0) + 1;
  const levels = { overall: levelDistribution(sites, (s) => s.overall) } as GroupAggregate['levels'];
  for (const dim of DIMENSIONS) levels[dim] = levelDistribution(sites, (s) => s.dimensions[dim]);
  const indicators: Record<string, ValueDistribution> = {};
  for (const { indicatorId, b } of breakdowns) indicators[b.key] = valueDistribution(sites, indicatorId, b);
  return {
    id,
    label,
    types,
    sites: sites.length,
    audited: sites.length - failed.length,
    notAudited: { ...share(failed.length, sites.length), byStatus },
    levels,
    indicators,
  };
}

/** Shares per maturity level and per indicator value, by group and by ministry sector. */
export function aggregateRun(results: readonly SiteResult[], scoring: Scoring, indicators: readonly AnyIndicator[]): Aggregates {
  const scored: Scored[] = results.map((result) => ({ result, scores: scoreSite(result, scoring) }));
  const breakdowns = indicators.flatMap((i) => breakdownsOf(i).map((b) => ({ indicatorId: i.id, b })));

  const groups = GROUPS.map((g) =>
    aggregateGroup(g.id, g.label, [...g.types], scored.filter((s) => g.types.includes(s.result.target.type)), breakdowns),
  );

  const sectorOf = (r: SiteResult): string | null => (typeof r.target.sector === 'string' && r.target.sector.trim() ? r.target.sector.trim() : null);
  const codes = [...new Set(scored.map((s) => sectorOf(s.result)).filter((c): c is string => c !== null))].sort();
  const sectors = codes.map((code) => {
    const sites = scored.filter((s) => sectorOf(s.result) === code);
    const types = TARGET_TYPES.filter((t) => sites.some((s) => s.result.target.type === t));
    return aggregateGroup(code, { lv: `${code} resors`, en: `${code} sector` }, types, sites, breakdowns);
  });

  return { groups, sectors, withoutSector: scored.filter((s) => sectorOf(s.result) === null).length };
}
