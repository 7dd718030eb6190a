import mongoose, { Schema, Types } from 'mongoose';
import { AppError, isDatabaseDown } from '../core/errors';
import { neverSent } from '../db/connect';

/**
 * Claims on Idempotency-Keys, taken before anything is reserved: the first request with a key owns it, concurrent
 * retries wait for its result instead of reserving anything of their own. `orderId` names what the request created
 * (bookings were the first use; the field keeps its name so stored claims stay valid).
 */
export interface IdempotencyRecord {
  _id: string; // `${userId}:${key}`
  requestHash: string;
  orderId: Types.ObjectId | null;
  createdAt: Date;
}
const IdempotencySchema = new Schema<IdempotencyRecord>(
  { _id: String, requestHash: { type: String, required: true }, orderId: { type: Schema.Types.ObjectId, default: null }, createdAt: { type: Date, required: true } },
  { versionKey: false, collection: 'idempotency_keys' },
);
// MongoDB forgets claims after a day; the embedded engine keeps them (harmless: a key is per user).
IdempotencySchema.index({ createdAt: 1 }, { expireAfterSeconds: 24 * 3600 });
export const IdempotencyClaim = mongoose.model<IdempotencyRecord>('IdempotencyClaim', IdempotencySchema);

/** What the claim machinery needs to know of the records a keyed request creates. */
export interface IdempotentStore<T> {
  /** What an earlier request with this key created: by the id its claim records or, when the claim was never pointed at it, by the key. */
  find(key: string, id: Types.ObjectId | null): Promise<T | null>;
  /** Whether the record with this id was written (only its reply may have been lost). */
  exists(id: Types.ObjectId): Promise<boolean>;
  /** Gives back something an attempt reserved (a booking's slot). */
  release(held: string): Promise<void>;
}

/**
 * What one attempt holds while it runs, so that a failure can give it back. Without transactions each step is its
 * own write, and when the database goes away mid-request a write may have happened although its reply was lost.
 */
export interface Attempt {
  /** The claim's key and its `createdAt`, which tells this attempt's claim from a later attempt's. */
  readonly key: string;
  readonly claimedAt: Date;
  /** The claim may exist (its write was sent). */
  claim: boolean;
  /** What this attempt reserved and has not released (see IdempotentStore.release). */
  held: string | null;
  /** The created record's id once its insert was sent and until it is known not to have happened. */
  resultId: Types.ObjectId | null;
}

const CLAIM_WAIT_MS = 5_000;
const CLAIM_POLL_MS = 50;
/** A claim this old without a result belongs to a request that died; a request takes far less. */
const STALE_CLAIM_MS = 30_000;
const GIVE_BACK_RETRY_MS = 500;

/**
 * Idempotent creation under an Idempotency-Key, for one kind of record: the same key returns the same record, also
 * when the retries arrive concurrently (see claim) and when the database went away half-way through an earlier
 * attempt (see giveBack). The record's own unique key on the Idempotency-Key is a second guard.
 */
export function idempotentRequests<T extends { _id: Types.ObjectId }>(store: IdempotentStore<T>) {
  /**
   * Takes the key before anything is reserved. Returns null when this request owns the key (it must then create the
   * record or give the key back), or the record another request with the same key created. A concurrent duplicate
   * waits for the first request to finish rather than reserving anything of its own.
   */
  async function claim(key: string, hash: string, now: Date): Promise<T | null> {
    const deadline = Date.now() + CLAIM_WAIT_MS;
    for (;;) {
      try {
        await IdempotencyClaim.create({ _id: key, requestHash: hash, orderId: null, createdAt: now });
        return null;
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
      }
      const held = await IdempotencyClaim.findById(key).lean();
      if (held) {
        if (held.requestHash !== hash) throw new AppError('idempotency_conflict');
        // The record's own unique key also finds a record whose claim was never pointed at it (its owner lost the
        // database right after the insert).
        const existing = await store.find(key, held.orderId);
        if (existing) {
          if (!held.orderId) await IdempotencyClaim.updateOne({ _id: key, orderId: null }, { $set: { orderId: existing._id } });
          return existing;
        }
        if (!held.orderId && pendingFor(key)) {
          // An attempt of this process failed with this key and could not give it back yet: do it now, then claim.
          await settlePending(key);
          if (!pendingFor(key)) continue;
        }
        if (!held.orderId && now.getTime() - held.createdAt.getTime() > STALE_CLAIM_MS) {
          // Its owner died between claiming and creating: take the key over (only if nobody else just did).
          await IdempotencyClaim.deleteOne({ _id: key, orderId: null, createdAt: held.createdAt });
          continue;
        }
      }
      // Either the first request is still working, or it failed and gave the key back: look again shortly.
      if (Date.now() > deadline) throw new AppError('conflict', '相同请求正在处理中，请稍后重试');
      await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
    }
  }

  /**
   * Gives back what a failed attempt holds: what it reserved and the key, so the client can retry the same request.
   * If the insert went through after all (only its reply was lost), the request stands: the claim is pointed at its
   * record and the reservation is kept. Safe to run again after a failure part-way. A release whose outcome is
   * unknown is not repeated: at worst a window counts one booking too many, it is never oversold.
   */
  async function giveBack(attempt: Attempt): Promise<void> {
    if (attempt.resultId) {
      if (await store.exists(attempt.resultId)) {
        await IdempotencyClaim.updateOne({ _id: attempt.key, orderId: null }, { $set: { orderId: attempt.resultId } });
        Object.assign(attempt, { claim: false, held: null, resultId: null });
        return;
      }
      attempt.resultId = null;
    }
    await releaseHeld(attempt);
    if (attempt.claim) {
      await IdempotencyClaim.deleteOne({ _id: attempt.key, orderId: null, createdAt: attempt.claimedAt });
      attempt.claim = false;
    }
  }

  /** Releases what the attempt reserved; kept as held when the release was never sent, so a give-back retries it. */
  async function releaseHeld(attempt: Attempt): Promise<void> {
    const held = attempt.held;
    if (!held) return;
    attempt.held = null;
    try {
      await store.release(held);
    } catch (err) {
      if (neverSent(err)) attempt.held = held;
      throw err;
    }
  }

  /**
   * Give-backs that could not reach the database, with the run in progress if any. Retried in the background until it
   * answers, and at once by a retry with the same key (see claim), so the client is not kept waiting for a round.
   */
  const pendingGiveBacks = new Map<Attempt, Promise<void> | null>();
  let giveBackTimer: NodeJS.Timeout | undefined;

  function giveBackLater(attempt: Attempt): void {
    if (!attempt.claim && !attempt.held && !attempt.resultId) return;
    pendingGiveBacks.set(attempt, null);
    scheduleGiveBacks();
  }

  /** Runs a pending give-back, or joins the run in progress (never two at once for one attempt). */
  function settle(attempt: Attempt): Promise<void> {
    let running = pendingGiveBacks.get(attempt);
    if (!running) {
      running = giveBack(attempt).then(
        () => void pendingGiveBacks.delete(attempt),
        (err: unknown) => {
          pendingGiveBacks.set(attempt, null);
          throw err;
        },
      );
      pendingGiveBacks.set(attempt, running);
    }
    return running;
  }

  const pendingFor = (key: string) => [...pendingGiveBacks.keys()].some((a) => a.key === key);

  async function settlePending(key?: string): Promise<void> {
    const attempts = [...pendingGiveBacks.keys()].filter((a) => key === undefined || a.key === key);
    await Promise.allSettled(attempts.map(settle));
  }

  function scheduleGiveBacks(): void {
    if (giveBackTimer || pendingGiveBacks.size === 0) return;
    giveBackTimer = setTimeout(() => {
      void settlePending().then(() => {
        giveBackTimer = undefined;
        scheduleGiveBacks();
      });
    }, GIVE_BACK_RETRY_MS);
    giveBackTimer.unref();
  }

  /**
   * Runs `create` once per key: replays what an earlier request with the key created, refuses another body under it
   * (409 idempotency_conflict), and gives the key (and what the attempt reserved) back when `create` fails, so the
   * client can retry. Once created, the record is the key's for good: the claim is pointed at it.
   */
  async function run(key: string, hash: string, now: Date, create: (attempt: Attempt) => Promise<{ result: T; created: boolean }>): Promise<{ result: T; created: boolean }> {
    const attempt: Attempt = { key, claimedAt: now, claim: false, held: null, resultId: null };
    let outcome: { result: T; created: boolean };
    try {
      const replay = await claim(key, hash, now);
      if (replay) return { result: replay, created: false };
      attempt.claim = true;
      outcome = await create(attempt);
    } catch (err) {
      if (isDatabaseDown(err)) {
        // The claim write may have landed although its reply was lost: give it back too, once the database answers.
        if (!neverSent(err)) attempt.claim = true;
        giveBackLater(attempt);
      } else {
        // Give the key back so the client can retry the same request after, say, choosing another slot.
        await giveBack(attempt).catch(() => giveBackLater(attempt));
      }
      throw err;
    }
    // The record exists from here on: the key is never given back. A retry finds it by its key even if the claim is
    // never pointed at it.
    await IdempotencyClaim.updateOne({ _id: key }, { $set: { orderId: outcome.result._id } });
    return outcome;
  }

  return { run, releaseHeld };
}
