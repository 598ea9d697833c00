// The Scheduler's wiring, used alike in one process and in its own: jobs on market time, the
// built-in job kinds, the calendar, and the health of every service.
import { NyseCalendar } from '@ats/calendar';
import { LiveClock, toAccountId, topics } from '@ats/core';
import { SqlJobRepository } from '@ats/persistence';
import { JobScheduler } from '@ats/scheduler';
import type { ServiceHealth } from '../http/service-module.js';
import { jobRunMetrics } from '../metrics/job-run-metrics.js';
import { builtInJobs } from '../scheduler/built-in-jobs.js';
import { defaultJobs } from '../scheduler/default-jobs.js';
import { SchedulerModule } from '../scheduler/scheduler-module.js';
import { schedulerSafetyOf } from '../scheduler/scheduler-safety.js';
import { backupDirectoryOf, instrumentsOf } from '../wiring/config-mapping.js';
import { CryptoRandom } from '../wiring/crypto-random.js';
import { restoredPortfolio } from './restored-portfolio.js';
import type { ServiceContext, ServiceInstance } from './service-context.js';

export interface SchedulerServiceOptions {
  /** The health of every service (in process: their modules; across processes: their /health). */
  readonly servicesHealth: () => Promise<Record<string, ServiceHealth>>;
  readonly instance: string;
}

export async function buildScheduler(
  context: ServiceContext,
  options: SchedulerServiceOptions,
): Promise<ServiceInstance & { readonly scheduler: JobScheduler }> {
  const { config, bus, database, repositories, metrics, ids, clock, logger, onError } = context;
  const calendar = new NyseCalendar();
  const jobRepository = new SqlJobRepository(database);
  if ((await jobRepository.listJobs()).length === 0)
    for (const job of defaultJobs) await jobRepository.saveJob(job);
  const accountId = toAccountId(config.account.id);
  const instruments = instrumentsOf(config);
  let lastMarketData: number | null = null;
  const subscriptions: { unsubscribe(): Promise<void> }[] = [];
  const recordJobRun = jobRunMetrics(context.metrics);
  const scheduler = new JobScheduler({
    clock,
    durationClock: new LiveClock(),
    repository: jobRepository,
    calendar,
    random: new CryptoRandom(),
    instance: options.instance,
    ...schedulerSafetyOf({ config, bus, ids, clock, logger }),
    handlers: builtInJobs({
      bus,
      ids,
      calendar,
      clock,
      repositories,
      database,
      accountId,
      symbols: instruments.map((instrument) => instrument.symbol),
      // The end-of-day snapshot rebuilds the portfolio from the trades table, marked at the last quotes.
      portfolioForSnapshot: async () => {
        const { portfolio } = await restoredPortfolio(context);
        for (const instrument of instruments) {
          const [quote] = await repositories.marketData.latestQuotes(instrument.symbol, 1);
          if (quote) portfolio.updateMark(instrument.symbol, quote.last, quote.time);
        }
        return portfolio;
      },
      lastMarketData: () => lastMarketData,
      backupDirectory: backupDirectoryOf(config),
      log: (message, fields) => logger.info(fields ?? {}, message),
    }),
    subscribe: (topic, handler) => {
      const subscription = bus.subscribe(topic, handler, { group: 'scheduler-triggers' });
      return () => void subscription.unsubscribe();
    },
    onError,
    onRunFinished: (outcome) => {
      recordJobRun(outcome);
      if (outcome.status === 'failed') logger.error(outcome, 'scheduled job failed');
    },
  });
  return {
    scheduler,
    module: new SchedulerModule({
      scheduler,
      repository: jobRepository,
      calendar,
      metrics,
      now: () => clock.now(),
      servicesHealth: options.servicesHealth,
    }),
    async start() {
      subscriptions.push(
        bus.subscribe(topics.allMarketData, () => {
          lastMarketData = Date.now();
        }),
      );
      await scheduler.start();
    },
    async stop() {
      await scheduler.stop();
      for (const subscription of subscriptions.splice(0)) await subscription.unsubscribe().catch(onError);
    },
  };
}
