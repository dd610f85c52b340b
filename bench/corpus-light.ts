// The light corpus of the benchmark (`npm run bench -- --light`): the same S sites × P pages, names, page roles,
// statements, contacts and planted WCAG problems as bench/corpus.ts, but each page is a few KB (2–4 KB) of Latvian
// text with a short inline style sheet: no photos, no web fonts, no script library, no tag manager or analytics, no
// third-party origin. Every page still has what the indicators look for on a real site: a menu of the site's pages,
// a footer with the contacts (address, phone, e-mail), social links and the link "Piekļūstamības paziņojums" (on the
// sites that have a statement), plus robots.txt, sitemap.xml and a 404 page. So Lighthouse and every indicator run as
// they would, on pages that cost the browser little: the bench then measures the project's own overhead.
//
// Pure and deterministic like generateCorpus(); site i depends only on the seed, i and P.
import { DEFAULT_SEED, type Corpus, type CorpusOptions, type Planted, type SitePage, type SiteSpec } from './corpus/spec.ts';
import { hashSeed, int, mulberry32, pick, shuffle } from './corpus/random.ts';
import { esc, HEADINGS, NEWS, paragraph, PLACES, sentence, textBytes } from './corpus/latvian.ts';
import { evaluationPdf, logoSvg } from './corpus/assets.ts';
import { contacts, plantedHtml, siteIdentity, statement, type Ctx } from './corpus/pages.ts';

const KB = 1024;
/** No third-party origin in the light corpus: the folder is still named so a Corpus keeps its shape (it is empty). */
export const LIGHT_CDN = 'zz-cdn';

function css(theme: string): string {
  return `body{margin:0;font:16px/1.5 Arial,sans-serif;color:#1a1a1a}a{color:${theme}}a:focus{outline:3px solid #ffbf47}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px}
header,main,footer{max-width:960px;margin:0 auto;padding:12px 16px}header{border-bottom:4px solid ${theme}}
nav ul,footer ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}nav a,footer a{display:inline-block;min-height:44px;padding:10px 2px}
footer{background:#f2f2f2}label{display:block;margin-top:8px}input,textarea{min-height:44px;max-width:100%}`;
}

function page(c: Ctx, p: SitePage, lang: boolean, main: string): string {
  const nav = c.spec.pages
    .filter((x) => x.role !== 'statement')
    .map((x) => `<li><a href="${x.path}"${x.path === p.path ? ' aria-current="page"' : ''}>${esc(x.title)}</a></li>`)
    .join('\n');
  const has = (role: SitePage['role']) => c.spec.pages.some((x) => x.role === role);
  const useful = [
    has('statement') && `<li><a href="/pieklustamiba/">Piekļūstamības paziņojums</a></li>`,
    `<li><a href="/kontakti/">Kontakti</a></li>`,
    has('sitemap') && `<li><a href="/lapas-karte/">Lapas karte</a></li>`,
  ].filter(Boolean);
  const social = c.social.map((s) => `<li><a href="${esc(s.href)}">${esc(s.name)}</a></li>`).join('\n');
  return `<!doctype html>
<html${lang ? ' lang="lv"' : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)} | ${esc(c.spec.name)}</title>
<meta name="description" content="${esc(c.spec.name)} – oficiālā tīmekļvietne.">
<link rel="icon" href="/img/logo.svg" type="image/svg+xml">
<style>${css(c.theme)}</style>
</head>
<body>
<a class="skip" href="#saturs">Pāriet uz galveno saturu</a>
<header>
<a href="/"><img src="/img/logo.svg" alt="" width="48" height="48"> ${esc(c.spec.name)}</a>
<nav aria-label="Galvenā izvēlne">
<ul>
${nav}
</ul>
</nav>
</header>
<main id="saturs">
${main}
</main>
<footer>
<h2>Kontaktinformācija</h2>
<address>${esc(c.spec.name)}<br>${esc(c.address)}</address>
<ul>
<li><a href="tel:+371${c.phone.replace(/\s/g, '')}">Tālrunis: ${c.phone}</a></li>
<li><a href="mailto:${c.email}">${c.email}</a></li>
</ul>
<h2>Seko mums</h2>
<ul class="social">
${social}
</ul>
<ul>
${useful.join('\n')}
</ul>
</footer>
</body>
</html>
`;
}

function mainContent(c: Ctx, p: SitePage, budgetBytes: number): string {
  const rng = c.rng;
  const parts: string[] = [`<h1>${esc(p.role === 'home' ? c.spec.name : p.title)}</h1>`];
  let bytes = textBytes(`<body>${parts[0]}</body>`);
  const add = (html: string) => {
    parts.push(html);
    bytes += textBytes(`<body>${html}</body>`);
  };
  for (const rule of c.plantedOn.get(p.path) ?? []) add(plantedHtml(c, rule));
  if (p.role === 'home') {
    const news = c.spec.pages.filter((x) => x.role === 'content').slice(0, 3);
    add(`<h2>Jaunumi</h2>\n${news.map((n) => `<h3><a href="${n.path}">${esc(pick(rng, NEWS))}</a></h3>`).join('\n')}`);
    add(`<p><a href="https://www.latvija.gov.lv/">E-pakalpojumi portālā Latvija.gov.lv</a></p>`);
  }
  if (p.role === 'statement') add(statement(c));
  if (p.role === 'contacts') add(contacts(c));
  if (p.role === 'sitemap') add(`<ul>\n${c.spec.pages.map((x) => `<li><a href="${x.path}">${esc(x.title)}</a></li>`).join('\n')}\n</ul>`);
  if (p.role === 'participation') {
    add(`<h2>Aktuālās apspriešanas</h2>\n<p><a href="https://tapportals.mk.gov.lv/public_participation/public_discussions/">Apspriešana TAP portālā</a></p>`);
  }
  while (bytes < budgetBytes) {
    add(`<h2>${esc(pick(rng, HEADINGS))}</h2>`);
    add(`<p>${esc(paragraph(rng))}</p>`);
  }
  return parts.join('\n');
}

function buildLightSite(i: number, options: Required<CorpusOptions>): { spec: SiteSpec; files: Map<string, string | Uint8Array> } {
  const rng = mulberry32(hashSeed(`${options.seed}:light:${i}`));
  const { id, name, spec, list, hasStatement, theme, domain, social } = siteIdentity(rng, i, options.pages);
  // Planted WCAG problems as in the full corpus (about half of the sites); the image without alt text is the logo.
  const rules: Planted['rule'][] = ['image-alt', 'color-contrast', 'label', 'link-name', 'button-name', 'html-has-lang'];
  const plantedOn = new Map<string, Planted['rule'][]>();
  if (i % 2 === 0) {
    for (const rule of shuffle(rng, rules).slice(0, int(rng, 1, 3))) {
      const p = pick(rng, list);
      spec.planted.push({ path: p.path, rule });
      plantedOn.set(p.path, [...(plantedOn.get(p.path) ?? []), rule]);
    }
  }
  const c: Ctx = {
    rng,
    spec,
    theme,
    email: `pasts@${domain}`,
    phone: `6${int(rng, 3, 7)} ${int(rng, 100, 999)} ${int(rng, 100, 999)}`,
    address: `${pick(rng, ['Brīvības', 'Skolas', 'Rīgas', 'Pils', 'Dārza'])} iela ${int(rng, 1, 60)}, ${pick(rng, PLACES).replace(/s$/, 'e')}, LV-${int(rng, 1001, 5799)}`,
    social,
    menu: list.map((p) => ({ href: p.path, text: p.title, sub: [] })),
    photos: ['/img/logo.svg'],
    plantedOn,
  };
  spec.menuLinks = list.length;
  spec.socialLinks = social.length;

  const files = new Map<string, string | Uint8Array>();
  for (const p of list) {
    const lang = !(plantedOn.get(p.path) ?? []).includes('html-has-lang');
    const chrome = textBytes(page(c, p, lang, ''));
    const total = int(rng, 2 * KB, 4 * KB);
    const html = page(c, p, lang, mainContent(c, p, Math.max(0, total - chrome)));
    p.textBytes = textBytes(html);
    files.set(p.path === '/' ? '/index.html' : `${p.path}index.html`, html);
  }
  files.set('/img/logo.svg', logoSvg(name, theme));
  files.set('/robots.txt', `User-agent: *\nAllow: /\n\nSitemap: {{origin}}/sitemap.xml\n`);
  files.set(
    '/sitemap.xml',
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${list.map((p) => `<url><loc>{{origin}}${p.path}</loc></url>`).join('\n')}\n</urlset>\n`,
  );
  files.set('/404.html', `<!doctype html>\n<html lang="lv">\n<head><meta charset="utf-8"><title>Lapa nav atrasta | ${esc(name)}</title></head>\n<body><main><h1>Lapa nav atrasta</h1><p>${esc(sentence(rng))}</p><p><a href="/">Uz sākumlapu</a></p></main></body>\n</html>\n`);
  if (hasStatement && hashSeed(id) % 3 !== 2) files.set('/docs/izvertejums.pdf', evaluationPdf());
  return { spec, files };
}

export function generateLightCorpus(options: CorpusOptions): Corpus {
  const opts: Required<CorpusOptions> = { seed: DEFAULT_SEED, ...options };
  if (!Number.isInteger(opts.sites) || opts.sites < 1) throw new Error(`sites: a whole number ≥ 1, got ${opts.sites}`);
  if (!Number.isInteger(opts.pages) || opts.pages < 1) throw new Error(`pages: a whole number ≥ 1, got ${opts.pages}`);
  const files = new Map<string, Map<string, string | Uint8Array>>();
  const sites: SiteSpec[] = [];
  for (let i = 0; i < opts.sites; i++) {
    const site = buildLightSite(i, opts);
    sites.push(site.spec);
    files.set(site.spec.id, site.files);
  }
  return { options: opts, sites, cdn: LIGHT_CDN, files };
}
