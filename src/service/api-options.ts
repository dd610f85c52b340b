// What the API's routes need (src/service/api.ts builds the server; api-runs.ts, api-requeue.ts use it).
import type { Logger } from 'pino';
import type { AnyIndicator } from '../indicators/indicator.ts';
import type { Queues } from './queue.ts';
import type { ServiceConfig } from './service-config.ts';
import type { Store } from '../store/store.ts';
import type { Target } from '../types.ts';
import type { ServiceMetrics } from './metrics.ts';

export interface ApiOptions {
  store: Store;
  queues: Queues;
  service: ServiceConfig;
  /** The current targets file (re-read per re-queue, so an edit applies without a restart). */
  loadTargets: () => Promise<Target[]>;
  /** EINDEX_API_TOKEN; unset: re-queue and the dashboard are refused for everyone (403). */
  token: string | undefined;
  log: Logger;
  metrics: ServiceMetrics;
  indicators: readonly AnyIndicator[];
  /**
   * EINDEX_TRUST_PROXY: the reverse proxy's addresses (comma-separated IPs/CIDRs) whose X-Forwarded-For is believed,
   * so rate limits count each client, not the proxy. Unset: nothing forwarded is believed.
   */
  trustProxy?: string | undefined;
}
