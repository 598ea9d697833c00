// A Map and a Set for keys that come and go one or two at a time (an order's id, for the order's life),
// which keep their hash table when they empty.

/**
 * V8 shrinks a Map's or Set's hash table when a delete leaves it less than half full, and a table of one
 * entry is then rebuilt from scratch: a call into the runtime and a new table at every delete that empties
 * it. The tables an order passes through (working orders, holds, pending keys) hold one entry for most of
 * a backtest and empty at every fill, so each order paid that half a dozen times (about 6,000 machine
 * instructions an order, 5% of a warm ORCL run under callgrind). A permanent first entry under a private
 * key keeps the table from ever emptying; it is invisible through these classes.
 */
const anchor: unique symbol = Symbol('steady table anchor');

/** A Map of the usual operations that never empties its table (see above). Insertion order is kept. */
export class SteadyMap<K, V> implements Iterable<[K, V]> {
  private readonly table = new Map<K | typeof anchor, V | undefined>([[anchor, undefined]]);

  get size(): number {
    return this.table.size - 1;
  }

  get(key: K): V | undefined {
    return this.table.get(key) as V | undefined;
  }

  has(key: K): boolean {
    return this.table.has(key);
  }

  set(key: K, value: V): this {
    this.table.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    return this.table.delete(key);
  }

  clear(): void {
    this.table.clear();
    this.table.set(anchor, undefined);
  }

  // The anchor is always the first entry (set first, never deleted): iterators step over it once.
  keys(): IterableIterator<K> {
    const keys = this.table.keys();
    keys.next();
    return keys as IterableIterator<K>;
  }

  values(): IterableIterator<V> {
    const values = this.table.values();
    values.next();
    return values as IterableIterator<V>;
  }

  entries(): IterableIterator<[K, V]> {
    const entries = this.table.entries();
    entries.next();
    return entries as IterableIterator<[K, V]>;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }
}

/** A Set of the usual operations that never empties its table (see above). Insertion order is kept. */
export class SteadySet<T> implements Iterable<T> {
  private readonly table = new Set<T | typeof anchor>([anchor]);

  get size(): number {
    return this.table.size - 1;
  }

  has(value: T): boolean {
    return this.table.has(value);
  }

  add(value: T): this {
    this.table.add(value);
    return this;
  }

  delete(value: T): boolean {
    return this.table.delete(value);
  }

  clear(): void {
    this.table.clear();
    this.table.add(anchor);
  }

  values(): IterableIterator<T> {
    const values = this.table.values();
    values.next();
    return values as IterableIterator<T>;
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this.values();
  }
}
