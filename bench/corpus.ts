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
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { TARGET_TYPES, type TargetType } from '../src/types.ts';

export interface CorpusOptions {
  sites: number;
  pages: number;
  seed?: number;
}

/** A WCAG problem planted on purpose, by the axe rule that must report it. */
export interface Planted {
  path: string;
  rule: 'image-alt' | 'color-contrast' | 'label' | 'link-name' | 'button-name' | 'html-has-lang';
}

export interface SitePage {
  path: string;
  title: string;
  role: 'home' | 'statement' | 'contacts' | 'sitemap' | 'participation' | 'content';
  /** Bytes (UTF-8) of the page's visible text, as visibleText() reads it. */
  textBytes: number;
}

export interface SiteSpec {
  /** Target id and folder name, e.g. "s01". */
  id: string;
  name: string;
  type: TargetType;
  pages: SitePage[];
  hasStatement: boolean;
  menuLinks: number;
  socialLinks: number;
  planted: Planted[];
}

export interface Corpus {
  options: Required<CorpusOptions>;
  sites: SiteSpec[];
  /** Folder name of the third-party origin (fonts, script library, analytics). */
  cdn: string;
  /** Folder -> path inside the folder -> content. Text files may hold {{origin}} / {{origin:NAME}} (dev/site-server.ts). */
  files: Map<string, Map<string, string | Uint8Array>>;
}

export const CDN = 'zz-cdn';
export const DEFAULT_SEED = 20261123;
const KB = 1024;

// ------------------------------------------------------------------------------------------------------------------
// Randomness: mulberry32, seeded per site from the corpus seed.

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
export const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
export function shuffle<T>(rng: Rng, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// ------------------------------------------------------------------------------------------------------------------
// Latvian material.

export const PLACES = [
  'Ozolkalnes', 'Priedaines', 'Lejasciema', 'Kalnmuižas', 'Ezermalas', 'Silavas', 'Bērzupes', 'Rudzāju', 'Vecpils',
  'Jaunlejas', 'Liepkalnes', 'Dzērvenes', 'Zaļumu', 'Avotkalna', 'Mežvidu', 'Straumēnu', 'Akmeņkalna', 'Līčupes',
  'Rožkalnu', 'Gaujmalas', 'Vītolu', 'Kārklu', 'Dravnieku', 'Smilšaines',
];
const MINISTRIES = [
  'Reģionālās attīstības ministrija', 'Digitālās attīstības ministrija', 'Lauku lietu ministrija', 'Sabiedrības ministrija',
  'Ūdeņu un mežu ministrija', 'Zināšanu ministrija',
];
const AGENCIES = [
  'Valsts zemes dienests', 'Iedzīvotāju reģistra pārvalde', 'Valsts vides birojs', 'Patērētāju aizsardzības birojs',
  'Valsts arhīvu dienests', 'Nacionālā veselības aģentūra', 'Būvniecības kontroles birojs', 'Valsts izglītības aģentūra',
];
const COMPANIES = ['Latvijas Ceļu uzturētājs', 'Valsts nekustamie īpašumi', 'Latvijas Meži', 'Valsts ūdensceļi', 'Latvijas Pasts'];
const INDEPENDENT = ['Datu uzraudzības birojs', 'Sabiedrisko pakalpojumu regulators', 'Konkurences birojs', 'Valsts kontroles birojs'];
const CITIES = ['Jūrmalas', 'Ventspils', 'Valmieras', 'Jēkabpils', 'Rēzeknes', 'Ogres', 'Jelgavas', 'Daugavpils'];

const SUBJECTS = [
  'Pašvaldība', 'Iestāde', 'Dome', 'Sociālais dienests', 'Būvvalde', 'Dzimtsarakstu nodaļa', 'Izglītības pārvalde',
  'Klientu apkalpošanas centrs', 'Attīstības nodaļa', 'Komunālā pārvalde', 'Kultūras centrs', 'Bāriņtiesa',
  'Nekustamā īpašuma nodaļa', 'Sporta pārvalde', 'Tūrisma informācijas centrs', 'Vides dienests',
];
const VERBS = [
  'informē iedzīvotājus par', 'aicina pieteikties uz', 'ir sagatavojusi jaunus noteikumus par', 'nodrošina konsultācijas par',
  'pagarina pieteikšanās termiņu', 'publicē pārskatu par', 'atgādina par', 'turpina darbu pie', 'ir pabeigusi',
  'uzsāk pieņemt iesniegumus par', 'sniedz atbalstu saistībā ar', 'apkopo priekšlikumus par', 'izsludina konkursu par',
];
const OBJECTS = [
  'nekustamā īpašuma nodokļa maksājumiem', 'pirmsskolas izglītības iestāžu rindu', 'sabiedriskā transporta kustības sarakstu',
  'atkritumu apsaimniekošanas kārtību', 'energoefektivitātes programmu daudzdzīvokļu mājām', 'ielu apgaismojuma atjaunošanu',
  'e-pakalpojumu lietošanu portālā Latvija.gov.lv', 'bērnu vasaras nometņu finansējumu', 'ceļu remontdarbiem novadā',
  'kultūras pasākumu plānu nākamajam gadam', 'sociālās palīdzības pabalstu apmēru', 'zemes ierīcības projektiem',
  'skolēnu pārvadājumu maršrutiem', 'mājokļa pabalsta piešķiršanu', 'būvatļauju izsniegšanas kārtību',
  'ūdenssaimniecības pakalpojumu tarifiem', 'jauniešu nodarbinātības programmu', 'bibliotēku darba laiku svētku dienās',
  'pašvaldības budžeta izpildi', 'sporta būvju noslogojumu', 'vides pieejamības uzlabojumiem publiskajās ēkās',
];
const TAILS = [
  'Sīkāka informācija pieejama klientu apkalpošanas centrā.', 'Pieteikumus var iesniegt arī elektroniski, parakstot tos ar drošu elektronisko parakstu.',
  'Iesniegumi tiek pieņemti līdz mēneša pēdējai darba dienai.', 'Konsultācijas notiek pirmdienās un ceturtdienās no 9.00 līdz 12.00.',
  'Dokumentu paraugi ir pieejami sadaļā Dokumenti.', 'Jautājumus var uzdot arī pa tālruni vai e-pastā.',
  'Lēmums tiks pieņemts viena mēneša laikā no iesnieguma saņemšanas dienas.', 'Pakalpojums iedzīvotājiem ir bez maksas.',
  'Plašāka informācija tiks publicēta tuvākajā laikā.', 'Paldies visiem, kuri piedalījās un dalījās ar savu viedokli!',
  'Darbi tiks veikti saskaņā ar apstiprināto tehnisko projektu.', 'Aicinām sekot līdzi jaunumiem mūsu tīmekļvietnē.',
];
export const HEADINGS = [
  'Vispārīga informācija', 'Kā pieteikties', 'Nepieciešamie dokumenti', 'Termiņi', 'Maksa par pakalpojumu', 'Normatīvie akti',
  'Biežāk uzdotie jautājumi', 'Saistītie pakalpojumi', 'Atbildīgās personas', 'Aktualitātes', 'Pārskats par paveikto',
  'Plānotie darbi', 'Finansējums', 'Iesniegumu izskatīšana',
];
export const NEWS = [
  'Sākusies pieteikšanās vasaras nometnēm', 'Ziemas dienesti gatavi darbam', 'Apstiprināts nākamā gada budžets',
  'Atjaunots gājēju tilts pār upi', 'Mainās klientu centra darba laiks', 'Uzsākta ielu apgaismojuma nomaiņa',
  'Noslēdzies skolu remonts', 'Jauns e-pakalpojums iedzīvotājiem', 'Notiks informatīvais seminārs uzņēmējiem',
  'Izsludināts konkurss nevalstiskajām organizācijām', 'Pieejams atbalsts mājokļu siltināšanai', 'Sporta centrā jauns laukums',
];
/** Content pages: slug and title. No title matches a role keyword (config/crawl.json roleKeywords). */
const CONTENT = [
  ['par-mums', 'Par mums'], ['pakalpojumi', 'Pakalpojumi'], ['jaunumi', 'Jaunumi'], ['dokumenti', 'Dokumenti'],
  ['struktura', 'Struktūra'], ['vakances', 'Vakances'], ['iepirkumi', 'Iepirkumi'], ['projekti', 'Projekti'],
  ['izglitiba', 'Izglītība'], ['socialais-atbalsts', 'Sociālais atbalsts'], ['buvnieciba', 'Būvniecība'],
  ['nodokli', 'Nodokļi'], ['kultura', 'Kultūra'], ['sports', 'Sports'], ['transports', 'Transports'], ['vide', 'Vide'],
  ['tiesibu-akti', 'Tiesību akti'], ['budzets', 'Budžets'], ['atvertie-dati', 'Atvērtie dati'],
  ['privatuma-politika', 'Privātuma politika'], ['biezak-uzdotie-jautajumi', 'Biežāk uzdotie jautājumi'],
] as const;
const PORTALS = [
  ['https://www.latvija.gov.lv/', 'Latvija.gov.lv'], ['https://likumi.lv/', 'Likumi.lv'], ['https://www.vestnesis.lv/', 'Latvijas Vēstnesis'],
  ['https://eds.vid.gov.lv/', 'VID Elektroniskās deklarēšanas sistēma'], ['https://www.kadastrs.lv/', 'Kadastrs.lv'],
  ['https://data.gov.lv/', 'Latvijas Atvērto datu portāls'], ['https://www.epakalpojumi.lv/', 'E-pakalpojumu katalogs'],
  ['https://www.zemesgramata.lv/', 'Zemesgrāmata'], ['https://www.meteo.lv/', 'Laikapstākļi'],
] as const;
export const SOCIAL = [
  ['https://www.facebook.com/', 'Facebook', '#1877f2'], ['https://x.com/', 'X', '#000000'], ['https://www.youtube.com/@', 'YouTube', '#ff0000'],
  ['https://www.instagram.com/', 'Instagram', '#c13584'], ['https://www.draugiem.lv/', 'Draugiem.lv', '#e04a1f'],
] as const;
export const THEMES = ['#1d4e89', '#7a1f2b', '#24553a', '#4a3b7a', '#0f5b63', '#6b3e10', '#2f3e4e', '#8a1b4f'];

export function sentence(rng: Rng): string {
  const s = `${pick(rng, SUBJECTS)} ${pick(rng, VERBS)} ${pick(rng, OBJECTS)}.`;
  return rng() < 0.6 ? `${s} ${pick(rng, TAILS)}` : s;
}

export function paragraph(rng: Rng): string {
  const n = int(rng, 3, 6);
  return Array.from({ length: n }, () => sentence(rng)).join(' ');
}

// ------------------------------------------------------------------------------------------------------------------
// Text measure: the visible text of an HTML page (scripts, styles and tags removed, entities decoded, whitespace
// collapsed), in UTF-8 bytes. Close to document.body.innerText; used for the "5–30 KB of text" promise.

export function visibleText(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return body
    .replace(/<(script|style|svg)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

export const textBytes = (html: string) => Buffer.byteLength(visibleText(html), 'utf8');

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// ------------------------------------------------------------------------------------------------------------------
// Binary assets.

/** An RGB PNG: a gradient with noise, so it compresses like a photo (tens of KB). */
export function png(rng: Rng, width: number, height: number, noise: number): Uint8Array {
  const [r0, g0, b0] = [int(rng, 40, 200), int(rng, 40, 200), int(rng, 40, 200)];
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let o = 0;
  for (let y = 0; y < height; y++) {
    raw[o++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const base = (x + y) / (width + height);
      raw[o++] = Math.max(0, Math.min(255, r0 + base * 60 + (rng() - 0.5) * noise));
      raw[o++] = Math.max(0, Math.min(255, g0 - base * 40 + (rng() - 0.5) * noise));
      raw[o++] = Math.max(0, Math.min(255, b0 + (rng() - 0.5) * noise));
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw, { level: 6 })),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/** Bytes of the size of a web font (the browser rejects them as a font and falls back; the transfer is what counts). */
function fontBytes(rng: Rng, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set([0x77, 0x4f, 0x46, 0x32]); // "wOF2"
  for (let i = 4; i < size; i++) out[i] = Math.floor(rng() * 256);
  return out;
}

/** A minified-looking script library of about `size` bytes: valid JavaScript that defines functions and tables. */
function libraryScript(rng: Rng, size: number): string {
  const parts = ['/*! dom-lib v3.7.1 | (c) bench corpus | generated */', '(function(w,d){"use strict";var T={};'];
  let n = 0;
  let length = parts.join('').length;
  while (length < size - 200) {
    const words = Array.from({ length: 6 }, () => pick(rng, OBJECTS).split(' ')[0]);
    const part = `T.f${n}=function(a,b){var c=${JSON.stringify(words)};if(!a)return c.length;for(var i=0;i<c.length;i++){if(c[i]===a)return i+(b|0)}return -1};`;
    parts.push(part);
    length += part.length;
    n++;
  }
  parts.push('w.domLib=T;w.domLib.ready=function(f){d.readyState!=="loading"?f():d.addEventListener("DOMContentLoaded",f)}})(window,document);');
  return parts.join('\n');
}

function siteScript(): string {
  return `// Site script: menu toggle, cookie notice, the current notice loaded after load.
(function () {
  document.addEventListener('DOMContentLoaded', function () {
    var toggle = document.querySelector('.menu-toggle');
    var menu = document.getElementById('izvelne');
    if (toggle && menu) toggle.addEventListener('click', function () {
      var open = menu.classList.toggle('open');
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
    var c = document.createElement('div');
    c.className = 'cookie';
    c.setAttribute('role', 'region');
    c.setAttribute('aria-label', 'Sīkdatņu paziņojums');
    c.innerHTML = '<p>Tīmekļvietnē tiek izmantotas sīkdatnes, lai nodrošinātu tās darbību un apkopotu apmeklējuma statistiku.</p>' +
      '<button type="button" class="ok">Piekrītu</button> <button type="button" class="no">Tikai nepieciešamās</button>';
    document.body.appendChild(c);
    c.querySelectorAll('button').forEach(function (b) { b.addEventListener('click', function () { c.remove(); }); });
  });
  window.addEventListener('load', function () {
    fetch('/dati/pazinojums.json').then(function (r) { return r.json(); }).then(function (j) {
      var p = document.getElementById('pazinojums');
      if (p && j.teksts) p.textContent = j.teksts;
    }).catch(function () {});
  });
})();
`;
}

const TAG_MANAGER = `// Tag manager: loads the analytics script after the page's own scripts.
(function () {
  var s = document.createElement('script');
  s.async = true;
  s.src = '{{origin}}/analytics.js';
  document.head.appendChild(s);
})();
`;
const ANALYTICS = `// Analytics: one page-view pixel.
(function () {
  var i = new Image(1, 1);
  i.src = '{{origin}}/collect.gif?v=1&dl=' + encodeURIComponent(location.href) + '&dt=' + encodeURIComponent(document.title);
})();
`;
// A 1×1 transparent GIF.
const PIXEL = new Uint8Array(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));

function fontCss(): string {
  return `@font-face{font-family:"Roboto";font-style:normal;font-weight:400;font-display:swap;src:url({{origin}}/fonts/roboto-regular.woff2) format("woff2")}
@font-face{font-family:"Roboto";font-style:normal;font-weight:700;font-display:swap;src:url({{origin}}/fonts/roboto-bold.woff2) format("woff2")}
`;
}

function siteCss(rng: Rng, theme: string): string {
  const rules = [
    `*{box-sizing:border-box}body{margin:0;font:16px/1.5 "Roboto",Arial,sans-serif;color:#1a1a1a;background:#fff}`,
    `a{color:${theme}}a:focus,button:focus,input:focus,textarea:focus{outline:3px solid #ffbf47;outline-offset:2px}`,
    `.wrap{max-width:1140px;margin:0 auto;padding:0 16px}.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:10}`,
    `.vh{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`,
    `header.site{background:${theme};color:#fff}header.site a{color:#fff}.brand{display:flex;align-items:center;gap:12px;font-size:20px;font-weight:700;text-decoration:none;padding:12px 0}`,
    `.search{display:flex;gap:8px;align-items:center}.search input{padding:8px;min-height:44px}.search button{min-height:44px;padding:0 16px}`,
    `nav.main ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}nav.main li{position:relative}nav.main a{display:inline-block;padding:10px 4px;min-height:44px}`,
    `nav.main ul ul{display:block;position:static;padding-left:12px}.menu-toggle{display:none}`,
    `main{padding:24px 0}h1{font-size:32px;line-height:1.2}h2{font-size:24px}h3{font-size:19px}p{max-width:75ch}`,
    `.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:16px;list-style:none;padding:0}.tiles img{width:100%;height:auto}`,
    `figure{margin:16px 0}figure img{max-width:100%;height:auto}figcaption{font-size:14px;color:#444}`,
    `footer.site{background:#f2f2f2;padding:24px 0;margin-top:32px}.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:24px}`,
    `.social{display:flex;gap:12px;list-style:none;padding:0}.social a{display:inline-flex;min-width:44px;min-height:44px;align-items:center;justify-content:center}`,
    `.cookie{position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;padding:12px 16px;z-index:20}.cookie button{min-height:44px;margin-right:8px}`,
    `form.contact label{display:block;margin-top:12px}form.contact input,form.contact textarea{width:100%;max-width:480px;padding:8px;min-height:44px}`,
    `table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:6px 10px;text-align:left}.notice{background:#fff6d6;padding:12px;border-left:4px solid #c90}`,
    `@media (max-width:720px){nav.main ul{display:block}.menu-toggle{display:inline-block;min-height:44px}.cols{grid-template-columns:1fr}h1{font-size:26px}}`,
  ];
  // Component styles of a typical CMS theme: many rules the pages do not use.
  const blocks = ['card', 'btn', 'alert', 'badge', 'breadcrumb', 'pager', 'accordion', 'tabs', 'modal', 'table', 'list', 'grid', 'event', 'doc'];
  for (let i = 0; i < 90; i++) {
    const b = pick(rng, blocks);
    rules.push(
      `.${b}-${i}{margin:${int(rng, 0, 24)}px 0;padding:${int(rng, 4, 20)}px;border:1px solid #${int(rng, 0x999999, 0xdddddd).toString(16)};border-radius:${int(rng, 0, 8)}px}` +
        `.${b}-${i}__title{font-weight:700;font-size:${int(rng, 16, 22)}px;color:${theme}}.${b}-${i}--active{background:#${int(rng, 0xeeeeee, 0xfafafa).toString(16)}}`,
    );
  }
  return rules.join('\n') + '\n';
}

export function logoSvg(name: string, theme: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48"><title>${esc(name)}</title><rect width="48" height="48" rx="8" fill="#fff"/><path d="M8 38 24 8l16 30z" fill="${theme}"/><circle cx="24" cy="28" r="6" fill="#fff"/></svg>\n`;
}

// ------------------------------------------------------------------------------------------------------------------
// One site.

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

function buildMenu(c: Omit<Ctx, 'menu'>): Ctx['menu'] {
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

function head(c: Ctx, title: string, lang: boolean): string {
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

function header(c: Ctx, current: string): string {
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

function footer(c: Ctx): string {
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

function mainContent(c: Ctx, page: SitePage, budgetBytes: number): string {
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

function buildSite(i: number, options: Required<CorpusOptions>): { spec: SiteSpec; files: Map<string, string | Uint8Array> } {
  const rng = mulberry32(hashSeed(`${options.seed}:site:${i}`));
  const id = `s${String(i + 1).padStart(2, '0')}`;
  const type = TARGET_TYPES[i % TARGET_TYPES.length]!;
  const name = siteName(i, type, rng);
  const { list, hasStatement } = pageList(rng, i, options.pages);
  const spec: SiteSpec = { id, name, type, pages: list, hasStatement, menuLinks: 0, socialLinks: 0, planted: [] };
  const theme = pick(rng, THEMES);
  const domain = `${id}.example.gov.lv`;
  const social = shuffle(rng, SOCIAL)
    .slice(0, int(rng, 3, 5))
    .map(([base, label, color]) => ({ href: `${base}${name.replace(/[^A-Za-zĀ-ž]/g, '').slice(0, 20)}`, name: label, color }));
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

let pdf: Uint8Array | undefined;
export function evaluationPdf(): Uint8Array {
  pdf ??= new Uint8Array(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'sites', 'clean', 'docs', 'izvertejums.pdf')));
  return pdf;
}

function buildCdn(seed: number): Map<string, string | Uint8Array> {
  const rng = mulberry32(hashSeed(`${seed}:cdn`));
  return new Map<string, string | Uint8Array>([
    ['/fonts/fonts.css', fontCss()],
    ['/fonts/roboto-regular.woff2', fontBytes(rng, 48 * KB)],
    ['/fonts/roboto-bold.woff2', fontBytes(rng, 50 * KB)],
    ['/lib/dom-lib.min.js', libraryScript(rng, 90 * KB)],
    ['/gtm.js', TAG_MANAGER],
    ['/analytics.js', ANALYTICS],
    ['/collect.gif', PIXEL],
  ]);
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
  files.set(CDN, buildCdn(opts.seed));
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
