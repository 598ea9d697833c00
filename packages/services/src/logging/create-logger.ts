// Structured JSON logging (pino) with secrets redacted wherever they appear in a log record.
import { type Logger, pino } from 'pino';

/** Paths whose values never reach a log line. */
const redactedPaths = [
  'secrets',
  '*.secrets',
  'password',
  '*.password',
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'api_secret_key',
  '*.api_secret_key',
  'broker_api_key',
  '*.broker_api_key',
  'broker_api_secret',
  '*.broker_api_secret',
  'polygon_api_key',
  '*.polygon_api_key',
  'alpha_vantage_api_key',
  '*.alpha_vantage_api_key',
  'gotify_token',
  '*.gotify_token',
  'prometheus_token',
  '*.prometheus_token',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'url',
  '*.url',
];

export interface LoggerOptions {
  readonly level: string;
  readonly service: string;
  /** Where lines go; defaults to standard output. */
  readonly destination?: NodeJS.WritableStream;
}

/** URLs may carry passwords (postgres://user:secret@host); their credentials are masked instead of dropped. */
export function maskUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      redact: { paths: redactedPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? process.stdout,
  );
}

export type { Logger };
