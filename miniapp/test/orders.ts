import type { OrderView } from '@fangxin/shared'

/** An order as GET /orders/:id returns it to the customer; override what a test is about. */
export function orderView(over: Partial<OrderView> = {}): OrderView {
  return {
    id: '64b7f0c2a1b2c3d4e5f60001',
    orderNo: 'FX2026061800001',
    status: 'quoted',
    statusLabel: '待确认报价',
    category: 'air_conditioner',
    serviceType: 'repair',
    outletId: '64b7f0c2a1b2c3d4e5f60002',
    customerId: '64b7f0c2a1b2c3d4e5f60003',
    engineerId: '64b7f0c2a1b2c3d4e5f60004',
    parentOrderId: null,
    appliance: { brand: '格力', model: 'KFR-35GW', purchaseDate: '2020-06-18', inWarranty: false },
    fault: { description: '空调不制冷', photoIds: [] },
    contact: { name: '李先生', phone: '13800000002', districtCode: '330106', detail: '文三路 398 号', full: true },
    slot: { day: '2026-06-18', window: '09-11', startAt: '2026-06-18T01:00:00Z', endAt: '2026-06-18T03:00:00Z' },
    catalogVersion: 1,
    quotes: [
      {
        no: 1,
        items: [
          { code: 'AC-L-001', name: '上门检测费', kind: 'labour', unit: '次', quantity: 1, unitPriceFen: 3000, chargedUnitFen: 3000, amountFen: 3000, warrantyDays: 0, coveredBy: null, offCatalogue: false, reason: null },
          { code: null, name: '进口轴承', kind: 'part', unit: '个', quantity: 1, unitPriceFen: 4500, chargedUnitFen: 4500, amountFen: 4500, warrantyDays: 90, coveredBy: null, offCatalogue: true, reason: '原厂配件缺货' },
        ],
        totalFen: 7500,
        status: 'pending',
        createdAt: '2026-06-18T02:00:00Z',
        decidedAt: null,
      },
    ],
    confirmedQuoteNo: null,
    report: null,
    payment: null,
    partsWait: null,
    cancellation: null,
    urgent: false,
    heightWork: null,
    deadlines: [
      { clock: 'respond', label: '24 小时内接单响应', dueAt: '2026-06-18T10:00:00Z', doneAt: '2026-06-17T11:00:00Z', state: 'met' },
      { clock: 'arrive', label: '预约时段内上门', dueAt: '2026-06-18T03:00:00Z', doneAt: null, state: 'breached' },
    ],
    reworkOrderId: null,
    actions: ['confirm_quote', 'reject_quote', 'cancel'],
    times: { acceptedAt: '2026-06-17T11:00:00Z' },
    createdAt: '2026-06-17T10:00:00Z',
    ...over,
  }
}
