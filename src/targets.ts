// Loads and validates targets.json: the institutions and municipalities the e-index measures.
// A bad entry is reported (index, id, field, reason) and skipped; the others are kept. Only a file that cannot be read
// or is not a JSON array at all stops the load (TargetsFileError).
import { readFile } from 'node:fs/promises';
import { domainToUnicode } from 'node:url';
import { TARGET_TYPES, type Target, type TargetType } from './types.ts';

/** One problem with one entry of a targets file. `message` is the full sentence for the operator. */
export interface TargetError {
  /** Position of the entry in the JSON array (0-based). */
  index: number;
  /** The entry's id, when it has one that is a string. */
  id?: string;
  /** The field at fault; omitted when the entry as a whole is wrong (e.g. not an object). */
  field?: string;
  message: string;
}

export interface ParsedTargets {
  /** Valid entries, in file order, with normalised URLs. */
  targets: Target[];
  /** Invalid entries (skipped). An entry can have several. */
  errors: TargetError[];
  /** Kept entries that deserve a look (e.g. an http: URL). */
  warnings: TargetError[];
}

/** The file as a whole cannot be used: unreadable, empty, not JSON, or not a JSON array. */
export class TargetsFileError extends Error {
  override name = 'TargetsFileError';
}

/** Raised by targetFromUrl for a URL that cannot be audited. */
export class TargetUrlError extends Error {
  override name = 'TargetUrlError';
}

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const SECTOR_PATTERN = /^[A-Z][A-Z0-9]{0,15}$/;
export const MAX_URL_LENGTH = 2048;
/** Types whose entries must name their ministry's sector. */
export const SECTOR_REQUIRED: readonly TargetType[] = ['ministry', 'institution'];

const REPLACEMENT_CHAR = '\uFFFD';

// ---------------------------------------------------------------------------------------------------------------
// URLs

export type UrlCheck =
  | {
      ok: true;
      /** Normalised URL: lower-case punycode host without a trailing dot, no fragment, path and query kept. */
      url: string;
      /** Identity of the site for duplicate detection: host without `www.`, port, lower-case path without trailing '/'. */
      siteKey: string;
      /** Host without `www.` (and port), for the same-host check. */
      hostKey: string;
      /** Set for a URL that is accepted but should be fixed. */
      warning?: string;
    }
  | { ok: false; reason: string };

/** Quote a value for a message, shortened when it is long. */
function show(value: unknown): string {
  const text = typeof value === 'string' ? value : String(JSON.stringify(value));
  if (text.length <= 100) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, 80) + '…')} (${text.length} characters)`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${show(value)}`;
}

/** Validate and normalise a target URL. */
export function checkUrl(raw: unknown): UrlCheck {
  if (raw === undefined) return { ok: false, reason: 'is missing' };
  if (typeof raw !== 'string') return { ok: false, reason: `must be a string, got ${describe(raw)}` };
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'is empty' };
  if (text.length > MAX_URL_LENGTH) {
    return { ok: false, reason: `${show(text)} is longer than ${MAX_URL_LENGTH} characters` };
  }
  if (text.includes(REPLACEMENT_CHAR)) return { ok: false, reason: notUtf8(text) };
  if (/[\s\u0000-\u001f\u007f]/.test(text)) {
    return { ok: false, reason: `${show(text)} contains whitespace or control characters` };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    return { ok: false, reason: `${show(text)} is not an absolute URL (it must start with https://)` };
  }
  if (scheme !== 'http' && scheme !== 'https') return { ok: false, reason: `${show(text)} is not an http(s) URL` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: `${show(text)} is not a valid URL` };
  }
  if (url.username !== '' || url.password !== '' || /^https?:\/*[^/?#]*@/i.test(text)) {
    // The message quotes the URL without its userinfo: it is printed and logged, and the password may be real.
    const shown = text.replace(/^(https?:\/*)[^/?#]*@/i, '$1***@');
    return { ok: false, reason: `${show(shown)} must not contain a user name or password` };
  }
  let hostname = url.hostname;
  while (hostname.endsWith('.')) hostname = hostname.slice(0, -1);
  if (hostname === '') return { ok: false, reason: `${show(text)} has no host` };
  // The URL parser accepts any length; DNS does not (RFC 1035: 253 characters, 63 per label).
  if (hostname.length > 253 || hostname.split('.').some((label) => label.length > 63)) {
    return { ok: false, reason: `${show(text)} has a host name longer than DNS allows (253 characters, 63 per label)` };
  }
  if (hostname !== url.hostname) url.hostname = hostname;
  url.hash = '';
  const normalised = url.href;
  if (normalised.length > MAX_URL_LENGTH) {
    return { ok: false, reason: `${show(text)} is longer than ${MAX_URL_LENGTH} characters once normalised` };
  }
  const hostKey = hostname.replace(/^www\./, '') + (url.port === '' ? '' : `:${url.port}`);
  const path = url.pathname.replace(/\/+$/, '').toLowerCase();
  const siteKey = hostKey + path;
  const warning =
    url.protocol === 'http:' ? `${show(text)} uses http:, the national list should use https:` : undefined;
  return warning === undefined ? { ok: true, url: normalised, siteKey, hostKey } : { ok: true, url: normalised, siteKey, hostKey, warning };
}

function notUtf8(text: string): string {
  return (
    `${show(text)} contains U+FFFD (a replacement character): the file is not UTF-8 ` +
    '(probably saved as Windows-1257 or another legacy code page); save it as UTF-8'
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

/** Decode file bytes as UTF-8 text; a UTF-16 file gets a clear error rather than "not JSON". */
export function decodeTargetsFile(bytes: Uint8Array, source: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new TargetsFileError(`${source}: is UTF-16; save it as UTF-8`);
  }
  return new TextDecoder('utf-8').decode(bytes);
}

function parseArray(text: string, source: string): unknown[] {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new TargetsFileError(`${source}: is empty; expected a JSON array of targets`);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    throw new TargetsFileError(`${source}: is not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(value)) {
    const hint =
      typeof value === 'object' && value !== null && Array.isArray((value as Record<string, unknown>).targets)
        ? ' (the array must be the top-level value, not a "targets" field)'
        : '';
    throw new TargetsFileError(`${source}: must be a JSON array of targets, got ${describe(value)}${hint}`);
  }
  return value;
}

/**
 * Parse and validate the text of a targets file. `source` names the file in messages.
 * Throws TargetsFileError when the text is empty, not JSON, or not a JSON array.
 */
export function parseTargets(text: string, source: string): ParsedTargets {
  const entries = parseArray(text, source);
  const targets: Target[] = [];
  const errors: TargetError[] = [];
  const warnings: TargetError[] = [];
  const firstById = new Map<string, number>();
  const firstBySite = new Map<string, { index: number; id?: string }>();
  const firstByHost = new Map<string, { index: number; id?: string; siteKey: string }>();

  entries.forEach((entry, index) => {
    const entryErrors: TargetError[] = [];
    const rawId = isObject(entry) && typeof entry.id === 'string' ? entry.id : undefined;
    const label = `${source}[${index}]${rawId === undefined ? '' : ` (id ${JSON.stringify(rawId)})`}`;
    const report = (list: TargetError[], field: string | undefined, reason: string): void => {
      const item: TargetError = { index, message: field === undefined ? `${label}: ${reason}` : `${label}: ${field}: ${reason}` };
      if (rawId !== undefined) item.id = rawId;
      if (field !== undefined) item.field = field;
      list.push(item);
    };
    const fail = (field: string | undefined, reason: string): void => report(entryErrors, field, reason);

    if (!isObject(entry)) {
      fail(undefined, `must be a JSON object, got ${describe(entry)}`);
      errors.push(...entryErrors);
      return;
    }

    // id
    const id = entry.id;
    if (id === undefined) fail('id', 'is missing');
    else if (typeof id !== 'string') fail('id', `must be a string, got ${describe(id)}`);
    else if (id.includes(REPLACEMENT_CHAR)) fail('id', notUtf8(id));
    else if (!ID_PATTERN.test(id)) {
      const why = id.includes(':') ? " (':' is not allowed: ids are used in queue job ids)" : '';
      fail(
        'id',
        `${show(id)} is not a valid id${why}: use lower-case ASCII letters, digits and '-', ` +
          'starting with a letter or digit, at most 63 characters',
      );
    } else {
      const first = firstById.get(id);
      if (first !== undefined) fail('id', `${show(id)} is a duplicate of ${source}[${first}]`);
      else firstById.set(id, index);
    }

    // name
    const name = entry.name;
    if (name === undefined) fail('name', 'is missing');
    else if (typeof name !== 'string') fail('name', `must be a string, got ${describe(name)}`);
    else if (name.trim() === '') fail('name', 'is empty');
    else if (name.includes(REPLACEMENT_CHAR)) fail('name', notUtf8(name));

    // type
    const type = entry.type;
    const typeOk = typeof type === 'string' && (TARGET_TYPES as readonly string[]).includes(type);
    if (type === undefined) fail('type', `is missing (one of ${TARGET_TYPES.join(', ')})`);
    else if (!typeOk) fail('type', `${show(type)} is not one of ${TARGET_TYPES.join(', ')}`);

    // sector
    const sector = entry.sector;
    if (sector === undefined) {
      if (typeOk && SECTOR_REQUIRED.includes(type as TargetType)) {
        fail('sector', `is missing: type ${show(type)} must name its ministry's sector code (e.g. VARAM, FM, TM)`);
      }
    } else if (typeof sector !== 'string') fail('sector', `must be a string, got ${describe(sector)}`);
    else if (sector.includes(REPLACEMENT_CHAR)) fail('sector', notUtf8(sector));
    else if (!SECTOR_PATTERN.test(sector)) {
      fail('sector', `${show(sector)} is not an upper-case ASCII sector code such as VARAM, FM, TM`);
    }

    // Names that reach an object's prototype when code copies the entry: never a field of a target.
    for (const field of Object.keys(entry)) {
      if (field === '__proto__' || field === 'constructor' || field === 'prototype') fail(field, 'is not allowed (a reserved JavaScript name)');
    }

    // other text fields: mojibake anywhere means the file was not saved as UTF-8
    for (const [field, value] of Object.entries(entry)) {
      if (['id', 'name', 'type', 'sector', 'url'].includes(field)) continue;
      if (typeof value === 'string' && value.includes(REPLACEMENT_CHAR)) fail(field, notUtf8(value));
    }

    // url
    const check = checkUrl(entry.url);
    const entryWarnings: TargetError[] = [];
    if (!check.ok) fail('url', check.reason);
    else {
      const ref = (e: { index: number; id?: string }): string =>
        `${source}[${e.index}]${e.id === undefined ? '' : ` (id ${JSON.stringify(e.id)})`}`;
      const sameSite = firstBySite.get(check.siteKey);
      if (sameSite !== undefined) {
        fail('url', `${show(entry.url)} is the same site as ${ref(sameSite)}`);
      } else {
        const me = rawId === undefined ? { index } : { index, id: rawId };
        firstBySite.set(check.siteKey, me);
        const sameHost = firstByHost.get(check.hostKey);
        if (sameHost === undefined) firstByHost.set(check.hostKey, { ...me, siteKey: check.siteKey });
        else {
          report(
            entryWarnings,
            'url',
            `${show(entry.url)} is on the same host as ${ref(sameHost)} with another path: check it is a separate site`,
          );
        }
      }
      if (check.warning !== undefined) report(entryWarnings, 'url', check.warning);
    }

    if (entryErrors.length > 0) {
      errors.push(...entryErrors);
      return;
    }
    warnings.push(...entryWarnings);
    const target: Target = { ...entry, id: id as string, name: name as string, type: type as TargetType, url: (check as { url: string }).url };
    targets.push(target);
  });

  return { targets, errors, warnings };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Read and validate a targets file. Throws TargetsFileError naming the file when it cannot be read, is empty,
 * is not JSON or is not a JSON array; bad entries are returned in `errors` and skipped.
 */
export async function loadTargets(path: string): Promise<ParsedTargets> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new TargetsFileError(`${path}: cannot be read (${(err as Error).message})`);
  }
  return parseTargets(decodeTargetsFile(bytes, path), path);
}

// ---------------------------------------------------------------------------------------------------------------
// Ad-hoc targets

/**
 * A target for an ad-hoc audit of one URL: id from the host (`www.vid.gov.lv` -> `vid-gov-lv`), name = host,
 * type `institution`, no sector. A bare host (`vid.gov.lv`) gets https://. Throws TargetUrlError for a bad URL.
 */
export function targetFromUrl(url: string): Target {
  const text = url.trim();
  if (text === '') throw new TargetUrlError('url: is empty');
  // "host:8080/path" has no scheme; "javascript:..." or "ftp://..." do (and are then rejected).
  const withScheme = /^[a-z][a-z0-9+.-]*:(?!\d+(?:[/?#]|$))/i.test(text) ? text : `https://${text}`;
  const check = checkUrl(withScheme);
  if (!check.ok) throw new TargetUrlError(`url: ${check.reason}`);
  const parsed = new URL(check.url);
  const host = parsed.hostname.replace(/^www\./, '');
  const slug =
    (host + (parsed.port === '' ? '' : `-${parsed.port}`))
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+/, '')
      .slice(0, 63)
      .replace(/-+$/, '') || 'site';
  const name = domainToUnicode(parsed.hostname) || parsed.hostname;
  return { id: slug, name: parsed.port === '' ? name : `${name}:${parsed.port}`, type: 'institution', url: check.url };
}
