-- The PostgreSQL store's tables: the same rows as the SQLite store (src/store/schema.ts). Times stay ISO-8601 text
-- and identifiers sort byte-wise (COLLATE "C"), so both stores order and answer alike. Screenshots and artifacts
-- are kept in the database (bytea), as SQLite keeps them.
CREATE TABLE runs (
  run_id TEXT COLLATE "C" PRIMARY KEY,
  created_at TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,
  targets INTEGER NOT NULL,
  finished_at TEXT COLLATE "C"
);
CREATE TABLE site_results (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(run_id),
  target_id TEXT COLLATE "C" NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  stored_at TEXT COLLATE "C" NOT NULL,
  result TEXT NOT NULL,          -- the SiteResult document (JSON) as published: text keeps its key order
  PRIMARY KEY (run_id, target_id)
);
CREATE TABLE artifacts (
  run_id TEXT COLLATE "C" NOT NULL,
  target_id TEXT COLLATE "C" NOT NULL,
  data BYTEA NOT NULL,           -- gzipped JSON of Artifacts, for rescore
  PRIMARY KEY (run_id, target_id)
);
CREATE TABLE indicator_scores (
  run_id TEXT COLLATE "C" NOT NULL,
  target_id TEXT COLLATE "C" NOT NULL,
  indicator_id TEXT COLLATE "C" NOT NULL,
  score DOUBLE PRECISION,
  outcome TEXT NOT NULL,
  PRIMARY KEY (run_id, target_id, indicator_id)
);
CREATE TABLE run_targets (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(run_id),
  target_id TEXT COLLATE "C" NOT NULL,
  target TEXT NOT NULL,          -- the Target (JSON) as enqueued
  requested_gen INTEGER NOT NULL,
  requested_at TEXT NOT NULL,
  result_gen INTEGER,            -- NULL until a result is stored
  PRIMARY KEY (run_id, target_id)
);
CREATE TABLE screenshots (
  run_id TEXT COLLATE "C" NOT NULL,
  target_id TEXT COLLATE "C" NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  url TEXT NOT NULL,
  selector TEXT,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  png BYTEA NOT NULL,
  PRIMARY KEY (run_id, target_id, name)
);
CREATE TABLE overrides (
  seq INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id TEXT COLLATE "C" NOT NULL,
  target_id TEXT COLLATE "C" NOT NULL,
  indicator_id TEXT COLLATE "C" NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('set', 'revoke')),
  value TEXT,                    -- JSON of the value used instead of the measured one (NULL: keep the measured value)
  score DOUBLE PRECISION,
  outcome TEXT,
  reason TEXT NOT NULL,
  "by" TEXT NOT NULL,
  at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX overrides_run ON overrides (run_id, target_id, indicator_id, seq);
CREATE TABLE frozen_runs (
  year INTEGER PRIMARY KEY,
  run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(run_id),
  frozen_at TEXT NOT NULL,
  "by" TEXT NOT NULL,
  reason TEXT NOT NULL
);
