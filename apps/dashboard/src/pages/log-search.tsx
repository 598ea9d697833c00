// The System page's log search: the Monitoring service's full-text search of the stored log lines
// (GET /api/monitoring/logs) with its filters, and loading, empty and error states.
import { useState } from 'preact/hooks';
import { useResource } from '../api/use-resource.js';
import { time } from '../components/formats.js';
import { LoadState } from '../components/load-state.js';

interface LogLine {
  id: number;
  time: string;
  level: string;
  service: string;
  correlationId: string | null;
  message: string;
}

const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/** A `datetime-local` value (the user's zone) as the ISO instant the server expects; empty stays empty. */
export function instantOfLocal(value: string): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** The search's query string from the form: only the filters that were filled in. */
export function logQueryOf(form: FormData): string {
  const parameters = new URLSearchParams({ limit: '100' });
  const text = (name: string) => String(form.get(name) ?? '').trim();
  if (text('q')) parameters.set('q', text('q'));
  if (text('level')) parameters.set('level', text('level'));
  if (text('service')) parameters.set('service', text('service'));
  if (text('correlation_id')) parameters.set('correlation_id', text('correlation_id'));
  if (text('from')) parameters.set('from', instantOfLocal(text('from')));
  if (text('to')) parameters.set('to', instantOfLocal(text('to')));
  return parameters.toString();
}

export function LogSearch() {
  const [query, setQuery] = useState('limit=100');
  const logs = useResource<{ logs: LogLine[] }>(`monitoring/logs?${query}`);
  return (
    <>
      <form
        class="filters"
        aria-label="Log search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery(logQueryOf(new FormData(event.currentTarget as HTMLFormElement)));
        }}
      >
        <label>
          Words
          <input name="q" size={16} placeholder="order rejected" />
        </label>
        <label>
          Level
          <select name="level">
            <option value="">any</option>
            {levels.map((level) => (
              <option key={level} value={level}>
                {level}
              </option>
            ))}
          </select>
        </label>
        <label>
          Service
          <input name="service" size={12} />
        </label>
        <label>
          Correlation id
          <input name="correlation_id" size={12} />
        </label>
        <label>
          From
          <input name="from" type="datetime-local" step={1} />
        </label>
        <label>
          To
          <input name="to" type="datetime-local" step={1} />
        </label>
        <button type="submit" data-testid="search-logs">
          Search logs
        </button>
      </form>
      <LoadState resource={logs}>
        {(answer) =>
          answer.logs.length === 0 ? (
            <p class="muted" data-testid="logs-empty">
              No log line matches.
            </p>
          ) : (
            <div class="scroll short">
              <table data-testid="logs">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Level</th>
                    <th scope="col">Service</th>
                    <th scope="col">Message</th>
                    <th scope="col">Correlation id</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.logs.map((line) => (
                    <tr key={line.id} data-testid="log-row" data-level={line.level}>
                      <td>{time(Date.parse(line.time))}</td>
                      <td class={`level-${line.level}`}>{line.level}</td>
                      <td>{line.service}</td>
                      <td>{line.message}</td>
                      <td>
                        <code>{line.correlationId ?? ''}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
    </>
  );
}
