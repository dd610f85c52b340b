// Transient failures are retried, not published (issue 14): a site whose home-page collector fails transiently in
// its audit is stored provisional, its run stays open, and a follow-up job measures just that collector again; the
// final result replaces the provisional one and the run seals. A collector that keeps failing is stored final after
// the follow-up's last try, its error saying so. Real Redis, real Chromium, fixture sites whose home page stalls on
// chosen requests (dev/site-server.ts hangRequests); in-audit retries off, Lighthouse off, to stay fast.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { isCollectorError } from '../../src/artifacts.ts';
import { openRun, Queues, type QueueEnv } from '../../src/service/queue.ts';
import { collectJobId } from '../../src/service/runs.ts';
import type { ServiceConfig } from '../../src/service/service-config.ts';
import { serveSites, type ServedSites } from '../../dev/site-server.ts';
import { SqliteStore, type Store } from '../../src/store/store.ts';
import type { Config } from '../../src/config.ts';
import { startStoreWriter, type StoreWriter } from '../../src/service/store-writer.ts';
import { runStatus } from '../../src/service/status.ts';
import { startWorker, type WorkerHandle } from '../../src/service/worker.ts';
import { FIXTURE_SITES, fixtureTarget, testConfig } from '../helpers/fixtures.ts';
import { dropPrefix, fakeResult, freshEnv, target, tempDir, testService, whenAfterJobs } from '../helpers/queue.ts';

let sites: ServedSites;
let env: QueueEnv;
let queues: Queues;
let store: Store;
let dir: ReturnType<typeof tempDir>;
let worker: WorkerHandle;
let writer: StoreWriter;
let config: Config;
let service: ServiceConfig;

/** A copy of the stall-once fixture whose home page never answers the given requests (1: the audit's own load). */
function stallingSite(root: string, name: string, hangRequests: number[]): void {
  mkdirSync(join(root, name), { recursive: true });
  copyFileSync(join(FIXTURE_SITES, 'stall-once', 'index.html'), join(root, name, 'index.html'));
  writeFileSync(join(root, name, '_site.json'), JSON.stringify({ routes: { '/': { hangRequests } } }));
}

beforeAll(async () => {
  dir = tempDir();
  const root = join(dir.path, 'sites');
  // flaky: the first collector load of "/" stalls, nothing after. stalled: every collector load of "/" stalls.
  stallingSite(root, 'flaky', [2]);
  stallingSite(root, 'stalled', Array.from({ length: 60 }, (_, i) => i + 2));
  sites = await serveSites(root);
  env = freshEnv();
  store = new SqliteStore(`${dir.path}/eindex.sqlite`);
  queues = new Queues(env);
  const base = testConfig();
  config = testConfig({
    navigationTimeoutMs: 3000,
    lighthouse: { ...base.crawl.lighthouse, enabled: false },
    timings: { ...base.crawl.timings, collectorRetries: 0 },
  });
  // The first follow-up try waits 1.5 s: long enough to look at the provisional state, short for a test.
  // No periodic sweep: the last test calls it itself.
  service = testService({ followUp: { attempts: 2, backoffDelayMs: 1500 }, store: { sweepIntervalMs: 600_000 } });
  writer = await startStoreWriter({ queues, store, service, log: silentLogger });
  worker = await startWorker({ env, config, service, log: silentLogger });
});

afterAll(async () => {
  await worker?.close();
  await writer?.close();
  await queues?.close();
  await store?.close();
  await sites?.close();
  if (env) await dropPrefix(env);
  dir?.remove();
});

/** The store may seal a run before BullMQ has marked the follow-up's last try completed: wait for that (bounded). */
async function stateOnceSettled(id: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const state = await queues.collect.getJobState(id);
    if (state === 'completed' || state === 'failed') return state;
    await new Promise((r) => setTimeout(r, 100));
  }
  return queues.collect.getJobState(id);
}

const targetState = async (runId: string, id: string) => (await store.runTargets(runId)).find((t) => t.targetId === id);

describe('a collector that failed transiently in the audit', () => {
  test('is stored provisional, measured again alone, and the final result seals the run', async () => {
    const runId = 'nightly-2026-12-01';
    await openRun(queues, { runId, kind: 'nightly', targets: [fixtureTarget(sites, 'flaky')], service, reason: 'scheduled' });

    await whenAfterJobs([writer.worker], async () => (await targetState(runId, 'flaky'))?.provisional === true, 60_000, 'provisional result stored');
    const requestsAtProvisional = sites.requests.flaky!.length;
    const provisional = (await store.getResult(runId, 'flaky'))!;
    expect(provisional).toMatchObject({ status: 'ok', provisional: true });
    const saved = (await store.artifacts(runId, 'flaky'))!;
    const failed = Object.entries(saved).filter(([, v]) => isCollectorError(v)).map(([k]) => k);
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const id of failed) expect(saved[id as keyof typeof saved]).toMatchObject({ transient: true });
    expect(await store.sealState(runId)).toMatchObject({ sealed: false, provisional: 1, pending: 0 });
    // The follow-up job carries just the failed collectors; status shows it.
    const followUp = (await queues.collect.getJob(collectJobId(runId, 'flaky', 0)))!;
    expect([...followUp.data.collectors].sort()).toEqual([...failed].sort());
    const status = (await runStatus(store, queues, runId))!;
    expect(status.counts).toMatchObject({ provisional: 1, audited: 0 });
    expect(status.provisional).toEqual([expect.objectContaining({ targetId: 'flaky', collectors: followUp.data.collectors })]);
    expect(status.followUps).toBe(1);

    await whenAfterJobs([writer.worker], async () => (await store.sealState(runId))?.sealed === true, 60_000, 'run sealed');
    const final = (await store.getResult(runId, 'flaky'))!;
    expect(final.provisional).toBe(false);
    expect(final.startedAt).toBe(provisional.startedAt);
    for (const [id, i] of Object.entries(final.indicators)) if (id !== 'lighthouse') expect([id, i.outcome]).not.toEqual([id, 'error']);
    const finalArtifacts = (await store.artifacts(runId, 'flaky'))!;
    for (const id of failed) expect(isCollectorError(finalArtifacts[id as keyof typeof finalArtifacts])).toBe(false);
    expect(finalArtifacts.pages).toEqual(saved.pages);
    expect(await store.countRows(runId)).toBe(1);
    // Nothing of the rest was fetched twice: after the audit, the home page only, once per collector at most.
    const later = sites.requests.flaky!.slice(requestsAtProvisional).map((r) => r.path);
    expect(later.filter((p) => p !== '/favicon.ico').every((p) => p === '/')).toBe(true);
    expect(later.filter((p) => p === '/').length).toBeGreaterThanOrEqual(1);
    expect(later.filter((p) => p === '/').length).toBeLessThanOrEqual(failed.length);
    expect(await stateOnceSettled(followUp.id!)).toBe('completed');
    expect((await runStatus(store, queues, runId))!).toMatchObject({ sealed: true, followUps: 0, counts: { audited: 1, provisional: 0 } });
  });

  test('that fails on every follow-up try is stored final with its error, the attempts made and retries spent', async () => {
    const runId = 'nightly-2026-12-02';
    await openRun(queues, { runId, kind: 'nightly', targets: [fixtureTarget(sites, 'stalled')], service, reason: 'scheduled' });
    await whenAfterJobs([writer.worker], async () => (await store.sealState(runId))?.sealed === true, 120_000, 'run sealed');
    const final = (await store.getResult(runId, 'stalled'))!;
    expect(final).toMatchObject({ status: 'ok', provisional: false });
    const artifacts = (await store.artifacts(runId, 'stalled'))!;
    const errors = Object.values(artifacts).filter(isCollectorError);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    // One try in the audit, two follow-up tries.
    for (const e of errors) expect(e).toMatchObject({ transient: true, retriesSpent: true, attempts: 3 });
    const unmeasured = Object.entries(final.indicators).filter(([id, i]) => id !== 'lighthouse' && i.outcome === 'error');
    expect(unmeasured.length).toBeGreaterThanOrEqual(1);
    for (const [, i] of unmeasured) expect(i.reason).toMatch(/\(3 attempts, retries spent\)/);
    const id = collectJobId(runId, 'stalled', 0);
    expect(await stateOnceSettled(id)).toBe('completed');
    const job = (await queues.collect.getJob(id))!;
    expect(job.attemptsMade).toBe(2);
  });

  test('whose follow-up job is gone is finalized by the store writer\'s sweep, and the run seals', async () => {
    const runId = 'nightly-2026-12-03';
    const [a, b] = [target('gone-a'), target('gone-b')];
    await store.addRunTargets(runId, 'nightly', new Date().toISOString(), [a, b].map((t) => ({ target: t, generation: 0 })));
    await store.saveRunResult(fakeResult(runId, b), null, 0);
    // Stored provisional, but its follow-up never reached Redis (a worker killed in between, or Redis lost it).
    await store.saveRunResult({ ...fakeResult(runId, a), provisional: true }, null, 0);
    expect(await store.sealState(runId)).toMatchObject({ sealed: false, provisional: 1 });
    expect((await runStatus(store, queues, runId))!.provisional).toEqual([{ targetId: 'gone-a', followUp: 'missing' }]);
    const summary = await writer.sweep();
    expect(summary.provisionalFinalized).toBe(1);
    await whenAfterJobs([writer.worker], async () => (await store.sealState(runId))?.sealed === true, 20_000, 'run sealed');
    expect((await store.getResult(runId, 'gone-a'))!).toMatchObject({ status: 'ok', provisional: false, indicators: { wcag: { score: 0.8 } } });
    expect((await writer.sweep()).provisionalFinalized).toBe(0);
  });
});
