import { Types } from 'mongoose';
import { rankOutletOptions, routingDecision, type OutletOption, type SlotWindowCode } from '@fangxin/shared';
import type { OutletRecord } from '../../network/model';
import { storedOutletScores } from '../../quality/reads';
import { Slot, type OrderRecord, type SlotRecord } from '../model';
import { reserveSlot, slotId } from './slots';

/**
 * Issue 19: which covering outlet takes a booking. The places each outlet has left in the window and its stored
 * quality score (the one number every screen shows, S11) are read once; the outlets are tried in the order of the
 * shared rule (shared/domain/routing.ts: score, then places left, then code). Each try is the atomic reservation
 * (`booked < capacity`), so a window is never oversold: when the best outlet filled up meanwhile, the next one is
 * tried, and the reason says so.
 */
export async function reserveBestOutlet(
  outlets: OutletRecord[],
  day: string,
  window: SlotWindowCode,
  attempt: { held: string | null },
  now: Date,
): Promise<{ outlet: OutletRecord; routing: NonNullable<OrderRecord['routing']> } | null> {
  const ids = outlets.map((o) => o._id);
  const [slots, scoreOf] = await Promise.all([
    Slot.find({ _id: { $in: outlets.map((o) => slotId(o._id, day, window)) } }, { capacity: 1, booked: 1 }).lean<Array<Pick<SlotRecord, '_id' | 'capacity' | 'booked'>>>(),
    storedOutletScores(ids),
  ]);
  const slotOf = new Map(slots.map((s) => [s._id, s]));
  const options: Array<OutletOption & { record: OutletRecord }> = outlets.map((o) => {
    const s = slotOf.get(slotId(o._id, day, window));
    return {
      id: String(o._id),
      code: o.code,
      name: o.name,
      score: scoreOf.get(String(o._id)) ?? null,
      remaining: Math.max(0, (s?.capacity ?? o.slotCapacity) - (s?.booked ?? 0)),
      record: o,
    };
  });
  for (const candidate of rankOutletOptions(options)) {
    attempt.held = await reserveSlot(candidate.record, day, window);
    if (!attempt.held) continue;
    const decision = routingDecision(options, candidate.id);
    return {
      outlet: candidate.record,
      routing: {
        outletId: candidate.record._id,
        reason: decision.reason,
        score: decision.score,
        remaining: decision.remaining,
        alternatives: decision.alternatives.map((a) => ({ ...a, outletId: new Types.ObjectId(a.outletId) })),
        decidedAt: now,
      },
    };
  }
  return null;
}
