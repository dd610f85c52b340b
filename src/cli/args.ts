// The command line's words: usage text, options, parsing and the small helpers every command shares.
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../config.ts';
import { SERVICE_USAGE } from '../service/commands.ts';

export const USAGE = `eindex — automatic indicators of the Latvian e-index (e-indekss)

Usage:
  eindex audit <url>... [options]              audit websites by URL
  eindex audit --targets FILE [--only id,id]   audit the targets in FILE (see targets.json)
  eindex demo [--out DIR]                      audit the bundled demo sites (no network needed)
  eindex rescore <runId>                       recompute indicators from stored artifacts (no browser)
  eindex export <runId> [--format csv|json|aggregates] [--out FILE]
                                               csv: index.csv (scores, levels, indicators); json: results.jsonl;
                                               aggregates: summary.json (coverage, scoring, group shares)
  eindex runs                                  list stored runs
  eindex report <runId> [--site id] [--out DIR] static HTML reports: national overview and one per site
                                               (default out/<runId>/report; Latvian, English beside: *.en.html)
  eindex override <runId> <siteId> <indicatorId> --outcome O --score N [--value JSON] --reason TEXT --by NAME
  eindex override <runId> <siteId> <indicatorId> --revoke --reason TEXT --by NAME
                                               dispute a measured result: exports and reports use the operator's
                                               value, flagged, with the trail; the measured result is kept
  eindex overrides <runId>                     the override trail of a run
  eindex freeze <runId> --by NAME [--year N] [--reason TEXT]   a sealed run as the official one of the year

Audit options:
  --out DIR            write results.jsonl, index.csv and summary.json here (default: out/<runId>)
  --run ID             run id (default: audit-<UTC time>); auditing again into the same run replaces rows
  --max-pages N        pages per site (default: config/crawl.json maxPages)
  --concurrency N      sites audited at once (default: 2)
  --no-lighthouse      skip Lighthouse
  --timings            print where each site's time went (robots, home, role pages, other pages, home collectors,
                       Lighthouse, indicators); every result carries them in "timings" either way
  --ignore-robots      audit pages robots.txt disallows (recorded in the result)
  --config FILE        JSON overrides: { "crawl": {...}, "indicators": { "<id>": {...} } }
Common:
  --db FILE            results store (default: $EINDEX_DATA_DIR/eindex.sqlite, data dir default ./data)
Environment: EINDEX_CHROMIUM (Chromium binary), EINDEX_DATA_DIR, EINDEX_LOG_LEVEL.

${SERVICE_USAGE}`;

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const OPTIONS = {
  targets: { type: 'string' },
  only: { type: 'string' },
  out: { type: 'string' },
  run: { type: 'string' },
  'max-pages': { type: 'string' },
  concurrency: { type: 'string' },
  'no-lighthouse': { type: 'boolean' },
  timings: { type: 'boolean' },
  'ignore-robots': { type: 'boolean' },
  config: { type: 'string' },
  db: { type: 'string' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  // service commands (src/service/commands.ts)
  json: { type: 'boolean' },
  port: { type: 'string' },
  'new-run': { type: 'boolean' },
  'service-config': { type: 'string' },
  'metrics-port': { type: 'string' },
  'health-port': { type: 'string' },
  'no-writer': { type: 'boolean' },
  // report, override, freeze
  site: { type: 'string' },
  value: { type: 'string' },
  score: { type: 'string' },
  outcome: { type: 'string' },
  reason: { type: 'string' },
  by: { type: 'string' },
  revoke: { type: 'boolean' },
  year: { type: 'string' },
} as const;

export function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number ≥ 1, got "${value}"`);
  return n;
}

export function storePath(db: string | undefined): string {
  if (db) return resolve(db);
  return join(resolve(process.env.EINDEX_DATA_DIR ?? join(REPO_ROOT, 'data')), 'eindex.sqlite');
}

export function formatMs(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export type ParsedValues = ReturnType<typeof parse>['values'];
export function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}
