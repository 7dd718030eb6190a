import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SURVEY_ELEMENTS } from '@fangxin/shared';
import { Order } from '../src/modules/orders/model';
import { Survey, SurveyInvitation, SurveyTemplate } from '../src/modules/surveys/model';
import { ReturnVisit } from '../src/modules/returnVisits/model';
import { Notification } from '../src/modules/notifications/model';
import { AuditEntry } from '../src/modules/audit/model';
import { User } from '../src/modules/users/model';
import { JobLease, runJobOnce } from '../src/lib/jobs';
import { backgroundJobs } from '../src/modules/jobs';
import { surveyStatsFor } from '../src/modules/surveys/results';
import { ensureDefaultSurveyTemplate } from '../src/modules/surveys/templates';
import { book, buildWorld, customerToken, uniqueSlot, type OrderWorld } from './orderKit';
import { closedOrder, goodAnswer } from './surveyKit';
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

const DAY_MS = 24 * 3600_000;
const survey = (orderId: string, token: string, body?: unknown) => t.request('POST', `/api/v1/orders/${orderId}/survey`, { token, ...(body !== undefined ? { body } : {}) });
const readSurvey = (orderId: string, token: string) => t.request('GET', `/api/v1/orders/${orderId}/survey`, { token });

/** Runs `fn` with the clock moved by `ms`, then puts it back, so later tests see the present (and valid tokens). */
async function later<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const start = t.clock.now();
  t.clock.advance(ms);
  try {
    return await fn();
  } finally {
    t.clock.set(start);
  }
}

describe('GET /api/v1/orders/:id/survey', () => {
  it('offers the customer of a closed order the default nine-element template, answerable for 30 days after closing', async () => {
    const order = await closedOrder(t, w);
    const res = await readSurvey(order.id, w.customer.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ orderId: order.id, orderNo: order.orderNo, canAnswer: true, reason: null, survey: null, followUp: null });
    expect(res.body.template.elements).toEqual(SURVEY_ELEMENTS.map((e) => ({ key: e.key, label: e.label, labelEn: e.labelEn })));
    expect(res.body.template).toMatchObject({ isDefault: true, askRecommendation: true, scale: { min: 1, max: 5 }, commentMax: 500 });
    const closedAt = (await Order.findById(order.id).lean())!.times.closedAt!;
    expect(res.body.until).toBe(new Date(new Date(closedAt).getTime() + 30 * DAY_MS).toISOString());
  });

  it('tells the customer an order that is not closed cannot be answered yet', async () => {
    const order = await book(t, w, { slot: uniqueSlot(w) });
    const res = await readSurvey(order.id, w.customer.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ canAnswer: false, reason: 'not_closed', until: null, survey: null });
  });

  it('shows the answer once given, to the customer and the outlet’s manager, and no longer offers it', async () => {
    const order = await closedOrder(t, w);
    expect((await survey(order.id, w.customer.token, goodAnswer())).status).toBe(201);
    for (const token of [w.customer.token, w.tokens.manager, w.tokens.admin]) {
      const res = await readSurvey(order.id, token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ canAnswer: false, reason: 'submitted', survey: { orderId: order.id, comment: '师傅很专业，准时上门', scores: { overall: 5 } } });
    }
  });

  it('hides the survey from another customer and another outlet’s manager (404) and from engineers, even the order’s own (403)', async () => {
    const order = await closedOrder(t, w);
    await survey(order.id, w.customer.token, goodAnswer());
    for (const token of [w.stranger.token, w.tokens.otherManager]) {
      const res = await readSurvey(order.id, token);
      expect(res.status).toBe(404);
      expect(res.body.error.id).toBe('not_found');
    }
    const engineer = await readSurvey(order.id, w.engineers[0]!.token);
    expect(engineer.status).toBe(403);
    expect(JSON.stringify(engineer.body)).not.toContain('师傅很专业');
  });
});

describe('POST /api/v1/orders/:id/survey', () => {
  it('records a good answer: 201, stored with its template, a survey_submitted event with the overall score (never the comment), no return visit', async () => {
    const order = await closedOrder(t, w);
    const res = await survey(order.id, w.customer.token, goodAnswer({ scores: { overall: 4 } }));
    expect(res.status).toBe(201);
    expect(res.body.followUp).toBeNull();
    expect(res.body.survey).toMatchObject({ orderId: order.id, low: false, lowReasons: [], problemSolved: true, recommendation: 9, returnVisitTaskId: null });

    const stored = (await Survey.findOne({ orderId: order.id }).lean())!;
    const template = (await SurveyTemplate.findOne({ code: 'standard-s7' }).lean())!;
    expect(String(stored.templateId)).toBe(String(template._id));
    expect(template.usedAt).not.toBeNull();
    expect(stored.scores).toMatchObject({ overall: 4, punctuality: 5 });

    const timeline = await t.request('GET', `/api/v1/orders/${order.id}/timeline`, { token: w.customer.token });
    const event = timeline.body.events.at(-1);
    expect(event).toMatchObject({ type: 'survey_submitted', data: { surveyId: stored._id.toString(), overall: 4, low: false } });
    expect(JSON.stringify(event)).not.toContain('师傅很专业');
    expect(timeline.body.verdict.valid).toBe(true);
    expect((await Order.findById(order.id).lean())!.status).toBe('closed');
    expect(await ReturnVisit.countDocuments({ orderId: order.id })).toBe(0);
    expect((await SurveyInvitation.findOne({ orderId: order.id }).lean())!.surveyedAt).not.toBeNull();
  });

  it('answers another customer with 404 and stores nothing', async () => {
    const order = await closedOrder(t, w);
    const res = await survey(order.id, w.stranger.token, goodAnswer());
    expect(res.status).toBe(404);
    expect(res.body.error.id).toBe('not_found');
    expect(await Survey.countDocuments({ orderId: order.id })).toBe(0);
  });

  it('refuses a second answer with 409 survey_already_submitted and keeps the first', async () => {
    const order = await closedOrder(t, w);
    expect((await survey(order.id, w.customer.token, goodAnswer())).status).toBe(201);
    const again = await survey(order.id, w.customer.token, goodAnswer({ scores: { overall: 1 } }));
    expect(again.status).toBe(409);
    expect(again.body.error.id).toBe('survey_already_submitted');
    const stored = await Survey.find({ orderId: order.id }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.scores.overall).toBe(5);
  });

  it('accepts exactly one of several concurrent answers (201 once, 409 for the rest), with one timeline event', async () => {
    const order = await closedOrder(t, w);
    const results = await Promise.all([1, 2, 3, 4].map((n) => survey(order.id, w.customer.token, goodAnswer({ comment: `第 ${n} 份` }))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.id === 'survey_already_submitted')).toBe(true);
    expect(await Survey.countDocuments({ orderId: order.id })).toBe(1);
    const events = (await Order.findById(order.id).lean())!.timeline.filter((e) => e.type === 'survey_submitted');
    expect(events).toHaveLength(1);
  });

  it('refuses an order that is not closed with 409 survey_not_available', async () => {
    const order = await book(t, w, { slot: uniqueSlot(w) });
    const res = await survey(order.id, w.customer.token, goodAnswer());
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('survey_not_available');
    expect(await Survey.countDocuments({ orderId: order.id })).toBe(0);
  });

  it('accepts an answer until 30 days after closing and refuses it after with 409 survey_window_closed (manual clock)', async () => {
    const late = await closedOrder(t, w);
    const onTime = await closedOrder(t, w);
    await later(30 * DAY_MS - 60_000, async () => {
      const { token } = await customerToken(t, w.customer.phone);
      expect((await readSurvey(late.id, token)).body.canAnswer).toBe(true);
      expect((await survey(onTime.id, token, goodAnswer())).status).toBe(201);
    });
    await later(30 * DAY_MS + 60_000, async () => {
      const { token } = await customerToken(t, w.customer.phone);
      expect((await readSurvey(late.id, token)).body).toMatchObject({ canAnswer: false, reason: 'window_closed' });
      const res = await survey(late.id, token, goodAnswer());
      expect(res.status).toBe(409);
      expect(res.body.error.id).toBe('survey_window_closed');
    });
    expect(await Survey.countDocuments({ orderId: late.id })).toBe(0);
  });

  it('names the field of every element scored out of range (0, 6, 2.5, "5") with 400, and stores nothing', async () => {
    const order = await closedOrder(t, w);
    for (const { key } of SURVEY_ELEMENTS) {
      for (const bad of [0, 6, 2.5, '5']) {
        const res = await survey(order.id, w.customer.token, goodAnswer({ scores: { [key]: bad as number } }));
        expect(res.status, `${key}=${bad}`).toBe(400);
        expect(res.body.error.id).toBe('validation_failed');
        expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual([`scores.${key}`]);
      }
    }
    expect(await Survey.countDocuments({ orderId: order.id })).toBe(0);
  });

  it('refuses a missing element, an unknown element, a recommendation outside 0–10, a comment over 500 characters and a missing yes/no', async () => {
    const order = await closedOrder(t, w);
    const { courtesy: _omitted, ...withoutCourtesy } = goodAnswer().scores;
    const cases: Array<[unknown, string]> = [
      [{ ...goodAnswer(), scores: withoutCourtesy }, 'scores.courtesy'],
      [goodAnswer({ scores: { speed: 5 } }), 'scores.speed'],
      [goodAnswer({ recommendation: 11 }), 'recommendation'],
      [goodAnswer({ recommendation: -1 }), 'recommendation'],
      [goodAnswer({ comment: '好'.repeat(501) }), 'comment'],
      [{ ...goodAnswer(), problemSolved: undefined }, 'problemSolved'],
    ];
    for (const [body, path] of cases) {
      const res = await survey(order.id, w.customer.token, body);
      expect(res.status, path).toBe(400);
      expect(res.body.error.fields[0].path).toBe(path);
    }
    expect(await Survey.countDocuments({ orderId: order.id })).toBe(0);
    expect((await survey(order.id, w.customer.token, goodAnswer({ comment: '好'.repeat(500), recommendation: undefined }))).status).toBe(201);
  });

  it('refuses an answer from the order’s engineer or the outlet’s staff (403)', async () => {
    const order = await closedOrder(t, w);
    for (const token of [w.engineers[0]!.token, w.tokens.manager]) expect((await survey(order.id, token, goodAnswer())).status).toBe(403);
    expect(await Survey.countDocuments({ orderId: order.id })).toBe(0);
  });
});

describe('a low result', () => {
  it('opens exactly one return-visit task, tells the outlet’s managers, and offers a free second visit or a complaint', async () => {
    const order = await closedOrder(t, w);
    const res = await survey(order.id, w.customer.token, goodAnswer({ scores: { punctuality: 2 } }));
    expect(res.status).toBe(201);
    expect(res.body.survey).toMatchObject({ low: true, lowReasons: [{ code: 'element_low', element: 'punctuality', score: 2, text: '准时上门 2 分' }] });
    expect(res.body.followUp).toEqual({ returnVisitTaskId: expect.any(String), canRequestRework: true, canComplain: true });
    expect(res.body.survey.returnVisitTaskId).toBe(res.body.followUp.returnVisitTaskId);

    const tasks = await ReturnVisit.find({ orderId: order.id }).lean();
    expect(tasks).toHaveLength(1);
    const manager = (await User.findOne({ role: 'outlet_manager', outletId: w.outlet.id }).sort({ createdAt: 1 }).lean())!;
    expect(tasks[0]).toMatchObject({ reason: 'low_survey', status: 'open', orderNo: order.orderNo });
    expect(String(tasks[0]!.surveyId)).toBe(res.body.survey.id);
    expect(String(tasks[0]!._id)).toBe(res.body.followUp.returnVisitTaskId);
    expect(String(tasks[0]!.assigneeId)).toBe(String(manager._id));
    expect(await Notification.countDocuments({ userId: manager._id, type: 'survey_low', orderId: order.id })).toBe(1);

    const event = (await Order.findById(order.id).lean())!.timeline.at(-1)!;
    expect(event).toMatchObject({ type: 'survey_submitted', data: { overall: 5, low: true } });

    // Coming back to the survey later, the customer still sees the offer.
    const later = await readSurvey(order.id, w.customer.token);
    expect(later.body.followUp).toEqual(res.body.followUp);
  });

  it('is also an overall of 3 or a problem not solved, each with its reason; 3 on an element with overall 4 is not low', async () => {
    const cases: Array<[Record<string, unknown>, boolean, string[]]> = [
      [goodAnswer({ scores: { overall: 3 } }), true, ['overall_low']],
      [goodAnswer({ problemSolved: false }), true, ['problem_not_solved']],
      [goodAnswer({ scores: { clean_site: 3, overall: 4 } }), false, []],
    ];
    for (const [body, low, codes] of cases) {
      const order = await closedOrder(t, w);
      const res = await survey(order.id, w.customer.token, body);
      expect(res.status).toBe(201);
      expect(res.body.survey.low).toBe(low);
      expect(res.body.survey.lowReasons.map((r: { code: string }) => r.code)).toEqual(codes);
      expect(res.body.followUp === null).toBe(!low);
      expect(await ReturnVisit.countDocuments({ orderId: order.id, reason: 'low_survey' })).toBe(low ? 1 : 0);
    }
  });

  it('does not offer a second visit once one was requested for the order', async () => {
    const order = await closedOrder(t, w);
    await Order.updateOne({ _id: order.id }, { $set: { reworkOrderId: (await Order.findById(order.id).lean())!._id } });
    const res = await survey(order.id, w.customer.token, goodAnswer({ scores: { overall: 1 } }));
    expect(res.status).toBe(201);
    expect(res.body.followUp).toMatchObject({ canRequestRework: false, canComplain: true });
  });
});

describe('survey results for staff', () => {
  /** A separate outlet (滨江区) whose surveys are exactly the three answered here. */
  let w2: OrderWorld;
  let orders: Array<{ id: string; orderNo: string }>;
  beforeAll(async () => {
    w2 = await buildWorld(t, { district: '330108', capacity: 50 });
    orders = [await closedOrder(t, w2, 0), await closedOrder(t, w2, 0), await closedOrder(t, w2, 1)];
    const answers = [
      goodAnswer({ scores: { punctuality: 5, overall: 5 }, recommendation: 10 }),
      goodAnswer({ scores: { punctuality: 4, overall: 4 }, recommendation: null, comment: '=HYPERLINK("x"),"引号"' }),
      goodAnswer({ scores: { punctuality: 1, overall: 2 }, problemSolved: false, recommendation: 3 }),
    ];
    for (const [i, body] of answers.entries()) expect((await survey(orders[i]!.id, w2.customer.token, body)).status).toBe(201);
  });

  it('GET /surveys/summary gives per-element averages and counts for the outlet', async () => {
    const res = await t.request('GET', '/api/v1/surveys/summary', { token: w2.tokens.manager });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ count: 3, lowCount: 1, overallAverage: 3.67, problemSolved: { yes: 2, no: 1 }, recommendation: { count: 2, average: 6.5 } });
    const byKey = Object.fromEntries(res.body.elements.map((e: { key: string }) => [e.key, e]));
    expect(byKey.punctuality).toEqual({ key: 'punctuality', label: '准时上门', average: 3.33, count: 3 });
    expect(byKey.courtesy).toMatchObject({ average: 5, count: 3 });
    expect(res.body.elements).toHaveLength(9);
  });

  it('GET /surveys/summary applies the filters: engineer, low only, element at most n', async () => {
    const engineer = await t.request('GET', `/api/v1/surveys/summary?engineerId=${w2.engineers[1]!.engineerId}`, { token: w2.tokens.manager });
    expect(engineer.body).toMatchObject({ count: 1, overallAverage: 2 });
    const low = await t.request('GET', '/api/v1/surveys/summary?low=true', { token: w2.tokens.manager });
    expect(low.body).toMatchObject({ count: 1, lowCount: 1 });
    const atMost = await t.request('GET', '/api/v1/surveys/summary?element=punctuality&atMost=4', { token: w2.tokens.manager });
    expect(atMost.body).toMatchObject({ count: 2, overallAverage: 3 });
    const half = await t.request('GET', '/api/v1/surveys/summary?element=punctuality', { token: w2.tokens.manager });
    expect(half.status).toBe(400);
    expect(half.body.error.fields[0].path).toBe('query.atMost');
  });

  it('GET /surveys lists the outlet’s answers, newest first, paginated and filtered; platform admins pick an outlet', async () => {
    const page = await t.request('GET', '/api/v1/surveys?pageSize=2', { token: w2.tokens.manager });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page.body.items.map((s: { orderNo: string }) => s.orderNo)).toEqual([orders[2]!.orderNo, orders[1]!.orderNo]);
    const low = await t.request('GET', '/api/v1/surveys?low=true', { token: w2.tokens.manager });
    expect(low.body.items.map((s: { orderNo: string }) => s.orderNo)).toEqual([orders[2]!.orderNo]);
    const admin = await t.request('GET', `/api/v1/surveys?outletId=${w2.outlet.id}`, { token: w2.tokens.admin });
    expect(admin.body.total).toBe(3);
    const mine = await t.request('GET', '/api/v1/surveys?pageSize=100', { token: w.tokens.manager });
    expect(mine.body.items.some((s: { outletId: string }) => s.outletId === w2.outlet.id)).toBe(false);
    const sneaky = await t.request('GET', `/api/v1/surveys?outletId=${w2.outlet.id}`, { token: w.tokens.manager });
    expect(sneaky.body.total).toBe(0);
  });

  it('GET /surveys/:id shows one answer to its outlet’s staff; another outlet’s manager gets 404', async () => {
    const id = (await Survey.findOne({ orderId: orders[0]!.id }).lean())!._id.toString();
    expect((await t.request('GET', `/api/v1/surveys/${id}`, { token: w2.tokens.manager })).body).toMatchObject({ id, orderNo: orders[0]!.orderNo });
    expect((await t.request('GET', `/api/v1/surveys/${id}`, { token: w.tokens.manager })).status).toBe(404);
  });

  it('never shows an engineer single answers: list, summary and one survey are 403', async () => {
    const id = (await Survey.findOne({ orderId: orders[0]!.id }).lean())!._id.toString();
    for (const path of ['/api/v1/surveys', '/api/v1/surveys/summary', `/api/v1/surveys/${id}`, '/api/v1/admin/exports/surveys.csv?from=2020-01-01&to=2020-01-02']) {
      const res = await t.request('GET', path, { token: w2.engineers[0]!.token });
      expect(res.status, path).toBe(403);
    }
  });

  it('surveyStatsFor gives the lead’s scores the same aggregates, per outlet and per engineer', async () => {
    const outlet = await surveyStatsFor({ outletId: (await Order.findById(orders[0]!.id).lean())!.outletId });
    expect(outlet).toMatchObject({ count: 3, lowCount: 1, overallAverage: 3.67 });
    expect(outlet.averages).toMatchObject({ punctuality: 3.33, overall: 3.67, courtesy: 5 });
    const engineer = await surveyStatsFor({ engineerId: (await Order.findById(orders[2]!.id).lean())!.engineerId! });
    expect(engineer).toMatchObject({ count: 1, lowCount: 1, overallAverage: 2 });
    const future = await surveyStatsFor({ outletId: (await Order.findById(orders[0]!.id).lean())!.outletId, from: new Date(t.clock.now().getTime() + DAY_MS) });
    expect(future).toMatchObject({ count: 0, lowCount: 0, overallAverage: null });
  });

  it('GET /admin/exports/surveys.csv streams one row per survey of the caller’s outlet, UTF-8 with a BOM and a bilingual header', async () => {
    const today = new Date(t.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const res = await fetch(`${t.url}/api/v1/admin/exports/surveys.csv?from=${today}&to=${today}`, { headers: { authorization: `Bearer ${w2.tokens.manager}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="fangxin-surveys-/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toContain('订单号 (Order No.)');
    expect(lines[0]).toContain('准时上门 (Punctuality)');
    expect(lines).toHaveLength(4);
    for (const o of orders) expect(lines.filter((l) => l.includes(o.orderNo))).toHaveLength(1);
    // A comment that looks like a formula is defused and quoted.
    expect(text).toContain(`"'=HYPERLINK(""x""),""引号"""`);
    expect(await AuditEntry.countDocuments({ action: 'export.surveys_csv', outletId: w2.outlet.id })).toBe(1);

    const other = await t.request('GET', `/api/v1/admin/exports/surveys.csv?from=${today}&to=${today}`, { token: w.tokens.manager });
    expect(other.status).toBe(200);
    for (const o of orders) expect(other.body).not.toContain(o.orderNo);
    const foreign = await t.request('GET', `/api/v1/admin/exports/surveys.csv?from=${today}&to=${today}&outletId=${w2.outlet.id}`, { token: w.tokens.manager });
    expect(foreign.status).toBe(404);
    const admin = await t.request('GET', `/api/v1/admin/exports/surveys.csv?from=${today}&to=${today}&outletId=${w2.outlet.id}`, { token: w2.tokens.admin });
    expect(admin.body.trimEnd().split('\r\n')).toHaveLength(4);
  });

  it('GET /admin/exports/surveys.csv refuses a reversed or missing period with 400', async () => {
    expect((await t.request('GET', '/api/v1/admin/exports/surveys.csv?from=2026-02-01&to=2026-01-01', { token: w2.tokens.manager })).status).toBe(400);
    expect((await t.request('GET', '/api/v1/admin/exports/surveys.csv', { token: w2.tokens.manager })).status).toBe(400);
  });
});

describe('survey templates (platform admin)', () => {
  const input = (code: string) => ({
    code,
    name: '安装服务简版问卷',
    elements: [
      { key: 'punctuality', label: '准时上门' },
      { key: 'overall', label: '总体满意度' },
    ],
    askRecommendation: false,
  });

  it('creates, edits and makes a template the default; customers then answer its questions only', async () => {
    const created = await t.request('POST', '/api/v1/admin/survey-templates', { token: w.tokens.admin, body: input('short-install') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'short-install', isDefault: false, inUse: false, active: true });
    const renamed = await t.request('PATCH', `/api/v1/admin/survey-templates/${created.body.id}`, { token: w.tokens.admin, body: { name: '安装简版' } });
    expect(renamed.body.name).toBe('安装简版');
    const standardId = (await SurveyTemplate.findOne({ code: 'standard-s7' }).lean())!._id.toString();
    try {
      const made = await t.request('POST', `/api/v1/admin/survey-templates/${created.body.id}/default`, { token: w.tokens.admin });
      expect(made.status).toBe(200);
      expect(made.body.isDefault).toBe(true);
      const list = await t.request('GET', '/api/v1/admin/survey-templates', { token: w.tokens.admin });
      expect(list.body.items.filter((x: { isDefault: boolean }) => x.isDefault).map((x: { id: string }) => x.id)).toEqual([created.body.id]);

      const order = await closedOrder(t, w);
      const offered = await readSurvey(order.id, w.customer.token);
      expect(offered.body.template.id).toBe(created.body.id);
      const nine = await survey(order.id, w.customer.token, goodAnswer());
      expect(nine.status).toBe(400);
      expect(nine.body.error.fields.map((f: { path: string }) => f.path)).toContain('scores.appearance');
      const ok = await survey(order.id, w.customer.token, { templateId: created.body.id, scores: { punctuality: 4, overall: 5 }, problemSolved: true });
      expect(ok.status).toBe(201);
      expect(ok.body.survey.templateId).toBe(created.body.id);

      // Answered once: its questions are frozen, its name is not; as the default it can be neither disabled nor deleted.
      const frozen = await t.request('PATCH', `/api/v1/admin/survey-templates/${created.body.id}`, { token: w.tokens.admin, body: { elements: [{ key: 'overall', label: '总体' }] } });
      expect(frozen.status).toBe(409);
      expect((await SurveyTemplate.findById(created.body.id).lean())!.elements).toHaveLength(2);
      expect((await t.request('PATCH', `/api/v1/admin/survey-templates/${created.body.id}`, { token: w.tokens.admin, body: { active: false } })).status).toBe(409);
      expect((await t.request('DELETE', `/api/v1/admin/survey-templates/${created.body.id}`, { token: w.tokens.admin })).status).toBe(409);
    } finally {
      expect((await t.request('POST', `/api/v1/admin/survey-templates/${standardId}/default`, { token: w.tokens.admin })).status).toBe(200);
    }
    expect((await t.request('DELETE', `/api/v1/admin/survey-templates/${created.body.id}`, { token: w.tokens.admin })).status).toBe(409);
    expect(await AuditEntry.countDocuments({ action: { $regex: '^survey_template\\.' }, target: 'survey_template:short-install' })).toBeGreaterThanOrEqual(3);
  });

  it('refuses a template without overall, with a repeated element or a taken code; deletes an unused one', async () => {
    const noOverall = await t.request('POST', '/api/v1/admin/survey-templates', { token: w.tokens.admin, body: { ...input('no-overall'), elements: [{ key: 'punctuality', label: '准时上门' }] } });
    expect(noOverall.status).toBe(400);
    expect(noOverall.body.error.fields[0].path).toBe('elements');
    const twice = await t.request('POST', '/api/v1/admin/survey-templates', { token: w.tokens.admin, body: { ...input('twice'), elements: [{ key: 'overall', label: '总体' }, { key: 'overall', label: '总体' }] } });
    expect(twice.status).toBe(400);
    const first = await t.request('POST', '/api/v1/admin/survey-templates', { token: w.tokens.admin, body: input('unused-one') });
    const taken = await t.request('POST', '/api/v1/admin/survey-templates', { token: w.tokens.admin, body: input('unused-one') });
    expect(taken.status).toBe(409);
    const edited = await t.request('PATCH', `/api/v1/admin/survey-templates/${first.body.id}`, { token: w.tokens.admin, body: { elements: [{ key: 'overall', label: '总体满意度' }] } });
    expect(edited.status).toBe(200);
    expect(edited.body.elements).toHaveLength(1);
    expect((await t.request('DELETE', `/api/v1/admin/survey-templates/${first.body.id}`, { token: w.tokens.admin })).status).toBe(204);
    expect(await SurveyTemplate.countDocuments({ code: 'unused-one' })).toBe(0);
  });

  it('seeds the standard template as the default once, however often (and however concurrently) it is ensured', async () => {
    const results = await Promise.all([1, 2, 3].map(() => ensureDefaultSurveyTemplate(t.clock)));
    expect(new Set(results.map((r) => String(r._id))).size).toBe(1);
    expect(await SurveyTemplate.countDocuments({ code: 'standard-s7' })).toBe(1);
    const list = await t.request('GET', '/api/v1/admin/survey-templates', { token: w.tokens.admin });
    expect(list.body.items.filter((x: { isDefault: boolean }) => x.isDefault).map((x: { code: string }) => x.code)).toEqual(['standard-s7']);
  });

  it('is for platform admins only (403 for outlet managers)', async () => {
    expect((await t.request('GET', '/api/v1/admin/survey-templates', { token: w.tokens.manager })).status).toBe(403);
    expect((await t.request('POST', '/api/v1/admin/survey-templates', { token: w.tokens.manager, body: input('by-manager') })).status).toBe(403);
  });
});

describe('survey reminder job', () => {
  it('reminds the customer of a closed, unanswered order once, after a day — not before, not twice, not with two instances, not when answered', async () => {
    const unanswered = await closedOrder(t, w);
    const answered = await closedOrder(t, w);
    expect((await survey(answered.id, w.customer.token, goodAnswer())).status).toBe(201);
    const job = backgroundJobs(t.deps).find((j) => j.name === 'surveys.remind')!;
    const reminders = (orderId: string) => Notification.countDocuments({ userId: w.customer.id, type: 'survey_reminder', orderId });

    await later(23 * 3600_000, async () => {
      await JobLease.deleteMany({});
      expect((await runJobOnce(job, t.clock, 'a')).ran).toBe(true);
    });
    expect(await reminders(unanswered.id)).toBe(0);

    await later(25 * 3600_000, async () => {
      await JobLease.deleteMany({});
      const [a, b] = await Promise.all([runJobOnce(job, t.clock, 'a'), runJobOnce(job, t.clock, 'b')]);
      expect([a.ran, b.ran].filter(Boolean)).toHaveLength(1);
      await JobLease.deleteMany({});
      await runJobOnce(job, t.clock, 'b');
    });
    expect(await reminders(unanswered.id)).toBe(1);
    expect(await reminders(answered.id)).toBe(0);
    expect((await SurveyInvitation.findOne({ orderId: unanswered.id }).lean())!.surveyReminderSentAt).not.toBeNull();
    await JobLease.deleteMany({});
  });
});
