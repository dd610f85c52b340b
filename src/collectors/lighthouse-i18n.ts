// Lighthouse formats every string of its result with intl-messageformat, which parses each message and looks its
// locale up again for every string of every run: a fifth of the Lighthouse thread's CPU on the light bench corpus.
// The same messages come back every run, so the parse (a pure function of the message and its options, whose result
// is only read) and the locale lookup are remembered for the thread's life (lighthouse-worker.ts).
import { createRequire } from 'node:module';

export interface MessageFormatCtor {
  resolveLocale(locales: string | string[]): unknown;
  __parse(message: string, opts: Record<string, unknown>): unknown;
}

/** The intl-messageformat class Lighthouse itself imports (resolved from Lighthouse's place), or null. */
export function lighthouseMessageFormat(): MessageFormatCtor | null {
  const required = createRequire(import.meta.resolve('lighthouse'))('intl-messageformat') as { IntlMessageFormat?: MessageFormatCtor };
  const ctor = required.IntlMessageFormat;
  return ctor && typeof ctor.resolveLocale === 'function' && typeof ctor.__parse === 'function' ? ctor : null;
}

/** Makes `ctor`'s locale lookup and message parse remember their results (at most `maxMessages` parses). */
export function rememberMessageFormats(ctor: MessageFormatCtor | null, maxMessages = 20_000): void {
  if (!ctor) return; // another version of the library: run unpatched
  const locales = new Map<string, unknown>();
  const resolveLocale = ctor.resolveLocale.bind(ctor);
  ctor.resolveLocale = (l) => {
    const key = String(l);
    if (!locales.has(key)) locales.set(key, resolveLocale(l));
    return locales.get(key);
  };
  // Per options (Lighthouse passes the same few), then per message: no key built from the long message each time.
  const asts = new Map<string, Map<string, unknown>>();
  let remembered = 0;
  const parse = ctor.__parse.bind(ctor);
  ctor.__parse = (message, opts) => {
    let optsKey = '';
    for (const k in opts) optsKey += `${k}=${String(opts[k])};`;
    let byMessage = asts.get(optsKey);
    const cached = byMessage?.get(message);
    if (cached !== undefined) return cached;
    if (++remembered > maxMessages) { // a bound, should messages ever carry their values
      asts.clear();
      remembered = 1;
      byMessage = undefined;
    }
    if (!byMessage) asts.set(optsKey, (byMessage = new Map()));
    const ast = parse(message, opts);
    byMessage.set(message, ast);
    return ast;
  };
}
