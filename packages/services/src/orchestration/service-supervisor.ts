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
  readonly startTimeoutMilliseconds?: number;
  readonly healthIntervalMilliseconds?: number;
  /** Consecutive failed health checks after which a running process is restarted. */
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

  /** Starts each service in order and waits for its health before the next; then watches them all. */
  async start(): Promise<void> {
    for (const slot of this.slots) {
      // Something already answering on the service's address would pass our health checks in its
      // place (a leftover process, another deployment) while our child fails to bind: refuse instead.
      if (await this.probe(slot)) {
        await this.stop();
        throw new AtsError(
          'RESOURCE_LOCKED',
          `${slot.service.name}: ${slot.service.url} is already served by another process (another deployment, or a leftover service); stop it first`,
        );
      }
      this.launch(slot);
      try {
        await this.waitHealthy(slot, this.options.startTimeoutMilliseconds ?? 30_000);
      } catch (error) {
        await this.stop();
        throw error;
      }
    }
    this.healthTimer = setInterval(
      () => void this.checkAll(),
      this.options.healthIntervalMilliseconds ?? 2_000,
    );
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

  private launch(slot: Slot): void {
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
      this.launch(slot);
    }, delay);
  }

  private async probe(slot: Slot): Promise<boolean> {
    try {
      const response = await fetch(`${slot.service.url}/health`, { signal: AbortSignal.timeout(2_000) });
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
      if (this.stopping || !slot.child || slot.state === 'restarting') continue;
      if (await this.probe(slot)) {
        slot.failedChecks = 0;
        slot.backoff = this.options.initialBackoffMilliseconds ?? 500;
        this.setState(slot, 'up', `healthy at ${slot.service.url}`);
        continue;
      }
      slot.failedChecks++;
      if (slot.state === 'starting') continue;
      this.setState(slot, 'degraded', `${slot.failedChecks} failed health checks`);
      if (slot.failedChecks >= (this.options.unhealthyChecksBeforeRestart ?? 3)) {
        // Alive but not answering: kill it; the exit handler schedules the restart.
        slot.child.kill('SIGKILL');
      }
    }
  }
}
