// Politeness per host inside the egress proxy: at most N requests at once, a minimum gap between request starts, and
// nothing sent before a Retry-After has passed. The proxy holds one gate per host:port.

export interface PolitenessOptions {
  /** Requests (plain http) or tunnel openings (https) in flight to one host at once. */
  maxConcurrentPerHost: number;
  /** Minimum time between the starts of two requests to one host. */
  minGapMs: number;
  /** Longest Retry-After waited for; a longer one makes the host answered locally with 503 until it passes. */
  retryAfterMaxMs: number;
  /** How long a fetched robots.txt is served from memory (about one run). */
  robotsCacheMs: number;
}

export const DEFAULT_POLITENESS: PolitenessOptions = { maxConcurrentPerHost: 4, minGapMs: 50, retryAfterMaxMs: 10_000, robotsCacheMs: 6 * 3600_000 };

export interface HostStats {
  requests: number;
  tunnels: number;
  maxConcurrent: number;
  /** Time requests spent waiting for their turn (gap, concurrency, Retry-After). */
  waitedMs: number;
  retryAfter: number;
  answeredLocally: number;
  robotsFetches: number;
  robotsFromCache: number;
  userAgentAdded: number;
}

/** Waiting line of one host: acquire() resolves with a release function when the request may start. */
export class HostGate {
  active = 0;
  lastStart = 0;
  /** Retry-After: nothing is sent before this time. */
  notBefore = 0;
  private waiting: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  readonly stats: HostStats = { requests: 0, tunnels: 0, maxConcurrent: 0, waitedMs: 0, retryAfter: 0, answeredLocally: 0, robotsFetches: 0, robotsFromCache: 0, userAgentAdded: 0 };
  private readonly opts: PolitenessOptions;
  constructor(opts: PolitenessOptions) {
    this.opts = opts;
  }

  acquire(): Promise<() => void> {
    const asked = Date.now();
    return new Promise((resolve) => {
      this.waiting.push(() => {
        this.stats.waitedMs += Date.now() - asked;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.active--;
          this.pump();
        });
      });
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer) return;
    while (this.waiting.length > 0 && this.active < this.opts.maxConcurrentPerHost) {
      const wait = Math.max(this.lastStart + this.opts.minGapMs, this.notBefore) - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, wait);
        return;
      }
      this.active++;
      this.stats.maxConcurrent = Math.max(this.stats.maxConcurrent, this.active);
      this.lastStart = Date.now();
      this.waiting.shift()!();
    }
  }
}

/** Retry-After in ms (seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
