// `ats chaos`: disaster drills against a multi-process deployment of the drill's own (chaos-deployment.ts).
// Faults, one after another: PostgreSQL restarted, its connections killed (pg_terminate_backend), its
// data disk full, a slow broker, a failing broker, and a Redis Sentinel failover. After each: every
// service healthy again, trading again (a new trade), and the order path's invariants all zero (nothing
// lost or duplicated, positions reconciled with the venue and the live portfolio); the seconds from
// the end of the fault to each of these are the recovery times in the table.
import { writeFileSync } from 'node:fs';
import { ChaosDeployment } from './chaos-deployment.js';
import {
  differencesOf,
  invariantExamples,
  type OrderPathInvariants,
  orderPathInvariants,
} from './order-path-invariants.js';

export const chaosFaults = [
  'postgres-restart',
  'postgres-connections-killed',
  'disk-full',
  'broker-slow',
  'broker-failing',
  'redis-sentinel-failover',
] as const;
export type ChaosFault = (typeof chaosFaults)[number];

export interface ChaosRow {
  readonly fault: ChaosFault;
  /** What was done, e.g. "filled 160 MB tmpfs for 30 s". */
  readonly detail: string;
  /** Why the fault did not run (null when it ran). */
  readonly skipped: string | null;
  /** Seconds from the end of the fault until every service answered healthy. */
  readonly healthySeconds: number | null;
  /** Seconds from the end of the fault until a new trade was stored. */
  readonly recoverySeconds: number | null;
  readonly trades: number;
  /** Seconds from the end of the fault until the order path's invariants were all zero. */
  readonly settledSeconds: number | null;
  /**
   * New differences of the order path this fault left once settled (its invariant counts' sum minus
   * the sum before the fault): 0 when nothing was lost or duplicated.
   */
  readonly lostOrDuplicated: number | null;
  readonly livePortfolioReconciles: boolean | null;
  /** The invariant counts after the fault (cumulative since the start). */
  readonly invariants: OrderPathInvariants | null;
  /**
   * When the fault left differences: up to five rows behind each count that is not zero, and the
   * services' lines that name one of them (the last 20), so a failed drill explains itself.
   */
  readonly evidence?: { readonly examples: Record<string, string[]>; readonly lines: readonly string[] };
  readonly error: string | null;
  readonly passed: boolean;
}

export interface ChaosOptions {
  /** `[node, ats main.cjs]`. */
  readonly command: readonly string[];
  /** Multiplies how long each fault lasts (1: 30 s of disk full, slow and failing broker). */
  readonly scale: number;
  readonly faults: readonly ChaosFault[];
  /** The recovery target per fault, in seconds (the spec's failover < 30 s). */
  readonly targetSeconds: number;
  readonly onProgress?: (line: string) => void;
  /** Ends the drill early (SIGINT, SIGTERM): the faults stop and the deployment is taken down. */
  readonly signal?: AbortSignal;
  /** Where to write the services' output lines at the end (for a post-mortem), if anywhere. */
  readonly linesFile?: string;
}

export interface ChaosReport {
  readonly rows: readonly ChaosRow[];
  readonly restarts: number;
  readonly startSeconds: number;
  readonly passed: boolean;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Set while a drill runs: an interrupted drill ends its waits at once. */
let interruption: AbortSignal | undefined;

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeout: number, what: string) {
  const deadline = Date.now() + timeout;
  let value = await probe();
  while (!done(value)) {
    if (interruption?.aborted) throw new Error(`${what}: the drill was interrupted`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeout / 1000} s`);
    await sleep(200);
    value = await probe();
  }
  return value;
}

/**
 * The invariants once their differences are back to `allowed`: within 90 s, or up to 180 s while they
 * keep falling (each fall gives 30 s more); throws when they are not.
 */
async function untilSettled(
  probe: () => Promise<OrderPathInvariants | null>,
  allowed: number,
): Promise<OrderPathInvariants> {
  const started = Date.now();
  let deadline = started + 90_000;
  let fewest = Number.POSITIVE_INFINITY;
  for (;;) {
    const value = await probe();
    if (value !== null) {
      const differences = differencesOf(value);
      if (differences <= allowed) return value;
      // The first count only sets the mark: 30 s from the start is inside the first 90 s anyway.
      if (differences < fewest) {
        deadline = Math.max(deadline, Date.now() + 30_000);
        fewest = differences;
      }
    }
    if (interruption?.aborted) throw new Error('the order path settles: the drill was interrupted');
    if (Date.now() > Math.min(deadline, started + 180_000))
      throw new Error(`the order path settles: not within ${Math.round((Date.now() - started) / 1000)} s`);
    await sleep(200);
  }
}

/** The live portfolio of the executor against the trades table, symbol by symbol. */
async function livePortfolioReconciles(deployment: ChaosDeployment): Promise<boolean> {
  try {
    const live = (await deployment.call('trade-executor', '/portfolio')) as {
      positions: { symbol: string; netQuantity: number }[];
    };
    const rows = await deployment.database.query(
      "SELECT symbol, SUM(CASE WHEN side = 'BUY' THEN quantity ELSE -quantity END) AS net FROM trades GROUP BY symbol",
    );
    const traded = new Map(rows.map((row) => [row.symbol as string, Number(row.net)]));
    const held = new Map(live.positions.map((position) => [position.symbol, position.netQuantity]));
    for (const symbol of new Set([...traded.keys(), ...held.keys()]))
      if ((traded.get(symbol) ?? 0) !== (held.get(symbol) ?? 0)) return false;
    return true;
  } catch {
    return false;
  }
}

interface Injected {
  readonly detail: string;
  /** When the fault ended (recovery is measured from here). */
  readonly endedAt: number;
}

/** Runs one fault to its end; returns what it did, or throws why it could not run. */
async function inject(
  deployment: ChaosDeployment,
  fault: ChaosFault,
  holdMilliseconds: number,
): Promise<Injected> {
  const hold = `${(holdMilliseconds / 1000).toFixed(0)} s`;
  switch (fault) {
    case 'postgres-restart': {
      deployment.postgres.restart();
      return { detail: 'pg_ctl restart -m fast', endedAt: Date.now() };
    }
    case 'postgres-connections-killed': {
      const ended = await deployment.postgres.terminateConnections(deployment.databaseName);
      return { detail: `pg_terminate_backend on ${ended} connections`, endedAt: Date.now() };
    }
    case 'disk-full': {
      const logMark = deployment.postgres.logLength();
      const { filler, megabytes } = deployment.postgres.fillDataDisk();
      await sleep(holdMilliseconds);
      deployment.postgres.freeDataDisk(filler);
      const refused = deployment.postgres.logLinesSince(logMark, 'No space left on device');
      return {
        detail: `data directory's tmpfs filled (${megabytes} MB to its last byte) for ${hold}; PostgreSQL logged ${refused} "No space left on device" errors`,
        endedAt: Date.now(),
      };
    }
    case 'broker-slow': {
      await deployment.call('trade-executor', '/fault-injection', 'PUT', { latencyMilliseconds: 2_000 });
      await sleep(holdMilliseconds);
      await deployment.call('trade-executor', '/fault-injection', 'PUT', { latencyMilliseconds: 0 });
      return { detail: `2 s added to every order message for ${hold}`, endedAt: Date.now() };
    }
    case 'broker-failing': {
      await deployment.call('trade-executor', '/fault-injection', 'PUT', { failing: true });
      await sleep(holdMilliseconds);
      await deployment.call('trade-executor', '/fault-injection', 'PUT', { failing: false });
      return { detail: `every order message refused for ${hold}`, endedAt: Date.now() };
    }
    case 'redis-sentinel-failover': {
      const startedAt = Date.now();
      const promotedIn = await deployment.redis.failover();
      return {
        detail: `primary SIGKILLed, replica promoted in ${promotedIn.toFixed(1)} s`,
        endedAt: startedAt,
      };
    }
  }
}

async function runFault(
  deployment: ChaosDeployment,
  fault: ChaosFault,
  options: ChaosOptions,
  differencesBefore: number,
): Promise<ChaosRow> {
  const base = {
    fault,
    healthySeconds: null,
    recoverySeconds: null,
    settledSeconds: null,
    lostOrDuplicated: null,
    livePortfolioReconciles: null,
    invariants: null,
  };
  if (fault === 'disk-full' && deployment.postgres.noSmallDiskReason)
    return {
      ...base,
      detail: '',
      skipped: deployment.postgres.noSmallDiskReason,
      trades: (await deployment.tradeCount()) ?? 0,
      error: null,
      passed: true,
    };
  const before = (await deployment.tradeCount()) ?? 0;
  let detail = '';
  try {
    const injected = await inject(deployment, fault, 30_000 * options.scale);
    detail = injected.detail;
    const budget = 120_000;
    await until(() => deployment.allHealthy(), Boolean, budget, 'every service healthy');
    const healthySeconds = (Date.now() - injected.endedAt) / 1000;
    await until(
      async () => (await deployment.tradeCount()) ?? -1,
      (count) => count > before,
      budget,
      'a new trade',
    );
    const recoverySeconds = (Date.now() - injected.endedAt) / 1000;
    // Settled: a signal or fill in flight when we look is not a difference, and an entry whose write
    // failed during the fault comes again once it has been idle 30 s (the streams' XAUTOCLAIM), so the
    // counts get 90 s to reach zero, and longer while they are still falling (a loaded machine works
    // off a backlog of signals after the fault; a lost one never falls).
    let settledSeconds: number | null = null;
    const invariants = await untilSettled(
      () => orderPathInvariants(deployment.database, () => deployment.signalsEmitted()).catch(() => null),
      differencesBefore,
    )
      .then((value) => {
        settledSeconds = (Date.now() - injected.endedAt) / 1000;
        return value;
      })
      .catch(async () => orderPathInvariants(deployment.database, () => deployment.signalsEmitted()));
    const reconciles = await until(
      () => livePortfolioReconciles(deployment),
      Boolean,
      30_000,
      'live portfolio',
    ).catch(() => false);
    const lostOrDuplicated = invariants ? Math.max(0, differencesOf(invariants) - differencesBefore) : null;
    const evidence =
      invariants && lostOrDuplicated
        ? await evidenceOf(deployment, invariants).catch(() => undefined)
        : undefined;
    return {
      ...base,
      detail,
      skipped: null,
      healthySeconds,
      recoverySeconds,
      settledSeconds,
      trades: (await deployment.tradeCount()) ?? 0,
      lostOrDuplicated,
      livePortfolioReconciles: reconciles,
      invariants,
      ...(evidence ? { evidence } : {}),
      error: null,
      passed: lostOrDuplicated === 0 && reconciles && healthySeconds < options.targetSeconds,
    };
  } catch (error) {
    return {
      ...base,
      detail,
      skipped: null,
      trades: (await deployment.tradeCount()) ?? 0,
      error: (error as Error).message,
      passed: false,
    };
  }
}

/** The rows behind the invariants that are not zero, and the services' lines that name them. */
async function evidenceOf(
  deployment: ChaosDeployment,
  invariants: OrderPathInvariants,
): Promise<NonNullable<ChaosRow['evidence']>> {
  const examples = await invariantExamples(deployment.database, invariants);
  // Ids only (a short value such as a symbol would match every line).
  const ids = Object.values(examples)
    .flat()
    .flatMap((row) => row.split('/'))
    .filter((value) => value.length >= 16);
  // And any entry a consumer gave up on (moved to its stream's dead letters), whatever it names.
  const lines = deployment.lines
    .filter((line) => /dead letters/.test(line) || ids.some((id) => line.includes(id)))
    .slice(-20);
  return { examples, lines };
}

export async function runChaosDrill(options: ChaosOptions): Promise<ChaosReport> {
  const progress = options.onProgress ?? (() => {});
  interruption = options.signal;
  const startedAt = Date.now();
  progress('starting PostgreSQL, Redis with Sentinel and the ATS services on loopback');
  const deployment = await ChaosDeployment.start({
    command: options.command,
    // The drill's own lines (a start tried again) are progress; the services' lines stay in the file.
    onLine: (line) => {
      if (line.startsWith('[chaos] ')) progress(line.slice('[chaos] '.length));
    },
  });
  try {
    await until(
      async () => (await deployment.tradeCount()) ?? 0,
      (count) => count > 0,
      180_000,
      'the first trade',
    );
    const startSeconds = (Date.now() - startedAt) / 1000;
    progress(`trading after ${startSeconds.toFixed(1)} s`);
    const rows: ChaosRow[] = [];
    // Before any fault, the books agree (a signal or fill in flight is given time to land).
    let differences = differencesOf(
      await until(
        () => orderPathInvariants(deployment.database, () => deployment.signalsEmitted()),
        (value) => differencesOf(value) === 0,
        30_000,
        'the order path settles before the faults',
      ).catch(() => orderPathInvariants(deployment.database, () => deployment.signalsEmitted())),
    );
    for (const fault of options.faults) {
      if (options.signal?.aborted) {
        progress('stopped early: the remaining faults did not run');
        break;
      }
      progress(`fault: ${fault}`);
      const row = await runFault(deployment, fault, options, differences);
      if (row.invariants) differences = differencesOf(row.invariants);
      rows.push(row);
      progress(
        row.skipped
          ? `  skipped: ${row.skipped}`
          : row.error
            ? `  failed: ${row.error}`
            : `  healthy in ${row.healthySeconds?.toFixed(1)} s, trading in ${row.recoverySeconds?.toFixed(1)} s, lost or duplicated ${row.lostOrDuplicated}`,
      );
    }
    return {
      rows,
      restarts: deployment.restarts(),
      startSeconds,
      passed: rows.every((row) => row.passed),
    };
  } finally {
    if (options.linesFile) writeFileSync(options.linesFile, `${deployment.lines.join('\n')}\n`);
    await deployment.dispose();
  }
}
