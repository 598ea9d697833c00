// A process of the built CLI (apps/cli/dist/main.cjs) for tests that run services or workers as their
// own processes: its output lines kept for assertions and failure messages, and a promise that it is
// ready (a line says so), rejected when it exits first or is not ready within 90 s.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../apps/cli/dist/main.cjs', import.meta.url));

export interface CliProcess {
  readonly child: ChildProcess;
  /** Every non-empty line of its stdout and stderr so far. */
  readonly lines: string[];
  /** Resolves once a line contains the ready text. */
  readonly ready: Promise<void>;
}

/**
 * Starts `ats ...args` with the test's environment added to this process's. `name` names it in the
 * errors; `readyText` is what a line of its output says once it serves (e.g. 'listening on').
 */
export function startCliProcess(
  name: string,
  args: readonly string[],
  environment: Record<string, string>,
  readyText: string,
): CliProcess {
  const lines: string[] = [];
  const child = spawn(process.execPath, [main, ...args], {
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${lines.join('\n')}`)), 90_000);
    const read = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(line);
      if (lines.some((line) => line.includes(readyText))) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}): ${lines.join('\n')}`));
    });
  });
  return { child, lines, ready };
}
