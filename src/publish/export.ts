// Files for people and the index pipeline: results.jsonl (one SiteResult per line), index.csv (one row per site, with
// dimension scores and maturity levels) and summary.json (what the run covers, the scoring used, group aggregates).
// Columns and fields are fixed by the registry, src/types.ts and config/scoring.json, never by the data: docs/export.md.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { aggregateRun, type Aggregates } from '../score/aggregate.ts';
import { loadScoring } from '../config.ts';
import type { AnyIndicator } from '../indicators/indicator.ts';
import { overriddenIds } from '../score/overrides.ts';
import {
  DIMENSION_INFO,
  LEVEL_NAMES,
  QUESTIONNAIRE_ONLY_DIMENSIONS,
  overallDimensions,
  scoredDimensions,
  scoreSite,
  weightedIndicators,
  type Level,
  type Scoring,
} from '../score/score.ts';
import { DIMENSIONS, type Dimension, type SiteResult } from '../types.ts';

const BASE_COLUMNS = ['id', 'name', 'type', 'sector', 'url', 'status', 'message', 'pages', 'durationMs'] as const;

/** Score columns: the overall automatic score, then each dimension (all of DIMENSIONS, scored or not). */
export const SCORE_COLUMNS: readonly string[] = (['overall', ...DIMENSIONS] as const).flatMap((d) => [`${d}.score`, `${d}.level`, `${d}.missing`]);

function valueAt(value: unknown, path: string): unknown {
  let v: unknown = value;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null) return null;
    v = (v as Record<string, unknown>)[key];
  }
  return v ?? null;
}

export function csvColumns(indicators: readonly AnyIndicator[]): string[] {
  const columns = [
    ...BASE_COLUMNS,
    ...SCORE_COLUMNS,
    ...indicators.flatMap((i) => [`${i.id}.score`, `${i.id}.outcome`, ...i.csv.map((c) => `${i.id}.${c}`)]),
    // Indicator ids whose value is an operator's override (src/score/overrides.ts), not the measured one.
    'overridden',
  ];
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) throw new Error(`index.csv: column "${c}" would appear twice (an indicator id equal to a dimension name?)`);
    seen.add(c);
  }
  return columns;
}

/**
 * Scraped text reaches spreadsheets: a text cell starting with = + - @ (or tab/CR) would run as a formula, so it gets a
 * leading apostrophe (OWASP's advice). Numbers stay numbers. A phone number "+371 …" is text here and is prefixed too:
 * unprefixed, a spreadsheet would turn it into a number and drop the plus anyway. results.jsonl keeps the raw text.
 */
export function neutraliseFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const raw = Array.isArray(v) ? v.join(' ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const s = typeof v === 'number' ? raw : neutraliseFormula(raw);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read ā, š, ž right). Empty cell = not measured. Scores use
 * `scoring` (default: config/scoring.json validated against `indicators`).
 */
export function toCsv(results: readonly SiteResult[], indicators: readonly AnyIndicator[], scoring: Scoring = loadScoring(indicators)): string {
  const lines = [csvColumns(indicators).join(',')];
  for (const r of results) {
    const row: unknown[] = [r.target.id, r.target.name, r.target.type, r.target.sector ?? '', r.target.url, r.status, r.message ?? '', r.pages.length, r.durationMs];
    const scores = scoreSite(r, scoring);
    row.push(scores.overall.score, scores.overall.level, scores.overall.missing.map((m) => m.id));
    for (const d of DIMENSIONS) {
      const ds = scores.dimensions[d];
      row.push(ds.score, ds.level, ds.missing.map((m) => m.id));
    }
    for (const i of indicators) {
      const res = r.indicators[i.id];
      row.push(res?.score ?? null, res?.outcome ?? null, ...i.csv.map((c) => (res ? valueAt(res.value, c) : null)));
    }
    row.push(overriddenIds(r));
    lines.push(row.map(cell).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export function toJsonl(results: readonly SiteResult[]): string {
  return results.map((r) => JSON.stringify(r)).join('\n') + (results.length ? '\n' : '');
}

/** Writes next to the target and renames, so a reader never sees half a file. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

export interface SummaryDimension {
  id: string;
  name: { lv: string; en: string };
  /** One of the five e-index dimensions (false for our technical one). */
  eIndex: boolean;
}

export interface CoveredDimension extends SummaryDimension {
  /** Weight in the overall automatic score (0: scored, but kept out of the overall). */
  overallWeight: number;
  /** Indicators that enter the dimension's score, with their weights. */
  indicators: { id: string; weight: number }[];
}

export interface RunSummary {
  schemaVersion: 1;
  runId: string;
  generatedAt: string;
  /** Dimensions that get a score in this export (at least one indicator with a weight above 0). */
  dimensionsCovered: CoveredDimension[];
  /** E-index dimensions this service cannot score, and our dimensions left unweighted, each with why. */
  dimensionsNotCovered: (SummaryDimension & { reason: string })[];
  scoring: {
    dimensions: Scoring['dimensions'];
    /** Each level's range: min inclusive, below exclusive (null for level 5: up to 100). */
    levels: { level: Level; name: { lv: string; en: string }; min: number; below: number | null }[];
    /** The written reason beside each setting in config/scoring.json, by its path. */
    reasons: Record<string, string>;
  };
  sites: number;
  audited: number;
  notAudited: number;
  aggregates: Aggregates;
}

/** summary.json: what the run covers, the scoring it was scored with, and the aggregates by group and sector. */
export function buildSummary(
  runId: string,
  results: readonly SiteResult[],
  indicators: readonly AnyIndicator[],
  scoring: Scoring,
  generatedAt: string = new Date().toISOString(),
): RunSummary {
  const scored = scoredDimensions(scoring);
  const inOverall = overallDimensions(scoring);
  const info = (d: Dimension): SummaryDimension => ({ id: d, name: DIMENSION_INFO[d].name, eIndex: DIMENSION_INFO[d].eIndex });
  const audited = results.filter((r) => r.status === 'ok').length;
  return {
    schemaVersion: 1,
    runId,
    generatedAt,
    dimensionsCovered: scored.map((d) => ({
      ...info(d),
      overallWeight: inOverall.includes(d) ? scoring.dimensions[d].overall : 0,
      indicators: weightedIndicators(scoring, d).map((id) => ({ id, weight: scoring.dimensions[d].weights[id]! })),
    })),
    dimensionsNotCovered: [
      ...QUESTIONNAIRE_ONLY_DIMENSIONS.map(({ id, name, eIndex, reason }) => ({ id, name, eIndex, reason })),
      ...DIMENSIONS.filter((d) => !scored.includes(d)).map((d) => ({
        ...info(d),
        reason: DIMENSION_INFO[d].eIndex
          ? 'no indicator of this dimension has a weight above 0 in config/scoring.json'
          : 'not an e-index dimension: its indicators are reported in their own columns with weight 0 (config/scoring.json)',
      })),
    ],
    scoring: {
      dimensions: scoring.dimensions,
      levels: scoring.levels.map((t, i) => ({ level: t.level, name: LEVEL_NAMES[t.level], min: t.min, below: scoring.levels[i + 1]?.min ?? null })),
      reasons: scoring.reasons,
    },
    sites: results.length,
    audited,
    notAudited: results.length - audited,
    aggregates: aggregateRun(results, scoring, indicators),
  };
}

/** Indented JSON with each share on one line ({ "count": 3, "n": 40, "share": 0.075 }): a tenth of the lines. */
export function toSummaryJson(summary: RunSummary): string {
  const text = JSON.stringify(summary, null, 2).replace(
    /\{\s*"count": (\d+),\s*"n": (\d+),\s*"share": ([-\d.e]+|null)\s*\}/g,
    '{ "count": $1, "n": $2, "share": $3 }',
  );
  return text + '\n';
}

export interface RunFilesOptions {
  /** Default: config/scoring.json validated against `indicators`. */
  scoring?: Scoring;
  /** Default: the runId of the first result. */
  runId?: string;
  generatedAt?: string;
}

/**
 * Writes results.jsonl, index.csv and summary.json into outDir. results.jsonl is written first: it needs no scoring,
 * so a broken config/scoring.json still leaves the night's results on disk (and the error says which key is wrong).
 */
export function writeRunFiles(
  outDir: string,
  results: readonly SiteResult[],
  indicators: readonly AnyIndicator[],
  options: RunFilesOptions = {},
): { jsonl: string; csv: string; summary: string } {
  const jsonl = join(outDir, 'results.jsonl');
  const csv = join(outDir, 'index.csv');
  const summary = join(outDir, 'summary.json');
  writeFileAtomic(jsonl, toJsonl(results));
  const scoring = options.scoring ?? loadScoring(indicators);
  writeFileAtomic(csv, toCsv(results, indicators, scoring));
  const runId = options.runId ?? results[0]?.runId ?? '';
  writeFileAtomic(summary, toSummaryJson(buildSummary(runId, results, indicators, scoring, options.generatedAt)));
  return { jsonl, csv, summary };
}
