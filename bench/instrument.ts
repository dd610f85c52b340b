// Timing of the project's own code path without editing it: Playwright's client classes are patched (on their
// prototypes, the first time an instance is seen) so every page records how long goto, the networkidle wait and each
// page.evaluate took (by the evaluated function's name: readPage, runAxe, readMobile, startTabbing, measure,
// observeMotion, ...; the injected axe source shows as "script"), and every APIRequestContext.get its URL and time.
// Lighthouse does not go through Playwright; its time comes from the artifact (durationMs).
//
// Optional lever for experiments: `block` URL patterns are blocked in every Playwright page through the DevTools
// protocol (Network.setBlockedURLs: no request interception round trip, unlike page.route).
import { chromium, type Browser, type BrowserContext, type Page, type APIRequestContext } from 'playwright-core';

export interface PageRecord {
  id: number;
  context: number;
  mobile: boolean;
  url: string;
  created: number;
  closed: number;
  /** Summed milliseconds per operation: goto, settle (networkidle), load-state, eval:<name>, keyboard. */
  ops: Record<string, number>;
  /** Start of the first goto. */
  gotoStart: number | null;
}

export interface RequestRecord {
  url: string;
  start: number;
  end: number;
}

export interface ContextRecord {
  id: number;
  mobile: boolean;
  created: number;
  closed: number | null;
}

export interface Recording {
  pages: PageRecord[];
  requests: RequestRecord[];
  contexts: ContextRecord[];
}

/** Epoch milliseconds with sub-millisecond precision. */
export const now = () => performance.timeOrigin + performance.now();

const patched = new WeakSet<object>();
function once(proto: object, patch: () => void) {
  if (patched.has(proto)) return;
  patched.add(proto);
  patch();
}

type AnyFn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

function wrap(proto: object, name: string, around: (orig: AnyFn) => AnyFn) {
  const p = proto as Record<string, AnyFn>;
  const orig = p[name];
  if (typeof orig !== 'function') throw new Error(`instrument: no method ${name}`);
  p[name] = around(orig);
}

export function instrument(options: { block?: string[] } = {}): Recording {
  const rec: Recording = { pages: [], requests: [], contexts: [] };
  const pageOf = new WeakMap<object, PageRecord>();
  const contextOf = new WeakMap<object, ContextRecord>();
  const block = options.block ?? [];

  const timed = async <T>(page: object, op: string, run: () => Promise<T>): Promise<T> => {
    const r = pageOf.get(page);
    const t = now();
    try {
      return await run();
    } finally {
      if (r) r.ops[op] = (r.ops[op] ?? 0) + (now() - t);
    }
  };

  const patchPage = (page: Page) => {
    once(Object.getPrototypeOf(page), () => {
      const proto = Object.getPrototypeOf(page) as object;
      wrap(proto, 'goto', (orig) =>
        function (this: Page, url: string, ...rest: unknown[]) {
          const r = pageOf.get(this);
          if (r && r.gotoStart === null) {
            r.gotoStart = now();
            r.url = url;
          }
          return timed(this, 'goto', () => orig.call(this, url, ...rest));
        },
      );
      wrap(proto, 'waitForLoadState', (orig) =>
        function (this: Page, state?: string, ...rest: unknown[]) {
          return timed(this, state === 'networkidle' ? 'settle' : 'load-state', () => orig.call(this, state, ...rest));
        },
      );
      wrap(proto, 'evaluate', (orig) =>
        function (this: Page, fn: unknown, ...rest: unknown[]) {
          const label = typeof fn === 'function' ? fn.name || 'anonymous' : 'script';
          return timed(this, `eval:${label}`, () => orig.call(this, fn, ...rest));
        },
      );
      wrap(proto, 'close', (orig) =>
        async function (this: Page, ...rest: unknown[]) {
          try {
            return await orig.call(this, ...rest);
          } finally {
            const r = pageOf.get(this);
            if (r && r.closed === 0) r.closed = now();
          }
        },
      );
    });
    const kb = page.keyboard as object;
    once(Object.getPrototypeOf(kb), () => {
      wrap(Object.getPrototypeOf(kb), 'press', (orig) =>
        function (this: { _page?: object }, ...args: unknown[]) {
          // Keyboard keeps its page in a private field; fall back to not timing.
          const owner = this._page;
          return owner ? timed(owner, 'keyboard', () => orig.apply(this, args)) : orig.apply(this, args);
        },
      );
    });
  };

  const patchRequest = (request: APIRequestContext) => {
    once(Object.getPrototypeOf(request), () => {
      wrap(Object.getPrototypeOf(request), 'get', (orig) =>
        async function (this: APIRequestContext, url: string, ...rest: unknown[]) {
          const start = now();
          try {
            return await orig.call(this, url, ...rest);
          } finally {
            rec.requests.push({ url, start, end: now() });
          }
        },
      );
    });
  };

  const patchContext = (context: BrowserContext) => {
    once(Object.getPrototypeOf(context), () => {
      wrap(Object.getPrototypeOf(context), 'newPage', (orig) =>
        async function (this: BrowserContext, ...rest: unknown[]) {
          const created = now();
          const page = (await orig.call(this, ...rest)) as Page;
          const c = contextOf.get(this);
          patchPage(page);
          const r: PageRecord = { id: rec.pages.length, context: c?.id ?? -1, mobile: c?.mobile ?? false, url: '', created, closed: 0, ops: {}, gotoStart: null };
          rec.pages.push(r);
          pageOf.set(page, r);
          if (block.length > 0) {
            const session = await this.newCDPSession(page);
            await session.send('Network.enable');
            await session.send('Network.setBlockedURLs', { urls: block });
          }
          return page;
        },
      );
      wrap(Object.getPrototypeOf(context), 'close', (orig) =>
        async function (this: BrowserContext, ...rest: unknown[]) {
          try {
            return await orig.call(this, ...rest);
          } finally {
            const c = contextOf.get(this);
            if (c && c.closed === null) c.closed = now();
          }
        },
      );
    });
    patchRequest(context.request);
  };

  const patchBrowser = (browser: Browser) => {
    once(Object.getPrototypeOf(browser), () => {
      wrap(Object.getPrototypeOf(browser), 'newContext', (orig) =>
        async function (this: Browser, opts?: { isMobile?: boolean }, ...rest: unknown[]) {
          const created = now();
          const context = (await orig.call(this, opts, ...rest)) as BrowserContext;
          const c: ContextRecord = { id: rec.contexts.length, mobile: !!opts?.isMobile, created, closed: null };
          rec.contexts.push(c);
          contextOf.set(context, c);
          patchContext(context);
          return context;
        },
      );
    });
  };

  once(Object.getPrototypeOf(chromium), () => {
    wrap(Object.getPrototypeOf(chromium), 'launch', (orig) =>
      async function (this: unknown, ...args: unknown[]) {
        const browser = (await orig.apply(this, args)) as Browser;
        patchBrowser(browser);
        return browser;
      },
    );
  });
  return rec;
}
