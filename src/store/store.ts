// The results store as the rest of the auditor sees it: one async interface (interface.ts) with two implementations,
// the embedded SQLite file (sqlite.ts, the default: Node's built-in node:sqlite, no server) and PostgreSQL
// (postgres.ts, chosen by EINDEX_DATABASE_URL=postgres://…). openStore picks one; both keep the same rows and answer
// the same way (test/helpers/store-suite.ts runs one suite against both).
import { SqliteStore } from './sqlite.ts';
import { isPostgresUrl, openPgStore, StoreUnavailableError } from './postgres.ts';
import type { Store } from './interface.ts';

export type { FrozenRun, RunInfo, RunTargetState, SealState, Store, StoredOverride } from './interface.ts';
export { SqliteStore, StoreUnavailableError };

/**
 * Opens the store: PostgreSQL when `databaseUrl` (default: EINDEX_DATABASE_URL) is a postgres:// or postgresql://
 * URL, else the SQLite file at `path`. A set but unusable URL is an error, never a silent fall-back to SQLite.
 */
export async function openStore(path: string, databaseUrl: string | undefined = process.env['EINDEX_DATABASE_URL']): Promise<Store> {
  const url = databaseUrl?.trim();
  if (!url) return new SqliteStore(path);
  if (!isPostgresUrl(url)) throw new StoreUnavailableError(`EINDEX_DATABASE_URL must start with postgres:// or postgresql:// (got "${url.split(':')[0]}:…")`);
  return openPgStore(url);
}
