// Structured JSON logging (pino) with secrets redacted wherever they appear in a log record
// (sensitive-text.ts: fields by name, and tokens, credentials and personal data inside any string).
import { type Logger, pino } from 'pino';
import { currentCorrelationId } from './correlation-context.js';
import { maskSensitiveText, maskSensitiveValues } from './sensitive-text.js';

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
      timestamp: pino.stdTimeFunctions.isoTime,
      // A line logged while a request or a bus message is handled names that work's correlation id
      // (a line's own correlationId field wins).
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId === undefined ? {} : { correlationId };
      },
      formatters: {
        level: (label) => ({ level: label }),
        // Secrets' fields by name; and free text can carry what no name says: tokens, e-mail addresses,
        // account numbers.
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
