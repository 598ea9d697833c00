// Whether a process is still running, for tests that kill processes and wait for them to go.
import { readFileSync } from 'node:fs';

/**
 * Alive and not a zombie: an exited process stays in the process table as a zombie until whoever
 * adopted it reaps it, and `kill(pid, 0)` still succeeds on it.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}
