// Records by key (a symbol), made at a key's first mention, with the record looked up last remembered.

/**
 * The per-symbol records of the bar path (an account's holdings, the portfolio's marks, the strategies'
 * feeds, the venue's latest bars): a bar looks its symbol up once per component, and a one-symbol run,
 * whose bars are all of one symbol, does not look it up at all. Insertion order is kept.
 */
export class RecentTable<K, V> {
  private readonly table = new Map<K, V>();
  private lastKey: K | undefined = undefined;
  private lastValue: V | undefined = undefined;

  /** `make` builds a key's record at its first mention through `of`. */
  constructor(private readonly make: (key: K) => V) {}

  /** The key's record, made now if it has none. */
  of(key: K): V {
    if (key === this.lastKey && this.lastValue !== undefined) return this.lastValue;
    let value = this.table.get(key);
    if (value === undefined) {
      value = this.make(key);
      this.table.set(key, value);
    }
    this.lastKey = key;
    this.lastValue = value;
    return value;
  }

  /** The key's record if it has one (a read never makes one). */
  find(key: K): V | undefined {
    if (key === this.lastKey && this.lastValue !== undefined) return this.lastValue;
    const value = this.table.get(key);
    if (value !== undefined) {
      this.lastKey = key;
      this.lastValue = value;
    }
    return value;
  }

  /** Every record, in the order their keys were first mentioned. */
  values(): IterableIterator<V> {
    return this.table.values();
  }
}
