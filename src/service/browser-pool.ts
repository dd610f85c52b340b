// One Chromium per worker process, shared by the sites it audits at once; replaced after every N sites (recycle, at
// the next site) and at once whenever it has died (crash) or hung (time limit). A browser being retired is closed when its last site is done, never under a site.
import type { Logger } from 'pino';
import { launchBrowser, type AuditBrowser } from '../audit/browser.ts';

interface Slot {
  browser: AuditBrowser;
  /** Sites started on it. */
  uses: number;
  /** Sites running on it now. */
  inFlight: number;
  retiring: boolean;
  closing?: Promise<void>;
}

export type RelaunchReason = 'recycle' | 'crash' | 'time-limit';

export interface BrowserPoolOptions {
  recycleEvery: number;
  log: Logger;
  /** Called each time a browser is replaced (not for the first launch). */
  onRelaunch?: (reason: RelaunchReason) => void;
  launch?: () => Promise<AuditBrowser>;
}

export interface BrowserLease {
  browser: AuditBrowser;
  /** Give the browser back; `broken` retires it at once (a wedged or crashed browser). */
  release(broken?: RelaunchReason): void;
}

export class BrowserPool {
  private current: Slot | null = null;
  private launching: Promise<Slot> | null = null;
  private readonly retired = new Set<Slot>();
  private pendingReason: RelaunchReason | null = null;
  private closed = false;
  private readonly opts: BrowserPoolOptions;

  constructor(opts: BrowserPoolOptions) {
    this.opts = opts;
  }

  async acquire(): Promise<BrowserLease> {
    if (this.closed) throw new Error('browser pool closed');
    let slot = this.current;
    if (slot && (!slot.browser.browser.isConnected() || slot.uses >= this.opts.recycleEvery)) {
      this.retire(slot, slot.browser.browser.isConnected() ? 'recycle' : 'crash');
      slot = null;
    }
    if (!slot) slot = await this.launch();
    slot.uses++;
    slot.inFlight++;
    let released = false;
    return {
      browser: slot.browser,
      release: (broken) => {
        if (released) return;
        released = true;
        slot.inFlight--;
        if (broken || !slot.browser.browser.isConnected()) this.retire(slot, broken ?? 'crash');
        else if (slot.retiring && slot.inFlight === 0) void this.closeSlot(slot);
      },
    };
  }

  private launch(): Promise<Slot> {
    this.launching ??= (async () => {
      const browser = await (this.opts.launch ?? launchBrowser)();
      const slot: Slot = { browser, uses: 0, inFlight: 0, retiring: false };
      // A browser that dies is retired when Chromium goes, not when its site next asks: a kill just as a site ended
      // (its release still saw the browser connected) left the dead browser current and the crash uncounted.
      browser.browser.once('disconnected', () => {
        if (!this.closed) this.retire(slot, 'crash');
      });
      if (this.closed) {
        await browser.close();
        throw new Error('browser pool closed');
      }
      this.current = slot;
      if (this.pendingReason) {
        this.opts.log.info({ reason: this.pendingReason, chromium: browser.version }, 'browser relaunched');
        this.opts.onRelaunch?.(this.pendingReason);
        this.pendingReason = null;
      }
      return slot;
    })().finally(() => (this.launching = null));
    return this.launching;
  }

  private retire(slot: Slot, reason: RelaunchReason): void {
    if (slot.retiring) return;
    slot.retiring = true;
    if (this.current === slot) {
      this.current = null;
      this.pendingReason = reason;
    }
    this.retired.add(slot);
    this.opts.log.info({ reason, uses: slot.uses, inFlight: slot.inFlight }, 'browser retired');
    // A crashed or wedged browser goes now (its sites fail and are retried); a recycled one when its sites are done.
    if (reason !== 'recycle' || slot.inFlight === 0) void this.closeSlot(slot);
    // If it was the current browser, its replacement starts now rather than at the next site: that site does not wait
    // for it, and every crash counts a relaunch (counted at the next site, a crash near a run's end never was: the
    // faults test read 0 relaunches for 1 kill, 7 for 20). A failed launch is tried again by the next acquire.
    if (reason !== 'recycle' && !this.closed && this.current === null) this.launch().catch(() => undefined);
  }

  private closeSlot(slot: Slot): Promise<void> {
    this.retired.delete(slot);
    slot.closing ??= slot.browser.close();
    return slot.closing;
  }

  /** Closes every browser now (sites still on them fail; the caller has handed their jobs back). */
  async close(): Promise<void> {
    this.closed = true;
    const slots = [...this.retired, ...(this.current ? [this.current] : [])];
    this.current = null;
    await this.launching?.catch(() => undefined);
    await Promise.all(slots.map((s) => this.closeSlot(s)));
  }
}
