import { Types } from 'mongoose';
import { ALL_WINDOWS, BOOKING_HORIZON_DAYS, BOOKING_LEAD_MS, addDays, outletWindows, shanghaiDay, slotBounds, type SlotWindowCode } from '@fangxin/shared';
import { AppError } from '../../../core/errors';
import type { OutletRecord } from '../../network/model';
import { outletsCoveringDistrict } from '../../network/reads';
import { Slot, type SlotRecord } from '../model';

export { BOOKING_HORIZON_DAYS };

export const slotId = (outletId: Types.ObjectId | string, day: string, window: SlotWindowCode) => `${String(outletId)}:${day}:${window}`;

/** Whether a day/window is inside the booking horizon and far enough ahead. */
export function isBookable(day: string, window: SlotWindowCode, now: Date): boolean {
  return bookableUnder(bookingRules(now), day, slotBounds(day, window).startAt);
}

/** What isBookable checks, worked out once for an instant (its date calculations parse and format dates). */
function bookingRules(now: Date) {
  const today = shanghaiDay(now);
  return { today, lastDay: addDays(today, BOOKING_HORIZON_DAYS), earliestStart: now.getTime() + BOOKING_LEAD_MS };
}

function bookableUnder(rules: ReturnType<typeof bookingRules>, day: string, startAt: Date): boolean {
  return day >= rules.today && day <= rules.lastDay && startAt.getTime() >= rules.earliestStart;
}

/**
 * Reserves one booking in an outlet's window. The slot document is created on first use with the outlet's default
 * capacity; the reservation itself is one conditional update (`booked < capacity`), so concurrent bookings can never
 * oversell it.
 */
export async function reserveSlot(outlet: Pick<OutletRecord, '_id' | 'slotCapacity'>, day: string, window: SlotWindowCode): Promise<string | null> {
  const _id = await ensureSlot(outlet, day, window);
  const reserved = await Slot.findOneAndUpdate({ _id, $expr: { $lt: ['$booked', '$capacity'] } }, { $inc: { booked: 1 } }, { returnDocument: 'after', lean: true });
  return reserved ? _id : null;
}

/** Creates an outlet's window on first use with the outlet's default capacity; returns its id. */
async function ensureSlot(outlet: Pick<OutletRecord, '_id' | 'slotCapacity'>, day: string, window: SlotWindowCode): Promise<string> {
  const _id = slotId(outlet._id, day, window);
  try {
    await Slot.updateOne({ _id }, { $setOnInsert: { outletId: outlet._id, day, window, capacity: outlet.slotCapacity, booked: 0 } }, { upsert: true });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err; // created concurrently: fine
  }
  return _id;
}

export async function releaseSlot(id: string): Promise<void> {
  await Slot.updateOne({ _id: id, booked: { $gt: 0 } }, { $inc: { booked: -1 } });
}

/** Whether an outlet offers a window: every day window, and the evening windows it opened (issue 19). */
export function opensWindow(outlet: Pick<OutletRecord, 'eveningWindows'>, window: SlotWindowCode): boolean {
  return outletWindows(outlet.eveningWindows).includes(window);
}

/** Outlets whose coverage includes the district, in a stable order. */
export function outletsCovering(districtCode: string): Promise<OutletRecord[]> {
  return outletsCoveringDistrict(districtCode);
}

export interface WindowAvailability {
  window: SlotWindowCode;
  label: string;
  startAt: string;
  endAt: string;
  remaining: number;
  bookable: boolean;
}

/**
 * Remaining capacity per day and window across the outlets that cover a district. A public page that is loaded
 * often: the booking rules are worked out once per request rather than once per window.
 */
export async function availability(outlets: OutletRecord[], from: string, to: string, now: Date) {
  const ids = outlets.map((o) => o._id);
  const slots = await Slot.collection.find<SlotRecord>({ outletId: { $in: ids }, day: { $gte: from, $lte: to } }).toArray();
  const byId = new Map(slots.map((s) => [s._id, s]));
  const covering = outlets.map((o) => ({ id: String(o._id), capacity: o.slotCapacity, windows: outletWindows(o.eveningWindows) }));
  // Evening windows are listed only when an outlet here opened them; day windows always.
  const windows = ALL_WINDOWS.filter((w) => covering.some((o) => o.windows.includes(w.code)));
  const rules = bookingRules(now);
  const days: Array<{ day: string; windows: WindowAvailability[] }> = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    days.push({
      day,
      windows: windows.map((w) => {
        let remaining = 0;
        for (const o of covering) {
          if (!o.windows.includes(w.code)) continue;
          const s = byId.get(slotId(o.id, day, w.code));
          remaining += Math.max(0, (s?.capacity ?? o.capacity) - (s?.booked ?? 0));
        }
        const { startAt, endAt } = slotBounds(day, w.code);
        const bookable = remaining > 0 && bookableUnder(rules, day, startAt);
        return { window: w.code, label: w.label, startAt: startAt.toISOString(), endAt: endAt.toISOString(), remaining: bookable ? remaining : 0, bookable };
      }),
    });
  }
  return days;
}

/**
 * Sets an outlet's capacity for some windows of one day, keeping what is already booked: a capacity below the
 * bookings a window already holds is refused (one conditional update, so a booking arriving meanwhile is counted).
 */
export async function setDayCapacity(outlet: Pick<OutletRecord, '_id' | 'slotCapacity'>, day: string, windows: Partial<Record<SlotWindowCode, number>>) {
  const refused: Array<{ path: string; message: string }> = [];
  for (const [window, capacity] of Object.entries(windows) as Array<[SlotWindowCode, number]>) {
    const _id = await ensureSlot(outlet, day, window);
    const set = await Slot.updateOne({ _id, booked: { $lte: capacity } }, { $set: { capacity } });
    if (set.matchedCount === 0) {
      const booked = (await Slot.findById(_id, { booked: 1 }).lean())?.booked ?? 0;
      refused.push({ path: `windows.${window}`, message: `该时段已有 ${booked} 单预约，容量不能低于已预约数` });
    }
  }
  if (refused.length) throw new AppError('validation_failed', undefined, { fields: refused });
  return Slot.find({ outletId: outlet._id, day }).lean<SlotRecord[]>();
}
