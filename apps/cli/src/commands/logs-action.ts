// Calls GET /logs of the Monitoring service with the command's filters and prints one line per entry.
import { apiCall, defaultBaseUrl } from './api-client.js';

interface LogLine {
  time: string;
  level: string;
  service: string;
  correlationId: string | null;
  message: string;
  fields: Record<string, unknown>;
}

export async function printLogs(
  words: readonly string[],
  options: Record<string, string | boolean | undefined>,
): Promise<number> {
  const query = new URLSearchParams();
  if (words.length > 0) query.set('q', words.join(' '));
  const filters: [string, string][] = [
    ['level', 'level'],
    ['service', 'service'],
    ['correlationId', 'correlation_id'],
    ['from', 'from'],
    ['to', 'to'],
    ['limit', 'limit'],
  ];
  for (const [option, parameter] of filters) {
    const value = options[option];
    if (typeof value === 'string') query.set(parameter, value);
  }
  const base = typeof options.url === 'string' ? options.url : `${defaultBaseUrl}/api/monitoring`;
  let answer: { logs: LogLine[] };
  try {
    answer = (await apiCall(base, `/logs?${query.toString()}`)) as { logs: LogLine[] };
  } catch (error) {
    console.error(`ats logs: ${(error as Error).message}`);
    return 2;
  }
  if (options.json === true) console.log(JSON.stringify(answer.logs, null, 2));
  else
    for (const line of answer.logs)
      console.log(
        `${line.time} ${line.level.toUpperCase().padEnd(5)} ${line.service} ${line.correlationId ? `[${line.correlationId}] ` : ''}${line.message}`,
      );
  return 0;
}
