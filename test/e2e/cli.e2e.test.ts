// The eindex command as a user runs it: a child process, real Chromium, fixture sites, a store file in a temp dir.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../src/config.ts';
import { serveSites, type ServedSites } from '../../dev/site-server.ts';
import { SqliteStore } from '../../src/store/store.ts';
import type { SiteResult } from '../../src/types.ts';
import { FIXTURE_SITES } from '../helpers/fixtures.ts';
import { schemaErrors } from '../helpers/schema.ts';

let sites: ServedSites;
let dir: string;

function eindex(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'src', 'cli.ts'), ...args], {
      cwd: dir,
      // The SQLite store in the temp dir, whatever the developer's shell says.
      env: { ...process.env, EINDEX_LOG_LEVEL: 'warn', EINDEX_DATABASE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

beforeAll(async () => {
  sites = await serveSites(FIXTURE_SITES, { only: ['clean', 'violations', 'home-404', 'slow'] });
  dir = mkdtempSync(join(tmpdir(), 'eindex-cli-'));
  const targets = [
    { id: 'clean', name: 'Tīrā iestāde', type: 'institution', sector: 'VARAM', url: `${sites.origins.clean}/` },
    { id: 'violations', name: 'Problēmu iestāde', type: 'county', url: `${sites.origins.violations}/` },
    { id: 'broken-url', name: 'Nederīga', type: 'county', url: 'ftp://example.lv/' },
    { id: 'home-404', name: 'Nav lapas', type: 'state-city', url: `${sites.origins['home-404']}/` },
    { id: 'slow', name: 'Lēnā', type: 'independent', url: `${sites.origins.slow}/` },
  ];
  writeFileSync(join(dir, 'targets.json'), JSON.stringify(targets, null, 2));
  writeFileSync(join(dir, 'fast.json'), JSON.stringify({ crawl: { navigationTimeoutMs: 4000, settleMs: 300, maxPages: 4 } }));
});
afterAll(async () => {
  await sites?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const auditArgs = ['audit', '--targets', 'targets.json', '--out', 'out', '--db', 'store.sqlite', '--run', 'e2e-run', '--no-lighthouse', '--config', 'fast.json'];

describe('eindex audit --targets', () => {
  test('audits every valid entry, skips the invalid one with its index, and writes results.jsonl, index.csv and the store', async () => {
    const run = await eindex(auditArgs);
    expect(run.stderr).toMatch(/skipped: .*\[2\].*broken-url.*url/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Run e2e-run: 4 sites, 2 not audited/);

    const results = readFileSync(join(dir, 'out', 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SiteResult);
    expect(results.map((r) => [r.target.id, r.status])).toEqual([
      ['clean', 'ok'],
      ['home-404', 'http-error'],
      ['slow', 'timeout'],
      ['violations', 'ok'],
    ]);
    for (const r of results) expect(schemaErrors(r)).toEqual([]);
    const clean = results[0]!;
    expect(Object.keys(clean.indicators)).toEqual(expect.arrayContaining(['wcag', 'mobile', 'lighthouse']));
    expect(clean.indicators.lighthouse!.score).toBeNull();

    const csv = readFileSync(join(dir, 'out', 'index.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    const header = csv[0]!.split(',');
    expect(header.slice(0, 6)).toEqual(['id', 'name', 'type', 'sector', 'url', 'status']);
    expect(header).toEqual(expect.arrayContaining(['wcag.score', 'wcag.band', 'mobile.mobileFriendly']));
    expect(csv).toHaveLength(5);
    const row = (id: string) => Object.fromEntries(csv.find((l) => l.startsWith(`${id},`))!.split(',').map((v, i) => [header[i], v]));
    expect(row('clean')).toMatchObject({ name: 'Tīrā iestāde', status: 'ok', 'wcag.band': 'highest', 'wcag.score': '1', 'mobile.mobileFriendly': 'true' });
    expect(row('violations')['wcag.band']).not.toBe('highest');
    expect(row('home-404')).toMatchObject({ status: 'http-error', 'wcag.score': '' });

    const store = new SqliteStore(join(dir, 'store.sqlite'));
    expect(await store.countRows('e2e-run')).toBe(4);
    expect(await store.run('e2e-run')).toMatchObject({ targets: 4, stored: 4, failed: 2 });
    await store.close();
  });

  test('auditing a site again in the same run replaces its row', async () => {
    const again = await eindex([...auditArgs, '--only', 'clean']);
    expect(again.code).toBe(0);
    const store = new SqliteStore(join(dir, 'store.sqlite'));
    expect(await store.countRows('e2e-run')).toBe(4);
    await store.close();
    const lines = readFileSync(join(dir, 'out', 'results.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
  });

  test('runs, export and rescore work on the stored run without a browser', async () => {
    const runs = await eindex(['runs', '--db', 'store.sqlite']);
    expect(runs.stdout).toMatch(/e2e-run\s+audit .* 4\/\d+ stored, 2 not audited/);
    const json = await eindex(['export', 'e2e-run', '--format', 'json', '--db', 'store.sqlite']);
    expect(json.code).toBe(0);
    expect(json.stdout.trim().split('\n')).toHaveLength(4);
    // A stricter wcag band cut-off through config changes the band without a re-crawl.
    writeFileSync(join(dir, 'strict.json'), JSON.stringify({ indicators: { wcag: { bands: { highest: 1.01, high: 1.01, medium: 1.01 } } } }));
    const rescore = await eindex(['rescore', 'e2e-run', '--db', 'store.sqlite', '--config', 'strict.json']);
    expect(rescore.code).toBe(0);
    expect(rescore.stdout).toMatch(/Rescored 2 sites of run e2e-run; skipped home-404 \(status http-error\), slow \(status timeout\)/);
    const store = new SqliteStore(join(dir, 'store.sqlite'));
    expect(((await store.getResult('e2e-run', 'clean'))!.indicators.wcag!.value as { band: string }).band).toBe('low');
    await store.close();
  });
});

describe('bad invocations exit non-zero with a clear message', () => {
  test.each([
    [[], /Usage:/],
    [['audit'], /audit needs URLs or --targets FILE/],
    [['audit', '--targets', 'missing.json'], /missing\.json/],
    [['audit', '--targets', 'targets.json', '--only', 'nope'], /no target with id "nope"/],
    [['audit', 'https://a.lv', '--concurrency', '0'], /--concurrency must be a whole number/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['export', 'no-such-run', '--db', 'store.sqlite'], /run "no-such-run" has no stored results/],
    [['audit', '--bogus'], /Unknown option '--bogus'/],
  ])('eindex %j', async (args, message) => {
    const r = await eindex(args);
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(message);
  });

  test('a targets file that is not JSON', async () => {
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    const r = await eindex(['audit', '--targets', 'bad.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json/);
  });
});
