// The remembered message parse and locale lookup of Lighthouse's intl-messageformat (src/collectors/lighthouse-i18n.ts):
// on every message Lighthouse ships, the same results as the library's own, parsed once per message and options.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { lighthouseMessageFormat, rememberMessageFormats, type MessageFormatCtor } from '../../src/collectors/lighthouse-i18n.ts';

const library = lighthouseMessageFormat()!;
const messages = Object.values(
  JSON.parse(readFileSync(createRequire(import.meta.resolve('lighthouse')).resolve('../shared/localization/locales/en-US.json'), 'utf8')) as Record<string, { message: string }>,
).map((m) => m.message);

/** The parse tree, or the error the parse throws (one Lighthouse message is malformed for the parser). */
function outcome(parse: () => unknown): unknown {
  try {
    return parse();
  } catch (err) {
    return `throws ${(err as Error).message}`;
  }
}

/** A patched copy of the library's two functions; the library itself stays as it is. */
function patchedCopy(maxMessages?: number): MessageFormatCtor {
  const copy: MessageFormatCtor = { resolveLocale: library.resolveLocale.bind(library), __parse: library.__parse.bind(library) };
  rememberMessageFormats(copy, maxMessages);
  return copy;
}

describe('rememberMessageFormats', () => {
  test('the library Lighthouse imports is found and patchable', () => {
    expect(library).not.toBeNull();
    expect(messages.length).toBeGreaterThan(500);
  });

  test('every Lighthouse message parses to the same tree, once per message and options', () => {
    const copy = patchedCopy();
    const opts = { ignoreTag: true, locale: library.resolveLocale('en-US') };
    let parsed = 0;
    for (const m of messages) {
      const first = outcome(() => copy.__parse(m, opts));
      expect(first).toEqual(outcome(() => library.__parse(m, opts)));
      if (typeof first === 'string') continue;
      expect(copy.__parse(m, { ...opts })).toBe(first);
      parsed++;
    }
    expect(parsed).toBeGreaterThan(messages.length - 5);
    // Other options are another parse: a message with a tag reads differently with ignoreTag false.
    const tagged = 'Use <b>{count}</b> items';
    expect(copy.__parse(tagged, { ignoreTag: false, locale: opts.locale })).not.toEqual(copy.__parse(tagged, opts));
    expect(copy.__parse(tagged, { ignoreTag: false, locale: opts.locale })).toEqual(library.__parse(tagged, { ignoreTag: false, locale: opts.locale }));
  });

  test('past the bound it forgets and still answers right', () => {
    const copy = patchedCopy(3);
    const opts = { ignoreTag: true };
    const some = messages.slice(0, 10);
    for (const m of [...some, ...some]) expect(outcome(() => copy.__parse(m, opts))).toEqual(outcome(() => library.__parse(m, opts)));
  });

  test('the locale lookup answers as the library does, the same object each time', () => {
    const copy = patchedCopy();
    for (const l of ['en-US', 'lv', 'de-DE', 'xx-unknown']) {
      expect(String(copy.resolveLocale(l))).toBe(String(library.resolveLocale(l)));
      expect(copy.resolveLocale(l)).toBe(copy.resolveLocale(l));
    }
  });
});
