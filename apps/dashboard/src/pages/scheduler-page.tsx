// Scheduler: jobs with their triggers and next fire times (pause, resume, run now for administrators),
// the latest runs, and the exchange calendar's coming sessions.

import { api } from '../api/api-client.js';
import { roleMay } from '../api/session.js';
import { useResource } from '../api/use-resource.js';
import type { PageProps } from '../app.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { time } from '../components/formats.js';
import { LoadState } from '../components/load-state.js';

interface Job {
  id: string;
  kind: string;
  trigger: Record<string, unknown>;
  paused: boolean;
  nextFire: string | null;
  running: number;
}
interface Run {
  jobId: string;
  scheduledFor: number;
  status: string;
  attempt: number;
  startedAt: number | null;
  finishedAt: number | null;
  error: string | null;
}
interface Session {
  date: string;
  open: string | number;
  close: string | number;
  earlyClose?: boolean;
}

function triggerText(trigger: Record<string, unknown>): string {
  if (trigger.type === 'cron') return `cron ${String(trigger.expression ?? trigger.cron ?? '')}`;
  if (trigger.type === 'session')
    return `${Number(trigger.offsetMinutes ?? 0)} min from the ${String(trigger.at)}`;
  return Object.entries(trigger)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(' ');
}

export function SchedulerPage(props: PageProps) {
  const jobs = useResource<Job[]>('scheduler/jobs', { every: 10_000 });
  const runs = useResource<Run[]>('scheduler/runs?limit=50', { every: 10_000 });
  const today = new Date();
  const from = today.toISOString().slice(0, 10);
  const to = new Date(today.getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
  const sessions = useResource<Session[] | { sessions: Session[] }>(
    `scheduler/calendar/sessions?from=${from}&to=${to}`,
  );
  const denied = roleMay(props.principal.role, 'admin') ? undefined : 'only administrators change jobs';
  return (
    <div class="grid">
      <section aria-label="Jobs" class="wide">
        <h2>Jobs</h2>
        <LoadState resource={jobs}>
          {(rows) => (
            <div class="scroll">
              <table data-testid="jobs">
                <thead>
                  <tr>
                    <th scope="col">Job</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Trigger</th>
                    <th scope="col">Next fire</th>
                    <th scope="col">State</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((job) => (
                    <tr key={job.id}>
                      <td>{job.id}</td>
                      <td>{job.kind}</td>
                      <td>{triggerText(job.trigger)}</td>
                      <td>{job.nextFire ? time(job.nextFire, false) : '—'}</td>
                      <td>{job.paused ? 'paused' : job.running > 0 ? 'running' : 'waiting'}</td>
                      <td>
                        <ConfirmButton
                          label={job.paused ? 'Resume' : 'Pause'}
                          question={`${job.paused ? 'Resume' : 'Pause'} ${job.id}?`}
                          deniedReason={denied}
                          action={() =>
                            api(`scheduler/jobs/${job.id}/${job.paused ? 'resume' : 'pause'}`, 'POST')
                          }
                          onDone={() => jobs.reload()}
                        />{' '}
                        <ConfirmButton
                          label="Run now"
                          question={`Run ${job.id} now?`}
                          deniedReason={denied}
                          action={() => api(`scheduler/jobs/${job.id}/trigger`, 'POST')}
                          onDone={() => runs.reload()}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </LoadState>
      </section>
      <section aria-label="Runs">
        <h2>Latest runs</h2>
        <LoadState resource={runs}>
          {(rows) => (
            <div class="scroll short">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Job</th>
                    <th scope="col">Scheduled for</th>
                    <th scope="col">Status</th>
                    <th scope="col">Took</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((run) => (
                    <tr key={`${run.jobId}-${run.scheduledFor}-${run.attempt}`}>
                      <td>{run.jobId}</td>
                      <td>{time(run.scheduledFor, false)}</td>
                      <td title={run.error ?? ''}>
                        {run.status}
                        {run.attempt > 1 ? ` (attempt ${run.attempt})` : ''}
                      </td>
                      <td class="number">
                        {run.startedAt && run.finishedAt ? `${run.finishedAt - run.startedAt} ms` : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </LoadState>
      </section>
      <section aria-label="Calendar">
        <h2>Calendar (next two weeks)</h2>
        <LoadState resource={sessions}>
          {(answer) => {
            const rows = Array.isArray(answer) ? answer : answer.sessions;
            return (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Open</th>
                    <th scope="col">Close</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((session) => (
                    <tr key={session.date}>
                      <td>{session.date}</td>
                      <td>{time(session.open, false)}</td>
                      <td>
                        {time(session.close, false)}
                        {session.earlyClose ? ' (early close)' : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          }}
        </LoadState>
      </section>
    </div>
  );
}
