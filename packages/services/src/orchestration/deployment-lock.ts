// The supervisor's hold on its deployment: a PostgreSQL session lock, taken again after a lost connection, given up only to stop.
import { AtsError } from '@ats/core';
import { acquireSessionLock, type SessionLock } from '@ats/persistence';

export interface DeploymentLockOptions {
  readonly url: string;
  readonly deployment: string;
  readonly onLine: (line: string) => void;
  /**
   * Called once when the lock was lost and another supervisor holds it now: two supervisors would run
   * two pipelines on one database and one Redis, so the caller must stop its services.
   */
  readonly onTakenOver: (error: AtsError) => void;
  readonly retryMilliseconds?: number;
}

export interface DeploymentLock {
  release(): Promise<void>;
}

/** The lock's name, which is also what a refused second start prints. */
export function deploymentLockName(deployment: string): string {
  return `deployment '${deployment}'`;
}

/**
 * Takes the deployment's lock or throws RESOURCE_LOCKED. While held, a lost connection (a database
 * restart ends the session and with it the lock) is followed by attempts to take it again every
 * `retryMilliseconds`; if another supervisor took it meanwhile, `onTakenOver` is called.
 */
export async function holdDeploymentLock(options: DeploymentLockOptions): Promise<DeploymentLock> {
  const name = deploymentLockName(options.deployment);
  let current: SessionLock | null = null;
  let released = false;
  let retry: ReturnType<typeof setTimeout> | null = null;

  const take = async (): Promise<SessionLock> =>
    acquireSessionLock({
      url: options.url,
      name,
      onLost: (error) => {
        if (released) return;
        current = null;
        options.onLine(`[ats] the ${name} lock was lost (${error.message}); taking it again`);
        scheduleRetake();
      },
    });

  const scheduleRetake = () => {
    if (released || retry) return;
    retry = setTimeout(async () => {
      retry = null;
      if (released) return;
      try {
        const lock = await take();
        if (released) await lock.release();
        else {
          current = lock;
          options.onLine(`[ats] the ${name} lock is held again`);
        }
      } catch (error) {
        if (error instanceof AtsError && error.code === 'RESOURCE_LOCKED') options.onTakenOver(error);
        else scheduleRetake();
      }
    }, options.retryMilliseconds ?? 2_000);
  };

  current = await take();
  return {
    async release() {
      released = true;
      if (retry) clearTimeout(retry);
      await current?.release();
      current = null;
    },
  };
}
