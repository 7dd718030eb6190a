import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { currentConsent } from '@fangxin/shared';
import { runJobOnce } from '../src/lib/jobs';
import { backgroundJobs } from '../src/modules/jobs';
import { rollupDailyStats } from '../src/modules/analytics/rollup';
import { clockOutcome } from '../src/modules/analytics/stats';
import { recomputeQualityScores } from '../src/modules/quality/service';
import { Appeal } from '../src/modules/appeals/model';
import { AuditEntry } from '../src/modules/audit/model';
import { Notification } from '../src/modules/notifications/model';
import { Order } from '../src/modules/orders/model';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';
import { book, buildWorld, uniqueSlot, upload, type OrderWorld } from './orderKit';
import { closedOrder, goodAnswer } from './surveyKit';

/**
 * Issue 20.2: appeals. An engineer (or his manager) contests a complaint, a low survey or a missed deadline with a
 * reason and evidence from the order; a platform admin decides; upheld removes the item from the quality score.
 */
let t: TestServer;
let w: OrderWorld;
let other: OrderWorld;

beforeAll(async () => {
  t = await startTestServer();
  w = await buildWorld(t, { capacity: 50 });
  other = await buildWorld(t, { district: '330108' });
});
afterAll(async () => {
  await t?.close();
  await dropTestDatabase();
});

async function freshTokens() {
  t.clock.advance(61_000);
  const sent = await t.request('POST', '/api/v1/auth/otp/send', { body: { phone: w.customer.phone } });
  w.customer.token = (await t.request('POST', '/api/v1/auth/otp/login', { body: { phone: w.customer.phone, code: sent.body.devCode, consent: currentConsent() } })).body.accessToken;
  const login = async (username: string) => (await t.request('POST', '/api/v1/auth/staff/login', { body: { username, password: 'Correct-Horse-9' } })).body.accessToken as string;
  w.tokens.manager = await login(w.usernames.manager);
  w.tokens.admin = await login(w.usernames.admin);
  other.tokens.manager = await login(other.usernames.manager);
  for (const e of w.engineers) e.token = await login(e.username);
}
beforeEach(freshTokens);

const engineer = () => w.engineers[0]!;
const file = (orderId: string, token: string, body: unknown) => t.request('POST', `/api/v1/orders/${orderId}/appeals`, { token, body });
const items = (orderId: string, token: string) => t.request('GET', `/api/v1/orders/${orderId}/appeal-items`, { token });
const decide = (id: string, token: string, body: unknown) => t.request('POST', `/api/v1/appeals/${id}/decide`, { token, body });
const fieldPaths = (res: { body: { error?: { fields?: Array<{ path: string }> } } }) => (res.body.error?.fields ?? []).map((f) => f.path);

/** A closed order of engineer 0 with a complaint (with a customer photo) and a low survey (overall 1 of 5). */
async function contestedOrder() {
  const order = await closedOrder(t, w, 0);
  const photo = await upload(t, w.customer.token, { kind: 'complaint_photo', orderId: order.id });
  const complaint = await t.request('POST', `/api/v1/orders/${order.id}/complaints`, {
    token: w.customer.token,
    body: { category: 'quality', text: '修完第二天空调又不制冷了，请尽快处理', photoIds: [photo.body.id] },
  });
  expect(complaint.status, JSON.stringify(complaint.body)).toBe(201);
  const survey = await t.request('POST', `/api/v1/orders/${order.id}/survey`, {
    token: w.customer.token,
    body: goodAnswer({ scores: { overall: 1, problem_solved: 1 }, problemSolved: false, comment: '非常不满意，师傅态度差' }),
  });
  expect(survey.status, JSON.stringify(survey.body)).toBe(201);
  return { ...order, complaintId: complaint.body.id as string, complaintPhotoId: photo.body.id as string };
}

/** Nothing an engineer receives may carry the survey's score or that the survey was low (S7). */
function expectNoSurveyTrace(body: unknown) {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/survey|评价|overall|总体评分|星/);
}

describe('what counts against the engineer', () => {
  it('the engineer sees his complaint but never the survey; the manager sees the low survey too', async () => {
    const order = await contestedOrder();
    const mine = await items(order.id, engineer().token);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: { kind: string }) => i.kind)).toEqual(['complaint']);
    expect(mine.body.items[0]).toMatchObject({ complaintId: order.complaintId, text: '投诉（维修质量）', appealable: true, state: null });
    expectNoSurveyTrace(mine.body);
    const managers = await items(order.id, w.tokens.manager);
    expect(managers.body.items.map((i: { kind: string }) => i.kind).sort()).toEqual(['complaint', 'survey']);
    // Another engineer of the outlet, another outlet's manager and the customer: nothing.
    expect((await items(order.id, w.engineers[1]!.token)).status).toBe(404);
    expect((await items(order.id, other.tokens.manager)).status).toBe(404);
    expect((await items(order.id, w.customer.token)).status).toBe(403);
  });

  it('an engineer asking to appeal the survey is answered as if there were none, and nothing is written', async () => {
    const order = await contestedOrder();
    const before = await Appeal.countDocuments();
    const res = await file(order.id, engineer().token, { kind: 'survey', reason: '客户评价与事实不符，请复核' });
    expect(res.status).toBe(404);
    expectNoSurveyTrace(res.body);
    expect(await Appeal.countDocuments()).toBe(before);
  });
});

describe('filing', () => {
  it('refuses bad input with 400 naming the field, and changes nothing', async () => {
    const order = await contestedOrder();
    const before = await Appeal.countDocuments();
    const E = engineer().token;
    expect(fieldPaths(await file(order.id, E, { kind: 'complaint', complaintId: order.complaintId, reason: '短' }))).toEqual(['reason']);
    expect(fieldPaths(await file(order.id, E, { kind: 'complaint', reason: '客户说的不是事实' }))).toEqual(['complaintId']);
    expect(fieldPaths(await file(order.id, E, { kind: 'breach', reason: '客户说的不是事实' }))).toEqual(['clock']);
    expect(fieldPaths(await file(order.id, E, { kind: 'complaint', complaintId: order.complaintId, reason: '客户说的不是事实', timelineSeqs: [999] }))).toEqual(['timelineSeqs.0']);
    // Another order's photo, and the customer's complaint photo (hidden from the engineer), are not his evidence.
    const elsewhere = await closedOrder(t, w, 0);
    const foreign = await upload(t, engineer().token, { kind: 'appeal_photo', orderId: elsewhere.id });
    expect(foreign.status).toBe(201);
    const bad = await file(order.id, E, { kind: 'complaint', complaintId: order.complaintId, reason: '客户说的不是事实', photoIds: [foreign.body.id, order.complaintPhotoId] });
    expect(bad.status).toBe(400);
    expect(fieldPaths(bad)).toEqual(['photoIds.0', 'photoIds.1']);
    // The survey entry of the timeline cannot be cited by the engineer.
    const full = await t.request('GET', `/api/v1/orders/${order.id}/timeline`, { token: w.tokens.manager });
    const surveySeq = full.body.events.find((e: { type: string }) => e.type === 'survey_submitted').seq;
    expect(fieldPaths(await file(order.id, E, { kind: 'complaint', complaintId: order.complaintId, reason: '客户说的不是事实', timelineSeqs: [surveySeq] }))).toEqual(['timelineSeqs.0']);
    // A complaint of another order, a breach the order does not have.
    expect(fieldPaths(await file(elsewhere.id, E, { kind: 'complaint', complaintId: order.complaintId, reason: '客户说的不是事实' }))).toEqual(['complaintId']);
    expect(fieldPaths(await file(order.id, E, { kind: 'breach', clock: 'arrive', reason: '客户说的不是事实' }))).toEqual(['clock']);
    expect(await Appeal.countDocuments()).toBe(before);
  });

  it('files with timeline entries and photos (one already on the order, one new), once per item; evidence comes back in words', async () => {
    const order = await contestedOrder();
    const E = engineer().token;
    const timeline = (await t.request('GET', `/api/v1/orders/${order.id}/timeline`, { token: E })).body.events as Array<{ seq: number; type: string }>;
    const checkIn = timeline.find((e) => e.type === 'checked_in')!.seq;
    const report = timeline.find((e) => e.type === 'report_submitted')!.seq;
    const photos = (await t.request('GET', `/api/v1/orders/${order.id}/photos`, { token: E })).body.items as Array<{ id: string; kind: string }>;
    const reportPhoto = photos.find((p) => p.kind === 'report_photo')!.id;
    const fresh = await upload(t, E, { kind: 'appeal_photo', orderId: order.id });
    expect(fresh.status).toBe(201);

    const filed = await file(order.id, E, {
      kind: 'complaint',
      complaintId: order.complaintId,
      reason: '维修当天试机正常，客户签字确认；第二天是停电导致',
      timelineSeqs: [report, checkIn],
      photoIds: [reportPhoto, fresh.body.id],
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ kind: 'complaint', itemText: '投诉（维修质量）', state: 'submitted', stateLabel: '审核中', filedBy: { role: 'engineer' }, decision: null, actions: ['withdraw'] });
    expect(filed.body.evidence.timeline.map((e: { label: string }) => e.label)).toEqual(['工程师到达签到', '提交服务报告']);
    expect(filed.body.evidence.photos.map((p: { kindLabel: string }) => p.kindLabel).sort()).toEqual(['现场照片', '申诉照片']);
    expect(filed.body.evidence.photos[0].url).toMatch(/^\/api\/v1\/photos\/[0-9a-f]{24}\?exp=\d+&sig=/);
    // The photo link opens the image without a session.
    expect((await t.request('GET', filed.body.evidence.photos[0].url)).status).toBe(200);

    // On the order's timeline, in the audit log, told to the platform admins.
    const after = (await t.request('GET', `/api/v1/orders/${order.id}/timeline`, { token: E })).body.events;
    expect(after.at(-1)).toMatchObject({ type: 'appeal_filed', data: { kind: 'complaint', timelineEntries: 2, photos: 2 } });
    expect(await AuditEntry.countDocuments({ action: 'appeal.file', target: `order:${order.orderNo}` })).toBe(1);
    expect(await Notification.countDocuments({ type: 'appeal_filed', orderId: order.id })).toBeGreaterThan(0);

    // One live appeal per item: the engineer again, the manager, and two at once all get 409.
    expect((await file(order.id, E, { kind: 'complaint', complaintId: order.complaintId, reason: '再次申诉同一条投诉' })).status).toBe(409);
    expect((await file(order.id, w.tokens.manager, { kind: 'complaint', complaintId: order.complaintId, reason: '网点也申诉同一条投诉' })).status).toBe(409);
    const listed = await items(order.id, E);
    expect(listed.body.items[0]).toMatchObject({ appealable: false, refusal: '此项已有申诉在审核中', state: 'submitted', appealId: filed.body.id });
  });

  it('two filings of one item at the same moment make one appeal', async () => {
    const order = await contestedOrder();
    const body = { kind: 'complaint', complaintId: order.complaintId, reason: '客户说的情况与现场不符' };
    const answers = await Promise.all([file(order.id, engineer().token, body), file(order.id, w.tokens.manager, body)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(await Appeal.countDocuments({ complaintId: order.complaintId })).toBe(1);
  });

});

describe('who sees and who decides', () => {
  it('scopes lists and details: engineer his own, manager the outlet, admin all; only a platform admin decides', async () => {
    const order = await contestedOrder();
    const filed = await file(order.id, engineer().token, { kind: 'complaint', complaintId: order.complaintId, reason: '客户说的情况与现场不符' });
    const id = filed.body.id as string;
    const get = (token: string) => t.request('GET', `/api/v1/appeals/${id}`, { token });
    expect((await get(engineer().token)).status).toBe(200);
    expect((await get(w.engineers[1]!.token)).status).toBe(404);
    expect((await get(w.tokens.manager)).status).toBe(200);
    expect((await get(other.tokens.manager)).status).toBe(404);
    expect((await get(w.customer.token)).status).toBe(403);
    const ids = async (token: string) => ((await t.request('GET', '/api/v1/appeals?pageSize=100', { token })).body.items as Array<{ id: string }>).map((a) => a.id);
    expect(await ids(engineer().token)).toContain(id);
    expect(await ids(w.engineers[1]!.token)).not.toContain(id);
    expect(await ids(other.tokens.manager)).not.toContain(id);
    expect(await ids(w.tokens.admin)).toContain(id);
    expect((await decide(id, w.tokens.manager, { decision: 'upheld', reason: '情况属实' })).status).toBe(403);
    expect((await decide(id, engineer().token, { decision: 'upheld', reason: '情况属实' })).status).toBe(403);
    // A decision needs its reason, named.
    const noReason = await decide(id, w.tokens.admin, { decision: 'rejected' });
    expect(noReason.status).toBe(400);
    expect(fieldPaths(noReason)).toEqual(['reason']);
    expect((await t.request('POST', `/api/v1/appeals/${id}/withdraw`, { token: w.engineers[1]!.token })).status).toBe(404);
  });

  it('of two admins deciding at once, one decision is taken and the other is told 409', async () => {
    const order = await contestedOrder();
    const filed = await file(order.id, engineer().token, { kind: 'complaint', complaintId: order.complaintId, reason: '客户说的情况与现场不符' });
    const second = (await t.request('POST', '/api/v1/auth/staff/login', { body: { username: w.usernames.admin, password: 'Correct-Horse-9' } })).body.accessToken;
    const answers = await Promise.all([
      decide(filed.body.id, w.tokens.admin, { decision: 'upheld', reason: '现场记录支持工程师' }),
      decide(filed.body.id, second, { decision: 'rejected', reason: '证据不足' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const stored = await Appeal.findById(filed.body.id).lean();
    expect(stored!.history.filter((h) => h.action !== 'filed')).toHaveLength(1);
    const events = (await t.request('GET', `/api/v1/orders/${order.id}/timeline`, { token: w.tokens.manager })).body.events.filter((e: { type: string }) => e.type === 'appeal_decided');
    expect(events).toHaveLength(1);
  });
});

const myQuality = async () => (await t.request('GET', '/api/v1/quality/me', { token: engineer().token })).body;
const term = (q: { terms: Array<{ key: string; detail: string }> }, key: string) => q.terms.find((x) => x.key === key)!;

describe('the decision', () => {
  it('upheld: the complaint leaves the score at once, visibly, audited, and the engineer is told', async () => {
    const order = await contestedOrder();
    await rollupDailyStats(t.clock);
    await recomputeQualityScores(t.clock);
    const before = await myQuality();
    const complaintsBefore = Number(/^(\d+) 起投诉/.exec(term(before, 'complaints').detail)![1]);
    expect(complaintsBefore).toBeGreaterThan(0);

    const filed = await file(order.id, engineer().token, { kind: 'complaint', complaintId: order.complaintId, reason: '客户说的情况与现场不符' });
    const upheld = await decide(filed.body.id, w.tokens.admin, { decision: 'upheld', reason: '签到和试机记录证明维修正常' });
    expect(upheld.status, JSON.stringify(upheld.body)).toBe(200);
    expect(upheld.body).toMatchObject({ state: 'upheld', stateLabel: '申诉成立', decision: { decision: 'upheld', reason: '签到和试机记录证明维修正常' }, actions: [] });

    const after = await myQuality();
    expect(term(after, 'complaints').detail).toMatch(new RegExp(`^${complaintsBefore - 1} 起投诉`));
    expect(term(after, 'complaints').detail).toContain('申诉成立，已不计入：投诉');
    expect(after.score).toBeGreaterThanOrEqual(before.score);
    expect(after.formula).toContain('申诉成立');
    expectNoSurveyTrace(after.terms.find((x: { key: string }) => x.key !== 'satisfaction'));

    expect(await AuditEntry.countDocuments({ action: 'appeal.uphold', target: `order:${order.orderNo}` })).toBe(1);
    const told = await Notification.findOne({ type: 'appeal_upheld', orderId: order.id, userId: (await t.request('GET', '/api/v1/me', { token: engineer().token })).body.id }).lean();
    expect(told?.body).toContain('申诉成立，已不计入质量分');
    const mine = await t.request('GET', `/api/v1/appeals/${filed.body.id}`, { token: engineer().token });
    expect(mine.body.stateLabel).toBe('申诉成立');
    // Decided once: a second decision is 409, and a new appeal of the item too.
    expect((await decide(filed.body.id, w.tokens.admin, { decision: 'rejected', reason: '改判' })).status).toBe(409);
    expect((await file(order.id, engineer().token, { kind: 'complaint', complaintId: order.complaintId, reason: '再申诉一次试试' })).status).toBe(409);
  });

  it('rejected says why; a survey appeal by the manager never reaches the engineer', async () => {
    const order = await contestedOrder();
    const engineerBefore = await Notification.countDocuments({ userId: (await t.request('GET', '/api/v1/me', { token: engineer().token })).body.id });
    const filed = await file(order.id, w.tokens.manager, { kind: 'survey', reason: '客户当天情绪激动，与维修质量无关', timelineSeqs: [1] });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ kind: 'survey', itemText: '本单客户评价', filedBy: { role: 'outlet_manager' } });
    const rejected = await decide(filed.body.id, w.tokens.admin, { decision: 'rejected', reason: '回访确认客户确实不满意' });
    expect(rejected.body).toMatchObject({ state: 'rejected', stateLabel: '申诉未成立', decision: { reason: '回访确认客户确实不满意' } });
    const toManager = await Notification.findOne({ type: 'appeal_rejected', orderId: order.id }).lean();
    expect(toManager?.body).toContain('原因：回访确认客户确实不满意');

    // The engineer: no notification, not in his list, 404 on the appeal, nothing on the order's timeline.
    const me = (await t.request('GET', '/api/v1/me', { token: engineer().token })).body.id;
    expect(await Notification.countDocuments({ userId: me })).toBe(engineerBefore);
    const list = await t.request('GET', '/api/v1/appeals?pageSize=100', { token: engineer().token });
    expect(list.body.items.map((a: { id: string }) => a.id)).not.toContain(filed.body.id);
    expectNoSurveyTrace(list.body);
    expect((await t.request('GET', `/api/v1/appeals/${filed.body.id}`, { token: engineer().token })).status).toBe(404);
    const timeline = (await t.request('GET', `/api/v1/orders/${order.id}/timeline`, { token: engineer().token })).body.events;
    expect(timeline.some((e: { type: string }) => e.type.startsWith('appeal_'))).toBe(false);
    expectNoSurveyTrace(await myQuality().then((q) => q.terms.filter((x: { key: string }) => x.key !== 'satisfaction')));
  });

  it('an upheld survey appeal leaves satisfaction; the manager reads it, the engineer never does', async () => {
    const order = await contestedOrder();
    const filed = await file(order.id, w.tokens.manager, { kind: 'survey', reason: '客户当天情绪激动，与维修质量无关' });
    expect((await decide(filed.body.id, w.tokens.admin, { decision: 'upheld', reason: '回访核实与维修无关' })).status).toBe(200);
    const staffView = await t.request('GET', `/api/v1/quality/engineers/${engineer().engineerId}`, { token: w.tokens.manager });
    expect(term(staffView.body, 'satisfaction').detail).toMatch(/申诉成立，已不计入：\d+ 份评价/);
    const mine = await myQuality();
    expect(JSON.stringify(mine)).not.toMatch(/份评价[^；]*申诉|申诉成立，已不计入：\d+ 份评价/);
    expect((await items(order.id, engineer().token)).body.items.map((i: { kind: string }) => i.kind)).toEqual(['complaint']);
  });

  it('a withdrawn appeal frees the item for a new one', async () => {
    const order = await contestedOrder();
    const body = { kind: 'complaint', complaintId: order.complaintId, reason: '客户说的情况与现场不符' };
    const first = await file(order.id, engineer().token, body);
    const withdrawn = await t.request('POST', `/api/v1/appeals/${first.body.id}/withdraw`, { token: engineer().token });
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', stateLabel: '已撤回', actions: [] });
    expect((await t.request('POST', `/api/v1/appeals/${first.body.id}/withdraw`, { token: engineer().token })).status).toBe(409);
    expect((await decide(first.body.id, w.tokens.admin, { decision: 'upheld', reason: '情况属实' })).status).toBe(409);
    expect((await file(order.id, engineer().token, body)).status).toBe(201);
  });
});

// These move the clock forward: last, so the orders above are booked in the bookable future.
describe('on the clock', () => {
  it('a missed deadline upheld is excused on the order and leaves the deadlines term', async () => {
    const order = await book(t, w, { slot: uniqueSlot(w, t.clock) });
    const E = engineer();
    expect((await t.request('POST', `/api/v1/orders/${order.id}/dispatch`, { token: w.tokens.manager, body: { engineerId: E.engineerId } })).status).toBe(200);
    t.clock.advance(25 * 3600_000);
    await freshTokens();
    await runJobOnce(backgroundJobs(t.deps).find((j) => j.name === 'orders.sla_sweep')!, t.clock, 'a');
    expect((await t.request('POST', `/api/v1/orders/${order.id}/accept`, { token: E.token })).status).toBe(200);
    const listed = await items(order.id, E.token);
    expect(listed.body.items).toEqual([expect.objectContaining({ kind: 'breach', clock: 'respond', text: '接单响应超时', appealable: true })]);

    const filed = await file(order.id, E.token, { kind: 'breach', clock: 'respond', reason: '派单时系统通知没有送达，有截图', timelineSeqs: [2] });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect((await decide(filed.body.id, w.tokens.admin, { decision: 'upheld', reason: '通知记录显示未送达' })).status).toBe(200);
    const stored = await Order.findById(order.id).lean();
    expect(stored!.sla.excused?.respond?.reason).toBe('appeal');
    expect(clockOutcome(stored!, 'respond')).toBeNull();
    expect(term(await myQuality(), 'sla').detail).toContain('申诉成立，已不计入：超时 1 单');
    const events = (await t.request('GET', `/api/v1/orders/${order.id}/timeline`, { token: w.customer.token })).body.events;
    expect(events.at(-1)).toMatchObject({ type: 'appeal_decided', data: { decision: 'upheld', kind: 'breach', clock: 'respond' } });
  });

  it('refuses an item older than the window (setting appealWindowDays)', async () => {
    const order = await contestedOrder();
    t.clock.advance(31 * 24 * 3600_000);
    await freshTokens();
    const res = await file(order.id, engineer().token, { kind: 'complaint', complaintId: order.complaintId, reason: '客户说的情况与现场不符' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('已超过申诉期限（30 天）');
  });
});
