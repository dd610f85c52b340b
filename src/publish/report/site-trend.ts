// A site's overall score across the last runs: a small SVG bar chart (no script: the institution report loads none)
// with the same numbers in a table beside it.
import { LEVEL_NAMES, type Level } from '../../score/score.ts';
import { html, num, raw, type Lang, type Raw } from './html.ts';
import { T } from './i18n.ts';

export interface SiteTrendPoint {
  runId: string;
  createdAt: string;
  /** Overall automatic score 0–100; null when the site could not be audited or scored in that run. */
  score: number | null;
  level: Level | null;
}

const W = 320;
const H = 120;
const PAD = 18;

/** Bars of the scores, oldest left; a run without a score leaves its slot empty. */
export function trendSvg(points: readonly SiteTrendPoint[], label: string): Raw {
  const slot = (W - PAD) / Math.max(points.length, 1);
  const bar = Math.min(28, slot * 0.7);
  const y = (s: number) => H - PAD - ((H - 2 * PAD) * s) / 100;
  const bars = points.map((p, i) => {
    if (p.score === null) return '';
    const x = PAD + i * slot + (slot - bar) / 2;
    return `<rect x="${x.toFixed(1)}" y="${y(p.score).toFixed(1)}" width="${bar.toFixed(1)}" height="${(H - PAD - y(p.score)).toFixed(1)}" fill="#0b4f8a"></rect>`;
  });
  const grid = [0, 50, 100].map((v) => `<line x1="${PAD}" x2="${W}" y1="${y(v)}" y2="${y(v)}" stroke="#c9c9c9"></line><text x="0" y="${y(v) + 4}" font-size="10" fill="#4a4a4a">${v}</text>`);
  return html`<svg class="trend-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${label}">${raw(grid.join('') + bars.join(''))}</svg>`;
}

export function renderSiteTrend(points: readonly SiteTrendPoint[], lang: Lang): Raw {
  if (points.length === 0) return raw('');
  const title = T.siteTrend[lang];
  return html`<section aria-labelledby="h-site-trend">
<h2 id="h-site-trend">${title}</h2>
${points.length > 1 ? html`<figure class="site-trend">${trendSvg(points, `${title}. ${T.chartTableNote[lang]}`)}<figcaption>${T.chartTableNote[lang]}</figcaption></figure>` : ''}
<div class="table-wrap" role="region" aria-label="${title}" tabindex="0"><table class="site-trend">
<caption>${title}</caption>
<thead><tr><th scope="col">${T.date[lang]}</th><th scope="col">${T.runCap[lang]}</th><th scope="col">${T.overall[lang]}</th><th scope="col">${T.level[lang]}</th></tr></thead>
<tbody>${points.map((p) => html`<tr data-run="${p.runId}"><td>${p.createdAt.slice(0, 10)}</td><td><code>${p.runId}</code></td><td class="num">${num(p.score, lang)}</td><td>${p.level === null ? '–' : `${p.level} (${LEVEL_NAMES[p.level][lang]})`}</td></tr>`)}</tbody>
</table></div>
</section>`;
}
