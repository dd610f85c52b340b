// The settled DOM: after load, collectors read a page only once it has stopped changing, so a footer, menu or a whole
// client-rendered page that a script inserts after `load` is seen. Settled = no DOM mutation for settleQuietMs, no
// short one-shot timer still pending from the load (a footer inserted by setTimeout 800 ms after load) nor a request
// such work started (the app's content fetched after its start-up timer), and the network quiet (networkidle, up to
// settleMs). Bounded by settleBudgetMs: a page that never stops changing (a ticker) is read at the budget, and the
// page's facts say so.
import type { BrowserContext, Page } from 'playwright-core';
import type { Config } from '../../config.ts';
import type { Unsettled } from '../../artifacts.ts';

/** The page's state as the watcher (SETTLE_WATCH) sees it; null when the page has no watcher. */
export interface SettleSnapshot {
  /** Milliseconds since the last DOM mutation, or since the parser's end (a static page is quiet from then on). */
  sinceMutationMs: number;
  /** One-shot timers set while the page loaded (or by those, a few deep) that have not fired yet. */
  timers: number;
  /** fetch and XMLHttpRequest calls made while the page loaded or by those timers, unanswered (for up to settleTimerMs). */
  requests: number;
}

export interface SettleLimits {
  quietMs: number;
  budgetMs: number;
}

export type SettleStep = { done: 'settled' } | { done: 'budget'; still: Unsettled['still'] } | { waitMs: number };

/** How often a page with pending timers or a busy network is looked at again. */
const POLL_MS = 50;

/** What to do next: the page is settled, the budget ran out, or look again in `waitMs` (pure, so it is unit-tested). */
export function nextSettleStep(s: SettleSnapshot | null, networkQuiet: boolean, waitedMs: number, limits: SettleLimits): SettleStep {
  if (s === null) return networkQuiet ? { done: 'settled' } : waitedMs >= limits.budgetMs ? { done: 'budget', still: ['network'] } : { waitMs: POLL_MS };
  const still: Unsettled['still'] = [];
  if (s.sinceMutationMs < limits.quietMs) still.push('mutations');
  if (s.timers > 0) still.push('timers');
  if (!networkQuiet || s.requests > 0) still.push('network');
  if (still.length === 0) return { done: 'settled' };
  const left = limits.budgetMs - waitedMs;
  if (left <= 0) return { done: 'budget', still };
  // Only mutations left: sleep exactly until the quiet window would end; otherwise look again soon.
  const want = still.length === 1 && still[0] === 'mutations' ? limits.quietMs - s.sinceMutationMs : POLL_MS;
  return { waitMs: Math.max(5, Math.min(want, left)) };
}

/** The name of the watcher's state on the page's window (not enumerable, so a page listing globals does not see it). */
const KEY = '__eindexSettle';
/** Timers set by a tracked timer's callback are tracked too, this many deep: a chain (a ticker) soon stops counting. */
const MAX_TIMER_CHAIN = 3;

interface WatchState {
  last: number;
  pending: Set<number>;
  /** Requests in flight, by when they were made. */
  requests: Map<object, number>;
  /** Depth of the tracked timer callback now running (0 outside one). */
  level: number;
  /** Set when the settle wait begins: from then on only timers set by tracked timers are tracked. */
  armed: boolean;
}

/**
 * Runs in every document before its own scripts (an init script): records the time of the last DOM mutation (the
 * document and open or closed shadow roots; content, not style, so an animation that only moves things does not
 * count), which short one-shot timers are pending, and which requests those (or the loading page) made. A tracked
 * timer firing or request ending restarts the quiet window: what it starts (a render) comes next. setTimeout, fetch and
 * XMLHttpRequest.send are wrapped transparently: same ids, same promises, same calls.
 */
function settleWatch(arg: { key: string; timerMs: number; maxChain: number }): void {
  const w = window as unknown as Record<string, unknown>;
  if (w[arg.key]) return;
  const state: WatchState = { last: performance.now(), pending: new Set(), requests: new Map(), level: 0, armed: false };
  Object.defineProperty(w, arg.key, { value: state, enumerable: false });
  const touch = () => {
    state.last = performance.now();
  };
  const options: MutationObserverInit = { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['href', 'hidden'] };
  // From the parser's end on: what it inserted is all before then, and a 10 MB page makes no 100 000 records for it.
  const observe = () => {
    touch();
    new MutationObserver(touch).observe(document, options);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', observe, { once: true });
  else observe();
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = attachShadow.call(this, init);
    new MutationObserver(touch).observe(root, options);
    return root;
  };
  const nativeSet = window.setTimeout;
  const nativeClear = window.clearTimeout;
  window.setTimeout = function (this: unknown, handler: TimerHandler, delay?: number, ...args: unknown[]): number {
    const level = state.level + 1;
    const tracked = typeof handler === 'function' && (Number(delay) || 0) <= arg.timerMs && (state.level > 0 ? level <= arg.maxChain : !state.armed);
    if (!tracked) return nativeSet(handler, delay, ...args);
    const id: number = nativeSet(function (this: unknown) {
      state.pending.delete(id);
      touch();
      const outer = state.level;
      state.level = level;
      try {
        return (handler as (...a: unknown[]) => unknown).apply(this, args);
      } finally {
        state.level = outer;
      }
    }, delay);
    state.pending.add(id);
    return id;
  } as typeof window.setTimeout;
  window.clearTimeout = function (id?: number): void {
    if (id !== undefined) state.pending.delete(id);
    nativeClear(id);
  } as typeof window.clearTimeout;
  // Requests count while the page loads and from tracked timers' callbacks, not those of a page long since loaded.
  const request = (): (() => void) | null => {
    if (state.armed && state.level === 0) return null;
    const token = {};
    state.requests.set(token, performance.now());
    return () => {
      state.requests.delete(token);
      touch();
    };
  };
  const nativeFetch = window.fetch;
  if (typeof nativeFetch === 'function') {
    window.fetch = function (this: unknown, ...a: Parameters<typeof fetch>) {
      const done = request();
      const answer = nativeFetch.apply(this, a);
      if (done) answer.then(done, done);
      return answer;
    } as typeof window.fetch;
  }
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const done = request();
    if (done) this.addEventListener('loadend', done, { once: true });
    return send.call(this, body);
  };
}

/** Installs the watcher in every page of `context` (call before its first page). */
export async function watchSettling(context: BrowserContext, crawl: Config['crawl']): Promise<void> {
  await context.addInitScript(settleWatch, { key: KEY, timerMs: crawl.settleTimerMs, maxChain: MAX_TIMER_CHAIN });
}

async function snapshot(page: Page, timerMs: number, timeoutMs: number): Promise<SettleSnapshot | null> {
  let timer: NodeJS.Timeout | undefined;
  // A page whose main thread is busy does not answer: the budget still ends the wait.
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
  const read = page
    .evaluate(({ key, timerMs }) => {
      const s = (window as unknown as Record<string, WatchState | undefined>)[key];
      if (!s) return null;
      s.armed = true;
      const now = performance.now();
      // A request unanswered for longer than a load-time timer may be (long polling, a stream) is no longer waited on.
      const requests = [...s.requests.values()].filter((at) => now - at < timerMs).length;
      return { sinceMutationMs: now - s.last, timers: s.pending.size, requests };
    }, { key: KEY, timerMs })
    .catch(() => null); // the page navigated or closed: nothing left to wait for here
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the page has settled, at most crawl.settleBudgetMs; null when it settled, else what was still going on. */
export async function settleDom(page: Page, crawl: Config['crawl']): Promise<Unsettled | null> {
  const limits: SettleLimits = { quietMs: crawl.settleQuietMs, budgetMs: crawl.settleBudgetMs };
  const started = performance.now();
  let networkQuiet = false;
  const network = page
    .waitForLoadState('networkidle', { timeout: Math.min(crawl.settleMs, crawl.settleBudgetMs) })
    .catch(() => undefined)
    .then(() => (networkQuiet = true));
  for (;;) {
    const waited = performance.now() - started;
    const s = await snapshot(page, crawl.settleTimerMs, Math.max(limits.budgetMs - waited, 0) + 1000);
    const step = nextSettleStep(s, networkQuiet, performance.now() - started, limits);
    if ('waitMs' in step) {
      await new Promise((resolve) => setTimeout(resolve, step.waitMs));
      continue;
    }
    await network;
    return step.done === 'settled' ? null : { waitedMs: Math.round(performance.now() - started), still: step.still };
  }
}
