// One browser's Server-Sent Events response: frames leave its buffer only while the socket accepts them;
// when the kernel's send buffer is full the connection waits for 'drain' and the buffer coalesces or drops.
import type { ServerResponse } from 'node:http';
import type { Role } from '../security/principal.js';
import { LiveClientBuffer, type LiveFrame } from './live-client-buffer.js';
import type { LiveSubscriber } from './live-event-hub.js';

export interface LiveConnectionOptions {
  readonly role: Role;
  readonly patterns: readonly string[];
  /** Frames held for this client at most. */
  readonly capacity: number;
  /** Frames written per turn of the event loop at most, so one client cannot hold the loop. */
  readonly batch: number;
  /** Milliseconds between keep-alive comments (proxies close silent connections). */
  readonly heartbeatMilliseconds: number;
  /**
   * When the credential that opened the stream expires (epoch ms): the stream then says `expired` and
   * closes, so a page never keeps reading with a token the server would refuse on any other request.
   */
  readonly expiresAt?: number | undefined;
}

/** setTimeout's longest delay (about 24.8 days); a later expiry is reached in steps. */
const longestTimerMilliseconds = 2_147_483_647;

export class LiveConnection implements LiveSubscriber {
  readonly role: Role;
  readonly patterns: readonly string[];
  readonly buffer: LiveClientBuffer;
  private scheduled = false;
  private waitingForDrain = false;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private expiry: NodeJS.Timeout | null = null;

  constructor(
    private readonly response: ServerResponse,
    private readonly options: LiveConnectionOptions,
    private readonly onClose: (connection: LiveConnection) => void,
  ) {
    this.role = options.role;
    this.patterns = options.patterns;
    this.buffer = new LiveClientBuffer(options.capacity);
    response.on('close', () => this.close());
    response.on('error', () => this.close());
    this.heartbeat = setInterval(() => {
      if (!this.waitingForDrain) this.write(': keep-alive\n\n');
    }, options.heartbeatMilliseconds);
    this.heartbeat.unref();
    if (options.expiresAt !== undefined) this.armExpiry(options.expiresAt);
  }

  private armExpiry(expiresAt: number): void {
    const delay = expiresAt - Date.now();
    if (delay <= 0) {
      this.expire();
      return;
    }
    this.expiry = setTimeout(() => this.armExpiry(expiresAt), Math.min(delay, longestTimerMilliseconds));
    this.expiry.unref();
  }

  /** The credential ran out: tell the page why (it refreshes and reconnects), then end the stream. */
  private expire(): void {
    if (this.closed) return;
    // Written past the buffer: the page must learn why, even when it reads slowly.
    this.write(`event: expired\ndata: ${JSON.stringify({ reason: 'the access token expired' })}\n\n`);
    this.close();
  }

  /** Sends the headers and a first comment (so the browser's fetch resolves) plus the connection's limits. */
  open(): void {
    this.response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx buffers proxied answers unless told not to; a buffered stream is not live.
      'x-accel-buffering': 'no',
    });
    this.write(
      `retry: 2000\nevent: ready\ndata: ${JSON.stringify({ role: this.role, capacity: this.options.capacity })}\n\n`,
    );
  }

  deliver(frame: LiveFrame): void {
    if (this.closed) return;
    this.buffer.push(frame);
    this.schedule();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    if (this.expiry) clearTimeout(this.expiry);
    this.onClose(this);
    if (!this.response.writableEnded) this.response.end();
  }

  private schedule(): void {
    if (this.scheduled || this.waitingForDrain || this.closed) return;
    this.scheduled = true;
    // Batched after the current event: a burst of publishes becomes one write.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    while (!this.closed && !this.waitingForDrain && this.buffer.size > 0) {
      const frames = this.buffer.take(this.options.batch);
      if (frames.length === 0) break;
      if (!this.write(frames.join(''))) {
        this.waitingForDrain = true;
        this.response.once('drain', () => {
          this.waitingForDrain = false;
          this.schedule();
        });
      } else if (this.buffer.size > 0) {
        // Yield between batches so other clients and the platform get the loop.
        this.schedule();
        return;
      }
    }
  }

  private write(text: string): boolean {
    if (this.closed || this.response.writableEnded) return false;
    return this.response.write(text);
  }
}
