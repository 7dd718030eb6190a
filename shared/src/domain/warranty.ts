import { shanghaiDay } from './slots';

/**
 * Manufacturer (appliance) warranty, in Asia/Shanghai calendar days: pure functions, no clock of their own.
 *
 * The rule: a warranty of `months` starting on the purchase day runs to the day before the same day-of-month
 * `months` later, and the appliance is covered **through the end of that expiry day** (23:59:59 Beijing time).
 * Bought 2025-03-10 with 12 months → expires 2026-03-09: covered all of 2026-03-09, not covered on 2026-03-10.
 * When the anniversary day does not exist (bought 2024-02-29, or on the 31st) it rolls forward into the next month,
 * so the customer never loses a day: 2024-02-29 + 12 months → anniversary 2025-03-01 → expires 2025-02-28.
 */

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 3600 * 1000;

/** True for a real calendar day written `YYYY-MM-DD` (rejects 2025-02-30 and 2025-13-01). */
export function isCalendarDay(value: string): boolean {
  const m = DAY_PATTERN.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The last covered day of a warranty of `months` starting on `purchaseDate` (see the rule above). */
export function warrantyExpiresOn(purchaseDate: string, months: number): string {
  const m = DAY_PATTERN.exec(purchaseDate);
  if (!m || !isCalendarDay(purchaseDate)) throw new RangeError(`not a calendar day: ${purchaseDate}`);
  const whole = Math.max(0, Math.floor(months));
  // Date.UTC rolls a missing day (Feb 30) forward into the next month, which is the customer-friendly reading.
  const anniversary = Date.UTC(Number(m[1]), Number(m[2]) - 1 + whole, Number(m[3]));
  return new Date(anniversary - DAY_MS).toISOString().slice(0, 10);
}

/**
 * Whether an appliance bought on `purchaseDate` is under a `months`-long manufacturer warranty on `today`
 * (an instant, read as its Asia/Shanghai day, or a `YYYY-MM-DD` day). A warranty of 0 months never covers anything.
 */
export function applianceWarranty(purchaseDate: string, months: number, today: Date | string): { inWarranty: boolean; expiresOn: string } {
  const expiresOn = warrantyExpiresOn(purchaseDate, months);
  const day = typeof today === 'string' ? today : shanghaiDay(today);
  return { inWarranty: purchaseDate <= day && day <= expiresOn, expiresOn };
}
