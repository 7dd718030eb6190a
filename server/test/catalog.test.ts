import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLIANCE_CATEGORIES, currentConsent, wastedTripFee } from '@fangxin/shared';
import { AuditEntry } from '../src/modules/audit/model';
import { CatalogVersion, DraftItem, DraftPolicy } from '../src/modules/catalog/model';
import { categoryPolicy, findCatalogItem, getPublishedCatalog, requiredCertificates } from '../src/modules/catalog/service';
import type { CatalogSnapshot } from '../src/modules/catalog/model';
import { AppError } from '../src/core/errors';
import { seedCatalog } from '../src/seed/catalog';
import { createOutlet, createStaff, PASSWORD, randomPhone } from './factories';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

let t: TestServer;
const tokens: Record<'admin' | 'manager' | 'customer', string> = { admin: '', manager: '', customer: '' };
let adminId: string;

// ---- small helpers of this file ----------------------------------------------------------------------------------

const uid = () => crypto.randomBytes(3).toString('hex').toUpperCase();
/** A code no other test uses, e.g. `T1A2B3C-1`. */
const newCode = () => `T${uid()}-1`;

function itemBody(overrides: Record<string, unknown> = {}) {
  return { code: newCode(), category: 'refrigerator', kind: 'part', name: `测试配件${uid()}`, unit: '个', priceFen: 12000, ...overrides };
}

const admin = (method: string, path: string, body?: unknown) => t.request(method, `/api/v1${path}`, { token: tokens.admin, ...(body !== undefined ? { body } : {}) });

async function createItem(overrides: Record<string, unknown> = {}) {
  const res = await admin('POST', '/admin/catalog/items', itemBody(overrides));
  expect(res.status).toBe(201);
  return res.body;
}

async function currentVersion(): Promise<number> {
  const res = await t.request('GET', '/api/v1/catalog/versions/current');
  return res.status === 200 ? res.body.version : 0;
}

async function publish() {
  const res = await admin('POST', '/admin/catalog/publish', { expectedVersion: await currentVersion() });
  expect(res.status).toBe(201);
  return res.body;
}

async function staffToken(username: string) {
  return (await t.request('POST', '/api/v1/auth/staff/login', { body: { username, password: PASSWORD } })).body.accessToken as string;
}

const draftCounts = async () => ({ items: await DraftItem.countDocuments(), policies: await DraftPolicy.countDocuments(), versions: await CatalogVersion.countDocuments() });

beforeAll(async () => {
  t = await startTestServer();
  // The demo catalogue is this file's fixture: version 1 is the seeded catalogue, later tests publish on top of it.
  await seedCatalog(t.clock);
  const adminUser = await createStaff('platform_admin', null);
  adminId = adminUser.id;
  tokens.admin = await staffToken(adminUser.username);
  const outlet = await createOutlet();
  tokens.manager = await staffToken((await createStaff('outlet_manager', outlet.id)).username);
  const phone = randomPhone();
  const sent = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone } });
  tokens.customer = (await t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code: sent.body.devCode, consent: currentConsent() } })).body.accessToken;
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

// ---- the demo catalogue ------------------------------------------------------------------------------------------

describe('demo catalogue seed', () => {
  it('publishes version 1 from the system with every category priced: 2–4 labour items, 2–4 parts and the extra fees', async () => {
    const v1 = await t.request('GET', '/api/v1/catalog/versions/1');
    expect(v1.status).toBe(200);
    expect(v1.body.publishedBy).toEqual({ id: null, name: '系统初始化' });
    for (const { code: category } of APPLIANCE_CATEGORIES) {
      const items = v1.body.items.filter((i: { category: string }) => i.category === category);
      const of = (kind: string) => items.filter((i: { kind: string }) => i.kind === kind);
      expect(of('labour').length).toBeGreaterThanOrEqual(2);
      expect(of('labour').length).toBeLessThanOrEqual(4);
      expect(of('part').length).toBeGreaterThanOrEqual(2);
      expect(of('part').length).toBeLessThanOrEqual(4);
      expect(of('fee').map((i: { name: string }) => i.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^夜间服务费/), expect.stringMatching(/^远程上门费/)]));
      expect(items.find((i: { name: string }) => i.name === '上门检测费')).toBeDefined();
      for (const i of items) expect(Number.isInteger(i.priceFen) && i.priceFen > 0).toBe(true);
    }
    expect(v1.body.items.find((i: { code: string }) => i.code === 'AC-F-003')).toMatchObject({ name: '高空作业费', kind: 'fee', coveredByApplianceWarranty: false });
    expect(v1.body.items.find((i: { code: string }) => i.code === 'AC-P-001')).toMatchObject({ name: '压缩机（1.5 匹）', priceFen: 98000, warrantyDays: 365, coveredByApplianceWarranty: true });
  });

  it('publishes a wasted-trip fee (空跑费, ¥30) for the big appliances only (issue 20.1)', async () => {
    const v1 = (await t.request('GET', '/api/v1/catalog/versions/1')).body;
    expect(wastedTripFee(v1.items, 'air_conditioner')).toMatchObject({ name: '空跑费（上门未遇）', priceFen: 3000 });
    expect(wastedTripFee(v1.items, 'washing_machine')?.priceFen).toBe(3000);
    expect(wastedTripFee(v1.items, 'tv')).toBeNull();
  });

  it('publishes a policy for every category, with the certificates the work needs', async () => {
    const v1 = (await t.request('GET', '/api/v1/catalog/versions/1')).body;
    expect(v1.policies.map((p: { category: string }) => p.category)).toEqual(APPLIANCE_CATEGORIES.map((c) => c.code));
    const policy = (c: string) => v1.policies.find((p: { category: string }) => p.category === c);
    expect(policy('air_conditioner').requiredCertificates).toEqual({ repair: ['refrigeration'], installation: ['high_altitude', 'refrigeration'], removal: ['high_altitude', 'refrigeration'] });
    expect(policy('gas_stove').requiredCertificates).toEqual({ repair: ['gas_appliance'], installation: ['gas_appliance'] });
    expect(policy('water_heater').requiredCertificates.installation).toEqual(['gas_appliance']);
    expect(policy('tv')).toEqual({ category: 'tv', applianceWarrantyMonths: 12, requiredCertificates: {}, minLevels: {} });
  });

  it('is idempotent: a second run changes nothing and publishes nothing', async () => {
    const snapshot = async () =>
      JSON.stringify([await DraftItem.find().sort({ code: 1 }).lean(), await DraftPolicy.find().sort({ category: 1 }).lean(), await CatalogVersion.find().sort({ version: 1 }).lean()]);
    const before = await snapshot();
    expect(await seedCatalog(t.clock)).toEqual({ itemsAdded: 0, policiesAdded: 0, publishedVersion: null });
    expect(await snapshot()).toBe(before);
  });
});

// ---- public reads ------------------------------------------------------------------------------------------------

describe('GET /api/v1/catalog/price-list', () => {
  it('shows the current version’s items grouped by kind, with the category policy, to anyone', async () => {
    const token = uid();
    const labour = await createItem({ category: 'water_purifier', kind: 'labour', unit: '次', name: `净水测试工时${token}`, priceFen: 4500 });
    const part = await createItem({ category: 'water_purifier', kind: 'part', name: `净水测试滤芯${token}`, priceFen: 8800, warrantyDays: 30 });
    const { version } = await publish();

    const res = await t.request('GET', `/api/v1/catalog/price-list?category=water_purifier&q=${token}`);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(version);
    expect(res.body.total).toBe(2);
    expect(res.body.groups.map((g: { kind: string }) => g.kind)).toEqual(['labour', 'part', 'fee']);
    expect(res.body.groups[0].items).toEqual([expect.objectContaining({ code: labour.code, priceFen: 4500, warrantyDays: 90, coveredByApplianceWarranty: true })]);
    expect(res.body.groups[1].items).toEqual([expect.objectContaining({ code: part.code, priceFen: 8800, warrantyDays: 30 })]);
    expect(res.body.groups[2].items).toEqual([]);
    expect(res.body.policy).toEqual({ category: 'water_purifier', applianceWarrantyMonths: 12, requiredCertificates: {}, minLevels: {} });
  });

  it('searches names and codes case-insensitively', async () => {
    const item = await createItem({ name: `门封条测试${uid()}` });
    await publish();
    const byCode = await t.request('GET', `/api/v1/catalog/price-list?q=${item.code.toLowerCase()}`);
    expect(byCode.body.total).toBe(1);
    expect(byCode.body.groups[1].items[0].code).toBe(item.code);
    expect(byCode.body.policy).toBeNull();

    const demo = await t.request('GET', `/api/v1/catalog/price-list?q=${encodeURIComponent('压缩机')}`);
    const codes = demo.body.groups.flatMap((g: { items: Array<{ code: string }> }) => g.items.map((i) => i.code));
    expect(codes).toEqual(expect.arrayContaining(['AC-P-001', 'RF-P-001']));
    expect(codes.every((c: string) => /-P-/.test(c) || c.startsWith('T'))).toBe(true);
  });

  it('keeps to the service type: items for other service types are left out, items for all types stay', async () => {
    const token = uid();
    const install = await createItem({ category: 'tv', kind: 'labour', unit: '次', name: `安装测试${token}`, serviceTypes: ['installation'] });
    const any = await createItem({ category: 'tv', kind: 'labour', unit: '次', name: `通用测试${token}` });
    await publish();
    const codes = async (serviceType: string) =>
      (await t.request('GET', `/api/v1/catalog/price-list?category=tv&serviceType=${serviceType}&q=${token}`)).body.groups[0].items.map((i: { code: string }) => i.code).sort();
    expect(await codes('installation')).toEqual([install.code, any.code].sort());
    expect(await codes('repair')).toEqual([any.code]);
  });

  it('shows nothing of the draft until it is published', async () => {
    const item = await createItem();
    const res = await t.request('GET', `/api/v1/catalog/price-list?q=${item.code}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(0);
  });

  it('rejects an unknown category or an over-long search with 400 naming the query parameter', async () => {
    const bad = await t.request('GET', '/api/v1/catalog/price-list?category=toaster');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['query.category']);
    const long = await t.request('GET', `/api/v1/catalog/price-list?q=${'x'.repeat(41)}`);
    expect(long.status).toBe(400);
    expect(long.body.error.fields[0].path).toBe('query.q');
  });
});

describe('GET /api/v1/catalog/versions/current and /catalog/versions/:version', () => {
  it('answers the highest published version as current', async () => {
    const current = await t.request('GET', '/api/v1/catalog/versions/current');
    expect(current.status).toBe(200);
    const latest = await CatalogVersion.findOne().sort({ version: -1 }).lean();
    expect(current.body.version).toBe(latest!.version);
    expect(current.body.items.every((i: { active: boolean }) => i.active)).toBe(true);
  });

  it('answers 404 for a version never published and 400 for something that is not a version number', async () => {
    const missing = await t.request('GET', '/api/v1/catalog/versions/99999');
    expect(missing.status).toBe(404);
    expect(missing.body.error.id).toBe('not_found');
    for (const bad of ['abc', '0', '1.5']) {
      const res = await t.request('GET', `/api/v1/catalog/versions/${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('params.version');
    }
  });
});

// ---- the admin editor --------------------------------------------------------------------------------------------

describe('POST /api/v1/admin/catalog/items', () => {
  it('adds a draft item with integer fen and defaults, and audits who did it from where', async () => {
    const body = itemBody({ code: newCode().toLowerCase(), kind: 'fee', unit: '次', name: `测试附加费${uid()}`, priceFen: 2000 });
    const res = await admin('POST', '/admin/catalog/items', body);
    expect(res.status).toBe(201);
    const code = body.code.toUpperCase();
    expect(res.body).toMatchObject({ code, kind: 'fee', priceFen: 2000, warrantyDays: 90, serviceTypes: [], coveredByApplianceWarranty: false, active: true });
    expect(await DraftItem.countDocuments({ code })).toBe(1);

    const entry = await AuditEntry.findOne({ action: 'catalog.item_created', target: code }).lean();
    expect(String(entry!.actorId)).toBe(adminId);
    expect(entry!.actorRole).toBe('platform_admin');
    expect(entry!.ip).toBeTruthy();
    expect(entry!.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('treats a repeated identical create as the same item, and a different item under a taken code as 409 conflict', async () => {
    const body = itemBody();
    expect((await admin('POST', '/admin/catalog/items', body)).status).toBe(201);
    const again = await admin('POST', '/admin/catalog/items', body);
    expect(again.status).toBe(201);
    expect(again.body.code).toBe(body.code);
    expect(await DraftItem.countDocuments({ code: body.code })).toBe(1);
    expect(await AuditEntry.countDocuments({ action: 'catalog.item_created', target: body.code })).toBe(1);

    const clash = await admin('POST', '/admin/catalog/items', { ...body, priceFen: 1 });
    expect(clash.status).toBe(409);
    expect(clash.body.error.id).toBe('conflict');
    expect(clash.body.error.message).toContain(body.code);
    expect((await DraftItem.findOne({ code: body.code }).lean())!.priceFen).toBe(12000);
  });

  it('rejects bad input with 400 naming every field, and stores nothing', async () => {
    const before = await draftCounts();
    const res = await admin('POST', '/admin/catalog/items', {
      code: 'bad code!',
      category: 'toaster',
      kind: 'tip',
      name: 'x',
      unit: '斤',
      priceFen: 12.5,
      warrantyDays: -1,
      serviceTypes: ['repair', 'repair'],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('validation_failed');
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['category', 'code', 'kind', 'name', 'priceFen', 'serviceTypes', 'unit', 'warrantyDays']);
    expect(await draftCounts()).toEqual(before);
  });
});

describe('GET /api/v1/admin/catalog/items', () => {
  it('filters by search, category and state, and paginates', async () => {
    const token = uid();
    const a = await createItem({ name: `列表测试甲${token}`, category: 'dishwasher' });
    const b = await createItem({ name: `列表测试乙${token}`, category: 'refrigerator' });
    await admin('DELETE', `/admin/catalog/items/${b.code}`);

    const all = await admin('GET', `/admin/catalog/items?q=${token}`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(2);
    expect((await admin('GET', `/admin/catalog/items?q=${token}&category=dishwasher`)).body.items.map((i: { code: string }) => i.code)).toEqual([a.code]);
    expect((await admin('GET', `/admin/catalog/items?q=${token}&active=false`)).body.items.map((i: { code: string }) => i.code)).toEqual([b.code]);
    expect((await admin('GET', `/admin/catalog/items?q=${a.code.toLowerCase()}`)).body.total).toBe(1);
    const page = await admin('GET', `/admin/catalog/items?q=${token}&pageSize=1&page=2`);
    expect(page.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page.body.items).toHaveLength(1);
  });

  it('rejects a bad filter with 400 naming the query parameter', async () => {
    const res = await admin('GET', '/admin/catalog/items?active=maybe&pageSize=1000');
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['query.active', 'query.pageSize']);
  });
});

describe('PATCH /api/v1/admin/catalog/items/:code', () => {
  it('changes the draft only and audits the field-level change', async () => {
    const item = await createItem({ priceFen: 10000 });
    const res = await admin('PATCH', `/admin/catalog/items/${item.code.toLowerCase()}`, { priceFen: 13500, warrantyDays: 180 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: item.code, priceFen: 13500, warrantyDays: 180 });
    expect((await DraftItem.findOne({ code: item.code }).lean())!.priceFen).toBe(13500);
    const entry = await AuditEntry.findOne({ action: 'catalog.item_updated', target: item.code }).lean();
    expect(entry!.data.changes).toEqual([
      { field: 'priceFen', before: 10000, after: 13500 },
      { field: 'warrantyDays', before: 90, after: 180 },
    ]);
    expect(String(entry!.actorId)).toBe(adminId);
  });

  it('answers 404 for an unknown code', async () => {
    const res = await admin('PATCH', `/admin/catalog/items/${newCode()}`, { priceFen: 1 });
    expect(res.status).toBe(404);
    expect(res.body.error.id).toBe('not_found');
  });

  it('rejects an empty change, a bad price or a malformed code with 400, and changes nothing', async () => {
    const item = await createItem();
    const empty = await admin('PATCH', `/admin/catalog/items/${item.code}`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].path).toBe('body');
    const price = await admin('PATCH', `/admin/catalog/items/${item.code}`, { priceFen: -5, unit: '斤' });
    expect(price.status).toBe(400);
    expect(price.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['priceFen', 'unit']);
    const code = await admin('PATCH', '/admin/catalog/items/bad%20code', { priceFen: 1 });
    expect(code.status).toBe(400);
    expect(code.body.error.fields[0].path).toBe('params.code');
    expect((await DraftItem.findOne({ code: item.code }).lean())!.priceFen).toBe(12000);
    expect(await AuditEntry.countDocuments({ action: 'catalog.item_updated', target: item.code })).toBe(0);
  });
});

describe('DELETE /api/v1/admin/catalog/items/:code', () => {
  it('deactivates the item, which leaves it out of the next version but not out of the last one', async () => {
    const item = await createItem();
    const { version: withIt } = await publish();
    const res = await admin('DELETE', `/admin/catalog/items/${item.code}`);
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect((await DraftItem.findOne({ code: item.code }).lean())!.active).toBe(false);
    expect(await AuditEntry.countDocuments({ action: 'catalog.item_deactivated', target: item.code })).toBe(1);

    const { version: without } = await publish();
    const codesOf = async (v: number) => (await t.request('GET', `/api/v1/catalog/versions/${v}`)).body.items.map((i: { code: string }) => i.code);
    expect(await codesOf(withIt)).toContain(item.code);
    expect(await codesOf(without)).not.toContain(item.code);
  });

  it('takes a code in any case, as its documented pattern says (schemathesis: a lower-case code, documented as invalid, was accepted)', async () => {
    const item = await createItem();
    const doc = (await t.request('GET', '/api/openapi.json')).body;
    for (const method of ['patch', 'delete']) {
      const [param] = doc.paths['/api/v1/admin/catalog/items/{code}'][method].parameters;
      expect(new RegExp(param.schema.pattern).test(item.code.toLowerCase()), method).toBe(true);
    }
    const lower = await admin('DELETE', `/admin/catalog/items/${item.code.toLowerCase()}`);
    expect(lower.status).toBe(200);
    expect(lower.body.code).toBe(item.code);
  });

  it('is idempotent for an inactive item and answers 404 for an unknown one', async () => {
    const item = await createItem({ active: false });
    expect((await admin('DELETE', `/admin/catalog/items/${item.code}`)).status).toBe(200);
    expect(await AuditEntry.countDocuments({ action: 'catalog.item_deactivated', target: item.code })).toBe(0);
    expect((await admin('DELETE', `/admin/catalog/items/${newCode()}`)).status).toBe(404);
    expect((await admin('DELETE', '/admin/catalog/items/%24%24')).status).toBe(400);
  });
});

describe('GET and PUT /api/v1/admin/catalog/policies', () => {
  it('lists every category’s draft policy', async () => {
    const res = await admin('GET', '/admin/catalog/policies');
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { category: string }) => p.category)).toEqual(APPLIANCE_CATEGORIES.map((c) => c.code));
    expect(res.body.items.every((p: { configured: boolean }) => p.configured)).toBe(true);
  });

  it('replaces a category’s draft policy, normalising the certificate map, and audits the change', async () => {
    const res = await admin('PUT', '/admin/catalog/policies/range_hood', {
      category: 'range_hood',
      applianceWarrantyMonths: 18,
      requiredCertificates: { installation: ['high_altitude', 'electrician'], cleaning: [] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ category: 'range_hood', applianceWarrantyMonths: 18, requiredCertificates: { installation: ['electrician', 'high_altitude'] }, configured: true });
    const stored = await DraftPolicy.findOne({ category: 'range_hood' }).lean();
    expect(stored!.requiredCertificates).toEqual({ installation: ['electrician', 'high_altitude'] });
    const entry = await AuditEntry.findOne({ action: 'catalog.policy_updated', target: 'range_hood' }).sort({ at: -1 }).lean();
    expect(entry!.data.changes).toEqual(
      expect.arrayContaining([
        { field: 'applianceWarrantyMonths', before: 12, after: 18 },
        { field: 'requiredCertificates.installation', before: [], after: ['electrician', 'high_altitude'] },
      ]),
    );
  });

  it('rejects an unknown category, service type or certificate, a fractional month and a mismatched category with 400, and changes nothing', async () => {
    const before = await DraftPolicy.findOne({ category: 'washing_machine' }).lean();
    const cases: Array<[string, unknown, string]> = [
      ['/admin/catalog/policies/toaster', { applianceWarrantyMonths: 12 }, 'params.category'],
      ['/admin/catalog/policies/washing_machine', { applianceWarrantyMonths: 1.5 }, 'applianceWarrantyMonths'],
      ['/admin/catalog/policies/washing_machine', { applianceWarrantyMonths: 12, requiredCertificates: { repair: ['pilot_licence'] } }, 'requiredCertificates.repair.0'],
      ['/admin/catalog/policies/washing_machine', { applianceWarrantyMonths: 12, requiredCertificates: { polishing: ['electrician'] } }, 'requiredCertificates.polishing'],
      ['/admin/catalog/policies/washing_machine', { category: 'tv', applianceWarrantyMonths: 12 }, 'category'],
    ];
    for (const [path, body, field] of cases) {
      const res = await admin('PUT', path, body);
      expect(res.status, path + JSON.stringify(body)).toBe(400);
      expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    }
    expect(await DraftPolicy.findOne({ category: 'washing_machine' }).lean()).toEqual(before);
  });
});

describe('GET /api/v1/admin/catalog/diff', () => {
  it('shows nothing to publish right after publishing', async () => {
    await publish();
    const res = await admin('GET', '/admin/catalog/diff');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ baseVersion: await currentVersion(), hasChanges: false, added: [], removed: [], changed: [], policies: { added: [], removed: [], changed: [] } });
  });

  it('shows added, removed and changed items and policies with field-level before and after', async () => {
    const kept = await createItem({ priceFen: 20000, name: `变更前${uid()}` });
    const dropped = await createItem();
    const { version } = await publish();
    const added = await createItem();
    await admin('PATCH', `/admin/catalog/items/${kept.code}`, { priceFen: 22000, name: `变更后${uid()}` });
    const renamed = (await DraftItem.findOne({ code: kept.code }).lean())!.name;
    await admin('DELETE', `/admin/catalog/items/${dropped.code}`);
    await admin('PUT', '/admin/catalog/policies/tv', { applianceWarrantyMonths: 24, requiredCertificates: { installation: ['high_altitude'] } });

    const res = await admin('GET', '/admin/catalog/diff');
    expect(res.status).toBe(200);
    expect(res.body.baseVersion).toBe(version);
    expect(res.body.hasChanges).toBe(true);
    expect(res.body.added.map((i: { code: string }) => i.code)).toContain(added.code);
    expect(res.body.removed.map((i: { code: string }) => i.code)).toContain(dropped.code);
    expect(res.body.changed.find((c: { code: string }) => c.code === kept.code)).toEqual({
      code: kept.code,
      name: renamed,
      changes: [
        { field: 'name', before: kept.name, after: renamed },
        { field: 'priceFen', before: 20000, after: 22000 },
      ],
    });
    expect(res.body.policies.changed.find((c: { category: string }) => c.category === 'tv')).toEqual({
      category: 'tv',
      changes: [
        { field: 'applianceWarrantyMonths', before: 12, after: 24 },
        { field: 'requiredCertificates.installation', before: [], after: ['high_altitude'] },
      ],
    });
  });
});

describe('POST /api/v1/admin/catalog/publish', () => {
  it('creates an immutable version N+1 holding every active item and policy, and audits it', async () => {
    const item = await createItem();
    const inactive = await createItem({ active: false });
    const expectedVersion = await currentVersion();
    const res = await admin('POST', '/admin/catalog/publish', { expectedVersion });
    expect(res.status).toBe(201);
    expect(res.body.version).toBe(expectedVersion + 1);
    expect(res.body.publishedBy).toEqual({ id: adminId, name: expect.any(String) });
    const codes = res.body.items.map((i: { code: string }) => i.code);
    expect(codes).toContain(item.code);
    expect(codes).not.toContain(inactive.code);
    expect(codes).toHaveLength(await DraftItem.countDocuments({ active: true }));
    expect(res.body.policies).toHaveLength(await DraftPolicy.countDocuments());
    expect(await AuditEntry.countDocuments({ action: 'catalog.published', target: `v${res.body.version}`, actorId: adminId })).toBe(1);

    await expect(CatalogVersion.updateOne({ version: res.body.version }, { $set: { 'items.0.priceFen': 1 } })).rejects.toThrow(/immutable/);
    await expect(CatalogVersion.deleteOne({ version: res.body.version })).rejects.toThrow(/immutable/);
    expect((await t.request('GET', `/api/v1/catalog/versions/${res.body.version}`)).body).toEqual(res.body);
  });

  it('keeps old prices for orders quoted with the old version after a new version changes them', async () => {
    const item = await createItem({ priceFen: 10000 });
    const { version: old } = await publish();
    await admin('PATCH', `/admin/catalog/items/${item.code}`, { priceFen: 15000 });
    const { version: next } = await publish();

    const priceIn = async (v: number) => (await t.request('GET', `/api/v1/catalog/versions/${v}`)).body.items.find((i: { code: string }) => i.code === item.code).priceFen;
    expect(await priceIn(old)).toBe(10000);
    expect(await priceIn(next)).toBe(15000);
    const list = await t.request('GET', `/api/v1/catalog/price-list?q=${item.code}`);
    expect(list.body.groups[1].items[0].priceFen).toBe(15000);
    // What the orders module does when it prices a quote: read the order's own version, then the item in it.
    expect(findCatalogItem(await getPublishedCatalog(old), item.code)!.priceFen).toBe(10000);
    expect(findCatalogItem(await getPublishedCatalog(), item.code)!.priceFen).toBe(15000);
  });

  it('answers 409 catalog_version_conflict when the admin was looking at an older version, and publishes nothing', async () => {
    await publish();
    const before = await CatalogVersion.countDocuments();
    const res = await admin('POST', '/admin/catalog/publish', { expectedVersion: (await currentVersion()) - 1 });
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('catalog_version_conflict');
    expect(await CatalogVersion.countDocuments()).toBe(before);
  });

  it('lets exactly one of five concurrent publishes of the same version win; the rest get 409', async () => {
    await createItem();
    const expectedVersion = await currentVersion();
    const before = await CatalogVersion.countDocuments();
    const results = await Promise.all(Array.from({ length: 5 }, () => admin('POST', '/admin/catalog/publish', { expectedVersion })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.id).toBe('catalog_version_conflict');
    expect(await CatalogVersion.countDocuments()).toBe(before + 1);
    expect(await currentVersion()).toBe(expectedVersion + 1);
  });

  it('rejects a missing or non-integer expected version with 400 and publishes nothing', async () => {
    const before = await CatalogVersion.countDocuments();
    for (const body of [{}, { expectedVersion: 'latest' }, { expectedVersion: 1.5 }, { expectedVersion: -1 }]) {
      const res = await admin('POST', '/admin/catalog/publish', body);
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('expectedVersion');
    }
    expect(await CatalogVersion.countDocuments()).toBe(before);
  });
});

describe('who may edit the catalogue', () => {
  const endpoints: Array<[string, string, unknown?]> = [
    ['GET', '/admin/catalog/items'],
    ['POST', '/admin/catalog/items', itemBody()],
    ['PATCH', '/admin/catalog/items/AC-L-001', { priceFen: 1 }],
    ['DELETE', '/admin/catalog/items/AC-L-001'],
    ['GET', '/admin/catalog/policies'],
    ['PUT', '/admin/catalog/policies/tv', { applianceWarrantyMonths: 1 }],
    ['GET', '/admin/catalog/diff'],
    ['POST', '/admin/catalog/publish', { expectedVersion: 0 }],
  ];

  it.each(endpoints)('refuses %s %s to an outlet manager and a customer with 403 and to an anonymous caller with 401', async (method, path, body) => {
    const before = await draftCounts();
    const acAudits = await AuditEntry.countDocuments({ action: /^catalog\./ });
    for (const token of [tokens.manager, tokens.customer]) {
      const res = await t.request(method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });
      expect(res.status).toBe(403);
      expect(res.body.error.id).toBe('forbidden');
    }
    const anonymous = await t.request(method, `/api/v1${path}`, body !== undefined ? { body } : {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.id).toBe('unauthenticated');
    expect(await draftCounts()).toEqual(before);
    expect((await DraftItem.findOne({ code: 'AC-L-001' }).lean())!.active).toBe(true);
    expect(await AuditEntry.countDocuments({ action: /^catalog\./ })).toBe(acAudits);
  });
});

// ---- the functions the orders module calls -------------------------------------------------------------------------

describe('catalogue service functions used by orders', () => {
  it('finds items by code case-insensitively and reads the certificates a job needs', async () => {
    const v1 = await getPublishedCatalog(1);
    expect(findCatalogItem(v1, ' ac-l-001 ')?.name).toBe('上门检测费');
    expect(findCatalogItem(v1, 'NOPE-1')).toBeUndefined();
    expect(requiredCertificates(v1, 'air_conditioner', 'installation')).toEqual(['high_altitude', 'refrigeration']);
    expect(requiredCertificates(v1, 'air_conditioner', 'cleaning')).toEqual([]);
    expect(requiredCertificates(v1, 'gas_stove', 'repair')).toEqual(['gas_appliance']);
  });

  it('gives a category without a policy 12 months’ warranty and no certificates', () => {
    const empty: CatalogSnapshot = { version: 0, publishedAt: new Date(), publishedBy: { id: null, name: '' }, items: [], policies: [] };
    expect(categoryPolicy(empty, 'tv')).toEqual({ category: 'tv', applianceWarrantyMonths: 12, requiredCertificates: {} });
    expect(requiredCertificates(empty, 'air_conditioner', 'installation')).toEqual([]);
  });

  it('caches a version as a frozen snapshot, and answers 404 not_found for a version that does not exist', async () => {
    const a = await getPublishedCatalog(1);
    expect(await getPublishedCatalog(1)).toBe(a);
    expect(() => (a.items as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (a.items[0] as { priceFen: number }).priceFen = 1;
    }).toThrow(TypeError);
    const missing = await getPublishedCatalog(99999).catch((err: unknown) => err);
    expect(missing).toBeInstanceOf(AppError);
    expect((missing as AppError).id).toBe('not_found');
  });
});
