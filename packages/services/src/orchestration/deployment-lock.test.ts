// The deployment lock on the real PostgreSQL: a second holder is refused, a lost session takes the lock again, and a lock taken by another supervisor meanwhile is reported.
import { randomBytes } from 'node:crypto';
import { AtsError } from '@ats/core';
import { acquireSessionLock, PostgresDatabase } from '@ats/persistence';
import { afterAll, describe, expect, it } from 'vitest';
import { deploymentLockName, holdDeploymentLock } from './deployment-lock.js';

const url = process.env.DATABASE_URL;
const admins: PostgresDatabase[] = [];
afterAll(async () => {
  for (const admin of admins) await admin.close();
});

/** Ends the server session that holds the deployment's lock, as a database restart would. */
async function endHolderSession(deployment: string): Promise<void> {
  const admin = await PostgresDatabase.open({ url: url as string, maxConnections: 1 });
  admins.push(admin);
  const rows = await admin.query<{ ended: boolean }>(
    `SELECT pg_terminate_backend(pid) AS ended FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND objid = hashtext($1)::oid`,
    [deploymentLockName(deployment)],
  );
  expect(rows.map((row) => row.ended)).toEqual([true]);
}

async function until(condition: () => boolean, what: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.runIf(url)('the deployment lock', () => {
  it('refuses a second holder, naming the first one', async () => {
    const deployment = `lock-${randomBytes(4).toString('hex')}`;
    const held = await holdDeploymentLock({
      url: url as string,
      deployment,
      onLine: () => {},
      onTakenOver: () => {},
    });
    const refusal = await acquireSessionLock({
      url: url as string,
      name: deploymentLockName(deployment),
    }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(AtsError);
    expect((refusal as AtsError).code).toBe('RESOURCE_LOCKED');
    expect((refusal as AtsError).message).toContain(`process ${process.pid}`);
    await held.release();
    const next = await acquireSessionLock({ url: url as string, name: deploymentLockName(deployment) });
    await next.release();
  });

  it('takes the lock again after its session ended', async () => {
    const deployment = `lock-${randomBytes(4).toString('hex')}`;
    const lines: string[] = [];
    const held = await holdDeploymentLock({
      url: url as string,
      deployment,
      onLine: (line) => lines.push(line),
      onTakenOver: () => {},
      retryMilliseconds: 100,
    });
    await endHolderSession(deployment);
    await until(() => lines.some((line) => line.includes('is held again')), 'lock taken again');
    await expect(
      acquireSessionLock({ url: url as string, name: deploymentLockName(deployment) }),
    ).rejects.toThrow(/already running/);
    await held.release();
  });

  it('reports when another supervisor took the lock while its session was gone', async () => {
    const deployment = `lock-${randomBytes(4).toString('hex')}`;
    const takenOver: AtsError[] = [];
    const held = await holdDeploymentLock({
      url: url as string,
      deployment,
      onLine: () => {},
      onTakenOver: (error) => takenOver.push(error),
      retryMilliseconds: 1_000,
    });
    await endHolderSession(deployment);
    // The other supervisor starts before ours tries again (the ended session may take a moment to go).
    let other: Awaited<ReturnType<typeof acquireSessionLock>> | null = null;
    while (!other) {
      other = await acquireSessionLock({ url: url as string, name: deploymentLockName(deployment) }).catch(
        () => null,
      );
      if (!other) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await until(() => takenOver.length === 1, 'take-over reported');
    expect(takenOver[0]?.code).toBe('RESOURCE_LOCKED');
    await other.release();
    await held.release();
  });
});
