// A lock file owned by one live process: taken atomically, refused while its holder lives, taken over once it died.
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { AtsError } from '@ats/core';

/** What a lock file records about its holder. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** The holder's start time from /proc (Linux), so a recycled pid is not mistaken for the holder. */
  readonly startedAt: string | null;
}

export interface ProcessLock {
  readonly file: string;
  /** Removes the lock file if it is still ours. */
  release(): void;
}

/** The fields of /proc/<pid>/stat after the command name (state first), or null off Linux or when gone. */
function processStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: split after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** A process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), or null off Linux. */
function processStartTime(pid: number): string | null {
  return processStat(pid)?.[19] ?? null;
}

function isAlive(holder: LockHolder): boolean {
  // A holder on another host (a shared folder) cannot be checked from here: treat it as alive.
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = processStat(holder.pid);
  if (stat === null) return true; // No /proc: the signal check is all we have.
  // A killed process lingers as a zombie until its parent reaps it; it holds nothing.
  if (stat[0] === 'Z' || stat[0] === 'X') return false;
  return holder.startedAt === null || stat[19] === holder.startedAt;
}

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number') return null;
    return { pid: parsed.pid, host: parsed.host ?? hostname(), startedAt: parsed.startedAt ?? null };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    // Unreadable or half-written (its writer died between create and write): nobody holds it.
    return null;
  }
}

/**
 * Takes `file` for this process. The file is created with O_EXCL (via a hard link of a fully written
 * temporary file, so no reader ever sees it half-written); when it exists, its holder is checked: a
 * live holder means the resource is taken (RESOURCE_LOCKED, naming `what` and the holder's pid), a dead
 * one (e.g. SIGKILLed) means the lock is stale and is taken over. The take-over moves the stale file
 * aside with an atomic rename and checks that what it moved is the stale file it examined, so two
 * processes racing for one stale lock cannot both win.
 */
export function acquireProcessLock(file: string, what: string): ProcessLock {
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: processStartTime(process.pid) };
  const content = JSON.stringify(me);
  const temporary = `${file}.${process.pid}.tmp`;
  const descriptor = openSync(temporary, 'w');
  writeSync(descriptor, content);
  closeSync(descriptor);
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        linkSync(temporary, file);
        return {
          file,
          release() {
            try {
              if (readFileSync(file, 'utf8') === content) rmSync(file);
            } catch {
              // Already gone.
            }
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      let holder: LockHolder | null;
      try {
        holder = readHolder(file);
      } catch {
        continue; // Removed between our link and our read: try again.
      }
      if (holder && isAlive(holder))
        throw new AtsError(
          'RESOURCE_LOCKED',
          `${what} is in use by process ${holder.pid}${holder.host !== me.host ? ` on ${holder.host}` : ''} (lock ${file}); stop that process first`,
          { details: { file, pid: holder.pid, host: holder.host } },
        );
      const aside = `${file}.${process.pid}.stale`;
      try {
        renameSync(file, aside);
      } catch {
        continue;
      }
      const moved = readHolderOrNull(aside);
      if (moved && isAlive(moved)) {
        // We moved a live holder's fresh lock (it won the race): put it back if nobody took the place.
        try {
          linkSync(aside, file);
        } catch {
          // Someone else holds it now; they will be checked on the next attempt.
        }
      }
      rmSync(aside, { force: true });
    }
    throw new AtsError('RESOURCE_LOCKED', `${what}: could not take the lock ${file} after 10 attempts`);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function readHolderOrNull(file: string): LockHolder | null {
  try {
    return readHolder(file);
  } catch {
    return null;
  }
}
