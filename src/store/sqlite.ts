// The embedded SQLite store (the default): one file, Node's built-in node:sqlite, no native addon, no server. Its
// parts live apart: schema.ts (tables, transactions), results.ts (site results, artifacts, screenshots), runs.ts
// (runs, service run targets, sealing), editorial.ts (overrides, frozen runs, change stamps). Every method runs its
// statements synchronously inside the call (node:sqlite is synchronous), so each is atomic with respect to the
// event loop; the Promise only gives it the shape of the Store interface.
import type { DatabaseSync } from 'node:sqlite';
import type { IndicatorResult, SiteResult, Target } from '../types.ts';
import type { Artifacts } from '../artifacts.ts';
import { openDatabase } from './schema.ts';
import { countRows, getResult, lighthouseReport, runResults, saveSite, screenshot, screenshotNames, siteArtifacts, updateIndicators } from './results.ts';
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
import type { Store } from './interface.ts';

export class SqliteStore implements Store {
  readonly path: string;
  private db: DatabaseSync;

  constructor(path: string) {
    this.path = path;
    this.db = openDatabase(path);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  async openRun(runId: string, kind: string, targets: number, createdAt?: string): Promise<void> {
    openRun(this.db, runId, kind, targets, createdAt);
  }

  async finishRun(runId: string, finishedAt?: string): Promise<void> {
    finishRun(this.db, runId, finishedAt);
  }

  /** Stores one site's result and artifacts atomically; a second call for the same (run, target) replaces both. */
  async saveSite(result: SiteResult, artifacts: Artifacts | null): Promise<void> {
    saveSite(this.db, result, artifacts);
  }

  /** Replaces a site's indicators (rescore) without touching its artifacts. */
  async updateIndicators(runId: string, targetId: string, indicators: Record<string, IndicatorResult>): Promise<void> {
    updateIndicators(this.db, runId, targetId, indicators);
  }

  async getResult(runId: string, targetId: string): Promise<SiteResult | null> {
    return getResult(this.db, runId, targetId);
  }

  /** Results of a run in target id order. */
  async results(runId: string): Promise<SiteResult[]> {
    return runResults(this.db, runId);
  }

  async artifacts(runId: string, targetId: string): Promise<Artifacts | null> {
    return siteArtifacts(this.db, runId, targetId);
  }

  /** A stored screenshot's PNG bytes, or null. */
  async screenshot(runId: string, targetId: string, name: string): Promise<Buffer | null> {
    return screenshot(this.db, runId, targetId, name);
  }

  /** Lighthouse's HTML report of a site in a run, gzipped, or null. */
  async lighthouseReport(runId: string, targetId: string): Promise<Buffer | null> {
    return lighthouseReport(this.db, runId, targetId);
  }

  /** Names of a site's screenshots in a run. */
  async screenshotNames(runId: string, targetId: string): Promise<string[]> {
    return screenshotNames(this.db, runId, targetId);
  }

  // Overrides and frozen runs (src/score/overrides.ts validates and applies them).

  async addOverride(o: Omit<StoredOverride, 'seq'>): Promise<StoredOverride> {
    return addOverride(this.db, o);
  }

  /** Every override entry of a run, oldest first (the audit trail). */
  async overrides(runId: string): Promise<StoredOverride[]> {
    return overrides(this.db, runId);
  }

  /** Freezes a run as the official measurement of a year; a year is frozen once (the caller checks sealing). */
  async freezeRun(f: FrozenRun): Promise<void> {
    freezeRun(this.db, f);
  }

  async frozenRuns(): Promise<FrozenRun[]> {
    return frozenRuns(this.db);
  }

  /** Changes whenever a result, an override, a frozen year or a run is added anywhere: the key of cached reports. */
  async changeStamp(): Promise<string> {
    return changeStamp(this.db);
  }

  /** The newest stored result or override of a run (ISO time): the "generated at" of what is built from it. */
  async lastChange(runId: string): Promise<string | null> {
    return lastChange(this.db, runId);
  }

  async countRows(runId: string): Promise<number> {
    return countRows(this.db, runId);
  }

  async runs(): Promise<RunInfo[]> {
    return listRuns(this.db);
  }

  async run(runId: string): Promise<RunInfo | null> {
    return findRun(this.db, runId);
  }

  // Service runs: targets, generations, sealing. Used by the store writer (src/service/store-writer.ts).

  /** Adds targets to a run (creating the run), or raises their requested generation; idempotent. */
  async addRunTargets(runId: string, kind: string, createdAt: string, entries: readonly { target: Target; generation: number }[]): Promise<void> {
    addRunTargets(this.db, runId, kind, createdAt, entries);
  }

  /** Stores a service result of a given generation, unless a newer one is already stored ('stale'). */
  async saveRunResult(result: SiteResult, artifacts: Artifacts | null, generation: number): Promise<'stored' | 'stale'> {
    return saveRunResult(this.db, result, artifacts, generation);
  }

  /** The targets of a service run with their state, in target id order; [] for a run without (in-process runs). */
  async runTargets(runId: string): Promise<RunTargetState[]> {
    return runTargets(this.db, runId);
  }

  /** Whether a run is sealed (see runs.ts). */
  async sealState(runId: string): Promise<SealState | null> {
    return sealState(this.db, runId);
  }

  /** Service runs with a target still waiting for its result, oldest first. */
  async openServiceRuns(): Promise<string[]> {
    return openServiceRuns(this.db);
  }

  /** The newest sealed run (of a kind, when given): what the index pipeline should read. */
  async latestSealedRun(kind?: string): Promise<SealState | null> {
    return latestSealedRun(this.db, kind);
  }
}
