// The store suite (test/helpers/store-suite.ts) on the embedded SQLite store; test/e2e/store-postgres.test.ts runs the
// same suite on PostgreSQL.
import { sqliteKind, storeSuite } from '../helpers/store-suite.ts';

storeSuite(sqliteKind);
