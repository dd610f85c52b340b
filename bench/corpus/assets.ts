// The full corpus's files other than pages: photos (PNG), web fonts, the script library, the site's script and CSS,
// the tag manager and analytics, the logo, the evaluation PDF.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { esc, OBJECTS } from './latvian.ts';
import { hashSeed, int, mulberry32, pick, type Rng } from './random.ts';

const KB = 1024;

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

export function siteScript(): string {
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

export function siteCss(rng: Rng, theme: string): string {
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

let pdf: Uint8Array | undefined;
export function evaluationPdf(): Uint8Array {
  pdf ??= new Uint8Array(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures', 'sites', 'clean', 'docs', 'izvertejums.pdf')));
  return pdf;
}

/** The third-party origin's files: web fonts, the script library, the tag manager, analytics and its pixel. */
export function cdnFiles(seed: number): Map<string, string | Uint8Array> {
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
