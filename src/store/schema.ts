// The store's tables, created on open (CREATE ... IF NOT EXISTS, so an older store gains new tables and nothing in
// its older tables changes), and the transaction every multi-row write runs in.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  targets INTEGER NOT NULL,
  finished_at TEXT
);
CREATE TABLE IF NOT EXISTS site_results (
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  target_id TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  stored_at TEXT NOT NULL,
  result TEXT NOT NULL,          -- the SiteResult document (JSON), as published
  PRIMARY KEY (run_id, target_id)
);
CREATE TABLE IF NOT EXISTS artifacts (
  run_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  data BLOB NOT NULL,            -- gzipped JSON of Artifacts, for rescore
  PRIMARY KEY (run_id, target_id)
);
CREATE TABLE IF NOT EXISTS indicator_scores (
  run_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  score REAL,
  outcome TEXT NOT NULL,
  PRIMARY KEY (run_id, target_id, indicator_id)
);
`;

// The audit service's runs (src/service/queue.ts, src/service/store-writer.ts): the targets a run must cover, and per target the
// newest audit asked for (generation: 0, raised by each re-queue) and the generation of the result stored. A run is
// sealed when every target has a result at least as new as the newest request: then it is final for the index.
const SERVICE_SCHEMA = `
CREATE TABLE IF NOT EXISTS run_targets (
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  target_id TEXT NOT NULL,
  target TEXT NOT NULL,          -- the Target (JSON) as enqueued, to write a failure result without the targets file
  requested_gen INTEGER NOT NULL,
  requested_at TEXT NOT NULL,
  result_gen INTEGER,            -- NULL until a result is stored
  PRIMARY KEY (run_id, target_id)
);
`;

// Migration 1 (reports): screenshots apart from the artifacts (PNG does not compress, and rescore never reads them);
// operators' overrides of indicator results, append-only (the newest entry per indicator applies, the rest is the
// audit trail); the run frozen as the official measurement of each year. CREATE ... IF NOT EXISTS: an older store
// gains the tables on open, and nothing in the older tables changes.
const REPORT_SCHEMA = `
CREATE TABLE IF NOT EXISTS screenshots (
  run_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  selector TEXT,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  png BLOB NOT NULL,
  PRIMARY KEY (run_id, target_id, name)
);
CREATE TABLE IF NOT EXISTS overrides (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('set', 'revoke')),
  value TEXT,                    -- JSON of the value used instead of the measured one (NULL: keep the measured value)
  score REAL,
  outcome TEXT,
  reason TEXT NOT NULL,
  by TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS overrides_run ON overrides (run_id, target_id, indicator_id, seq);
CREATE TABLE IF NOT EXISTS frozen_runs (
  year INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  frozen_at TEXT NOT NULL,
  by TEXT NOT NULL,
  reason TEXT NOT NULL
);
`;

// Migration 2: Lighthouse's own HTML report per site, gzipped, linked from the institution's report.
const LIGHTHOUSE_SCHEMA = `
CREATE TABLE IF NOT EXISTS lighthouse_reports (
  run_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  html_gz BLOB NOT NULL,         -- gzipped HTML (Lighthouse's report generator)
  PRIMARY KEY (run_id, target_id)
);
`;

// Migration 3: a stored result may be provisional (a home-page collector failed transiently and is being measured
// again by a follow-up job, src/service/follow-up.ts): the run is not sealed while one is. Added to an older store's
// run_targets on open (SQLite has no ADD COLUMN IF NOT EXISTS: the column list is read first).
function addProvisionalColumn(db: DatabaseSync): void {
  const columns = db.prepare('PRAGMA table_info(run_targets)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'result_provisional')) {
    db.exec('ALTER TABLE run_targets ADD COLUMN result_provisional INTEGER NOT NULL DEFAULT 0');
  }
}

/** Opens (creating when missing) the SQLite file and brings its tables up to date. */
export function openDatabase(path: string): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  // WAL lets the API read while a worker writes; busy_timeout rides out a concurrent writer.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;');
  db.exec(SCHEMA);
  db.exec(SERVICE_SCHEMA);
  db.exec(REPORT_SCHEMA);
  db.exec(LIGHTHOUSE_SCHEMA);
  addProvisionalColumn(db);
  return db;
}

export function transaction(db: DatabaseSync, fn: () => void): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    fn();
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}
