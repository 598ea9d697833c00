// Group commit: calls that arrive while a transaction runs wait and share the next one, so many
// orders cost one commit while each caller still learns its own outcome only after that commit.

interface Waiting<Item, Result> {
  readonly item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * `commit(items)` stores a whole batch in one transaction and returns one result per item, in order;
 * if it throws, every caller of the batch gets the error and nothing of the batch is stored.
 * Batches run one after another, in arrival order.
 */
export class GroupCommit<Item, Result> {
  private waiting: Waiting<Item, Result>[] = [];
  private running = false;

  constructor(
    private readonly commit: (items: readonly Item[]) => Promise<readonly Result[]>,
    private readonly maxBatch: number,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  /** Resolves when nothing is waiting or running. */
  async idle(): Promise<void> {
    while (this.running || this.waiting.length > 0) await new Promise((resolve) => setImmediate(resolve));
  }

  private async drain(): Promise<void> {
    this.running = true;
    // Let the calls of the current tick (a burst of approvals, a quote's fills) join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          const results = await this.commit(batch.map((waiting) => waiting.item));
          batch.forEach((waiting, index) => {
            waiting.resolve(results[index] as Result);
          });
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
