-- A stored result may be provisional: a home-page collector failed for a transient reason and a follow-up job
-- (src/service/follow-up.ts) measures it again. The run is not sealed while any of its targets' results is.
ALTER TABLE run_targets ADD COLUMN result_provisional BOOLEAN NOT NULL DEFAULT FALSE;
