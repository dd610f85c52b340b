// The fixture server: one origin per site folder, `_site.json` behaviours, `{{origin}}` expansion, no escape from a site.
import { request } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSites, type ServedSites } from '../../dev/site-server.ts';

const ROOT = fileURLToPath(new URL('../fixtures/sites', import.meta.url));

let sites: ServedSites;
beforeAll(async () => {
  sites = await serveSites(ROOT);
});
afterAll(async () => {
  await sites?.close();
});

function get(site: string, path: string, init: RequestInit = {}): Promise<Response> {
  const origin = sites.origins[site];
  if (!origin) throw new Error(`no fixture site "${site}"`);
  return fetch(origin + path, { redirect: 'manual', ...init });
}

/** A request with the path sent exactly as written (fetch would resolve `..` segments before sending). */
function rawGet(site: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(sites.origins[site]!);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serveSites on test/fixtures/sites', () => {
  it('gives every site folder its own 127.0.0.1 origin', () => {
    const names = Object.keys(sites.origins);
    for (const name of ['clean', 'violations', 'not-mobile', 'redirect', 'home-404', 'redirect-loop', 'slow', 'robots-disallow', 'alert', 'server-error', 'not-html']) {
      expect(names).toContain(name);
    }
    const origins = Object.values(sites.origins);
    for (const origin of origins) expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new Set(origins).size).toBe(origins.length);
  });

  it('serves a static page as UTF-8 HTML, for "/" and for a folder path', async () => {
    const home = await get('clean', '/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await home.text();
    expect(html).toContain('<html lang="lv">');
    expect(html).toContain('Piekļūstamība');

    const statement = await get('clean', '/pieklustamiba/');
    expect(statement.status).toBe(200);
    expect(await statement.text()).toContain('<h1>Piekļūstamības paziņojums</h1>');
  });

  it('serves binary files untouched with their content type', async () => {
    const res = await get('clean', '/docs/izvertejums.pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  });

  it('answers a declared redirect with its status and location', async () => {
    const res = await get('redirect', '/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/lv/');
    const target = await get('redirect', '/lv/');
    expect(target.status).toBe(200);
    expect(await target.text()).toContain('Valsts arhīvu centrs');
  });

  it('answers 404 with the site\'s own HTML error page when it has no home page', async () => {
    const res = await get('home-404', '/');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('Lapa nav atrasta');
  });

  it('follows a redirect loop / -> /a -> /b -> /', async () => {
    const hops: string[] = [];
    let path = '/';
    for (let i = 0; i < 3; i++) {
      const res = await get('redirect-loop', path);
      expect(res.status).toBe(302);
      path = res.headers.get('location')!;
      hops.push(path);
    }
    expect(hops).toEqual(['/a', '/b', '/']);
  });

  it('answers 503 with a body and the declared headers', async () => {
    const res = await get('server-error', '/');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3600');
    expect(await res.text()).toContain('Serviss īslaicīgi nav pieejams');
  });

  it('answers a PDF for the not-html home page', async () => {
    const res = await get('not-html', '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect((await res.text()).startsWith('%PDF-1.4')).toBe(true);
  });

  it('expands {{origin}} to the site\'s own origin in text files', async () => {
    const origin = sites.origins.clean!;
    const robots = await (await get('clean', '/robots.txt')).text();
    expect(robots).toContain(`Sitemap: ${origin}/sitemap.xml`);
    const sitemap = await (await get('clean', '/sitemap.xml')).text();
    expect(sitemap).toContain(`<loc>${origin}/pieklustamiba/</loc>`);
    const statement = await (await get('clean', '/pieklustamiba/')).text();
    expect(statement).toContain(`tīmekļvietnes ${origin} piekļūstamību`);
    expect(statement).not.toContain('{{origin');
  });

  it('serves robots.txt as plain text', async () => {
    const res = await get('robots-disallow', '/robots.txt');
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('User-agent: *\nDisallow: /\n');
  });

  it('answers 404 for unknown paths, with the site\'s 404 page when it has one', async () => {
    const clean = await get('clean', '/nav-tadas-lapas/');
    expect(clean.status).toBe(404);
    expect(await clean.text()).toContain('Lapa nav atrasta');
    const bare = await get('redirect', '/nav-tadas-lapas/');
    expect(bare.status).toBe(404);
    expect(await bare.text()).toContain('<h1>404</h1>');
  });

  it('never serves files outside the site folder, nor _site.json', async () => {
    // fetch resolves dot segments itself, so /../package.json arrives as /package.json: not in the site, 404.
    expect((await get('clean', '/../package.json')).status).toBe(404);
    // An encoded slash survives the client and is decoded by the server into ../package.json.
    expect((await get('clean', '/..%2F..%2F..%2F..%2Fpackage.json')).status).toBe(404);
    // Sent verbatim, without the client's normalisation.
    for (const path of ['/../package.json', '/../../../../package.json', '/../clean/index.html', '/%2e%2e/%2e%2e/package.json']) {
      const res = await rawGet('clean', path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('"name"');
    }
    expect((await get('redirect', '/_site.json')).status).toBe(404);
  });

  it('never answers a route with "hang": true', async () => {
    const before = sites.requests.slow!.length;
    const started = Date.now();
    const error = await get('slow', '/', { signal: AbortSignal.timeout(500) }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    // The server saw the request; it just never answered.
    expect(sites.requests.slow!.slice(before).map((r) => r.path)).toEqual(['/']);
  });

  it('records each request with its path and user agent', async () => {
    await get('alert', '/kontakti/', { headers: { 'user-agent': 'eindex-test/1.0' } });
    expect(sites.requests.alert!.at(-1)).toEqual({ path: '/kontakti/', userAgent: 'eindex-test/1.0' });
  });
});

describe('serveSites options and cross-site origins', () => {
  let dir: string;
  let served: ServedSites;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'site-server-'));
    await mkdir(join(dir, 'a'));
    await mkdir(join(dir, 'b'));
    await mkdir(join(dir, 'c'));
    await writeFile(join(dir, 'a', 'index.html'), '<a href="{{origin:b}}/">B</a> <a href="{{origin}}/">A</a> <a href="{{origin:c}}/">C</a>');
    await writeFile(join(dir, 'b', 'index.html'), 'b');
    await writeFile(join(dir, 'b', '_site.json'), JSON.stringify({ routes: { '/away': { location: '{{origin:a}}/' } }, headers: { 'x-site': 'b' } }));
    served = await serveSites(dir, { only: ['a', 'b'] });
  });
  afterAll(async () => {
    await served?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves only the sites asked for', () => {
    expect(Object.keys(served.origins)).toEqual(['a', 'b']);
  });

  it('expands {{origin:NAME}} to another site\'s origin, and an unknown name to nothing', async () => {
    const html = await (await fetch(served.origins.a + '/')).text();
    expect(html).toBe(`<a href="${served.origins.b}/">B</a> <a href="${served.origins.a}/">A</a> <a href="/">C</a>`);
  });

  it('expands origins in a redirect location and adds site-wide headers', async () => {
    const res = await fetch(served.origins.b + '/away', { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${served.origins.a}/`);
    expect(res.headers.get('x-site')).toBe('b');
  });
});
