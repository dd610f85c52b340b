// One pino logger for the process, JSON to stderr (stdout is for what the command prints for people and pipes).
// Every line passes a scrubber before it is written: secrets must never reach a log, whichever field or message
// carries them (an error text quoting a URL with a password, a header object, a Redis URL).
import pino, { type DestinationStream, type Logger } from 'pino';

const MASK = '***';

/** Field paths pino blanks whatever their value (objects logged as they are, e.g. request headers). */
const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.authorization',
  'password',
  '*.password',
  'token',
  '*.token',
  'apiToken',
  'redisUrl',
  '*.redisUrl',
];

/** The secrets of this process's environment: EINDEX_API_TOKEN and the user name and password in REDIS_URL. */
export function envSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const secrets: string[] = [];
  if (env.EINDEX_API_TOKEN) secrets.push(env.EINDEX_API_TOKEN);
  if (env.REDIS_URL) {
    try {
      const u = new URL(env.REDIS_URL);
      for (const part of [u.password, u.username]) {
        if (!part) continue;
        secrets.push(part);
        const decoded = safeDecode(part);
        if (decoded !== part) secrets.push(decoded);
      }
    } catch {
      // an unparsable REDIS_URL has nothing we can pick out; the userinfo pattern below still applies
    }
  }
  // Short values (a Redis user "default") would blank ordinary words; real secrets are longer.
  return [...new Set(secrets.filter((s) => s.length >= 6))];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes secrets from text: userinfo of any URL (`scheme://user:pass@` → `scheme://***@`), Authorization values
 * (`Bearer x`, `Basic x`), and each literal secret given (also as it appears JSON-escaped).
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>\\]*@/gi, `$1${MASK}@`)
    .replace(/\b(Bearer|Basic)(\s+|%20)[A-Za-z0-9._~+/=-]{4,}/g, `$1 ${MASK}`);
  for (const secret of secrets) {
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])) {
      out = out.replace(new RegExp(escapeRegExp(form), 'g'), MASK);
    }
  }
  return out;
}

/** A destination that scrubs each serialised line before writing it. */
export function redactingStream(target: DestinationStream, secrets: readonly string[]): DestinationStream {
  return { write: (line: string) => target.write(redactText(line, secrets)) };
}

export function createLogger(
  level = process.env.EINDEX_LOG_LEVEL ?? 'info',
  destination: DestinationStream = pino.destination(2),
  secrets: readonly string[] = envSecrets(),
): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: MASK },
    },
    redactingStream(destination, secrets),
  );
}

/** For tests and quiet runs. */
export const silentLogger: Logger = pino({ level: 'silent' });
