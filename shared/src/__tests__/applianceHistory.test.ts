import { describe, expect, it } from 'vitest';
import {
  isRepeatedRepair,
  itemWarrantyDays,
  repairCodes,
  repeatRepairRate,
  repeatRepairRateText,
  secondVisitCandidate,
  secondVisitOfferText,
  warrantyDaysLeft,
  warrantyEndDay,
  warrantyRunning,
  workWarranty,
  type ApplianceOrderFacts,
} from '../domain/applianceHistory';

const at = (beijing: string) => new Date(`${beijing}+08:00`);
const labour = { code: 'AC-L-002', kind: 'labour' as const, warrantyDays: 90 };
const part = { code: 'AC-P-002', kind: 'part' as const, warrantyDays: 180 };
const fee = { code: 'AC-F-001', kind: 'fee' as const, warrantyDays: 0 };

describe('repair warranty per item (Asia/Shanghai days)', () => {
  it('gives fees and items without days none of their own, and ends on the Beijing day N × 24 h after the close', () => {
    expect(itemWarrantyDays(fee)).toBe(0);
    expect(itemWarrantyDays({ kind: 'labour', warrantyDays: 0 })).toBe(0);
    expect(itemWarrantyDays(part)).toBe(180);
    // Closed at 23:30 Beijing time (15:30 UTC): the end is counted on Beijing days, not UTC ones.
    expect(warrantyEndDay(at('2026-03-01T23:30:00'), 30)).toBe('2026-03-31');
    expect(warrantyRunning('2026-03-31', at('2026-03-31T23:59:00'))).toBe(true);
    expect(warrantyRunning('2026-03-31', at('2026-04-01T00:01:00'))).toBe(false);
    expect(warrantyDaysLeft('2026-03-31', '2026-03-31')).toBe(1);
    expect(warrantyDaysLeft('2026-03-31', '2026-03-01')).toBe(31);
    expect(warrantyDaysLeft('2026-03-31', '2026-04-01')).toBe(0);
  });

  it('makes the work warranty the longest item warranty, or the default when no item has one', () => {
    const done = at('2026-01-10T10:00:00');
    expect(workWarranty([labour, part, fee], done, 30)).toEqual({ days: 180, endDay: '2026-07-09' });
    expect(workWarranty([fee], done, 30)).toEqual({ days: 30, endDay: '2026-02-09' });
    expect(workWarranty([{ kind: 'labour', warrantyDays: 0 }], done, 30)).toEqual({ days: 30, endDay: '2026-02-09' });
    expect(workWarranty([labour], null, 30)).toEqual({ days: 90, endDay: null });
  });
});

describe('the free second visit offered at booking', () => {
  const order = (over: Partial<ApplianceOrderFacts>): ApplianceOrderFacts => ({ id: 'a', orderNo: 'FX1', status: 'closed', doneAt: at('2026-01-10T10:00:00'), items: [labour], reworkOrderId: null, ...over });

  it('offers the latest finished order still under warranty without a second visit', () => {
    const older = order({ id: 'old', orderNo: 'FX-OLD', doneAt: at('2026-01-01T10:00:00'), items: [part] });
    const newer = order({ id: 'new', orderNo: 'FX-NEW', doneAt: at('2026-02-01T10:00:00') });
    expect(secondVisitCandidate([older, newer], '2026-02-10', 30)).toMatchObject({ orderId: 'new', untilDay: '2026-05-02', warrantyDays: 90 });
    // The newer one already has its second visit: the older one (its part still covered) is offered.
    expect(secondVisitCandidate([older, { ...newer, reworkOrderId: 'x' }], '2026-02-10', 30)).toMatchObject({ orderId: 'old', untilDay: '2026-06-30' });
  });

  it('offers nothing for unfinished, cancelled or expired work', () => {
    expect(secondVisitCandidate([order({ status: 'in_service', doneAt: null })], '2026-01-11', 30)).toBeNull();
    expect(secondVisitCandidate([order({ status: 'cancelled' })], '2026-01-11', 30)).toBeNull();
    expect(secondVisitCandidate([order({})], '2026-04-11', 30)).toBeNull();
    expect(secondVisitCandidate([order({})], '2026-04-10', 30)?.orderId).toBe('a');
  });

  it('says the offer in words, with dates people read', () => {
    expect(secondVisitOfferText({ orderNo: 'FX2026', doneDay: '2026-01-10', untilDay: '2026-04-10' })).toBe(
      '这台家电 2026年1月10日 的维修（订单 FX2026）还在保修期内，保修到 2026年4月10日。如果是同一个问题又出现了，可以申请免费二次上门，不用另付维修费。',
    );
  });
});

describe('repeated repair of the same fault', () => {
  it('counts every second visit, and a booking under warranty whose confirmed work repeats the earlier one', () => {
    expect(repairCodes([part, labour, fee, part, { code: 'AC-L-001', kind: 'labour', warrantyDays: 0 }])).toEqual(['AC-L-002', 'AC-P-002']);
    expect(isRepeatedRepair({ parentOrderId: 'p', repeatOf: null, confirmedCodes: [] })).toBe(true);
    expect(isRepeatedRepair({ parentOrderId: null, repeatOf: { codes: ['AC-P-002'] }, confirmedCodes: ['AC-P-002'] })).toBe(true);
    expect(isRepeatedRepair({ parentOrderId: null, repeatOf: { codes: ['AC-P-002'] }, confirmedCodes: ['AC-L-002'] })).toBe(false);
    expect(isRepeatedRepair({ parentOrderId: null, repeatOf: null, confirmedCodes: ['AC-P-002'] })).toBe(false);
    expect(repeatRepairRate(1, 40)).toBe(0.025);
    expect(repeatRepairRateText(0.025)).toBe('2.5%');
    expect(repeatRepairRateText(repeatRepairRate(0, 0))).toBe('暂无数据');
  });
});
