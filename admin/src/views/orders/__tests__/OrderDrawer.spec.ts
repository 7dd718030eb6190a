import { legalActions, type OrderStatus, type OrderView } from '@fangxin/shared';
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, useApiServer, type ApiServer } from '@/test-utils/apiServer';
import { bodyText, buttonByText, eventually, mountView, signIn } from '@/test-utils/mount';
import OrderDrawer from '../components/OrderDrawer.vue';
import OrderTimeline from '../components/OrderTimeline.vue';

const ID = '6b0549bb3297d2e4930b4bdd';

function order(status: OrderStatus): OrderView {
  return {
    id: ID,
    orderNo: 'FX2026112400001',
    status,
    statusLabel: status,
    category: 'air_conditioner',
    serviceType: 'repair',
    outletId: '8fa8106e77cf5c053a0bb568',
    customerId: '13d48aa7c567ef35e132b91c',
    engineerId: null,
    parentOrderId: null,
    appliance: { brand: '格力', model: 'KFR-35GW', purchaseDate: '2023-06-18', inWarranty: false },
    fault: { description: '空调不制冷', photoIds: [] },
    contact: { name: '演***', phone: '139****7776', districtCode: '330106', detail: '西湖区文三路****', full: false },
    slot: { day: '2026-11-25', window: '09-11', startAt: '2026-11-25T01:00:00.000Z', endAt: '2026-11-25T03:00:00.000Z' },
    catalogVersion: 1,
    quotes: [],
    confirmedQuoteNo: null,
    report: null,
    payment: null,
    partsWait: null,
    cancellation: null,
    urgent: false,
    heightWork: null,
    deadlines: [{ clock: 'respond', label: '24 小时内接单响应', dueAt: '2099-01-01T00:00:00.000Z', doneAt: null, state: 'pending' }],
    reworkOrderId: null,
    actions: legalActions(status, 'outlet_manager'),
    times: {},
    createdAt: '2026-11-24T08:24:27.878Z',
  };
}

/** Issue 19: the order went to the better-scored of two covering outlets, is offered in tiers and was escalated. */
const DISPATCH_INFO = {
  mode: 'offer',
  routing: {
    outletId: '8fa8106e77cf5c053a0bb568',
    reason: 'best_score',
    score: 88.4,
    remaining: 3,
    alternatives: [
      { outletId: '8fa8106e77cf5c053a0bb568', name: '杭州西湖网点', score: 88.4, remaining: 3, rank: 1 },
      { outletId: '9fa8106e77cf5c053a0bb569', name: '杭州拱墅网点', score: null, remaining: 1, rank: 2 },
    ],
    decidedAt: '2026-11-24T08:24:27.878Z',
  },
  escalation: { at: '2026-11-24T10:24:27.878Z', afterMinutes: 120, outcome: 'offered' },
  escalationDueAt: null,
  offer: { tiers: [{ tier: 0, engineers: 1, releaseAt: '2026-11-24T10:24:27.878Z', told: true }, { tier: 1, engineers: 2, releaseAt: '2026-11-24T10:29:27.878Z', told: false }] },
};

describe('OrderDrawer', () => {
  let server: ApiServer;
  let wrapper: VueWrapper;
  let current: OrderView;

  beforeEach(async () => {
    localStorage.clear();
    signIn();
    current = order('pending');
    server = await startApiServer({
      [`GET /api/v1/orders/${ID}`]: () => ({ status: 200, body: current }),
      [`POST /api/v1/orders/${ID}/cancel`]: () => ({ status: 200, body: { ...order('cancelled'), cancellation: { by: 'outlet_manager', reason: '客户改期', at: '2026-11-24T09:00:00Z' } } }),
      [`POST /api/v1/orders/${ID}/contact`]: () => ({ status: 200, body: { name: '演示客户', phone: '13912347776', districtCode: '330106', detail: '西湖区文三路 398 号', full: true } }),
      'GET /api/v1/engineers': () => ({ status: 200, body: { items: [], total: 0, page: 1, pageSize: 100 } }),
      [`GET /api/v1/orders/${ID}/dispatch-info`]: () => ({ status: 200, body: DISPATCH_INFO }),
    });
    useApiServer(server);
  });

  afterEach(async () => {
    wrapper?.unmount();
    document.body.innerHTML = '';
    await server.close();
  });

  const actionButtons = () =>
    [...document.body.querySelectorAll('.order-drawer__actions button')].map((b) => b.textContent?.trim());

  it('offers exactly the actions the state machine allows: a pending order can be dispatched, offered or cancelled', async () => {
    ({ wrapper } = await mountView(OrderDrawer, { props: { orderId: ID } }));
    await eventually(() => expect(bodyText()).toContain('订单 FX2026112400001'));
    expect(actionButtons()).toEqual(['派单', '抢单模式', '取消订单', '下载证据包']);
    expect(bodyText()).toContain('西湖区');
    expect(bodyText()).toMatch(/剩余 /);
  });

  it('shows why the order went to its outlet, the outlets compared, the dispatch mode, the offer tiers and the escalation', async () => {
    ({ wrapper } = await mountView(OrderDrawer, { props: { orderId: ID } }));
    await eventually(() => expect(bodyText()).toContain('分配与派单'));
    const text = document.body.querySelector('[data-test="order-routing"]')!.textContent!;
    expect(text).toContain('有名额的网点中质量分最高');
    expect(text).toContain('第 2 名 · 杭州拱墅网点 · 暂无评分 · 该时段剩余 1 个名额');
    expect(text).toContain('质量分 88.4');
    expect(text).toContain('分批抢单');
    expect(text).toContain('2026-11-24 18:24 已升级：已自动发给合格工程师分批抢单');
    expect(text).toContain('第 2 批 · 2 位工程师 · 2026-11-24 18:29 起可见');
    expect(text).toContain('待通知');
    expect(text).not.toMatch(/best_score|offer\b|_/);
  });

  it('offers nothing that changes a closed order', async () => {
    current = order('closed');
    ({ wrapper } = await mountView(OrderDrawer, { props: { orderId: ID } }));
    await eventually(() => expect(bodyText()).toContain('当前状态没有可执行的操作'));
    expect(actionButtons()).toEqual(['下载证据包']);
  });

  it('cancels only with a reason, checked by the shared schema before anything is sent', async () => {
    ({ wrapper } = await mountView(OrderDrawer, { props: { orderId: ID } }));
    await eventually(() => expect(actionButtons()).toContain('取消订单'));
    (document.body.querySelector('.order-drawer__actions .el-button--danger') as HTMLButtonElement).click();
    await eventually(() => expect(bodyText()).toContain('取消订单 FX2026112400001'));
    const dialog = [...document.body.querySelectorAll('.el-dialog')].at(-1)!;
    (dialog.querySelector('.el-dialog__footer .el-button--danger') as HTMLButtonElement).click();
    await eventually(() => expect(dialog.textContent).toContain('取消原因至少 2 个字符'));
    expect(server.calls(`POST /api/v1/orders/${ID}/cancel`)).toHaveLength(0);

    const textarea = dialog.querySelector('textarea')!;
    textarea.value = '客户改期';
    textarea.dispatchEvent(new Event('input'));
    (dialog.querySelector('.el-dialog__footer .el-button--danger') as HTMLButtonElement).click();
    await eventually(() => expect(server.calls(`POST /api/v1/orders/${ID}/cancel`)).toHaveLength(1));
    expect(server.calls(`POST /api/v1/orders/${ID}/cancel`)[0]!.body).toEqual({ reason: '客户改期' });
    await eventually(() => expect(document.body.querySelector('[data-test="order-status"]')?.textContent?.trim()).toBe('已取消'));
    expect(wrapper.emitted('changed')).toHaveLength(1);
  });

  it('reveals the full contact only on request (the server audits it)', async () => {
    ({ wrapper } = await mountView(OrderDrawer, { props: { orderId: ID } }));
    await eventually(() => expect(bodyText()).toContain('139****7776'));
    expect(server.calls(`POST /api/v1/orders/${ID}/contact`)).toHaveLength(0);
    buttonByText('查看完整联系方式').click();
    await eventually(() => expect(document.body.querySelector('[data-test="contact-full"]')?.textContent).toContain('13912347776'));
  });
});

describe('OrderTimeline', () => {
  let server: ApiServer;
  let wrapper: VueWrapper;
  let valid = true;

  beforeEach(async () => {
    localStorage.clear();
    signIn();
    valid = true;
    const event = { seq: 1, type: 'created', at: '2026-11-24T08:24:27.851Z', actor: { id: null, role: 'customer', name: '用户7776' }, data: { slot: '2026-11-25 09-11' }, prevHash: '0'.repeat(64), hash: 'b7abb234'.repeat(8) };
    server = await startApiServer({
      [`GET /api/v1/orders/${ID}/timeline`]: () => ({ status: 200, body: { events: [event], verdict: { valid: true, events: 1, head: event.hash } } }),
      [`GET /api/v1/orders/${ID}/timeline/verify`]: () => ({ status: 200, body: valid ? { valid: true, events: 1, head: event.hash } : { valid: false, events: 1, brokenAt: 1, reason: 'hash mismatch', head: event.hash } }),
    });
    useApiServer(server);
  });

  afterEach(async () => {
    wrapper?.unmount();
    await server.close();
  });

  it('shows the chain-verified badge, and a broken chain when re-verification fails', async () => {
    ({ wrapper } = await mountView(OrderTimeline, { props: { orderId: ID } }));
    await eventually(() => expect(wrapper.find('[data-test="chain-valid"]').text()).toContain('记录完整，没有被改动过'));
    expect(wrapper.text()).toContain('客户提交预约');
    valid = false;
    await wrapper.find('.timeline__verdict button').trigger('click');
    await eventually(() => expect(wrapper.find('[data-test="chain-broken"]').text()).toContain('从第 1 条起可能被改动过'));
  });
});
