// Structured JSON logging (pino) with secrets redacted wherever they appear in a log record.
import { type Logger, pino } from 'pino';
import { maskSensitiveText, maskSensitiveValues } from './sensitive-text.js';

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
  // Tokens, keys and credentials under their usual names.
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'secret',
  '*.secret',
  'apiSecret',
  '*.apiSecret',
  'api_key',
  '*.api_key',
  'api_secret',
  '*.api_secret',
  'privateKey',
  '*.privateKey',
  'private_key',
  '*.private_key',
  'credentials',
  '*.credentials',
  'cookie',
  '*.cookie',
  'headers.authorization',
  '*.headers.authorization',
  'headers.cookie',
  '*.headers.cookie',
  'headers["set-cookie"]',
  '*.headers["set-cookie"]',
  'headers["x-api-key"]',
  '*.headers["x-api-key"]',
  'req.headers.cookie',
  // Personal data: account numbers and e-mail addresses.
  'accountNumber',
  '*.accountNumber',
  'account_number',
  '*.account_number',
  'email',
  '*.email',
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
      formatters: {
        level: (label) => ({ level: label }),
        // Free text can carry what no path names: tokens, e-mail addresses, account numbers.
        log: (fields) => maskSensitiveValues(fields) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((argument) =>
            typeof argument === 'string' ? maskSensitiveText(argument) : argument,
          ) as Parameters<typeof method>;
          method.apply(this, masked);
        },
      },
    },
    options.destination ?? process.stdout,
  );
}

export type { Logger };
