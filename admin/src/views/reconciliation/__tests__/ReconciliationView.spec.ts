import type { ReconciliationView } from '@fangxin/shared';
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '@/locales';
import { startApiServer, useApiServer, type ApiServer } from '@/test-utils/apiServer';
import { ADMIN, bodyText, eventually, mountView, signIn } from '@/test-utils/mount';
import { dayFromQuery, isFutureDay, todayInShanghai } from '../data';
import ReconciliationPage from '../index.vue';

const ORDER = '6b0549bb3297d2e4930b4bdd';
const OUTLET = '8fa8106e77cf5c053a0bb568';
const PAYMENT = {
  id: '6d0000000000000000000001',
  orderId: ORDER,
  outTradeNo: 'FXP2026120700001',
  purpose: 'service' as const,
  purposeLabel: '服务费',
  channel: 'h5' as const,
  amountFen: 33_000,
  paidFen: 33_000,
  refundedFen: 8_000,
  state: 'paid' as const,
  stateLabel: '已支付',
  transactionId: '4200002026120712345678',
  createdAt: '2026-12-07T02:00:00Z',
  paidAt: '2026-12-07T02:01:00Z',
  expiresAt: '2026-12-07T02:30:00Z',
  text: '服务费 ¥330.00，已通过微信支付。',
};
const REFUND = {
  id: '6e0000000000000000000001',
  orderId: ORDER,
  paymentId: PAYMENT.id,
  outRefundNo: 'FXR2026120700001',
  reason: 'complaint_compensation' as const,
  reasonLabel: '投诉赔偿',
  amountFen: 8_000,
  state: 'success' as const,
  stateLabel: '已退款',
  complaintId: '6c0000000000000000000001',
  createdAt: '2026-12-07T06:00:00Z',
  doneAt: '2026-12-07T06:00:04Z',
  text: '投诉赔偿 ¥80.00，已退回您的微信。',
};
const VIEW: ReconciliationView = {
  day: '2026-12-07',
  outletId: null,
  totals: { paidCount: 1, paidFen: 33_000, refundCount: 1, refundedFen: 8_000, owedCashFen: 12_000, netFen: 25_000 },
  payments: [{ orderId: ORDER, orderNo: 'FX20261207-00012', outletId: OUTLET, payment: PAYMENT, refund: null }],
  refunds: [{ orderId: ORDER, orderNo: 'FX20261207-00012', outletId: OUTLET, payment: null, refund: REFUND }],
  issues: [
    {
      kind: 'owed_cash',
      label: '待网点线下赔付',
      orderId: '6b0549bb3297d2e4930b4bde',
      orderNo: 'FX20261207-00013',
      paymentId: null,
      refundId: '6e0000000000000000000002',
      text: '投诉赔偿 ¥120.00 没有可退的在线支付，待网点以现金或转账付给客户',
      textEn: 'Compensation of ¥120.00 has no online payment to refund: the outlet owes it in cash',
    },
  ],
  checkedRemote: 1,
};

describe('reconciliation days', () => {
  it('opens on today in Shanghai, or the valid day in the address', () => {
    // 17:30 UTC on the 6th is already the 7th in Shanghai.
    expect(todayInShanghai(new Date('2026-12-06T17:30:00Z'))).toBe('2026-12-07');
    expect(dayFromQuery('2026-12-01', new Date('2026-12-06T17:30:00Z'))).toBe('2026-12-01');
    expect(dayFromQuery('2026-02-30', new Date('2026-12-06T17:30:00Z'))).toBe('2026-12-07');
    expect(dayFromQuery(undefined, new Date('2026-12-06T17:30:00Z'))).toBe('2026-12-07');
  });

  it('offers no day after today', () => {
    const now = new Date('2026-12-07T04:00:00Z');
    expect(isFutureDay(new Date(2026, 11, 7), now)).toBe(false);
    expect(isFutureDay(new Date(2026, 11, 8), now)).toBe(true);
  });
});

describe('reconciliation page', () => {
  let server: ApiServer;
  let wrapper: VueWrapper;

  afterEach(async () => {
    wrapper?.unmount();
    document.body.innerHTML = '';
    setLocale('zh-CN');
    await server.close();
  });

  async function open(path = '/reconciliation?day=2026-12-07') {
    localStorage.clear();
    signIn(ADMIN);
    server = await startApiServer({
      'GET /api/v1/payments/reconciliation': () => ({ status: 200, body: VIEW }),
      'GET /api/v1/outlets': () => ({ status: 200, body: { items: [], total: 0, page: 1, pageSize: 100 } }),
    });
    useApiServer(server);
    ({ wrapper } = await mountView(ReconciliationPage, {}, path));
    await eventually(() => expect(bodyText()).toContain('FX20261207-00012'));
  }

  it('asks for the day in the address and lists the totals, the payment, the refund and the mismatch in words', async () => {
    await open();
    expect(server.calls('GET /api/v1/payments/reconciliation')).toHaveLength(1);
    const totals = wrapper.find('[data-test="recon-totals"]').text();
    expect(totals).toContain('收款（1 笔）');
    expect(totals).toContain('¥330.00');
    expect(totals).toContain('¥80.00');
    expect(totals).toContain('¥250.00');
    expect(totals).toContain('¥120.00');
    const payments = wrapper.find('[data-test="recon-payments"]').text();
    expect(payments).toContain('服务费');
    expect(payments).toContain('手机网页');
    expect(payments).toContain('已支付');
    expect(payments).toContain('4200002026120712345678');
    expect(payments).toContain('2026-12-07 10:01');
    const refunds = wrapper.find('[data-test="recon-refunds"]').text();
    expect(refunds).toContain('投诉赔偿');
    expect(refunds).toContain('已退款');
    expect(refunds).toContain('原路退回客户微信');
    const issues = wrapper.find('[data-test="recon-issues"]').text();
    expect(issues).toContain('待网点线下赔付');
    expect(issues).toContain('投诉赔偿 ¥120.00 没有可退的在线支付，待网点以现金或转账付给客户');
    expect(bodyText()).not.toMatch(/complaint_compensation|owed_cash|2026-12-07T/);
    // Each row leads to its order.
    expect(wrapper.find('[data-test="recon-payments"] a').attributes('href')).toContain(`order=${ORDER}`);
  });

  it('reads the mismatch in English when the admin is in English', async () => {
    await open();
    setLocale('en');
    await eventually(() => expect(bodyText()).toContain('Compensation of ¥120.00 has no online payment to refund'));
    expect(bodyText()).toMatch(/complaint compensation/i);
  });
});
