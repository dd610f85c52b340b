// The national overview of a run: the seeds' tables computed by src/score/aggregate.ts (shares per maturity level and per
// indicator value, by group and ministry sector), charts (Chart.js, each with the same data as a table), a sortable,
// filterable table of all sites linking to their reports, and trends across runs.
import { breakdownsFor, type Aggregates, type Breakdown, type GroupAggregate } from '../../score/aggregate.ts';
import type { AnyIndicator } from '../../indicators/indicator.ts';
import { DIMENSION_INFO, LEVEL_NAMES, LEVELS, type SiteScores } from '../../score/score.ts';
import { DIMENSIONS, type SiteResult } from '../../types.ts';
import { html, num, page, pct, raw, type Lang, type Raw } from './html.ts';
import { STATUS_LABEL, T, TYPE_LABEL } from './i18n.ts';

export interface TrendPoint {
  runId: string;
  createdAt: string;
  audited: number;
  mean: number | null;
  /** Share of sites with a score at levels 3–5. */
  share35: number | null;
}

export interface OverviewInput {
  runId: string;
  runCreatedAt: string;
  sealed: boolean;
  frozen: { year: number; by: string; frozenAt: string } | null;
  results: readonly SiteResult[];
  scores: ReadonlyMap<string, SiteScores>;
  aggregates: Aggregates;
  indicators: readonly AnyIndicator[];
  trend: TrendPoint[];
}

export interface ChartSpec {
  id: string;
  type: 'bar' | 'line';
  stacked: boolean;
  percent: boolean;
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
}

const LEVEL_COLOURS = ['#b3261e', '#e8710a', '#f9ab00', '#1e8e3e', '#0b5394'];

function levelTable(groups: readonly GroupAggregate[], lang: Lang, caption: string, headLabel: string, cls: string): Raw {
  return html`<div class="table-wrap" role="region" aria-label="${caption}" tabindex="0"><table class="${cls}">
<caption>${caption}</caption>
<thead><tr><th scope="col">${headLabel}</th><th scope="col">${T.n[lang]}</th>${LEVELS.map((lv) => html`<th scope="col">${lv}. ${LEVEL_NAMES[lv][lang]}</th>`)}<th scope="col">${T.mean[lang]}</th><th scope="col">${T.notAuditedN[lang]}</th></tr></thead>
<tbody>${groups.map((g) => {
    const d = g.levels.overall;
    return html`<tr data-group="${g.id}"><th scope="row">${g.label[lang]}</th><td class="num">${d.n}</td>${LEVELS.map((lv) => {
      const s = d.levels[String(lv) as '1'];
      return html`<td class="num" data-level="${lv}">${s.count} (${pct(s.share, lang)})</td>`;
    })}<td class="num">${num(d.mean, lang)}</td><td class="num">${g.notAudited.count}</td></tr>`;
  })}</tbody></table></div>`;
}

function levelChart(id: string, groups: readonly GroupAggregate[], lang: Lang): ChartSpec {
  return {
    id,
    type: 'bar',
    stacked: true,
    percent: true,
    labels: groups.map((g) => g.label[lang]),
    datasets: LEVELS.map((lv) => ({
      label: `${lv}. ${LEVEL_NAMES[lv][lang]}`,
      data: groups.map((g) => {
        const s = g.levels.overall.levels[String(lv) as '1'].share;
        return s === null ? null : Math.round(s * 1000) / 10;
      }),
    })),
  };
}

function chart(spec: ChartSpec, title: string, lang: Lang): Raw {
  return html`<figure class="chart"><div class="chart-box"><canvas id="${spec.id}" role="img" aria-label="${title}. ${T.chartTableNote[lang]}"></canvas></div><figcaption>${title}. ${T.chartTableNote[lang]}</figcaption></figure>`;
}

function valueLabel(b: Breakdown, value: string, lang: Lang): string {
  if (value === 'true') return T.yes[lang];
  if (value === 'false') return T.no[lang];
  return b.valueLabels?.[value]?.[lang] ?? value;
}

/** Groups, then ministry sectors, as columns: the seeds give both breakdowns. */
function indicatorTables(groups: readonly GroupAggregate[], input: OverviewInput, lang: Lang): Raw {
  return html`${input.indicators
    .filter((i) => breakdownsFor([i]).length > 0)
    .map((ind) => {
      const keys = breakdownsFor([ind]);
      const caption = `${ind.title[lang]}: ${lang === 'lv' ? 'vietņu daļa' : 'share of sites'}`;
      return html`<div class="table-wrap" role="region" aria-label="${caption}" tabindex="0"><table class="breakdown" data-indicator="${ind.id}">
<caption>${caption}</caption>
<thead><tr><th scope="col">${T.value[lang]}</th>${groups.map((g) => html`<th scope="col" data-group="${g.id}">${g.label[lang]}</th>`)}</tr></thead>
<tbody>${keys.map((b) => {
        // Booleans: the seeds report the share of "true"; other breakdowns show every value.
        const values = b.values.length === 2 && b.values[0] === 'true' ? ['true'] : b.values;
        return values.map(
          (v) => html`<tr data-key="${b.key}" data-value="${v}"><th scope="row">${ind.labels?.[b.key.slice(ind.id.length + 1)]?.[lang] ?? b.key.slice(ind.id.length + 1)}${values.length > 1 || v !== 'true' ? `: ${valueLabel(b, v, lang)}` : ''}</th>${groups.map((g) => {
            const dist = g.indicators[b.key];
            const s = dist?.values[v];
            return html`<td class="num">${s ? html`${pct(s.share, lang)} <span class="muted">(${s.count}/${s.n})</span>` : '–'}</td>`;
          })}</tr>`,
        );
      })}</tbody></table></div>`;
    })}`;
}

function sitesTable(input: OverviewInput, lang: Lang): Raw {
  const ext = lang === 'en' ? '.en.html' : '.html';
  const types = [...new Set(input.results.map((r) => r.target.type))];
  const cols: [string, string][] = [
    ['name', T.name[lang]],
    ['type', T.type[lang]],
    ['sector', T.sector[lang]],
    ['status', T.status[lang]],
    ['score', T.overall[lang]],
    ['level', T.level[lang]],
    ['wcag', 'WCAG'],
    ['mobile', lang === 'lv' ? 'Mobilā' : 'Mobile'],
    ['statement', T.statementLevel[lang]],
  ];
  return html`<div class="filters">
<p><label for="f-text">${T.filter[lang]}</label><br><input id="f-text" type="search" autocomplete="off"></p>
<p><label for="f-type">${T.filterType[lang]}</label><br><select id="f-type"><option value="">${T.allTypes[lang]}</option>${types.map((t) => html`<option value="${t}">${TYPE_LABEL[t]?.[lang] ?? t}</option>`)}</select></p>
<p id="f-count" role="status" aria-live="polite">${T.shown[lang]} ${input.results.length} ${T.of[lang]} ${input.results.length}</p>
</div>
<div class="table-wrap" role="region" aria-label="${T.allSites[lang]}" tabindex="0"><table id="sites" class="sites" data-shown="${T.shown[lang]}" data-of="${T.of[lang]}">
<caption>${T.allSites[lang]}</caption>
<thead><tr>${cols.map(([k, label]) => html`<th scope="col" data-col="${k}"><button type="button" class="sort">${label}<span class="sr"> (${T.sortBy[lang]})</span></button></th>`)}</tr></thead>
<tbody>${input.results.map((r) => {
    const s = input.scores.get(r.target.id)!;
    const v = (id: string, k: string): string => {
      const val = r.indicators[id]?.value as Record<string, unknown> | null | undefined;
      const x = val?.[k];
      return x === undefined || x === null ? '' : String(x);
    };
    const wcag = v('wcag', 'band');
    const mobile = v('mobile', 'mobileFriendly');
    const statement = v('a11y-statement', 'level');
    return html`<tr data-id="${r.target.id}" data-type="${r.target.type}">
<td data-sort="${r.target.name}"><a href="sites/${encodeURIComponent(r.target.id)}${ext}">${r.target.name}</a></td>
<td data-sort="${r.target.type}">${TYPE_LABEL[r.target.type]?.[lang] ?? r.target.type}</td>
<td>${r.target.sector ?? ''}</td>
<td>${STATUS_LABEL(r.status, lang)}</td>
<td class="num site-score" data-sort="${s.overall.score ?? -1}">${num(s.overall.score, lang)}</td>
<td class="num" data-sort="${s.overall.level ?? 0}">${s.overall.level ?? '–'}</td>
<td data-sort="${['low', 'medium', 'high', 'highest'].indexOf(wcag)}">${wcag ? T.band[wcag as 'high']?.[lang] ?? wcag : '–'}</td>
<td>${mobile ? (mobile === 'true' ? T.yes[lang] : T.no[lang]) : '–'}</td>
<td data-sort="${['none', 'incomplete', 'complete'].indexOf(statement)}">${statement ? T.statement[statement as 'none']?.[lang] ?? statement : '–'}</td>
</tr>`;
  })}</tbody></table></div>`;
}

export function renderOverview(input: OverviewInput, lang: Lang): { html: string; charts: ChartSpec[] } {
  const groups = input.aggregates.groups.filter((g) => g.sites > 0);
  const sectors = input.aggregates.sectors;
  const all = input.aggregates.groups.find((g) => g.id === 'all')!;
  const charts: ChartSpec[] = [levelChart('chart-levels', groups, lang)];
  if (sectors.length) charts.push(levelChart('chart-sectors', sectors, lang));
  const dimChart: ChartSpec = {
    id: 'chart-dimensions',
    type: 'bar',
    stacked: false,
    percent: false,
    labels: DIMENSIONS.filter((d) => DIMENSION_INFO[d].eIndex).map((d) => DIMENSION_INFO[d].name[lang]),
    datasets: groups.map((g) => ({ label: g.label[lang], data: DIMENSIONS.filter((d) => DIMENSION_INFO[d].eIndex).map((d) => g.levels[d].mean) })),
  };
  charts.push(dimChart);
  const trend = input.trend;
  if (trend.length > 1) {
    charts.push({
      id: 'chart-trend',
      type: 'line',
      stacked: false,
      percent: false,
      labels: trend.map((t) => t.createdAt.slice(0, 10)),
      datasets: [{ label: T.overall[lang], data: trend.map((t) => t.mean) }],
    });
  }
  const body = html`<h1>${T.overviewTitle[lang]}</h1>
<p class="meta">${T.runCap[lang]} <code>${input.runId}</code> (${input.runCreatedAt.slice(0, 10)}${input.sealed ? '' : `, ${T.inProgress[lang]}`}).
${T.sites[lang]}: <span id="n-sites">${all.sites}</span>, ${T.audited[lang]} <span id="n-audited">${all.audited}</span>, ${T.notAuditedN[lang]} ${all.notAudited.count}.</p>
${input.frozen ? html`<p class="official">${T.official[lang]} ${input.frozen.year} (${T.frozenBy[lang]} ${input.frozen.by}, ${input.frozen.frozenAt.slice(0, 10)}).</p>` : ''}
<p class="muted">${T.scoresNote[lang]}</p>
<p>${T.exports[lang]}: <a href="data/index.csv">${T.csv[lang]}</a>, <a href="data/results.jsonl">${T.jsonl[lang]}</a>, <a href="data/summary.json">${T.summary[lang]}</a>.</p>
<nav aria-label="${T.onThisPage[lang]}"><ul class="page-nav">
<li><a href="#h-sites">${T.allSites[lang]} (${all.sites})</a></li>
<li><a href="#h-levels">${T.levelsByGroup[lang]}</a></li>
<li><a href="#h-dims">${T.dimensionMeans[lang]}</a></li>
${sectors.length ? html`<li><a href="#h-sectors">${T.levelsBySector[lang]}</a></li>` : ''}
<li><a href="#h-values">${T.indicatorValues[lang]}</a></li>
<li><a href="#h-trend">${T.trends[lang]}</a></li>
</ul></nav>
<section aria-labelledby="h-sites">
<h2 id="h-sites">${T.allSites[lang]}</h2>
${sitesTable(input, lang)}
</section>
<section aria-labelledby="h-levels">
<h2 id="h-levels">${T.levelsByGroup[lang]}</h2>
${chart(charts[0]!, T.levelsByGroup[lang], lang)}
${levelTable(groups, lang, T.levelsByGroup[lang], T.group[lang], 'levels-groups')}
</section>
<section aria-labelledby="h-dims">
<h2 id="h-dims">${T.dimensionMeans[lang]}</h2>
${chart(dimChart, T.dimensionMeans[lang], lang)}
<div class="table-wrap" role="region" aria-label="${T.dimensionMeans[lang]}" tabindex="0"><table class="dimension-means">
<caption>${T.dimensionMeans[lang]}</caption>
<thead><tr><th scope="col">${T.dimension[lang]}</th>${groups.map((g) => html`<th scope="col">${g.label[lang]}</th>`)}</tr></thead>
<tbody>${DIMENSIONS.filter((d) => DIMENSION_INFO[d].eIndex).map(
    (d) => html`<tr data-dimension="${d}"><th scope="row">${DIMENSION_INFO[d].name[lang]}</th>${groups.map((g) => html`<td class="num">${num(g.levels[d].mean, lang)} <span class="muted">(n=${g.levels[d].n})</span></td>`)}</tr>`,
  )}</tbody></table></div>
</section>
${
  sectors.length
    ? html`<section aria-labelledby="h-sectors">
<h2 id="h-sectors">${T.levelsBySector[lang]}</h2>
${chart(charts[1]!, T.levelsBySector[lang], lang)}
${levelTable(sectors, lang, T.levelsBySector[lang], T.sector[lang], 'levels-sectors')}
</section>`
    : ''
}
<section aria-labelledby="h-values">
<h2 id="h-values">${T.indicatorValues[lang]}</h2>
${indicatorTables([...groups, ...sectors], input, lang)}
</section>
<section aria-labelledby="h-trend">
<h2 id="h-trend">${T.trends[lang]}</h2>
<p>${T.trendsNote[lang]}</p>
${trend.length > 1 ? chart(charts[charts.length - 1]!, T.trends[lang], lang) : ''}
<div class="table-wrap" role="region" aria-label="${T.trends[lang]}" tabindex="0"><table class="trend">
<caption>${T.trends[lang]}</caption>
<thead><tr><th scope="col">${T.date[lang]}</th><th scope="col">${T.run[lang]}</th><th scope="col">${T.audited[lang]}</th><th scope="col">${T.mean[lang]}</th><th scope="col">${T.share35[lang]}</th></tr></thead>
<tbody>${trend.map((t) => html`<tr data-run="${t.runId}"><td>${t.createdAt.slice(0, 10)}</td><td><code>${t.runId}</code></td><td class="num">${t.audited}</td><td class="num">${num(t.mean, lang)}</td><td class="num">${pct(t.share35, lang)}</td></tr>`)}</tbody>
</table></div>
</section>
<script type="application/json" id="chart-data">${raw(JSON.stringify({ colours: LEVEL_COLOURS, charts }).replace(/</g, '\\u003c'))}</script>`;
  return {
    html: page({ lang, title: T.overviewTitle[lang], root: '', otherLang: lang === 'lv' ? 'index.en.html' : 'index.html', body, scripts: ['assets/chart.umd.min.js', 'assets/report.js'] }),
    charts,
  };
}
