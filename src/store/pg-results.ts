// Site results in PostgreSQL: the same rows and rules as results.ts (one transaction per site, a second store of the
// same (run, target) replaces the first), written with the `postgres` client.
import { gunzipSync, gzipSync } from 'node:zlib';
import type postgres from 'postgres';
import type { IndicatorResult, SiteResult } from '../types.ts';
import type { Artifacts } from '../artifacts.ts';
import { detachBlobs } from './blobs.ts';

/** Any query handle: the pool or a transaction. */
export type Q = postgres.ISql;

/** saveSite's writes, inside the caller's transaction. */
export async function writeSite(sql: Q, result: SiteResult, artifacts: Artifacts | null): Promise<void> {
  const { runId } = result;
  const targetId = result.target.id;
  // Screenshots and the Lighthouse report go to their own tables; the artifacts blob keeps only screenshots' names.
  const detached = detachBlobs(artifacts);
  artifacts = detached.artifacts;
  if (artifacts) {
    await sql`DELETE FROM screenshots WHERE run_id = ${runId} AND target_id = ${targetId}`;
    for (const s of detached.shots) {
      await sql`INSERT INTO screenshots (run_id, target_id, name, url, selector, width, height, png)
        VALUES (${runId}, ${targetId}, ${s.name}, ${s.url}, ${s.selector ?? null}, ${s.width}, ${s.height}, ${Buffer.from(s.png, 'base64')})
        ON CONFLICT (run_id, target_id, name) DO UPDATE SET url = excluded.url, selector = excluded.selector,
          width = excluded.width, height = excluded.height, png = excluded.png`;
    }
    await sql`DELETE FROM lighthouse_reports WHERE run_id = ${runId} AND target_id = ${targetId}`;
    if (detached.lighthouseHtmlGz) {
      await sql`INSERT INTO lighthouse_reports (run_id, target_id, html_gz) VALUES (${runId}, ${targetId}, ${detached.lighthouseHtmlGz})`;
    }
  }
  await sql`INSERT INTO site_results (run_id, target_id, status, started_at, duration_ms, stored_at, result)
    VALUES (${runId}, ${targetId}, ${result.status}, ${result.startedAt}, ${result.durationMs}, ${new Date().toISOString()}, ${JSON.stringify(result)})
    ON CONFLICT (run_id, target_id) DO UPDATE SET status = excluded.status, started_at = excluded.started_at,
      duration_ms = excluded.duration_ms, stored_at = excluded.stored_at, result = excluded.result`;
  if (artifacts) {
    await sql`INSERT INTO artifacts (run_id, target_id, data) VALUES (${runId}, ${targetId}, ${gzipSync(JSON.stringify(artifacts))})
      ON CONFLICT (run_id, target_id) DO UPDATE SET data = excluded.data`;
  }
  await writeScores(sql, runId, targetId, result.indicators);
}

export async function writeScores(sql: Q, runId: string, targetId: string, indicators: Record<string, IndicatorResult>): Promise<void> {
  await sql`DELETE FROM indicator_scores WHERE run_id = ${runId} AND target_id = ${targetId}`;
  const rows = Object.entries(indicators).map(([id, r]) => ({ run_id: runId, target_id: targetId, indicator_id: id, score: r.score, outcome: r.outcome }));
  if (rows.length > 0) await sql`INSERT INTO indicator_scores ${sql(rows)}`;
}

export async function getResult(sql: Q, runId: string, targetId: string): Promise<SiteResult | null> {
  const [row] = await sql<{ result: string }[]>`SELECT result FROM site_results WHERE run_id = ${runId} AND target_id = ${targetId}`;
  return row ? (JSON.parse(row.result) as SiteResult) : null;
}

export async function runResults(sql: Q, runId: string): Promise<SiteResult[]> {
  const rows = await sql<{ result: string }[]>`SELECT result FROM site_results WHERE run_id = ${runId} ORDER BY target_id`;
  return rows.map((r) => JSON.parse(r.result) as SiteResult);
}

export async function siteArtifacts(sql: Q, runId: string, targetId: string): Promise<Artifacts | null> {
  const [row] = await sql<{ data: Buffer }[]>`SELECT data FROM artifacts WHERE run_id = ${runId} AND target_id = ${targetId}`;
  return row ? (JSON.parse(gunzipSync(row.data).toString('utf8')) as Artifacts) : null;
}

export async function screenshot(sql: Q, runId: string, targetId: string, name: string): Promise<Buffer | null> {
  const [row] = await sql<{ png: Buffer }[]>`SELECT png FROM screenshots WHERE run_id = ${runId} AND target_id = ${targetId} AND name = ${name}`;
  return row ? Buffer.from(row.png) : null;
}

export async function lighthouseReport(sql: Q, runId: string, targetId: string): Promise<Buffer | null> {
  const [row] = await sql<{ html_gz: Buffer }[]>`SELECT html_gz FROM lighthouse_reports WHERE run_id = ${runId} AND target_id = ${targetId}`;
  return row ? Buffer.from(row.html_gz) : null;
}

export async function screenshotNames(sql: Q, runId: string, targetId: string): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`SELECT name FROM screenshots WHERE run_id = ${runId} AND target_id = ${targetId} ORDER BY name`;
  return rows.map((r) => r.name);
}

export async function countRows(sql: Q, runId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`SELECT COUNT(*)::int AS n FROM site_results WHERE run_id = ${runId}`;
  return row!.n;
}
