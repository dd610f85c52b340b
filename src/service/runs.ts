// Run and job ids: which run a job belongs to, how runs are named (nightly runs after their night in Latvia, ad-hoc
// runs after their UTC time), and the check that keeps ':' and '__' out of run ids, so a job id splits back cleanly.
import { ConfigError } from '../config.ts';

export const RUN_ID_PATTERN = /^[A-Za-z0-9][\w.-]{0,99}$/;

/** The job id of a target in a run. Ids never contain ':' (target ids are checked at load, run ids here). */
export function auditJobId(runId: string, targetId: string): string {
  return `${runId}__${targetId}`;
}

export function checkRunId(runId: string): string {
  if (!RUN_ID_PATTERN.test(runId) || runId.includes('__')) {
    throw new ConfigError(`run id "${runId}": use letters, digits, ".", "_" and "-" only (no "__", no ":"), at most 100 characters`);
  }
  return runId;
}

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Nightly runs are named after their night in Latvia, so a second firing on the same night reuses the run. */
export function nightlyRunId(firedAt: Date, timeZone: string): string {
  return `nightly-${localDate(firedAt, timeZone)}`;
}

/** A run id for a run opened by hand: kind and UTC time to the second, e.g. "run-20261123T124501Z". */
export function adHocRunId(kind: string, now = new Date()): string {
  return `${kind}-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}
