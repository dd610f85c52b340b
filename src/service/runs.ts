// Job ids (which run a job belongs to) and the run-id check as a configuration error; run naming is src/run-id.ts.
import { ConfigError } from '../config.ts';
import { runIdProblem } from '../run-id.ts';

export { adHocRunId, nightlyRunId } from '../run-id.ts';

/** The job id of a target in a run. Ids never contain ':' (target ids are checked at load, run ids here). */
export function auditJobId(runId: string, targetId: string): string {
  return `${runId}__${targetId}`;
}

export function checkRunId(runId: string): string {
  const problem = runIdProblem(runId);
  if (problem) throw new ConfigError(problem);
  return runId;
}

/** The job id of a follow-up measurement (src/service/follow-up.ts) of a target's result of one generation. */
export function collectJobId(runId: string, targetId: string, generation: number): string {
  return `${runId}__${targetId}__g${generation}`;
}
