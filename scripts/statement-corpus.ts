// Accuracy of the a11y-statement indicator on the labelled statement corpus (test/fixtures/statement-corpus):
// per field, pages right / pages judged, for the tuning half and the held-out half separately, then every miss.
//   npm run accuracy:corpus                  each page loaded in real Chromium from 127.0.0.1, read as the audit reads a
//                                             statement page (load, network settle, page facts), then the indicator
//   npm run accuracy:corpus -- --record       the same, and writes the page facts to recorded.json (the unit test replays them)
//   npm run accuracy:corpus -- --recorded     replays recorded.json: no browser
//   --markdown                                the tables as Markdown (for docs/accuracy.md)
// Tune only on the "tune" half; the "holdout" figure is the one to quote.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { launchBrowser } from '../src/audit/browser.ts';
import { allowHosts } from '../src/audit/egress/index.ts';
import { readPageFacts } from '../src/collectors/page-facts.ts';
import { loadConfig } from '../src/config.ts';
import type { PageFacts } from '../src/artifacts.ts';
import { agreement, FIELDS, PAGES_DIR, readLabels, RECORDED_FILE, RECORDED_ORIGIN, type Agreement, type Split } from './statement-corpus-judge.ts';

const args = process.argv.slice(2);
const markdown = args.includes('--markdown');
const labels = readLabels();
const started = Date.now();

const onDisk = readdirSync(PAGES_DIR).filter((f) => f.endsWith('.html'));
const unlabelled = onDisk.filter((f) => !labels.pages[f]);
const missing = Object.keys(labels.pages).filter((f) => !onDisk.includes(f));
if (unlabelled.length || missing.length) throw new Error(`labels.json and pages/ differ: unlabelled ${unlabelled.join(', ') || '-'}; no page for ${missing.join(', ') || '-'}`);

let facts: Record<string, PageFacts>;
if (args.includes('--recorded')) {
  facts = JSON.parse(readFileSync(RECORDED_FILE, 'utf8')) as Record<string, PageFacts>;
} else {
  facts = await readInChromium(Object.keys(labels.pages));
  if (args.includes('--record')) {
    writeFileSync(RECORDED_FILE, JSON.stringify(facts, null, 1) + '\n');
    process.stderr.write(`wrote ${RECORDED_FILE}\n`);
  }
}
const result = agreement(labels, (page) => {
  const f = facts[page];
  if (!f) throw new Error(`no facts for ${page}`);
  return f;
});
print(result);

/** Serves pages/ on loopback and reads each page the way the audit reads a statement page it found by a link. */
async function readInChromium(pages: string[]): Promise<Record<string, PageFacts>> {
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    if (!pages.includes(name)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(join(PAGES_DIR, name)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  allowHosts('127.0.0.1'); // the egress proxy refuses loopback otherwise
  const crawl = loadConfig().crawl;
  const browser = await launchBrowser();
  const out: Record<string, PageFacts> = {};
  try {
    const context = await browser.browser.newContext();
    for (const name of pages) {
      const page = await context.newPage();
      const url = `${origin}/${name}`;
      const t0 = Date.now();
      const response = await page.goto(url, { waitUntil: 'load', timeout: crawl.navigationTimeoutMs });
      await page.waitForLoadState('networkidle', { timeout: crawl.settleMs }).catch(() => undefined);
      const raw = await readPageFacts(page, { maxTextChars: crawl.maxTextChars, maxLinks: crawl.maxLinksPerPage, embedded: crawl.embedded });
      const fact: PageFacts = {
        url,
        finalUrl: page.url(),
        status: response?.status() ?? 0,
        contentType: (await response?.headerValue('content-type')) ?? '',
        roles: ['statement'],
        foundBy: { via: 'link', from: `${origin}/`, text: 'Piekļūstamības paziņojums' },
        ...raw,
        loadMs: Date.now() - t0,
      };
      await page.close();
      // Recorded facts carry a fixed origin and no timing, so the file changes only when what the page says changes.
      out[name] = JSON.parse(JSON.stringify({ ...fact, loadMs: 0 }).split(origin).join(RECORDED_ORIGIN)) as PageFacts;
    }
    await context.close();
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
  return out;
}

function print({ table, misses }: Agreement): void {
  const pct = (a: number, b: number) => (b === 0 ? '–' : `${((a / b) * 100).toFixed(1)} %`);
  const cell = (s: Split, f: (typeof FIELDS)[number] | 'all') => `${table[s][f].right}/${table[s][f].cases} (${pct(table[s][f].right, table[s][f].cases)})`;
  const pagesIn = (s: Split) => Object.values(labels.pages).filter((p) => p.split === s).length;
  if (markdown) {
    console.log(`| field | tune (${pagesIn('tune')} pages) | holdout (${pagesIn('holdout')} pages) |\n|---|---|---|`);
    for (const f of [...FIELDS, 'all'] as const) console.log(`| ${f === 'all' ? '**all**' : f} | ${cell('tune', f)} | ${cell('holdout', f)} |`);
    console.log('\n| split | page | field | expected | actual |\n|---|---|---|---|---|');
    for (const m of misses) console.log(`| ${m.split} | ${m.page} | ${m.field} | \`${JSON.stringify(m.expected)}\` | \`${JSON.stringify(m.actual)}\` |`);
    return;
  }
  console.log(`${'field'.padEnd(18)}  ${`tune (${pagesIn('tune')} pages)`.padEnd(22)}  holdout (${pagesIn('holdout')} pages)`);
  for (const f of [...FIELDS, 'all'] as const) console.log(`${f.padEnd(18)}  ${cell('tune', f).padEnd(22)}  ${cell('holdout', f)}`);
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s; a look-alike page is judged on level only)`);
  if (misses.length > 0) {
    console.log(`\nMisses (${misses.length}):`);
    for (const m of misses) {
      const facts = labels.pages[m.page]!.facts.join('; ');
      console.log(`  ✗ [${m.split}] ${m.page} ${m.field}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}   (${facts})`);
    }
  }
}
