/**
 * A token bucket per key (a client address, a socket): each key may spend `burst` at once and gets
 * `perSecond` back every second. What the classroom's fair-share limits are made of. Pure: the clock
 * is passed in, so a test can drive it.
 */

export interface TokenBucketSettings {
  /** Tokens refilled per second. */
  perSecond: number;
  /** The most a key can hold: how many requests it may send at once after a quiet spell. */
  burst: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * How long a refusal for going over one's share waits before it is sent. A flood then slows itself
 * down (each connection gets one refusal a second) instead of the server spending its time refusing.
 */
export const OVER_SHARE_DELAY_MS = 1_000;

/** Waits `OVER_SHARE_DELAY_MS`: before answering a request over its share. */
export function overShareDelay(ms = OVER_SHARE_DELAY_MS): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How many idle keys are remembered before the oldest are forgotten (a full bucket is the default anyway). */
const MAX_KEYS = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly settings: TokenBucketSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends `cost` tokens of `key`; false (and nothing spent) when it has too few. */
  take(key: string, cost = 1): boolean {
    const bucket = this.refilled(key);
    if (bucket.tokens < cost) return false;
    bucket.tokens -= cost;
    return true;
  }

  /** The limit as a learner reads it: "30 a second (bursts of 60)". */
  describe(): string {
    return `${this.settings.perSecond} a second (bursts of ${this.settings.burst})`;
  }

  private refilled(key: string): Bucket {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_KEYS) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = { tokens: this.settings.burst, updatedMs: now };
      this.buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, now - bucket.updatedMs) / 1000;
    bucket.tokens = Math.min(this.settings.burst, bucket.tokens + elapsed * this.settings.perSecond);
    bucket.updatedMs = now;
    return bucket;
  }
}
