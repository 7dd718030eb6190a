import mongoose, { Schema } from 'mongoose';
import { AppError } from '../core/errors';
import type { Clock } from '../lib/clock';

/**
 * Fixed-window counters kept in the database, so limits hold across every server instance.
 * One document per key and window; an atomic upsert with $inc counts the hit.
 */
const RateCounterSchema = new Schema(
  {
    _id: { type: String },
    count: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'rate_counters' },
);
// MongoDB removes old windows; the embedded engine keeps them, which only costs space (keys are per window).
RateCounterSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const RateCounter = mongoose.model('RateCounter', RateCounterSchema);

export interface RateRule {
  /** e.g. `login-ip:127.0.0.1`; the window start is appended. */
  key: string;
  limit: number;
  windowSeconds: number;
  message?: string;
}

async function hit(rule: RateRule, now: Date): Promise<{ count: number; retryAfterSeconds: number }> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  const id = `${rule.key}:${windowStart}`;
  const update = { $inc: { count: 1 }, $setOnInsert: { expiresAt: new Date(windowStart + windowMs) } };
  // The driver's collection directly: every limited request pays for this counter before its own work.
  const count = () => RateCounter.collection.findOneAndUpdate({ _id: id as never }, update, { upsert: true, returnDocument: 'after' });
  let doc;
  try {
    doc = await count();
  } catch (err) {
    // Two first hits raced on the insert: the loser simply counts again.
    if ((err as { code?: number }).code !== 11000) throw err;
    doc = await count();
  }
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + windowMs - now.getTime()) / 1000));
  return { count: (doc as unknown as { count: number }).count, retryAfterSeconds };
}

/** Counts one hit on each rule; throws 429 with Retry-After when any is over its limit. */
export async function enforceRateLimits(rules: RateRule[], clock: Clock): Promise<void> {
  const now = clock.now();
  for (const rule of rules) {
    const { count, retryAfterSeconds } = await hit(rule, now);
    if (count > rule.limit) {
      throw new AppError('too_many_requests', rule.message, { retryAfterSeconds });
    }
  }
}
