// Site results: one row per (run, target), written with its artifacts, screenshots and per-indicator rows in one
// transaction, so a site is stored whole or not at all, and storing it again in the same run replaces it.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DatabaseSync } from 'node:sqlite';
import type { IndicatorResult, SiteResult } from '../types.ts';
import type { Artifacts } from '../artifacts.ts';
import { detachBlobs } from './blobs.ts';
import { transaction } from './schema.ts';

/** Stores one site's result and artifacts atomically; a second call for the same (run, target) replaces both. */
export function saveSite(db: DatabaseSync, result: SiteResult, artifacts: Artifacts | null): void {
  transaction(db, () => writeSite(db, result, artifacts));
}

/** saveSite's writes, inside the caller's transaction. */
export function writeSite(db: DatabaseSync, result: SiteResult, artifacts: Artifacts | null): void {
  const { runId } = result;
  const targetId = result.target.id;
  // Screenshots and the Lighthouse report go to their own tables; the artifacts blob keeps only screenshots' names.
  const detached = detachBlobs(artifacts);
  artifacts = detached.artifacts;
  if (artifacts) {
    db.prepare('DELETE FROM screenshots WHERE run_id = ? AND target_id = ?').run(runId, targetId);
    const insert = db.prepare(
      'INSERT OR REPLACE INTO screenshots (run_id, target_id, name, url, selector, width, height, png) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const s of detached.shots) insert.run(runId, targetId, s.name, s.url, s.selector ?? null, s.width, s.height, Buffer.from(s.png, 'base64'));
    db.prepare('DELETE FROM lighthouse_reports WHERE run_id = ? AND target_id = ?').run(runId, targetId);
    if (detached.lighthouseHtmlGz) {
      db.prepare('INSERT INTO lighthouse_reports (run_id, target_id, html_gz) VALUES (?, ?, ?)').run(runId, targetId, detached.lighthouseHtmlGz);
    }
  }
  db
    .prepare(
      `INSERT OR REPLACE INTO site_results (run_id, target_id, status, started_at, duration_ms, stored_at, result)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(runId, targetId, result.status, result.startedAt, result.durationMs, new Date().toISOString(), JSON.stringify(result));
  if (artifacts) {
    db
      .prepare('INSERT OR REPLACE INTO artifacts (run_id, target_id, data) VALUES (?, ?, ?)')
      .run(runId, targetId, gzipSync(JSON.stringify(artifacts)));
  }
  writeScores(db, runId, targetId, result.indicators);
}

/** Replaces a site's indicators (rescore) without touching its artifacts. */
export function updateIndicators(db: DatabaseSync, runId: string, targetId: string, indicators: Record<string, IndicatorResult>): void {
  const current = getResult(db, runId, targetId);
  if (!current) throw new Error(`no result stored for ${runId}/${targetId}`);
  const updated: SiteResult = { ...current, indicators };
  transaction(db, () => {
    db
      .prepare('UPDATE site_results SET result = ?, stored_at = ? WHERE run_id = ? AND target_id = ?')
      .run(JSON.stringify(updated), new Date().toISOString(), runId, targetId);
    writeScores(db, runId, targetId, indicators);
  });
}

function writeScores(db: DatabaseSync, runId: string, targetId: string, indicators: Record<string, IndicatorResult>): void {
  db.prepare('DELETE FROM indicator_scores WHERE run_id = ? AND target_id = ?').run(runId, targetId);
  const insert = db.prepare(
    'INSERT INTO indicator_scores (run_id, target_id, indicator_id, score, outcome) VALUES (?, ?, ?, ?, ?)',
  );
  for (const [id, r] of Object.entries(indicators)) insert.run(runId, targetId, id, r.score, r.outcome);
}

export function getResult(db: DatabaseSync, runId: string, targetId: string): SiteResult | null {
  const row = db.prepare('SELECT result FROM site_results WHERE run_id = ? AND target_id = ?').get(runId, targetId) as
    | { result: string }
    | undefined;
  return row ? (JSON.parse(row.result) as SiteResult) : null;
}

/** Results of a run in target id order. */
export function runResults(db: DatabaseSync, runId: string): SiteResult[] {
  const rows = db.prepare('SELECT result FROM site_results WHERE run_id = ? ORDER BY target_id').all(runId) as { result: string }[];
  return rows.map((r) => JSON.parse(r.result) as SiteResult);
}

export function siteArtifacts(db: DatabaseSync, runId: string, targetId: string): Artifacts | null {
  const row = db.prepare('SELECT data FROM artifacts WHERE run_id = ? AND target_id = ?').get(runId, targetId) as
    | { data: Uint8Array }
    | undefined;
  return row ? (JSON.parse(gunzipSync(row.data).toString('utf8')) as Artifacts) : null;
}

/** A stored screenshot's PNG bytes, or null. */
export function screenshot(db: DatabaseSync, runId: string, targetId: string, name: string): Buffer | null {
  const row = db.prepare('SELECT png FROM screenshots WHERE run_id = ? AND target_id = ? AND name = ?').get(runId, targetId, name) as
    | { png: Uint8Array }
    | undefined;
  return row ? Buffer.from(row.png) : null;
}

/** Lighthouse's HTML report of a site in a run, gzipped, or null. */
export function lighthouseReport(db: DatabaseSync, runId: string, targetId: string): Buffer | null {
  const row = db.prepare('SELECT html_gz FROM lighthouse_reports WHERE run_id = ? AND target_id = ?').get(runId, targetId) as
    | { html_gz: Uint8Array }
    | undefined;
  return row ? Buffer.from(row.html_gz) : null;
}

/** Names of a site's screenshots in a run. */
export function screenshotNames(db: DatabaseSync, runId: string, targetId: string): string[] {
  const rows = db.prepare('SELECT name FROM screenshots WHERE run_id = ? AND target_id = ? ORDER BY name').all(runId, targetId) as { name: string }[];
  return rows.map((r) => r.name);
}

export function countRows(db: DatabaseSync, runId: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM site_results WHERE run_id = ?').get(runId) as { n: number }).n;
}
