// What an indicator is (metadata + a pure evaluate function), and how the registry is run over a site's artifacts.
import type { Dimension, IndicatorResult, Target } from '../types.ts';
import type { ArtifactMap, ArtifactName, Artifacts } from '../artifacts.ts';
import { isCollectorError } from '../artifacts.ts';

export interface EvaluateContext {
  target: Target;
  /** The audit's start time: ages (e.g. of an accessibility statement) are counted from it, so rescoring is stable. */
  now: Date;
  /** Results of indicators listed earlier in the registry (e.g. a11y-statement reads wcag). */
  results: Readonly<Record<string, IndicatorResult>>;
}

export interface Indicator<R extends ArtifactName = ArtifactName, V = unknown, O = unknown> {
  id: string;
  dimension: Dimension;
  title: { lv: string; en: string };
  /** Artifacts evaluate() reads; it receives exactly these, never an error in their place. */
  requires: readonly R[];
  defaultOptions: O;
  /** Paths into `value` exported as CSV columns `<id>.<path>` (e.g. "band", "violations.critical"): fixed per
   * indicator so the export's columns never depend on what a night happened to measure. */
  csv: readonly string[];
  evaluate(artifacts: Pick<ArtifactMap, R>, options: O, ctx: EvaluateContext): IndicatorResult<V>;
}

/** Identity function that lets TypeScript infer R, V and O from the literal. */
export function defineIndicator<const R extends ArtifactName, V, O>(def: Indicator<R, V, O>): Indicator<R, V, O> {
  return def;
}

// The registry holds indicators of different shapes; this is the one place their types are erased.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyIndicator = Indicator<any, any, any>;

/** Options per indicator id, merged over each indicator's defaultOptions (top-level keys replace). */
export type IndicatorOptions = Record<string, Record<string, unknown>>;

export function optionsFor(indicator: AnyIndicator, overrides: IndicatorOptions | undefined): unknown {
  const base = indicator.defaultOptions as Record<string, unknown>;
  const extra = overrides?.[indicator.id];
  return extra ? { ...base, ...extra } : base;
}

/** Runs every indicator; a missing artifact or a throw becomes score null with a reason, never a lost site. */
export function runIndicators(
  indicators: readonly AnyIndicator[],
  artifacts: Artifacts,
  ctx: Omit<EvaluateContext, 'results'>,
  overrides?: IndicatorOptions,
): Record<string, IndicatorResult> {
  const results: Record<string, IndicatorResult> = {};
  for (const indicator of indicators) {
    results[indicator.id] = runOne(indicator, artifacts, { ...ctx, results }, overrides);
  }
  return results;
}

function runOne(
  indicator: AnyIndicator,
  artifacts: Artifacts,
  ctx: EvaluateContext,
  overrides: IndicatorOptions | undefined,
): IndicatorResult {
  const given: Partial<ArtifactMap> = {};
  for (const name of indicator.requires as ArtifactName[]) {
    const artifact = artifacts[name];
    if (artifact === undefined) return notMeasured(`artifact "${name}" was not collected`);
    if (isCollectorError(artifact)) return notMeasured(`artifact "${name}" failed: ${artifact.collectorError}`);
    (given as Record<string, unknown>)[name] = artifact;
  }
  try {
    return indicator.evaluate(given as ArtifactMap, optionsFor(indicator, overrides), ctx);
  } catch (err) {
    return notMeasured(`indicator threw: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function notMeasured(reason: string): IndicatorResult {
  return { value: null, score: null, outcome: 'error', evidence: [], reason };
}
