import { describe, expect, it } from 'vitest';
import { applianceWarranty, isCalendarDay, warrantyExpiresOn } from '../domain/warranty';

describe('isCalendarDay', () => {
  it('accepts real days and rejects impossible or malformed ones', () => {
    for (const ok of ['2024-02-29', '2025-12-31', '2000-01-01']) expect(isCalendarDay(ok)).toBe(true);
    for (const bad of ['2025-02-29', '2025-02-30', '2025-13-01', '2025-00-10', '2025-1-1', '20250101', '2025-01-01T00:00:00Z', '']) {
      expect(isCalendarDay(bad)).toBe(false);
    }
  });
});

describe('warrantyExpiresOn', () => {
  it('ends the day before the same day-of-month, months later', () => {
    expect(warrantyExpiresOn('2025-03-10', 12)).toBe('2026-03-09');
    expect(warrantyExpiresOn('2025-11-15', 3)).toBe('2026-02-14');
    expect(warrantyExpiresOn('2025-01-01', 36)).toBe('2027-12-31');
  });

  it('rolls a missing anniversary day forward, so a leap-day purchase is covered through 28 February', () => {
    expect(warrantyExpiresOn('2024-02-29', 12)).toBe('2025-02-28');
    expect(warrantyExpiresOn('2025-01-31', 1)).toBe('2025-03-02');
  });

  it('gives a zero-month warranty no covered day at all', () => {
    expect(warrantyExpiresOn('2025-03-10', 0)).toBe('2025-03-09');
  });

  it('refuses a day that does not exist', () => {
    expect(() => warrantyExpiresOn('2025-02-30', 12)).toThrow(RangeError);
  });
});

describe('applianceWarranty', () => {
  it('covers through the end of the expiry day and not the day after', () => {
    expect(applianceWarranty('2025-03-10', 12, '2026-03-09')).toEqual({ inWarranty: true, expiresOn: '2026-03-09' });
    expect(applianceWarranty('2025-03-10', 12, '2026-03-10')).toEqual({ inWarranty: false, expiresOn: '2026-03-09' });
    expect(applianceWarranty('2025-03-10', 12, '2025-03-10').inWarranty).toBe(true);
  });

  it('reads an instant as its Asia/Shanghai day', () => {
    // 15:59:59Z on 9 March is 23:59:59 in Beijing: still the expiry day. One second later it is 10 March there.
    expect(applianceWarranty('2025-03-10', 12, new Date('2026-03-09T15:59:59Z')).inWarranty).toBe(true);
    expect(applianceWarranty('2025-03-10', 12, new Date('2026-03-09T16:00:00Z')).inWarranty).toBe(false);
  });

  it('never covers a zero-month warranty, nor a purchase after "today"', () => {
    expect(applianceWarranty('2025-03-10', 0, '2025-03-10').inWarranty).toBe(false);
    expect(applianceWarranty('2025-03-10', 12, '2025-03-09').inWarranty).toBe(false);
  });
});
