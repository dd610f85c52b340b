// Builders for scoring, aggregate and export tests: a registry of stand-in indicators with the ids and dimensions of
// INDICATORS.md, and site results made from a few indicator scores and values.
import type { AnyIndicator } from '../../src/indicators/indicator.ts';
import { INDICATORS } from '../../src/indicators/index.ts';
import { parseScoring, type Scoring } from '../../src/score/score.ts';
import type { Dimension, IndicatorResult, SiteResult, SiteStatus, Target, TargetType } from '../../src/types.ts';

export function fakeIndicator(id: string, dimension: Dimension, csv: readonly string[] = []): AnyIndicator {
  return {
    id,
    dimension,
    title: { lv: id, en: id },
    requires: [],
    defaultOptions: {},
    csv,
    evaluate: () => {
      throw new Error('stand-in indicator');
    },
  };
}

/** The indicator ids and dimensions of the registry (which follows ../shared/INDICATORS.md): never a hand-kept copy. */
export const SPEC_INDICATORS: readonly [string, Dimension][] = INDICATORS.map((i) => [i.id, i.dimension]);

export const SPEC_REGISTRY: readonly AnyIndicator[] = SPEC_INDICATORS.map(([id, dim]) => fakeIndicator(id, dim));

/** A small registry and scoring with round numbers: communication a (weight 3) + b (1) + z (0); service c; tech t (0). */
export const SMALL_REGISTRY: readonly AnyIndicator[] = [
  fakeIndicator('a', 'communication', ['band']),
  fakeIndicator('b', 'communication'),
  fakeIndicator('z', 'communication'),
  fakeIndicator('c', 'service', ['phone']),
  fakeIndicator('d', 'services'),
  fakeIndicator('e', 'opendata'),
  fakeIndicator('t', 'technical'),
];

export function smallScoringRaw(): Record<string, unknown> {
  return {
    dimensions: {
      communication: { overall: 1, weights: { a: 3, b: 1, z: 0 } },
      service: { overall: 1, weights: { c: 1 } },
      services: { overall: 1, weights: { d: 1 } },
      opendata: { overall: 1, weights: { e: 1 } },
      technical: { overall: 0, weights: { t: 0 } },
    },
    levels: { '1': 0, '2': 25, '3': 60, '4': 80, '5': 90 },
  };
}

export function scoringOf(raw: unknown, registry: readonly AnyIndicator[] = SMALL_REGISTRY): Scoring {
  const parsed = parseScoring(raw, registry);
  if (!parsed.scoring) throw new Error(parsed.errors.join('\n'));
  return parsed.scoring;
}

export const SMALL_SCORING: Scoring = scoringOf(smallScoringRaw());

export function indicator(score: number | null, value: unknown = null, reason?: string): IndicatorResult {
  return {
    value,
    score,
    outcome: score === null ? 'error' : score >= 0.5 ? 'pass' : 'fail',
    evidence: [],
    ...(reason ? { reason } : {}),
  };
}

export interface SiteSpec {
  id?: string;
  type?: TargetType;
  sector?: string;
  status?: SiteStatus;
  message?: string;
  /** Indicator id → score (value null), or a full result. */
  indicators?: Record<string, number | null | IndicatorResult>;
}

export function site(spec: SiteSpec = {}): SiteResult {
  const id = spec.id ?? 'iestade';
  const target: Target = { id, name: `Iestāde ${id}`, type: spec.type ?? 'institution', url: `https://${id}.gov.lv/`, ...(spec.sector ? { sector: spec.sector } : {}) };
  const indicators: Record<string, IndicatorResult> = {};
  for (const [k, v] of Object.entries(spec.indicators ?? {})) indicators[k] = typeof v === 'object' && v !== null ? v : indicator(v);
  return {
    schemaVersion: 1,
    runId: 'run-1',
    target,
    status: spec.status ?? 'ok',
    ...(spec.message ? { message: spec.message } : {}),
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1000,
    versions: { auditor: '0', node: '24', chromium: '0', axeCore: '0', lighthouse: '0' },
    robots: null,
    pages: [],
    indicators: spec.status && spec.status !== 'ok' ? {} : indicators,
  };
}
