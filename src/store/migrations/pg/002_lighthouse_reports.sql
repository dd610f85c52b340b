-- Lighthouse's own HTML report per site and run, gzipped (the report generator's output), linked from the
-- institution's report; kept apart from the artifacts like screenshots (src/store/blobs.ts).
CREATE TABLE lighthouse_reports (
  run_id TEXT COLLATE "C" NOT NULL,
  target_id TEXT COLLATE "C" NOT NULL,
  html_gz BYTEA NOT NULL,
  PRIMARY KEY (run_id, target_id)
);
