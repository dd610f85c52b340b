// A worker's two kinds of slot. Page slots: sites loading pages, as many as admission by load allows
// (src/service/admission.ts). Lane slots: sites whose pages are done and whose Lighthouse run waits for its turn in
// the process's lane (src/audit/home.ts); each frees its page slot, so the worker takes another site meanwhile, at most
// `laneMax` of them. BullMQ sees one number, the sum.
export interface LaneSlots {
  /** A site's pages are done and it waits on the lane; returns its leave (idempotent), called when its audit ends. */
  enterLane(): () => void;
}

export class WorkerSlots implements LaneSlots {
  #admitted: number;
  #inLane = 0;
  readonly #worker: { concurrency: number };
  readonly #laneMax: number;

  constructor(worker: { concurrency: number }, admitted: number, laneMax: number) {
    this.#worker = worker;
    this.#admitted = admitted;
    this.#laneMax = laneMax;
    this.#apply();
  }

  /** The page slots: what admission by load moves. */
  get concurrency(): number {
    return this.#admitted;
  }

  set concurrency(n: number) {
    this.#admitted = n;
    this.#apply();
  }

  get inLane(): number {
    return this.#inLane;
  }

  enterLane(): () => void {
    let left = false;
    this.#inLane++;
    this.#apply();
    return () => {
      if (left) return;
      left = true;
      this.#inLane--;
      this.#apply();
    };
  }

  #apply(): void {
    this.#worker.concurrency = this.#admitted + Math.min(this.#inLane, this.#laneMax);
  }
}
