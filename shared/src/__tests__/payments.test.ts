import { describe, expect, it } from 'vitest';
import {
  amountDueFen,
  paymentsDue,
  paymentText,
  PAYMENT_STATES,
  PAYMENT_PURPOSES,
  RECONCILIATION_ISSUES,
  RECONCILIATION_ISSUE_LABELS,
  RECONCILIATION_ISSUE_LABELS_EN,
  REFUND_REASONS,
  REFUND_STATES,
  refundText,
  settlesExactly,
  splitCompensation,
  type PayableOrder,
} from '../domain/payments';
import { PrepayBody, RefundBody } from '../schemas/payment';

/** Issue 20.4: the rules of online payment with refunds (shared/src/domain/payments.ts). */
const order = (over: Partial<PayableOrder> = {}): PayableOrder => ({
  status: 'in_service',
  quotes: [{ no: 1, status: 'confirmed', totalFen: 29_500 }],
  confirmedQuoteNo: 1,
  payment: null,
  noShow: null,
  noShowTerms: null,
  feePayment: null,
  ...over,
});

describe('what is due online', () => {
  it('the confirmed quote’s total while in service and unpaid', () => {
    expect(paymentsDue(order())).toEqual([{ purpose: 'service', amountFen: 29_500, quoteNo: 1, text: '服务费 ¥295.00' }]);
    expect(amountDueFen(order())).toBe(29_500);
    expect(paymentsDue(order({ payment: { amountFen: 29_500 } }))).toEqual([]);
    expect(paymentsDue(order({ status: 'quoted' }))).toEqual([]);
    // A newer quote waiting for the customer: the old confirmation no longer counts.
    expect(paymentsDue(order({ quotes: [{ no: 1, status: 'superseded', totalFen: 29_500 }, { no: 2, status: 'pending', totalFen: 35_000 }] }))).toEqual([]);
    // Nothing to pay when the warranty covered everything.
    expect(paymentsDue(order({ quotes: [{ no: 1, status: 'confirmed', totalFen: 0 }] }))).toEqual([]);
  });

  it('the wasted-trip fee only after a no-show, only when shown at booking, once', () => {
    const noShow = { noShow: { state: 'no_show' }, noShowTerms: { feeFen: 3000, shownAtBooking: true }, status: 'accepted' };
    expect(paymentsDue(order(noShow))).toEqual([{ purpose: 'no_show_fee', amountFen: 3000, quoteNo: null, text: '空跑费 ¥30.00' }]);
    expect(amountDueFen(order(noShow), 'service')).toBe(0);
    expect(paymentsDue(order({ ...noShow, noShowTerms: { feeFen: 3000, shownAtBooking: false } }))).toEqual([]);
    expect(paymentsDue(order({ ...noShow, noShow: { state: 'waiting' } }))).toEqual([]);
    expect(paymentsDue(order({ ...noShow, feePayment: { amountFen: 3000 } }))).toEqual([]);
    // Both due: the fee first (it was due first); each may be asked for by purpose.
    const both = order({ noShow: { state: 'rebooked' }, noShowTerms: { feeFen: 3000, shownAtBooking: true } });
    expect(paymentsDue(both).map((d) => d.purpose)).toEqual(['no_show_fee', 'service']);
    expect(amountDueFen(both, 'service')).toBe(29_500);
  });

  it('settles only exactly what is due', () => {
    expect(settlesExactly(29_500, 29_500)).toBe(true);
    expect(settlesExactly(29_400, 29_500)).toBe(false);
    expect(settlesExactly(29_600, 29_500)).toBe(false);
    expect(settlesExactly(0, 0)).toBe(false);
  });
});

describe('refunds', () => {
  it('compensation is refunded as far as the online payment goes, the rest owed in cash', () => {
    expect(splitCompensation(8000, 29_500)).toEqual({ refundFen: 8000, owedCashFen: 0 });
    expect(splitCompensation(50_000, 29_500)).toEqual({ refundFen: 29_500, owedCashFen: 20_500 });
    expect(splitCompensation(5000, 0)).toEqual({ refundFen: 0, owedCashFen: 5000 });
  });

  it('says every state in words a customer reads: yuan, no keys', () => {
    for (const reason of REFUND_REASONS) {
      for (const state of REFUND_STATES) {
        const line = refundText(reason, state, 8000);
        expect(line).toContain('¥80.00');
        expect(line).not.toMatch(/[a-z]+_[a-z]+|undefined/);
      }
    }
    for (const purpose of PAYMENT_PURPOSES) for (const state of PAYMENT_STATES) expect(paymentText(purpose, state, 29_500)).toMatch(/^(服务费|空跑费) ¥295\.00，/);
    expect(refundText('complaint_compensation', 'owed_cash', 20_500)).toBe('投诉赔偿 ¥205.00，由网点以现金或转账方式付给您。');
    for (const kind of RECONCILIATION_ISSUES) {
      expect(RECONCILIATION_ISSUE_LABELS[kind]).toMatch(/[\u4e00-\u9fa5]/);
      expect(RECONCILIATION_ISSUE_LABELS_EN[kind]).not.toContain('_');
    }
  });
});

describe('input', () => {
  it('names the field of bad input', () => {
    expect(PrepayBody.safeParse({ channel: 'alipay' }).error?.issues[0]?.path).toEqual(['channel']);
    expect(PrepayBody.safeParse({ channel: 'h5', returnPath: 'https://evil.example/' }).error?.issues[0]?.message).toBe('返回页面须为本站 /h5/ 下的地址');
    expect(PrepayBody.safeParse({ channel: 'h5', returnPath: '/h5/#/pages/order/index?id=1' }).success).toBe(true);
    expect(RefundBody.safeParse({ reason: 'overpayment', amountFen: 0 }).error?.issues[0]?.path).toEqual(['amountFen']);
    expect(RefundBody.safeParse({ reason: 'gift', amountFen: 100 }).error?.issues[0]?.path).toEqual(['reason']);
  });
});
