import { legalComplaintActions, type ComplaintStatus, type ComplaintView, type OrderPaymentsView } from '@fangxin/shared';
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, useApiServer, type ApiServer } from '@/test-utils/apiServer';
import { bodyText, buttonByText, eventually, mountView, signIn } from '@/test-utils/mount';
import ComplaintDrawer from '../components/ComplaintDrawer.vue';
import { fenInWords, rejectReasonError, resolveBody, staffActions } from '../data';

const ID = '6c0000000000000000000001';

function complaint(status: ComplaintStatus): ComplaintView {
  return {
    id: ID,
    orderId: '6b0549bb3297d2e4930b4bdd',
    orderNo: 'FX2026112400001',
    outletId: '8fa8106e77cf5c053a0bb568',
    engineerId: null,
    category: 'overcharging',
    categoryLabel: '乱收费',
    text: '工程师收了价目表以外的费用',
    photoIds: [],
    status,
    statusLabel: status,
    reopenCount: 0,
    resolution: null,
    approval: null,
    compensationCapFen: 50_000,
    deadlines: [
      { kind: 'ack', label: '受理时限', startAt: '2026-11-24T08:00:00Z', dueAt: '2099-11-25T08:00:00Z', metAt: null, met: null, atRisk: false, breached: false },
    ],
    history: [{ at: '2026-11-24T08:00:00Z', type: 'filed', actor: { role: 'customer', name: '张女士' }, from: null, to: 'submitted', text: '工程师收了价目表以外的费用', data: {}, internal: false }],
    actions: [...legalComplaintActions({ status, reopenCount: 0 }, 'outlet_manager'), ...legalComplaintActions({ status, reopenCount: 0 }, 'customer')],
    filedAt: '2026-11-24T08:00:00Z',
    updatedAt: '2026-11-24T08:00:00Z',
    ackDueAt: '2099-11-25T08:00:00Z',
    resolveDueAt: '2099-11-27T08:00:00Z',
    nextDueAt: '2099-11-25T08:00:00Z',
    atRisk: false,
    breached: false,
  };
}

describe('complaints', () => {
  it('never offers the customer’s actions to staff', () => {
    expect(staffActions(['accept', 'reopen'])).toEqual([]);
    expect(staffActions(legalComplaintActions({ status: 'submitted', reopenCount: 0 }, 'outlet_manager'))).toEqual(['acknowledge']);
    expect(staffActions(legalComplaintActions({ status: 'reopened', reopenCount: 1 }, 'outlet_manager'))).toEqual(['investigate']);
  });

  it('offers a platform admin the decision on a compensation awaiting approval, and a manager nothing', () => {
    expect(staffActions(legalComplaintActions({ status: 'awaiting_approval', reopenCount: 0 }, 'platform_admin'))).toEqual(['approve', 'reject_compensation']);
    expect(staffActions(legalComplaintActions({ status: 'awaiting_approval', reopenCount: 0 }, 'outlet_manager'))).toEqual([]);
  });

  it('spells amounts in capital numerals', () => {
    expect(fenInWords(500_000)).toBe('伍仟元整');
    expect(fenInWords(5050)).toBe('伍拾元伍角整');
    expect(fenInWords(100_500)).toBe('壹仟零伍元整');
    expect(fenInWords(10_000_000)).toBe('壹拾万元整');
    expect(fenInWords(100_050_000)).toBe('壹佰万零伍佰元整');
    expect(fenInWords(1205)).toBe('壹拾贰元零伍分');
    expect(fenInWords(30)).toBe('叁角整');
    expect(fenInWords(0)).toBe('零元整');
  });

  it('asks for a reason to reject, with the shared rule', () => {
    expect(rejectReasonError(' ')).toBeTruthy();
    expect(rejectReasonError('金额过高，请按实际损失核定')).toBeNull();
  });

  it('sends compensation in fen, and none when none is offered', () => {
    expect(resolveBody({ resolution: ' 退还多收费用 ', compensationYuan: 50.5 })).toEqual({ resolution: '退还多收费用', compensationFen: 5050 });
    expect(resolveBody({ resolution: '已道歉', compensationYuan: null })).toEqual({ resolution: '已道歉' });
  });
});

/** The order's online payments (issue 20.4): ¥330.00 paid with WeChat Pay, and the refunds made since. */
const ORDER_ID = '6b0549bb3297d2e4930b4bdd';
function orderPayments(paid: boolean, refunds: OrderPaymentsView['refunds'] = []): OrderPaymentsView {
  const payment = {
    id: '6d0000000000000000000001',
    orderId: ORDER_ID,
    outTradeNo: 'FXP2026112400001',
    purpose: 'service' as const,
    purposeLabel: '服务费',
    channel: 'h5' as const,
    amountFen: 33_000,
    paidFen: 33_000,
    refundedFen: refunds.reduce((sum, r) => sum + r.amountFen, 0),
    state: 'paid' as const,
    stateLabel: '已支付',
    transactionId: '4200002026112412345678',
    createdAt: '2026-11-24T06:00:00Z',
    paidAt: '2026-11-24T06:01:00Z',
    expiresAt: '2026-11-24T06:30:00Z',
    text: '服务费 ¥330.00，已通过微信支付。',
  };
  return { orderId: ORDER_ID, online: { enabled: true, standIn: true, reason: null }, due: [], payments: paid ? [payment] : [], refunds, paidFen: paid ? 33_000 : 0, refundedFen: 0, owedCashFen: 0 };
}

describe('ComplaintDrawer', () => {
  let server: ApiServer;
  let wrapper: VueWrapper;
  let current: ComplaintView;
  let payments: OrderPaymentsView;

  beforeEach(async () => {
    localStorage.clear();
    signIn();
    current = complaint('investigating');
    payments = orderPayments(true);
    server = await startApiServer({
      [`GET /api/v1/complaints/${ID}`]: () => ({ status: 200, body: current }),
      [`GET /api/v1/orders/${ORDER_ID}/payments`]: () => ({ status: 200, body: payments }),
      [`POST /api/v1/complaints/${ID}/resolve`]: (req) => {
        const body = req.body as { resolution: string; compensationFen?: number };
        current = { ...complaint('resolved'), resolution: { text: body.resolution, compensationFen: body.compensationFen ?? null, at: '2026-11-24T10:00:00Z' } };
        if (body.compensationFen) {
          const refund = { id: '6e0000000000000000000001', orderId: ORDER_ID, paymentId: '6d0000000000000000000001', outRefundNo: 'FXR1', reason: 'complaint_compensation' as const, reasonLabel: '投诉赔偿', amountFen: body.compensationFen, state: 'success' as const, stateLabel: '已退款', complaintId: ID, createdAt: '2026-11-24T10:00:00Z', doneAt: '2026-11-24T10:00:05Z', text: '' };
          payments = orderPayments(true, [refund]);
        }
        return { status: 200, body: current };
      },
      [`POST /api/v1/complaints/${ID}/notes`]: (req) => {
        current = { ...current, history: [...current.history, { at: '2026-11-24T09:00:00Z', type: 'note', actor: { role: 'outlet_manager', name: '林经理' }, from: null, to: null, text: (req.body as { text: string }).text, data: {}, internal: true }] };
        return { status: 201, body: current };
      },
    });
    useApiServer(server);
  });

  afterEach(async () => {
    wrapper?.unmount();
    document.body.innerHTML = '';
    await server.close();
  });

  it('resolves with compensation and shows the result', async () => {
    ({ wrapper } = await mountView(ComplaintDrawer, { props: { complaintId: ID } }));
    await eventually(() => expect(bodyText()).toContain('工程师收了价目表以外的费用'));
    expect([...document.body.querySelectorAll('.complaint__actions button')].map((b) => b.textContent?.trim())).toEqual(['提交处理结果']);
    buttonByText('提交处理结果').click();
    const findDialog = () => [...document.body.querySelectorAll('.el-dialog')].find((x) => x.textContent?.includes('补偿金额'));
    await eventually(() => expect(findDialog()).toBeTruthy());
    const dialog = findDialog()!;
    const textarea = dialog.querySelector('textarea')!;
    textarea.value = '核实后退还多收的 50 元并致歉';
    textarea.dispatchEvent(new Event('input'));
    const money = dialog.querySelector<HTMLInputElement>('.el-input-number input')!;
    money.value = '50';
    money.dispatchEvent(new Event('input'));
    money.dispatchEvent(new Event('change'));
    (dialog.querySelector('.el-dialog__footer .el-button--primary') as HTMLButtonElement).click();
    // Money promised is confirmed with the amount in figures and in words before anything is sent.
    await eventually(() => expect(dialog.querySelector('[data-test="compensation-confirm"]')?.textContent).toContain('伍拾元整'));
    expect(dialog.textContent).toContain('¥50.00');
    // Issue 20.4: where the money goes, before it is promised.
    await eventually(() => expect(dialog.querySelector('[data-test="compensation-refund"]')?.textContent).toContain('确认后，赔偿 ¥50.00 将原路退回客户的微信支付（本单在线实付 ¥330.00）。'));
    expect(server.calls(`POST /api/v1/complaints/${ID}/resolve`)).toHaveLength(0);
    const confirm = dialog.querySelector('.el-dialog__footer .el-button--primary') as HTMLButtonElement;
    expect(confirm.textContent).toContain('确认赔偿 ¥50.00');
    confirm.click();
    await eventually(() => expect(server.calls(`POST /api/v1/complaints/${ID}/resolve`)).toHaveLength(1));
    expect(server.calls(`POST /api/v1/complaints/${ID}/resolve`)[0]!.body).toEqual({ resolution: '核实后退还多收的 50 元并致歉', compensationFen: 5000 });
    await eventually(() => expect(document.body.querySelector('[data-test="complaint-status"]')?.textContent?.trim()).toBe('已处理待确认'));
    expect(bodyText()).toContain('¥50.00');
    await eventually(() => expect(document.body.querySelector('[data-test="complaint-refund"]')?.textContent).toContain('投诉赔偿 ¥50.00 · 已退款 · 2026-11-24 18:00'));
    expect(document.body.querySelector('[data-test="complaint-refund"]')?.textContent).toContain('原路退回客户微信');
  }, 20_000); // the first mount of the file loads Element Plus: slow on a busy machine

  it('shows the cap, and warns before a manager sends a compensation above it for approval', async () => {
    ({ wrapper } = await mountView(ComplaintDrawer, { props: { complaintId: ID } }));
    await eventually(() => expect(bodyText()).toContain('工程师收了价目表以外的费用'));
    buttonByText('提交处理结果').click();
    const findDialog = () => [...document.body.querySelectorAll('.el-dialog')].find((x) => x.textContent?.includes('补偿金额'));
    await eventually(() => expect(findDialog()?.querySelector('[data-test="compensation-cap"]')?.textContent).toContain('¥500.00'));
    const dialog = findDialog()!;
    const textarea = dialog.querySelector('textarea')!;
    textarea.value = '赔偿地板维修费用并致歉';
    textarea.dispatchEvent(new Event('input'));
    const money = dialog.querySelector<HTMLInputElement>('.el-input-number input')!;
    money.value = '5000';
    money.dispatchEvent(new Event('input'));
    money.dispatchEvent(new Event('change'));
    await eventually(() => expect(dialog.querySelector('[data-test="compensation-cap"]')?.textContent).toContain('待平台审批'));
    (dialog.querySelector('.el-dialog__footer .el-button--primary') as HTMLButtonElement).click();
    await eventually(() => expect(dialog.querySelector('[data-test="compensation-confirm"]')?.textContent).toContain('伍仟元整'));
    expect(dialog.textContent).toContain('¥5,000.00');
    expect((dialog.querySelector('.el-dialog__footer .el-button--primary') as HTMLButtonElement).textContent).toContain('提交平台审批');
    // Above what was paid online: the rest is the outlet's to pay in cash, and nothing is refunded before approval.
    await eventually(() =>
      expect(dialog.querySelector('[data-test="compensation-refund"]')?.textContent).toContain(
        '确认后，其中 ¥330.00 退回客户的微信支付，其余 ¥4,670.00 由网点以现金或转账付给客户。超过上限的赔偿，平台管理员批准后才会退款。',
      ),
    );
  });

  it('says the outlet pays in cash when the order was not paid online (issue 20.4)', async () => {
    payments = orderPayments(false);
    ({ wrapper } = await mountView(ComplaintDrawer, { props: { complaintId: ID } }));
    await eventually(() => expect(bodyText()).toContain('工程师收了价目表以外的费用'));
    await eventually(() => expect(server.calls(`GET /api/v1/orders/${ORDER_ID}/payments`).length).toBeGreaterThan(0));
    buttonByText('提交处理结果').click();
    const findDialog = () => [...document.body.querySelectorAll('.el-dialog')].find((x) => x.textContent?.includes('补偿金额'));
    await eventually(() => expect(findDialog()).toBeTruthy());
    const dialog = findDialog()!;
    const textarea = dialog.querySelector('textarea')!;
    textarea.value = '退还多收的 80 元';
    textarea.dispatchEvent(new Event('input'));
    const money = dialog.querySelector<HTMLInputElement>('.el-input-number input')!;
    money.value = '80';
    money.dispatchEvent(new Event('input'));
    money.dispatchEvent(new Event('change'));
    (dialog.querySelector('.el-dialog__footer .el-button--primary') as HTMLButtonElement).click();
    await eventually(() => expect(dialog.querySelector('[data-test="compensation-refund"]')?.textContent).toContain(
      '本单没有可退的在线支付（客户以现金或转账付款），赔偿 ¥80.00 由网点以现金或转账付给客户。',
    ));
  });

  it('adds an internal note to the history', async () => {
    ({ wrapper } = await mountView(ComplaintDrawer, { props: { complaintId: ID } }));
    await eventually(() => expect(bodyText()).toContain('客户投诉'));
    const note = document.body.querySelector<HTMLTextAreaElement>('.complaint__note textarea')!;
    note.value = '已电话联系工程师核实';
    note.dispatchEvent(new Event('input'));
    buttonByText('添加备注').click();
    await eventually(() => expect(server.calls(`POST /api/v1/complaints/${ID}/notes`)[0]?.body).toEqual({ text: '已电话联系工程师核实' }));
    await eventually(() => expect(bodyText()).toContain('已电话联系工程师核实'));
    expect(bodyText()).toContain('内部');
  });
});
