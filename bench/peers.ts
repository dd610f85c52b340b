// The peers: what a user would otherwise run. Installed from npm into a temporary folder (kept between runs, keyed by
// the versions): pa11y-ci with the axe runner over every page (concurrency 2), and the Lighthouse CLI (mobile;
// accessibility, best practices, SEO) on every home page, one after the other. Both use the system Chromium
// (/usr/bin/chromium), never a downloaded one, with the same closed-network flags as ours: without them Chromium keeps
// trying to reach Google services, which on a closed network costs the peers time that is not theirs to spend.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_FLAGS, chromiumPath } from '../src/audit/browser.ts';
import { measure, type Measured } from './measure.ts';

export const PEER_VERSIONS = { 'pa11y-ci': '4.1.1', lighthouse: '13.5.0' } as const;

export function peersDir(): string {
  return join(tmpdir(), `eindex-bench-peers-pa11y-ci-${PEER_VERSIONS['pa11y-ci']}-lighthouse-${PEER_VERSIONS.lighthouse}`);
}

function peerEnv(): NodeJS.ProcessEnv {
  const chrome = chromiumPath();
  return {
    ...process.env,
    PUPPETEER_SKIP_DOWNLOAD: '1',
    PUPPETEER_SKIP_CHROME_DOWNLOAD: '1',
    PUPPETEER_SKIP_CHROME_HEADLESS_SHELL_DOWNLOAD: '1',
    PUPPETEER_EXECUTABLE_PATH: chrome,
    CHROME_PATH: chrome,
  };
}

/** Installs the peers with npm (once); returns the folder and the installed versions. */
export function installPeers(log: (line: string) => void): { dir: string; versions: Record<string, string>; installMs: number } {
  const dir = peersDir();
  const started = performance.now();
  if (!existsSync(join(dir, 'node_modules', 'pa11y-ci', 'package.json')) || !existsSync(join(dir, 'node_modules', 'lighthouse', 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'eindex-bench-peers', private: true, dependencies: PEER_VERSIONS }, null, 2));
    log(`installing ${Object.entries(PEER_VERSIONS).map(([n, v]) => `${n}@${v}`).join(', ')} into ${dir} (npm)`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env: peerEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const version = (name: string) => (JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  return { dir, versions: { 'pa11y-ci': version('pa11y-ci'), pa11y: version('pa11y'), puppeteer: version('puppeteer'), lighthouse: version('lighthouse') }, installMs: performance.now() - started };
}

export interface Pa11yRun extends Measured {
  pages: number;
  /** Pages pa11y-ci reported a result for (errors counted separately). */
  tested: number;
  errors: number;
}

/** pa11y-ci over every URL with the axe runner, two at a time. */
export async function runPa11yCi(dir: string, work: string, urls: string[]): Promise<Pa11yRun> {
  const config = join(work, 'pa11yci.json');
  writeFileSync(
    config,
    JSON.stringify(
      {
        defaults: {
          runners: ['axe'],
          concurrency: 2,
          timeout: 60_000,
          chromeLaunchConfig: { executablePath: chromiumPath(), args: CHROMIUM_FLAGS },
        },
        urls,
      },
      null,
      2,
    ),
  );
  const out = join(work, 'pa11y-ci.json');
  const m = await measure(process.execPath, [join(dir, 'node_modules', 'pa11y-ci', 'bin', 'pa11y-ci.js'), '--config', config, '--json'], {
    env: peerEnv(),
    cwd: work,
    stdoutFile: out,
    stderrFile: join(work, 'pa11y-ci.stderr'),
    timeoutMs: 3_600_000,
  });
  let tested = 0;
  let errors = 0;
  try {
    const report = JSON.parse(readFileSync(out, 'utf8')) as { total: number; errors: number; results: Record<string, unknown[]> };
    tested = Object.keys(report.results).length;
    errors = report.errors;
  } catch {
    // no report: tested stays 0 and the table says so
  }
  return { ...m, pages: urls.length, tested, errors };
}

export interface LighthouseCliRun {
  wallMs: number;
  peakRssBytes: number;
  peakPssBytes: number;
  peakProcesses: number;
  cpuSeconds: number;
  load: [number, number];
  pages: number;
  /** Runs that wrote a report with all three category scores. */
  scored: number;
  perPageMs: number[];
  scores: Record<string, Record<string, number | null>>;
}

/** The Lighthouse CLI on every home page, one after the other (each run starts its own Chromium). */
export async function runLighthouseCli(dir: string, work: string, urls: string[]): Promise<LighthouseCliRun> {
  const bin = join(dir, 'node_modules', 'lighthouse', 'cli', 'index.js');
  const runs: Measured[] = [];
  const scores: LighthouseCliRun['scores'] = {};
  let scored = 0;
  const started = performance.now();
  for (const [i, url] of urls.entries()) {
    const out = join(work, `lighthouse-${i + 1}.json`);
    const m = await measure(
      process.execPath,
      [
        bin,
        url,
        '--only-categories=accessibility,best-practices,seo',
        '--output=json',
        `--output-path=${out}`,
        '--quiet',
        `--chrome-flags=--headless=new ${CHROMIUM_FLAGS.join(' ')}`,
      ],
      { env: peerEnv(), cwd: work, stderrFile: join(work, `lighthouse-${i + 1}.stderr`), timeoutMs: 300_000 },
    );
    runs.push(m);
    try {
      const lhr = JSON.parse(readFileSync(out, 'utf8')) as { categories: Record<string, { score: number | null }> };
      const s = Object.fromEntries(Object.entries(lhr.categories).map(([k, v]) => [k, v.score]));
      scores[url] = s;
      if (['accessibility', 'best-practices', 'seo'].every((k) => typeof s[k] === 'number')) scored++;
    } catch {
      // no report
    }
  }
  return {
    wallMs: performance.now() - started,
    peakRssBytes: Math.max(0, ...runs.map((r) => r.peakRssBytes)),
    peakPssBytes: Math.max(0, ...runs.map((r) => r.peakPssBytes)),
    peakProcesses: Math.max(0, ...runs.map((r) => r.peakProcesses)),
    cpuSeconds: runs.reduce((s, r) => s + r.cpuSeconds, 0),
    load: [runs[0]?.load[0] ?? 0, runs.at(-1)?.load[1] ?? 0],
    pages: urls.length,
    scored,
    perPageMs: runs.map((r) => r.wallMs),
    scores,
  };
}
