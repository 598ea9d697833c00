// A supervised child's watch on its supervisor: when the supervisor dies, however it died, the child stops and exits.

/**
 * The supervisor sets these on each child. It holds the write end of the child's stdin and never
 * writes: when the supervisor dies (even by SIGKILL) the kernel closes that end and the child reads
 * end-of-file at once. The parent pid is a second, polled check for a child whose stdin is not that pipe.
 */
export const supervisorEnvironment = {
  supervisorPid: 'ATS_SUPERVISOR_PID',
  stdinPipe: 'ATS_SUPERVISOR_STDIN',
} as const;

export interface SupervisorWatchOptions {
  /** Stops the service cleanly (drain, flush); may be absent while the service is still starting. */
  readonly stop: () => Promise<void> | undefined;
  /** How long the clean stop may take before the process exits anyway. */
  readonly graceMilliseconds?: number;
  readonly pollMilliseconds?: number;
  readonly log?: (line: string) => void;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly exit?: (code: number) => void;
}

export interface SupervisorWatch {
  /** Stops watching (the process is stopping for another reason). */
  close(): void;
}

/** Watches the supervisor named by the environment; returns null when this process is not supervised. */
export function watchSupervisor(options: SupervisorWatchOptions): SupervisorWatch | null {
  const env = options.env ?? process.env;
  const supervisorPid = Number(env[supervisorEnvironment.supervisorPid]);
  if (!Number.isInteger(supervisorPid) || supervisorPid <= 0) return null;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let gone = false;

  const onGone = (reason: string) => {
    if (gone) return;
    gone = true;
    close();
    // Our stdout and stderr were pipes to the supervisor: writes now fail with EPIPE, which must not
    // crash the clean stop half-way.
    process.stdout.on('error', () => {});
    process.stderr.on('error', () => {});
    options.log?.(`supervisor ${supervisorPid} is gone (${reason}): stopping`);
    // Bounded: a stop that hangs (e.g. on an unreachable Redis) must not leave an orphan running.
    const timer = setTimeout(() => exit(1), options.graceMilliseconds ?? 5_000);
    timer.unref();
    Promise.resolve(options.stop())
      .catch(() => {})
      .finally(() => exit(1));
  };

  const poll = setInterval(() => {
    // Re-parented (to init or a subreaper): the supervisor that started us has died.
    if (process.ppid !== supervisorPid) onGone('parent changed');
  }, options.pollMilliseconds ?? 1_000);
  poll.unref();

  const onEnd = () => onGone('its pipe closed');
  const watchesStdin = env[supervisorEnvironment.stdinPipe] === '1';
  if (watchesStdin) {
    process.stdin.on('end', onEnd);
    process.stdin.on('close', onEnd);
    process.stdin.on('error', onEnd);
    // Nothing is ever written; reading is only how the end of the pipe is noticed.
    process.stdin.on('data', () => {});
    process.stdin.resume();
  }

  function close(): void {
    clearInterval(poll);
    if (!watchesStdin) return;
    process.stdin.off('end', onEnd);
    process.stdin.off('close', onEnd);
    process.stdin.off('error', onEnd);
    process.stdin.pause();
    process.stdin.unref?.();
  }

  // The supervisor may have died before this watch was installed.
  if (process.ppid !== supervisorPid) onGone('parent changed');
  return { close };
}
