// What an indicator is (metadata + a pure evaluate function), and how the registry is run over a site's artifacts.
import type { Dimension, IndicatorResult, Target } from '../types.ts';
import type { ArtifactMap, ArtifactName, Artifacts } from '../artifacts.ts';
import { isCollectorError } from '../artifacts.ts';
import type { Breakdown, Label } from './breakdown.ts';

export type { Breakdown, Label } from './breakdown.ts';

export interface EvaluateContext {
  target: Target;
  /** The audit's start time: ages (e.g. of an accessibility statement) are counted from it, so rescoring is stable. */
  now: Date;
  /** Results of the indicators run before this one: those in its `dependsOn` are always among them. */
  results: Readonly<Record<string, IndicatorResult>>;
}

export interface Indicator<R extends ArtifactName = ArtifactName, V = unknown, O = unknown, Id extends string = string> {
  id: Id;
  dimension: Dimension;
  title: { lv: string; en: string };
  /** Artifacts evaluate() reads; it receives exactly these, never an error in their place. */
  requires: readonly R[];
  defaultOptions: O;
  /** Paths into `value` exported as CSV columns `<id>.<path>` (e.g. "band", "violations.critical"): fixed per
   * indicator so the export's columns never depend on what a night happened to measure. */
  csv: readonly string[];
  /** Ids of the indicators whose results evaluate() reads from ctx.results; the registry runs them first. */
  dependsOn?: readonly string[];
  // labels and advice are optional only so tests can define throw-away indicators; every registered indicator has
  // them (test/unit/indicators/registry.test.ts checks).
  /** Report names of the value's fields: every CSV field, and the breakdown fields (the part of a key after the id). */
  labels?: Readonly<Record<string, Label>>;
  /** What to do, shown in the site report when the indicator does not pass. */
  advice?: Label;
  /** The categorical values the run's aggregates count per group; none for an indicator of numbers only. */
  breakdowns?: readonly Breakdown[];
  /** What the site report shows beyond the generic rendering (score, advice, flat value fields, evidence). */
  report?: IndicatorReport<V>;
  evaluate(artifacts: Pick<ArtifactMap, R>, options: O, ctx: EvaluateContext): IndicatorResult<V>;
}

/** A problem of a site in a run, by a stable key: what the report's "new" and "fixed since last run" compare. */
export interface Problem {
  key: string;
  label: Label;
}

export interface IndicatorReport<V = unknown> {
  /** The value's problems; without it, one problem `indicator:<id>` when the outcome is fail. */
  problems?(value: V, title: Label): Problem[];
  /** A section rendered by the report (src/publish/report/site.ts) in place of the value's flat fields: the WCAG
   * findings, the accessibility statement's elements, or a yes/no list of `checks`. */
  section?: 'wcag-findings' | 'statement' | 'checks';
  /** Names of the value's boolean checks, in display order (for the 'statement' and 'checks' sections). */
  checks?: Readonly<Record<string, Label>>;
  /** The section shows the evidence itself: no separate evidence list. */
  hideEvidence?: boolean;
}

/** Identity function that lets TypeScript infer R, V, O and the literal id from the literal. */
export function defineIndicator<const R extends ArtifactName, V, O, const Id extends string>(def: Indicator<R, V, O, Id>): Indicator<R, V, O, Id> {
  return def;
}

// The registry holds indicators of different shapes; this is the one place their types are erased.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyIndicator = Indicator<any, any, any, string>;

/**
 * The indicators in an order where each comes after those in its `dependsOn`; otherwise the given order is kept, so a
 * list that already satisfies its dependencies comes back unchanged. Throws on an unknown id or a cycle.
 */
export function orderByDependencies<I extends AnyIndicator>(indicators: readonly I[]): I[] {
  const byId = new Map(indicators.map((i) => [i.id, i] as const));
  const done = new Set<string>();
  const visiting: string[] = [];
  const out: I[] = [];
  const visit = (indicator: I): void => {
    if (done.has(indicator.id)) return;
    if (visiting.includes(indicator.id)) {
      throw new Error(`indicator dependency cycle: ${[...visiting.slice(visiting.indexOf(indicator.id)), indicator.id].join(' -> ')}`);
    }
    visiting.push(indicator.id);
    for (const dep of indicator.dependsOn ?? []) {
      const d = byId.get(dep);
      if (!d) throw new Error(`indicator "${indicator.id}" depends on "${dep}", which is not registered`);
      visit(d);
    }
    visiting.pop();
    done.add(indicator.id);
    out.push(indicator);
  };
  for (const i of indicators) visit(i);
  return out;
}

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
    if (isCollectorError(artifact)) return notMeasured(`artifact "${name}" failed${artifact.attempts ? ` (${artifact.attempts} attempts${artifact.retriesSpent ? ', retries spent' : ''})` : ""}: ${artifact.collectorError}`);
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
