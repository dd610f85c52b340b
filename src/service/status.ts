// Where a run stands: from the store (terminal results, sealing) and, for targets still pending, from their audit jobs
// in Redis (waiting, retrying, active, ...). Shared by `eindex status` and the API.
import type { Queues } from './queue.ts';
import { auditJobId, collectJobId } from './runs.ts';
import type { Store } from '../store/store.ts';

/** States a target can be in, terminal first. */
export const TARGET_STATES = [
  'audited', // result stored, status ok
  'failed', // result stored, a failure class
  'provisional', // result stored provisional: a collector that failed transiently is being measured again (follow-up)
  'waiting', // queued, not started
  'delayed', // put back: host busy or worker shut down
  'retrying', // waiting for a retry after a transient failure (backoff)
  'active', // being audited
  'storing', // audit finished, its result still on the store queue
  'missing', // no job in Redis (the store writer's sweep adds it again)
  'unknown', // Redis could not be asked
] as const;
export type TargetState = (typeof TARGET_STATES)[number];

export interface RunStatus {
  runId: string;
  kind: string;
  createdAt: string;
  sealed: boolean;
  sealedAt: string | null;
  targets: number;
  counts: Record<TargetState, number>;
  /** Targets that could not be audited, with the reason stored for them. */
  failures: { targetId: string; status: string; message: string | null }[];
  /** Targets whose stored result is provisional, with the state of their follow-up measurement (src/service/follow-up.ts). */
  provisional: { targetId: string; followUp: TargetState; collectors?: string[]; attemptsMade?: number; lastError?: string }[];
  /** Follow-up measurements of this run queued again and not yet ended (waiting, retrying or active). */
  followUps: number;
  /** Targets not yet terminal, with their queue state. */
  pending: { targetId: string; state: TargetState; attemptsMade?: number; lastError?: string }[];
  /** Estimated seconds until sealed, from this run's pace so far; 0 when sealed, null before the first result. */
  etaSeconds: number | null;
  /** Messages waiting for the store writer (is `eindex serve` running?); null when Redis could not be asked. */
  storeBacklog: number | null;
}

export async function runStatus(store: Store, queues: Queues | null, runId: string, now = Date.now()): Promise<RunStatus | null> {
  const seal = await store.sealState(runId);
  if (!seal) return null;
  const counts = Object.fromEntries(TARGET_STATES.map((s) => [s, 0])) as Record<TargetState, number>;
  const failures: RunStatus['failures'] = [];
  const pending: RunStatus['pending'] = [];
  const provisional: RunStatus['provisional'] = [];
  const targets = await store.runTargets(runId);
  if (targets.length === 0) {
    // A run without recorded targets (an in-process audit): its stored results are all there is.
    for (const r of await store.results(runId)) {
      if (r.status === 'ok') counts.audited++;
      else {
        counts.failed++;
        failures.push({ targetId: r.target.id, status: r.status, message: r.message ?? null });
      }
    }
  }
  for (const t of targets) {
    if (t.provisional && t.resultGen !== null) {
      counts.provisional++;
      provisional.push({ targetId: t.targetId, ...(await followUpState(queues, runId, t.targetId, t.resultGen)) });
      continue;
    }
    if (!t.pending && t.status) {
      if (t.status === 'ok') counts.audited++;
      else {
        counts.failed++;
        failures.push({ targetId: t.targetId, status: t.status, message: t.message });
      }
      continue;
    }
    let state: TargetState = 'unknown';
    let attemptsMade: number | undefined;
    let lastError: string | undefined;
    if (queues) {
      try {
        const job = await queues.audit.getJob(auditJobId(runId, t.targetId));
        if (!job) state = 'missing';
        else {
          const s = await job.getState();
          attemptsMade = job.attemptsMade;
          if (job.failedReason) lastError = job.failedReason.slice(0, 300);
          state =
            s === 'active' ? 'active'
            : s === 'delayed' ? (job.attemptsMade > 0 ? 'retrying' : 'delayed')
            : s === 'completed' || s === 'failed' ? 'storing'
            : s === 'unknown' ? 'missing'
            : 'waiting';
        }
      } catch {
        state = 'unknown';
      }
    }
    counts[state]++;
    pending.push({ targetId: t.targetId, state, ...(attemptsMade ? { attemptsMade } : {}), ...(lastError ? { lastError } : {}) });
  }
  let storeBacklog: number | null = null;
  if (queues) {
    try {
      const c = await queues.store.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      storeBacklog = (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0);
    } catch {
      storeBacklog = null;
    }
  }
  const done = seal.terminal;
  const elapsed = Math.max(0, now - Date.parse(seal.createdAt)) / 1000;
  const etaSeconds = seal.sealed ? 0 : done > 0 && elapsed > 0 ? Math.round((elapsed / done) * seal.pending) : null;
  return {
    runId,
    kind: seal.kind,
    createdAt: seal.createdAt,
    sealed: seal.sealed,
    sealedAt: seal.sealedAt,
    targets: seal.targets,
    counts,
    failures,
    pending,
    provisional,
    followUps: provisional.filter((p) => p.followUp === 'waiting' || p.followUp === 'retrying' || p.followUp === 'active' || p.followUp === 'delayed').length,
    etaSeconds,
    storeBacklog,
  };
}

async function followUpState(queues: Queues | null, runId: string, targetId: string, generation: number): Promise<Omit<RunStatus['provisional'][number], 'targetId'>> {
  if (!queues) return { followUp: 'unknown' };
  try {
    const job = await queues.collect.getJob(collectJobId(runId, targetId, generation));
    if (!job) return { followUp: 'missing' };
    const s = await job.getState();
    const followUp: TargetState =
      s === 'active' ? 'active'
      : s === 'delayed' ? (job.attemptsMade > 0 ? 'retrying' : 'delayed')
      : s === 'completed' || s === 'failed' ? 'storing'
      : s === 'unknown' ? 'missing'
      : 'waiting';
    return { followUp, collectors: job.data.collectors, ...(job.attemptsMade ? { attemptsMade: job.attemptsMade } : {}), ...(job.failedReason ? { lastError: job.failedReason.slice(0, 300) } : {}) };
  } catch {
    return { followUp: 'unknown' };
  }
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${String(seconds % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** The status as lines for a person. */
export function formatStatus(s: RunStatus): string {
  const lines = [
    `Run ${s.runId} (${s.kind}, opened ${s.createdAt}): ${s.sealed ? `SEALED at ${s.sealedAt}` : 'in progress'}`,
    `  ${s.targets} targets: ` +
      TARGET_STATES.filter((k) => s.counts[k] > 0)
        .map((k) => `${s.counts[k]} ${k}`)
        .join(', '),
  ];
  if (!s.sealed) lines.push(`  ETA: ${s.etaSeconds === null ? 'unknown until the first result' : duration(s.etaSeconds)}`);
  if (s.storeBacklog) lines.push(`  ${s.storeBacklog} messages wait for the store writer (is "eindex serve" running?)`);
  if (s.failures.length) {
    lines.push('  Not audited:');
    for (const f of s.failures) lines.push(`    ${f.targetId.padEnd(24)} ${f.status.padEnd(18)} ${f.message ?? ''}`);
  }
  if (s.provisional.length) {
    lines.push(`  Provisional (${s.followUps} follow-up measurement${s.followUps === 1 ? '' : 's'} queued again; the run seals when they end):`);
    for (const p of s.provisional.slice(0, 20)) {
      lines.push(`    ${p.targetId.padEnd(24)} ${p.followUp}${p.collectors ? ` [${p.collectors.join(', ')}]` : ''}${p.attemptsMade ? ` (tries: ${p.attemptsMade}; last: ${p.lastError ?? ''})` : ''}`);
    }
  }
  const shown = s.pending.filter((p) => p.state !== 'waiting').slice(0, 20);
  if (shown.length) {
    lines.push('  Pending:');
    for (const p of shown) lines.push(`    ${p.targetId.padEnd(24)} ${p.state}${p.attemptsMade ? ` (tries: ${p.attemptsMade}; last: ${p.lastError ?? ''})` : ''}`);
  }
  return lines.join('\n');
}
