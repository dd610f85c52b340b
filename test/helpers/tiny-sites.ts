// Many tiny generated sites for the queue's fault tests and timing (test/e2e/faults.e2e.test.ts, scripts/queue-timing.ts):
// a folder per site that dev/site-server.ts serves on its own origin. A few kilobytes of Latvian HTML per page, so an
// audit takes about a second and the tests measure the queue, not the browser. Deterministic: site i is the same in
// every run. Every third site has an image without alt text and every fourth a low-contrast paragraph, so the
// indicator values differ between sites (an export mix-up would show).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SiteBehaviour } from '../../dev/site-server.ts';
import type { Target } from '../../src/types.ts';

export interface TinySitesOptions {
  /** Sites to write: folders `${prefix}01`, `${prefix}02`, ... */
  count: number;
  /** Pages per site, home page included (default 2). */
  pages?: number;
  prefix?: string;
  /** `_site.json` of every site (e.g. latency, a slow home page). */
  behaviour?: SiteBehaviour;
}

function page(site: number, index: number, pages: number): string {
  const links = Array.from({ length: pages }, (_, j) => `<li><a href="${j === 0 ? '/' : `/lapa-${j}/`}">${j === 0 ? 'Sākums' : `Sadaļa ${j}`}</a></li>`).join('');
  const image = site % 3 === 0 ? '<img src="/logo.svg" width="40" height="40">' : '<img src="/logo.svg" width="40" height="40" alt="Iestādes logotips">';
  const faint = site % 4 === 0 ? '<p style="color:#bbb;background:#fff">Gaišs teksts, ko grūti izlasīt.</p>' : '';
  return `<!doctype html>
<html lang="lv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Iestāde ${site} — ${index === 0 ? 'Sākums' : `Sadaļa ${index}`}</title></head>
<body>
<header>${image}<nav aria-label="Galvenā izvēlne"><ul>${links}</ul></nav></header>
<main><h1>${index === 0 ? `Iestāde Nr. ${site}` : `Sadaļa ${index}`}</h1>
<p>Valsts iestāde sniedz pakalpojumus iedzīvotājiem un uzņēmējiem. Sazinieties ar mums pa tālruni +371 67000${String(site).padStart(3, '0')} vai e-pastu info@iestade${site}.gov.lv.</p>
${faint}</main>
<footer><p>Adrese: Brīvības iela ${site}, Rīga, LV-1010</p></footer>
</body>
</html>
`;
}

const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#9e3039"/></svg>\n';

/** Writes the sites under `root` and returns their folder names (= target ids). */
export function writeTinySites(root: string, opts: TinySitesOptions): string[] {
  const pages = opts.pages ?? 2;
  const prefix = opts.prefix ?? 'site-';
  const names: string[] = [];
  for (let i = 1; i <= opts.count; i++) {
    const name = `${prefix}${String(i).padStart(2, '0')}`;
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.html'), page(i, 0, pages));
    for (let j = 1; j < pages; j++) {
      mkdirSync(join(dir, `lapa-${j}`), { recursive: true });
      writeFileSync(join(dir, `lapa-${j}`, 'index.html'), page(i, j, pages));
    }
    writeFileSync(join(dir, 'logo.svg'), LOGO);
    writeFileSync(join(dir, 'robots.txt'), 'User-agent: *\nAllow: /\n');
    if (opts.behaviour) writeFileSync(join(dir, '_site.json'), JSON.stringify(opts.behaviour));
    names.push(name);
  }
  return names;
}

/** Targets of served sites, as a targets file holds them. */
export function tinyTargets(origins: Record<string, string>, names: readonly string[]): Target[] {
  return names.map((name) => ({ id: name, name: `Iestāde ${name}`, type: 'institution', sector: 'VARAM', url: `${origins[name]}/` }));
}
