// The floor: what any audit of these pages must at least do. One Chromium (the project's flags), two contexts, every
// page loaded (until `load`) and axe-core run with the project's WCAG tags; nothing else. With "axe": false, load only.
//   node bench/floor.ts <job.json>   (written by bench/run.ts; the result goes to job.out)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../src/audit/browser.ts';
import { WCAG_TAGS } from '../src/collectors/axe.ts';

export interface FloorJob {
  urls: string[];
  contexts: number;
  axe: boolean;
  out: string;
}

export interface FloorOutput {
  wallMs: number;
  pages: { url: string; loadMs: number; axeMs: number; violations: string[]; error?: string }[];
}

const require = createRequire(import.meta.url);

async function main() {
  const jobPath = process.argv[2];
  if (!jobPath) throw new Error('usage: node bench/floor.ts <job.json>');
  const job = JSON.parse(readFileSync(jobPath, 'utf8')) as FloorJob;
  const started = performance.now();
  const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
  const queue = [...job.urls];
  const pages: FloorOutput['pages'] = [];
  const worker = async (context: BrowserContext) => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      const page = await context.newPage();
      const t0 = performance.now();
      let loadMs = 0;
      let axeMs = 0;
      let violations: string[] = [];
      try {
        await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
        loadMs = performance.now() - t0;
        if (job.axe) {
          const t1 = performance.now();
          await page.evaluate(axeSource);
          violations = await page.evaluate(async (tags) => {
            const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string }[] }> } }).axe;
            const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] });
            return r.violations.map((v) => v.id);
          }, WCAG_TAGS);
          axeMs = performance.now() - t1;
        }
        pages.push({ url, loadMs, axeMs, violations });
      } catch (err) {
        pages.push({ url, loadMs, axeMs, violations, error: (err as Error).message.split('\n')[0]! });
      } finally {
        await page.close();
      }
    }
  };
  const contexts = await Promise.all(Array.from({ length: job.contexts }, () => browser.newContext({ viewport: { width: 1280, height: 800 } })));
  await Promise.all(contexts.map(worker));
  await browser.close();
  const output: FloorOutput = { wallMs: performance.now() - started, pages };
  writeFileSync(job.out, JSON.stringify(output));
}

await main();
