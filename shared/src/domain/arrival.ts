import { addDays, shanghaiDateTime, shanghaiDay, shanghaiDayStart } from './slots';

/**
 * S2 at the door: when an engineer's arrival counts as early, on time or late. Written once and used by the
 * check-in (what the order records and its deadline says) and by the work-card check (what the customer is told at
 * the door), so both always say the same thing about the same moment.
 *
 * - on time: from ARRIVAL_EARLY_MINUTES before the booked window starts until the window ends;
 * - early: earlier than that on the booked day — still this visit: the customer decides whether to ask him to come
 *   back at the booked time or to start now (the card check shows it as a caution, not a stop);
 * - late: after the window ends, on the booked day (recorded as late and as a missed arrival deadline);
 * - another day: not the booked day at all (this is not the booked visit).
 */
export const ARRIVAL_EARLY_MINUTES = 30;

export type ArrivalTiming = 'early' | 'on_time' | 'late' | 'other_day';

export interface ArrivalSlot {
  day: string;
  startAt: Date | string;
  endAt: Date | string;
}

export interface ArrivalVerdict {
  timing: ArrivalTiming;
  /** Whole minutes before the on-time period starts (early) or after the window ended (late); 0 otherwise. */
  minutes: number;
  /** Short words for lists and the order's timeline: 按时到达, 提前 3 小时 53 分到达, 迟到 20 分钟. */
  label: string;
  /** What it means for the customer, in plain words. */
  advice: string;
  /** Whether this moment belongs to the booked visit: the booked day (early, on time or late), not another day. */
  withinVisit: boolean;
}

const MINUTE_MS = 60_000;

/** 35 分钟, 2 小时, 3 小时 53 分钟. */
function minutesText(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} 分钟`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} 小时 ${m % 60} 分钟` : `${h} 小时`;
}

/** 09:00-11:00 of the booked window, Beijing time. */
function windowText(slot: ArrivalSlot): string {
  return `${shanghaiDateTime(new Date(slot.startAt)).slice(11, 16)}-${shanghaiDateTime(new Date(slot.endAt)).slice(11, 16)}`;
}

/** The start of the on-time period: ARRIVAL_EARLY_MINUTES before the window. */
export function onTimeFrom(slot: ArrivalSlot): Date {
  return new Date(new Date(slot.startAt).getTime() - ARRIVAL_EARLY_MINUTES * MINUTE_MS);
}

/** The start of the booked day (midnight Asia/Shanghai): from then on a scan belongs to the booked visit. */
export function visitStarts(slot: ArrivalSlot): Date {
  return shanghaiDayStart(slot.day);
}

/** The end of the booked day (midnight Asia/Shanghai): a job that runs past its window is still the same visit. */
export function visitEnds(slot: ArrivalSlot): Date {
  return shanghaiDayStart(addDays(slot.day, 1));
}

/** The one rule: how an arrival (a check-in, or a card check at the door) at `at` stands against the booked slot. */
export function arrivalVerdict(slot: ArrivalSlot, at: Date): ArrivalVerdict {
  const from = onTimeFrom(slot);
  const end = new Date(slot.endAt);
  const booked = `预约时段 ${windowText(slot)}`;
  if (shanghaiDay(at) !== slot.day) {
    const [, month, day] = slot.day.split('-');
    return {
      timing: 'other_day',
      minutes: 0,
      label: '不是预约的上门日期',
      advice: `订单预约的是 ${Number(month)}月${Number(day)}日 ${windowText(slot)}，今天不是预约的上门日期。请先不要让其开始服务，并与网点核实。`,
      withinVisit: false,
    };
  }
  if (at < from) {
    const minutes = Math.ceil((new Date(slot.startAt).getTime() - at.getTime()) / MINUTE_MS);
    return {
      timing: 'early',
      minutes,
      label: `提前 ${minutesText(minutes)}到达`,
      advice: `比${booked} 早 ${minutesText(minutes)}。您可以请工程师按预约时间再来；如您方便，也可以同意提前开始服务。`,
      withinVisit: true,
    };
  }
  if (at > end) {
    const minutes = Math.ceil((at.getTime() - end.getTime()) / MINUTE_MS);
    return {
      timing: 'late',
      minutes,
      label: `迟到 ${minutesText(minutes)}`,
      advice: `超过${booked} ${minutesText(minutes)}，已记为迟到。`,
      withinVisit: true,
    };
  }
  return { timing: 'on_time', minutes: 0, label: '按时到达', advice: `在${booked}内（提前 ${ARRIVAL_EARLY_MINUTES} 分钟以内也算按时）。`, withinVisit: true };
}
