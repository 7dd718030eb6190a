import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, type SlotWindowCode } from '@fangxin/shared';
import { Engineer } from '../src/modules/network/model';
import { WorkCard } from '../src/modules/cards/model';
import { Order } from '../src/modules/orders/model';
import { book, buildWorld, staffToken, upload, type OrderWorld } from './orderKit';
import { createEngineer } from './factories';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * Issue 19: surcharges obey the conditions the catalogue states (checked when the engineer quotes), urgent orders
 * (first in the queues, shorter respond clock), evening windows only where an outlet opened them, and the engineer
 * level a service needs, enforced at dispatch, offer and claim.
 */
let t: TestServer;
let w: OrderWorld;

const ITEMS = {
  night: 'T-SC-NIGHT',
  remote: 'T-SC-REMOTE',
  urgent: 'T-SC-URGENT',
  height: 'T-SC-HEIGHT',
  inspection: 'T-SC-INSPECT',
  repair: 'T-SC-REPAIR',
  part: 'T-SC-PART',
};

const admin = (method: string, path: string, body?: unknown) => t.request(method, `/api/v1${path}`, { token: w.tokens.admin, ...(body === undefined ? {} : { body }) });
const act = (id: string, step: string, token: string, body?: unknown) => t.request('POST', `/api/v1/orders/${id}/${step}`, { token, ...(body ? { body } : {}) });

async function publish() {
  const current = await t.request('GET', '/api/v1/catalog/versions/current');
  const res = await admin('POST', '/admin/catalog/publish', { expectedVersion: current.body.version });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  t = await startTestServer();
  w = await buildWorld(t, { capacity: 50 });
  const item = (code: string, kind: string, name: string, yuan: number, extra: Record<string, unknown> = {}) =>
    admin('POST', '/admin/catalog/items', { code, category: 'air_conditioner', kind, name, unit: '次', priceFen: yuan * 100, ...extra });
  for (const res of [
    await item(ITEMS.night, 'fee', '夜间服务费', 30, { condition: { kind: 'night_window' } }),
    await item(ITEMS.remote, 'fee', '远程上门费', 50, { condition: { kind: 'remote_district' } }),
    await item(ITEMS.urgent, 'fee', '加急服务费', 50, { condition: { kind: 'urgent' } }),
    await item(ITEMS.height, 'fee', '高空作业费', 50, { condition: { kind: 'height_work', needsCertificate: 'high_altitude', needsPhoto: true } }),
    await item(ITEMS.inspection, 'labour', '上门检测费', 30, { waivedWithRepair: true }),
    await item(ITEMS.repair, 'labour', '制冷系统维修', 250),
    await item(ITEMS.part, 'part', '启动电容', 65),
  ]) {
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  await publish();
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

let slotN = 0;
const DAY_WINDOWS: SlotWindowCode[] = ['09-11', '11-13', '14-16', '16-18'];
/** A fresh day window, so engineers are never busy in it. */
const daySlot = () => ({ day: addDays(w.day, Math.floor(slotN / 4) % 14), window: DAY_WINDOWS[slotN++ % 4]! });

/** Books (with overrides) and walks the order to `arrived` with the given engineer. */
async function arrived(overrides: Record<string, unknown> = {}, engineer = w.engineers[0]!) {
  const order = await book(t, w, { slot: daySlot(), ...overrides });
  expect((await act(order.id, 'dispatch', w.tokens.manager, { engineerId: engineer.engineerId })).status).toBe(200);
  expect((await act(order.id, 'accept', engineer.token)).status).toBe(200);
  expect((await act(order.id, 'depart', engineer.token)).status).toBe(200);
  const code = await act(order.id, 'service-code', w.customer.token);
  const checkedIn = await act(order.id, 'check-in', engineer.token, { serviceCode: code.body.qrText });
  expect(checkedIn.status).toBe(200);
  return { id: checkedIn.body.id as string, engineer };
}

const quote = (id: string, codes: string[], token = w.engineers[0]!.token, extra: Record<string, unknown> = {}) =>
  act(id, 'quotes', token, { items: codes.map((code) => ({ code, quantity: 1 })), ...extra });

/** A refused quote changes nothing: no quote, no timeline event. */
async function expectUnchanged(id: string, events: number) {
  const order = await Order.findById(id).lean();
  expect(order!.quotes).toHaveLength(0);
  expect(order!.timeline).toHaveLength(events);
}

describe('surcharge conditions at quote time', () => {
  it('the night fee is refused in a day window, naming the item and the window, and nothing changes', async () => {
    const order = await arrived();
    const events = (await Order.findById(order.id).lean())!.timeline.length;
    const res = await quote(order.id, [ITEMS.part, ITEMS.night]);
    expect(res.status).toBe(422);
    expect(res.body.error.id).toBe('surcharge_not_allowed');
    expect(res.body.error.message).toMatch(/^夜间服务费只在晚间时段收取：本单预约的是 \d{2}:00-\d{2}:00，不是晚间时段$/);
    expect(res.body.error.fields).toEqual([{ path: 'items.1.code', message: res.body.error.message }]);
    await expectUnchanged(order.id, events);
    // Without the night fee the same quote goes through.
    expect((await quote(order.id, [ITEMS.part])).status).toBe(200);
  });

  it('the night fee is allowed in an evening window the outlet opened', async () => {
    expect((await admin('PATCH', `/outlets/${w.outlet.id}`, { eveningWindows: ['18-20'] })).status).toBe(200);
    try {
      const order = await arrived({ slot: { day: addDays(w.day, 2), window: '18-20' } });
      const res = await quote(order.id, [ITEMS.night]);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.quotes.at(-1).totalFen).toBe(3000);
    } finally {
      expect((await admin('PATCH', `/outlets/${w.outlet.id}`, { eveningWindows: [] })).status).toBe(200);
    }
  });

  it('the remote fee only in a district the platform marked remote', async () => {
    const order = await arrived();
    const refused = await quote(order.id, [ITEMS.remote]);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe('远程上门费只在远郊区县收取：本单地址所在的西湖区不是平台标注的远郊区县');
    expect((await admin('PATCH', '/admin/settings', { remoteDistrictCodes: ['330106'] })).status).toBe(200);
    try {
      expect((await quote(order.id, [ITEMS.remote])).status).toBe(200);
    } finally {
      expect((await admin('PATCH', '/admin/settings', { remoteDistrictCodes: [] })).status).toBe(200);
    }
    const bad = await admin('PATCH', '/admin/settings', { remoteDistrictCodes: ['3301'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toMatch(/^remoteDistrictCodes/);
  });

  it('the urgent fee only on an urgent order', async () => {
    const normal = await arrived();
    const refused = await quote(normal.id, [ITEMS.urgent]);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe('加急服务费只在加急订单收取：客户下单时没有选择加急');
    const urgent = await arrived({ urgent: true });
    expect((await quote(urgent.id, [ITEMS.urgent])).status).toBe(200);
  });

  it('the height-work fee needs the height-work mark with a site photo of the order and a valid high-altitude certificate', async () => {
    const order = await arrived();
    const engineer = w.engineers[0]!;
    const noMark = await quote(order.id, [ITEMS.height]);
    expect(noMark.status).toBe(422);
    expect(noMark.body.error.message).toBe('高空作业费只在需要高处作业时收取：请先拍现场照片，标明本单需要高处作业');
    // A photo of another kind is refused by name, and nothing is marked.
    const signature = await upload(t, engineer.token, { kind: 'signature', orderId: order.id });
    const wrongKind = await quote(order.id, [ITEMS.height], engineer.token, { heightWorkPhotoId: signature.body.id });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.fields[0].path).toBe('heightWorkPhotoId');
    expect((await Order.findById(order.id).lean())!.heightWork).toBeNull();
    const site = await upload(t, engineer.token, { kind: 'report_photo', orderId: order.id });
    const ok = await quote(order.id, [ITEMS.height], engineer.token, { heightWorkPhotoId: site.body.id });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.heightWork).toMatchObject({ photoId: site.body.id });
    // The mark stays with the order: a later quote needs no new photo.
    expect((await quote(order.id, [ITEMS.height, ITEMS.part])).status).toBe(200);
  });

  it('the height-work fee is refused for an engineer without a valid high-altitude certificate', async () => {
    const e = await createEngineer(w.outlet.id, { skills: ['air_conditioner'], certificates: ['refrigeration', 'high_altitude'] });
    await Engineer.updateOne({ _id: e.engineerId }, { $set: { 'certificates.1.expiresAt': new Date(t.clock.now().getTime() - 86400_000) } });
    await WorkCard.create({ serial: `TC-${crypto.randomBytes(4).toString('hex')}`, engineerId: e.engineerId, status: 'active', issuedAt: new Date() });
    const engineer = { engineerId: e.engineerId, username: e.username, token: await staffToken(t, e.username) };
    const order = await arrived({}, engineer);
    const site = await upload(t, engineer.token, { kind: 'report_photo', orderId: order.id });
    const res = await quote(order.id, [ITEMS.height], engineer.token, { heightWorkPhotoId: site.body.id });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/^高空作业费须由持有效高处作业证的工程师收取：您的证书已于 \d{4}-\d{2}-\d{2} 过期$/);
    // Refused whole: the photo mark was not kept either.
    expect((await Order.findById(order.id).lean())!.heightWork).toBeNull();
  });

  it('the inspection fee is waived when repair labour is charged, not with parts alone', async () => {
    const order = await arrived();
    const refused = await quote(order.id, [ITEMS.inspection, ITEMS.repair]);
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toEqual([{ path: 'items.0.code', message: '上门检测费在维修时免收：本次报价已含维修人工费“制冷系统维修”，请删去上门检测费' }]);
    expect((await quote(order.id, [ITEMS.inspection, ITEMS.part])).status).toBe(200);
    expect((await quote(order.id, [ITEMS.repair, ITEMS.part])).status).toBe(200);
  });

  it('the catalogue states the conditions: only fees carry one, only labour or fees are waived, the price list shows them', async () => {
    const onPart = await admin('POST', '/admin/catalog/items', { code: 'T-SC-BAD1', category: 'air_conditioner', kind: 'part', name: '夜间配件', unit: '个', priceFen: 100, condition: { kind: 'night_window' } });
    expect(onPart.status).toBe(400);
    expect(onPart.body.error.fields).toEqual([{ path: 'condition', message: '只有附加费才能设置收费条件' }]);
    const unknown = await admin('POST', '/admin/catalog/items', { code: 'T-SC-BAD2', category: 'air_conditioner', kind: 'fee', name: '怪费', unit: '次', priceFen: 100, condition: { kind: 'full_moon' } });
    expect(unknown.status).toBe(400);
    const list = await t.request('GET', '/api/v1/catalog/price-list?category=air_conditioner');
    const items = list.body.groups.flatMap((g: { items: unknown[] }) => g.items) as Array<{ code: string; condition: unknown; waivedWithRepair: boolean }>;
    expect(items.find((i) => i.code === ITEMS.night)!.condition).toEqual({ kind: 'night_window' });
    expect(items.find((i) => i.code === ITEMS.inspection)!.waivedWithRepair).toBe(true);
    expect(items.find((i) => i.code === ITEMS.part)).toMatchObject({ condition: null, waivedWithRepair: false });
  });
});

describe('evening windows', () => {
  const availability = async () => {
    const res = await t.request('GET', `/api/v1/slots/availability?districtCode=330106&category=air_conditioner&from=${w.day}&to=${w.day}`);
    expect(res.status).toBe(200);
    return (res.body.days[0].windows as Array<{ window: string; label: string; bookable: boolean }>).map((x) => x.window);
  };

  it('are offered and bookable only where the outlet opened them, with capacity reserved as for day windows', async () => {
    expect(await availability()).toEqual(['09-11', '11-13', '14-16', '16-18']);
    const day = addDays(w.day, 3);
    const closed = await t.request('POST', '/api/v1/orders', {
      token: w.customer.token,
      body: { category: 'air_conditioner', serviceType: 'repair', addressId: w.customer.addressId, faultDescription: '晚上才在家', slot: { day, window: '19-21' } },
      headers: { 'idempotency-key': `key-${crypto.randomBytes(6).toString('hex')}` },
    });
    expect(closed.status).toBe(409);
    expect(closed.body.error).toMatchObject({ id: 'slot_unavailable', message: '该地址附近的网点没有开放这个晚间时段，请选择其他时段' });

    expect((await admin('PATCH', `/outlets/${w.outlet.id}`, { eveningWindows: ['19-21'] })).status).toBe(200);
    try {
      expect(await availability()).toEqual(['09-11', '11-13', '14-16', '16-18', '19-21']);
      expect((await t.request('GET', `/api/v1/outlets/${w.outlet.id}`, { token: w.tokens.manager })).body.eveningWindows).toEqual(['19-21']);
      // One place left in the evening window: the first booking takes it, the second finds it full.
      expect((await t.request('PUT', `/api/v1/outlets/${w.outlet.id}/slots/${day}`, { token: w.tokens.manager, body: { windows: { '19-21': 1 } } })).status).toBe(200);
      const first = await book(t, w, { slot: { day, window: '19-21' } });
      expect(first.slot).toMatchObject({ window: '19-21' });
      const second = await t.request('POST', '/api/v1/orders', {
        token: w.customer.token,
        body: { category: 'air_conditioner', serviceType: 'repair', addressId: w.customer.addressId, faultDescription: '晚上才在家', slot: { day, window: '19-21' } },
        headers: { 'idempotency-key': `key-${crypto.randomBytes(6).toString('hex')}` },
      });
      expect(second.status).toBe(409);
      expect(second.body.error.id).toBe('slot_full');
    } finally {
      expect((await admin('PATCH', `/outlets/${w.outlet.id}`, { eveningWindows: [] })).status).toBe(200);
    }
    // Closed again: a booked order cannot be moved into it either.
    const order = await book(t, w, { slot: daySlot() });
    const moved = await t.request('POST', `/api/v1/orders/${order.id}/reschedule`, { token: w.customer.token, body: { slot: { day, window: '18-20' } } });
    expect(moved.status).toBe(409);
    expect(moved.body.error.id).toBe('slot_unavailable');
    const bad = await admin('PATCH', `/outlets/${w.outlet.id}`, { eveningWindows: ['09-11'] });
    expect(bad.status).toBe(400);
  });
});

describe('urgent orders', () => {
  it('have the shorter respond clock and come first in the dispatch queue and in the engineer’s offers', async () => {
    const normal = await book(t, w, { slot: daySlot() });
    const urgent = await book(t, w, { slot: daySlot(), urgent: true });
    expect(urgent.urgent).toBe(true);
    expect(normal.urgent).toBe(false);
    // The test clock stands still while booking: the clock starts at its now.
    const respondHours = (o: { deadlines: Array<{ clock: string; dueAt: string }> }) =>
      (Date.parse(o.deadlines.find((d) => d.clock === 'respond')!.dueAt) - t.clock.now().getTime()) / 3600_000;
    expect(respondHours(urgent)).toBe(4);
    expect(respondHours(normal)).toBe(24);
    // The setting moves the clock of later urgent bookings.
    expect((await admin('PATCH', '/admin/settings', { urgentRespondHours: 2 })).status).toBe(200);
    const sooner = await book(t, w, { slot: daySlot(), urgent: true });
    expect(respondHours(sooner)).toBe(2);

    const queue = await t.request('GET', '/api/v1/orders?status=pending&pageSize=100', { token: w.tokens.manager });
    expect(queue.status).toBe(200);
    const flags = queue.body.items.map((o: { urgent: boolean }) => o.urgent);
    expect(flags.indexOf(false)).toBeGreaterThan(flags.lastIndexOf(true));
    expect(queue.body.items[0].urgent).toBe(true);

    for (const o of [normal, urgent]) expect((await act(o.id, 'offer', w.tokens.manager)).status).toBe(200);
    const offers = await t.request('GET', '/api/v1/engineer/offers', { token: w.engineers[0]!.token });
    expect(offers.status).toBe(200);
    const ids = offers.body.items.map((o: { id: string }) => o.id);
    expect(ids.indexOf(urgent.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(urgent.id)).toBeLessThan(ids.indexOf(normal.id));
  });
});

describe('engineer level', () => {
  it('a minimum level in the catalogue is enforced at dispatch, offer and claim, with the reason in words', async () => {
    const policy = await admin('PUT', '/admin/catalog/policies/air_conditioner', {
      applianceWarrantyMonths: 12,
      requiredCertificates: { installation: ['high_altitude', 'refrigeration'], repair: ['refrigeration'] },
      minLevels: { installation: 4 },
    });
    expect(policy.status).toBe(200);
    expect(policy.body.minLevels).toEqual({ installation: 4 });
    expect((await admin('PUT', '/admin/catalog/policies/air_conditioner', { applianceWarrantyMonths: 12, minLevels: { installation: 6 } })).status).toBe(400);
    await publish();
    const [senior, junior] = w.engineers;
    await Engineer.updateOne({ _id: senior!.engineerId }, { $set: { level: 4 } });
    await Engineer.updateOne({ _id: junior!.engineerId }, { $set: { level: 2 } });

    const order = await book(t, w, { slot: daySlot(), serviceType: 'installation' });
    const candidates = await t.request('GET', `/api/v1/orders/${order.id}/candidates`, { token: w.tokens.manager });
    const juniorRow = candidates.body.items.find((c: { engineerId: string }) => c.engineerId === junior!.engineerId);
    expect(juniorRow.eligible).toBe(false);
    expect(juniorRow.reasons).toContain('此服务需高级工程师（4 级）及以上，该工程师为初级工程师（2 级）');
    const refused = await act(order.id, 'dispatch', w.tokens.manager, { engineerId: junior!.engineerId });
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe('engineer_not_eligible');
    expect(refused.body.error.message).toContain('此服务需高级工程师（4 级）及以上');

    // Offers reach only eligible engineers.
    const offered = await act(order.id, 'offer', w.tokens.manager);
    expect(offered.status).toBe(200);
    expect(offered.body.tiers.map((x: { engineerId: string }) => x.engineerId)).toEqual([senior!.engineerId]);
    // An engineer whose level drops after the offer cannot claim it.
    await Engineer.updateOne({ _id: senior!.engineerId }, { $set: { level: 3 } });
    const claim = await act(order.id, 'claim', senior!.token);
    expect(claim.status).toBe(409);
    expect(claim.body.error.message).toContain('此服务需高级工程师（4 级）及以上，该工程师为中级工程师（3 级）');
    await Engineer.updateOne({ _id: senior!.engineerId }, { $set: { level: 4 } });
    expect((await act(order.id, 'claim', senior!.token)).status).toBe(200);
    // Repairs need no level: the junior engineer still gets them.
    const repair = await book(t, w, { slot: daySlot() });
    expect((await act(repair.id, 'dispatch', w.tokens.manager, { engineerId: junior!.engineerId })).status).toBe(200);
  });
});
