// The service's config (config/service.json): loaded in layers and checked against schema/service-config.schema.json,
// so a typo, a wrong type, a bad cron pattern or time zone stops the process at start with the file, the setting's
// path and the reason, instead of surfacing at 01:00 as a scheduler that never fires.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { CronExpressionParser } from 'cron-parser';
import { CONFIG_DIR, ConfigError, REPO_ROOT } from '../config.ts';

export interface ServiceConfig {
  schedule: { cron: string; timeZone: string };
  worker: {
    concurrency: number;
    timeLimitMs: number;
    recycleBrowserEvery: number;
    lockDurationMs: number;
    stalledIntervalMs: number;
    maxStalledCount: number;
    shutdownGraceMs: number;
  };
  politeness: { perHostConcurrency: number; hostBusyDelayMs: number };
  retries: { attempts: number; backoffDelayMs: number };
  retention: { completedJobsDays: number; failedJobsDays: number };
  store: { sweepIntervalMs: number };
  /** Follow-up measurements of collectors that failed transiently (src/service/follow-up.ts). */
  followUp: { attempts: number; backoffDelayMs: number };
  admission: { minConcurrency: number; loadPerCore: number; maxEventLoopDelayMs: number; intervalMs: number };
  /** Rate limits of the token-protected routes, per client address and window. */
  api: { requeueRateLimit: number; dashboardRateLimit: number; rateLimitWindowMs: number };
}

export type ServiceOverrides = { [K in keyof ServiceConfig]?: Partial<ServiceConfig[K]> };

export const SERVICE_CONFIG_SCHEMA_PATH = join(REPO_ROOT, 'schema', 'service-config.schema.json');

/** A cron pattern BullMQ can schedule: 5 fields (6 with seconds first), each in range (cron-parser, BullMQ's own parser). */
export function isCronPattern(pattern: string): boolean {
  if (pattern.trim().split(/\s+/).length < 5) return false;
  try {
    CronExpressionParser.parse(pattern);
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name this Node knows (e.g. "Europe/Riga"). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

interface Validators {
  /** A whole config: every section and setting required. */
  full: ValidateFunction;
  /** A layer of overrides: the same shape and checks, nothing required. */
  partial: ValidateFunction;
}

let validators: Validators | null = null;

function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key !== 'required' && key !== '$id') out[key] = withoutRequired(value);
  return out;
}

function compileValidators(): Validators {
  const schema = JSON.parse(readFileSync(SERVICE_CONFIG_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  // ajv-formats is CommonJS: its default export arrives wrapped under Node's ESM interop.
  const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (a: Ajv2020) => void;
  addFormats(ajv);
  ajv.addFormat('cron', { type: 'string', validate: isCronPattern });
  ajv.addFormat('iana-time-zone', { type: 'string', validate: isTimeZone });
  return { full: ajv.compile(schema), partial: ajv.compile(withoutRequired(schema) as object) };
}

/** "worker.concurrency" from "/worker/concurrency". */
function dottedPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value);
}

/** One schema error as "path: reason", in the words of the settings file. */
function describeError(e: ErrorObject, layer: unknown, known: readonly string[]): string {
  const path = dottedPath(e.instancePath);
  const value = e.instancePath.split('/').slice(1).reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], layer);
  const at = (reason: string) => `${path || '(top level)'}: ${reason}`;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return path === '' ? `unknown section "${String(p.additionalProperty)}" (known: ${known.join(', ')})` : at(`unknown setting "${String(p.additionalProperty)}"`);
    case 'required':
      return at(`missing setting "${String(p.missingProperty)}"`);
    case 'type':
      return at(`expected ${p.type === 'integer' ? 'a whole number' : String(p.type)}, got ${shown(value)}`);
    case 'minimum':
      return at(`must be a whole number ≥ ${String(p.limit)}, got ${shown(value)}`);
    case 'exclusiveMinimum':
      return at(`must be > ${String(p.limit)}, got ${shown(value)}`);
    case 'format':
      if (p.format === 'cron') return at(`${shown(value)} is not a cron pattern (e.g. "0 1 * * *")`);
      if (p.format === 'iana-time-zone') return at(`${shown(value)} is not an IANA time zone (e.g. "Europe/Riga")`);
      return at(`${shown(value)} is not a ${String(p.format)}`);
    default:
      return at(e.message ?? e.keyword);
  }
}

/** Throws a ConfigError naming `where` (a file, or "overrides") and every setting the schema refuses. */
function checkLayer(layer: unknown, where: string, whole: boolean): void {
  validators ??= compileValidators();
  const validate = whole ? validators.full : validators.partial;
  if (validate(layer)) return;
  const known = ['schedule', 'worker', 'politeness', 'retries', 'retention', 'store', 'followUp', 'admission', 'api'];
  const reasons = [...new Set((validate.errors ?? []).map((e) => describeError(e, layer, known)))];
  throw new ConfigError(`${where}: ${reasons.join('; ')}`);
}

function readJsonObject(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${path}: cannot be read (${(err as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(`${path}: is not valid JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${path}: must be a JSON object`);
  return value as Record<string, unknown>;
}

/** A layer's settings without its "$..." comments. */
function settingsOf(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) if (!key.startsWith('$') && value !== undefined) out[key] = value;
  return out;
}

/** config/service.json, then a JSON file of overrides (same shape), then `overrides` (tests, flags). */
export function loadServiceConfig(overridesPath?: string, overrides: ServiceOverrides = {}): ServiceConfig {
  const basePath = join(CONFIG_DIR, 'service.json');
  const base = readJsonObject(basePath);
  checkLayer(base, basePath, true);
  const layers: [Record<string, unknown>, string][] = [];
  if (overridesPath) layers.push([readJsonObject(overridesPath), overridesPath]);
  // Settings left undefined in code mean "not overridden"; JSON has no undefined, so drop them before the check.
  layers.push([JSON.parse(JSON.stringify(overrides)) as Record<string, unknown>, 'overrides']);
  const merged: Record<string, Record<string, unknown>> = {};
  for (const [section, value] of Object.entries(settingsOf(base))) merged[section] = settingsOf(value as Record<string, unknown>);
  for (const [layer, where] of layers) {
    checkLayer(layer, where, false);
    for (const [section, value] of Object.entries(settingsOf(layer))) Object.assign(merged[section]!, settingsOf(value as Record<string, unknown>));
  }
  checkLayer(merged, 'service config', true);
  return merged as unknown as ServiceConfig;
}
