import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  decodeTargetsFile,
  loadTargets,
  parseTargets,
  targetFromUrl,
  TargetsFileError,
  TargetUrlError,
  type ParsedTargets,
  type TargetError,
} from '../../src/targets.ts';
import { TARGET_TYPES, type Target } from '../../src/types.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TARGETS_JSON = join(ROOT, 'targets.json');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'targets');
const SRC = 'targets.json';

/** A valid institution entry; override fields to break it. */
function entry(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, name: `Iestāde ${id}`, type: 'institution', sector: 'FM', url: `https://www.${id}.gov.lv`, ...over };
}

/** Entries before and after the one under test: they must survive. */
const BEFORE = entry('kase', { name: 'Valsts kase', url: 'https://www.kase.gov.lv' });
const AFTER = entry('cfla', { name: 'Centrālā finanšu un līgumu aģentūra', url: 'https://www.cfla.gov.lv' });

function parse(entries: unknown[]): ParsedTargets {
  return parseTargets(JSON.stringify(entries), SRC);
}

function ids(targets: Target[]): string[] {
  return targets.map((t) => t.id);
}

// ---------------------------------------------------------------------------------------------------------------

describe('the shipped targets.json', async () => {
  const parsed = await loadTargets(TARGETS_JSON);
  const { targets } = parsed;
  const byType = (type: string) => targets.filter((t) => t.type === type);

  it('parses with zero errors and zero warnings', () => {
    expect(parsed.errors.map((e) => e.message)).toEqual([]);
    expect(parsed.warnings.map((e) => e.message)).toEqual([]);
    const raw = JSON.parse(readFileSync(TARGETS_JSON, 'utf8')) as unknown[];
    expect(targets).toHaveLength(raw.length);
    expect(targets.length).toBeGreaterThanOrEqual(170);
  });

  it('has one entry per line, for reviewable diffs', () => {
    const lines = readFileSync(TARGETS_JSON, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('[');
    expect(lines.at(-1)).toBe(']');
    expect(lines).toHaveLength(targets.length + 2);
  });

  it('has unique ids and unique sites', () => {
    expect(new Set(ids(targets)).size).toBe(targets.length);
    expect(new Set(targets.map((t) => new URL(t.url).hostname.replace(/^www\./, ''))).size).toBe(targets.length);
  });

  it('uses https everywhere and only known types', () => {
    for (const t of targets) {
      expect(t.url, t.id).toMatch(/^https:\/\//);
      expect(TARGET_TYPES, t.id).toContain(t.type);
    }
  });

  it('has the 14 ministries, each with its own sector code', () => {
    const ministries = byType('ministry');
    expect(ministries.length).toBeGreaterThanOrEqual(14);
    expect(new Set(ministries.map((m) => m.sector)).size).toBe(ministries.length);
    expect(ministries.map((m) => m.sector).sort()).toEqual(
      ['AIM', 'AM', 'EM', 'FM', 'IEM', 'IZM', 'KEM', 'KM', 'LM', 'SM', 'TM', 'VARAM', 'VM', 'ZM'].sort(),
    );
  });

  it('has every municipality after the territorial reform: 7 state cities and 35 counties', () => {
    // 43 municipalities (7 + 36) from 2021; Varakļānu novads was merged into Madonas novads on 1 July 2025
    // (Administrative Territories and Populated Areas Law, amended 13 June 2024), leaving 42.
    expect(byType('state-city').map((t) => t.id).sort()).toEqual(
      ['daugavpils', 'jelgava', 'jurmala', 'liepaja', 'rezekne', 'riga', 'ventspils'].sort(),
    );
    expect(byType('county')).toHaveLength(35);
    for (const t of [...byType('state-city'), ...byType('county')]) {
      expect(t.sector, t.id).toBeUndefined();
      expect(t.name, t.id).toMatch(/(valstspilsētas|novada) pašvaldība$/);
    }
  });

  it('gives every institution and state company the sector of a ministry (or VK)', () => {
    const sectors = new Set([...byType('ministry').map((m) => m.sector), 'VK']);
    expect(byType('institution').length).toBeGreaterThanOrEqual(80);
    for (const t of [...byType('institution'), ...byType('state-company')]) {
      expect(sectors.has(t.sector), `${t.id}: sector ${String(t.sector)}`).toBe(true);
    }
    expect(targets.find((t) => t.id === 'vk')).toMatchObject({ type: 'institution', sector: 'VK' });
  });

  it('lists independent institutions without a sector', () => {
    expect(byType('independent').length).toBeGreaterThanOrEqual(10);
    for (const t of byType('independent')) expect(t.sector, t.id).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('file-level problems throw TargetsFileError naming the file', () => {
  const cases: { file: string; message: RegExp }[] = [
    { file: 'empty.json', message: /empty\.json: is empty/ },
    { file: 'whitespace.json', message: /whitespace\.json: is empty/ },
    { file: 'not-json.json', message: /not-json\.json: is not valid JSON/ },
    { file: 'object.json', message: /object\.json: must be a JSON array of targets, got an object \(the array must be the top-level value/ },
    { file: 'utf16.json', message: /utf16\.json: is UTF-16; save it as UTF-8/ },
    { file: 'does-not-exist.json', message: /does-not-exist\.json: cannot be read/ },
  ];
  for (const { file, message } of cases) {
    it(file, async () => {
      const promise = loadTargets(join(FIXTURES, file));
      await expect(promise).rejects.toBeInstanceOf(TargetsFileError);
      await expect(promise).rejects.toThrow(message);
    });
  }

  it('parseTargets throws the same way for text', () => {
    expect(() => parseTargets('', 'x.json')).toThrow(TargetsFileError);
    expect(() => parseTargets('{"a": 1}', 'x.json')).toThrow(/x\.json: must be a JSON array of targets, got an object/);
    expect(() => parseTargets('"https://vid.gov.lv"', 'x.json')).toThrow(/got string/);
    expect(() => parseTargets('null', 'x.json')).toThrow(/got null/);
    expect(() => parseTargets('\uFEFF', 'x.json')).toThrow(/is empty/);
  });

  it('an empty array is not an error', () => {
    expect(parseTargets('[]', SRC)).toEqual({ targets: [], errors: [], warnings: [] });
  });
});

describe('encoding', () => {
  it('strips a UTF-8 BOM', async () => {
    const parsed = await loadTargets(join(FIXTURES, 'bom.json'));
    expect(parsed.errors).toEqual([]);
    expect(ids(parsed.targets)).toEqual(['vid']);
    expect(parseTargets('\uFEFF' + JSON.stringify([BEFORE]), SRC).targets).toHaveLength(1);
  });

  it('rejects an entry whose text is Windows-1257, keeping the ASCII entries around it', async () => {
    const parsed = await loadTargets(join(FIXTURES, 'windows-1257.json'));
    expect(ids(parsed.targets)).toEqual(['kase', 'cfla']);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ index: 1, id: 'iub', field: 'name' });
    expect(parsed.errors[0]!.message).toMatch(/windows-1257\.json\[1\] \(id "iub"\): name: .*U\+FFFD.*the file is not UTF-8/);
  });

  it('rejects U+FFFD from a Buffer with Windows-1257 bytes (0xE2 = ā) decoded as UTF-8', () => {
    const json = `[${JSON.stringify(BEFORE)}, {"id": "lad", "name": "Lauku atbalsta dienests", "type": "institution", "sector": "ZM", "url": "https://www.lad.gov.lv"}, {"id": "csp", "name": "Centr\u00E2l\u00E2 statistikas p\u00E2rvalde", "type": "institution", "sector": "EM", "url": "https://www.csp.gov.lv"}]`;
    const bytes = Buffer.from(json, 'latin1');
    expect(bytes.includes(0xe2)).toBe(true);
    const text = decodeTargetsFile(bytes, SRC);
    expect(text).toContain('\uFFFD');
    const parsed = parseTargets(text, SRC);
    expect(ids(parsed.targets)).toEqual(['kase', 'lad']);
    expect(parsed.errors).toEqual([
      expect.objectContaining({ index: 2, id: 'csp', field: 'name', message: expect.stringMatching(/^targets\.json\[2\] \(id "csp"\): name: .*the file is not UTF-8/) }),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

interface BadCase {
  name: string;
  /** The entry (or entries, the last being the one under test) placed between BEFORE and AFTER. */
  bad: unknown[];
  field: string | undefined;
  message: RegExp;
  /** Index of the entry reported (default: the last of `bad`). */
  index?: number;
}

const BAD: BadCase[] = [
  { name: 'entry not an object', bad: ['https://www.vid.gov.lv'], field: undefined, message: /must be a JSON object, got string/ },
  { name: 'entry null', bad: [null], field: undefined, message: /must be a JSON object, got null/ },
  { name: 'missing id', bad: [{ name: 'VID', type: 'institution', sector: 'FM', url: 'https://www.vid.gov.lv' }], field: 'id', message: /: id: is missing/ },
  { name: 'numeric id', bad: [entry('vid', { id: 12 })], field: 'id', message: /: id: must be a string, got number/ },
  { name: 'id with ":"', bad: [entry('vid', { id: 'vid:lv' })], field: 'id', message: /id: "vid:lv" is not a valid id \(':' is not allowed/ },
  { name: 'id with upper case', bad: [entry('vid', { id: 'VID' })], field: 'id', message: /id: "VID" is not a valid id/ },
  { name: 'id with a space', bad: [entry('vid', { id: 'v id' })], field: 'id', message: /id: "v id" is not a valid id/ },
  { name: 'id starting with "-"', bad: [entry('vid', { id: '-vid' })], field: 'id', message: /id: "-vid" is not a valid id/ },
  { name: 'id too long', bad: [entry('vid', { id: 'a'.repeat(64) })], field: 'id', message: /is not a valid id.*at most 63/ },
  {
    name: 'duplicate id',
    bad: [entry('vid'), entry('vid', { url: 'https://www.vid2.gov.lv' })],
    field: 'id',
    message: /\(id "vid"\): id: "vid" is a duplicate of targets\.json\[1\]/,
  },
  { name: 'missing name', bad: [entry('vid', { name: undefined })], field: 'name', message: /name: is missing/ },
  { name: 'blank name', bad: [entry('vid', { name: '  ' })], field: 'name', message: /name: is empty/ },
  { name: 'unknown type', bad: [entry('vid', { type: 'agency' })], field: 'type', message: /type: "agency" is not one of ministry, institution/ },
  { name: 'missing type', bad: [entry('vid', { type: undefined })], field: 'type', message: /type: is missing/ },
  { name: 'institution without sector', bad: [entry('vid', { sector: undefined })], field: 'sector', message: /sector: is missing: type "institution" must name its ministry's sector code/ },
  { name: 'ministry without sector', bad: [entry('fm', { type: 'ministry', sector: undefined })], field: 'sector', message: /sector: is missing: type "ministry"/ },
  { name: 'lower-case sector', bad: [entry('vid', { sector: 'fm' })], field: 'sector', message: /sector: "fm" is not an upper-case/ },
  { name: 'non-ASCII sector', bad: [entry('vid', { sector: 'ĀM' })], field: 'sector', message: /sector: "ĀM" is not an upper-case ASCII/ },
  { name: 'missing url', bad: [entry('vid', { url: undefined })], field: 'url', message: /\(id "vid"\): url: is missing/ },
  { name: 'empty url', bad: [entry('vid', { url: '' })], field: 'url', message: /url: is empty/ },
  { name: 'url not a string', bad: [entry('vid', { url: ['https://www.vid.gov.lv'] })], field: 'url', message: /url: must be a string, got an array/ },
  { name: 'relative url', bad: [entry('vid', { url: 'www.vid.gov.lv' })], field: 'url', message: /url: "www\.vid\.gov\.lv" is not an absolute URL/ },
  { name: 'protocol-relative url', bad: [entry('vid', { url: '//www.vid.gov.lv' })], field: 'url', message: /is not an absolute URL/ },
  { name: 'userinfo', bad: [entry('vid', { url: 'https://user:secret@www.vid.gov.lv/' })], field: 'url', message: /url: "https:\/\/\*\*\*@www\.vid\.gov\.lv\/" must not contain a user name or password/ },
  { name: 'userinfo, password only', bad: [entry('vid', { url: 'https://:hunter2@www.vid.gov.lv/' })], field: 'url', message: /^(?!.*hunter2).*must not contain a user name or password/ },
  { name: 'empty userinfo', bad: [entry('vid', { url: 'https://@www.vid.gov.lv/' })], field: 'url', message: /must not contain a user name or password/ },
  { name: 'file:', bad: [entry('vid', { url: 'file:///etc/passwd' })], field: 'url', message: /url: "file:\/\/\/etc\/passwd" is not an http\(s\) URL/ },
  { name: 'data:', bad: [entry('vid', { url: 'data:text/html,<h1>hi</h1>' })], field: 'url', message: /url: "data:text\/html,<h1>hi<\/h1>" is not an http\(s\) URL/ },
  { name: 'javascript:', bad: [entry('vid', { url: 'javascript:alert(1)' })], field: 'url', message: /url: "javascript:alert\(1\)" is not an http\(s\) URL/ },
  { name: 'ftp:', bad: [entry('vid', { url: 'ftp://x' })], field: 'url', message: /targets\.json\[1\] \(id "vid"\): url: "ftp:\/\/x" is not an http\(s\) URL/ },
  { name: 'mailto:', bad: [entry('vid', { url: 'mailto:vid@vid.gov.lv' })], field: 'url', message: /is not an http\(s\) URL/ },
  { name: 'unparsable url', bad: [entry('vid', { url: 'https://exa mple.lv' })], field: 'url', message: /contains whitespace/ },
  { name: 'bad port', bad: [entry('vid', { url: 'https://www.vid.gov.lv:99999/' })], field: 'url', message: /is not a valid URL/ },
  { name: '__proto__ field', bad: [JSON.parse('{"id":"vid","name":"VID","type":"institution","sector":"FM","url":"https://www.vid.gov.lv","__proto__":{"admin":true}}')], field: '__proto__', message: /__proto__: is not allowed/ },
  { name: 'constructor field', bad: [entry('vid', { constructor: { prototype: { admin: true } } })], field: 'constructor', message: /constructor: is not allowed/ },
  { name: 'over-long host label', bad: [entry('vid', { url: `https://${'a'.repeat(64)}.gov.lv/` })], field: 'url', message: /host name longer than DNS allows/ },
  { name: 'over-long host name', bad: [entry('vid', { url: `https://${'abcdefghi.'.repeat(26)}lv/` })], field: 'url', message: /host name longer than DNS allows/ },
  {
    name: 'over-long url',
    bad: [entry('vid', { url: `https://www.vid.gov.lv/${'a'.repeat(2048)}` })],
    field: 'url',
    message: /url: "https:\/\/www\.vid\.gov\.lv\/a+…" \(2071 characters\) is longer than 2048 characters/,
  },
];

/** The same site spelled two ways: the second is reported. */
const SAME_SITE: [string, string, string][] = [
  ['host case', 'https://www.vid.gov.lv/', 'https://WWW.VID.GOV.LV/'],
  ['www prefix', 'https://www.vid.gov.lv/', 'https://vid.gov.lv/'],
  ['trailing slash', 'https://www.vid.gov.lv/lv', 'https://www.vid.gov.lv/lv/'],
  ['trailing dot', 'https://www.vid.gov.lv/', 'https://www.vid.gov.lv./'],
  ['fragment', 'https://www.vid.gov.lv/lv', 'https://www.vid.gov.lv/lv#sakums'],
  ['path case', 'https://www.vid.gov.lv/LV', 'https://www.vid.gov.lv/lv'],
  ['http vs https', 'https://www.vid.gov.lv/', 'http://www.vid.gov.lv/'],
  ['default port', 'https://www.vid.gov.lv/', 'https://www.vid.gov.lv:443/'],
  ['Unicode vs punycode host', 'https://www.rīga.lv/', 'https://www.xn--rga-uta.lv/'],
  ['punycode vs Unicode host', 'https://xn--rga-uta.lv/', 'https://WWW.RĪGA.LV./'],
];

describe('invalid entries are reported with index, id and field, and skipped', () => {
  for (const c of BAD) {
    it(c.name, () => {
      const parsed = parse([BEFORE, ...c.bad, AFTER]);
      const index = c.index ?? c.bad.length; // BEFORE is at 0
      const reported = parsed.errors.filter((e) => e.index === index);
      expect(reported, JSON.stringify(parsed.errors)).toHaveLength(1);
      const error = reported[0] as TargetError;
      expect(error.field).toBe(c.field);
      expect(error.message).toMatch(c.message);
      expect(error.message.startsWith(`${SRC}[${index}]`)).toBe(true);
      if (c.field !== undefined) expect(error.message).toContain(`: ${c.field}: `);
      const badId = (c.bad.at(-1) as Record<string, unknown> | null)?.id;
      if (typeof badId === 'string') {
        expect(error.id).toBe(badId);
        expect(error.message).toContain(`(id ${JSON.stringify(badId)})`);
      } else expect(error.id).toBeUndefined();
      // every other error belongs to no other entry, and the valid neighbours survive
      expect(parsed.errors.every((e) => e.index === index)).toBe(true);
      expect(ids(parsed.targets)).toEqual(['kase', ...(c.bad.length > 1 ? ['vid'] : []), 'cfla']);
      expect(parsed.warnings).toEqual([]);
    });
  }

  for (const [what, first, second] of SAME_SITE) {
    it(`the same site spelled two ways (${what})`, () => {
      const parsed = parse([BEFORE, entry('vid', { url: first }), entry('vid-copy', { url: second }), AFTER]);
      expect(ids(parsed.targets)).toEqual(['kase', 'vid', 'cfla']);
      expect(parsed.errors).toHaveLength(1);
      expect(parsed.errors[0]).toMatchObject({ index: 2, id: 'vid-copy', field: 'url' });
      expect(parsed.errors[0]!.message).toMatch(
        /^targets\.json\[2\] \(id "vid-copy"\): url: ".*" is the same site as targets\.json\[1\] \(id "vid"\)$/,
      );
    });
  }

  it('reports every problem of one entry', () => {
    const parsed = parse([BEFORE, { id: 'a:b', name: '', type: 'agency', url: 'ftp://x' }, AFTER]);
    expect(parsed.errors.map((e) => e.field)).toEqual(['id', 'name', 'type', 'url']);
    expect(parsed.errors.every((e) => e.index === 1 && e.id === 'a:b')).toBe(true);
    expect(ids(parsed.targets)).toEqual(['kase', 'cfla']);
  });
});

describe('warnings keep the entry', () => {
  it('http: is accepted with a warning', () => {
    const parsed = parse([BEFORE, entry('vid', { url: 'http://www.vid.gov.lv' }), AFTER]);
    expect(parsed.errors).toEqual([]);
    expect(ids(parsed.targets)).toEqual(['kase', 'vid', 'cfla']);
    expect(parsed.targets[1]!.url).toBe('http://www.vid.gov.lv/');
    expect(parsed.warnings).toEqual([
      {
        index: 1,
        id: 'vid',
        field: 'url',
        message: 'targets.json[1] (id "vid"): url: "http://www.vid.gov.lv" uses http:, the national list should use https:',
      },
    ]);
  });

  it('two paths on one host are kept with a warning', () => {
    const parsed = parse([entry('vid', { url: 'https://www.vid.gov.lv/lv' }), entry('vid-en', { url: 'https://vid.gov.lv/en' })]);
    expect(ids(parsed.targets)).toEqual(['vid', 'vid-en']);
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]).toMatchObject({ index: 1, id: 'vid-en', field: 'url' });
    expect(parsed.warnings[0]!.message).toMatch(/same host as targets\.json\[0\] \(id "vid"\) with another path/);
  });
});

describe('valid entries', () => {
  it('normalise the URL and keep extra fields', () => {
    const parsed = parse([
      { id: 'riga', name: 'Rīgas valstspilsētas pašvaldība', type: 'state-city', url: 'https://WWW.Rīga.LV./lv/?a=1#top', atvk: '0001000', tags: ['x'] },
    ]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.targets).toEqual([
      { id: 'riga', name: 'Rīgas valstspilsētas pašvaldība', type: 'state-city', url: 'https://www.xn--rga-uta.lv/lv/?a=1', atvk: '0001000', tags: ['x'] },
    ]);
  });

  it('accept every type; sector is optional outside ministries and institutions', () => {
    const parsed = parse([
      entry('fm', { type: 'ministry' }),
      entry('vid'),
      entry('ldz', { type: 'state-company', sector: 'SM' }),
      entry('saeima', { type: 'independent', sector: undefined }),
      entry('riga', { type: 'state-city', sector: undefined }),
      entry('siguldas-novads', { type: 'county', sector: undefined }),
    ]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.targets.map((t) => t.type)).toEqual([...TARGET_TYPES]);
    expect('sector' in parsed.targets[3]!).toBe(false);
  });

  it('keeps the URL path, drops the default port', () => {
    const parsed = parse([entry('vid', { url: 'https://www.vid.gov.lv:443/lv/sakums' })]);
    expect(parsed.targets[0]!.url).toBe('https://www.vid.gov.lv/lv/sakums');
  });
});

describe('targetFromUrl', () => {
  it('derives id and name from the host', () => {
    expect(targetFromUrl('https://www.vid.gov.lv/lv')).toEqual({
      id: 'vid-gov-lv',
      name: 'www.vid.gov.lv',
      type: 'institution',
      url: 'https://www.vid.gov.lv/lv',
    });
  });

  it('accepts a bare host', () => {
    expect(targetFromUrl('www.vid.gov.lv')).toMatchObject({ id: 'vid-gov-lv', url: 'https://www.vid.gov.lv/' });
    expect(targetFromUrl('127.0.0.1:8080/x')).toMatchObject({ id: '127-0-0-1-8080', name: '127.0.0.1:8080', url: 'https://127.0.0.1:8080/x' });
  });

  it('handles IDN hosts and keeps the slug valid', () => {
    const t = targetFromUrl('https://www.rīga.lv/');
    expect(t.url).toBe('https://www.xn--rga-uta.lv/');
    expect(t.name).toBe('www.rīga.lv');
    expect(t.id).toMatch(/^[a-z0-9][a-z0-9-]{0,62}$/);
    expect(targetFromUrl(`https://${'a'.repeat(60)}.${'b'.repeat(20)}.lv/`).id).toMatch(/^[a-z0-9][a-z0-9-]{0,62}$/);
  });

  it('produces a target that parseTargets accepts', () => {
    const t = targetFromUrl('https://www.sigulda.lv');
    const parsed = parseTargets(JSON.stringify([{ ...t, sector: 'VARAM' }]), SRC);
    expect(parsed.errors).toEqual([]);
  });

  it('rejects what cannot be audited', () => {
    for (const bad of ['', 'ftp://x', 'javascript:alert(1)', 'file:///etc/passwd', 'https://user:pw@vid.gov.lv', 'https://']) {
      expect(() => targetFromUrl(bad), bad).toThrow(TargetUrlError);
    }
  });
});

describe('a hostile targets file', () => {
  it('every bad entry is reported naming it, same sites are caught however spelled, and the good entries go on', async () => {
    const { encodeSingleByte } = await import('../../dev/site-server.ts');
    const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const good = [entry('kase', { url: 'https://www.kase.gov.lv' }), entry('riga', { type: 'state-city', sector: undefined, url: 'https://www.rīga.lv/lv/' })];
    const bad: unknown[] = [
      'https://www.vid.gov.lv', // not an object
      entry('kase', { url: 'https://www.kase2.gov.lv' }), // duplicate id
      entry('kase-copy', { url: 'https://KASE.gov.lv./' }), // same site: case, www, trailing dot
      entry('riga-puny', { type: 'state-city', sector: undefined, url: 'https://xn--rga-uta.lv/lv' }), // punycode of riga
      entry('no-url', { url: undefined }),
      entry('userinfo', { url: 'https://admin:hunter2pw@www.fm.gov.lv/' }),
      entry('file-url', { url: 'file:///etc/passwd' }),
      entry('data-url', { url: 'data:text/html,<h1>x</h1>' }),
      entry('js-url', { url: 'javascript:alert(1)' }),
      entry('ftp-url', { url: 'ftp://ftp.vid.gov.lv/' }),
      entry('long-url', { url: `https://www.vid.gov.lv/${'x'.repeat(3000)}` }),
    ];
    const warned = [entry('plain-http', { url: 'http://www.lvm.lv/' })];
    // A BOM first, then the JSON; one entry's name in Windows-1257 bytes (ā = 0xE2), as a legacy editor saves it.
    const text = JSON.stringify([...good, ...bad, ...warned, { ...entry('cp1257', { url: 'https://www.lad.gov.lv' }), name: '@@NAME@@' }]);
    const [before, after] = text.split('"@@NAME@@"') as [string, string];
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(before), encodeSingleByte('"Lauku atbalsta dienests, Rīgā"', 'windows-1257'), Buffer.from(after)]);
    const dir = mkdtempSync(join(tmpdir(), 'eindex-targets-'));
    try {
      const file = join(dir, 'hostile.json');
      writeFileSync(file, bytes);
      const parsed = await loadTargets(file);
      const total = good.length + bad.length + warned.length + 1;
      const rejected = new Set(parsed.errors.map((e) => e.index));
      console.log(`[targets] hostile file: ${total} entries, ${parsed.targets.length} kept (${parsed.warnings.length} with a warning), ${rejected.size} rejected, ${parsed.errors.length} messages`);
      expect(ids(parsed.targets)).toEqual(['kase', 'riga', 'plain-http']);
      expect(parsed.targets.find((t) => t.id === 'riga')!.url).toBe('https://www.xn--rga-uta.lv/lv/');
      // Every bad entry rejected, each message naming the file, the index and (where it has one) the id.
      expect([...rejected].sort((a, b) => a - b)).toEqual([...bad.map((_, i) => good.length + i), total - 1]);
      for (const e of parsed.errors) {
        expect(e.message.startsWith(`${file}[${e.index}]`)).toBe(true);
        if (e.id) expect(e.message).toContain(`(id "${e.id}")`);
      }
      expect(parsed.errors.find((e) => e.id === 'cp1257')!.message).toMatch(/not UTF-8/);
      expect(parsed.errors.find((e) => e.id === 'riga-puny')!.message).toMatch(/same site as .*\(id "riga"\)/);
      expect(parsed.errors.find((e) => e.id === 'kase-copy')!.message).toMatch(/same site as .*\(id "kase"\)/);
      expect(parsed.warnings.map((w) => w.id)).toEqual(['plain-http']);
      // No password in any message.
      expect(JSON.stringify(parsed)).not.toContain('hunter2pw');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
