// Derives a stable UUID from names (an approval id, a venue and its execution id), so a redelivered
// message maps to the same order or trade instead of a second one.
import { uuidText } from './uuid-text.js';

/** The 32-bit avalanche step: every input bit flips about half of the output bits. */
function avalanche(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The four lanes' starting values. */
const seeds = [0x811c9dc5, 0x9e3779b9, 0x85ebca77, 0xc2b2ae3d] as const;

/**
 * The lanes between `absorb` calls (one derivation at a time: derivation never yields). Int32 holds
 * the same bits the lanes' integer arithmetic works on, so a state kept here and read back is exact.
 */
const lanes = new Int32Array(4);

/**
 * Feeds one part's characters into the lanes, preceded by the separator U+0000 unless it is the first
 * part: the parts are hashed as if joined, without building the joined text.
 */
function absorb(text: string, separated: boolean): void {
  let a = lanes[0] as number;
  let b = lanes[1] as number;
  let c = lanes[2] as number;
  let d = lanes[3] as number;
  for (let index = separated ? -1 : 0; index < text.length; index++) {
    const unit = index < 0 ? 0 : text.charCodeAt(index);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
    c = Math.imul(c ^ unit, 0x27d4eb2f);
    d = Math.imul(d ^ unit, 0x165667b1);
    a ^= d >>> 13;
    b ^= a >>> 15;
    c ^= b >>> 11;
    d ^= c >>> 17;
  }
  lanes[0] = a;
  lanes[1] = b;
  lanes[2] = c;
  lanes[3] = d;
}

/** The UUID of the lanes after `length` characters (separators included). */
function finish(length: number): string {
  let a = lanes[0] as number;
  let b = lanes[1] as number;
  let c = lanes[2] as number;
  let d = lanes[3] as number;
  a = avalanche(a ^ length);
  b = avalanche(b ^ a);
  c = avalanche(c ^ b);
  d = avalanche(d ^ c);
  a = avalanche(a ^ d);
  const versioned = ((b & 0xffff0fff) | 0x00008000) >>> 0;
  const variant = ((c & 0x3fffffff) | 0x80000000) >>> 0;
  return uuidText(a >>> 0, versioned, variant, d >>> 0);
}

/**
 * A 128-bit hash of the parts, formatted as a version-8 (name-based, custom) UUID. Four multiplicative
 * lanes fed every character and mixed into each other; not cryptographic (nothing secret depends on
 * it), but wide enough that two different names collide with negligible probability. The parts are
 * joined with a separator that cannot occur in them, so ("ab", "c") and ("a", "bc") differ.
 */
export function deriveUuid(...parts: readonly string[]): string {
  return finish(absorbParts(parts));
}

/** Seeds the lanes and feeds them every part; the characters fed (separators included). */
function absorbParts(parts: readonly string[]): number {
  lanes.set(seeds);
  let length = 0;
  for (let part = 0; part < parts.length; part++) {
    const text = parts[part] as string;
    absorb(text, part !== 0);
    length += part === 0 ? text.length : text.length + 1;
  }
  return length;
}

/**
 * `deriveUuid` for ids whose leading parts are fixed (an engine's kind of id and its account): the
 * prefix is hashed once, and each id hashes only its last part. `derive(last)` is exactly
 * `deriveUuid(...prefix, last)`; an order's two ids hashed about 80 characters each before.
 */
export class UuidDeriver {
  private readonly state = new Int32Array(4);
  private readonly prefixLength: number;
  private readonly hasPrefix: boolean;

  constructor(...prefix: readonly string[]) {
    this.prefixLength = absorbParts(prefix);
    this.state.set(lanes);
    this.hasPrefix = prefix.length > 0;
  }

  derive(last: string): string {
    lanes.set(this.state);
    absorb(last, this.hasPrefix);
    return finish(this.prefixLength + last.length + (this.hasPrefix ? 1 : 0));
  }
}
