/**
 * Display formats. Times are stored in UTC and always shown in Asia/Shanghai (docs/ARCHITECTURE.md, "Data and invariants"), whatever the browser's
 * own zone; money is integer fen, shown in yuan.
 */
const ZONE = 'Asia/Shanghai';

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(value: string | Date): Record<string, string> {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Object.fromEntries(dateTime.formatToParts(date).map((p) => [p.type, p.value]));
}

/** `2026-11-24 16:05` in Shanghai time; '—' for nothing or an unreadable value. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value || Number.isNaN(new Date(value).getTime())) return '—';
  const p = parts(value);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `2026-11-24`, the Shanghai calendar day. */
export function formatDay(value: string | Date | null | undefined): string {
  if (!value || Number.isNaN(new Date(value).getTime())) return '—';
  const p = parts(value);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `¥1,010.00` from integer fen. */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const yuan = (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `¥${yuan}`;
}

/** Yuan typed by a person → integer fen, without binary floating-point drift (12.3 → 1230, not 1229). */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

export function fenToYuan(fen: number): number {
  return fen / 100;
}

export interface Duration {
  negative: boolean;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Splits a signed millisecond span into whole days, hours, minutes and seconds (of its absolute value). */
export function splitDuration(ms: number): Duration {
  const negative = ms < 0;
  let s = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const minutes = Math.floor(s / 60);
  return { negative, days, hours, minutes, seconds: s - minutes * 60 };
}

/** `1d 02:03:04` / `02:03:04`: a compact clock for countdowns, the sign shown by the caller. */
export function formatClock(ms: number): string {
  const d = splitDuration(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(d.hours)}:${pad(d.minutes)}:${pad(d.seconds)}`;
  return d.days > 0 ? `${d.days}d ${clock}` : clock;
}
