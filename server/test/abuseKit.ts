import crypto from 'node:crypto';
import mongoose from 'mongoose';
import { addDays, shanghaiDay, currentConsent } from '@fangxin/shared';
import type { MountedRoute, RecordKind } from '../src/http/route';
import { WorkCard } from '../src/modules/cards/model';
import { Complaint } from '../src/modules/complaints/model';
import { Appeal } from '../src/modules/appeals/model';
import { Rectification } from '../src/modules/governance/model';
import { Notification } from '../src/modules/notifications/model';
import { ReturnVisit } from '../src/modules/returnVisits/model';
import { Survey } from '../src/modules/surveys/model';
import { Upload } from '../src/modules/uploads/model';
import { createPhotoLinkSigner } from '../src/modules/uploads/links';
import { createStaff, PASSWORD, randomPhone } from './factories';
import type { TestServer } from './harness';
import { book, buildWorld, customerToken, staffLogin, TEST_ITEMS, type OrderWorld } from './orderKit';
import { closedOrder, goodAnswer } from './surveyKit';

/**
 * Fixtures for the abuse suites: two outlets (A: 西湖区, B: 滨江区), each with its engineers, manager, customers and
 * closed orders carrying a survey (low, so a return visit exists), a complaint and report photos. The callers are
 * A's people; every record kind a path can name exists three times: the caller's own, another's in outlet A, and one
 * of outlet B.
 */
export type Caller = 'anonymous' | 'customer' | 'engineer' | 'manager' | 'admin';
export const CALLERS: Caller[] = ['anonymous', 'customer', 'engineer', 'manager', 'admin'];
export type Variant = 'own' | 'other' | 'otherOutlet';

export interface Fixtures {
  A: OrderWorld;
  B: OrderWorld;
  tokens: Record<Caller, string | undefined>;
  userIds: Record<Exclude<Caller, 'anonymous'>, string>;
  /** Record ids by kind and variant; notifications depend on the caller too. */
  records: Record<RecordKind, Record<Variant, string>>;
  notifications: Record<Exclude<Caller, 'anonymous'>, string> & { other: string; otherOutlet: string };
  /** The world each variant's records belong to. */
  worldOf: Record<Variant, OrderWorld>;
  /** Closed orders by variant, with their numbers. */
  orders: Record<Variant, { id: string; orderNo: string }>;
}

async function customerWithHome(t: TestServer, district: string) {
  const c = await customerToken(t, randomPhone());
  const address = await t.request('POST', '/api/v1/me/addresses', {
    token: c.token,
    body: { contactName: '李先生', phone: c.phone, districtCode: district, detail: '测试路 88 号 3 幢 502 室', isDefault: true },
  });
  const appliance = await t.request('POST', '/api/v1/me/appliances', {
    token: c.token,
    body: { category: 'air_conditioner', brand: '美的', model: 'KFR-26GW', purchaseDate: addDays(shanghaiDay(t.clock.now()), -60) },
  });
  if (address.status !== 201 || appliance.status !== 201) throw new Error(`home: ${address.status} ${appliance.status}`);
  return { token: c.token, id: c.id, phone: c.phone, addressId: address.body.id as string, applianceId: appliance.body.id as string };
}

const LOW = goodAnswer({ scores: { overall: 1, problem_solved: 1, diagnosis: 2 }, problemSolved: false, recommendation: 2, comment: '修完第二天又坏了' });

async function orderWithHistory(t: TestServer, w: OrderWorld, engineer: number) {
  const order = await closedOrder(t, w, engineer);
  const survey = await t.request('POST', `/api/v1/orders/${order.id}/survey`, { token: w.customer.token, body: LOW });
  if (survey.status !== 201) throw new Error(`survey: ${survey.status} ${JSON.stringify(survey.body)}`);
  const complaint = await t.request('POST', `/api/v1/orders/${order.id}/complaints`, {
    token: w.customer.token,
    body: { category: 'quality', text: '维修后第二天空调又不制冷了，请尽快处理' },
  });
  if (complaint.status !== 201) throw new Error(`complaint: ${complaint.status} ${JSON.stringify(complaint.body)}`);
  return order;
}

const idOf = async (query: Promise<{ _id: unknown } | null>, what: string) => {
  const doc = await query;
  if (!doc) throw new Error(`fixture missing: ${what}`);
  return String(doc._id);
};

/** A rectification task of the world's outlet for a month (issue 19), open, due in 15 days. */
async function rectificationOf(t: TestServer, w: OrderWorld, month: string): Promise<string> {
  const now = t.clock.now();
  const task = await Rectification.create({
    month,
    outletId: w.outlet.id,
    outletName: '矩阵测试网点',
    rank: 3,
    score: 60,
    status: 'open',
    dueAt: new Date(now.getTime() + 15 * 24 * 3600_000),
    history: [],
    createdAt: now,
  });
  return String(task._id);
}

/** An appeal under review of a complaint (issue 20.2), filed by the complaint's engineer. */
async function appealOf(t: TestServer, complaintId: string): Promise<string> {
  const c = await Complaint.findById(complaintId).lean();
  if (!c?.engineerUserId) throw new Error('fixture missing: complaint engineer');
  const now = t.clock.now();
  const key = `complaint:${complaintId}`;
  const appeal = await Appeal.create({
    orderId: c.orderId,
    orderNo: c.orderNo,
    outletId: c.outletId,
    engineerId: c.engineerId,
    engineerUserId: c.engineerUserId,
    kind: 'complaint',
    complaintId: c._id,
    category: c.category,
    itemAt: c.filedAt,
    countsOn: { outletId: c.outletId, day: shanghaiDay(new Date(c.filedAt)) },
    itemKey: key,
    liveKey: key,
    reason: '客户反映的问题与维修无关，是电源故障',
    state: 'submitted',
    filedAt: now,
    filedBy: { id: String(c.engineerUserId), name: '矩阵工程师', role: 'engineer' },
    history: [],
  });
  return String(appeal._id);
}

export async function buildFixtures(t: TestServer): Promise<Fixtures> {
  const A = await buildWorld(t, { district: '330106' });
  const B = await buildWorld(t, { district: '330108' });
  DISTRICT_BY_OUTLET.set(A.outlet.id, '330106').set(B.outlet.id, '330108');
  const strangerHome = await customerWithHome(t, '330106');
  const orders = {
    own: await orderWithHistory(t, A, 0),
    other: await orderWithHistory(t, { ...A, customer: strangerHome }, 1),
    otherOutlet: await orderWithHistory(t, B, 0),
  };
  const worldOf: Record<Variant, OrderWorld> = { own: A, other: A, otherOutlet: B };

  const me = async (token: string) => String((await t.request('GET', '/api/v1/me', { token })).body.id);
  const tokens: Fixtures['tokens'] = {
    anonymous: undefined,
    customer: A.customer.token,
    engineer: A.engineers[0]!.token,
    manager: A.tokens.manager,
    admin: A.tokens.admin,
  };
  const userIds = {
    customer: A.customer.id,
    engineer: await me(tokens.engineer!),
    manager: await me(tokens.manager!),
    admin: await me(tokens.admin!),
  };

  const orderIds = { own: orders.own.id, other: orders.other.id, otherOutlet: orders.otherOutlet.id };
  const byOrder = async <T extends { _id: unknown }>(find: (orderId: string) => Promise<T | null>, what: string) => ({
    own: await idOf(find(orderIds.own), `${what} own`),
    other: await idOf(find(orderIds.other), `${what} other`),
    otherOutlet: await idOf(find(orderIds.otherOutlet), `${what} otherOutlet`),
  });
  // The world's cards carry test serials; give them the printed format (`FXC-<outlet>-<6 base32>`) the API accepts.
  const cardOf = async (engineerId: string) => {
    const serial = `FXC-ABUSE-${crypto.randomBytes(6).toString('hex').toUpperCase().replace(/[0189]/g, 'Q').slice(0, 6)}`;
    await WorkCard.updateOne({ engineerId }, { $set: { serial } });
    return serial;
  };
  // Orders on offer (claimable by the outlet's qualified engineers), in A and in B.
  const onOffer = async (w: OrderWorld) => {
    const order = await book(t, w, { slot: { day: addDays(w.day, 8), window: '09-11' } });
    const offered = await t.request('POST', `/api/v1/orders/${order.id}/offer`, { token: w.tokens.manager });
    if (offered.status !== 200) throw new Error(`offer: ${offered.status} ${JSON.stringify(offered.body)}`);
    return order.id as string;
  };
  const offerA = await onOffer(A);
  // Staff accounts nobody signs in with, so disabling or resetting them in the matrix breaks nothing else.
  const victim = async () => (await createStaff('outlet_manager', A.outlet.id)).id;
  const template = await t.request('POST', '/api/v1/admin/survey-templates', {
    token: A.tokens.admin,
    body: {
      code: `abuse-${crypto.randomBytes(3).toString('hex')}`,
      name: '矩阵测试问卷',
      elements: [{ key: 'overall', label: '总体满意度' }],
      askRecommendation: false,
    },
  });
  if (template.status !== 201) throw new Error(`template: ${template.status} ${JSON.stringify(template.body)}`);
  const same = (id: string) => ({ own: id, other: id, otherOutlet: id });

  const records: Fixtures['records'] = {
    order: orderIds,
    offer: { own: offerA, other: offerA, otherOutlet: await onOffer(B) },
    address: { own: A.customer.addressId, other: strangerHome.addressId, otherOutlet: B.customer.addressId },
    appliance: { own: A.customer.applianceId, other: strangerHome.applianceId, otherOutlet: B.customer.applianceId },
    engineer: { own: A.unqualified.engineerId, other: A.engineers[1]!.engineerId, otherOutlet: B.unqualified.engineerId },
    outlet: { own: A.outlet.id, other: A.outlet.id, otherOutlet: B.outlet.id },
    upload: await byOrder((orderId) => Upload.findOne({ orderId, kind: 'report_photo' }).lean(), 'upload'),
    notification: { own: '', other: '', otherOutlet: '' },
    card: { own: await cardOf(A.unqualified.engineerId), other: await cardOf(A.engineers[1]!.engineerId), otherOutlet: await cardOf(B.unqualified.engineerId) },
    complaint: await byOrder((orderId) => Complaint.findOne({ orderId }).lean(), 'complaint'),
    survey: await byOrder((orderId) => Survey.findOne({ orderId }).lean(), 'survey'),
    returnVisit: await byOrder((orderId) => ReturnVisit.findOne({ orderId }).lean(), 'return visit'),
    catalogItem: same(TEST_ITEMS.labour),
    policy: same('air_conditioner'),
    catalogVersion: same('1'),
    user: { own: await victim(), other: await victim(), otherOutlet: (await createStaff('outlet_manager', B.outlet.id)).id },
    template: same(template.body.id),
    cardToken: same('not-a-real-card-token'),
    // A signed photo link is everyone's who holds it: the same image for every caller and variant.
    photo: same(String((await Upload.findOne({ orderId: orderIds.own, kind: 'report_photo' }).lean())!._id)),
    rectification: { own: await rectificationOf(t, A, '2025-01'), other: await rectificationOf(t, A, '2025-02'), otherOutlet: await rectificationOf(t, B, '2025-01') },
    appeal: { own: '', other: '', otherOutlet: '' },
  };
  const complaints = records.complaint;
  records.appeal = { own: await appealOf(t, complaints.own), other: await appealOf(t, complaints.other), otherOutlet: await appealOf(t, complaints.otherOutlet) };

  // Every caller gets a notification of their own; others' belong to a customer of A and one of B.
  const note = async (userId: string) =>
    String((await Notification.create({ userId, type: 'test', title: '测试通知', body: '矩阵测试', createdAt: t.clock.now() }))._id);
  const notifications = {
    customer: await note(userIds.customer),
    engineer: await note(userIds.engineer),
    manager: await note(userIds.manager),
    admin: await note(userIds.admin),
    other: await note(strangerHome.id),
    otherOutlet: await note(B.customer.id),
  };
  return { A, B, tokens, userIds, records, notifications, worldOf, orders };
}

/** The id a path parameter takes for this caller and variant. */
export function recordId(fx: Fixtures, kind: RecordKind, variant: Variant, caller: Caller): string {
  if (kind === 'notification') {
    if (variant !== 'own') return fx.notifications[variant];
    return caller === 'anonymous' ? fx.notifications.customer : fx.notifications[caller];
  }
  return fx.records[kind][variant];
}

export function fillPath(fx: Fixtures, route: MountedRoute, variant: Variant, caller: Caller): string {
  const kind = route.spec.access.record;
  return (route.prefix + route.spec.path).replace(/:(\w+)/g, (_, name: string) => {
    if (name === 'no') return '1';
    if (name === 'day') return fx.worldOf[variant].day;
    if (!kind) throw new Error(`${route.spec.path}: a parameter but no record kind`);
    return encodeURIComponent(recordId(fx, kind, variant, caller));
  });
}

export const routeKey = (r: MountedRoute) => `${r.spec.method.toUpperCase()} ${r.prefix}${r.spec.path}`;

interface InputContext {
  fx: Fixtures;
  t: TestServer;
  /** The world of the record the path names (A for own and other, B for another outlet's). */
  w: OrderWorld;
}
type Input = { body?: unknown; query?: Record<string, string>; headers?: Record<string, string> };

/**
 * A valid input for every route with a body or a required query, so that a call reaches the handler (and its
 * ownership check) instead of stopping at validation. The suites check each one against the route's own schema.
 */
export const VALID_INPUT: Record<string, (c: InputContext) => Input | Promise<Input>> = {
  'POST /api/v1/auth/staff/login': ({ fx }) => ({ body: { username: fx.A.usernames.manager, password: PASSWORD } }),
  'POST /api/v1/auth/otp/send': () => ({ body: { phone: randomPhone() } }),
  'POST /api/v1/auth/otp/login': async ({ t }) => {
    const phone = randomPhone();
    const sent = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone } });
    return { body: { phone, code: sent.body.devCode, consent: currentConsent() } };
  },
  'POST /api/v1/auth/wechat/login': () => ({ body: { code: 'wx-code-0001', consent: currentConsent() } }),
  'POST /api/v1/auth/refresh': async ({ t, fx }) => ({ body: { refreshToken: (await staffLogin(t, fx.A.usernames.manager)).refreshToken } }),
  'POST /api/v1/auth/logout': async ({ t, fx }) => ({ body: { refreshToken: (await staffLogin(t, fx.A.usernames.manager)).refreshToken } }),
  'POST /api/v1/admin/catalog/items': () => ({
    body: { code: `X-${crypto.randomBytes(3).toString('hex').toUpperCase()}`, category: 'tv', serviceTypes: [], kind: 'labour', name: '电视检测', unit: '次', priceFen: 3000, warrantyDays: 30, coveredByApplianceWarranty: true, active: true },
  }),
  'PATCH /api/v1/admin/catalog/items/:code': () => ({ body: { priceFen: 8000 } }),
  'PUT /api/v1/admin/catalog/policies/:category': () => ({
    body: { category: 'air_conditioner', applianceWarrantyMonths: 12, requiredCertificates: { installation: ['high_altitude', 'refrigeration'], repair: ['refrigeration'] } },
  }),
  'POST /api/v1/admin/catalog/publish': async ({ t }) => ({ body: { expectedVersion: (await t.request('GET', '/api/v1/catalog/versions/current')).body.version } }),
  'POST /api/v1/me/addresses': ({ w }) => ({ body: { contactName: '王女士', phone: randomPhone(), districtCode: districtOf(w), detail: '西溪路 1 号 1 幢 101 室' } }),
  'PATCH /api/v1/me/addresses/:id': () => ({ body: { detail: '文三路 398 号 2 幢 1201 室' } }),
  'POST /api/v1/me/appliances': () => ({ body: { category: 'tv', brand: '海信', purchaseDate: '2025-06-18' } }),
  'PATCH /api/v1/me/appliances/:id': () => ({ body: { model: 'KFR-35GW' } }),
  'PUT /api/v1/me/appliances/:id/maintenance': () => ({ body: { snoozeDays: 30 } }),
  'POST /api/v1/me/subscribe-consents': () => ({ body: { results: [{ templateId: 'tmpl-matrix', result: 'accept' }] } }),
  'PUT /api/v1/me/message-channels': () => ({ body: { sms: true } }),
  'POST /api/v1/outlets': () => ({
    body: { code: `T-${crypto.randomBytes(3).toString('hex').toUpperCase()}`, name: '测试网点', city: '杭州', address: '测试路 1 号 1 层', phone: '0571-88888888', districtCodes: ['330110'] },
  }),
  'PATCH /api/v1/outlets/:id': () => ({ body: { phone: '0571-86666666' } }),
  'POST /api/v1/governance/months': () => ({ body: { month: '2025-03' } }),
  'POST /api/v1/governance/rectifications/:id/submit': () => ({ body: { causes: '上月多单超时未接单，人手不足', measures: '增加两名工程师，每日早会跟进未接单', photoIds: [] } }),
  'POST /api/v1/governance/rectifications/:id/return': () => ({ body: { reason: '措施不够具体' } }),
  'POST /api/v1/orders/:id/appeals': () => ({ body: { kind: 'breach', clock: 'arrive', reason: '客户临时改了地址，路上多花了时间', timelineSeqs: [1], photoIds: [] } }),
  'POST /api/v1/appeals/:id/decide': () => ({ body: { decision: 'rejected', reason: '证据不足' } }),
  'POST /api/v1/governance/sanctions': ({ w }) => ({ body: { subjectType: 'engineer', subjectId: w.engineers[0]!.engineerId, kind: 'warning', reason: '多次迟到上门' } }),
  'PUT /api/v1/outlets/:id/coverage': ({ w }) => ({ body: { districtCodes: [districtOf(w)] } }),
  'PUT /api/v1/outlets/:id/dispatch-mode': () => ({ body: { mode: 'manual' } }),
  'POST /api/v1/engineers': ({ w }) => ({
    body: { username: `eng.${crypto.randomBytes(3).toString('hex')}`, password: 'Secret-Pass-1', name: '新工程师', phone: randomPhone(), employeeNo: `N-${crypto.randomBytes(3).toString('hex').toUpperCase()}`, outletId: w.outlet.id },
  }),
  'PATCH /api/v1/engineers/:id': () => ({ body: { level: 2 } }),
  'PUT /api/v1/engineers/:id/skills': ({ t }) => ({ body: { skills: [{ category: 'washing_machine', assessedAt: t.clock.now().toISOString(), score: 80 }] } }),
  'PUT /api/v1/engineers/:id/certificates': ({ t }) => ({ body: { certificates: [{ type: 'electrician', number: 'DG-0001', expiresAt: new Date(t.clock.now().getTime() + 365 * 864e5).toISOString() }] } }),
  'POST /api/v1/engineers/:id/suspend': () => ({ body: { reason: '矩阵测试停用' } }),
  'POST /api/v1/admin/users': ({ fx }) => ({ body: { role: 'outlet_manager', username: `mgr.${crypto.randomBytes(3).toString('hex')}`, password: 'Secret-Pass-1', name: '新店长', outletId: fx.A.outlet.id } }),
  'PATCH /api/v1/admin/users/:id': () => ({ body: { name: '改名店长' } }),
  'POST /api/v1/admin/users/:id/reset-password': () => ({ body: { password: 'Another-Pass-2' } }),
  'GET /api/v1/slots/availability': ({ w }) => ({ query: { districtCode: districtOf(w), category: 'air_conditioner', from: w.day, to: addDays(w.day, 2) } }),
  'POST /api/v1/orders': ({ fx, w }) => ({
    body: { category: 'air_conditioner', serviceType: 'repair', addressId: fx.A.customer.addressId, applianceId: fx.A.customer.applianceId, faultDescription: '空调不制冷', slot: { day: addDays(w.day, 5), window: '16-18' } },
    headers: { 'idempotency-key': `abuse-${crypto.randomBytes(8).toString('hex')}` },
  }),
  'POST /api/v1/orders/:id/cancel': () => ({ body: { reason: '临时有事' } }),
  'POST /api/v1/orders/:id/reschedule': ({ w }) => ({ body: { slot: { day: addDays(w.day, 6), window: '09-11' } } }),
  'POST /api/v1/orders/:id/quotes/:no/reject': () => ({ body: { reason: '价格太高' } }),
  'POST /api/v1/orders/:id/rework': ({ w }) => ({ body: { description: '修好后又不制冷', engineer: 'same', slot: { day: addDays(w.day, 7), window: '11-13' } } }),
  'POST /api/v1/orders/:id/decline': () => ({ body: { reason: '时间冲突' } }),
  'POST /api/v1/orders/:id/check-in': () => ({ body: { serviceCode: '000000' } }),
  'POST /api/v1/orders/:id/quotes': () => ({ body: { items: [{ code: TEST_ITEMS.fee, quantity: 1 }] } }),
  'POST /api/v1/orders/:id/wait-for-parts': ({ w }) => ({ body: { reason: '等待压缩机配件', expectedDate: addDays(w.day, 3) } }),
  'POST /api/v1/orders/:id/report': () => ({ body: { diagnosis: '电容老化', actions: '更换电容', partsUsed: [], photoIds: ['0123456789abcdef01234567'], signatureId: '0123456789abcdef01234567' } }),
  'POST /api/v1/orders/:id/payment': () => ({ body: { method: 'cash', amountFen: 5000, receiptNo: 'CASH-0001' } }),
  'POST /api/v1/orders/:id/dispatch': ({ w }) => ({ body: { engineerId: w.engineers[0]!.engineerId } }),
  'POST /api/v1/orders/:id/reassign': ({ w }) => ({ body: { engineerId: w.engineers[0]!.engineerId } }),
  'GET /api/v1/outlets/:id/slots': ({ w }) => ({ query: { from: w.day, to: addDays(w.day, 6) } }),
  'PUT /api/v1/outlets/:id/slots/:day': () => ({ body: { windows: { '09-11': 4 } } }),
  'PATCH /api/v1/admin/settings': () => ({ body: { respondHours: 24 } }),
  'GET /api/v1/photos/:id': ({ fx, t }) => {
    const signer = createPhotoLinkSigner(t.config.PHOTO_URL_SECRET, t.config.PHOTO_URL_TTL_SECONDS);
    const url = new URL(signer.url(fx.records.photo.own, signer.expiryFrom(t.clock.now())), t.url);
    return { query: { exp: url.searchParams.get('exp')!, sig: url.searchParams.get('sig')! } };
  },
  'POST /api/v1/engineers/:id/cards/reissue': () => ({ body: { reason: '工作证遗失补办' } }),
  'POST /api/v1/cards/:serial/revoke': () => ({ body: { reason: '离职收回' } }),
  'POST /api/v1/cards/verify': () => ({ body: { token: 'not-a-real-card-token' } }),
  'POST /api/v1/orders/:id/nobody-home': () => ({ body: { photoId: '64b7f0c2a1b2c3d4e5f60001', location: { latitude: 30.27, longitude: 120.15, accuracy: 10 } } }),
  'POST /api/v1/orders/:id/no-show/rebook': ({ w }) => ({ body: { slot: { day: w.day, window: '16-18' } } }),
  'POST /api/v1/orders/:id/reschedule-proposals': ({ w }) => ({ body: { slot: { day: w.day, window: '16-18' } } }),
  'POST /api/v1/orders/:id/reschedule-proposals/decline': () => ({ body: { reason: '那天不在家' } }),
  'POST /api/v1/orders/:id/card-checks/offline': () => ({ body: { checkId: 'authz-check-0001', token: 'not-a-real-card-token', checkedAt: new Date().toISOString() } }),
  'POST /api/v1/orders/:id/complaints': () => ({ body: { category: 'attitude', text: '工程师态度不好，说话很不客气' } }),
  'POST /api/v1/complaints/:id/resolve': () => ({ body: { resolution: '已致歉并免费复查', compensationFen: 0 } }),
  'POST /api/v1/complaints/:id/notes': () => ({ body: { text: '已电话联系客户' } }),
  'POST /api/v1/complaints/:id/reopen': () => ({ body: { reason: '问题仍未解决' } }),
  'POST /api/v1/complaints/:id/reject-compensation': () => ({ body: { reason: '补偿金额超出损失，请与客户重新协商' } }),
  'GET /api/v1/admin/exports/orders.csv': ({ w }) => ({ query: { from: addDays(w.day, -30), to: w.day } }),
  'POST /api/v1/orders/:id/survey': () => ({ body: LOW }),
  'GET /api/v1/admin/exports/surveys.csv': ({ w }) => ({ query: { from: addDays(w.day, -30), to: w.day } }),
  'POST /api/v1/admin/survey-templates': () => ({
    body: { code: `t-${crypto.randomBytes(3).toString('hex')}`, name: '新问卷', elements: [{ key: 'overall', label: '总体满意度' }], askRecommendation: false },
  }),
  'PATCH /api/v1/admin/survey-templates/:id': () => ({ body: { name: '改名问卷' } }),
  'POST /api/v1/return-visits/:id/outcome': () => ({ body: { reached: true, satisfied: true, notes: '客户表示满意' } }),
  'POST /api/v1/return-visits/:id/assign': ({ fx }) => ({ body: { assigneeId: fx.userIds.manager } }),
  'GET /api/v1/quality/rankings': () => ({ query: { scope: 'engineers' } }),
  // Online payment (issue 20.4): the notifications carry no valid signature here, so they are refused (401) and change nothing.
  'POST /api/v1/orders/:id/payments': () => ({ body: { channel: 'h5' } }),
  'POST /api/v1/orders/:id/payments/stand-in-confirm': () => ({ body: { outTradeNo: 'fxauthz000001' } }),
  'POST /api/v1/orders/:id/refunds': () => ({ body: { reason: 'overpayment', amountFen: 100 } }),
  'GET /api/v1/payments/reconciliation': ({ w }) => ({ query: { day: w.day } }),
  'POST /api/v1/payments/wechat/notify': () => ({ body: AUTHZ_NOTIFY }),
  'POST /api/v1/payments/wechat/refund-notify': () => ({ body: AUTHZ_NOTIFY }),
};

const AUTHZ_NOTIFY = {
  id: 'authz-notify',
  create_time: '2026-12-07T10:00:00+08:00',
  event_type: 'TRANSACTION.SUCCESS',
  resource_type: 'encrypt-resource',
  resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext: 'AAAA', associated_data: 'transaction', nonce: 'abcdefabcdef' },
};

const DISTRICT_BY_OUTLET = new Map<string, string>();
const districtOf = (w: OrderWorld) => DISTRICT_BY_OUTLET.get(w.outlet.id)!;

/** A digest of every collection but the rate-limit counters (which count refused requests too, by design). */
export async function databaseDigest(): Promise<Record<string, string>> {
  const db = mongoose.connection.db!;
  const out: Record<string, string> = {};
  for (const { name } of await db.listCollections().toArray()) {
    if (name === 'rate_counters') continue;
    const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    out[name] = `${docs.length}:${crypto.createHash('sha256').update(JSON.stringify(docs)).digest('hex').slice(0, 16)}`;
  }
  return out;
}
