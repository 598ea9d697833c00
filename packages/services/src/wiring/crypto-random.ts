// A random source backed by the operating system's generator, for live ids (backtests use SeededRandom).
import { randomBytes } from 'node:crypto';
import type { RandomSource } from '@ats/core';

/** Draws 4 KiB at a time so ids cost no system call each. */
export class CryptoRandom implements RandomSource {
  private buffer = randomBytes(4096);
  private offset = 0;

  nextUint32(): number {
    if (this.offset + 4 > this.buffer.length) {
      this.buffer = randomBytes(4096);
      this.offset = 0;
    }
    const value = this.buffer.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  next(): number {
    return this.nextUint32() / 4294967296;
  }
}
