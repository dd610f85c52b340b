// A deterministic corpus that looks like Latvian public-sector websites, for the benchmark (bench/run.ts).
// S sites × P pages; every same-site link of a site points at one of its P pages, so an audit with maxPages ≥ P
// visits exactly the P pages. Each site: a menu of ~30 links (its pages, sections of them, state portals), a footer
// with contacts and social links, 5–30 KB of Latvian text per page, photos (PNG), an SVG logo, its own CSS and script,
// a search form and a contact form, and third-party assets on a shared "CDN" origin (web fonts, a 90 KB script
// library, a tag manager that loads an analytics script that sends a pixel). Most sites have an accessibility
// statement; about half have a few planted WCAG problems (listed in the site's spec, so a run can check axe saw them).
//
// Pure: generateCorpus() returns the files in memory; the same options give byte-identical files. Site i depends only
// on the seed, i and P (not on S), so a small corpus is a prefix of a large one.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CDN, DEFAULT_SEED, type Corpus, type CorpusOptions, type Planted, type SiteSpec } from './corpus/spec.ts';
import { hashSeed, int, mulberry32, pick, shuffle } from './corpus/random.ts';
import { esc, NEWS, PLACES, sentence, textBytes } from './corpus/latvian.ts';
import { cdnFiles, evaluationPdf, logoSvg, png, siteCss, siteScript } from './corpus/assets.ts';
import { buildMenu, footer, head, header, mainContent, siteIdentity, type Ctx } from './corpus/pages.ts';

const KB = 1024;

function buildSite(i: number, options: Required<CorpusOptions>): { spec: SiteSpec; files: Map<string, string | Uint8Array> } {
  const rng = mulberry32(hashSeed(`${options.seed}:site:${i}`));
  const { id, name, spec, list, hasStatement, theme, domain, social } = siteIdentity(rng, i, options.pages);
  const photoCount = int(rng, 3, 5);
  const files = new Map<string, string | Uint8Array>();
  const photos: string[] = [];
  for (let k = 1; k <= photoCount; k++) {
    const path = `/img/foto-${k}.png`;
    files.set(path, png(rng, 320, 180, int(rng, 2, 5)));
    photos.push(path);
  }
  // Planted WCAG problems: about half of the sites, 1–3 problems, each on one page.
  const rules: Planted['rule'][] = ['image-alt', 'color-contrast', 'label', 'link-name', 'button-name', 'html-has-lang'];
  const plantedOn = new Map<string, Planted['rule'][]>();
  if (i % 2 === 0) {
    const n = int(rng, 1, 3);
    for (const rule of shuffle(rng, rules).slice(0, n)) {
      const page = pick(rng, list);
      spec.planted.push({ path: page.path, rule });
      plantedOn.set(page.path, [...(plantedOn.get(page.path) ?? []), rule]);
    }
  }
  const base: Omit<Ctx, 'menu'> = {
    rng,
    spec,
    theme,
    email: `pasts@${domain}`,
    phone: `6${int(rng, 3, 7)} ${int(rng, 100, 999)} ${int(rng, 100, 999)}`,
    address: `${pick(rng, ['Brīvības', 'Skolas', 'Rīgas', 'Pils', 'Dārza', 'Baznīcas'])} iela ${int(rng, 1, 60)}, ${pick(rng, PLACES).replace(/s$/, 'e')}, LV-${int(rng, 1001, 5799)}`,
    social,
    photos,
    plantedOn,
  };
  const c: Ctx = { ...base, menu: buildMenu(base) };
  spec.menuLinks = c.menu.reduce((n, m) => n + 1 + m.sub.length, 0);
  spec.socialLinks = social.length;

  for (const page of list) {
    const lang = !(plantedOn.get(page.path) ?? []).includes('html-has-lang');
    const shell = (main: string) =>
      `${head(c, page.title, lang)}\n<body>\n${header(c, page.path)}\n<main id="saturs" tabindex="-1">\n<div class="wrap">\n${main}\n</div>\n</main>\n${footer(c)}\n</body>\n</html>\n`;
    const chrome = textBytes(shell(''));
    const total = int(rng, 5 * KB + 512, 29 * KB);
    const html = shell(mainContent(c, page, Math.max(0, total - chrome)));
    page.textBytes = textBytes(html);
    files.set(page.path === '/' ? '/index.html' : `${page.path}index.html`, html);
  }
  files.set('/css/style.css', siteCss(rng, theme));
  files.set('/js/main.js', siteScript());
  files.set('/img/logo.svg', logoSvg(name, theme));
  files.set('/dati/pazinojums.json', JSON.stringify({ teksts: `${pick(rng, NEWS)}. ${sentence(rng)}` }) + '\n');
  files.set('/robots.txt', `User-agent: *\nAllow: /\n\nSitemap: {{origin}}/sitemap.xml\n`);
  files.set(
    '/sitemap.xml',
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${list.map((p) => `<url><loc>{{origin}}${p.path}</loc></url>`).join('\n')}\n</urlset>\n`,
  );
  files.set(
    '/404.html',
    `<!doctype html>\n<html lang="lv">\n<head><meta charset="utf-8"><title>Lapa nav atrasta | ${esc(name)}</title></head>\n<body><main><h1>Lapa nav atrasta</h1><p><a href="/">Uz sākumlapu</a></p></main></body>\n</html>\n`,
  );
  if (hasStatement && hashSeed(id) % 3 !== 2) files.set('/docs/izvertejums.pdf', evaluationPdf());
  return { spec, files };
}

export function generateCorpus(options: CorpusOptions): Corpus {
  const opts: Required<CorpusOptions> = { seed: DEFAULT_SEED, ...options };
  if (!Number.isInteger(opts.sites) || opts.sites < 1) throw new Error(`sites: a whole number ≥ 1, got ${opts.sites}`);
  if (!Number.isInteger(opts.pages) || opts.pages < 1) throw new Error(`pages: a whole number ≥ 1, got ${opts.pages}`);
  const files = new Map<string, Map<string, string | Uint8Array>>();
  const sites: SiteSpec[] = [];
  for (let i = 0; i < opts.sites; i++) {
    const site = buildSite(i, opts);
    sites.push(site.spec);
    files.set(site.spec.id, site.files);
  }
  files.set(CDN, cdnFiles(opts.seed));
  return { options: opts, sites, cdn: CDN, files };
}

export async function writeCorpus(corpus: Corpus, dir: string): Promise<void> {
  for (const [folder, entries] of corpus.files) {
    for (const [path, content] of entries) {
      const file = join(dir, folder, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    }
  }
}
