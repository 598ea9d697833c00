// `ats jobs`: list, trigger, pause and resume the scheduler's jobs, and read their history, over its REST API.
// Registration only (commander): the API client and error types load when a subcommand runs.
import type { Command } from 'commander';

const jobSubcommands = ['list', 'trigger', 'pause', 'resume', 'history'] as const;

const defaultUrl = process.env.ATS_SCHEDULER_URL ?? 'http://127.0.0.1:8000/api/scheduler';

/** Every call carries the caller's credentials (ATS_TOKEN, ATS_API_KEY or the `ats login` session). */
async function call(base: string, path: string, method?: string): Promise<unknown> {
  const { apiCall } = await import('./api-client.js');
  return apiCall(base, path, method);
}

export function registerJobsCommand(program: Command): void {
  const command = program
    .command('jobs')
    .description('manage scheduled jobs of a running ATS')
    .option('--url <url>', 'the scheduler API', defaultUrl);
  const base = () => (command.opts() as { url: string }).url;
  const list = async () => {
    const jobs = (await call(base(), '/jobs')) as {
      id: string;
      kind: string;
      paused: boolean;
      nextFire: string | null;
      trigger: unknown;
    }[];
    for (const job of jobs) {
      console.log(
        `${job.id.padEnd(26)} ${job.kind.padEnd(24)} ${job.paused ? 'paused'.padEnd(26) : (job.nextFire ?? '-').padEnd(26)} ${JSON.stringify(job.trigger)}`,
      );
    }
  };
  command.command('list').description('jobs with their triggers and next fire').action(list);
  // `ats jobs` alone lists; any other word is not a subcommand (rather than an argument of 'list').
  command.argument('[subcommand]').action(async (name: string | undefined) => {
    if (name === undefined) return list();
    const { InvalidInputError } = await import('@ats/core');
    throw new InvalidInputError(
      'subcommand',
      `unknown subcommand '${name}' of 'ats jobs'; use one of ${jobSubcommands.join(', ')}`,
      name,
    );
  });
  for (const action of ['trigger', 'pause', 'resume'] as const) {
    command
      .command(action)
      .description(`${action} a job`)
      .argument('<id>', 'the job id')
      .action(async (id: string) => {
        console.log(
          JSON.stringify(await call(base(), `/jobs/${encodeURIComponent(id)}/${action}`, 'POST'), null, 2),
        );
      });
  }
  command
    .command('history')
    .description('recent runs, of one job or all')
    .argument('[id]', 'the job id')
    .option('--limit <n>', 'how many', '20')
    .action(async (id: string | undefined, options: { limit: string }) => {
      const path = id
        ? `/jobs/${encodeURIComponent(id)}/runs?limit=${options.limit}`
        : `/runs?limit=${options.limit}`;
      const runs = (await call(base(), path)) as {
        jobId: string;
        scheduledFor: number;
        status: string;
        attempt: number;
        error: string | null;
      }[];
      for (const run of runs) {
        console.log(
          `${new Date(run.scheduledFor).toISOString()}  ${run.jobId.padEnd(26)} ${run.status.padEnd(10)} attempt ${run.attempt}${run.error ? `  ${run.error}` : ''}`,
        );
      }
    });
}
