// The results store: one SQLite file (Node's built-in node:sqlite, no native addon, no server). Store is the one
// handle the rest of the auditor uses; its parts live apart: schema.ts (tables, transactions), results.ts (site
// results, artifacts, screenshots), runs.ts (runs, service run targets, sealing), editorial.ts (overrides, frozen
// runs, change stamps).
import type { DatabaseSync } from 'node:sqlite';
import type { IndicatorResult, SiteResult, Target } from '../types.ts';
import type { Artifacts } from '../artifacts.ts';
import { openDatabase } from './schema.ts';
import { countRows, getResult, runResults, saveSite, screenshot, screenshotNames, siteArtifacts, updateIndicators } from './results.ts';
import {
  addRunTargets,
  findRun,
  finishRun,
  latestSealedRun,
  listRuns,
  openRun,
  openServiceRuns,
  runTargets,
  saveRunResult,
  sealState,
  type RunInfo,
  type RunTargetState,
  type SealState,
} from './runs.ts';
import { addOverride, changeStamp, freezeRun, frozenRuns, lastChange, overrides, type FrozenRun, type StoredOverride } from './editorial.ts';

export type { FrozenRun, RunInfo, RunTargetState, SealState, StoredOverride };

export class Store {
  readonly path: string;
  private db: DatabaseSync;

  constructor(path: string) {
    this.path = path;
    this.db = openDatabase(path);
  }

  close(): void {
    this.db.close();
  }

  openRun(runId: string, kind: string, targets: number, createdAt?: string): void {
    openRun(this.db, runId, kind, targets, createdAt);
  }

  finishRun(runId: string, finishedAt?: string): void {
    finishRun(this.db, runId, finishedAt);
  }

  /** Stores one site's result and artifacts atomically; a second call for the same (run, target) replaces both. */
  saveSite(result: SiteResult, artifacts: Artifacts | null): void {
    saveSite(this.db, result, artifacts);
  }

  /** Replaces a site's indicators (rescore) without touching its artifacts. */
  updateIndicators(runId: string, targetId: string, indicators: Record<string, IndicatorResult>): void {
    updateIndicators(this.db, runId, targetId, indicators);
  }

  getResult(runId: string, targetId: string): SiteResult | null {
    return getResult(this.db, runId, targetId);
  }

  /** Results of a run in target id order. */
  results(runId: string): SiteResult[] {
    return runResults(this.db, runId);
  }

  artifacts(runId: string, targetId: string): Artifacts | null {
    return siteArtifacts(this.db, runId, targetId);
  }

  /** A stored screenshot's PNG bytes, or null. */
  screenshot(runId: string, targetId: string, name: string): Buffer | null {
    return screenshot(this.db, runId, targetId, name);
  }

  /** Names of a site's screenshots in a run. */
  screenshotNames(runId: string, targetId: string): string[] {
    return screenshotNames(this.db, runId, targetId);
  }

  // Overrides and frozen runs (src/score/overrides.ts validates and applies them).

  addOverride(o: Omit<StoredOverride, 'seq'>): StoredOverride {
    return addOverride(this.db, o);
  }

  /** Every override entry of a run, oldest first (the audit trail). */
  overrides(runId: string): StoredOverride[] {
    return overrides(this.db, runId);
  }

  /** Freezes a run as the official measurement of a year; a year is frozen once (the caller checks sealing). */
  freezeRun(f: FrozenRun): void {
    freezeRun(this.db, f);
  }

  frozenRuns(): FrozenRun[] {
    return frozenRuns(this.db);
  }

  /** Changes whenever a result, an override, a frozen year or a run is added anywhere: the key of cached reports. */
  changeStamp(): string {
    return changeStamp(this.db);
  }

  /** The newest stored result or override of a run (ISO time): the "generated at" of what is built from it. */
  lastChange(runId: string): string | null {
    return lastChange(this.db, runId);
  }

  countRows(runId: string): number {
    return countRows(this.db, runId);
  }

  runs(): RunInfo[] {
    return listRuns(this.db);
  }

  run(runId: string): RunInfo | null {
    return findRun(this.db, runId);
  }

  // Service runs: targets, generations, sealing. Used by the store writer (src/service/store-writer.ts).

  /** Adds targets to a run (creating the run), or raises their requested generation; idempotent. */
  addRunTargets(runId: string, kind: string, createdAt: string, entries: readonly { target: Target; generation: number }[]): void {
    addRunTargets(this.db, runId, kind, createdAt, entries);
  }

  /** Stores a service result of a given generation, unless a newer one is already stored ('stale'). */
  saveRunResult(result: SiteResult, artifacts: Artifacts | null, generation: number): 'stored' | 'stale' {
    return saveRunResult(this.db, result, artifacts, generation);
  }

  /** The targets of a service run with their state, in target id order; [] for a run without (in-process runs). */
  runTargets(runId: string): RunTargetState[] {
    return runTargets(this.db, runId);
  }

  /** Whether a run is sealed (see runs.ts). */
  sealState(runId: string): SealState | null {
    return sealState(this.db, runId);
  }

  /** Service runs with a target still waiting for its result, oldest first. */
  openServiceRuns(): string[] {
    return openServiceRuns(this.db);
  }

  /** The newest sealed run (of a kind, when given): what the index pipeline should read. */
  latestSealedRun(kind?: string): SealState | null {
    return latestSealedRun(this.db, kind);
  }
}
