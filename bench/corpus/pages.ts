// One site's pages in the full corpus: its name and page list, the menu, the head, header and footer every page
// shares, and the main content of each role (home, statement, contacts, sitemap, participation, content).
import { TARGET_TYPES, type TargetType } from '../../src/types.ts';
import { CDN, type Planted, type SitePage, type SiteSpec } from './spec.ts';
import { hashSeed, int, pick, shuffle, type Rng } from './random.ts';
import { AGENCIES, CITIES, COMPANIES, CONTENT, esc, HEADINGS, INDEPENDENT, MINISTRIES, NEWS, paragraph, PLACES, PORTALS, SOCIAL, TAILS, textBytes, THEMES } from './latvian.ts';

export interface Ctx {
  rng: Rng;
  spec: SiteSpec;
  theme: string;
  email: string;
  phone: string;
  address: string;
  social: { href: string; name: string; color: string }[];
  menu: { href: string; text: string; sub: { href: string; text: string }[] }[];
  photos: string[];
  plantedOn: Map<string, Planted['rule'][]>;
}

export function siteName(i: number, type: TargetType, rng: Rng): string {
  const k = Math.floor(i / TARGET_TYPES.length); // the k-th site of this type
  switch (type) {
    case 'ministry':
      return MINISTRIES[k % MINISTRIES.length]!;
    case 'institution':
      return AGENCIES[k % AGENCIES.length]!;
    case 'state-company':
      return `VSIA „${COMPANIES[k % COMPANIES.length]!}”`;
    case 'independent':
      return INDEPENDENT[k % INDEPENDENT.length]!;
    case 'state-city':
      return `${CITIES[k % CITIES.length]!} valstspilsētas pašvaldība`;
    case 'county':
      return `${pick(rng, PLACES)} novada pašvaldība`;
  }
}

export function pageList(rng: Rng, i: number, pages: number): { list: SitePage[]; hasStatement: boolean } {
  const hasStatement = i % 7 !== 3; // 6 of 7 sites
  const hasParticipation = i % 3 !== 2;
  const hasSitemap = i % 5 !== 4;
  const list: Omit<SitePage, 'textBytes'>[] = [{ path: '/', title: 'Sākums', role: 'home' }];
  list.push({ path: '/kontakti/', title: 'Kontakti', role: 'contacts' });
  if (hasStatement) list.push({ path: '/pieklustamiba/', title: 'Piekļūstamības paziņojums', role: 'statement' });
  if (hasSitemap) list.push({ path: '/lapas-karte/', title: 'Lapas karte', role: 'sitemap' });
  if (hasParticipation) list.push({ path: '/sabiedribas-lidzdaliba/', title: 'Sabiedrības līdzdalība', role: 'participation' });
  for (const [slug, title] of shuffle(rng, CONTENT)) list.push({ path: `/${slug}/`, title, role: 'content' });
  for (let n = 1; list.length < pages; n++) {
    list.push({ path: `/jaunumi/zina-${n}/`, title: `${pick(rng, NEWS)} (${n})`, role: 'content' });
  }
  // Role pages first, so a small P keeps them; the statement survives any P ≥ 3.
  const kept = list.slice(0, pages).map((p) => ({ ...p, textBytes: 0 }));
  return { list: kept, hasStatement: hasStatement && kept.some((p) => p.role === 'statement') };
}

/** What both corpora draw first for site i, in this order (each then draws the rest its own way): its type and name,
 * its pages, a colour theme and its social network links. */
export function siteIdentity(rng: Rng, i: number, pages: number) {
  const id = `s${String(i + 1).padStart(2, '0')}`;
  const type = TARGET_TYPES[i % TARGET_TYPES.length]!;
  const name = siteName(i, type, rng);
  const { list, hasStatement } = pageList(rng, i, pages);
  const spec: SiteSpec = { id, name, type, pages: list, hasStatement, menuLinks: 0, socialLinks: 0, planted: [] };
  const theme = pick(rng, THEMES);
  const domain = `${id}.example.gov.lv`;
  const social = shuffle(rng, SOCIAL)
    .slice(0, int(rng, 3, 5))
    .map(([base, label, color]) => ({ href: `${base}${name.replace(/[^A-Za-zĀ-ž]/g, '').slice(0, 20)}`, name: label, color }));
  return { id, name, spec, list, hasStatement, theme, domain, social };
}

export function buildMenu(c: Omit<Ctx, 'menu'>): Ctx['menu'] {
  const rng = c.rng;
  const pages = c.spec.pages;
  const internal = pages.filter((p) => p.role !== 'home' && p.role !== 'statement' && p.role !== 'sitemap');
  const target = int(rng, 27, 33);
  // Top level: home and up to 6 sections; every other page goes under a section; then sections of pages (#anchors)
  // and state portals until the menu has ~30 links.
  const tops = internal.slice(0, Math.min(6, internal.length));
  const menu: Ctx['menu'] = [{ href: '/', text: 'Sākums', sub: [] }, ...tops.map((p) => ({ href: p.path, text: p.title, sub: [] as { href: string; text: string }[] }))];
  const rest = internal.slice(tops.length);
  rest.forEach((p, k) => (menu[1 + (k % Math.max(1, tops.length))] ?? menu[0]!).sub.push({ href: p.path, text: p.title }));
  const count = () => menu.reduce((n, m) => n + 1 + m.sub.length, 0);
  const portals = shuffle(rng, PORTALS);
  let a = 0;
  while (count() < target) {
    const host = menu[1 + (a % Math.max(1, menu.length - 1))] ?? menu[0]!;
    if (a % 3 === 2 && portals.length > 0) {
      const [href, text] = portals.pop()!;
      host.sub.push({ href, text });
    } else {
      host.sub.push({ href: `${host.href}#${['sadala', 'informacija', 'pieteikumi', 'dokumenti', 'kontaktpersonas'][a % 5]}-${a}`, text: `${pick(rng, HEADINGS)}` });
    }
    a++;
  }
  return menu;
}

export function head(c: Ctx, title: string, lang: boolean): string {
  return `<!doctype html>
<html${lang ? ' lang="lv"' : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} | ${esc(c.spec.name)}</title>
<meta name="description" content="${esc(c.spec.name)} – oficiālā tīmekļvietne.">
<link rel="icon" href="/img/logo.svg" type="image/svg+xml">
<link rel="stylesheet" href="{{origin:${CDN}}}/fonts/fonts.css">
<link rel="stylesheet" href="/css/style.css">
<script src="{{origin:${CDN}}}/lib/dom-lib.min.js"></script>
<script src="/js/main.js" defer></script>
<script async src="{{origin:${CDN}}}/gtm.js"></script>
</head>`;
}

export function header(c: Ctx, current: string): string {
  const li = (m: { href: string; text: string }) =>
    `<a href="${esc(m.href)}"${m.href === current ? ' aria-current="page"' : ''}>${esc(m.text)}</a>`;
  const items = c.menu
    .map((m) => `<li>${li(m)}${m.sub.length ? `\n<ul>\n${m.sub.map((s) => `<li>${li(s)}</li>`).join('\n')}\n</ul>` : ''}</li>`)
    .join('\n');
  return `<a class="skip" href="#saturs">Pāriet uz galveno saturu</a>
<header class="site">
<div class="wrap top">
<a class="brand" href="/"><img src="/img/logo.svg" alt="" width="48" height="48">${esc(c.spec.name)}</a>
<form class="search" role="search" action="/meklet/" method="get">
<label for="meklet">Meklēt vietnē</label>
<input id="meklet" name="q" type="search">
<button type="submit">Meklēt</button>
</form>
</div>
<nav class="main" aria-label="Galvenā izvēlne">
<div class="wrap">
<button type="button" class="menu-toggle" aria-expanded="false" aria-controls="izvelne">Izvēlne</button>
<ul id="izvelne">
${items}
</ul>
</div>
</nav>
</header>`;
}

export function footer(c: Ctx): string {
  const has = (role: SitePage['role']) => c.spec.pages.find((p) => p.role === role);
  const useful = [has('statement') && `<li><a href="/pieklustamiba/">Piekļūstamība</a></li>`, has('sitemap') && `<li><a href="/lapas-karte/">Lapas karte</a></li>`, `<li><a href="/kontakti/">Kontakti</a></li>`]
    .filter(Boolean)
    .join('\n');
  const social = c.social
    .map(
      (s) =>
        `<li><a href="${esc(s.href)}"><svg aria-hidden="true" focusable="false" width="24" height="24" viewBox="0 0 24 24"><rect width="24" height="24" rx="5" fill="${s.color}"/><circle cx="12" cy="12" r="5" fill="#fff"/></svg><span class="vh">${esc(s.name)}</span></a></li>`,
    )
    .join('\n');
  return `<footer class="site">
<div class="wrap cols">
<div>
<h2>Kontaktinformācija</h2>
<address>${esc(c.spec.name)}<br>${esc(c.address)}</address>
<ul>
<li><a href="tel:+371${c.phone.replace(/\s/g, '')}">Tālrunis: ${c.phone}</a></li>
<li><a href="mailto:${c.email}">${c.email}</a></li>
</ul>
</div>
<div>
<h2>Seko mums</h2>
<ul class="social">
${social}
</ul>
</div>
<div>
<h2>Noderīgi</h2>
<ul>
${useful}
</ul>
</div>
</div>
</footer>`;
}

/** Planted problems as HTML snippets for main content. */
export function plantedHtml(c: Ctx, rule: Planted['rule']): string {
  switch (rule) {
    case 'image-alt':
      return `<p><img src="${c.photos[1] ?? c.photos[0]}" width="320" height="180"></p>`;
    case 'color-contrast':
      return `<p style="color:#b5b5b5;background:#ffffff">Pieņemšanas laiki var mainīties, sekojiet līdzi paziņojumiem.</p>`;
    case 'label':
      return `<form action="/meklet/" method="get"><p>Abonēt jaunumus: <input type="email" name="epasts"> <button type="submit">Pieteikties</button></p></form>`;
    case 'link-name':
      return `<p><a href="/" class="icon-home"><span class="icon" aria-hidden="true"></span></a></p>`;
    case 'button-name':
      return `<p><button type="button" class="share"><span class="icon" aria-hidden="true"></span></button></p>`;
    case 'html-has-lang':
      return '';
  }
}

export function mainContent(c: Ctx, page: SitePage, budgetBytes: number): string {
  const rng = c.rng;
  const parts: string[] = [];
  let bytes = 0;
  const add = (html: string) => {
    parts.push(html);
    bytes += textBytes(`<body>${html}</body>`);
  };
  add(`<h1>${esc(page.role === 'home' ? c.spec.name : page.title)}</h1>`);
  add(`<p class="notice" id="pazinojums">Paziņojumi tiek ielādēti.</p>`);
  for (const rule of c.plantedOn.get(page.path) ?? []) add(plantedHtml(c, rule));
  if (page.role === 'home') {
    const tiles = c.menu.slice(1, 4);
    add(
      `<h2>Informācija jums</h2>\n<ul class="tiles">\n${tiles
        .map((t, k) => `<li><a href="${esc(t.href)}"><img src="${c.photos[k % c.photos.length]}" alt="" width="320" height="180">${esc(t.text)}</a></li>`)
        .join('\n')}\n</ul>`,
    );
    const news = c.spec.pages.filter((p) => p.role === 'content').slice(0, 4);
    add(`<h2>Jaunumi</h2>\n${news.map((n) => `<h3><a href="${n.path}">${esc(pick(rng, NEWS))}</a></h3>\n<p>${esc(paragraph(rng))}</p>`).join('\n')}`);
    add(`<p><a href="https://www.latvija.gov.lv/">E-pakalpojumi portālā Latvija.gov.lv</a></p>`);
  }
  if (page.role === 'statement') add(statement(c));
  if (page.role === 'contacts') add(contacts(c));
  if (page.role === 'sitemap') {
    add(`<ul>\n${c.spec.pages.map((p) => `<li><a href="${p.path}">${esc(p.title)}</a></li>`).join('\n')}\n</ul>`);
  }
  if (page.role === 'participation') {
    add(
      `<h2>Aktuālās apspriešanas</h2>\n<p>Aicinām izteikt viedokli par teritorijas plānojuma grozījumiem līdz 2026. gada 18. decembrim.</p>\n` +
        `<p><a href="https://tapportals.mk.gov.lv/public_participation/public_discussions/">Apspriešana TAP portālā</a></p>\n` +
        `<h2>Kā iesaistīties</h2>\n<p>${esc(paragraph(rng))}</p>`,
    );
  }
  let figure = 0;
  while (bytes < budgetBytes) {
    add(`<h2>${esc(pick(rng, HEADINGS))}</h2>`);
    const n = int(rng, 2, 4);
    for (let k = 0; k < n && bytes < budgetBytes; k++) add(`<p>${esc(paragraph(rng))}</p>`);
    if (rng() < 0.3 && figure < 3) {
      const src = c.photos[(figure + page.path.length) % c.photos.length]!;
      add(`<figure><img src="${src}" alt="${esc(pick(rng, NEWS))}" width="640" height="360" loading="lazy"><figcaption>${esc(pick(rng, TAILS))}</figcaption></figure>`);
      figure++;
    }
  }
  return parts.join('\n');
}

export function statement(c: Ctx): string {
  const variant = hashSeed(c.spec.id) % 3; // 0 complete, 1 partly compliant, 2 without the evaluation document
  const status =
    variant === 1
      ? `<p>Tīmekļvietne daļēji atbilst Ministru kabineta 2020. gada 14. jūlija noteikumu Nr. 445 prasībām un standarta LVS EN 301 549 prasībām.</p>`
      : `<p>Tīmekļvietne pilnībā atbilst Ministru kabineta 2020. gada 14. jūlija noteikumu Nr. 445 prasībām un standarta LVS EN 301 549 prasībām, kas atbilst WCAG 2.1 AA līmenim.</p>`;
  const gaps =
    variant === 1
      ? `<ul>\n<li>Daļai attēlu nav teksta alternatīvas.</li>\n<li>Atsevišķiem teksta elementiem nav pietiekama krāsu kontrasta.</li>\n</ul>`
      : `<p>Izvērtējumā neatbilstības netika konstatētas.</p>`;
  const doc =
    variant === 2
      ? ''
      : `<p>Izvērtējumu apliecinošs dokuments:</p>\n<ul>\n<li><a href="/docs/izvertejums.pdf">Tīmekļvietnes piekļūstamības izvērtējums (PDF)</a></li>\n</ul>`;
  return `<p>${esc(c.spec.name)} apņemas nodrošināt savas tīmekļvietnes {{origin}} piekļūstamību saskaņā ar Ministru kabineta 2020. gada 14. jūlija noteikumiem Nr. 445 „Kārtība, kādā iestādes ievieto informāciju internetā”.</p>
<p>Šis piekļūstamības paziņojums attiecas uz tīmekļvietni {{origin}}.</p>
<h2>Atbilstības statuss</h2>
${status}
<h2>Nepiekļūstams saturs</h2>
${gaps}
<h2>Alternatīvas</h2>
<p>Ja kāda tīmekļvietnes informācija Jums nav pieejama, sazinieties ar mums, un mēs to sniegsim citā veidā – pa tālruni, e-pastā vai klātienē – 10 darbdienu laikā.</p>
<h2>Paziņojuma sagatavošana un izvērtējums</h2>
<p>Paziņojums sagatavots 2026. gada 15. septembrī.</p>
<p>Tīmekļvietnes izvērtējums veikts 15.09.2026.</p>
<p>Izvērtējumu veica: ${esc(c.spec.name)} (pašnovērtējums).</p>
<p>Izvērtēšanas metode: vienkāršotā piekļūstamības izvērtēšanas metode saskaņā ar VARAM vadlīnijām, pārbaudot 11 aspektus.</p>
${doc}
<p>Paziņojums pēdējo reizi pārskatīts 2026. gada 15. septembrī.</p>
<h2>Atsauksmes un saziņas informācija</h2>
<p>Ja pamanījāt piekļūstamības trūkumus vai Jums ir ieteikumi, lūdzam sazināties ar mums:</p>
<ul>
<li><a href="mailto:${c.email}">E-pasts: ${c.email}</a></li>
<li><a href="tel:+371${c.phone.replace(/\s/g, '')}">Tālrunis: ${c.phone}</a></li>
</ul>
<p>Atbildi sniegsim 15 darbdienu laikā.</p>
<h2>Izpildes nodrošināšanas procedūra</h2>
<p>Ja neesat apmierināts ar saņemto atbildi, varat iesniegt sūdzību Valsts reģionālās attīstības aģentūrai, kas uzrauga tīmekļvietņu piekļūstamību, vai vērsties Tiesībsarga birojā.</p>`;
}

export function contacts(c: Ctx): string {
  return `<h2>Adrese</h2>
<p>${esc(c.address)}</p>
<ul>
<li><a href="tel:+371${c.phone.replace(/\s/g, '')}">Tālrunis: ${c.phone}</a></li>
<li><a href="mailto:${c.email}">E-pasts: ${c.email}</a></li>
</ul>
<h2>Darba laiks</h2>
<table>
<caption>Klientu pieņemšanas laiks</caption>
<tr><th scope="row">Pirmdiena–ceturtdiena</th><td>8.30–17.00</td></tr>
<tr><th scope="row">Piektdiena</th><td>8.30–15.30</td></tr>
</table>
<h2>Rakstiet mums</h2>
<form class="contact" action="/kontakti/" method="post">
<label for="vards">Vārds, uzvārds</label>
<input id="vards" name="vards" type="text" autocomplete="name">
<label for="epasts">E-pasts</label>
<input id="epasts" name="epasts" type="email" autocomplete="email">
<label for="zina">Ziņa</label>
<textarea id="zina" name="zina" rows="5"></textarea>
<p><button type="submit">Nosūtīt</button></p>
</form>`;
}
