// Admission by load: a worker takes new sites only while its host has CPU to spare. Every few seconds it compares the
// host's 1-minute load average per core and its own event-loop delay with the limits in config/service.json
// ("admission") and moves its BullMQ concurrency one step between admission.minConcurrency and the worker's maximum
// (worker.concurrency or --concurrency). Lowering it never stops an audit in flight: BullMQ only takes fewer new jobs.
// Two workers on one host see the same load average, so together they back off before they time each other out.
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface AdmissionSettings {
  minConcurrency: number;
  /** Back off above this 1-minute load average per core. */
  loadPerCore: number;
  /** Back off above this event-loop delay (p99 over the interval, ms). */
  maxEventLoopDelayMs: number;
  intervalMs: number;
}

export interface Reading {
  loadPerCore: number;
  eventLoopDelayMs: number;
}

/** The next concurrency: one step down when over a limit, one step up when well under both, else unchanged. */
export function nextConcurrency(current: number, max: number, reading: Reading, s: AdmissionSettings): number {
  const min = Math.min(s.minConcurrency, max);
  if (reading.loadPerCore > s.loadPerCore || reading.eventLoopDelayMs > s.maxEventLoopDelayMs) return Math.max(min, current - 1);
  if (reading.loadPerCore < s.loadPerCore * 0.75 && reading.eventLoopDelayMs < s.maxEventLoopDelayMs / 2) return Math.min(max, current + 1);
  return Math.min(max, Math.max(min, current));
}

export interface Admission {
  stop(): void;
}

/** Adjusts `target.concurrency` every intervalMs; `onChange` hears each change with the reading behind it. */
export function startAdmission(
  target: { concurrency: number },
  max: number,
  s: AdmissionSettings,
  onChange: (concurrency: number, reading: Reading) => void,
  read: () => number = () => loadavg()[0]! / availableParallelism(),
): Admission {
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  const timer = setInterval(() => {
    const reading = { loadPerCore: read(), eventLoopDelayMs: delay.percentile(99) / 1e6 };
    delay.reset();
    const next = nextConcurrency(target.concurrency, max, reading, s);
    if (next !== target.concurrency) {
      target.concurrency = next;
      onChange(next, reading);
    }
  }, s.intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      delay.disable();
    },
  };
}
