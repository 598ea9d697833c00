// The parsed-bars cache: a file's bars come back from its entry equal to the parse's, and anything that
// could make them differ (the file's bytes, the parse's options, the code) misses; a damaged entry or a
// folder that refuses writes only costs a parse.
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bar, Ticker } from '@ats/core';
import { afterEach, describe, expect, it } from 'vitest';
import { parseYahooCsv } from '../yahoo-csv.js';
import { ParsedBarsCache } from './parsed-bars-cache.js';

const orcl = 'ORCL' as Ticker;
const fixture = new URL('../../fixtures/orcl-1995-2014.txt', import.meta.url);

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function scratch(): string {
  const folder = mkdtempSync(join(tmpdir(), 'ats-parsed-bars-'));
  folders.push(folder);
  return folder;
}

/** The tests' files are written just before they are read: kept at once (see settledMilliseconds). */
const justWritten = { settledMilliseconds: 0 };

/** A parse that counts its calls. */
function countingParse(options: { adjust?: boolean } = {}) {
  const parse = (text: string): Bar[] => {
    parse.calls++;
    return parseYahooCsv(text, { symbol: orcl, ...options });
  };
  parse.calls = 0;
  return parse;
}

describe('ParsedBarsCache', () => {
  it("gives back ORCL's 5,036 bars from its entry equal to the parse's, without parsing again", () => {
    const cache = new ParsedBarsCache(join(scratch(), 'cache'), 'build-1', justWritten);
    const path = join(scratch(), 'orcl.csv');
    writeFileSync(path, readFileSync(fixture));
    const parse = countingParse();
    const parsed = cache.barsOf(path, 'yahoo', orcl, '1d', parse);
    const read = cache.barsOf(path, 'yahoo', orcl, '1d', parse);
    expect(parse.calls).toBe(1);
    expect(read).toHaveLength(5_036);
    expect(read).toEqual(parsed);
    // The same fields in the same order as the parser's bars (one object shape for the replay).
    expect(Object.keys(read[0] as Bar)).toEqual(Object.keys(parsed[0] as Bar));
    expect(read[0]?.adjustedClose?.raw).toBe(parsed[0]?.adjustedClose?.raw);
  });

  it('misses when the file changed, the parse key differs or the code was rebuilt', () => {
    const folder = join(scratch(), 'cache');
    const path = join(scratch(), 'orcl.csv');
    const text = readFileSync(fixture, 'utf8');
    // A modification time of a whole second, which utimes can set back exactly.
    const wholeSecond = 1_700_000_000;
    const lines = text.trimEnd().split('\n');
    writeFileSync(path, `${lines.join('\n')}\n`);
    utimesSync(path, wholeSecond, wholeSecond);
    const parse = countingParse();
    new ParsedBarsCache(folder, 'build-1', justWritten).barsOf(path, 'yahoo', orcl, '1d', parse);
    // One price of the last line changed (same length), written in place (same inode), and the
    // modification time set back: only the status-change time, which nothing sets back, tells.
    const last = (lines[lines.length - 1] as string).split(',');
    // 44.970001 -> 44.980001: the same number of characters.
    last[4] = (Number(last[4]) + 0.01).toFixed(6);
    lines[lines.length - 1] = last.join(',');
    const before = statSync(path, { bigint: true });
    writeFileSync(path, `${lines.join('\n')}\n`);
    utimesSync(path, wholeSecond, wholeSecond);
    const after = statSync(path, { bigint: true });
    expect([after.ino, after.size, after.mtimeNs]).toEqual([before.ino, before.size, before.mtimeNs]);
    expect(after.ctimeNs).not.toBe(before.ctimeNs);
    const changed = new ParsedBarsCache(folder, 'build-1', justWritten).barsOf(
      path,
      'yahoo',
      orcl,
      '1d',
      parse,
    );
    expect(parse.calls).toBe(2);
    expect(changed[changed.length - 1]?.close.toString()).toBe(Number(last[4]).toFixed(4));
    const adjusted = countingParse({ adjust: true });
    new ParsedBarsCache(folder, 'build-1', justWritten).barsOf(path, 'yahoo adjust', orcl, '1d', adjusted);
    expect(adjusted.calls).toBe(1);
    new ParsedBarsCache(folder, 'build-2', justWritten).barsOf(path, 'yahoo', orcl, '1d', parse);
    expect(parse.calls).toBe(3);
  });

  it('only parses a file changed less than a second ago (two writes within a clock tick could look alike), and keeps it once settled', () => {
    const folder = join(scratch(), 'cache');
    const path = join(scratch(), 'orcl.csv');
    writeFileSync(path, readFileSync(fixture));
    const parse = countingParse();
    new ParsedBarsCache(folder, 'build-1').barsOf(path, 'yahoo', orcl, '1d', parse);
    expect(existsSync(folder)).toBe(false);
    // The same file taken as settled (no wait asked): kept, then read back.
    new ParsedBarsCache(folder, 'build-1', { settledMilliseconds: -60_000 }).barsOf(
      path,
      'yahoo',
      orcl,
      '1d',
      parse,
    );
    new ParsedBarsCache(folder, 'build-1').barsOf(path, 'yahoo', orcl, '1d', parse);
    expect(parse.calls).toBe(2);
    expect(readdirSync(folder)).toHaveLength(1);
  });

  it('parses again over a damaged entry, and writes it whole again', () => {
    const folder = join(scratch(), 'cache');
    const path = join(scratch(), 'orcl.csv');
    writeFileSync(path, readFileSync(fixture));
    const cache = new ParsedBarsCache(folder, 'build-1', justWritten);
    const parse = countingParse();
    const parsed = cache.barsOf(path, 'yahoo', orcl, '1d', parse);
    const [entry] = readdirSync(folder);
    const entryPath = join(folder, entry as string);
    writeFileSync(entryPath, readFileSync(entryPath).subarray(0, 1_000));
    expect(cache.barsOf(path, 'yahoo', orcl, '1d', parse)).toEqual(parsed);
    expect(parse.calls).toBe(2);
    expect(cache.barsOf(path, 'yahoo', orcl, '1d', parse)).toEqual(parsed);
    expect(parse.calls).toBe(2);
  });

  it('returns the parsed bars when its folder cannot be made, and leaves nothing behind', () => {
    const parent = scratch();
    const blocker = join(parent, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const path = join(scratch(), 'orcl.csv');
    writeFileSync(path, readFileSync(fixture));
    const cache = new ParsedBarsCache(join(blocker, 'cache'), 'build-1');
    const parse = countingParse();
    expect(cache.barsOf(path, 'yahoo', orcl, '1d', parse)).toHaveLength(5_036);
    expect(cache.barsOf(path, 'yahoo', orcl, '1d', parse)).toHaveLength(5_036);
    expect(parse.calls).toBe(2);
    expect(readdirSync(parent)).toEqual(['a-file']);
  });

  it('does not cache bars of another symbol than the entry names (a mapping that reads it from a column)', () => {
    const folder = join(scratch(), 'cache');
    const path = join(scratch(), 'orcl.csv');
    writeFileSync(path, readFileSync(fixture));
    const cache = new ParsedBarsCache(folder, 'build-1', justWritten);
    const other = () => parseYahooCsv(readFileSync(path, 'utf8'), { symbol: 'MSFT' as Ticker });
    expect(cache.barsOf(path, 'yahoo', orcl, '1d', other)[0]?.symbol).toBe('MSFT');
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
  });

  it('lets go of the least recently used entries once past its size, keeping those read since', () => {
    const folder = join(scratch(), 'cache');
    const text = readFileSync(fixture, 'utf8');
    // Three files of ORCL's bars (282 KB an entry), the later two each one line shorter.
    const lines = text.trimEnd().split('\n');
    const paths = [0, 1, 2].map((shorter) => {
      const path = join(scratch(), `orcl-${shorter}.csv`);
      writeFileSync(path, `${lines.slice(0, lines.length - shorter).join('\n')}\n`);
      return path;
    });
    const cache = new ParsedBarsCache(folder, 'build-1', { ...justWritten, maxBytes: 600_000 });
    const parse = countingParse();
    cache.barsOf(paths[0] as string, 'yahoo', orcl, '1d', parse);
    cache.barsOf(paths[1] as string, 'yahoo', orcl, '1d', parse);
    // Entry 0 written long ago but read just now; entry 1 written long ago and not read since.
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const name of readdirSync(folder)) utimesSync(join(folder, name), hourAgo, hourAgo);
    cache.barsOf(paths[0] as string, 'yahoo', orcl, '1d', parse);
    expect(parse.calls).toBe(2);
    cache.barsOf(paths[2] as string, 'yahoo', orcl, '1d', parse);
    // Three entries of 282 KB do not fit in 600 KB: the one unused for the longest went.
    expect(readdirSync(folder)).toHaveLength(2);
    cache.barsOf(paths[0] as string, 'yahoo', orcl, '1d', parse);
    cache.barsOf(paths[2] as string, 'yahoo', orcl, '1d', parse);
    expect(parse.calls).toBe(3);
    cache.barsOf(paths[1] as string, 'yahoo', orcl, '1d', parse);
    expect(parse.calls).toBe(4);
  });

  it('lets go of entries unused for longer than their age, and of a temporary file a dead writer left', () => {
    const folder = join(scratch(), 'cache');
    const path = join(scratch(), 'orcl.csv');
    const text = readFileSync(fixture, 'utf8');
    writeFileSync(path, text);
    const cache = new ParsedBarsCache(folder, 'build-1', { ...justWritten, maxAgeMilliseconds: 86_400_000 });
    cache.barsOf(path, 'yahoo', orcl, '1d', countingParse());
    const [old] = readdirSync(folder);
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(join(folder, old as string), twoDaysAgo, twoDaysAgo);
    const temporary = join(folder, 'dead-writer.bin.123.tmp');
    writeFileSync(temporary, 'half an entry');
    utimesSync(temporary, twoDaysAgo, twoDaysAgo);
    // Another file written: the pruning after it removes the old entry and the temporary file.
    writeFileSync(path, `${text.trimEnd()}\n\n`);
    cache.barsOf(path, 'yahoo', orcl, '1d', countingParse());
    const left = readdirSync(folder);
    expect(left).toHaveLength(1);
    expect(left).not.toContain(old);
    expect(statSync(join(folder, left[0] as string)).mtimeMs).toBeGreaterThan(twoDaysAgo.getTime());
  });

  it('is off with ATS_CACHE_DIR set empty, and under it when set', () => {
    expect(ParsedBarsCache.ofInstallation({ ATS_CACHE_DIR: '' })).toBeNull();
    const folder = scratch();
    const cache = ParsedBarsCache.ofInstallation({ ATS_CACHE_DIR: folder });
    // The build's records exist in a built checkout (tsc -b writes them); the cache is null otherwise.
    if (cache !== null) expect(cache.folder).toBe(join(folder, 'parsed-bars'));
  });
});
