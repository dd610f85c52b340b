// A worker thread that runs Lighthouse, one run at a time (src/collectors/lighthouse.ts hands it one job and waits
// for the reply). Lighthouse keeps module-level state while it runs, so two runs must not share a thread; each thread
// has its own copy of the modules, so runs in two threads do not mix.
import { parentPort } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import lighthouse from 'lighthouse';
import defaultConfig from 'lighthouse/core/config/default-config.js';
import { lighthouseFacts, unweightedAudits, type Lhr } from './lighthouse-facts.ts';
import { lighthouseMessageFormat, rememberMessageFormats } from './lighthouse-i18n.ts';

export interface LighthouseJob {
  url: string;
  /** 'html': Lighthouse renders its own report (instead of the JSON text nobody read) for the institution's page. */
  flags: { port: number; logLevel: 'error'; output: 'html' };
  config: { extends: 'lighthouse:default'; settings: Record<string, unknown> };
  /** Leave out the audits that weigh 0 in every category run (lighthouse-facts.ts, unweightedAudits). */
  skipUnweighted: boolean;
}

export type LighthouseReply = { ok: true; facts: ReturnType<typeof lighthouseFacts> } | { ok: false; message: string };

// A run leaves hundreds of MB of garbage (the trace and what was computed from it) that V8, with a big machine's heap
// limit, would keep until the next run; a full collection after each run gives it back (~0.1 s).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

rememberMessageFormats(lighthouseMessageFormat());

// Loaded (Lighthouse's modules take 5-9 s, more on a busy machine): the caller starts a run's clock from here on.
parentPort!.postMessage({ ready: true });

parentPort!.on('message', async (job: LighthouseJob) => {
  const started = Date.now();
  let reply: LighthouseReply;
  try {
    const settings = { ...job.config.settings };
    if (job.skipUnweighted) {
      const categories = (settings.onlyCategories as string[] | undefined) ?? Object.keys((defaultConfig as { categories: object }).categories);
      settings.skipAudits = [...new Set([...((settings.skipAudits as string[] | undefined) ?? []), ...unweightedAudits(categories)])];
    }
    const result = await lighthouse(job.url, job.flags, { ...job.config, settings } as never);
    if (!result) throw new Error('Lighthouse returned no result');
    const facts = lighthouseFacts(job.url, result.lhr as unknown as Lhr, Date.now() - started);
    // Gzipped here, off the auditing thread: the report (the LHR and its renderer inlined) is ~4x smaller so
    // (clean fixture home page: 282 KB → 67 KB in 7 ms; rendering it instead of the JSON text: +0.6 ms).
    if (typeof result.report === 'string') facts.reportHtmlGz = gzipSync(result.report).toString('base64');
    reply = { ok: true, facts };
  } catch (err) {
    reply = { ok: false, message: (err as Error).message };
  }
  parentPort!.postMessage(reply);
  collectGarbage();
});
