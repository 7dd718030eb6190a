import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '../src/modules/audit/model';
import { book, buildWorld, TEST_ITEMS, uniqueSlot, upload, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
let w: OrderWorld;
beforeAll(async () => {
  t = await startTestServer();
  w = await buildWorld(t, { capacity: 20 });
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const act = (id: string, step: string, token: string, body?: unknown) => t.request('POST', `/api/v1/orders/${id}/${step}`, { token, ...(body ? { body } : {}) });

describe('GET /api/v1/orders/:id/evidence', () => {
  it('bundles the verified timeline, quotes, photos with hashes, receipt and complaints; audited; outlet staff only', async () => {
    const order = await book(t, w, { slot: uniqueSlot(w) });
    const E = w.engineers[0]!;
    await act(order.id, 'dispatch', w.tokens.manager, { engineerId: E.engineerId });
    await act(order.id, 'accept', E.token);
    await act(order.id, 'depart', E.token);
    const code = await act(order.id, 'service-code', w.customer.token);
    await act(order.id, 'check-in', E.token, { serviceCode: code.body.serviceCode });
    const q = await act(order.id, 'quotes', E.token, { items: [{ code: TEST_ITEMS.fee, quantity: 1 }] });
    await act(order.id, `quotes/${q.body.quotes.at(-1).no}/confirm`, w.customer.token);
    await act(order.id, 'start', E.token);
    const photo = (await upload(t, E.token, { kind: 'report_photo', orderId: order.id })).body;
    const signature = (await upload(t, E.token, { kind: 'signature', orderId: order.id })).body;
    await act(order.id, 'report', E.token, { diagnosis: '外机支架松动', actions: '加固', partsUsed: [], photoIds: [photo.id], signatureId: signature.id });
    await act(order.id, 'payment', E.token, { method: 'transfer', amountFen: 5000, receiptNo: 'TR-0001' });
    await act(order.id, 'complete', E.token);
    await act(order.id, 'accept-work', w.customer.token);
    const complaint = await t.request('POST', `/api/v1/orders/${order.id}/complaints`, {
      token: w.customer.token,
      body: { category: 'overcharging', text: '高空作业费没有提前说明，希望核实。' },
    });
    expect(complaint.status).toBe(201);

    const res = await t.request('GET', `/api/v1/orders/${order.id}/evidence`, { token: w.tokens.manager });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="evidence-${order.orderNo}.json"`);
    expect(res.body.timeline.verdict.valid).toBe(true);
    expect(res.body.quotes).toHaveLength(1);
    expect(res.body.photos.map((p: { kind: string }) => p.kind).sort()).toEqual(['report_photo', 'signature']);
    expect(res.body.photos[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.receipt.totalFen).toBe(5000);
    expect(res.body.complaints).toHaveLength(1);
    expect(res.body.order.contact.full).toBe(false);
    expect(await AuditEntry.countDocuments({ action: 'evidence.download', target: `order:${order.orderNo}` })).toBe(1);

    expect((await t.request('GET', `/api/v1/orders/${order.id}/evidence`, { token: w.tokens.otherManager })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/orders/${order.id}/evidence`, { token: w.customer.token })).status).toBe(403);
    expect((await t.request('GET', `/api/v1/orders/${order.id}/evidence`, { token: E.token })).status).toBe(403);
  });
});
