// Phase timings of one site audit (SiteResult.timings).
import type { SitePhase } from '../types.ts';

export interface PhaseClock {
  /** Records the milliseconds since this clock's previous phase ended (or since it started). */
  done(phase: SitePhase): void;
  /** A clock for a track that runs alongside this one from now on. */
  fork(): PhaseClock;
  /** After a forked track has ended too: the next phase starts when the later of the two ended. */
  join(other: PhaseClock): void;
  readonly last: number;
}

/** Phase timings into `into`. Tracks that run at once each time their own phases, so the phases may add up to more
 * than the site's duration. */
export function phaseClock(into: Partial<Record<SitePhase, number>>, start = performance.now()): PhaseClock {
  let last = start;
  return {
    done(phase) {
      const now = performance.now();
      into[phase] = (into[phase] ?? 0) + Math.round(now - last);
      last = now;
    },
    fork: () => phaseClock(into, last),
    join(other) {
      last = Math.max(last, other.last);
    },
    get last() {
      return last;
    },
  };
}
