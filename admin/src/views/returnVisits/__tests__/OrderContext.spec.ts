import { legalActions, type OrderSurveyView, type OrderView } from '@fangxin/shared';
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import OrderContext from '@/components/OrderContext.vue';
import { startApiServer, useApiServer, type ApiServer } from '@/test-utils/apiServer';
import { eventually, mountView, signIn } from '@/test-utils/mount';

const ID = '6b0549bb3297d2e4930b4bdd';

const ORDER: OrderView = {
  id: ID,
  orderNo: 'FX2026112400001',
  status: 'closed',
  statusLabel: '已完成',
  category: 'air_conditioner',
  serviceType: 'repair',
  outletId: '8fa8106e77cf5c053a0bb568',
  customerId: '13d48aa7c567ef35e132b91c',
  engineerId: '13d48aa7c567ef35e132b91d',
  parentOrderId: null,
  appliance: { brand: '格力', model: 'KFR-35GW', purchaseDate: '2023-06-18', inWarranty: false },
  fault: { description: '空调不制冷', photoIds: [] },
  contact: { name: '演***', phone: '139****7776', districtCode: '330106', detail: '西湖区文三路****', full: false },
  slot: { day: '2026-11-25', window: '09-11', startAt: '2026-11-25T01:00:00.000Z', endAt: '2026-11-25T03:00:00.000Z' },
  catalogVersion: 1,
  quotes: [
    {
      no: 1,
      items: [
        { code: 'AC-L1', name: '空调检测维修工时', kind: 'labour', unit: '次', quantity: 1, unitPriceFen: 8000, chargedUnitFen: 8000, amountFen: 8000, warrantyDays: 90, coveredBy: null, offCatalogue: false, reason: null },
        { code: 'AC-CAP', name: '压缩机启动电容', kind: 'part', unit: '个', quantity: 1, unitPriceFen: 21500, chargedUnitFen: 21500, amountFen: 21500, warrantyDays: 180, coveredBy: null, offCatalogue: false, reason: null },
      ],
      totalFen: 29500,
      status: 'confirmed',
      createdAt: '2026-11-25T01:30:00.000Z',
      decidedAt: '2026-11-25T01:35:00.000Z',
    },
  ],
  confirmedQuoteNo: 1,
  report: null,
  payment: null,
  partsWait: null,
  cancellation: null,
  urgent: false,
  heightWork: null,
  deadlines: [],
  reworkOrderId: null,
  actions: legalActions('closed', 'outlet_manager'),
  times: {},
  createdAt: '2026-11-24T08:24:27.878Z',
};

const SURVEY: OrderSurveyView = {
  orderId: ID,
  orderNo: ORDER.orderNo,
  template: null,
  canAnswer: false,
  reason: 'submitted',
  until: null,
  survey: {
    id: '6b0549bb3297d2e4930b4be0',
    orderId: ID,
    orderNo: ORDER.orderNo,
    outletId: ORDER.outletId,
    engineerId: ORDER.engineerId,
    templateId: '6b0549bb3297d2e4930b4be1',
    scores: { overall: 2, punctuality: 4 },
    problemSolved: false,
    recommendation: 3,
    comment: '修完第二天又不制冷了',
    low: true,
    lowReasons: [],
    returnVisitTaskId: null,
    submittedAt: '2026-11-26T02:00:00.000Z',
  },
  followUp: null,
};

describe('OrderContext: what the manager needs beside a return call or a complaint', () => {
  let server: ApiServer;
  let wrapper: VueWrapper;

  beforeEach(async () => {
    localStorage.clear();
    signIn();
    server = await startApiServer({
      [`GET /api/v1/orders/${ID}`]: () => ({ status: 200, body: ORDER }),
      [`GET /api/v1/orders/${ID}/survey`]: () => ({ status: 200, body: SURVEY }),
      [`GET /api/v1/orders/${ID}/timeline`]: () => ({
        status: 200,
        body: {
          events: [{ seq: 1, type: 'complaint_resolved', at: '2026-11-26T05:00:00.000Z', actor: { id: null, role: 'outlet_manager', name: '林经理' }, data: { compensationFen: 5000 }, prevHash: '0', hash: 'abcdef0123456789abcdef' }],
          verdict: { valid: true, events: 1, head: 'abcdef0123456789' },
        },
      }),
      [`POST /api/v1/orders/${ID}/contact`]: () => ({ status: 200, body: { name: '演示客户', phone: '13912347776', districtCode: '330106', detail: '西湖区文三路 398 号', full: true } }),
    });
    useApiServer(server);
  });

  async function open() {
    ({ wrapper } = await mountView(OrderContext, { props: { orderId: ID } }));
    await eventually(() => expect(wrapper.find('[data-test="order-context-contact"]').exists()).toBe(true));
  }

  afterEach(async () => {
    wrapper?.unmount();
    document.body.innerHTML = '';
    await server.close();
  });

  it('shows the masked contact, and the full phone only through the audited reveal', async () => {
    await open();
    expect(wrapper.find('[data-test="order-context-contact"]').text()).toContain('139****7776');
    expect(server.calls(`POST /api/v1/orders/${ID}/contact`)).toHaveLength(0);
    await wrapper.find('[data-test="reveal-phone"]').trigger('click');
    await eventually(() => expect(wrapper.find('[data-test="order-context-contact"]').text()).toContain('13912347776'));
    expect(server.calls(`POST /api/v1/orders/${ID}/contact`)).toHaveLength(1);
    expect(wrapper.text()).toContain('已记录审计');
  });

  it('lists each survey answer on its own line, the confirmed quote in yuan, and the timeline in words', async () => {
    await open();
    const lines = wrapper.findAll('[data-test="order-context-survey"] li').map((li) => li.text());
    expect(lines).toEqual(['准时上门4 星', '总体满意度2 星', '问题已解决否', '推荐意愿3 / 10']);
    expect(wrapper.find('[data-test="order-context-survey"]').text()).toContain('修完第二天又不制冷了');
    const quote = wrapper.findAll('[data-test="order-context-quote"] li').map((li) => li.text());
    expect(quote).toEqual(['空调检测维修工时 × 1¥80.00', '压缩机启动电容 × 1¥215.00', '合计¥295.00']);
    await eventually(() => expect(wrapper.text()).toContain('补偿 ¥50.00'));
    expect(wrapper.text()).toContain('记录完整，没有被改动过');
    expect(wrapper.text()).not.toMatch(/complaint_resolved|compensationFen|29500|2026-11-2\dT/);
  });
});
