// Shared process plumbing of long-running commands: clean stop on SIGINT/SIGTERM, config errors as one line.
import { AtsError } from '@ats/core';

/** Stops once on SIGINT or SIGTERM; a second signal exits at once. */
export function stopOnSignal(stop: () => Promise<void>, print: (line: string) => void): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    print(`[ats] ${signal}: stopping (flushing writers, draining orders)...`);
    stop().then(
      () => {
        print('[ats] stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`[ats] stop failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  // A supervised service stops when its supervisor says so (SIGTERM), not on the terminal's Ctrl-C.
  process.on('SIGINT', () => (process.env.ATS_SUPERVISED === '1' ? undefined : handler('SIGINT')));
  process.on('SIGTERM', () => handler('SIGTERM'));
}

/** Runs `load`; a configuration error prints its lines and exits with status 2. */
export function exitOnConfigError<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof AtsError && error.code === 'CONFIG_INVALID') {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}
