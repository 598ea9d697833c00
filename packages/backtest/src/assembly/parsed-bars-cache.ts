// Bars parsed from a text file, kept as columns on disk by the file's content, so the next backtest on
// the same file reads them instead of parsing it again. Parsing is the first work of `ats backtest`, in a
// process whose code is not warm: ORCL's 5,036 daily lines took 42-66 ms to parse there, against about
// 10 ms to rebuild its bars from the columns (measured 2026-12-02).
import {
  type BigIntStats,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Bar, deriveUuid, Price, type Ticker, type Timeframe } from '@ats/core';

/** The first bytes of an entry: the format, then the bar count (a little-endian float). */
const magic = 'ATSBARS1';
/** Values per bar: time, open, high, low, close, adjusted close (NaN when none), volume. */
const stride = 7;
const headerBytes = 16;

/**
 * Where entries are kept and the identity of the code that parsed them. An entry's name hashes that
 * identity, the parse's own key (layout and options) and the file's state as the system records it: a
 * changed file, other options or a rebuilt parser all miss, never read bars the current code would not
 * make.
 *
 * The file's state is its device and inode and every stamp the system updates when it is written: its
 * size, modification time and status-change time, to the nanosecond. The status-change time is set by
 * the kernel at any write (or change of the other stamps) and no tool can set it back, so even a file
 * rewritten at the same size with its old modification time restored misses. Until 2026-12-02 the name
 * hashed the file's bytes with SHA-256: loading Node's crypto module for it took 5-7 ms of each
 * `ats backtest`, and a digest of the bytes in JavaScript about as long in a process whose code is cold;
 * the state needs one stat call, and a hit no longer reads the file at all.
 */
export class ParsedBarsCache {
  constructor(
    readonly folder: string,
    readonly codeIdentity: string,
    /**
     * What the folder may hold: after each entry written, entries unused for `maxAgeMilliseconds`
     * (default 30 days) go, then the least recently used until the rest fit in `maxBytes` (default
     * 512 MB). A rebuild makes every older entry unreachable; this is what lets them go.
     * `settledMilliseconds` (default 1 s): how long ago a file must have last changed for its bars to
     * be kept. File times advance in steps of the system's clock tick (a few ms), so a file written
     * twice within one tick at the same size could show the same state after both writes; a file that
     * has not changed for a second cannot be such a file, and one just written is only parsed.
     */
    readonly limits: {
      readonly maxBytes?: number;
      readonly maxAgeMilliseconds?: number;
      readonly settledMilliseconds?: number;
    } = {},
  ) {}

  /**
   * The cache of this installation: under `ATS_CACHE_DIR`, else `$XDG_CACHE_HOME/ats`, else
   * `~/.cache/ats` (`ATS_CACHE_DIR` set empty: none). Null too when the build's stamps cannot be read
   * (the code's identity would be unknown).
   */
  static ofInstallation(environment: NodeJS.ProcessEnv = process.env): ParsedBarsCache | null {
    const configured = environment.ATS_CACHE_DIR;
    if (configured === '') return null;
    const base = configured ?? join(environment.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ats');
    const identity = buildIdentity();
    return identity === null ? null : new ParsedBarsCache(join(base, 'parsed-bars'), identity);
  }

  /**
   * The bars of `path` as `parse` makes them from its text, read from the cache when an entry for this
   * state of the file, this key and this code exists; else parsed, and the entry written unless the
   * file changed in the last second (a failed write, a full disk or a folder that cannot be made, only
   * costs the next run its parse).
   */
  barsOf(
    path: string,
    key: string,
    symbol: Ticker,
    timeframe: Timeframe,
    parse: (text: string) => Bar[],
  ): Bar[] {
    const state = statSync(path, { bigint: true });
    const entry = join(
      this.folder,
      `${this.entryName(state, `${key}\u0000${symbol}\u0000${timeframe}`)}.bin`,
    );
    const cached = readEntry(entry, symbol, timeframe);
    if (cached !== null) {
      markUsed(entry);
      return cached;
    }
    // Read after the stat: a write in between changes the state, so this entry's name is never met again.
    const bars = parse(readFileSync(path, 'utf8'));
    const settled = BigInt(this.limits.settledMilliseconds ?? 1_000) * 1_000_000n;
    if (BigInt(Date.now()) * 1_000_000n - state.ctimeNs < settled) return bars;
    if (writeEntry(this.folder, entry, bars, symbol, timeframe)) this.prune(entry);
    return bars;
  }

  /**
   * Lets go of entries unused for too long, then of the least recently used (an entry's modification
   * time is when it was last read or written) until the folder fits; never the entry just written.
   * Temporary files of writers that died are removed after an hour.
   */
  private prune(kept: string): void {
    const maxAge = this.limits.maxAgeMilliseconds ?? 30 * 86_400_000;
    const maxBytes = this.limits.maxBytes ?? 512 * 1024 * 1024;
    const now = Date.now();
    try {
      const entries: { path: string; size: number; used: number }[] = [];
      for (const name of readdirSync(this.folder)) {
        const path = join(this.folder, name);
        const status = statSync(path, { throwIfNoEntry: false });
        if (status === undefined) continue;
        if (name.endsWith('.tmp')) {
          if (now - status.mtimeMs > 3_600_000) rmSync(path, { force: true });
          continue;
        }
        if (!name.endsWith('.bin') || path === kept) continue;
        if (now - status.mtimeMs > maxAge) rmSync(path, { force: true });
        else entries.push({ path, size: status.size, used: status.mtimeMs });
      }
      let total =
        (statSync(kept, { throwIfNoEntry: false })?.size ?? 0) +
        entries.reduce((sum, entry) => sum + entry.size, 0);
      entries.sort((a, b) => a.used - b.used);
      for (const entry of entries) {
        if (total <= maxBytes) break;
        rmSync(entry.path, { force: true });
        total -= entry.size;
      }
    } catch {
      // A folder another process is pruning too, or that refuses removal: tried again at the next write.
    }
  }

  private entryName(state: BigIntStats, key: string): string {
    const file = `${state.dev}:${state.ino}:${state.size}:${state.mtimeNs}:${state.ctimeNs}`;
    return deriveUuid(magic, this.codeIdentity, key, file);
  }
}

/**
 * The build that made the running code: the stamps of the TypeScript build records of the packages
 * whose code parses (core's prices and dates, this package's readers). `tsc -b` rewrites a record
 * whenever it emits anything of its package, so an edited parser misses every older entry.
 */
function buildIdentity(): string | null {
  const records = [
    new URL('../../tsconfig.tsbuildinfo', import.meta.url),
    new URL('../../../core/tsconfig.tsbuildinfo', import.meta.url),
  ];
  let identity = '';
  for (const record of records) {
    const status = statSync(fileURLToPath(record), { throwIfNoEntry: false });
    if (status === undefined) return null;
    identity += `${status.size}:${status.mtimeMs};`;
  }
  return identity;
}

/** Marks an entry as just used (its modification time), so the pruning keeps the entries in use. */
function markUsed(entry: string): void {
  try {
    const now = new Date();
    utimesSync(entry, now, now);
  } catch {
    // Read-only: the entry is still read; it may be pruned sooner.
  }
}

/** An entry's bars, or null when it is absent or not a whole entry (then the file is parsed). */
function readEntry(entry: string, symbol: Ticker, timeframe: Timeframe): Bar[] | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(entry);
  } catch {
    return null;
  }
  if (bytes.length < headerBytes || bytes.toString('latin1', 0, magic.length) !== magic) return null;
  const count = bytes.readDoubleLE(8);
  if (!Number.isSafeInteger(count) || count < 0 || bytes.length !== headerBytes + count * stride * 8)
    return null;
  // A copy aligned for the view (a Buffer from the pool may start at any byte).
  const values = new Float64Array(count * stride);
  new Uint8Array(values.buffer).set(bytes.subarray(headerBytes));
  const bars: Bar[] = new Array(count);
  for (let index = 0; index < count; index++) bars[index] = barAt(values, index * stride, symbol, timeframe);
  return bars;
}

/** A bar as the readers make it (the same fields in the same order, adjustedClose only when given). */
function barAt(values: Float64Array, at: number, symbol: Ticker, timeframe: Timeframe): Bar {
  const adjusted = values[at + 5] as number;
  if (Number.isNaN(adjusted))
    return {
      symbol,
      timeframe,
      time: values[at] as number,
      open: Price.fromRaw(values[at + 1] as number),
      high: Price.fromRaw(values[at + 2] as number),
      low: Price.fromRaw(values[at + 3] as number),
      close: Price.fromRaw(values[at + 4] as number),
      volume: values[at + 6] as number,
    };
  return {
    symbol,
    timeframe,
    time: values[at] as number,
    open: Price.fromRaw(values[at + 1] as number),
    high: Price.fromRaw(values[at + 2] as number),
    low: Price.fromRaw(values[at + 3] as number),
    close: Price.fromRaw(values[at + 4] as number),
    volume: values[at + 6] as number,
    adjustedClose: Price.fromRaw(adjusted),
  };
}

/**
 * Writes an entry whole or not at all (a temporary file renamed into place). Bars of another symbol or
 * timeframe than the entry's (a mapping that reads the symbol from a column) are not cached: an entry
 * holds neither, so it could not give them back.
 */
function writeEntry(
  folder: string,
  entry: string,
  bars: readonly Bar[],
  symbol: Ticker,
  timeframe: Timeframe,
): boolean {
  if (bars.some((bar) => bar.symbol !== symbol || bar.timeframe !== timeframe)) return false;
  const values = new Float64Array(bars.length * stride);
  for (let index = 0; index < bars.length; index++) {
    const bar = bars[index] as Bar;
    const at = index * stride;
    values[at] = bar.time;
    values[at + 1] = bar.open.raw;
    values[at + 2] = bar.high.raw;
    values[at + 3] = bar.low.raw;
    values[at + 4] = bar.close.raw;
    values[at + 5] = bar.adjustedClose === undefined ? Number.NaN : bar.adjustedClose.raw;
    values[at + 6] = bar.volume;
  }
  const header = Buffer.alloc(headerBytes);
  header.write(magic, 0, 'latin1');
  header.writeDoubleLE(bars.length, 8);
  const temporary = `${entry}.${process.pid}.tmp`;
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(temporary, Buffer.concat([header, Buffer.from(values.buffer)]));
    renameSync(temporary, entry);
    return true;
  } catch {
    // Not cached: the bars were parsed and are returned all the same.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // A folder that refuses writes refuses this too; nothing was left in it.
    }
    return false;
  }
}
