// Test support: starts the QuickFIX/C++ `executor` example (an independent FIX 4.4 acceptor that fills
// every limit order at its limit price) on a free loopback port, and stops it by its process id.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fix44DictionaryPath } from '../fix-dictionary-path.js';

/** Where scripts/build-quickfix-executor.sh puts the binary ($ATS_QUICKFIX_CACHE, or the package's .cache). */
export function quickfixExecutorPath(): string {
  if (process.env.ATS_QUICKFIX_EXECUTOR) return process.env.ATS_QUICKFIX_EXECUTOR;
  if (process.env.ATS_QUICKFIX_CACHE) return join(process.env.ATS_QUICKFIX_CACHE, 'executor');
  return fileURLToPath(new URL('../../.cache/quickfix-executor/executor', import.meta.url));
}

export function quickfixExecutorAvailable(): boolean {
  return existsSync(quickfixExecutorPath());
}

export interface ExecutorIdentity {
  /** The executor's SenderCompID (our TargetCompID). */
  readonly compId: string;
  /** Our SenderCompID (the executor's TargetCompID). */
  readonly clientCompId: string;
}

export class QuickfixExecutorProcess {
  private child: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly port: number,
    readonly workDirectory: string,
    readonly identity: ExecutorIdentity,
  ) {}

  /** Starts the executor with its own file store under `workDirectory` and waits until it listens. */
  static async start(workDirectory: string, identity: ExecutorIdentity): Promise<QuickfixExecutorProcess> {
    const executor = new QuickfixExecutorProcess(await freeLoopbackPort(), workDirectory, identity);
    await executor.launch();
    return executor;
  }

  /** Everything the executor printed: QuickFIX's screen log shows each message in and out. */
  get log(): string {
    return this.output;
  }

  /** The messages of one type (35=...) the executor received from us, as SOH-delimited text. */
  incoming(msgType: string): string[] {
    return this.screenLogLines('incoming').filter((line) => line.includes(`\u000135=${msgType}\u0001`));
  }

  outgoing(msgType: string): string[] {
    return this.screenLogLines('outgoing').filter((line) => line.includes(`\u000135=${msgType}\u0001`));
  }

  /** Restarts the process on the same port and store: the executor resumes its own sequence numbers. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child === null || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  private async launch(): Promise<void> {
    mkdirSync(join(this.workDirectory, 'store'), { recursive: true });
    const configPath = join(this.workDirectory, 'executor.cfg');
    writeFileSync(configPath, this.configText());
    const child = spawn(quickfixExecutorPath(), [configPath], {
      cwd: this.workDirectory,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString('latin1');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString('latin1');
    });
    await waitUntilListening(this.port, child, () => this.output);
  }

  private configText(): string {
    return [
      '[DEFAULT]',
      'ConnectionType=acceptor',
      `SocketAcceptPort=${this.port}`,
      'SocketReuseAddress=Y',
      'StartTime=00:00:00',
      'EndTime=00:00:00',
      `FileStorePath=${join(this.workDirectory, 'store')}`,
      'UseDataDictionary=Y',
      `DataDictionary=${fix44DictionaryPath()}`,
      'ValidateUserDefinedFields=N',
      '',
      '[SESSION]',
      'BeginString=FIX.4.4',
      `SenderCompID=${this.identity.compId}`,
      `TargetCompID=${this.identity.clientCompId}`,
      'HeartBtInt=30',
      '',
    ].join('\n');
  }

  private screenLogLines(direction: 'incoming' | 'outgoing'): string[] {
    // QuickFIX's ScreenLog prints "<time>, <session>, incoming>" then "  (<message>)" on the next line.
    const lines = this.output.split('\n');
    const messages: string[] = [];
    for (let index = 0; index < lines.length - 1; index++) {
      if ((lines[index] ?? '').includes(`${direction}>`)) messages.push(lines[index + 1] ?? '');
    }
    return messages;
  }
}

/** The value of `tag` in a SOH-delimited FIX message, or null. */
export function fieldOf(message: string, tag: number): string | null {
  const prefix = `${tag}=`;
  const field = message.split('\u0001').find((part) => part.startsWith(prefix));
  return field === undefined ? null : field.slice(prefix.length);
}

/** A loopback port nothing listens on (the kernel's pick, released at once). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilListening(port: number, child: ChildProcess, output: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) {
      throw new Error(`the QuickFIX executor exited with ${child.exitCode}: ${output()}`);
    }
    const listening = await new Promise<boolean>((resolve) => {
      const probe = createConnection({ host: '127.0.0.1', port }, () => {
        probe.destroy();
        resolve(true);
      });
      probe.once('error', () => resolve(false));
    });
    if (listening) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the QuickFIX executor did not listen on 127.0.0.1:${port}: ${output()}`);
}
