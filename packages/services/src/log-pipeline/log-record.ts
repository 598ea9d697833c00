// One pino JSON line read into the fields the log stores index: time, level, service, correlation id.
export interface LogRecord {
  readonly time: string;
  readonly level: string;
  readonly service: string;
  readonly correlationId: string | null;
  readonly message: string;
  /** Every other field of the line. */
  readonly fields: Readonly<Record<string, unknown>>;
}

const pinoLevels: Readonly<Record<number, string>> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** A pino line as a record; null for a line that is not a JSON object (never thrown: logs must not fail). */
export function logRecordOfLine(line: string): LogRecord | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const { time, level, service, correlationId, msg, ...fields } = parsed as Record<string, unknown>;
  const when =
    typeof time === 'number' ? new Date(time) : typeof time === 'string' ? new Date(time) : new Date();
  return {
    time: Number.isNaN(when.getTime()) ? new Date().toISOString() : when.toISOString(),
    level: typeof level === 'number' ? (pinoLevels[level] ?? String(level)) : String(level ?? 'info'),
    service: typeof service === 'string' ? service : 'unknown',
    correlationId: typeof correlationId === 'string' ? correlationId.slice(0, 100) : null,
    message: typeof msg === 'string' ? msg : '',
    fields,
  };
}
