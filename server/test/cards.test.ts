import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CardHistory,
  CardPublicKey,
  CardVerification,
  MyCardView,
  ReissueResult,
  WorkCardView,
  addDays,
  currentConsent,
  shanghaiDay,
  shanghaiDayStart,
  slotBounds,
  type CategoryCode, type CertificateType, type OrderStatus, type ServiceTypeCode, type SlotWindowCode } from '@fangxin/shared';
import { ManualClock } from '../src/lib/clock';
import { AuditEntry } from '../src/modules/audit/model';
import { WorkCard } from '../src/modules/cards/model';
import { insertActiveCard } from '../src/modules/cards/service';
import { cardKeys, signCardToken } from '../src/modules/cards/token';
import { Engineer } from '../src/modules/network/model';
import { initialSla } from '../src/modules/orders/booking/booking';
import { Order, type OrderRecord } from '../src/modules/orders/model';
import { buildEvent, verifyChain } from '../src/modules/orders/timeline';
import { seedDemoData } from '../src/seed/seed';
import { DEMO_ENGINEERS } from '../src/seed/data';
import { createEngineer, createOutlet, createStaff, PASSWORD, randomPhone } from './factories';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';
import { publishTestCatalog } from './orderKit';

/**
 * The clock starts 30 minutes before tomorrow's first booking window (Asia/Shanghai), so an order booked for that
 * window is "in its time window" and one booked three days later is not.
 */
const TODAY = addDays(shanghaiDay(new Date()), 1);
const START = new Date(slotBounds(TODAY, '09-11').startAt.getTime() - 30 * 60_000);
const SERIAL = /^FXC-[A-Z0-9-]+-[A-Z2-7]{6}$/;

let t: TestServer;
let outletA: Awaited<ReturnType<typeof createOutlet>>;
let outletB: Awaited<ReturnType<typeof createOutlet>>;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
/** The published catalogue the test orders are priced under: it says which certificates each service needs. */
let catalogVersion: number;

async function tokenFor(username: string) {
  const res = await t.request('POST', '/api/v1/auth/staff/login', { body: { username, password: PASSWORD } });
  return res.body.accessToken as string;
}

async function signInCustomer(): Promise<{ id: string; token: string }> {
  const phone = randomPhone();
  const sent = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone } });
  const login = await t.request('POST', '/api/v1/auth/otp/login', { body: { phone, code: sent.body.devCode, consent: currentConsent() } });
  return { id: login.body.user.id, token: login.body.accessToken };
}

type Engineer = Awaited<ReturnType<typeof createEngineer>>;

/** An engineer of outlet A with an active card issued by manager A, signed in. */
async function engineerWithCard(overrides: Parameters<typeof createEngineer>[1] = {}, outletId = outletA.id) {
  const engineer = await createEngineer(outletId, overrides);
  const issued = await t.request('POST', `/api/v1/engineers/${engineer.engineerId}/cards`, { token: tokens.admin });
  expect(issued.status).toBe(201);
  return { ...engineer, serial: issued.body.serial as string, token: await tokenFor(engineer.username) };
}

async function qrToken(engineer: { token: string }): Promise<string> {
  const res = await t.request('GET', '/api/v1/me/card', { token: engineer.token });
  expect(res.body.qr).not.toBeNull();
  return res.body.qr.token;
}

const verify = (token: string, bearer?: string) => t.request('POST', '/api/v1/cards/verify', { body: { token }, ...(bearer ? { token: bearer } : {}) });

/** An order written directly (the booking API is another module's): every required field and a genesis event. */
async function createOrder(o: {
  customerId: string;
  engineer?: Engineer | null;
  status?: OrderStatus;
  category?: CategoryCode;
  serviceType?: ServiceTypeCode;
  day?: string;
  window?: SlotWindowCode;
}): Promise<OrderRecord> {
  const _id = new Types.ObjectId();
  const day = o.day ?? TODAY;
  const window = o.window ?? '09-11';
  const outletId = new Types.ObjectId(outletA.id);
  const genesis = buildEvent(String(_id), null, { type: 'created', at: t.clock.now(), actor: { id: o.customerId, role: 'customer', name: '测试客户' }, data: {} });
  const order = await Order.create({
    _id,
    orderNo: `FXT-${crypto.randomBytes(5).toString('hex')}`,
    customerId: new Types.ObjectId(o.customerId),
    outletId,
    category: o.category ?? 'air_conditioner',
    serviceType: o.serviceType ?? 'repair',
    parentOrderId: null,
    appliance: null,
    fault: { description: '空调不制冷', photoIds: [] },
    contact: { name: '王女士', phone: '13800001111', districtCode: '330106', detail: '文三路 1 号' },
    slot: { outletId, day, window, ...slotBounds(day, window) },
    status: o.status ?? 'accepted',
    engineerId: o.engineer ? new Types.ObjectId(o.engineer.engineerId) : null,
    engineerUserId: o.engineer ? new Types.ObjectId(o.engineer.id) : null,
    offer: null,
    catalogVersion,
    quotes: [],
    confirmedQuoteNo: null,
    report: null,
    payment: null,
    serviceCode: null,
    partsWait: null,
    cancellation: null,
    requestHash: null,
    offCatalogueCount: 0,
    timeline: [genesis],
    timelineHead: genesis.hash,
    times: {},
    createdDay: day,
    closedDay: null,
    sla: await initialSla(new Date(), slotBounds(day, window).startAt, slotBounds(day, window).endAt),
  });
  return order.toObject() as OrderRecord;
}

const ALL_CERTS: CertificateType[] = ['electrician', 'high_altitude', 'refrigeration', 'gas_appliance'];

beforeAll(async () => {
  t = await startTestServer({ clock: new ManualClock(START) });
  outletA = await createOutlet({ name: 'A 网点' });
  outletB = await createOutlet({ name: 'B 网点' });
  const managerA = await createStaff('outlet_manager', outletA.id);
  const managerB = await createStaff('outlet_manager', outletB.id);
  const admin = await createStaff('platform_admin', null);
  ids.managerA = managerA.id;
  ids.admin = admin.id;
  tokens.managerA = await tokenFor(managerA.username);
  tokens.managerB = await tokenFor(managerB.username);
  tokens.admin = await tokenFor(admin.username);
  const customer = await signInCustomer();
  tokens.customer = customer.token;
  // Air conditioners: repair needs the refrigeration certificate, installation also the high-altitude one.
  catalogVersion = await publishTestCatalog(t, tokens.admin);
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

describe('POST /api/v1/engineers/:id/cards', () => {
  it('issues an active card with a FXC-<outlet code>-<6 base32> serial and records who issued it in the audit log', async () => {
    const engineer = await createEngineer(outletA.id);
    const res = await t.request('POST', `/api/v1/engineers/${engineer.engineerId}/cards`, { token: tokens.managerA });
    expect(res.status).toBe(201);
    WorkCardView.parse(res.body);
    expect(res.body).toMatchObject({ engineerId: engineer.engineerId, status: 'active', issuedBy: { id: ids.managerA }, revokedAt: null, revokeReason: null });
    expect(res.body.serial).toMatch(SERIAL);
    expect(res.body.serial.startsWith(`FXC-${outletA.code.toUpperCase()}-`)).toBe(true);

    const stored = await WorkCard.findOne({ serial: res.body.serial }).lean();
    expect(stored).toMatchObject({ status: 'active', issuedBy: new Types.ObjectId(ids.managerA) });
    expect(String(stored!.activeFor)).toBe(engineer.engineerId);
    const audit = await AuditEntry.findOne({ action: 'card.issue', target: `card:${res.body.serial}` }).lean();
    expect(audit).toMatchObject({ actorRole: 'outlet_manager', outletId: new Types.ObjectId(outletA.id) });
    expect(String(audit!.actorId)).toBe(ids.managerA);
    expect(audit!.data).toMatchObject({ engineerId: engineer.engineerId });
  });

  it('answers 409 conflict when the engineer already holds an active card, and issues nothing', async () => {
    const engineer = await engineerWithCard();
    const res = await t.request('POST', `/api/v1/engineers/${engineer.engineerId}/cards`, { token: tokens.managerA });
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('conflict');
    expect(await WorkCard.countDocuments({ engineerId: new Types.ObjectId(engineer.engineerId) })).toBe(1);
  });

  it('lets exactly one of five concurrent issues succeed', async () => {
    const engineer = await createEngineer(outletA.id);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.request('POST', `/api/v1/engineers/${engineer.engineerId}/cards`, { token: tokens.managerA })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await WorkCard.countDocuments({ engineerId: new Types.ObjectId(engineer.engineerId), status: 'active' })).toBe(1);
    expect(await AuditEntry.countDocuments({ action: 'card.issue', 'data.engineerId': engineer.engineerId })).toBe(1);
  });

  it('keeps one active card when issues race past the pre-check together: the unique key decides', async () => {
    const engineer = await createEngineer(outletA.id);
    const record = (await Engineer.findById(engineer.engineerId).lean())!;
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => insertActiveCard(t.clock, record, ids.admin!)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.id)).toEqual(['conflict', 'conflict', 'conflict', 'conflict']);
    expect(await WorkCard.countDocuments({ engineerId: record._id, status: 'active' })).toBe(1);
  });

  it('answers 404 to a manager of another outlet, exactly like a missing engineer, and issues nothing', async () => {
    const engineer = await createEngineer(outletA.id);
    const foreign = await t.request('POST', `/api/v1/engineers/${engineer.engineerId}/cards`, { token: tokens.managerB });
    const missing = await t.request('POST', `/api/v1/engineers/${new Types.ObjectId()}/cards`, { token: tokens.managerB });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toMatchObject({ id: 'not_found', message: missing.body.error.message });
    expect(await WorkCard.countDocuments({ engineerId: new Types.ObjectId(engineer.engineerId) })).toBe(0);
  });

  it('lets the platform admin issue a card to an engineer of any outlet', async () => {
    const engineer = await createEngineer(outletB.id);
    const res = await t.request('POST', `/api/v1/engineers/${engineer.engineerId}/cards`, { token: tokens.admin });
    expect(res.status).toBe(201);
    expect(res.body.serial.startsWith(`FXC-${outletB.code.toUpperCase()}-`)).toBe(true);
  });

  it.each(['engineer', 'customer'])('refuses a %s with 403 forbidden', async (role) => {
    const engineer = await createEngineer(outletA.id);
    const token = role === 'engineer' ? await tokenFor(engineer.username) : tokens.customer;
    const res = await t.request('POST', `/api/v1/engineers/${engineer.engineerId}/cards`, { token });
    expect(res.status).toBe(403);
    expect(res.body.error.id).toBe('forbidden');
    expect(await WorkCard.countDocuments({ engineerId: new Types.ObjectId(engineer.engineerId) })).toBe(0);
  });

  it('answers 401 without a token and 400 naming params.id for a malformed id', async () => {
    expect((await t.request('POST', `/api/v1/engineers/${new Types.ObjectId()}/cards`)).status).toBe(401);
    const res = await t.request('POST', '/api/v1/engineers/not-an-id/cards', { token: tokens.admin });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('params.id');
  });
});

describe('POST /api/v1/cards/:serial/revoke', () => {
  it('revokes the card with its reason, frees the engineer for a new card, and audit-logs it', async () => {
    const engineer = await engineerWithCard();
    const res = await t.request('POST', `/api/v1/cards/${engineer.serial}/revoke`, { token: tokens.managerA, body: { reason: '员工离职' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ serial: engineer.serial, status: 'revoked', revokeReason: '员工离职', revokedBy: { id: ids.managerA } });
    expect(res.body.revokedAt).toBe(t.clock.now().toISOString());

    const stored = await WorkCard.findOne({ serial: engineer.serial }).lean();
    expect(stored).toMatchObject({ status: 'revoked', revokeReason: '员工离职' });
    expect(stored!.activeFor).toBeUndefined();
    const audit = await AuditEntry.findOne({ action: 'card.revoke', target: `card:${engineer.serial}` }).lean();
    expect(audit!.data).toMatchObject({ reason: '员工离职', engineerId: engineer.engineerId });

    const again = await t.request('POST', `/api/v1/engineers/${engineer.engineerId}/cards`, { token: tokens.managerA });
    expect(again.status).toBe(201);
    expect(again.body.serial).not.toBe(engineer.serial);
  });

  it('answers 409 conflict for a card that is already revoked, changing nothing', async () => {
    const engineer = await engineerWithCard();
    await t.request('POST', `/api/v1/cards/${engineer.serial}/revoke`, { token: tokens.managerA, body: { reason: '工作证遗失' } });
    const res = await t.request('POST', `/api/v1/cards/${engineer.serial}/revoke`, { token: tokens.managerA, body: { reason: '再次吊销' } });
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('conflict');
    expect((await WorkCard.findOne({ serial: engineer.serial }).lean())!.revokeReason).toBe('工作证遗失');
    expect(await AuditEntry.countDocuments({ action: 'card.revoke', target: `card:${engineer.serial}` })).toBe(1);
  });

  it('answers 404 to a manager of another outlet, exactly like an unknown serial, and the card stays active', async () => {
    const engineer = await engineerWithCard();
    const foreign = await t.request('POST', `/api/v1/cards/${engineer.serial}/revoke`, { token: tokens.managerB, body: { reason: '越权尝试' } });
    const missing = await t.request('POST', '/api/v1/cards/FXC-NOWHERE-AAAAAA/revoke', { token: tokens.managerB, body: { reason: '越权尝试' } });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body.error.message).toBe(missing.body.error.message);
    expect((await WorkCard.findOne({ serial: engineer.serial }).lean())!.status).toBe('active');
  });

  it('refuses an engineer with 403 and leaves the card active', async () => {
    const engineer = await engineerWithCard();
    const res = await t.request('POST', `/api/v1/cards/${engineer.serial}/revoke`, { token: engineer.token, body: { reason: '自己吊销' } });
    expect(res.status).toBe(403);
    expect((await WorkCard.findOne({ serial: engineer.serial }).lean())!.status).toBe('active');
  });

  it('rejects a missing reason and a malformed serial with 400 naming the fields', async () => {
    const engineer = await engineerWithCard();
    const noReason = await t.request('POST', `/api/v1/cards/${engineer.serial}/revoke`, { token: tokens.managerA, body: { reason: ' ' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['reason']);
    const badSerial = await t.request('POST', '/api/v1/cards/not-a-serial/revoke', { token: tokens.managerA, body: { reason: '工作证遗失' } });
    expect(badSerial.status).toBe(400);
    expect(badSerial.body.error.fields[0].path).toBe('params.serial');
    expect((await WorkCard.findOne({ serial: engineer.serial }).lean())!.status).toBe('active');
  });
});

describe('POST /api/v1/engineers/:id/cards/reissue', () => {
  it('revokes the active card and issues a new serial, and audit-logs both serials', async () => {
    const engineer = await engineerWithCard();
    const res = await t.request('POST', `/api/v1/engineers/${engineer.engineerId}/cards/reissue`, { token: tokens.managerA, body: { reason: '工作证损坏' } });
    expect(res.status).toBe(201);
    ReissueResult.parse(res.body);
    expect(res.body.revoked).toMatchObject({ serial: engineer.serial, status: 'revoked', revokeReason: '工作证损坏' });
    expect(res.body.issued).toMatchObject({ status: 'active', engineerId: engineer.engineerId, issuedBy: { id: ids.managerA } });
    expect(res.body.issued.serial).toMatch(SERIAL);
    expect(res.body.issued.serial).not.toBe(engineer.serial);

    const cards = await WorkCard.find({ engineerId: new Types.ObjectId(engineer.engineerId) }).lean();
    expect(cards.map((c) => c.status).sort()).toEqual(['active', 'revoked']);
    const audit = await AuditEntry.findOne({ action: 'card.reissue', target: `card:${res.body.issued.serial}` }).lean();
    expect(audit!.data).toMatchObject({ reason: '工作证损坏', revokedSerial: engineer.serial });
  });

  it('makes the old card’s QR verify as revoked at once', async () => {
    const engineer = await engineerWithCard();
    const oldToken = await qrToken(engineer);
    await t.request('POST', `/api/v1/engineers/${engineer.engineerId}/cards/reissue`, { token: tokens.managerA, body: { reason: '工作证遗失' } });
    expect((await verify(oldToken)).body.verdict).toBe('revoked');
    expect((await verify(await qrToken(engineer))).body.verdict).toBe('genuine');
  });

  it('answers 409 when the engineer has no active card to replace, issuing nothing', async () => {
    const engineer = await createEngineer(outletA.id);
    const res = await t.request('POST', `/api/v1/engineers/${engineer.engineerId}/cards/reissue`, { token: tokens.managerA, body: { reason: '工作证遗失' } });
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('conflict');
    expect(await WorkCard.countDocuments({ engineerId: new Types.ObjectId(engineer.engineerId) })).toBe(0);
  });

  it('answers 404 to a manager of another outlet and 400 naming the reason when it is missing', async () => {
    const engineer = await engineerWithCard();
    expect((await t.request('POST', `/api/v1/engineers/${engineer.engineerId}/cards/reissue`, { token: tokens.managerB, body: { reason: '工作证遗失' } })).status).toBe(404);
    const bad = await t.request('POST', `/api/v1/engineers/${engineer.engineerId}/cards/reissue`, { token: tokens.managerA, body: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('reason');
    expect((await WorkCard.findOne({ serial: engineer.serial }).lean())!.status).toBe('active');
  });
});

describe('GET /api/v1/engineers/:id/cards', () => {
  it('lists the engineer’s cards newest first with the active one, and who issued and revoked each', async () => {
    const engineer = await engineerWithCard();
    t.clock.advance(1000);
    await t.request('POST', `/api/v1/engineers/${engineer.engineerId}/cards/reissue`, { token: tokens.managerA, body: { reason: '工作证遗失' } });
    const res = await t.request('GET', `/api/v1/engineers/${engineer.engineerId}/cards`, { token: tokens.managerA });
    expect(res.status).toBe(200);
    CardHistory.parse(res.body);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0].status).toBe('active');
    expect(res.body.items[1]).toMatchObject({ serial: engineer.serial, status: 'revoked', issuedBy: { id: ids.admin }, revokedBy: { id: ids.managerA } });
    expect(res.body.active.serial).toBe(res.body.items[0].serial);
  });

  it('answers 404 to a manager of another outlet and 403 to an engineer', async () => {
    const engineer = await engineerWithCard();
    expect((await t.request('GET', `/api/v1/engineers/${engineer.engineerId}/cards`, { token: tokens.managerB })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/engineers/${engineer.engineerId}/cards`, { token: engineer.token })).status).toBe(403);
  });
});

describe('GET /api/v1/me/card', () => {
  it('shows the engineer their card and a fresh 60-second token whose verify URL is on the public base URL', async () => {
    const engineer = await engineerWithCard();
    await Engineer.updateOne({ _id: engineer.engineerId }, { $set: { qualityScore: 92.5, photoUrl: '/api/v1/uploads/photo-1' } });
    const res = await t.request('GET', '/api/v1/me/card', { token: engineer.token });
    expect(res.status).toBe(200);
    MyCardView.parse(res.body);
    expect(res.body).toMatchObject({ status: 'active', engineerStatus: 'active', notice: null, card: { serial: engineer.serial, status: 'active' } });
    expect(res.body.profile).toMatchObject({ id: engineer.engineerId, level: 3, rating: 92.5, photoUrl: '/api/v1/uploads/photo-1', outlet: { id: outletA.id, name: 'A 网点' } });
    expect(res.body.profile.certificates[0]).toMatchObject({ type: 'refrigeration', valid: true });
    expect(res.body.qr.expiresAt).toBe(new Date(Math.floor(t.clock.now().getTime() / 1000) * 1000 + 60_000).toISOString());
    expect(res.body.qr.verifyUrl).toBe(`${t.config.PUBLIC_BASE_URL}/v/${res.body.qr.token}`);
    expect(res.body.qr.token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(JSON.stringify(res.body)).not.toContain(engineer.phone);

    const again = await t.request('GET', '/api/v1/me/card', { token: engineer.token });
    expect(again.body.qr.token).not.toBe(res.body.qr.token);
  });

  it('shows no token once the card is revoked, with the reason', async () => {
    const engineer = await engineerWithCard();
    await t.request('POST', `/api/v1/cards/${engineer.serial}/revoke`, { token: tokens.managerA, body: { reason: '违规收费' } });
    const res = await t.request('GET', '/api/v1/me/card', { token: engineer.token });
    expect(res.body).toMatchObject({ status: 'revoked', qr: null, card: { serial: engineer.serial, status: 'revoked' } });
    expect(res.body.notice).toContain('违规收费');
  });

  it('shows no token while the engineer is suspended, though the card stays active', async () => {
    const engineer = await engineerWithCard();
    await Engineer.updateOne({ _id: engineer.engineerId }, { $set: { status: 'suspended' } });
    const res = await t.request('GET', '/api/v1/me/card', { token: engineer.token });
    expect(res.body).toMatchObject({ status: 'active', engineerStatus: 'suspended', qr: null });
    expect(res.body.notice).toContain('停职');
  });

  it('says none for an engineer who was never issued a card', async () => {
    const engineer = await createEngineer(outletA.id);
    const res = await t.request('GET', '/api/v1/me/card', { token: await tokenFor(engineer.username) });
    expect(res.body).toMatchObject({ status: 'none', card: null, qr: null });
  });

  it('refuses a manager and a customer with 403', async () => {
    expect((await t.request('GET', '/api/v1/me/card', { token: tokens.managerA })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/me/card', { token: tokens.customer })).status).toBe(403);
  });
});

describe('GET /api/v1/cards/public-key', () => {
  it('publishes the key as PEM and JWK, and a token verifies offline with either using node:crypto alone', async () => {
    const engineer = await engineerWithCard();
    const token = await qrToken(engineer);
    const res = await t.request('GET', '/api/v1/cards/public-key');
    expect(res.status).toBe(200);
    CardPublicKey.parse(res.body);
    expect(res.body).toMatchObject({ alg: 'EdDSA', crv: 'Ed25519', tokenTtlSeconds: 60, jwk: { kty: 'OKP', crv: 'Ed25519', kid: res.body.kid } });
    expect(res.body.pem).toContain('BEGIN PUBLIC KEY');
    expect(res.body.pem).not.toContain('PRIVATE');

    const [body, signature] = token.split('.') as [string, string];
    const fromPem = crypto.createPublicKey(res.body.pem);
    const fromJwk = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: res.body.jwk.x }, format: 'jwk' });
    expect(crypto.verify(null, Buffer.from(body), fromPem, Buffer.from(signature, 'base64url'))).toBe(true);
    expect(crypto.verify(null, Buffer.from(body), fromJwk, Buffer.from(signature, 'base64url'))).toBe(true);
    expect(crypto.verify(null, Buffer.from(`${body}x`), fromJwk, Buffer.from(signature, 'base64url'))).toBe(false);

    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    expect(payload).toMatchObject({ v: 1, e: engineer.engineerId, s: engineer.serial, exp: payload.iat + 60 });
    expect(payload.n).toEqual(expect.any(String));
  });
});

describe('POST /api/v1/cards/verify', () => {
  it('says genuine (真实有效) with the engineer’s public profile and never their phone number', async () => {
    const engineer = await engineerWithCard({ skills: ['air_conditioner', 'washing_machine'] });
    const res = await verify(await qrToken(engineer));
    expect(res.status).toBe(200);
    CardVerification.parse(res.body);
    expect(res.body).toMatchObject({ verdict: 'genuine', label: '真实有效', serial: engineer.serial, orders: [] });
    expect(res.body.engineer).toMatchObject({
      id: engineer.engineerId,
      name: '测试工程师',
      initials: '测',
      photoUrl: null,
      outlet: { name: 'A 网点' },
      skills: [
        { category: 'air_conditioner', name: '空调' },
        { category: 'washing_machine', name: '洗衣机' },
      ],
      level: 3,
      rating: null, // no order yet: 暂无评分 (S11)
      status: 'active',
    });
    expect(res.body.engineer.certificates).toEqual([expect.objectContaining({ type: 'refrigeration', name: '制冷与空调作业证', valid: true })]);
    expect(res.body.engineer.employeeNo).toMatch(/^E-/);
    expect(JSON.stringify(res.body)).not.toContain(engineer.phone);
  });

  it('accepts the whole scanned URL as well as the bare token', async () => {
    const engineer = await engineerWithCard();
    const me = await t.request('GET', '/api/v1/me/card', { token: engineer.token });
    expect((await verify(me.body.qr.verifyUrl)).body.verdict).toBe('genuine');
  });

  it('says expired once the 60 seconds have passed (clock advanced 61 s), still showing who it is', async () => {
    const engineer = await engineerWithCard();
    const token = await qrToken(engineer);
    t.clock.advance(61_000);
    const res = await verify(token);
    expect(res.body).toMatchObject({ verdict: 'expired', label: '二维码已过期', engineer: { id: engineer.engineerId } });
  });

  it('says revoked for a token of a revoked card even though its signature is valid and it has not expired', async () => {
    const engineer = await engineerWithCard();
    const token = await qrToken(engineer);
    await t.request('POST', `/api/v1/cards/${engineer.serial}/revoke`, { token: tokens.managerA, body: { reason: '违规收费' } });
    const res = await verify(token);
    expect(res.body).toMatchObject({ verdict: 'revoked', label: '工作证已吊销', engineer: { id: engineer.engineerId } });
  });

  it('says engineer_suspended for a suspended engineer even though the signature is valid', async () => {
    const engineer = await engineerWithCard();
    const token = await qrToken(engineer);
    await Engineer.updateOne({ _id: engineer.engineerId }, { $set: { status: 'suspended' } });
    const res = await verify(token);
    expect(res.body).toMatchObject({ verdict: 'engineer_suspended', label: '工程师已停职', engineer: { status: 'suspended' } });
  });

  it('says tampered, with no profile, when the payload was changed and the signature kept', async () => {
    const victim = await engineerWithCard();
    const impostor = await engineerWithCard();
    const [body, signature] = (await qrToken(impostor)).split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, e: victim.engineerId, s: victim.serial })).toString('base64url');
    const res = await verify(`${forged}.${signature}`);
    expect(res.body).toMatchObject({ verdict: 'tampered', label: '无效或被篡改', engineer: null, serial: null });
  });

  it('says tampered when one character of the signature was changed', async () => {
    const engineer = await engineerWithCard();
    const [body, signature] = (await qrToken(engineer)).split('.') as [string, string];
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    expect((await verify(`${body}.${flipped}`)).body).toMatchObject({ verdict: 'tampered', engineer: null });
  });

  it('says tampered for a well-formed token signed with another Ed25519 key', async () => {
    const engineer = await engineerWithCard();
    const otherKey = crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const { token } = signCardToken(cardKeys(otherKey), { engineerId: engineer.engineerId, serial: engineer.serial }, t.clock.now());
    expect((await verify(token)).body).toMatchObject({ verdict: 'tampered', engineer: null });
  });

  it('says tampered for a correctly signed token naming an unknown serial, or a card of another engineer', async () => {
    const engineer = await engineerWithCard();
    const other = await engineerWithCard();
    const keys = cardKeys(t.config.CARD_SIGNING_KEY);
    const unknown = signCardToken(keys, { engineerId: engineer.engineerId, serial: 'FXC-NOWHERE-AAAAAA' }, t.clock.now()).token;
    const mismatched = signCardToken(keys, { engineerId: engineer.engineerId, serial: other.serial }, t.clock.now()).token;
    expect((await verify(unknown)).body.verdict).toBe('tampered');
    expect((await verify(mismatched)).body).toMatchObject({ verdict: 'tampered', engineer: null });
  });

  it.each([
    ['a word', 'garbage'],
    ['two empty parts', '.'],
    ['three parts', 'a.b.c'],
    ['non-base64url characters', '!!!.???'],
    ['a short signature', 'eyJ2IjoxfQ.AAAA'],
    ['a very long string', 'A'.repeat(2000)],
    ['a URL of another site', 'https://example.com/hello'],
  ])('says tampered for %s without failing', async (_what, token) => {
    const res = await verify(token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ verdict: 'tampered', engineer: null, orders: [] });
  });

  it('rejects a missing or empty token with 400 naming the field', async () => {
    for (const body of [{}, { token: '' }, { token: 42 }]) {
      const res = await t.request('POST', '/api/v1/cards/verify', { body });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('token');
    }
  });
});

describe('card verification by a signed-in customer (S3 order match)', () => {
  async function lastEvent(orderId: Types.ObjectId) {
    const order = (await Order.findById(orderId).lean<OrderRecord>())!;
    return { order, event: order.timeline.at(-1)! };
  }

  it('matches the engineer assigned to the customer’s active order and logs a card_verified event on it', async () => {
    const engineer = await engineerWithCard({ certificates: ALL_CERTS });
    const customer = await signInCustomer();
    const order = await createOrder({ customerId: customer.id, engineer, status: 'on_the_way' });

    const res = await verify(await qrToken(engineer), customer.token);
    CardVerification.parse(res.body);
    expect(res.body.verdict).toBe('genuine');
    expect(res.body.orders).toEqual([
      {
        orderId: String(order._id),
        orderNo: order.orderNo,
        assignedToThisOrder: true,
        inTimeWindow: true,
        window: { from: shanghaiDayStart(order.slot.day).toISOString(), to: expect.any(String) },
        arrival: { timing: 'on_time', label: '按时到达', advice: expect.any(String) },
        qualifiedForCategory: true,
        match: true,
      },
    ]);

    const { order: stored, event } = await lastEvent(order._id);
    expect(stored.timeline).toHaveLength(2);
    expect(stored.status).toBe('on_the_way');
    expect(event).toMatchObject({ type: 'card_verified', actor: { id: customer.id, role: 'customer' } });
    expect(event.data).toMatchObject({ verdict: 'genuine', serial: engineer.serial, engineerId: engineer.engineerId, assignedToThisOrder: true, inTimeWindow: true, qualifiedForCategory: true, match: true });
    expect(stored.timelineHead).toBe(event.hash);
    expect(verifyChain(String(order._id), stored.timeline).valid).toBe(true);
  });

  it('stops matching at once when the order is reassigned to another engineer, and logs that check too', async () => {
    const first = await engineerWithCard({ certificates: ALL_CERTS });
    const second = await engineerWithCard({ certificates: ALL_CERTS });
    const customer = await signInCustomer();
    const order = await createOrder({ customerId: customer.id, engineer: first });
    const token = await qrToken(first);
    expect((await verify(token, customer.token)).body.orders[0].match).toBe(true);

    await Order.updateOne({ _id: order._id }, { $set: { engineerId: new Types.ObjectId(second.engineerId), engineerUserId: new Types.ObjectId(second.id) } });
    const res = await verify(token, customer.token);
    expect(res.body.verdict).toBe('genuine');
    expect(res.body.orders[0]).toMatchObject({ assignedToThisOrder: false, match: false });
    expect((await verify(await qrToken(second), customer.token)).body.orders[0]).toMatchObject({ assignedToThisOrder: true, match: true });

    const { order: stored } = await lastEvent(order._id);
    expect(stored.timeline.filter((e) => e.type === 'card_verified').map((e) => [e.data.engineerId, e.data.assignedToThisOrder])).toEqual([
      [first.engineerId, true],
      [first.engineerId, false],
      [second.engineerId, true],
    ]);
  });

  it('says not in the time window for an order booked three days later', async () => {
    const engineer = await engineerWithCard({ certificates: ALL_CERTS });
    const customer = await signInCustomer();
    await createOrder({ customerId: customer.id, engineer, day: addDays(TODAY, 3) });
    const res = await verify(await qrToken(engineer), customer.token);
    expect(res.body.orders[0]).toMatchObject({ assignedToThisOrder: true, inTimeWindow: false, match: false });
  });

  it('says not qualified when the engineer has not passed the order category’s assessment', async () => {
    const engineer = await engineerWithCard({ skills: ['washing_machine'], certificates: ALL_CERTS });
    const customer = await signInCustomer();
    await createOrder({ customerId: customer.id, engineer, category: 'tv' });
    const res = await verify(await qrToken(engineer), customer.token);
    expect(res.body.orders[0]).toMatchObject({ assignedToThisOrder: true, qualifiedForCategory: false, match: false });
  });

  it('says not qualified for air-conditioner installation when the high-altitude certificate has expired', async () => {
    const engineer = await engineerWithCard({ certificates: ALL_CERTS });
    await Engineer.updateOne({ _id: engineer.engineerId, 'certificates.type': 'high_altitude' }, { $set: { 'certificates.$.expiresAt': new Date(START.getTime() - 86400_000) } });
    const customer = await signInCustomer();
    await createOrder({ customerId: customer.id, engineer, serviceType: 'installation' });
    const res = await verify(await qrToken(engineer), customer.token);
    expect(res.body.orders[0]).toMatchObject({ qualifiedForCategory: false, match: false });
    expect(res.body.engineer.certificates.find((c: { type: string }) => c.type === 'high_altitude').valid).toBe(false);
  });

  it('never matches a revoked card, and logs the revoked verdict on the order', async () => {
    const engineer = await engineerWithCard({ certificates: ALL_CERTS });
    const customer = await signInCustomer();
    const order = await createOrder({ customerId: customer.id, engineer });
    const token = await qrToken(engineer);
    await t.request('POST', `/api/v1/cards/${engineer.serial}/revoke`, { token: tokens.managerA, body: { reason: '违规收费' } });
    const res = await verify(token, customer.token);
    expect(res.body.orders[0]).toMatchObject({ assignedToThisOrder: true, match: false });
    expect((await lastEvent(order._id)).event.data).toMatchObject({ verdict: 'revoked', match: false });
  });

  it('logs a forged card on the customer’s active order as tampered', async () => {
    const customer = await signInCustomer();
    const order = await createOrder({ customerId: customer.id, engineer: await engineerWithCard() });
    const res = await verify('forged.card', customer.token);
    expect(res.body.orders[0]).toMatchObject({ assignedToThisOrder: false, qualifiedForCategory: false, match: false });
    expect((await lastEvent(order._id)).event).toMatchObject({ type: 'card_verified', data: { verdict: 'tampered', match: false } });
  });

  it('leaves orders that are not active and other customers’ orders alone', async () => {
    const engineer = await engineerWithCard({ certificates: ALL_CERTS });
    const customer = await signInCustomer();
    const other = await signInCustomer();
    const done = await createOrder({ customerId: customer.id, engineer, status: 'completed' });
    const pending = await createOrder({ customerId: customer.id, engineer: null, status: 'pending' });
    const someoneElses = await createOrder({ customerId: other.id, engineer });

    const res = await verify(await qrToken(engineer), customer.token);
    expect(res.body.orders).toEqual([]);
    for (const order of [done, pending, someoneElses]) expect((await Order.findById(order._id).lean())!.timeline).toHaveLength(1);
  });

  it('adds no order match for staff or anonymous callers', async () => {
    const engineer = await engineerWithCard();
    const token = await qrToken(engineer);
    expect((await verify(token, tokens.managerA)).body.orders).toEqual([]);
    expect((await verify(token)).body.orders).toEqual([]);
  });
});

describe('GET /v/:token (public verification page)', () => {
  it('shows a genuine card in green with the engineer’s name, outlet, skills and certificates, and no phone', async () => {
    const engineer = await engineerWithCard();
    const token = await qrToken(engineer);
    const res = await t.request('GET', `/v/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = res.body as string;
    expect(html).toContain('data-verdict="genuine"');
    expect(html).toContain('真实有效');
    expect(html).toContain('测试工程师');
    expect(html).toContain('A 网点');
    expect(html).toContain('空调');
    expect(html).toContain('制冷与空调作业证');
    expect(html).toContain(engineer.serial);
    // One tap to the app's verify page with this token, where the signed-in customer's order check is made and recorded.
    expect(html).toContain(`href="/h5/#/packages/customer/pages/verify/index?token=${encodeURIComponent(token)}"`);
    expect(html).toContain('核对是不是您订单的工程师');
    expect(html).not.toContain(engineer.phone);
    expect(html).not.toMatch(/<script|<link|src="http/i);
  });

  it('shows a revoked card in red saying so', async () => {
    const engineer = await engineerWithCard();
    const token = await qrToken(engineer);
    await t.request('POST', `/api/v1/cards/${engineer.serial}/revoke`, { token: tokens.managerA, body: { reason: '工作证遗失' } });
    const html = (await t.request('GET', `/v/${token}`)).body as string;
    expect(html).toContain('data-verdict="revoked"');
    expect(html).toContain('工作证已吊销');
    expect(html).toContain('class="verdict bad"');
  });

  it.each(['garbage', 'a.b', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', `${'x'.repeat(3000)}.y`])('shows the red tampered page for %s', async (token) => {
    const res = await t.request('GET', `/v/${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('无效或被篡改');
    expect(res.body).not.toContain('<script>');
  });

  it('escapes every value it shows, and shows initials instead of a photo URL that is not http(s)', async () => {
    const engineer = await engineerWithCard();
    await Engineer.updateOne({ _id: engineer.engineerId }, { $set: { name: '<script>alert("x")</script>&', photoUrl: 'javascript:alert(1)' } });
    const html = (await t.request('GET', `/v/${await qrToken(engineer)}`)).body as string;
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('class="photo initials"');
  });

  it('shows the photo when the engineer has one', async () => {
    const engineer = await engineerWithCard();
    await Engineer.updateOne({ _id: engineer.engineerId }, { $set: { photoUrl: '/api/v1/uploads/p-1' } });
    const html = (await t.request('GET', `/v/${await qrToken(engineer)}`)).body as string;
    expect(html).toContain('<img class="photo" src="/api/v1/uploads/p-1"');
  });
});

describe('API documentation', () => {
  it('lists every card endpoint in /api/openapi.json', async () => {
    const doc = (await t.request('GET', '/api/openapi.json')).body;
    expect(doc.paths['/api/v1/engineers/{id}/cards']).toHaveProperty('post');
    expect(doc.paths['/api/v1/engineers/{id}/cards']).toHaveProperty('get');
    expect(doc.paths['/api/v1/engineers/{id}/cards/reissue']).toHaveProperty('post');
    expect(doc.paths['/api/v1/cards/{serial}/revoke']).toHaveProperty('post');
    expect(doc.paths['/api/v1/me/card']).toHaveProperty('get');
    expect(doc.paths['/api/v1/cards/public-key']).toHaveProperty('get');
    expect(doc.paths['/api/v1/cards/verify']).toHaveProperty('post');
    expect(doc.paths['/v/{token}']).toHaveProperty('get');
    expect(doc.paths['/api/v1/cards/public-key'].get.description).toContain('base64url');
  });
});

describe('demo data', () => {
  it('gives every demo engineer an active card, and seeding again changes nothing', async () => {
    await seedDemoData(t.clock, { history: false });
    const engineers = await Engineer.find({ employeeNo: { $in: DEMO_ENGINEERS.map((e) => e.employeeNo) } }, { _id: 1 }).lean();
    const filter = { engineerId: { $in: engineers.map((e) => e._id) } };
    expect(await WorkCard.countDocuments({ ...filter, status: 'active' })).toBe(DEMO_ENGINEERS.length);
    const serials = (await WorkCard.find(filter).lean()).map((c) => c.serial).sort();

    await seedDemoData(t.clock, { history: false });
    expect((await WorkCard.find(filter).lean()).map((c) => c.serial).sort()).toEqual(serials);
  });
});
