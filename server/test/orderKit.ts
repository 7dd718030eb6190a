import crypto from 'node:crypto';
import { expect } from 'vitest';
import { addDays, shanghaiDay, type SlotWindowCode, currentConsent } from '@fangxin/shared';
import { WorkCard } from '../src/modules/cards/model';
import { Engineer } from '../src/modules/network/model';
import { createEngineer, createOutlet, createStaff, PASSWORD, randomPhone } from './factories';
import type { TestServer } from './harness';

/**
 * A small world for order tests: one outlet covering 西湖区 (330106) with two qualified air-conditioner engineers
 * (with active work cards) and one without certificates, its manager, a platform admin, a published catalogue,
 * and a signed-in customer with an address and an in-warranty appliance. Everything has unique keys.
 */
export interface OrderWorld {
  outlet: { id: string; code: string };
  tokens: { manager: string; admin: string; otherManager: string; adminRefresh: string };
  usernames: { admin: string; manager: string };
  engineers: Array<{ engineerId: string; username: string; token: string }>;
  unqualified: { engineerId: string; token: string };
  customer: { token: string; id: string; addressId: string; applianceId: string; phone: string };
  /** A second customer, for ownership checks. */
  stranger: { token: string; id: string };
  /** The first bookable day (tomorrow, Shanghai). */
  day: string;
}

export const TEST_ITEMS = {
  labour: 'T-AC-L1',
  part: 'T-AC-P1',
  fee: 'T-AC-F1',
};

export async function staffLogin(t: TestServer, username: string, password = PASSWORD): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await t.request('POST', '/api/v1/auth/staff/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`staff login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function staffToken(t: TestServer, username: string, password = PASSWORD): Promise<string> {
  return (await staffLogin(t, username, password)).accessToken;
}

export async function customerToken(t: TestServer, phone = randomPhone()): Promise<{ token: string; id: string; phone: string }> {
  const sent = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone } });
  const res = await t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code: sent.body.devCode, consent: currentConsent() } });
  if (res.status !== 200) throw new Error(`customer login failed: ${res.status}`);
  return { token: res.body.accessToken, id: res.body.user.id, phone };
}

async function activeCard(engineerId: string) {
  await WorkCard.create({ serial: `TC-${crypto.randomBytes(4).toString('hex')}`, engineerId, status: 'active', issuedAt: new Date() });
}

/** Publishes a small air-conditioner catalogue through the admin API (the way a platform admin would). */
export async function publishTestCatalog(t: TestServer, adminToken: string): Promise<number> {
  const items = [
    { code: TEST_ITEMS.labour, category: 'air_conditioner', serviceTypes: [], kind: 'labour', name: '空调检测维修工时', unit: '次', priceFen: 8000, warrantyDays: 90, coveredByApplianceWarranty: true, active: true },
    { code: TEST_ITEMS.part, category: 'air_conditioner', serviceTypes: [], kind: 'part', name: '空调启动电容', unit: '个', priceFen: 6500, warrantyDays: 180, coveredByApplianceWarranty: true, active: true },
    { code: TEST_ITEMS.fee, category: 'air_conditioner', serviceTypes: [], kind: 'fee', name: '高空作业费', unit: '次', priceFen: 5000, warrantyDays: 0, coveredByApplianceWarranty: false, active: true },
  ];
  for (const item of items) {
    const res = await t.request('POST', '/api/v1/admin/catalog/items', { token: adminToken, body: item });
    if (res.status !== 201 && res.status !== 200) throw new Error(`catalog item: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const policy = await t.request('PUT', '/api/v1/admin/catalog/policies/air_conditioner', {
    token: adminToken,
    body: { category: 'air_conditioner', applianceWarrantyMonths: 12, requiredCertificates: { installation: ['high_altitude', 'refrigeration'], repair: ['refrigeration'] } },
  });
  if (policy.status !== 200) throw new Error(`catalog policy: ${policy.status} ${JSON.stringify(policy.body)}`);
  const current = await t.request('GET', '/api/v1/catalog/versions/current');
  const expectedVersion = current.status === 200 ? current.body.version : 0;
  const published = await t.request('POST', '/api/v1/admin/catalog/publish', { token: adminToken, body: { expectedVersion } });
  if (published.status !== 200 && published.status !== 201) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body.version;
}

export async function buildWorld(t: TestServer, options: { district?: string; capacity?: number } = {}): Promise<OrderWorld> {
  const district = options.district ?? '330106';
  const outlet = await createOutlet({ districtCodes: [district] });
  const { Outlet } = await import('../src/modules/network/model');
  if (options.capacity !== undefined) await Outlet.updateOne({ _id: outlet.id }, { $set: { slotCapacity: options.capacity } });
  const other = await createOutlet({ districtCodes: ['440305'] });
  const admin = await createStaff('platform_admin', null);
  const adminSession = await staffLogin(t, admin.username);
  const adminToken = adminSession.accessToken;
  await publishTestCatalog(t, adminToken);

  const engineers = [];
  for (let i = 0; i < 2; i++) {
    const e = await createEngineer(outlet.id, { skills: ['air_conditioner'], certificates: ['refrigeration', 'high_altitude'] });
    await Engineer.updateOne({ _id: e.engineerId }, { $set: { qualityScore: 90 - i * 5 } });
    await activeCard(e.engineerId);
    engineers.push({ engineerId: e.engineerId, username: e.username, token: await staffToken(t, e.username) });
  }
  const bare = await createEngineer(outlet.id, { skills: ['washing_machine'], certificates: [] });
  await activeCard(bare.engineerId);

  const c = await customerToken(t);
  const address = await t.request('POST', '/api/v1/me/addresses', {
    token: c.token,
    body: { contactName: '张女士', phone: c.phone, districtCode: district, detail: '文三路 398 号 2 幢 1201 室', isDefault: true },
  });
  if (address.status !== 201 && address.status !== 200) throw new Error(`address: ${address.status} ${JSON.stringify(address.body)}`);
  const today = shanghaiDay(t.clock.now());
  const appliance = await t.request('POST', '/api/v1/me/appliances', {
    token: c.token,
    body: { category: 'air_conditioner', brand: '格力', model: 'KFR-35GW', purchaseDate: addDays(today, -100) },
  });
  if (appliance.status !== 201 && appliance.status !== 200) throw new Error(`appliance: ${appliance.status} ${JSON.stringify(appliance.body)}`);
  const s = await customerToken(t);

  const manager = await createStaff('outlet_manager', outlet.id);
  return {
    outlet,
    usernames: { admin: admin.username, manager: manager.username },
    tokens: {
      manager: await staffToken(t, manager.username),
      admin: adminToken,
      otherManager: await staffToken(t, (await createStaff('outlet_manager', other.id)).username),
      adminRefresh: adminSession.refreshToken,
    },
    engineers,
    unqualified: { engineerId: bare.engineerId, token: await staffToken(t, bare.username) },
    customer: { token: c.token, id: c.id, addressId: address.body.id, applianceId: appliance.body.id, phone: c.phone },
    stranger: { token: s.token, id: s.id },
    day: addDays(today, 1),
  };
}

const SLOT_CYCLE: SlotWindowCode[] = ['09-11', '11-13', '14-16', '16-18'];
const slotCounters = new WeakMap<OrderWorld, number>();

/**
 * A slot no other order of this world has used, so an engineer is never already busy in it: walks the four windows
 * of each day from tomorrow on (14 days × 4 windows).
 */
export function uniqueSlot(w: OrderWorld, clock?: { now(): Date }): { day: string; window: SlotWindowCode } {
  const n = slotCounters.get(w) ?? 0;
  slotCounters.set(w, n + 1);
  // Tests that move the clock forward pass it, so the slots stay in the bookable future.
  const base = clock ? addDays(shanghaiDay(clock.now()), 1) : w.day;
  return { day: addDays(base, Math.floor(n / SLOT_CYCLE.length) % 14), window: SLOT_CYCLE[n % SLOT_CYCLE.length]! };
}

export function bookingBody(w: OrderWorld, overrides: Record<string, unknown> = {}, window: SlotWindowCode = '14-16') {
  return {
    category: 'air_conditioner',
    serviceType: 'repair',
    addressId: w.customer.addressId,
    applianceId: w.customer.applianceId,
    faultDescription: '空调不制冷，外机不转',
    slot: { day: w.day, window },
    ...overrides,
  };
}

export async function book(t: TestServer, w: OrderWorld, overrides: Record<string, unknown> = {}, window: SlotWindowCode = '14-16') {
  const res = await t.request('POST', '/api/v1/orders', {
    token: w.customer.token,
    body: bookingBody(w, overrides, window),
    headers: { 'idempotency-key': `key-${crypto.randomBytes(6).toString('hex')}` },
  });
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Books and walks an order up to `arrived`: dispatched to the first engineer, accepted, departed, checked in with the
 * customer's service code. Returns the order as the check-in answered it.
 */
export async function arrivedOrder(t: TestServer, w: OrderWorld, overrides: Record<string, unknown> = {}) {
  const act = (id: string, step: string, token: string, body?: unknown) => t.request('POST', `/api/v1/orders/${id}/${step}`, { token, ...(body ? { body } : {}) });
  const engineer = w.engineers[0]!;
  const order = await book(t, w, overrides);
  expect((await act(order.id, 'dispatch', w.tokens.manager, { engineerId: engineer.engineerId })).status).toBe(200);
  expect((await act(order.id, 'accept', engineer.token)).status).toBe(200);
  expect((await act(order.id, 'depart', engineer.token)).status).toBe(200);
  const code = await act(order.id, 'service-code', w.customer.token);
  expect(code.status).toBe(200);
  const arrived = await act(order.id, 'check-in', engineer.token, { serviceCode: code.body.qrText });
  expect(arrived.status).toBe(200);
  return arrived.body;
}

/** A minimal valid PNG (1×1) for upload tests. */
export const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export async function upload(t: TestServer, token: string, fields: Record<string, string>, bytes: Buffer = PNG_1x1, filename = 'photo.png') {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)]), filename);
  const res = await fetch(`${t.url}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}
