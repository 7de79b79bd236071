/**
 * One seeded random source for everything the emulator draws (prediction and file ids, random model
 * seeds, fault probabilities, go_fast jitter), so an emulator started with `randomSeed` replays the same
 * run exactly. Without a seed it starts from a random one.
 */
import { randomInt } from 'node:crypto';

/** RFC 4648 base32 in lower case: the alphabet of Replicate's 26-character ids. */
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export class SeededRandom {
  private state: number;

  constructor(seed: number = randomInt(0, 2 ** 31)) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). mulberry32: tiny, fast, good enough for test data. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** A 26-character lowercase base32 id, the shape of Replicate prediction and file ids. */
  id(): string {
    return this.fromAlphabet(BASE32, 26);
  }

  /** An opaque path segment like the ones in replicate.delivery URLs. */
  urlToken(length = 43): string {
    return this.fromAlphabet(URL_SAFE, length);
  }

  private fromAlphabet(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}
