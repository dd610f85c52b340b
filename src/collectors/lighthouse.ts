// Lighthouse (mobile) on the already running Chromium, through its debugging port, in a worker thread
// (collectors/lighthouse-worker.ts), one run at a time per process. Not in the auditing thread: Lighthouse's trace
// processing holds a thread for seconds, which would stall the other sites' pages and the egress proxy; a thread can
// be ended when a run hangs, and its heap is its own. One at a time: Chromium records one trace at a time, and a
// second run at once fails with TRACING_ALREADY_STARTED (measured: 7 of 20 bench sites with two threads).
import { Worker } from 'node:worker_threads';
import pLimit from 'p-limit';
import { createRequire } from 'node:module';
import type { LighthouseFacts } from '../artifacts.ts';
import type { LighthouseJob, LighthouseReply } from './lighthouse-worker.ts';
import { isTransientRuntimeError } from './lighthouse-facts.ts';

const require = createRequire(import.meta.url);
export const LIGHTHOUSE_VERSION: string = (require('lighthouse/package.json') as { version: string }).version;

export interface LighthouseOptions {
  /** Debugging port of the Chromium to run on. */
  port: number;
  /** More Chromiums kept for Lighthouse (crawl.lighthouse.lanes): a lane each, and the run goes to the least busy. */
  morePorts?: readonly number[];
  userAgent: string;
  timeoutMs: number;
  settings: Record<string, unknown>;
  /** Leave out the audits that weigh 0 in every category run: the same scores with less work. */
  skipUnweighted?: boolean;
}

/** A thread's old-generation heap limit: room for a heavy page's trace (a corpus home page peaks at ~300 MB of heap),
 * while a runaway run ends "not measured" (the thread ran out of memory) instead of taking the machine's memory. */
const HEAP_MB = 1024;
/** Its young generation: a run allocates the trace and what is computed from it in short-lived objects; V8's default
 * for a thread collects it so often that garbage collection was a quarter of the thread's CPU on the bench. */
const YOUNG_MB = 64;

/** Runs per thread: Lighthouse keeps ~1 MB a run (measured over 15 runs), so a thread is replaced now and then. */
const RUNS_PER_THREAD = 50;

/** A lane per Chromium: its runs one at a time, and the thread waiting for its next run (it does not keep the process
 * alive) with the runs it has done. */
interface Lane {
  oneAtATime: ReturnType<typeof pLimit>;
  idle: { worker: Worker; runs: number } | null;
}
const lanes = new Map<number, Lane>();

function laneFor(ports: readonly number[]): { port: number; lane: Lane } {
  // A Chromium that is gone (relaunched, recycled) leaves its lane: its thread goes once no run of it is left.
  for (const [port, lane] of lanes) {
    if (ports.includes(port) || lane.oneAtATime.activeCount + lane.oneAtATime.pendingCount > 0) continue;
    void lane.idle?.worker.terminate();
    lanes.delete(port);
  }
  let best: { port: number; lane: Lane } | null = null;
  for (const port of ports) {
    let lane = lanes.get(port);
    if (!lane) lanes.set(port, (lane = { oneAtATime: pLimit(1), idle: null }));
    const load = (l: Lane) => l.oneAtATime.activeCount + l.oneAtATime.pendingCount;
    if (!best || load(lane) < load(best.lane)) best = { port, lane };
  }
  if (!best) throw new Error('Lighthouse: no Chromium to run on');
  return best;
}

type Outcome = LighthouseReply | { ok: false; message: string; dead: true };

/** The thread's reply to the job it was given, or its death. */
function outcome(worker: Worker): Promise<Outcome> {
  return new Promise((resolve) => {
    const done = (o: Outcome) => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      resolve(o);
    };
    const onMessage = (reply: LighthouseReply) => done(reply);
    const onError = (err: Error) => done({ ok: false, message: `Lighthouse thread failed: ${err.message}`, dead: true });
    const onExit = (code: number) => done({ ok: false, message: `Lighthouse thread exited (code ${code})`, dead: true });
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

/** How long a new thread may take to load Lighthouse before the run is given up: not part of the run's own limit. */
const THREAD_START_MS = 120_000;

/** A new thread's "loaded" message, or why it never came. */
function started(worker: Worker): Promise<true | string> {
  return new Promise((resolve) => {
    const done = (v: true | string) => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      resolve(v);
    };
    const onMessage = () => done(true);
    const onError = (err: Error) => done(`Lighthouse thread failed: ${err.message}`);
    const onExit = (code: number) => done(`Lighthouse thread exited (code ${code})`);
    const timer = setTimeout(() => done(`Lighthouse thread did not start in ${THREAD_START_MS} ms`), THREAD_START_MS);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

const waitFor = <T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms)))]).finally(() => clearTimeout(timer));
};

export function runLighthouse(url: string, options: LighthouseOptions): Promise<LighthouseFacts> {
  return new Promise<LighthouseFacts>((resolve, reject) => {
    const { port, lane } = laneFor([options.port, ...(options.morePorts ?? [])]);
    void lane.oneAtATime(async () => {
      const thread = lane.idle ?? { worker: new Worker(new URL('./lighthouse-worker.ts', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: HEAP_MB, maxYoungGenerationSizeMb: YOUNG_MB } }), runs: 0 };
      const fresh = lane.idle === null;
      lane.idle = null;
      const { worker } = thread;
      worker.ref();
      // The run's limit counts from the run's start, not from a new thread's loading of Lighthouse.
      const loaded = fresh ? await started(worker) : true;
      if (loaded !== true) {
        void worker.terminate();
        reject(new Error(loaded));
        return;
      }
      const answer = outcome(worker);
      const job: LighthouseJob = {
        url,
        flags: { port, logLevel: 'error', output: 'html' },
        config: { extends: 'lighthouse:default', settings: { ...options.settings, emulatedUserAgent: options.userAgent } },
        skipUnweighted: options.skipUnweighted ?? false,
      };
      worker.postMessage(job);
      let result = await waitFor(answer, options.timeoutMs);
      if (result === 'timeout') {
        reject(new Error(`Lighthouse did not finish in ${options.timeoutMs} ms`));
        // The caller has its answer, but the run still drives a tab of the shared Chromium: keep the slot until it
        // really ends, at most another timeoutMs, so runs never overlap; then the thread goes.
        result = await waitFor(answer, options.timeoutMs);
        if (result === 'timeout') {
          void worker.terminate();
          return;
        }
      } else if (!result.ok) reject(new Error(result.message));
      else if (result.facts.runtimeError && isTransientRuntimeError(result.facts.runtimeError)) {
        // Thrown, not kept: the lane tries it again, and a service run re-queues it, instead of publishing a hole.
        reject(new Error(`Lighthouse transient runtime error ${result.facts.runtimeError.code}: ${result.facts.runtimeError.message}`));
      } else resolve(result.facts);
      if ('dead' in result) return;
      if (++thread.runs >= RUNS_PER_THREAD) {
        void worker.terminate();
        return;
      }
      worker.unref();
      lane.idle = thread;
    });
  });
}
