// How runs are named, in one place for the CLI and the service: nightly runs after their night in Latvia (a second
// firing on the same night reuses the run), runs opened by hand after their UTC time to the second.

/** Letters, digits, '.', '_' and '-': no ':' and (checked separately) no '__', so a job id `<run>__<target>` splits back. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][\w.-]{0,99}$/;

/** Why a run id cannot be used, or null when it can. */
export function runIdProblem(runId: string): string | null {
  if (RUN_ID_PATTERN.test(runId) && !runId.includes('__')) return null;
  return `run id "${runId}": use letters, digits, ".", "_" and "-" only (no "__", no ":"), at most 100 characters`;
}

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** A nightly run's id: "nightly-" and the local date of the night it was fired in. */
export function nightlyRunId(firedAt: Date, timeZone: string): string {
  return `nightly-${localDate(firedAt, timeZone)}`;
}

/** A run opened by hand: kind and UTC time to the second, e.g. "audit-20261123T124501Z". */
export function adHocRunId(kind: string, now = new Date()): string {
  return `${kind}-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}
