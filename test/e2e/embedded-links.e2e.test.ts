// Page facts from iframes and open shadow roots in real Chromium (issue 13, class 2): a cross-origin frame read through
// Playwright's frame API, the bounds of crawl.embedded (frame count, depth, time budget, shadow roots), closed shadow
// roots left alone. Two loopback origins generated here (the page's and a widget provider's); one browser for the file.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, type AuditBrowser } from '../../src/audit/browser.ts';
import { allowHosts } from '../../src/audit/egress/index.ts';
import { readPageFacts, type ReadLimits } from '../../src/collectors/page-facts.ts';
import { loadConfig, type EmbeddedLimits } from '../../src/config.ts';

const SHIPPED: EmbeddedLimits = loadConfig().crawl.embedded;
const html = (body: string) => `<!doctype html><html lang="lv"><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;

let site = '';
let widgets = '';
const servers: Server[] = [];
let browser: AuditBrowser;
let context: BrowserContext;

/** Pages by path; `{{w}}` is the widget origin. A path starting /hang never answers. */
const PAGES: Record<string, string> = {
  '/cross': '<main><p>Sākums</p></main><aside><iframe src="{{w}}/plugin"></iframe></aside>',
  '/plugin': '<a href="https://www.facebook.com/Iestade">Iestāde</a> <a href="https://www.facebook.com/sharer/sharer.php?u=x">Dalīties</a>',
  '/deep': '<footer><iframe src="/d1"></iframe></footer>',
  '/d1': '<a href="https://x.lv/d1">d1</a><iframe src="/d2"></iframe>',
  '/d2': '<a href="https://x.lv/d2">d2</a><iframe src="/d3"></iframe>',
  '/d3': '<a href="https://x.lv/d3">d3</a>',
  '/many': [1, 2, 3, 4, 5].map((i) => `<iframe src="/f${i}"></iframe>`).join(''),
  '/f1': '<a href="https://x.lv/f1">f1</a>',
  '/f2': '<a href="https://x.lv/f2">f2</a>',
  '/f3': '<a href="https://x.lv/f3">f3</a>',
  '/f4': '<a href="https://x.lv/f4">f4</a>',
  '/f5': '<a href="https://x.lv/f5">f5</a>',
  '/stuck': '<a href="https://x.lv/own">own</a><iframe src="/f1"></iframe><iframe src="/hang"></iframe>',
  '/shadow': `<p>Gaismas dokuments</p><x-footer></x-footer><x-closed></x-closed><script>
customElements.define('x-inner', class extends HTMLElement { constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = '<a href="https://www.instagram.com/iestade/" aria-label="Instagram">ig</a>'; } });
customElements.define('x-footer', class extends HTMLElement { constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = '<style>p{color:red}</style><footer><h2>Kontakti</h2><p>Tālr. 67 000 000</p><a href="/pieklustamiba">Piekļūstamības paziņojums</a><x-inner></x-inner></footer>'; } });
customElements.define('x-closed', class extends HTMLElement { constructor() { super(); this.attachShadow({ mode: 'closed' }).innerHTML = '<a href="https://x.lv/closed">slēgts</a>'; } });
</script>`,
};

async function listen(): Promise<string> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/hang')) return; // accepted, never answered
    const body = PAGES[path];
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html(body.replaceAll('{{w}}', widgets)));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  allowHosts('127.0.0.1');
  site = await listen();
  widgets = await listen();
  browser = await launchBrowser();
  context = await browser.browser.newContext();
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

async function read(path: string, embedded: EmbeddedLimits | undefined, waitUntil: 'load' | 'domcontentloaded' = 'load') {
  const page = await context.newPage();
  try {
    await page.goto(`${site}${path}`, { waitUntil, timeout: 10_000 });
    const limits: ReadLimits = { maxTextChars: 10_000, maxLinks: 100, ...(embedded ? { embedded } : {}) };
    const started = Date.now();
    const facts = await readPageFacts(page, limits);
    return { facts, ms: Date.now() - started };
  } finally {
    await page.close();
  }
}

describe('frames', () => {
  test('a cross-origin frame is read: its links carry the frame URL and sit where the iframe is', async () => {
    const { facts } = await read('/cross', SHIPPED);
    const framed = facts.links.filter((l) => l.frame);
    expect(framed.map((l) => [l.href, l.region, l.frame, l.selector])).toEqual([
      ['https://www.facebook.com/Iestade', 'aside', `${widgets}/plugin`, 'body > aside > iframe >>> body > a:nth-of-type(1)'],
      ['https://www.facebook.com/sharer/sharer.php?u=x', 'aside', `${widgets}/plugin`, 'body > aside > iframe >>> body > a:nth-of-type(2)'],
    ]);
  });

  test('without embedded limits only the document is read (as before issue 13)', async () => {
    const { facts } = await read('/cross', undefined);
    expect(facts.links.filter((l) => l.frame)).toEqual([]);
  });

  test('frames deeper than maxFrameDepth are not read', async () => {
    const { facts } = await read('/deep', { ...SHIPPED, maxFrameDepth: 2 });
    expect(facts.links.map((l) => l.href)).toEqual(['https://x.lv/d1', 'https://x.lv/d2']);
    expect(facts.links.every((l) => l.region === 'footer')).toBe(true);
    expect(facts.links[1]!.selector).toBe('body > footer > iframe >>> body > iframe >>> body > a');
  });

  test('at most maxFrames frames are read', async () => {
    const { facts } = await read('/many', { ...SHIPPED, maxFrames: 3 });
    expect(facts.links.map((l) => l.href)).toEqual(['https://x.lv/f1', 'https://x.lv/f2', 'https://x.lv/f3']);
  });

  test('a frame that never loads costs at most the budget; the page and the other frames are still read', async () => {
    const { facts, ms } = await read('/stuck', { ...SHIPPED, framesBudgetMs: 800 }, 'domcontentloaded');
    expect(facts.links.map((l) => l.href)).toEqual(['https://x.lv/own', 'https://x.lv/f1']);
    expect(ms).toBeLessThan(800 + 1500);
  }, 20_000);
});

describe('shadow roots', () => {
  test('open shadow roots, nested ones too, give links (host named in the selector), headings and text; closed ones are left alone', async () => {
    const { facts } = await read('/shadow', SHIPPED);
    expect(facts.links.map((l) => [l.href, l.region, l.selector])).toEqual([
      [`${site}/pieklustamiba`, 'footer', 'body > x-footer >>> footer > a'],
      ['https://www.instagram.com/iestade/', 'footer', 'body > x-footer >>> footer > x-inner >>> a'],
    ]);
    expect(facts.links[1]!.ariaLabel).toBe('Instagram');
    expect(facts.headings).toContainEqual({ level: 2, text: 'Kontakti' });
    expect(facts.text).toContain('Gaismas dokuments');
    expect(facts.text).toContain('Tālr. 67 000 000');
    expect(facts.text).not.toContain('color:red');
    expect(facts.text).not.toContain('slēgts');
  });

  test('maxShadowRoots bounds the roots read; 0 reads the document alone', async () => {
    expect((await read('/shadow', { ...SHIPPED, maxShadowRoots: 1 })).facts.links.map((l) => l.href)).toEqual([`${site}/pieklustamiba`]);
    const none = (await read('/shadow', { ...SHIPPED, maxShadowRoots: 0 })).facts;
    expect(none.links).toEqual([]);
    expect(none.text).not.toContain('67 000 000');
  });
});
