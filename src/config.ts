// Loads config/*.json, checked against schema/config.schema.json. Keys starting with "$" are the written reasons beside
// each setting and are ignored.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PageRole } from './artifacts.ts';
import type { AnyIndicator, IndicatorOptions } from './indicators/indicator.ts';
import { parseScoring, type Scoring } from './score/score.ts';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CONFIG_DIR = join(REPO_ROOT, 'config');
export const CONFIG_SCHEMA_PATH = join(REPO_ROOT, 'schema', 'config.schema.json');

export type DiscoveredRole = Exclude<PageRole, 'home' | 'sample'>;

/** Enforced by the egress proxy (src/audit/egress/proxy.ts) per host, except auditsPerHost (src/audit/politeness.ts). */
export interface PolitenessConfig {
  auditsPerHost: number;
  maxConcurrentPerHost: number;
  minGapMs: number;
  retryAfterMaxMs: number;
  robotsCacheMs: number;
}

export interface EmbeddedLimits {
  maxFrames: number;
  maxFrameDepth: number;
  framesBudgetMs: number;
  maxShadowRoots: number;
}

export interface CrawlConfig {
  maxPages: number;
  pagesInParallel: number;
  navigationTimeoutMs: number;
  settleMs: number;
  /** The settled DOM (src/audit/crawl/settle.ts): quiet window, budget, longest one-shot timer waited for. */
  settleQuietMs: number;
  settleBudgetMs: number;
  settleTimerMs: number;
  siteTimeoutMs: number;
  respectRobots: boolean;
  userAgentSuffix: string;
  politeness: PolitenessConfig;
  maxTextChars: number;
  maxNodesPerRule: number;
  maxLinksPerPage: number;
  /** PNGs of violating elements and of the phone view, for the report (src/collectors/screenshots.ts). */
  screenshots: { enabled: boolean; perPage: number; perSite: number; elementTimeoutMs: number; viewportTimeoutMs: number };
  /** Waits and bounds of the home-page collectors and page handling (config/crawl.json "timings"). */
  timings: { motionWindowMs: number; maxTabPresses: number; textResizeSettleMs: number; pageCloseMs: number; collectorRetries: number; slowSiteFactor: number };
  lighthouse: { enabled: boolean; timeoutMs: number; skipUnweightedAudits: boolean; settings: Record<string, unknown>; lanes?: number };
  mobileViewport: { width: number; height: number; deviceScaleFactor: number };
  desktopViewport: { width: number; height: number };
  rolePaths: Record<DiscoveredRole, string[]>;
  roleKeywords: Record<DiscoveredRole, string[]>;
  /** Links in iframes and open shadow roots (config/crawl.json "embedded"; src/collectors/frames.ts). */
  embedded: EmbeddedLimits;
}

export interface Config {
  crawl: CrawlConfig;
  /** Per-indicator options over each indicator's defaults (config/indicators.json). */
  indicators: IndicatorOptions;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The two validators of schema/config.schema.json, compiled on first use. */
let validators: { crawl: ValidateFunction; indicators: ValidateFunction } | null = null;
function validatorsOf(): { crawl: ValidateFunction; indicators: ValidateFunction } {
  if (validators) return validators;
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  // ajv-formats is CommonJS: its default export arrives wrapped under Node's ESM interop.
  const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (a: Ajv2020) => void;
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')) as { $id: string };
  ajv.addSchema(schema);
  validators = { crawl: ajv.compile({ $ref: `${schema.$id}#/$defs/crawl` }), indicators: ajv.compile({ $ref: `${schema.$id}#/$defs/indicators` }) };
  return validators;
}

/** One schema error as "$.a.b: reason", the path pointing at the setting itself (a missing or unknown key included). */
function problemOf(e: ErrorObject): string {
  const path = ['$', ...e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))];
  const params = e.params as { missingProperty?: string; additionalProperty?: string };
  if (e.keyword === 'required' && params.missingProperty) return `${[...path, params.missingProperty].join('.')}: is required`;
  if (e.keyword === 'additionalProperties' && params.additionalProperty) return `${[...path, params.additionalProperty].join('.')}: is not a known setting`;
  return `${path.join('.')}: ${e.message ?? e.keyword}`;
}

/** Checks `value` against the schema's `which` part; every problem in one ConfigError naming `where`. */
export function validateConfig(which: 'crawl' | 'indicators', value: unknown, where: string): void {
  const validate = validatorsOf()[which];
  if (validate(value)) return;
  const problems = [...new Set((validate.errors ?? []).map(problemOf))];
  throw new ConfigError(`${where}: does not match schema/config.schema.json ($defs/${which}):\n  ${problems.join('\n  ')}`);
}

/** A whole crawl config file (config/crawl.json or a copy of it), its "$" reasons removed, checked by the schema. */
export function readCrawlFile(path: string): CrawlConfig {
  const crawl = readJson(path);
  validateConfig('crawl', crawl, path);
  return crawl as unknown as CrawlConfig;
}

let shippedTimings: CrawlConfig['timings'] | null = null;

/** config/crawl.json's "timings" as shipped: the defaults of a collector called without options (tests, scripts). */
export function defaultTimings(): CrawlConfig['timings'] {
  return (shippedTimings ??= readCrawlFile(join(CONFIG_DIR, 'crawl.json')).timings);
}

function readJson(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${path}: cannot be read (${(err as Error).message})`);
  }
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return stripComments(value as Record<string, unknown>);
  } catch (err) {
    throw new ConfigError(`${path}: is not valid JSON (${(err as Error).message})`);
  }
}

function stripComments(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key.startsWith('$')) continue;
    out[key] =
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? stripComments(value as Record<string, unknown>)
        : value;
  }
  return out;
}

/** Merges `over` onto `base` key by key (objects recursively, arrays and scalars replaced); unknown keys are errors. */
function mergeKnown(base: Record<string, unknown>, over: Record<string, unknown>, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (!(key in base)) throw new ConfigError(`${where}: unknown setting "${key}"`);
    const b = base[key];
    if (typeof b === 'object' && b !== null && !Array.isArray(b) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      out[key] = key === 'settings' || key === 'rolePaths' || key === 'roleKeywords'
        ? { ...(b as object), ...(value as object) }
        : mergeKnown(b as Record<string, unknown>, value as Record<string, unknown>, `${where}.${key}`);
    } else {
      if (typeof b !== typeof value) throw new ConfigError(`${where}.${key}: expected ${typeof b}, got ${typeof value}`);
      out[key] = value;
    }
  }
  return out;
}

/**
 * The shipped config, optionally with a JSON file of overrides: { "crawl": {...}, "indicators": { "<id>": {...} } }.
 * `crawlOverrides` (from command-line flags) apply last.
 */
export function loadConfig(overridesPath?: string, crawlOverrides: Partial<CrawlConfig> = {}): Config {
  let crawl = readCrawlFile(join(CONFIG_DIR, 'crawl.json')) as unknown as Record<string, unknown>;
  const indicatorsPath = join(CONFIG_DIR, 'indicators.json');
  let indicators = readJson(indicatorsPath) as IndicatorOptions;
  validateConfig('indicators', indicators, indicatorsPath);
  if (overridesPath) {
    const over = readJson(overridesPath);
    for (const key of Object.keys(over)) {
      if (key !== 'crawl' && key !== 'indicators') throw new ConfigError(`${overridesPath}: unknown section "${key}"`);
    }
    if (over.crawl) crawl = mergeKnown(crawl, over.crawl as Record<string, unknown>, `${overridesPath}: crawl`);
    if (over.indicators) indicators = { ...indicators, ...(over.indicators as IndicatorOptions) };
    validateConfig('indicators', indicators, `${overridesPath}: indicators`);
  }
  crawl = mergeKnown(crawl, crawlOverrides as Record<string, unknown>, 'command line');
  const c = crawl as unknown as CrawlConfig;
  if (!Number.isInteger(c.maxPages) || c.maxPages < 1) throw new ConfigError(`crawl.maxPages: must be a whole number ≥ 1, got ${c.maxPages}`);
  if (!Number.isInteger(c.pagesInParallel) || c.pagesInParallel < 1) throw new ConfigError('crawl.pagesInParallel: must be a whole number ≥ 1');
  for (const key of ['auditsPerHost', 'maxConcurrentPerHost'] as const) {
    const v = c.politeness[key];
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`crawl.politeness.${key}: must be a whole number ≥ 1, got ${v}`);
  }
  for (const key of ['minGapMs', 'retryAfterMaxMs', 'robotsCacheMs'] as const) {
    const v = c.politeness[key];
    if (!Number.isFinite(v) || v < 0) throw new ConfigError(`crawl.politeness.${key}: must be a number of ms ≥ 0, got ${v}`);
  }
  validateConfig('crawl', c, overridesPath ? `crawl of ${overridesPath} and the command line` : 'crawl of the command line');
  return { crawl: c, indicators };
}

export const SCORING_PATH = join(CONFIG_DIR, 'scoring.json');

/**
 * Weights and maturity level thresholds (config/scoring.json), validated against the indicator registry; the "$"
 * reasons are kept (the export's summary.json shows them). Every problem is reported at once, each naming its key.
 */
export function loadScoring(indicators: readonly AnyIndicator[], path: string = SCORING_PATH): Scoring {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(`${path}: cannot be read as JSON (${(err as Error).message})`);
  }
  const parsed = parseScoring(raw, indicators);
  if (!parsed.scoring) throw new ConfigError(`${path}:\n  ${parsed.errors.join('\n  ')}`);
  return parsed.scoring;
}
