/**
 * Booking windows (Asia/Shanghai, UTC+8 all year). Each outlet has a capacity per window per day; a slot is never
 * oversold (the server reserves with one conditional atomic update).
 */
export const SLOT_WINDOWS = [
  { code: '09-11', start: '09:00', end: '11:00', label: '上午 09:00-11:00' },
  { code: '11-13', start: '11:00', end: '13:00', label: '中午 11:00-13:00' },
  { code: '14-16', start: '14:00', end: '16:00', label: '下午 14:00-16:00' },
  { code: '16-18', start: '16:00', end: '18:00', label: '傍晚 16:00-18:00' },
] as const;

/**
 * Evening windows (issue 19): offered only by the outlets that opened them (the outlet's `eveningWindows`), with the
 * same capacity reservations as the day windows. Every day window above is offered by every outlet.
 */
export const EVENING_WINDOWS = [
  { code: '18-20', start: '18:00', end: '20:00', label: '晚间 18:00-20:00' },
  { code: '19-21', start: '19:00', end: '21:00', label: '晚间 19:00-21:00' },
] as const;

/** Every window an order may hold: the day windows, then the evening ones. Look a code up here, not in SLOT_WINDOWS. */
export const ALL_WINDOWS = [...SLOT_WINDOWS, ...EVENING_WINDOWS] as const;

/** The day windows' codes: the windows every outlet offers. */
export const DAY_WINDOW_CODES = SLOT_WINDOWS.map((w) => w.code) as [(typeof SLOT_WINDOWS)[number]['code'], ...(typeof SLOT_WINDOWS)[number]['code'][]];

export type EveningWindowCode = (typeof EVENING_WINDOWS)[number]['code'];
export const EVENING_WINDOW_CODES = EVENING_WINDOWS.map((w) => w.code) as [EveningWindowCode, ...EveningWindowCode[]];

/** The window with this code (day or evening), undefined for an unknown code. */
export function slotWindow(code: string): (typeof ALL_WINDOWS)[number] | undefined {
  return ALL_WINDOWS.find((w) => w.code === code);
}

export function isEveningWindow(code: string): code is EveningWindowCode {
  return EVENING_WINDOWS.some((w) => w.code === code);
}

/**
 * The night rule the night fee (夜间服务费) is checked against: a window starting at or after 18:00, or ending after
 * 20:00, is a night window. No day window is; both evening windows are.
 */
export const NIGHT_RULE = { startsAtOrAfter: '18:00', endsAfter: '20:00' } as const;
export function isNightWindow(code: string): boolean {
  const w = slotWindow(code);
  return !!w && (w.start >= NIGHT_RULE.startsAtOrAfter || w.end > NIGHT_RULE.endsAfter);
}

/** The windows an outlet offers: every day window, and the evening windows it opened, in time order. */
export function outletWindows(eveningWindows: readonly string[] | null | undefined): SlotWindowCode[] {
  return ALL_WINDOWS.filter((w) => !isEveningWindow(w.code) || (eveningWindows ?? []).includes(w.code)).map((w) => w.code);
}

/** Bookings are open for today and this many days ahead. */
export const BOOKING_HORIZON_DAYS = 14;
/** A window can be booked until this long before it starts. */
export const BOOKING_LEAD_MS = 60 * 60 * 1000;

export type SlotWindowCode = (typeof ALL_WINDOWS)[number]['code'];
/** Every window code an order may hold (day and evening). */
export const SLOT_WINDOW_CODES = ALL_WINDOWS.map((w) => w.code) as [SlotWindowCode, ...SlotWindowCode[]];

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** The Asia/Shanghai calendar day of an instant, as `YYYY-MM-DD`. */
export function shanghaiDay(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar day `YYYY-MM-DD` begins. */
export function shanghaiDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** An instant as Beijing wall-clock time, `2026-06-18 14:05:09` (slice to 16 for minutes). */
export function shanghaiDateTime(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Adds whole days to a `YYYY-MM-DD` day. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The UTC instants a window starts and ends on a given Shanghai day. */
export function slotBounds(day: string, window: SlotWindowCode): { startAt: Date; endAt: Date } {
  const w = WINDOW_MS[window];
  // One parse per call: the availability page works out 32 windows per request.
  const midnight = Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS;
  return { startAt: new Date(midnight + w.start), endAt: new Date(midnight + w.end) };
}

const msOfDay = (hhmm: string) => (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))) * 60_000;
/** Each window's start and end as milliseconds after a day's midnight. */
const WINDOW_MS = Object.fromEntries(ALL_WINDOWS.map((w) => [w.code, { start: msOfDay(w.start), end: msOfDay(w.end) }])) as Record<SlotWindowCode, { start: number; end: number }>;

export function slotLabel(day: string, window: SlotWindowCode): string {
  const w = slotWindow(window);
  return `${day} ${w ? `${w.start}-${w.end}` : window}`;
}
