// The live stream: reads GET /api/live/events (Server-Sent Events) through fetch, so the request carries
// the bearer token, and hands each event to the listeners of its topic. Reconnects after a break; when the
// server closes the stream because the access token expired, reconnects at once (the request refreshes
// the token, or ends the session when the refresh is refused).
import { authorizedFetch } from './api-client.js';

export interface LiveEvent {
  readonly topic: string;
  readonly data: Record<string, unknown>;
}

type Listener = (event: LiveEvent) => void;

export interface LiveStatus {
  connected: boolean;
  received: number;
  /** Events the server dropped or coalesced for this page because it read too slowly. */
  dropped: number;
  coalesced: number;
  /** Times the stream opened, and times the server closed it because the access token expired. */
  connections: number;
  expiries: number;
}

export class LiveStream {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private controller: AbortController | null = null;
  readonly status: LiveStatus = {
    connected: false,
    received: 0,
    dropped: 0,
    coalesced: 0,
    connections: 0,
    expiries: 0,
  };
  private expired = false;

  /** Listens to topics starting with `prefix` (`orders.events`, `market_data.`); returns the unsubscribe. */
  on(prefix: string, listener: Listener): () => void {
    let set = this.listeners.get(prefix);
    if (!set) {
      set = new Set();
      this.listeners.set(prefix, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    void this.run(this.controller.signal);
  }

  stop(): void {
    this.controller?.abort();
    this.controller = null;
    this.setConnected(false);
  }

  private setConnected(connected: boolean): void {
    this.status.connected = connected;
    for (const listener of this.statusListeners) listener(this.status);
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const response = await authorizedFetch('api/live/events', { signal });
        if (!response.ok || !response.body) throw new Error(`live stream answered ${response.status}`);
        this.expired = false;
        this.status.connections += 1;
        this.setConnected(true);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let pending = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          pending += value;
          let end = pending.indexOf('\n\n');
          while (end >= 0) {
            this.dispatch(pending.slice(0, end));
            pending = pending.slice(end + 2);
            end = pending.indexOf('\n\n');
          }
        }
      } catch {
        // A break (server restart, network): wait and reconnect below.
      }
      this.setConnected(false);
      // An expired token is no break: the next request refreshes it, so reconnect without waiting.
      if (!signal.aborted && !this.expired) await new Promise((resolve) => setTimeout(resolve, 2_000));
      this.expired = false;
    }
  }

  private dispatch(block: string): void {
    let topic = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) topic = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (!data) return;
    const parsed = JSON.parse(data) as Record<string, unknown>;
    if (topic === 'dropped') {
      this.status.dropped += Number(parsed.dropped ?? 0);
      this.status.coalesced += Number(parsed.coalesced ?? 0);
      for (const listener of this.statusListeners) listener(this.status);
      return;
    }
    if (topic === 'ready') return;
    if (topic === 'expired') {
      this.expired = true;
      this.status.expiries += 1;
      return;
    }
    this.status.received += 1;
    const event: LiveEvent = { topic, data: parsed };
    for (const [prefix, set] of this.listeners)
      if (topic.startsWith(prefix)) for (const listener of set) listener(event);
  }
}

/** The one stream of the page, shared by every view. */
export const liveStream = new LiveStream();
