// Supervises service processes: start in dependency order, health checks, restart with backoff, stop in reverse.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { AtsError } from '@ats/core';
import { supervisorEnvironment } from './supervisor-watch.js';

export interface SupervisedService {
  readonly name: string;
  /** The program and its arguments. */
  readonly command: readonly string[];
  /** Base URL whose `/health` answers 200 when the service is ready. */
  readonly url: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Its start wave: services of one wave start together, each wave once the one before is healthy.
   * Absent: a wave of its own after the services listed before it (one after another).
   */
  readonly wave?: number;
}

export type ServiceState = 'starting' | 'up' | 'degraded' | 'down' | 'restarting' | 'stopped';

export interface ServiceStatus {
  readonly name: string;
  readonly state: ServiceState;
  readonly pid: number | null;
  readonly restarts: number;
  readonly detail: string;
}

export interface SupervisorOptions {
  readonly services: readonly SupervisedService[];
  /** Each state change, e.g. to publish a HealthReported event on system.health. */
  readonly onStatus?: (status: ServiceStatus) => void;
  /** Each output line of a child, prefixed by the caller as it likes. */
  readonly onLine?: (service: string, line: string) => void;
  /** How long one service may take to turn healthy; a wave of n services gets n times this. */
  readonly startTimeoutMilliseconds?: number;
  readonly healthIntervalMilliseconds?: number;
  /** How long one health check waits for an answer (2 s by default). */
  readonly healthTimeoutMilliseconds?: number;
  /**
   * Consecutive failed health checks after which a running process is restarted: 5 by default, so a
   * service must be silent for 10 s or more. A shorter fuse kills services that are only busy (catching
   * up a backlog after Redis returns, on a loaded machine), and each kill costs a restart and a lease.
   */
  readonly unhealthyChecksBeforeRestart?: number;
  /** First restart delay; doubles each time up to the maximum, and resets once healthy again. */
  readonly initialBackoffMilliseconds?: number;
  readonly maximumBackoffMilliseconds?: number;
  /** How long one service may take to stop after SIGTERM before it is killed. */
  readonly stopTimeoutMilliseconds?: number;
  /** How long the whole stop may take: past it, every service still running is killed at once. */
  readonly stopBudgetMilliseconds?: number;
}

interface Slot {
  readonly service: SupervisedService;
  child: ChildProcess | null;
  state: ServiceState;
  restarts: number;
  failedChecks: number;
  backoff: number;
  restartTimer: ReturnType<typeof setTimeout> | null;
  detail: string;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

export class ServiceSupervisor {
  private readonly slots: Slot[];
  private healthTimer: ReturnType<typeof setInterval> | null = null;
  /** A round of health checks still running: the next tick skips, so one silence is not counted twice. */
  private checking = false;
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {
    this.slots = options.services.map((service) => ({
      service,
      child: null,
      state: 'stopped',
      restarts: 0,
      failedChecks: 0,
      backoff: options.initialBackoffMilliseconds ?? 500,
      restartTimer: null,
      detail: '',
    }));
  }

  statuses(): ServiceStatus[] {
    return this.slots.map((slot) => this.statusOf(slot));
  }

  /**
   * Starts the services wave by wave: a wave's services start together and the next wave waits until
   * each is healthy (a new supervisor used to need 35-50 s starting eight services one by one; the
   * start is now as long as its three slowest services). Then it watches them all.
   */
  async start(): Promise<void> {
    for (const wave of this.waves()) {
      // Something already answering on a service's address would pass our health checks in its
      // place (a leftover process, another deployment) while our child fails to bind: refuse instead.
      const occupied = await Promise.all(wave.map(async (slot) => ((await this.probe(slot)) ? slot : null)));
      const taken = occupied.find((slot) => slot !== null);
      if (taken) {
        await this.stop();
        throw new AtsError(
          'RESOURCE_LOCKED',
          `${taken.service.name}: ${taken.service.url} is already served by another process (another deployment, or a leftover service); stop it first`,
        );
      }
      for (const slot of wave) this.launch(slot);
      // Services of a wave share the machine's cores while they start: each may take its own start
      // time once per service of the wave, the budget they had one after another.
      const waveTimeout = (this.options.startTimeoutMilliseconds ?? 30_000) * wave.length;
      const outcomes = await Promise.allSettled(wave.map((slot) => this.waitHealthy(slot, waveTimeout)));
      const failure = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failure) {
        await this.stop();
        throw failure.reason;
      }
    }
    this.healthTimer = setInterval(() => {
      if (this.checking) return;
      this.checking = true;
      void this.checkAll().finally(() => {
        this.checking = false;
      });
    }, this.options.healthIntervalMilliseconds ?? 2_000);
  }

  /**
   * Stops every service in reverse order: SIGTERM, then SIGKILL after the per-service timeout; once the
   * whole stop's budget is spent, every service still running is killed at once, so a stop that hangs
   * (a service draining into an unreachable Redis) cannot keep the supervisor from exiting.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.healthTimer) clearInterval(this.healthTimer);
    const deadline = Date.now() + (this.options.stopBudgetMilliseconds ?? 20_000);
    const perService = this.options.stopTimeoutMilliseconds ?? 10_000;
    for (const slot of [...this.slots].reverse()) {
      if (slot.restartTimer) clearTimeout(slot.restartTimer);
      const child = slot.child;
      if (child && child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(
            () => child.kill('SIGKILL'),
            Math.max(0, Math.min(perService, deadline - Date.now())),
          );
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        });
      }
      this.setState(slot, 'stopped', 'stopped by the supervisor');
    }
  }

  /** The slots grouped by start wave, in order; a service without a wave is a wave of its own. */
  private waves(): Slot[][] {
    const waves: { key: number; slots: Slot[] }[] = [];
    let previousKey = Number.NEGATIVE_INFINITY;
    for (const slot of this.slots) {
      const key = slot.service.wave ?? previousKey + 1;
      if (key < previousKey)
        throw new AtsError(
          'CONFIG_INVALID',
          `${slot.service.name}: start wave ${key} comes after wave ${previousKey}; list services in wave order`,
        );
      const last = waves.at(-1);
      if (last && last.key === key && slot.service.wave !== undefined) last.slots.push(slot);
      else waves.push({ key, slots: [slot] });
      previousKey = key;
    }
    return waves.map((wave) => wave.slots);
  }

  private statusOf(slot: Slot): ServiceStatus {
    return {
      name: slot.service.name,
      state: slot.state,
      pid: slot.child?.pid ?? null,
      restarts: slot.restarts,
      detail: slot.detail,
    };
  }

  private setState(slot: Slot, state: ServiceState, detail: string): void {
    if (slot.state === state && slot.detail === detail) return;
    slot.state = state;
    slot.detail = detail;
    this.options.onStatus?.(this.statusOf(slot));
  }

  private launch(slot: Slot): ChildProcess {
    const [program, ...args] = slot.service.command;
    const child = spawn(program as string, args, {
      // ATS_SUPERVISED tells the child to leave Ctrl-C (SIGINT, sent to the whole terminal group) to the
      // supervisor, which stops the services one by one in reverse order with SIGTERM.
      // The stdin pipe is never written: its end tells the child that the supervisor died (supervisor-watch.ts).
      env: {
        ...process.env,
        ATS_SUPERVISED: '1',
        [supervisorEnvironment.supervisorPid]: String(process.pid),
        [supervisorEnvironment.stdinPipe]: '1',
        ...slot.service.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin?.on('error', () => {});
    slot.child = child;
    slot.failedChecks = 0;
    this.setState(slot, 'starting', `pid ${child.pid}`);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream)
        createInterface({ input: stream }).on('line', (line) =>
          this.options.onLine?.(slot.service.name, line),
        );
    }
    child.once('exit', (code, signal) => {
      if (slot.child !== child) return;
      slot.child = null;
      if (this.stopping) return;
      this.setState(slot, 'down', `exited (${signal ?? `code ${code}`})`);
      this.scheduleRestart(slot);
    });
    return child;
  }

  private scheduleRestart(slot: Slot): void {
    if (this.stopping || slot.restartTimer) return;
    const delay = slot.backoff;
    slot.backoff = Math.min(slot.backoff * 2, this.options.maximumBackoffMilliseconds ?? 30_000);
    this.setState(slot, 'restarting', `restart in ${delay} ms`);
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = null;
      if (this.stopping) return;
      slot.restarts++;
      void this.watchRestart(slot, this.launch(slot));
    }, delay);
  }

  /**
   * Probes a restarted process every 100 ms until it answers, so it is reported up (and its backoff
   * reset) as soon as it serves, not at the next round of checks: that round comes up to an interval
   * later and probes the services one after another. A process that does not answer within the start
   * timeout is left to the rounds of checks, as before.
   */
  private async watchRestart(slot: Slot, child: ChildProcess): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMilliseconds ?? 30_000);
    const watching = () => !this.stopping && slot.child === child && slot.state === 'starting';
    while (watching() && Date.now() < deadline) {
      if (await this.probe(slot)) {
        if (!watching()) return;
        slot.failedChecks = 0;
        slot.backoff = this.options.initialBackoffMilliseconds ?? 500;
        this.setState(slot, 'up', `healthy at ${slot.service.url}`);
        return;
      }
      await sleep(100);
    }
  }

  private async probe(slot: Slot): Promise<boolean> {
    try {
      const response = await fetch(`${slot.service.url}/health`, {
        signal: AbortSignal.timeout(this.options.healthTimeoutMilliseconds ?? 2_000),
      });
      return response.ok;
    } catch {
      return false;
    }
  }

  private async waitHealthy(slot: Slot, timeout: number): Promise<void> {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      if (!slot.child)
        throw new AtsError(
          'SERVICE_UNAVAILABLE',
          `${slot.service.name} exited while starting: ${slot.detail}`,
        );
      if (await this.probe(slot)) {
        this.setState(slot, 'up', `healthy at ${slot.service.url}`);
        return;
      }
      await sleep(100);
    }
    throw new AtsError(
      'TIMEOUT',
      `${slot.service.name}: ${slot.service.url}/health not healthy within ${timeout} ms`,
    );
  }

  private async checkAll(): Promise<void> {
    for (const slot of this.slots) {
      // A process already sent SIGKILL is not checked again: its exit schedules the restart.
      if (this.stopping || !slot.child || slot.child.killed || slot.state === 'restarting') continue;
      if (await this.probe(slot)) {
        slot.failedChecks = 0;
        slot.backoff = this.options.initialBackoffMilliseconds ?? 500;
        this.setState(slot, 'up', `healthy at ${slot.service.url}`);
        continue;
      }
      slot.failedChecks++;
      if (slot.state === 'starting') continue;
      this.setState(slot, 'degraded', `${slot.failedChecks} failed health checks`);
      if (slot.failedChecks >= (this.options.unhealthyChecksBeforeRestart ?? 5)) {
        // Alive but not answering: kill it; the exit handler schedules the restart.
        slot.child.kill('SIGKILL');
      }
    }
  }
}
