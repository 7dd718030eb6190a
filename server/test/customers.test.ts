import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { addDays, shanghaiDay, currentConsent } from '@fangxin/shared';
import { Address, Appliance } from '../src/modules/customers/model';
import { getOwnAddress, getOwnAppliance } from '../src/modules/customers/service';
import { AppError } from '../src/core/errors';
import { seedCatalog } from '../src/seed/catalog';
import { createEngineer, createOutlet, createStaff, PASSWORD, randomPhone } from './factories';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
let start: Date;
const staff: Record<'admin' | 'manager' | 'engineer', string> = { admin: '', manager: '', engineer: '' };

// ---- small helpers of this file ----------------------------------------------------------------------------------

interface Customer {
  id: string;
  token: string;
  phone: string;
}

/** Signs a customer in with phone + one-time code (a new customer unless `phone` is given). */
async function signIn(phone = randomPhone()): Promise<Customer> {
  const sent = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone } });
  const res = await t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code: sent.body.devCode, consent: currentConsent() } });
  expect(res.status).toBe(200);
  return { id: res.body.user.id, token: res.body.accessToken, phone };
}

async function staffToken(username: string) {
  return (await t.request('POST', '/api/v1/auth/staff/login', { body: { username, password: PASSWORD } })).body.accessToken as string;
}

const addressBody = (overrides: Record<string, unknown> = {}) => ({ contactName: '张女士', phone: '13800138000', districtCode: '330106', detail: '文三路 398 号 2 幢 1201 室', ...overrides });

async function addAddress(c: Customer, overrides: Record<string, unknown> = {}) {
  const res = await t.request('POST', '/api/v1/me/addresses', { token: c.token, body: addressBody(overrides) });
  expect(res.status).toBe(201);
  return res.body;
}

const today = () => shanghaiDay(t.clock.now());

async function addAppliance(c: Customer, overrides: Record<string, unknown> = {}) {
  const res = await t.request('POST', '/api/v1/me/appliances', {
    token: c.token,
    body: { category: 'air_conditioner', brand: '格力', model: 'KFR-35GW', purchaseDate: addDays(today(), -100), ...overrides },
  });
  expect(res.status).toBe(201);
  return res.body;
}

const defaultsInDb = async (c: Customer) => (await Address.find({ customerId: new Types.ObjectId(c.id), isDefault: true }).lean()).map((a) => String(a._id));
const countOf = async (model: typeof Address | typeof Appliance, c: Customer) => (model as typeof Address).countDocuments({ customerId: new Types.ObjectId(c.id) });
const fieldPaths = (res: { body: { error: { fields: Array<{ path: string }> } } }) => res.body.error.fields.map((f) => f.path).sort();

beforeAll(async () => {
  t = await startTestServer();
  start = t.clock.now();
  // Appliance warranties come from the published category policies: the demo catalogue publishes version 1.
  await seedCatalog(t.clock);
  const outlet = await createOutlet();
  staff.admin = await staffToken((await createStaff('platform_admin', null)).username);
  staff.manager = await staffToken((await createStaff('outlet_manager', outlet.id)).username);
  staff.engineer = await staffToken((await createEngineer(outlet.id)).username);
});
afterEach(() => {
  // Tests that move the clock put it back, so every test starts at the same "now".
  t.clock.set(start);
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

// ---- addresses ---------------------------------------------------------------------------------------------------

describe('POST /api/v1/me/addresses', () => {
  it('saves an address with its region names and makes the first one the default', async () => {
    const c = await signIn();
    const res = await t.request('POST', '/api/v1/me/addresses', { token: c.token, body: addressBody({ contactName: ' 李先生 ' }) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      contactName: '李先生',
      phone: '13800138000',
      districtCode: '330106',
      provinceName: '浙江省',
      cityName: '杭州市',
      districtName: '西湖区',
      detail: '文三路 398 号 2 幢 1201 室',
      isDefault: true,
    });
    expect(await defaultsInDb(c)).toEqual([res.body.id]);
  });

  it('accepts a 6-digit district outside the bundled table, naming only what it knows', async () => {
    const c = await signIn();
    const body = await addAddress(c, { districtCode: '510104' });
    expect(body).toMatchObject({ districtCode: '510104', provinceName: '四川省', cityName: null, districtName: null });
  });

  it('rejects bad input with 400 naming every field, and stores nothing', async () => {
    const c = await signIn();
    const res = await t.request('POST', '/api/v1/me/addresses', {
      token: c.token,
      body: { contactName: '名'.repeat(21), phone: '12345', districtCode: '33010', detail: '太短', isDefault: 'yes' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('validation_failed');
    expect(fieldPaths(res)).toEqual(['contactName', 'detail', 'districtCode', 'isDefault', 'phone']);
    expect(await countOf(Address, c)).toBe(0);
  });
});

describe('GET /api/v1/me/addresses', () => {
  it('lists only my own addresses, the default first', async () => {
    const [a, b] = [await signIn(), await signIn()];
    const home = await addAddress(a, { detail: '家：文三路 398 号' });
    const office = await addAddress(a, { detail: '公司：江南大道 588 号', districtCode: '330108' });
    await addAddress(b);
    const res = await t.request('GET', '/api/v1/me/addresses', { token: a.token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((x: { id: string }) => x.id)).toEqual([home.id, office.id]);
    expect(res.body.items.map((x: { isDefault: boolean }) => x.isDefault)).toEqual([true, false]);
    expect(res.body.items[1].districtName).toBe('滨江区');
  });
});

describe('the default address', () => {
  it('moves to a new address saved as default, clearing the old one', async () => {
    const c = await signIn();
    const first = await addAddress(c);
    const second = await addAddress(c, { isDefault: true });
    expect(second.isDefault).toBe(true);
    expect(await defaultsInDb(c)).toEqual([second.id]);
    const list = (await t.request('GET', '/api/v1/me/addresses', { token: c.token })).body.items;
    expect(list.map((x: { id: string; isDefault: boolean }) => [x.id, x.isDefault])).toEqual([
      [second.id, true],
      [first.id, false],
    ]);
  });

  it('stays where it is when a new address is saved without asking for it', async () => {
    const c = await signIn();
    const first = await addAddress(c);
    const second = await addAddress(c, { isDefault: false });
    expect(second.isDefault).toBe(false);
    expect(await defaultsInDb(c)).toEqual([first.id]);
  });

  it('moves with PATCH isDefault: true, leaving exactly one default', async () => {
    const c = await signIn();
    await addAddress(c);
    const second = await addAddress(c);
    const third = await addAddress(c);
    const res = await t.request('PATCH', `/api/v1/me/addresses/${third.id}`, { token: c.token, body: { isDefault: true } });
    expect(res.status).toBe(200);
    expect(res.body.isDefault).toBe(true);
    expect(await defaultsInDb(c)).toEqual([third.id]);
    await t.request('PATCH', `/api/v1/me/addresses/${second.id}`, { token: c.token, body: { isDefault: true } });
    expect(await defaultsInDb(c)).toEqual([second.id]);
  });

  it('cannot be unset directly: 409 conflict, and nothing changes', async () => {
    const c = await signIn();
    const only = await addAddress(c);
    const res = await t.request('PATCH', `/api/v1/me/addresses/${only.id}`, { token: c.token, body: { isDefault: false } });
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('conflict');
    expect(res.body.error.message).toMatch(/默认地址/);
    expect(await defaultsInDb(c)).toEqual([only.id]);
  });

  it('passes to the newest remaining address when the default is deleted', async () => {
    const c = await signIn();
    const first = await addAddress(c);
    await addAddress(c);
    const newest = await addAddress(c);
    expect((await t.request('DELETE', `/api/v1/me/addresses/${first.id}`, { token: c.token })).status).toBe(204);
    expect(await defaultsInDb(c)).toEqual([newest.id]);
  });
});

describe('PATCH /api/v1/me/addresses/:id', () => {
  it('changes the fields sent and leaves the rest', async () => {
    const c = await signIn();
    const address = await addAddress(c);
    const res = await t.request('PATCH', `/api/v1/me/addresses/${address.id}`, { token: c.token, body: { districtCode: '110105', detail: '建国路 88 号 SOHO 现代城' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ contactName: '张女士', districtCode: '110105', provinceName: '北京市', cityName: '北京市', districtName: '朝阳区', detail: '建国路 88 号 SOHO 现代城', isDefault: true });
    expect((await Address.findById(address.id).lean())!.detail).toBe('建国路 88 号 SOHO 现代城');
  });

  it('rejects an empty change, bad fields or a malformed id with 400, and changes nothing', async () => {
    const c = await signIn();
    const address = await addAddress(c);
    const before = await Address.findById(address.id).lean();
    const empty = await t.request('PATCH', `/api/v1/me/addresses/${address.id}`, { token: c.token, body: {} });
    expect(empty.status).toBe(400);
    expect(fieldPaths(empty)).toEqual(['body']);
    const bad = await t.request('PATCH', `/api/v1/me/addresses/${address.id}`, { token: c.token, body: { phone: '1380013800', detail: '短' } });
    expect(bad.status).toBe(400);
    expect(fieldPaths(bad)).toEqual(['detail', 'phone']);
    const id = await t.request('PATCH', '/api/v1/me/addresses/not-an-id', { token: c.token, body: { detail: '文三路 400 号' } });
    expect(id.status).toBe(400);
    expect(fieldPaths(id)).toEqual(['params.id']);
    expect(await Address.findById(address.id).lean()).toEqual(before);
  });
});

describe('DELETE /api/v1/me/addresses/:id', () => {
  it('deletes the address; deleting it again is 404', async () => {
    const c = await signIn();
    const address = await addAddress(c);
    expect((await t.request('DELETE', `/api/v1/me/addresses/${address.id}`, { token: c.token })).status).toBe(204);
    expect(await Address.findById(address.id).lean()).toBeNull();
    const again = await t.request('DELETE', `/api/v1/me/addresses/${address.id}`, { token: c.token });
    expect(again.status).toBe(404);
    expect(again.body.error.id).toBe('not_found');
  });
});

describe('address ownership', () => {
  it('answers 404 — never 403 — to another customer, exactly as for a missing address, and leaves it unchanged', async () => {
    const [a, b] = [await signIn(), await signIn()];
    const address = await addAddress(a);
    const before = await Address.findById(address.id).lean();
    const patch = await t.request('PATCH', `/api/v1/me/addresses/${address.id}`, { token: b.token, body: { detail: '别人的地址改一下' } });
    const remove = await t.request('DELETE', `/api/v1/me/addresses/${address.id}`, { token: b.token });
    const missing = await t.request('DELETE', `/api/v1/me/addresses/${new Types.ObjectId()}`, { token: b.token });
    for (const res of [patch, remove, missing]) {
      expect(res.status).toBe(404);
      expect(res.body.error.id).toBe('not_found');
    }
    expect(remove.body.error.message).toBe(missing.body.error.message);
    expect((await t.request('GET', '/api/v1/me/addresses', { token: b.token })).body.items).toEqual([]);
    expect(await Address.findById(address.id).lean()).toEqual(before);
  });

  it('gives orders the owner’s address as a plain record, and 404 to anyone else', async () => {
    const [a, b] = [await signIn(), await signIn()];
    const address = await addAddress(a);
    const own = await getOwnAddress(a.id, address.id);
    expect(own).toMatchObject({ contactName: '张女士', phone: '13800138000', districtCode: '330106', detail: '文三路 398 号 2 幢 1201 室' });
    for (const [customer, id] of [[b.id, address.id], [a.id, 'not-an-id'], [a.id, String(new Types.ObjectId())]]) {
      const err = await getOwnAddress(customer!, id!).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).id).toBe('not_found');
    }
  });
});

describe('address book limit', () => {
  it('holds 20 addresses; the 21st is 409 conflict with a clear message, and deleting one makes room', async () => {
    const c = await signIn();
    const saved = [];
    for (let i = 0; i < 20; i++) saved.push(await addAddress(c, { detail: `测试路 ${i + 1} 号` }));
    const over = await t.request('POST', '/api/v1/me/addresses', { token: c.token, body: addressBody({ detail: '测试路 21 号' }) });
    expect(over.status).toBe(409);
    expect(over.body.error.id).toBe('conflict');
    expect(over.body.error.message).toBe('最多保存 20 个地址，请先删除不用的地址');
    expect(await countOf(Address, c)).toBe(20);

    await t.request('DELETE', `/api/v1/me/addresses/${saved[5].id}`, { token: c.token });
    expect((await t.request('POST', '/api/v1/me/addresses', { token: c.token, body: addressBody({ detail: '测试路 22 号' }) })).status).toBe(201);
    expect(await countOf(Address, c)).toBe(20);
  });

  it('never goes over the limit under 25 concurrent saves, and still shows exactly one default', async () => {
    const c = await signIn();
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => t.request('POST', '/api/v1/me/addresses', { token: c.token, body: addressBody({ detail: `并发路 ${i + 1} 号` }) })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(20);
    expect(results.filter((r) => r.status === 409)).toHaveLength(5);
    expect(await countOf(Address, c)).toBe(20);
    const list = (await t.request('GET', '/api/v1/me/addresses', { token: c.token })).body.items;
    expect(list.filter((x: { isDefault: boolean }) => x.isDefault)).toHaveLength(1);
  });
});

// ---- appliances --------------------------------------------------------------------------------------------------

describe('POST /api/v1/me/appliances', () => {
  it('registers an appliance with its warranty under the current published category policy', async () => {
    const c = await signIn();
    const purchaseDate = addDays(today(), -100);
    const res = await t.request('POST', '/api/v1/me/appliances', {
      token: c.token,
      body: { category: 'water_heater', brand: ' 美的 ', model: 'F60-21WB1', purchaseDate, serialNo: 'SN123456' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ category: 'water_heater', brand: '美的', model: 'F60-21WB1', purchaseDate, serialNo: 'SN123456' });
    // The demo policy gives water heaters 36 months.
    expect(res.body.warranty).toMatchObject({ inWarranty: true, months: 36 });
    expect(await countOf(Appliance, c)).toBe(1);
  });

  it('rejects a purchase date in the future (Asia/Shanghai) with 400 on purchaseDate, and stores nothing', async () => {
    // 16:30 UTC on 20 May is already 21 May in Beijing: the 21st is "today" there and accepted, the 22nd is not.
    t.clock.set(new Date('2026-05-20T16:30:00Z'));
    const c = await signIn();
    const future = await t.request('POST', '/api/v1/me/appliances', { token: c.token, body: { category: 'tv', brand: '海信', purchaseDate: '2026-05-22' } });
    expect(future.status).toBe(400);
    expect(fieldPaths(future)).toEqual(['purchaseDate']);
    expect(await countOf(Appliance, c)).toBe(0);
    const shanghaiToday = await t.request('POST', '/api/v1/me/appliances', { token: c.token, body: { category: 'tv', brand: '海信', purchaseDate: '2026-05-21' } });
    expect(shanghaiToday.status).toBe(201);
  });

  it('rejects an impossible date and bad fields with 400 naming each, and stores nothing', async () => {
    const c = await signIn();
    const res = await t.request('POST', '/api/v1/me/appliances', {
      token: c.token,
      body: { category: 'toaster', brand: '', model: 'M'.repeat(41), purchaseDate: '2025-02-30', serialNo: 'S'.repeat(41) },
    });
    expect(res.status).toBe(400);
    expect(fieldPaths(res)).toEqual(['brand', 'category', 'model', 'purchaseDate', 'serialNo']);
    expect(await countOf(Appliance, c)).toBe(0);
  });
});

describe('appliance warranty', () => {
  it('covers through the end of the expiry day (Beijing time) and not a minute later', async () => {
    // 23:58 on 9 March 2026 in Beijing; bought 10 March 2025 with 12 months → last covered day 9 March 2026.
    t.clock.set(new Date('2026-03-09T15:58:00Z'));
    const c = await signIn();
    const appliance = await addAppliance(c, { category: 'air_conditioner', purchaseDate: '2025-03-10' });
    expect(appliance.warranty).toEqual({ inWarranty: true, expiresOn: '2026-03-09', months: 12 });

    t.clock.set(new Date('2026-03-09T16:01:00Z')); // 00:01 on 10 March in Beijing
    const list = await t.request('GET', '/api/v1/me/appliances', { token: c.token });
    expect(list.status).toBe(200);
    expect(list.body.items[0].warranty).toEqual({ inWarranty: false, expiresOn: '2026-03-09', months: 12 });
  });

  it('follows the policy of the latest published version', async () => {
    const c = await signIn();
    const appliance = await addAppliance(c, { category: 'water_purifier', purchaseDate: addDays(today(), -400) });
    expect(appliance.warranty).toMatchObject({ inWarranty: false, months: 12 });

    const current = (await t.request('GET', '/api/v1/catalog/versions/current')).body.version;
    await t.request('PUT', '/api/v1/admin/catalog/policies/water_purifier', { token: staff.admin, body: { applianceWarrantyMonths: 24 } });
    expect((await t.request('POST', '/api/v1/admin/catalog/publish', { token: staff.admin, body: { expectedVersion: current } })).status).toBe(201);

    const list = await t.request('GET', '/api/v1/me/appliances', { token: c.token });
    expect(list.body.items[0].warranty).toMatchObject({ inWarranty: true, months: 24 });
  });
});

describe('PATCH /api/v1/me/appliances/:id', () => {
  it('changes the fields sent, clears the serial number with null, and recomputes the warranty', async () => {
    const c = await signIn();
    const appliance = await addAppliance(c, { serialNo: 'OLD-SN' });
    const purchaseDate = addDays(today(), -800);
    const res = await t.request('PATCH', `/api/v1/me/appliances/${appliance.id}`, { token: c.token, body: { purchaseDate, serialNo: null } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ brand: '格力', purchaseDate, serialNo: null, warranty: { inWarranty: false, months: 12 } });
    expect(await Appliance.findById(appliance.id).lean()).toMatchObject({ purchaseDate, serialNo: null });
  });

  it('rejects a future purchase date or an empty change with 400, and changes nothing', async () => {
    const c = await signIn();
    const appliance = await addAppliance(c);
    const before = await Appliance.findById(appliance.id).lean();
    const future = await t.request('PATCH', `/api/v1/me/appliances/${appliance.id}`, { token: c.token, body: { purchaseDate: addDays(today(), 1) } });
    expect(future.status).toBe(400);
    expect(fieldPaths(future)).toEqual(['purchaseDate']);
    const empty = await t.request('PATCH', `/api/v1/me/appliances/${appliance.id}`, { token: c.token, body: {} });
    expect(empty.status).toBe(400);
    expect(fieldPaths(empty)).toEqual(['body']);
    expect(await Appliance.findById(appliance.id).lean()).toEqual(before);
  });
});

describe('DELETE /api/v1/me/appliances/:id', () => {
  it('deletes the appliance; deleting it again is 404', async () => {
    const c = await signIn();
    const appliance = await addAppliance(c);
    expect((await t.request('DELETE', `/api/v1/me/appliances/${appliance.id}`, { token: c.token })).status).toBe(204);
    expect(await Appliance.findById(appliance.id).lean()).toBeNull();
    expect((await t.request('DELETE', `/api/v1/me/appliances/${appliance.id}`, { token: c.token })).status).toBe(404);
  });
});

describe('appliance ownership', () => {
  it('answers 404 to another customer and leaves the appliance unchanged', async () => {
    const [a, b] = [await signIn(), await signIn()];
    const appliance = await addAppliance(a);
    const before = await Appliance.findById(appliance.id).lean();
    const patch = await t.request('PATCH', `/api/v1/me/appliances/${appliance.id}`, { token: b.token, body: { brand: '海尔' } });
    const remove = await t.request('DELETE', `/api/v1/me/appliances/${appliance.id}`, { token: b.token });
    for (const res of [patch, remove]) {
      expect(res.status).toBe(404);
      expect(res.body.error.id).toBe('not_found');
    }
    expect((await t.request('GET', '/api/v1/me/appliances', { token: b.token })).body.items).toEqual([]);
    expect(await Appliance.findById(appliance.id).lean()).toEqual(before);
  });

  it('gives orders the owner’s appliance as a plain record, and 404 to anyone else', async () => {
    const [a, b] = [await signIn(), await signIn()];
    const appliance = await addAppliance(a);
    expect(await getOwnAppliance(a.id, appliance.id)).toMatchObject({ category: 'air_conditioner', brand: '格力', model: 'KFR-35GW', purchaseDate: appliance.purchaseDate });
    const err = await getOwnAppliance(b.id, appliance.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).id).toBe('not_found');
  });
});

describe('appliance limit', () => {
  it('holds 50 appliances; the 51st is 409 conflict with a clear message', async () => {
    const c = await signIn();
    for (let i = 0; i < 50; i++) await addAppliance(c, { model: `M-${i}` });
    const over = await t.request('POST', '/api/v1/me/appliances', { token: c.token, body: { category: 'tv', brand: '海信', purchaseDate: today() } });
    expect(over.status).toBe(409);
    expect(over.body.error.id).toBe('conflict');
    expect(over.body.error.message).toBe('最多保存 50 台家电，请先删除不用的家电');
    expect(await countOf(Appliance, c)).toBe(50);
  });
});

// ---- access ------------------------------------------------------------------------------------------------------

describe('who may use /me/addresses and /me/appliances', () => {
  const someId = String(new Types.ObjectId());
  const endpoints: Array<[string, string, unknown?]> = [
    ['GET', '/me/addresses'],
    ['POST', '/me/addresses', addressBody()],
    ['PATCH', `/me/addresses/${someId}`, { detail: '文三路 400 号' }],
    ['DELETE', `/me/addresses/${someId}`],
    ['GET', '/me/appliances'],
    ['POST', '/me/appliances', { category: 'tv', brand: '海信', purchaseDate: '2025-01-01' }],
    ['PATCH', `/me/appliances/${someId}`, { brand: '海尔' }],
    ['DELETE', `/me/appliances/${someId}`],
  ];

  it.each(endpoints)('refuses %s %s to staff with 403 and to an anonymous caller with 401', async (method, path, body) => {
    const before = [await Address.estimatedDocumentCount(), await Appliance.estimatedDocumentCount()];
    for (const token of [staff.engineer, staff.manager, staff.admin]) {
      const res = await t.request(method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });
      expect(res.status).toBe(403);
      expect(res.body.error.id).toBe('forbidden');
    }
    const anonymous = await t.request(method, `/api/v1${path}`, body !== undefined ? { body } : {});
    expect(anonymous.status).toBe(401);
    expect([await Address.estimatedDocumentCount(), await Appliance.estimatedDocumentCount()]).toEqual(before);
  });
});
