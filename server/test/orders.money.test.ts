import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DEMO_CATALOG_ITEMS } from '../src/seed/catalog';
import { signAccessToken } from '../src/lib/accessToken';
import { Order } from '../src/modules/orders/model';
import { arrivedOrder, buildWorld, staffToken, TEST_ITEMS, uniqueSlot, upload, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * Issue 18, money steps on the server: no quote confirmation right after a failed card check (until a check succeeds),
 * cash without a voucher number, and consumables that are charged but not reported with a serial and an old part.
 */
let t: TestServer;
let w: OrderWorld;
/** A consumable of the price list (a part the catalogue marks as not serialised), published before any booking. */
const CONSUMABLE = 'T-AC-C1';

beforeAll(async () => {
  t = await startTestServer();
  w = await buildWorld(t, { capacity: 50 });
  const admin = (method: string, path: string, body: unknown) => t.request(method, `/api/v1${path}`, { token: w.tokens.admin, body });
  const created = await admin('POST', '/admin/catalog/items', { code: CONSUMABLE, category: 'air_conditioner', kind: 'part', name: '冷媒 R32 补充', unit: '次', priceFen: 12000, serialised: false });
  expect(created.status).toBe(201);
  expect(created.body.serialised).toBe(false);
  const current = await t.request('GET', '/api/v1/catalog/versions/current');
  expect((await admin('POST', '/admin/catalog/publish', { expectedVersion: current.body.version })).status).toBe(201);
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const E = () => w.engineers[0]!.token;
const act = (id: string, step: string, token: string, body?: unknown) => t.request('POST', `/api/v1/orders/${id}/${step}`, { token, ...(body ? { body } : {}) });
const arrived = () => arrivedOrder(t, w, { slot: uniqueSlot(w) });

async function quoted(items: unknown[]) {
  const order = await arrived();
  const res = await act(order.id, 'quotes', E(), { items });
  expect(res.status).toBe(200);
  return { id: order.id as string, quote: res.body.quotes.at(-1) as { no: number; totalFen: number; items: Array<{ name: string; serialised?: boolean }> }, slotStart: res.body.slot.startAt as string };
}

async function inService(items: unknown[]) {
  const q = await quoted(items);
  expect((await act(q.id, `quotes/${q.quote.no}/confirm`, w.customer.token)).status).toBe(200);
  expect((await act(q.id, 'start', E())).status).toBe(200);
  return q;
}

async function uploads(orderId: string) {
  const photo = await upload(t, E(), { kind: 'report_photo', orderId });
  const oldPart = await upload(t, E(), { kind: 'old_part_photo', orderId });
  const signature = await upload(t, E(), { kind: 'signature', orderId });
  return { photo: photo.body.id as string, oldPart: oldPart.body.id as string, signature: signature.body.id as string };
}

const report = (id: string, files: { photo: string; signature: string }, partsUsed: unknown[]) =>
  act(id, 'report', E(), { diagnosis: '冷媒不足，制冷差', actions: '补充冷媒并试机正常', partsUsed, photoIds: [files.photo], signatureId: files.signature });

describe('quote confirmation after a card check (issue 18)', () => {
  it('is refused with 409 card_check_failed after a failed check, and allowed after a successful re-check', async () => {
    const q = await quoted([{ code: TEST_ITEMS.fee, quantity: 1 }]);
    // A card that does not verify, scanned by the customer: logged on the order as a failed check.
    const bad = await t.request('POST', '/api/v1/cards/verify', { token: w.customer.token, body: { token: 'not-a-real-card-token' } });
    expect(bad.status).toBe(200);
    expect(bad.body.verdict).toBe('tampered');

    const refused = await act(q.id, `quotes/${q.quote.no}/confirm`, w.customer.token);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ id: 'card_check_failed', message: expect.stringContaining('重新扫码核验') });
    const still = (await Order.findById(q.id).lean())!;
    expect(still.status).toBe('quoted');
    expect(still.quotes.at(-1)!.status).toBe('pending');
    expect(still.timeline.some((e) => e.type === 'quote_confirmed')).toBe(false);

    // The customer re-checks the real engineer's card at the door, in the booked window: the block lifts.
    const now = t.clock.now();
    t.clock.set(new Date(q.slotStart));
    onTestFinished(() => t.clock.set(now));
    const engineerToken = await staffToken(t, w.engineers[0]!.username);
    const customerToken = signAccessToken(t.config.JWT_SECRET, { sub: w.customer.id, role: 'customer', oid: null }, t.clock.now()).token;
    const card = await t.request('GET', '/api/v1/me/card', { token: engineerToken });
    expect(card.body.qr?.token).toBeTruthy();
    const good = await t.request('POST', '/api/v1/cards/verify', { token: customerToken, body: { token: card.body.qr.token } });
    expect(good.body.orders.find((m: { orderId: string }) => m.orderId === q.id)).toMatchObject({ match: true });

    const confirmed = await act(q.id, `quotes/${q.quote.no}/confirm`, customerToken);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.confirmedQuoteNo).toBe(q.quote.no);
  });
});

describe('payment voucher numbers (issue 18)', () => {
  it('are required for WeChat Pay and transfers, optional for cash', async () => {
    const q = await inService([{ code: TEST_ITEMS.fee, quantity: 1 }]);
    const files = await uploads(q.id);
    expect((await report(q.id, files, [])).status).toBe(200);

    for (const body of [
      { method: 'wechat', amountFen: q.quote.totalFen },
      { method: 'transfer', amountFen: q.quote.totalFen, receiptNo: 'ab' },
      { method: 'cash', amountFen: q.quote.totalFen, receiptNo: 'x'.repeat(41) },
    ]) {
      const res = await act(q.id, 'payment', E(), body);
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([expect.objectContaining({ path: 'receiptNo' })]);
    }
    expect((await Order.findById(q.id).lean())!.payment).toBeNull();

    const cash = await act(q.id, 'payment', E(), { method: 'cash', amountFen: q.quote.totalFen });
    expect(cash.status).toBe(200);
    expect(cash.body.payment).toMatchObject({ method: 'cash', amountFen: q.quote.totalFen, receiptNo: '' });
    expect((await act(q.id, 'complete', E())).body.status).toBe('completed');
    const receipt = await t.request('GET', `/api/v1/orders/${q.id}/receipt`, { token: w.customer.token });
    expect(receipt.status).toBe(200);
  });
});

describe('consumables in the report (issue 18)', () => {
  it('need no serial nor old-part photo; serialised parts and parts outside the price list still do', async () => {
    const q = await inService([
      { code: TEST_ITEMS.part, quantity: 1 },
      { code: CONSUMABLE, quantity: 1 },
      { offCatalogue: true, name: '进口轴承', kind: 'part', unit: '个', unitPriceFen: 3000, quantity: 1, reason: '原厂配件缺货，客户同意使用进口件' },
    ]);
    expect(q.quote.items.map((i) => [i.name, i.serialised])).toEqual([
      ['空调启动电容', true],
      ['冷媒 R32 补充', false],
      ['进口轴承', true],
    ]);
    const files = await uploads(q.id);
    const oldBearing = (await upload(t, E(), { kind: 'old_part_photo', orderId: q.id })).body.id as string;
    const capacitor = { code: TEST_ITEMS.part, quantity: 1, newSerialNo: 'CAP-2026-0001', oldPartPhotoId: files.oldPart };
    const bearing = { line: 3, quantity: 1, newSerialNo: 'BRG-2026-0001', oldPartPhotoId: oldBearing };

    // Reporting the consumable as a swapped part is a mismatch; leaving out a serialised part is one too.
    const withConsumable = await report(q.id, files, [capacitor, bearing, { code: CONSUMABLE, quantity: 1, newSerialNo: 'R32-0001', oldPartPhotoId: files.oldPart }]);
    expect(withConsumable.status).toBe(409);
    expect(withConsumable.body.error.id).toBe('parts_mismatch');
    expect((await report(q.id, files, [bearing])).body.error.id).toBe('parts_mismatch');

    const ok = await report(q.id, files, [capacitor, bearing]);
    expect(ok.status).toBe(200);
    expect(ok.body.report.partsUsed.map((p: { newSerialNo: string }) => p.newSerialNo)).toEqual(['CAP-2026-0001', 'BRG-2026-0001']);
  });
});

describe('the catalogue’s serialised flag (issue 18)', () => {
  const admin = (method: string, path: string, body?: unknown) => t.request(method, `/api/v1${path}`, { token: w.tokens.admin, ...(body ? { body } : {}) });

  it('defaults to true for parts and false for labour and fees; only a part may carry it', async () => {
    const part = await admin('POST', '/admin/catalog/items', { code: 'T-SER-P1', category: 'refrigerator', kind: 'part', name: '温控器', unit: '个', priceFen: 8000 });
    expect(part.body.serialised).toBe(true);
    const labour = await admin('POST', '/admin/catalog/items', { code: 'T-SER-L1', category: 'refrigerator', kind: 'labour', name: '冰箱清洁', unit: '次', priceFen: 8000 });
    expect(labour.body.serialised).toBe(false);
    const wrong = await admin('POST', '/admin/catalog/items', { code: 'T-SER-L2', category: 'refrigerator', kind: 'fee', name: '夜间服务费', unit: '次', priceFen: 3000, serialised: true });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual([expect.objectContaining({ path: 'serialised' })]);
    expect((await admin('PATCH', '/admin/catalog/items/T-SER-L1', { serialised: true })).status).toBe(400);

    const patched = await admin('PATCH', '/admin/catalog/items/T-SER-P1', { serialised: false });
    expect(patched.body.serialised).toBe(false);
    // Turning a consumable into labour clears the flag; back to a part, it is serialised again unless said otherwise.
    expect((await admin('PATCH', '/admin/catalog/items/T-SER-P1', { kind: 'labour' })).body.serialised).toBe(false);
    expect((await admin('PATCH', '/admin/catalog/items/T-SER-P1', { kind: 'part' })).body.serialised).toBe(true);
  });

  it('marks the demo catalogue’s consumables: refrigerant, pipe, hoses, filters and anode rods', () => {
    const consumables = DEMO_CATALOG_ITEMS.filter((i) => i.kind === 'part' && !i.serialised).map((i) => i.name);
    expect(consumables).toEqual(expect.arrayContaining(['冷媒 R32 补充', '铜管（含保温）', '燃气软管', 'PP 棉滤芯', '活性炭滤芯', 'RO 反渗透膜滤芯', '镁棒']));
    expect(DEMO_CATALOG_ITEMS.find((i) => i.name === '压缩机（1.5 匹）')!.serialised).toBe(true);
    expect(DEMO_CATALOG_ITEMS.filter((i) => i.kind !== 'part').every((i) => !i.serialised)).toBe(true);
  });
});
