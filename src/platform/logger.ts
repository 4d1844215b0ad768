/**
 * Structured logs (pino). Secrets never reach a log line: request logs carry the path
 * without its query string, and the redaction list covers the fields that could hold
 * credentials, codes or tokens anywhere in a logged object.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export const redactedPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  'code',
  '*.code',
  'key',
  '*.key',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' }, base: { app: 'torget' } }, destination);
}
