// The results store as the rest of the auditor sees it: one async interface, implemented by the embedded SQLite file
// (sqlite.ts, the default) and PostgreSQL (postgres.ts). store.ts opens one of them.
import type { IndicatorResult, SiteResult, Target } from '../types.ts';
import type { Artifacts } from '../artifacts.ts';
import type { RunInfo, RunTargetState, SealState } from './runs.ts';
import type { FrozenRun, StoredOverride } from './editorial.ts';

export type { FrozenRun, RunInfo, RunTargetState, SealState, StoredOverride };

export interface Store {
  /** Where the rows live: the SQLite file, or the PostgreSQL URL with its password masked. */
  readonly path: string;
  close(): Promise<void>;

  openRun(runId: string, kind: string, targets: number, createdAt?: string): Promise<void>;
  finishRun(runId: string, finishedAt?: string): Promise<void>;
  /** Stores one site's result and artifacts atomically; a second call for the same (run, target) replaces both. */
  saveSite(result: SiteResult, artifacts: Artifacts | null): Promise<void>;
  /** Replaces a site's indicators (rescore) without touching its artifacts. */
  updateIndicators(runId: string, targetId: string, indicators: Record<string, IndicatorResult>): Promise<void>;
  getResult(runId: string, targetId: string): Promise<SiteResult | null>;
  /** Results of a run in target id order. */
  results(runId: string): Promise<SiteResult[]>;
  artifacts(runId: string, targetId: string): Promise<Artifacts | null>;
  /** A stored screenshot's PNG bytes, or null. */
  screenshot(runId: string, targetId: string, name: string): Promise<Buffer | null>;
  /** Lighthouse's HTML report of a site in a run, gzipped, or null (Lighthouse off or failed). */
  lighthouseReport(runId: string, targetId: string): Promise<Buffer | null>;
  /** Names of a site's screenshots in a run. */
  screenshotNames(runId: string, targetId: string): Promise<string[]>;

  // Overrides and frozen runs (src/score/overrides.ts validates and applies them).
  addOverride(o: Omit<StoredOverride, 'seq'>): Promise<StoredOverride>;
  /** Every override entry of a run, oldest first (the audit trail). */
  overrides(runId: string): Promise<StoredOverride[]>;
  /** Freezes a run as the official measurement of a year; a year is frozen once (the caller checks sealing). */
  freezeRun(f: FrozenRun): Promise<void>;
  frozenRuns(): Promise<FrozenRun[]>;
  /** Changes whenever a result, an override, a frozen year or a run is added anywhere: the key of cached reports. */
  changeStamp(): Promise<string>;
  /** The newest stored result or override of a run (ISO time): the "generated at" of what is built from it. */
  lastChange(runId: string): Promise<string | null>;
  countRows(runId: string): Promise<number>;
  /** Every run, newest first. */
  runs(): Promise<RunInfo[]>;
  run(runId: string): Promise<RunInfo | null>;

  // Service runs: targets, generations, sealing. Used by the store writer (src/service/store-writer.ts).
  /** Adds targets to a run (creating the run), or raises their requested generation; idempotent. */
  addRunTargets(runId: string, kind: string, createdAt: string, entries: readonly { target: Target; generation: number }[]): Promise<void>;
  /** Stores a service result of a given generation, unless a newer one is already stored ('stale'). */
  saveRunResult(result: SiteResult, artifacts: Artifacts | null, generation: number): Promise<'stored' | 'stale'>;
  /** The targets of a service run with their state, in target id order; [] for a run without (in-process runs). */
  runTargets(runId: string): Promise<RunTargetState[]>;
  /** Whether a run is sealed (see runs.ts). */
  sealState(runId: string): Promise<SealState | null>;
  /** Service runs with a target still waiting for its result, oldest first. */
  openServiceRuns(): Promise<string[]>;
  /** The newest sealed run (of a kind, when given): what the index pipeline should read. */
  latestSealedRun(kind?: string): Promise<SealState | null>;
}
