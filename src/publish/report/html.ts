// Small HTML helpers and the page shell shared by the institution reports and the national overview.

export type Lang = 'lv' | 'en';

export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Tagged template: interpolations are escaped unless wrapped in raw(). Arrays are joined. */
export interface Raw {
  readonly __html: string;
}
export const raw = (html: string): Raw => ({ __html: html });

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return raw(out);
}

function render(v: unknown): string {
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  if (typeof v === 'object' && '__html' in (v as object)) return (v as Raw).__html;
  return esc(v);
}

/** Only web links from the audited sites (a hostile page cannot put a javascript: URL into a report). */
export function safeHref(url: string | null | undefined): string {
  return url && /^https?:\/\//i.test(url) ? url : '#';
}

export function pct(share: number | null, lang: Lang): string {
  if (share === null) return '–';
  const v = String(Math.round(share * 1000) / 10);
  return `${lang === 'lv' ? v.replace('.', ',') : v}%`;
}

export function num(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined) return '–';
  return lang === 'lv' ? String(n).replace('.', ',') : String(n);
}

/** A 0–1 score as a person reads it: on the 0–100 scale of the overall score, one decimal (the data keep 0–1). */
export function score100(score: number | null | undefined, lang: Lang): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return '–';
  return num(Math.round(score * 1000) / 10, lang);
}

export interface PageShell {
  lang: Lang;
  title: string;
  /** Relative path from the page to the report root ("" or "../"). */
  root: string;
  /** The same page in the other language (relative href). */
  otherLang: string;
  body: Raw;
  scripts?: string[];
}

export function page(p: PageShell): string {
  const other = p.lang === 'lv' ? { code: 'en', label: 'English' } : { code: 'lv', label: 'Latviski' };
  const skip = p.lang === 'lv' ? 'Pāriet uz saturu' : 'Skip to content';
  return (
    '<!doctype html>\n' +
    html`<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${p.root}assets/report.css">
</head>
<body>
<a class="skip" href="#main">${skip}</a>
<header class="top">
<p class="brand"><a href="${p.root}index${p.lang === 'en' ? '.en' : ''}.html">e-indekss</a></p>
<p class="lang"><a href="${p.otherLang}" hreflang="${other.code}" lang="${other.code}">${other.label}</a></p>
</header>
<main id="main">
${p.body}
</main>
${(p.scripts ?? []).map((s) => raw(`<script src="${esc(p.root + s)}"></script>\n`))}
</body>
</html>
`.__html
  );
}
