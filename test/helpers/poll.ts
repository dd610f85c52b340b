// Waiting in tests without fixed sleeps: look at a condition until it holds or a deadline passes, so a test is as
// fast as the machine allows and fails with a message naming what it waited for.

export interface PollOptions {
  /** Give up after this long (ms). */
  timeoutMs: number;
  /** Pause between looks (ms); default 50. */
  intervalMs?: number;
  /** What is waited for, for the timeout's message. */
  what: string;
}

/** Resolves once `check` returns true (a throw counts as not yet); rejects when `timeoutMs` has passed. */
export async function pollUntil(check: () => boolean | Promise<boolean>, opts: PollOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 50;
  for (;;) {
    let ok = false;
    try {
      ok = await check();
    } catch {
      ok = false;
    }
    if (ok) return;
    if (Date.now() >= deadline) throw new Error(`timed out after ${opts.timeoutMs} ms waiting for: ${opts.what}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, Math.max(0, deadline - Date.now()))));
  }
}
