import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DAY_RANGE_MAX, Day, FORBIDDEN_TEXT_CHARS, daySpan, withDayRange } from '../schemas/common';
import { QuoteBody, ReportBody } from '../schemas/order';
import { partsSummary, partsToReport } from '../domain/report';
import { ACTIVE_STATUSES, isActive, ORDER_STATUSES } from '../domain/orderMachine';
import { priceLine } from '../domain/pricing';
import { shanghaiDateTime, shanghaiDay, shanghaiDayStart } from '../domain/slots';

describe('Day and day ranges', () => {
  it('accepts calendar days only, in 2000–2099', () => {
    for (const ok of ['2026-12-06', '2024-02-29', '2000-01-01', '2099-12-31']) expect(Day.safeParse(ok).success).toBe(true);
    for (const bad of ['2026-13-45', '2025-02-29', '2026-04-31', '0001-01-01', '9999-12-31', '1999-12-31', '2026-1-1', 'tomorrow', '']) {
      expect(Day.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('refuses a reversed or over-long range, naming `to`, and allows one open end', () => {
    const Q = withDayRange(z.object({ from: Day.optional(), to: Day.optional() }), 15);
    expect(Q.safeParse({ from: '2026-12-01', to: '2026-12-15' }).success).toBe(true);
    expect(Q.safeParse({ from: '2026-12-01' }).success).toBe(true);
    const long = Q.safeParse({ from: '2026-12-01', to: '2026-12-16' });
    expect(long.error?.issues.map((i) => i.path.join('.'))).toEqual(['to']);
    const reversed = Q.safeParse({ from: '2026-12-02', to: '2026-12-01' });
    expect(reversed.error?.issues.map((i) => i.path.join('.'))).toEqual(['to']);
    expect(daySpan('2026-12-01', '2026-12-01')).toBe(1);
    expect(daySpan('2024-01-01', '2024-12-31')).toBe(DAY_RANGE_MAX.list);
  });
});

describe('text and unknown keys', () => {
  it('names control characters and bidirectional overrides, keeps tabs and line breaks', () => {
    for (const bad of ['a\u0000b', 'a\u0007', '\u001b[31m', 'x\u007f', 'abc\u202edef', '\u2066x']) expect(FORBIDDEN_TEXT_CHARS.test(bad), JSON.stringify(bad)).toBe(true);
    for (const ok of ['空调不制冷', 'line\nbreak\r\n', 'a\tb', 'emoji 😀']) expect(FORBIDDEN_TEXT_CHARS.test(ok)).toBe(false);
  });

  it('refuses a price on a price-list quote line by name', () => {
    const res = QuoteBody.safeParse({ items: [{ code: 'A-1', quantity: 1, unitPriceFen: 1 }] });
    expect(res.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['unitPriceFen'], path: ['items', 0] });
  });
});

describe('the report rule (partsToReport)', () => {
  const items = [
    { code: 'L1', kind: 'labour' as const, name: '工时', quantity: 1, offCatalogue: false },
    { code: 'P1', kind: 'part' as const, name: '电容', quantity: 2, offCatalogue: false },
    { code: null, kind: 'part' as const, name: '进口继电器', quantity: 1, offCatalogue: true },
    { code: null, kind: 'fee' as const, name: '搬运费', quantity: 1, offCatalogue: true },
  ];

  it('lists every part, price list or not; off-list parts by their line', () => {
    expect(partsToReport(items)).toEqual([
      { code: 'P1', line: null, name: '电容', quantity: 2 },
      { code: null, line: 3, name: '进口继电器', quantity: 1 },
    ]);
  });

  it('compares reported parts with the quote whatever their order or split', () => {
    const expected = partsSummary(partsToReport(items));
    expect(partsSummary([{ line: 3, quantity: 1 }, { code: 'P1', quantity: 1 }, { code: 'P1', quantity: 1 }])).toBe(expected);
    expect(partsSummary([{ code: 'P1', quantity: 2 }])).not.toBe(expected);
  });

  it('needs exactly one of code or line per reported part', () => {
    const base = { diagnosis: '诊断', actions: '处理', photoIds: ['a'.repeat(24)], signatureId: 'b'.repeat(24) };
    const part = { quantity: 1, newSerialNo: 'SN-1', oldPartPhotoId: 'c'.repeat(24) };
    expect(ReportBody.safeParse({ ...base, partsUsed: [{ ...part, code: 'P1' }] }).success).toBe(true);
    expect(ReportBody.safeParse({ ...base, partsUsed: [{ ...part, line: 3 }] }).success).toBe(true);
    expect(ReportBody.safeParse({ ...base, partsUsed: [{ ...part }] }).success).toBe(false);
    expect(ReportBody.safeParse({ ...base, partsUsed: [{ ...part, code: 'P1', line: 3 }] }).success).toBe(false);
  });
});

describe('active statuses', () => {
  it('are the statuses between dispatch and completion', () => {
    expect(ORDER_STATUSES.filter(isActive)).toEqual([...ACTIVE_STATUSES]);
    expect(isActive('pending') || isActive('completed') || isActive('cancelled')).toBe(false);
  });
});

describe('pricing of a quote line (priceLine)', () => {
  const listItem = (covered: boolean) => ({ offCatalogue: false, coveredByApplianceWarranty: covered, unitPriceFen: 5000, quantity: 2 });
  const offList = { offCatalogue: true, unitPriceFen: 3000, quantity: 1 };

  it('covers every price-list line on a free second visit, fees included, and never a line outside the list', () => {
    const rework = { inWarranty: false, isRework: true };
    expect(priceLine(listItem(false), rework)).toEqual({ coveredBy: 'rework', chargedUnitFen: 0, amountFen: 0 });
    expect(priceLine(offList, rework)).toEqual({ coveredBy: null, chargedUnitFen: 3000, amountFen: 3000 });
  });

  it('covers what the warranty policy marks while the appliance is in warranty', () => {
    expect(priceLine(listItem(true), { inWarranty: true, isRework: false }).amountFen).toBe(0);
    expect(priceLine(listItem(false), { inWarranty: true, isRework: false }).amountFen).toBe(10000);
    expect(priceLine(listItem(true), { inWarranty: false, isRework: false }).amountFen).toBe(10000);
    expect(priceLine(offList, { inWarranty: true, isRework: false }).coveredBy).toBeNull();
  });
});

describe('Asia/Shanghai day and time helpers', () => {
  it('start a day at Beijing midnight and print Beijing wall-clock time', () => {
    expect(shanghaiDayStart('2026-12-07').toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(shanghaiDateTime(new Date('2026-12-06T16:05:09Z'))).toBe('2026-12-07 00:05:09');
    expect(shanghaiDay(shanghaiDayStart('2026-02-28'))).toBe('2026-02-28');
  });
});
