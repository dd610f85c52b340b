// The one place where "why could this site not be audited" is decided, and whether trying again may help.
import type { FailureClass } from './types.ts';

export class SiteFailure extends Error {
  override name = 'SiteFailure';
  readonly failure: FailureClass;
  constructor(failure: FailureClass, message: string) {
    super(message);
    this.failure = failure;
  }
}

/**
 * Transient classes are retried by the queue; the rest fail at once (BullMQ UnrecoverableError). `dns` is not one: a
 * name that does not resolve will not resolve minutes later, and the next night audits it again; only a resolver that
 * says "try again" (EAI_AGAIN) is retried (isTransient).
 */
export const TRANSIENT: ReadonlySet<FailureClass> = new Set(['timeout', 'connection-refused', 'browser-crash', 'internal']);

/** Latvian first (institutions read it), English after. */
const MESSAGES: Record<FailureClass, string> = {
  'invalid-url': 'Nederīga tīmekļvietnes adrese. / The website address is not valid.',
  dns: 'Domēna vārds netika atrasts (DNS). / The domain name could not be resolved.',
  'connection-refused': 'Serveris atteica savienojumu. / The server refused the connection.',
  tls: 'Drošā savienojuma (HTTPS/TLS) kļūda, piemēram, nederīgs sertifikāts. / The secure connection failed (TLS), e.g. an invalid certificate.',
  timeout: 'Tīmekļvietne neatbildēja laikā. / The website did not respond in time.',
  'http-error': 'Sākumlapa atbildēja ar HTTP kļūdu. / The home page answered with an HTTP error.',
  'redirect-loop': 'Tīmekļvietne pāradresē ciklā vai pārāk daudz reižu. / The website redirects in a loop or too many times.',
  'not-html': 'Sākumlapa nav HTML lapa. / The home page is not an HTML page.',
  'robots-disallowed': 'robots.txt aizliedz sākumlapas apskati. / robots.txt disallows the home page.',
  blocked: 'Piekļuvi bloķēja serveris vai pārlūka politika. / Access was blocked by the server or a browser policy.',
  'browser-crash': 'Pārlūks avarēja audita laikā. / The browser crashed during the audit.',
  internal: 'Audita iekšēja kļūda. / Internal error of the auditor.',
};

export function failureMessage(failure: FailureClass, detail?: string): string {
  return detail ? `${MESSAGES[failure]} (${detail})` : MESSAGES[failure];
}

const PATTERNS: [RegExp, FailureClass][] = [
  [/ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED|ENOTFOUND|EAI_AGAIN/i, 'dns'],
  [/ERR_CONNECTION_REFUSED|ECONNREFUSED|ERR_CONNECTION_RESET|ECONNRESET|ERR_ADDRESS_UNREACHABLE|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|ERR_TUNNEL_CONNECTION_FAILED/i, 'connection-refused'],
  [/ERR_CERT_|ERR_SSL_|SSL_ERROR|CERT_HAS_EXPIRED|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_BAD_SSL/i, 'tls'],
  [/ERR_TOO_MANY_REDIRECTS|redirect loop|too many redirects|maxRedirects/i, 'redirect-loop'],
  [/Timeout|ERR_TIMED_OUT|ETIMEDOUT|ERR_CONNECTION_TIMED_OUT/i, 'timeout'],
  [/ERR_BLOCKED_BY|ERR_ACCESS_DENIED|ERR_UNSAFE_PORT/i, 'blocked'],
  [/Target (page, context or browser )?(has been )?closed|Browser has been closed|browser has disconnected|crash/i, 'browser-crash'],
  [/ERR_INVALID_URL|Invalid URL|ERR_UNKNOWN_URL_SCHEME/i, 'invalid-url'],
];

/** The first line of an error's message, at most `max` characters: what a result or a log keeps of it. */
export function firstLine(err: unknown, max = 300): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.slice(0, max);
}

/** Classifies an error thrown while loading a site. */
export function classifyError(err: unknown): SiteFailure {
  if (err instanceof SiteFailure) return err;
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const line = text.split('\n')[0]!.slice(0, 300);
  for (const [pattern, failure] of PATTERNS) {
    if (pattern.test(text)) return new SiteFailure(failure, failureMessage(failure, line));
  }
  return new SiteFailure('internal', failureMessage('internal', line));
}

/** Classifies the home page's HTTP answer; null when it can be audited. */
export function classifyResponse(status: number, contentType: string): SiteFailure | null {
  if (status >= 400) return new SiteFailure('http-error', failureMessage('http-error', `HTTP ${status}`));
  if (contentType && !/html|xml/i.test(contentType)) {
    return new SiteFailure('not-html', failureMessage('not-html', `content-type: ${contentType}`));
  }
  return null;
}

export function isTransient(failure: FailureClass, detail = ''): boolean {
  // 5xx answers are often passing overloads; 4xx are not.
  if (failure === 'http-error') return /HTTP 5\d\d|HTTP 429/.test(detail);
  if (failure === 'dns') return /EAI_AGAIN|ERR_NAME_RESOLUTION_FAILED/.test(detail);
  return TRANSIENT.has(failure);
}

const TRANSIENT_COLLECTOR = /did not finish in|Lighthouse transient runtime error|ERR_ABORTED|interrupted by another navigation|Lighthouse thread (failed|exited|did not start)|Execution context was destroyed/i;

/**
 * Whether a home-page collector's failure may pass if tried again: time-outs, connection resets, a closed tab, an
 * aborted or replaced navigation, Lighthouse's thread dying. Not a bug in our code ("internal"), not what the site
 * is (TLS, HTTP errors, blocked).
 */
export function isTransientCollectorError(err: unknown): boolean {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  if (TRANSIENT_COLLECTOR.test(text)) return true;
  return ['timeout', 'connection-refused', 'browser-crash'].includes(classifyError(err).failure);
}
