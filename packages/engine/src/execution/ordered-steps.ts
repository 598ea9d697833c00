// Runs steps strictly in order: synchronously while nothing is pending, chained behind a pending promise.

/**
 * The execution engine must publish events in order and only after their writes are durable. With a
 * synchronous journal (backtests) every step runs at once, keeping a backtest fully synchronous; with
 * an asynchronous journal, later steps wait for earlier ones.
 */
export class OrderedSteps {
  private tail: Promise<void> | null = null;

  constructor(private readonly onError: (error: unknown) => void) {}

  run(step: () => void | Promise<void>): void {
    if (this.tail) {
      this.tail = this.chain(this.tail.then(step));
      return;
    }
    let result: void | Promise<void>;
    try {
      result = step();
    } catch (error) {
      this.onError(error);
      return;
    }
    if (result && typeof (result as Promise<void>).then === 'function')
      this.tail = this.chain(result as Promise<void>);
  }

  /** Resolves when every step so far has finished. */
  async settled(): Promise<void> {
    while (this.tail) await this.tail;
  }

  private chain(promise: Promise<void>): Promise<void> {
    const next: Promise<void> = promise
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        if (this.tail === next) this.tail = null;
      });
    return next;
  }
}
