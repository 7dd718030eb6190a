import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../src/modules/orders/model';
import { AuditEntry } from '../src/modules/audit/model';
import { JobLease, runJobOnce } from '../src/lib/jobs';
import { backgroundJobs } from '../src/modules/jobs';
import { arrivedOrder, book, buildWorld, TEST_ITEMS, uniqueSlot, upload, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
let w: OrderWorld;
beforeAll(async () => {
  t = await startTestServer();
  w = await buildWorld(t, { capacity: 50 });
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const E = () => w.engineers[0]!.token;
const act = (id: string, step: string, token: string, body?: unknown) => t.request('POST', `/api/v1/orders/${id}/${step}`, { token, ...(body ? { body } : {}) });

/** An order walked up to `arrived` in a window of its own. */
const arrived = (overrides: Record<string, unknown> = {}) => arrivedOrder(t, w, { slot: uniqueSlot(w), ...overrides });

async function reportUploads(orderId: string) {
  const photo = await upload(t, E(), { kind: 'report_photo', orderId });
  const oldPart = await upload(t, E(), { kind: 'old_part_photo', orderId });
  const signature = await upload(t, E(), { kind: 'signature', orderId });
  return { photo: photo.body.id as string, oldPart: oldPart.body.id as string, signature: signature.body.id as string };
}

describe('the whole lifecycle through the API', () => {
  it('goes from booking to closed, with an intact hash chain and an itemised e-receipt', async () => {
    const order = await arrived();
    const quote = await act(order.id, 'quotes', E(), { items: [{ code: TEST_ITEMS.labour, quantity: 1 }, { code: TEST_ITEMS.part, quantity: 2 }, { code: TEST_ITEMS.fee, quantity: 1 }], totalFen: 1 });
    expect(quote.status).toBe(200);
    expect(quote.body.status).toBe('quoted');
    const q = quote.body.quotes.at(-1);
    // The appliance is in warranty: labour and parts are free, the high-altitude fee is not. The client's total is ignored.
    expect(q.items.map((i: { chargedUnitFen: number }) => i.chargedUnitFen)).toEqual([0, 0, 5000]);
    expect(q.items[0].coveredBy).toBe('appliance_warranty');
    expect(q.totalFen).toBe(5000);

    const customerView = await t.request('GET', `/api/v1/orders/${order.id}`, { token: w.customer.token });
    expect(customerView.body.actions).toEqual(expect.arrayContaining(['confirm_quote', 'reject_quote', 'cancel']));
    expect((await act(order.id, `quotes/${q.no}/confirm`, w.customer.token)).status).toBe(200);
    expect((await act(order.id, 'start', E())).body.status).toBe('in_service');

    const files = await reportUploads(order.id);
    const report = await act(order.id, 'report', E(), {
      diagnosis: '启动电容失效，压缩机无法启动',
      actions: '更换启动电容两只，试机制冷正常',
      partsUsed: [{ code: TEST_ITEMS.part, quantity: 2, newSerialNo: 'CAP-2026-0001', oldPartPhotoId: files.oldPart }],
      photoIds: [files.photo],
      signatureId: files.signature,
    });
    expect(report.status).toBe(200);
    expect((await act(order.id, 'payment', E(), { method: 'wechat', amountFen: 5000, receiptNo: 'WX20261124001' })).status).toBe(200);
    expect((await act(order.id, 'complete', E())).body.status).toBe('completed');
    expect((await act(order.id, 'accept-work', w.customer.token)).body.status).toBe('closed');

    const receipt = await t.request('GET', `/api/v1/orders/${order.id}/receipt`, { token: w.customer.token });
    expect(receipt.status).toBe(200);
    expect(receipt.body.items).toHaveLength(3);
    expect(receipt.body.totalFen).toBe(5000);
    expect(receipt.body.items.find((i: { code: string }) => i.code === TEST_ITEMS.part).warrantyDays).toBe(180);

    const timeline = await t.request('GET', `/api/v1/orders/${order.id}/timeline`, { token: w.customer.token });
    expect(timeline.body.verdict.valid).toBe(true);
    expect(timeline.body.events.map((e: { type: string }) => e.type)).toEqual([
      'created', 'dispatched', 'accepted', 'departed', 'service_code_issued', 'checked_in', 'quoted', 'quote_confirmed', 'started', 'report_submitted', 'payment_recorded', 'completed', 'work_accepted',
    ]);
  });

  it('detects an event edited directly in the database', async () => {
    const order = await arrived();
    expect((await t.request('GET', `/api/v1/orders/${order.id}/timeline/verify`, { token: w.tokens.manager })).body.valid).toBe(true);
    await Order.updateOne({ _id: order.id }, { $set: { 'timeline.1.data.engineerName': '别人' } });
    const verdict = await t.request('GET', `/api/v1/orders/${order.id}/timeline/verify`, { token: w.tokens.manager });
    expect(verdict.body).toMatchObject({ valid: false, brokenAt: 2, reason: 'event content altered' });
  });
});

describe('illegal transitions', () => {
  it('refuses steps out of order with 409 illegal_transition and changes nothing', async () => {
    const order = await book(t, w, { slot: uniqueSlot(w) });
    const before = (await Order.findById(order.id).lean())!.timelineHead;
    expect((await act(order.id, 'accept-work', w.customer.token)).status).toBe(409);
    expect((await act(order.id, 'dispatch', w.tokens.manager, { engineerId: w.engineers[0]!.engineerId })).status).toBe(200);
    const depart = await act(order.id, 'depart', E());
    expect(depart.status).toBe(409);
    expect(depart.body.error.id).toBe('illegal_transition');
    expect((await act(order.id, 'start', E())).status).toBe(409);
    expect((await Order.findById(order.id).lean())!.timelineHead).not.toBe(before);
    expect((await Order.findById(order.id).lean())!.status).toBe('dispatched');
  });

  it('lets no one act on a cancelled order', async () => {
    const order = await book(t, w);
    await act(order.id, 'cancel', w.customer.token, { reason: '不需要了' });
    expect((await act(order.id, 'dispatch', w.tokens.manager, { engineerId: w.engineers[0]!.engineerId })).status).toBe(409);
    expect((await act(order.id, 'cancel', w.tokens.manager, { reason: '再取消一次' })).status).toBe(409);
  });

  it('does not let a customer cancel once service has started', async () => {
    const order = await arrived();
    const q = await act(order.id, 'quotes', E(), { items: [{ code: TEST_ITEMS.fee, quantity: 1 }] });
    await act(order.id, `quotes/${q.body.quotes.at(-1).no}/confirm`, w.customer.token);
    await act(order.id, 'start', E());
    expect((await act(order.id, 'cancel', w.customer.token, { reason: '不修了' })).status).toBe(409);
  });
});

describe('S4 check-in with the service code', () => {
  it('refuses a wrong order’s code, an expired code and a reused code', async () => {
    const a = await book(t, w, { slot: uniqueSlot(w) });
    const b = await book(t, w, { slot: uniqueSlot(w) });
    for (const o of [a, b]) {
      await act(o.id, 'dispatch', w.tokens.manager, { engineerId: w.engineers[1]!.engineerId });
      await act(o.id, 'accept', w.engineers[1]!.token);
      await act(o.id, 'depart', w.engineers[1]!.token);
    }
    const codeB = await act(b.id, 'service-code', w.customer.token);
    const wrong = await act(a.id, 'check-in', w.engineers[1]!.token, { serviceCode: codeB.body.serviceCode });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.id).toBe('service_code_invalid');
    const wrongQr = await act(a.id, 'check-in', w.engineers[1]!.token, { serviceCode: codeB.body.qrText });
    expect(wrongQr.body.error.id).toBe('service_code_invalid');

    const codeA = await act(a.id, 'service-code', w.customer.token);
    t.clock.advance(10 * 60_000 + 1000);
    expect((await act(a.id, 'check-in', w.engineers[1]!.token, { serviceCode: codeA.body.serviceCode })).body.error.id).toBe('service_code_invalid');

    const fresh = await act(a.id, 'service-code', w.customer.token);
    expect((await act(a.id, 'check-in', w.engineers[1]!.token, { serviceCode: fresh.body.serviceCode })).status).toBe(200);
    expect((await act(a.id, 'check-in', w.engineers[1]!.token, { serviceCode: fresh.body.serviceCode })).status).toBe(409);
  });
});

describe('S5 quotes and bills', () => {
  it('requires a reason for an off-catalogue item (400), flags it, and counts it', async () => {
    const order = await arrived();
    const noReason = await act(order.id, 'quotes', E(), { items: [{ offCatalogue: true, name: '特殊支架', kind: 'part', unitPriceFen: 12000, quantity: 1 }] });
    expect(noReason.status).toBe(400);
    const res = await act(order.id, 'quotes', E(), { items: [{ offCatalogue: true, name: '特殊支架', kind: 'part', unitPriceFen: 12000, quantity: 1, reason: '原装支架锈蚀，需定制加固支架' }] });
    expect(res.status).toBe(200);
    expect(res.body.quotes.at(-1).items[0]).toMatchObject({ offCatalogue: true, code: null, amountFen: 12000, reason: '原装支架锈蚀，需定制加固支架' });
    expect((await Order.findById(order.id).lean())!.offCatalogueCount).toBe(1);
  });

  it('refuses an item outside the order’s catalogue version with 422 naming the item', async () => {
    const order = await arrived();
    const res = await act(order.id, 'quotes', E(), { items: [{ code: TEST_ITEMS.fee, quantity: 1 }, { code: 'NO-SUCH-ITEM', quantity: 1 }] });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ id: 'catalog_item_not_found', fields: [{ path: 'items.1.code', message: '价目表中没有该项目' }] });
  });

  it('does not start work before confirmation, and a new quote needs a new confirmation', async () => {
    const order = await arrived();
    const first = await act(order.id, 'quotes', E(), { items: [{ code: TEST_ITEMS.fee, quantity: 1 }] });
    const early = await act(order.id, 'start', E());
    expect(early.status).toBe(409);
    expect(early.body.error.id).toBe('quote_not_confirmed');
    await act(order.id, `quotes/${first.body.quotes.at(-1).no}/confirm`, w.customer.token);
    const second = await act(order.id, 'quotes', E(), { items: [{ code: TEST_ITEMS.fee, quantity: 2 }] });
    expect(second.body.quotes.map((q: { status: string }) => q.status)).toEqual(['superseded', 'pending']);
    expect((await act(order.id, 'start', E())).body.error.id).toBe('quote_not_confirmed');
    expect((await act(order.id, `quotes/${first.body.quotes.at(-1).no}/confirm`, w.customer.token)).status).toBe(409);
  });

  it('refuses a bill above the confirmed quote (409 bill_exceeds_quote), a different amount, and parts that differ', async () => {
    const order = await arrived();
    const q = await act(order.id, 'quotes', E(), { items: [{ code: TEST_ITEMS.fee, quantity: 1 }] });
    await act(order.id, `quotes/${q.body.quotes.at(-1).no}/confirm`, w.customer.token);
    await act(order.id, 'start', E());
    const more = await act(order.id, 'payment', E(), { method: 'cash', amountFen: 9000, receiptNo: 'CASH-0001' });
    expect(more.status).toBe(409);
    expect(more.body.error.id).toBe('bill_exceeds_quote');
    expect((await act(order.id, 'payment', E(), { method: 'cash', amountFen: 100, receiptNo: 'CASH-0001' })).body.error.id).toBe('payment_mismatch');

    const files = await reportUploads(order.id);
    const extraPart = await act(order.id, 'report', E(), {
      diagnosis: '外机支架松动',
      actions: '加固支架',
      partsUsed: [{ code: TEST_ITEMS.part, quantity: 1, newSerialNo: 'CAP-X-1', oldPartPhotoId: files.oldPart }],
      photoIds: [files.photo],
      signatureId: files.signature,
    });
    expect(extraPart.status).toBe(409);
    expect(extraPart.body.error.id).toBe('parts_mismatch');
    expect((await act(order.id, 'complete', E())).body.error.id).toBe('report_required');
    expect((await Order.findById(order.id).lean())!.payment).toBeNull();
  });

  it('requires a new part serial and an old-part photo that belongs to this order', async () => {
    const order = await arrived();
    const q = await act(order.id, 'quotes', E(), { items: [{ code: TEST_ITEMS.part, quantity: 1 }] });
    await act(order.id, `quotes/${q.body.quotes.at(-1).no}/confirm`, w.customer.token);
    await act(order.id, 'start', E());
    const files = await reportUploads(order.id);
    const other = await arrived();
    const foreignPhoto = (await upload(t, E(), { kind: 'old_part_photo', orderId: other.id })).body.id;
    const base = { diagnosis: '电容失效', actions: '更换电容', photoIds: [files.photo], signatureId: files.signature };
    const noSerial = await act(order.id, 'report', E(), { ...base, partsUsed: [{ code: TEST_ITEMS.part, quantity: 1, newSerialNo: '', oldPartPhotoId: files.oldPart }] });
    expect(noSerial.status).toBe(400);
    expect(noSerial.body.error.fields[0].path).toBe('partsUsed.0.newSerialNo');
    const foreign = await act(order.id, 'report', E(), { ...base, partsUsed: [{ code: TEST_ITEMS.part, quantity: 1, newSerialNo: 'CAP-1', oldPartPhotoId: foreignPhoto }] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields[0].path).toBe('partsUsed.0.oldPartPhotoId');
  });
});

describe('S10 privacy', () => {
  it('shows the engineer masked contact until acceptance, full while active; staff masked unless revealed (audited)', async () => {
    const order = await book(t, w, { slot: uniqueSlot(w) });
    await act(order.id, 'dispatch', w.tokens.manager, { engineerId: w.engineers[0]!.engineerId });
    const beforeAccept = await t.request('GET', `/api/v1/orders/${order.id}`, { token: E() });
    expect(beforeAccept.body.contact).toMatchObject({ full: false, phone: expect.stringMatching(/^\d{3}\*{4}\d{4}$/) });
    expect(JSON.stringify(beforeAccept.body)).not.toContain(w.customer.phone);
    await act(order.id, 'accept', E());
    const afterAccept = await t.request('GET', `/api/v1/orders/${order.id}`, { token: E() });
    expect(afterAccept.body.contact).toMatchObject({ full: true, phone: w.customer.phone });

    const list = await t.request('GET', '/api/v1/orders?pageSize=100', { token: w.tokens.manager });
    expect(JSON.stringify(list.body)).not.toContain(w.customer.phone);
    const reveal = await t.request('POST', `/api/v1/orders/${order.id}/contact`, { token: w.tokens.manager });
    expect(reveal.body.phone).toBe(w.customer.phone);
    expect(await AuditEntry.countDocuments({ action: 'pii.reveal_contact', target: `order:${order.orderNo}` })).toBe(1);
  });

  it('hides orders from everyone else: another customer, an unassigned engineer, another outlet’s manager → 404', async () => {
    const order = await book(t, w);
    for (const token of [w.stranger.token, w.engineers[1]!.token, w.tokens.otherManager]) {
      expect((await t.request('GET', `/api/v1/orders/${order.id}`, { token })).status).toBe(404);
    }
  });
});

describe('auto-close after 48 h', () => {
  it('closes completed orders the customer did not object to, once, even when two instances run the job', async () => {
    const order = await arrived();
    const q = await act(order.id, 'quotes', E(), { items: [{ code: TEST_ITEMS.fee, quantity: 1 }] });
    await act(order.id, `quotes/${q.body.quotes.at(-1).no}/confirm`, w.customer.token);
    await act(order.id, 'start', E());
    const files = await reportUploads(order.id);
    await act(order.id, 'report', E(), { diagnosis: '清洁', actions: '清洗', partsUsed: [], photoIds: [files.photo], signatureId: files.signature });
    await act(order.id, 'payment', E(), { method: 'cash', amountFen: 5000, receiptNo: 'CASH-9' });
    await act(order.id, 'complete', E());

    const job = backgroundJobs(t.deps).find((j) => j.name === 'orders.auto_close')!;
    t.clock.advance(47 * 3600_000);
    await runJobOnce(job, t.clock, 'instance-a');
    expect((await Order.findById(order.id).lean())!.status).toBe('completed');
    t.clock.advance(2 * 3600_000);
    await JobLease.deleteMany({});
    // Whether the second instance finds the lease held or the work done depends on timing; either way the order
    // closes exactly once (asserted below on its timeline).
    const [a, b] = await Promise.all([runJobOnce(job, t.clock, 'instance-a'), runJobOnce(job, t.clock, 'instance-b')]);
    expect([a.ran, b.ran].filter(Boolean).length).toBeGreaterThanOrEqual(1);
    await runJobOnce(job, t.clock, 'instance-b').catch(() => undefined);
    const stored = (await Order.findById(order.id).lean())!;
    expect(stored.status).toBe('closed');
    expect(stored.timeline.filter((e) => e.type === 'auto_closed')).toHaveLength(1);
  });
});
