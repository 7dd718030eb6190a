import { describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, formatDay, formatFen, splitDuration, yuanToFen } from '@/utils/format';

describe('display formats', () => {
  it('shows instants in Shanghai time whatever the browser zone', () => {
    // 16:30 UTC is 00:30 the next day in Shanghai.
    expect(formatDateTime('2026-11-24T16:30:00.000Z')).toBe('2026-11-25 00:30');
    expect(formatDay('2026-11-24T16:30:00.000Z')).toBe('2026-11-25');
  });

  it('shows a dash for nothing or an unreadable instant', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('shows integer fen as yuan with two decimals', () => {
    expect(formatFen(101000)).toBe('¥1,010.00');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(null)).toBe('—');
  });

  it('turns typed yuan into integer fen without floating-point drift', () => {
    expect(yuanToFen(12.3)).toBe(1230);
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen(1010)).toBe(101000);
  });

  it('splits a span into days, hours, minutes and seconds, keeping the sign apart', () => {
    expect(splitDuration(-(90_061_000))).toEqual({ negative: true, days: 1, hours: 1, minutes: 1, seconds: 1 });
    expect(formatClock(3_723_000)).toBe('01:02:03');
    expect(formatClock(90_061_000)).toBe('1d 01:01:01');
  });
});
