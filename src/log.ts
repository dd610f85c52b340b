// One pino logger for the process, JSON to stderr (stdout is for what the command prints for people and pipes).
import pino, { type Logger } from 'pino';

export function createLogger(level = process.env.EINDEX_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}

/** For tests and quiet runs. */
export const silentLogger: Logger = pino({ level: 'silent' });
