// A stateless seeded draw in [0, 1) from (seed, index): a slice's random offset or an iceberg's shown
// size is recomputed identically after a restart without storing or replaying a random stream.

/** splitmix32-style mixing of seed and index; uniform enough for timing jitter. */
export function seededUnit(seed: number, index: number): number {
  let z = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  z = (z ^ (z >>> 16)) >>> 0;
  return z / 4_294_967_296;
}
