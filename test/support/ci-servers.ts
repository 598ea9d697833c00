// Vitest global setup: under CI=true, the PostgreSQL and Redis suites must run. They skip themselves
// when DATABASE_URL or REDIS_URL is unset (describe.runIf), which would let CI pass having tested
// neither; here CI fails at once instead, naming the variable, or the server that does not answer.
import { Socket } from 'node:net';

/** Opens and closes a TCP connection to the URL's host and port, or throws naming the variable. */
async function assertAnswers(variable: string, url: string, defaultPort: number): Promise<void> {
  const parsed = new URL(url);
  const host = parsed.hostname || '127.0.0.1';
  const port = Number(parsed.port || defaultPort);
  await new Promise<void>((resolve, reject) => {
    const socket = new Socket();
    const fail = (reason: string) => {
      socket.destroy();
      reject(new Error(`CI=true: ${variable}=${url} does not answer (${reason}); its suites cannot run`));
    };
    socket.setTimeout(5_000, () => fail('timeout'));
    socket.once('error', (error) => fail(error.message));
    socket.connect(port, host, () => {
      socket.end();
      resolve();
    });
  });
}

export default async function requireServersUnderCi(): Promise<void> {
  if (process.env.CI !== 'true') return;
  const required = [
    ['DATABASE_URL', 5432],
    ['REDIS_URL', 6379],
  ] as const;
  for (const [variable, defaultPort] of required) {
    const url = process.env[variable];
    if (!url)
      throw new Error(
        `CI=true but ${variable} is not set: the suites that need it would skip and CI would pass untested (.ci/run sets it)`,
      );
    await assertAnswers(variable, url, defaultPort);
  }
}
