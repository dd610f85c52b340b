// Files for people and the index pipeline: results.jsonl (one SiteResult per line) and index.csv (one row per site).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AnyIndicator } from './indicator.ts';
import type { SiteResult } from './types.ts';

const BASE_COLUMNS = ['id', 'name', 'type', 'sector', 'url', 'status', 'message', 'pages', 'durationMs'] as const;

function valueAt(value: unknown, path: string): unknown {
  let v: unknown = value;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null) return null;
    v = (v as Record<string, unknown>)[key];
  }
  return v ?? null;
}

export function csvColumns(indicators: readonly AnyIndicator[]): string[] {
  return [
    ...BASE_COLUMNS,
    ...indicators.flatMap((i) => [`${i.id}.score`, `${i.id}.outcome`, ...i.csv.map((c) => `${i.id}.${c}`)]),
  ];
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = Array.isArray(v) ? v.join(' ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read ā, š, ž right). Empty cell = not measured. */
export function toCsv(results: readonly SiteResult[], indicators: readonly AnyIndicator[]): string {
  const lines = [csvColumns(indicators).join(',')];
  for (const r of results) {
    const row: unknown[] = [r.target.id, r.target.name, r.target.type, r.target.sector ?? '', r.target.url, r.status, r.message ?? '', r.pages.length, r.durationMs];
    for (const i of indicators) {
      const res = r.indicators[i.id];
      row.push(res?.score ?? null, res?.outcome ?? null, ...i.csv.map((c) => (res ? valueAt(res.value, c) : null)));
    }
    lines.push(row.map(cell).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export function toJsonl(results: readonly SiteResult[]): string {
  return results.map((r) => JSON.stringify(r)).join('\n') + (results.length ? '\n' : '');
}

/** Writes next to the target and renames, so a reader never sees half a file. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

export function writeRunFiles(outDir: string, results: readonly SiteResult[], indicators: readonly AnyIndicator[]): { jsonl: string; csv: string } {
  const jsonl = join(outDir, 'results.jsonl');
  const csv = join(outDir, 'index.csv');
  writeFileAtomic(jsonl, toJsonl(results));
  writeFileAtomic(csv, toCsv(results, indicators));
  return { jsonl, csv };
}
