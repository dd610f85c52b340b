// Scores and maturity levels (pure): a site's indicator scores → a 0–100 score and a level 1–5 per dimension, and an
// overall automatic score. Weights and level thresholds come from config/scoring.json (parsed here, read from disk by
// loadScoring in src/config.ts), each with its reason written beside it.
//
// Rules (docs/export.md says the same for analysts):
// - A dimension's score is the weighted mean of its indicators' scores × 100, over the indicators with a weight above 0
//   whose score is not null. An indicator with a null score (not measured) is left out of the mean and listed in
//   `missing` with its reason: never counted as 0. No weighted indicator measured → the dimension's score is null.
// - The overall automatic score is the weighted mean of the dimension scores (dimension weights, `overall` in the
//   config) over the dimensions with a score; `technical` has weight 0, so it stays out by default.
// - Scores are rounded to one decimal; the level is read from the rounded score, so a reader of the CSV sees the same
//   boundary the code used (60.0 is level 3, 59.9 is level 2).
// - A site that could not be audited (status other than "ok") gets null everywhere, with the reason.
import type { AnyIndicator } from '../indicators/indicator.ts';
import { DIMENSIONS, type Dimension, type SiteResult } from '../types.ts';

export const LEVELS = [1, 2, 3, 4, 5] as const;
export type Level = (typeof LEVELS)[number];

/** The seeds' names of the maturity levels (e-pārvaldes brieduma līmeņi). */
export const LEVEL_NAMES: Record<Level, { lv: string; en: string }> = {
  1: { lv: 'situatīvs', en: 'situational' },
  2: { lv: 'intuitīvs', en: 'intuitive' },
  3: { lv: 'definēts', en: 'defined' },
  4: { lv: 'pārvaldīts', en: 'managed' },
  5: { lv: 'optimāls', en: 'optimal' },
};

export interface DimensionInfo {
  id: string;
  name: { lv: string; en: string };
  /** Whether the dimension is one of the five e-index dimensions (technical is ours, not the index's). */
  eIndex: boolean;
}

export const DIMENSION_INFO: Record<Dimension, DimensionInfo> = {
  communication: { id: 'communication', name: { lv: 'Saziņa ar sabiedrību un līdzdalība', en: 'Communication with society and participation' }, eIndex: true },
  service: { id: 'service', name: { lv: 'Klientu apkalpošana un atbalsts', en: 'Customer service and support' }, eIndex: true },
  services: { id: 'services', name: { lv: 'Pakalpojumu nodrošināšana', en: 'Service provision' }, eIndex: true },
  opendata: { id: 'opendata', name: { lv: 'Atvērto datu pieejamība', en: 'Open data availability' }, eIndex: true },
  technical: { id: 'technical', name: { lv: 'Tehniskie rādītāji', en: 'Technical indicators' }, eIndex: false },
};

/** The e-index dimension no automatic indicator can measure. */
export const QUESTIONNAIRE_ONLY_DIMENSIONS: readonly (DimensionInfo & { reason: string })[] = [
  {
    id: 'internal-processes',
    name: { lv: 'Iestādes iekšējie procesi un starpiestāžu sadarbība', en: 'Internal processes and inter-institutional cooperation' },
    eIndex: true,
    reason: 'measured by self-assessment questionnaires and expert review only; nothing of it is visible on a website',
  },
];

export interface LevelThreshold {
  level: Level;
  /** Lowest score (0–100, inclusive) of this level; the level ends where the next one starts. */
  min: number;
}

export interface DimensionWeights {
  /** Weight of this dimension in the overall automatic score (0 keeps it out). */
  overall: number;
  /** Weight per indicator id of this dimension (0: reported, not scored). */
  weights: Record<string, number>;
}

export interface Scoring {
  dimensions: Record<Dimension, DimensionWeights>;
  /** Ascending; level 1 starts at 0. */
  levels: LevelThreshold[];
  /** The written reason of each setting, by its path ("dimensions.communication.weights.wcag", "levels.3"). */
  reasons: Record<string, string>;
}

export interface MissingItem<K extends string = string> {
  id: K;
  reason: string;
}

export interface DimensionScore {
  /** 0–100, one decimal; null when nothing weighted could be measured (see `reason`). */
  score: number | null;
  level: Level | null;
  /** Weighted indicators (weight > 0) whose score entered the mean. */
  measured: string[];
  /** Weighted indicators left out of the mean, each with why. */
  missing: MissingItem[];
  reason?: string;
}

export interface OverallScore {
  score: number | null;
  level: Level | null;
  /** Dimensions (overall weight > 0) whose score entered the overall mean. */
  measured: Dimension[];
  missing: MissingItem<Dimension>[];
  reason?: string;
}

export interface SiteScores {
  targetId: string;
  audited: boolean;
  /** For a site that was not audited: its status and message. */
  reason?: string;
  dimensions: Record<Dimension, DimensionScore>;
  overall: OverallScore;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing and validating config/scoring.json

export type ParsedScoring = { scoring: Scoring; errors: [] } | { scoring: null; errors: string[] };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys starting with "$" are reasons: "$wcag" explains "wcag"; "$comment" and the like explain the section. */
function reasonsOf(obj: Record<string, unknown>, path: string, into: Record<string, string>): void {
  for (const [key, value] of Object.entries(obj)) {
    if (key.startsWith('$') && typeof value === 'string') into[`${path}${key.slice(1)}`] = value;
  }
}

function settings(obj: Record<string, unknown>): [string, unknown][] {
  return Object.entries(obj).filter(([key]) => !key.startsWith('$'));
}

const weightOk = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * Validates the raw JSON of config/scoring.json (with its "$" reasons) against the indicator registry. Every error
 * names the key: weights must be numbers ≥ 0, every weight must name a registered indicator of that dimension, and
 * every registered indicator must have a weight (0 to report it without scoring it).
 */
export function parseScoring(raw: unknown, indicators: readonly AnyIndicator[]): ParsedScoring {
  const errors: string[] = [];
  const reasons: Record<string, string> = {};
  if (!isObject(raw)) return { scoring: null, errors: ['the file must hold a JSON object'] };
  reasonsOf(raw, '', reasons);
  for (const [key] of settings(raw)) {
    if (key !== 'dimensions' && key !== 'levels') errors.push(`${key}: unknown setting (expected "dimensions" and "levels")`);
  }

  const byId = new Map(indicators.map((i) => [i.id, i]));
  const dimensions = {} as Record<Dimension, DimensionWeights>;
  const rawDims = raw.dimensions;
  if (!isObject(rawDims)) {
    errors.push('dimensions: missing or not an object');
  } else {
    reasonsOf(rawDims, 'dimensions.', reasons);
    for (const [dim] of settings(rawDims)) {
      if (!(DIMENSIONS as readonly string[]).includes(dim)) errors.push(`dimensions.${dim}: unknown dimension (known: ${DIMENSIONS.join(', ')})`);
    }
    for (const dim of DIMENSIONS) {
      const where = `dimensions.${dim}`;
      const d = rawDims[dim];
      if (!isObject(d)) {
        errors.push(`${where}: missing or not an object`);
        continue;
      }
      reasonsOf(d, `${where}.`, reasons);
      for (const [key] of settings(d)) {
        if (key !== 'overall' && key !== 'weights') errors.push(`${where}.${key}: unknown setting (expected "overall" and "weights")`);
      }
      if (!weightOk(d.overall)) errors.push(`${where}.overall: must be a number ≥ 0, got ${JSON.stringify(d.overall)}`);
      const weights: Record<string, number> = {};
      if (!isObject(d.weights)) {
        errors.push(`${where}.weights: missing or not an object`);
      } else {
        reasonsOf(d.weights, `${where}.weights.`, reasons);
        for (const [id, w] of settings(d.weights)) {
          const indicator = byId.get(id);
          if (!indicator) errors.push(`${where}.weights.${id}: no indicator "${id}" in the registry (src/indicators/index.ts)`);
          else if (indicator.dimension !== dim) errors.push(`${where}.weights.${id}: indicator "${id}" belongs to dimension "${indicator.dimension}"`);
          if (!weightOk(w)) errors.push(`${where}.weights.${id}: must be a number ≥ 0, got ${JSON.stringify(w)}`);
          else weights[id] = w;
        }
      }
      dimensions[dim] = { overall: weightOk(d.overall) ? d.overall : 0, weights };
    }
    for (const indicator of indicators) {
      const w = rawDims[indicator.dimension];
      if (isObject(w) && isObject(w.weights) && !(indicator.id in w.weights)) {
        errors.push(`dimensions.${indicator.dimension}.weights.${indicator.id}: registered indicator has no weight (0 reports it without scoring it)`);
      }
    }
    if (DIMENSIONS.every((dim) => !(dimensions[dim]?.overall > 0))) errors.push('dimensions: at least one dimension needs an "overall" weight above 0');
  }

  const levels: LevelThreshold[] = [];
  const rawLevels = raw.levels;
  if (!isObject(rawLevels)) {
    errors.push('levels: missing or not an object');
  } else {
    reasonsOf(rawLevels, 'levels.', reasons);
    for (const [key] of settings(rawLevels)) {
      if (!LEVELS.map(String).includes(key)) errors.push(`levels.${key}: unknown level (levels are 1 to 5)`);
    }
    let previous = -Infinity;
    for (const level of LEVELS) {
      const min = rawLevels[String(level)];
      if (typeof min !== 'number' || !Number.isFinite(min) || min < 0 || min > 100) {
        errors.push(`levels.${level}: must be the level's lowest score, a number from 0 to 100, got ${JSON.stringify(min)}`);
        continue;
      }
      if (level === 1 && min !== 0) errors.push(`levels.1: must be 0 (level 1 holds every score below level 2), got ${min}`);
      if (min <= previous) errors.push(`levels.${level}: ${min} must be above the threshold of level ${level - 1} (${previous})`);
      previous = min;
      levels.push({ level, min });
    }
  }

  if (errors.length) return { scoring: null, errors };
  return { scoring: { dimensions, levels, reasons }, errors: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Scoring

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** The highest level whose threshold the score reaches. */
export function levelFor(score: number, levels: readonly LevelThreshold[]): Level {
  let level: Level = 1;
  for (const t of levels) if (score >= t.min) level = t.level;
  return level;
}

/** Weighted indicators of a dimension (weight > 0), in config order. */
export function weightedIndicators(scoring: Scoring, dim: Dimension): string[] {
  return Object.entries(scoring.dimensions[dim].weights)
    .filter(([, w]) => w > 0)
    .map(([id]) => id);
}

/** Dimensions that get a score: at least one indicator with a weight above 0. */
export function scoredDimensions(scoring: Scoring): Dimension[] {
  return DIMENSIONS.filter((d) => weightedIndicators(scoring, d).length > 0);
}

/** Dimensions in the overall score: scored, with an overall weight above 0. */
export function overallDimensions(scoring: Scoring): Dimension[] {
  return scoredDimensions(scoring).filter((d) => scoring.dimensions[d].overall > 0);
}

function scoreDimension(result: SiteResult, scoring: Scoring, dim: Dimension): DimensionScore {
  const ids = weightedIndicators(scoring, dim);
  if (ids.length === 0) {
    return { score: null, level: null, measured: [], missing: [], reason: 'no indicator of this dimension has a weight above 0 (config/scoring.json)' };
  }
  if (result.status !== 'ok') {
    const reason = notAuditedReason(result);
    return { score: null, level: null, measured: [], missing: ids.map((id) => ({ id, reason })), reason };
  }
  const measured: string[] = [];
  const missing: MissingItem[] = [];
  let sum = 0;
  let total = 0;
  for (const id of ids) {
    const r = result.indicators[id];
    if (!r) {
      missing.push({ id, reason: 'not measured in this run (no result for this indicator)' });
    } else if (r.score === null || !Number.isFinite(r.score)) {
      missing.push({ id, reason: r.reason ?? `not measured (outcome ${r.outcome})` });
    } else {
      const w = scoring.dimensions[dim].weights[id]!;
      sum += w * Math.min(1, Math.max(0, r.score));
      total += w;
      measured.push(id);
    }
  }
  if (measured.length === 0) {
    return { score: null, level: null, measured, missing, reason: 'none of its weighted indicators could be measured' };
  }
  const score = round1((sum / total) * 100);
  return { score, level: levelFor(score, scoring.levels), measured, missing };
}

function notAuditedReason(result: SiteResult): string {
  return `site not audited (${result.status})${result.message ? `: ${result.message}` : ''}`;
}

/** Dimension scores, levels and the overall automatic score of one site. */
export function scoreSite(result: SiteResult, scoring: Scoring): SiteScores {
  const dimensions = {} as Record<Dimension, DimensionScore>;
  for (const dim of DIMENSIONS) dimensions[dim] = scoreDimension(result, scoring, dim);

  const measured: Dimension[] = [];
  const missing: MissingItem<Dimension>[] = [];
  let sum = 0;
  let total = 0;
  for (const dim of overallDimensions(scoring)) {
    const d = dimensions[dim];
    if (d.score === null) {
      missing.push({ id: dim, reason: d.reason ?? 'not scored' });
    } else {
      const w = scoring.dimensions[dim].overall;
      // The unrounded mean would differ by < 0.05 a dimension; the rounded one lets an analyst recompute the overall
      // from the CSV's dimension columns exactly.
      sum += w * d.score;
      total += w;
      measured.push(dim);
    }
  }
  let overall: OverallScore;
  if (measured.length === 0) {
    overall = { score: null, level: null, measured, missing, reason: result.status === 'ok' ? 'no dimension could be scored' : notAuditedReason(result) };
  } else {
    const score = round1(sum / total);
    overall = { score, level: levelFor(score, scoring.levels), measured, missing };
  }
  return {
    targetId: result.target.id,
    audited: result.status === 'ok',
    ...(result.status === 'ok' ? {} : { reason: notAuditedReason(result) }),
    dimensions,
    overall,
  };
}
