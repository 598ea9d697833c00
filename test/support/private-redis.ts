// A Redis server of a test's own, on a free loopback port, that the test may stop, restart empty or
// pause without disturbing the machine's Redis that other tests use.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep } from './distributed-deployment.js';

export class PrivateRedis {
  private process: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly directory: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), mkdtempSync(join(tmpdir(), 'ats-redis-')));
    await redis.launch();
    return redis;
  }

  /** Starts the server on its data folder (what an append-only file kept comes back). */
  async launch(): Promise<void> {
    this.process = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--dir',
        this.directory,
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    while (!(await this.answers())) {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} did not start`);
      await sleep(50);
    }
  }

  /** Stops the server (its data stays in the append-only file). */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    this.process = null;
  }

  /** Stops the server and starts it again with no data at all (Redis lost everything). */
  async restartEmpty(): Promise<void> {
    await this.stop();
    rmSync(this.directory, { recursive: true, force: true });
    mkdirSync(this.directory, { recursive: true });
    await this.launch();
  }

  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  resume(): void {
    this.process?.kill('SIGCONT');
  }

  async dispose(): Promise<void> {
    this.resume();
    await this.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }

  private async answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const ping = spawn('redis-cli', ['-p', String(this.port), 'ping'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let output = '';
      ping.stdout.on('data', (chunk) => {
        output += String(chunk);
      });
      ping.on('exit', () => resolve(output.trim() === 'PONG'));
      ping.on('error', () => resolve(false));
    });
  }
}
