// System: every service's health with its database latency and throughput, stream lag, the live stream's
// own figures (browsers, dropped events, memory), the log search and the audit log search.
import { useState } from 'preact/hooks';
import { roleMay } from '../api/session.js';
import { useResource } from '../api/use-resource.js';
import type { PageProps } from '../app.js';
import { time } from '../components/formats.js';
import { LoadState } from '../components/load-state.js';
import { instantOfLocal, LogSearch } from './log-search.js';

interface Health {
  status: string;
  services: Record<string, { status: string; detail?: Record<string, unknown> }>;
}
interface LiveStatistics {
  clients: number;
  published: number;
  connections: { role: string; sent: number; dropped: number; coalesced: number; buffered: number }[];
  memory: { rss: number; heapUsed: number };
}
interface AuditRecord {
  seq: number;
  occurredAt: number;
  actorKind: string;
  actorId: string;
  action: string;
  object: string;
  outcome: string;
}

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;

function detailText(detail: Record<string, unknown> | undefined): string {
  if (!detail) return '';
  return Object.entries(detail)
    .filter(([name]) => name !== 'database' && name !== 'bus')
    .map(([name, value]) => `${name}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' · ');
}

function AuditSearch() {
  const [query, setQuery] = useState('limit=50');
  const records = useResource<{ records: AuditRecord[] }>(`audit/records?${query}`);
  return (
    <>
      <form
        class="filters"
        aria-label="Audit search"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget as HTMLFormElement);
          const parameters = new URLSearchParams({ limit: '50' });
          for (const name of ['actor', 'action', 'object']) {
            const value = String(form.get(name) ?? '').trim();
            if (value) parameters.set(name, value);
          }
          for (const name of ['from', 'to']) {
            const value = String(form.get(name) ?? '').trim();
            if (value) parameters.set(name, instantOfLocal(value));
          }
          setQuery(parameters.toString());
        }}
      >
        <label>
          Actor
          <input name="actor" size={12} />
        </label>
        <label>
          Action
          <input name="action" size={12} placeholder="http.*" />
        </label>
        <label>
          Object
          <input name="object" size={16} />
        </label>
        <label>
          From
          <input name="from" type="datetime-local" step={1} />
        </label>
        <label>
          To
          <input name="to" type="datetime-local" step={1} />
        </label>
        <button type="submit" data-testid="search-audit">
          Search
        </button>
      </form>
      <LoadState resource={records}>
        {(answer) => (
          <div class="scroll short">
            <table data-testid="audit">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Time</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Object</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {answer.records.map((record) => (
                  <tr key={record.seq} data-testid="audit-row">
                    <td class="number">{record.seq}</td>
                    <td>{time(record.occurredAt)}</td>
                    <td>
                      {record.actorKind}:{record.actorId}
                    </td>
                    <td>{record.action}</td>
                    <td>{record.object}</td>
                    <td>{record.outcome}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadState>
    </>
  );
}

export function SystemPage(props: PageProps) {
  const health = useResource<Health>('../health', { every: 5_000 });
  const live = useResource<LiveStatistics>('live/statistics', { every: 5_000 });
  return (
    <div class="grid">
      <section aria-label="Services" class="wide">
        <h2>Services</h2>
        <LoadState resource={health}>
          {(state) => (
            <table data-testid="services">
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Status</th>
                  <th scope="col">Database latency</th>
                  <th scope="col">Bus</th>
                  <th scope="col">Throughput and lag</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(state.services).map(([name, service]) => {
                  const database = service.detail?.database as { latencyMilliseconds?: number } | undefined;
                  const bus = service.detail?.bus as { kind?: string; connected?: boolean } | undefined;
                  return (
                    <tr key={name}>
                      <td>{name}</td>
                      <td class={`status-${service.status}`}>{service.status}</td>
                      <td class="number">
                        {database?.latencyMilliseconds !== undefined
                          ? `${database.latencyMilliseconds} ms`
                          : '—'}
                      </td>
                      <td>
                        {bus ? `${bus.kind ?? ''} ${bus.connected ? 'connected' : 'disconnected'}` : '—'}
                      </td>
                      <td>{detailText(service.detail)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </LoadState>
      </section>
      <section aria-label="Live stream">
        <h2>Live stream</h2>
        <LoadState resource={live}>
          {(state) => (
            <>
              <p>
                {state.clients} browser(s) connected; {state.published.toLocaleString()} events sent out;
                server memory {megabytes(state.memory.rss)} resident, {megabytes(state.memory.heapUsed)} heap.
              </p>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Role</th>
                    <th scope="col">Sent</th>
                    <th scope="col">Dropped</th>
                    <th scope="col">Merged</th>
                    <th scope="col">Waiting</th>
                  </tr>
                </thead>
                <tbody>
                  {state.connections.map((connection, index) => (
                    <tr key={index}>
                      <td>{connection.role}</td>
                      <td class="number">{connection.sent.toLocaleString()}</td>
                      <td class="number">{connection.dropped.toLocaleString()}</td>
                      <td class="number">{connection.coalesced.toLocaleString()}</td>
                      <td class="number">{connection.buffered.toLocaleString()}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </LoadState>
      </section>
      <section aria-label="Logs" class="wide">
        <h2>Logs</h2>
        <LogSearch />
      </section>
      <section aria-label="Audit log" class="wide">
        <h2>Audit log</h2>
        {roleMay(props.principal.role, 'risk') ? (
          <AuditSearch />
        ) : (
          <p class="muted">Searching the audit log needs the risk or admin role.</p>
        )}
      </section>
      <p class="muted">Shown at {time(Date.now())}.</p>
    </div>
  );
}
