import { describe, expect, it } from 'vitest';
import {
  cardCheckNotice,
  compensationNeedsApproval,
  legalComplaintActions,
  partsToReport,
  PaymentBody,
  quoteConfirmationError,
  type QuoteLineForReport,
} from '../index';

/** Issue 18: the money rules the server enforces and the apps read. */
describe('quote confirmation after a card check', () => {
  const check = (match: boolean, at: string) => ({ type: 'card_verified', at, data: { match, verdict: match ? 'genuine' : 'tampered' } });
  const other = { type: 'quoted', at: '2026-11-24T03:00:00Z', data: {} };

  it('is allowed with no check, and after a successful latest check', () => {
    expect(quoteConfirmationError([other])).toBeNull();
    expect(quoteConfirmationError(null)).toBeNull();
    expect(quoteConfirmationError([check(false, '2026-11-24T02:00:00Z'), check(true, '2026-11-24T02:05:00Z'), other])).toBeNull();
  });

  it('is not blocked by a check that failed only on the booked time (the right engineer on another day), but the sheet says so', () => {
    const offWindow = { type: 'card_verified', at: '2026-11-24T02:00:00Z', data: { verdict: 'genuine', match: false, assignedToThisOrder: true, inTimeWindow: false, qualifiedForCategory: true } };
    expect(quoteConfirmationError([offWindow])).toBeNull();
    expect(cardCheckNotice([offWindow])).toMatchObject({ blocking: false, text: expect.stringContaining('不在预约的上门时间内') });
    const otherEngineer = { ...offWindow, data: { ...offWindow.data, assignedToThisOrder: false } };
    expect(quoteConfirmationError([otherEngineer])?.id).toBe('card_check_failed');
    expect(cardCheckNotice([otherEngineer])?.blocking).toBe(true);
  });

  it('is refused while the latest check failed, in words for the customer', () => {
    expect(quoteConfirmationError([check(true, '2026-11-24T02:00:00Z'), check(false, '2026-11-24T02:05:00Z'), other])).toMatchObject({
      id: 'card_check_failed',
      message: expect.stringContaining('重新扫码核验'),
    });
  });
});

describe('payment voucher numbers', () => {
  const body = (method: string, receiptNo?: string) => PaymentBody.safeParse({ method, amountFen: 29500, ...(receiptNo !== undefined ? { receiptNo } : {}) });
  it('are required (4-40 characters) for WeChat Pay and transfers', () => {
    expect(body('wechat').success).toBe(false);
    expect(body('transfer', 'abc').success).toBe(false);
    expect(body('wechat', '4200001234567890').success).toBe(true);
  });
  it('are optional for cash, and still at most 40 characters', () => {
    expect(body('cash').success).toBe(true);
    expect(body('cash', '').success).toBe(true);
    expect(body('cash', 'x'.repeat(41)).success).toBe(false);
  });
});

describe('parts to report', () => {
  const line = (name: string, kind: QuoteLineForReport['kind'], serialised?: boolean, offCatalogue = false): QuoteLineForReport => ({
    code: offCatalogue ? null : name,
    kind,
    name,
    quantity: 1,
    offCatalogue,
    ...(serialised === undefined ? {} : { serialised }),
  });
  it('are the serialised parts only: consumables, labour and fees are not reported; an old quote’s parts are', () => {
    const parts = partsToReport([line('AC-L-001', 'labour'), line('AC-P-001', 'part', true), line('AC-P-003', 'part', false), line('AC-P-002', 'part'), line('AC-F-001', 'fee')]);
    expect(parts.map((p) => p.code)).toEqual(['AC-P-001', 'AC-P-002']);
  });
});

describe('compensation cap', () => {
  it('sends a manager’s compensation above the cap for approval; at the cap, or a platform admin’s, stands', () => {
    expect(compensationNeedsApproval(50_001, 50_000, 'outlet_manager')).toBe(true);
    expect(compensationNeedsApproval(50_000, 50_000, 'outlet_manager')).toBe(false);
    expect(compensationNeedsApproval(undefined, 0, 'outlet_manager')).toBe(false);
    expect(compensationNeedsApproval(500_000, 50_000, 'platform_admin')).toBe(false);
  });
  it('lets only a platform admin decide a complaint awaiting approval', () => {
    const c = { status: 'awaiting_approval' as const, reopenCount: 0 };
    expect(legalComplaintActions(c, 'platform_admin')).toEqual(['approve', 'reject_compensation']);
    expect(legalComplaintActions(c, 'outlet_manager')).toEqual([]);
    expect(legalComplaintActions(c, 'customer')).toEqual([]);
  });
});
