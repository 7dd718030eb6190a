import { z } from 'zod';
import { LIMITS } from '../limits';
import { isCalendarDay } from '../domain/warranty';
import { BOOKING_HORIZON_DAYS } from '../domain/slots';
import { MOBILE_PHONE, phoneProblem } from '../domain/phone';

/** Mainland China mobile number, 11 digits (the rule and its messages: domain/phone). */
export const Phone = z
  .string()
  .trim()
  .regex(MOBILE_PHONE, { error: (issue) => phoneProblem(String(issue.input)) ?? '请输入 11 位手机号' })
  .meta({ description: 'Mainland China mobile number', example: '13800138000' });

export const ObjectId = z
  .string()
  .regex(/^[0-9a-f]{24}$/i, '无效的 ID')
  .meta({ description: '24-hex-character id' });

/** 6-digit GB/T 2260 administrative division code (district level). */
export const DistrictCode = z.string().regex(/^\d{6}$/, '请输入 6 位行政区划代码');

export const IdParams = z.object({ id: ObjectId });

export const Pagination = z.object({
  // Deep pages cost the database a long skip; nobody pages past 10,000 (filters narrow a list instead).
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(20),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** Any JSON value: free-form data a response carries as stored (an audit entry's details, a timeline event's data). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValue: z.ZodType<JsonValue> = z
  .lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]))
  .meta({ id: 'JsonValue' });
/** A JSON object of free-form data. */
export const JsonObject = z.record(z.string(), JsonValue);
export type JsonObject = z.infer<typeof JsonObject>;

/**
 * A stored value as JSON carries it (what `JSON.stringify` would send): dates as ISO strings, ids as hex (their
 * `toJSON`), undefined members left out, non-finite numbers as null.
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const json: unknown = toJSON.call(value);
      if (json !== value) return toJsonValue(json);
    }
    return toJsonObject(value as Record<string, unknown>);
  }
  return String(value);
}

/** A stored object as JSON carries it (see toJsonValue). */
export function toJsonObject(value: Record<string, unknown> | null | undefined): JsonObject {
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value ?? {})) if (v !== undefined) out[key] = toJsonValue(v);
  return out;
}

export const ErrorResponse = z
  .object({
    error: z.object({
      id: z.string().meta({ description: 'Stable error id from @fangxin/shared ERRORS' }),
      message: z.string(),
      requestId: z.string(),
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      retryAfterSeconds: z.number().int().optional(),
    }),
  })
  .meta({ id: 'Error' });

/**
 * A calendar day `YYYY-MM-DD` (Asia/Shanghai wherever it names a day of the service). Every day parameter of every
 * endpoint is this one schema: malformed or impossible days (2026-13-45, 2025-02-30) and years outside 2000–2099
 * are refused with 400 naming the field.
 */
export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD', abort: true })
  // The pattern states in the API document what is checked (years 2000–2099, months 01–12, days 01–31); the
  // refinement then refuses days a month does not have (2025-02-29, 2026-04-31).
  .regex(/^20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: '不是有效的日期（2000 年至 2099 年）', abort: true })
  .refine(isCalendarDay, '不是有效的日期')
  .meta({ description: 'Calendar day YYYY-MM-DD (Asia/Shanghai), years 2000–2099' });

/**
 * A day as the server writes it in a response (`YYYY-MM-DD`, Asia/Shanghai). Not `Day`: a response may name a day
 * outside the range a request may ask for (a 90-day period ending 2000-01-01 starts in 1999).
 */
export const DayText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ description: 'Calendar day YYYY-MM-DD (Asia/Shanghai)' });

/** Days from `from` to `to`, both included. */
export const daySpan = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;

/**
 * The longest span (days, both ends included) one request may ask for, per kind of endpoint, so that no single
 * request can make the server allocate without bound.
 */
export const DAY_RANGE_MAX = {
  /** Paged lists filtered by day, exports and reports. */
  list: 366,
  /** Slot calendars and availability: the booking horizon (today and the next BOOKING_HORIZON_DAYS days). */
  slots: BOOKING_HORIZON_DAYS + 1,
} as const;

type DayRange = { from?: string; to?: string };

/**
 * The rules of every `from`/`to` day pair: `from` ≤ `to`, and at most `maxDays` days when both are given (a list
 * with one open end is still paged). Apply to the object schema holding the pair.
 */
export function withDayRange<T extends z.ZodType<DayRange>>(schema: T, maxDays: number) {
  return schema
    .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '结束日期不能早于开始日期', path: ['to'] })
    .refine((q) => !q.from || !q.to || q.from > q.to || daySpan(q.from, q.to) <= maxDays, { message: `查询区间最长 ${maxDays} 天`, path: ['to'] });
}

/** Keys no request accepts at any depth: MongoDB operators (`$ne`, `$where`…) and prototype-pollution keys. */
export const FORBIDDEN_KEY = /^(?:\$|__proto__$|constructor$|prototype$)/;

/**
 * Characters no text field accepts: C0 controls other than tab, line feed and carriage return, DEL, and the
 * bidirectional overrides that make a stored text read differently from what it is (U+202A–202E, U+2066–2069).
 * The server refuses them in every body and query value, naming the field.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const FORBIDDEN_TEXT_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
