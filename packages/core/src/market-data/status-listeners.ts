// The listener list behind DataClient.onStatus, shared by every data client so each announces alike.
import type { DataClientStatus, DataClientStatusEvent } from '../ports/data-client.js';

export class DataClientStatusListeners {
  private readonly listeners = new Set<(event: DataClientStatusEvent) => void>();

  constructor(
    private readonly source: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  add(listener: (event: DataClientStatusEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Tells every listener; a throwing listener does not stop the others. */
  emit(status: DataClientStatus, detail: { reason?: string; code?: number | string } = {}): void {
    const event: DataClientStatusEvent = {
      source: this.source,
      status,
      time: this.now(),
      ...(detail.reason === undefined ? {} : { reason: detail.reason }),
      ...(detail.code === undefined ? {} : { code: detail.code }),
    };
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own; the connection state must still reach the others.
      }
    }
  }
}
