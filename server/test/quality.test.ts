import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, QUALITY_TERM_KEYS, QUALITY_WEIGHTS, shanghaiDay, SURVEY_ELEMENT_KEYS, SURVEY_PRIVACY_MIN, SURVEY_PRIVACY_NOTE } from '@fangxin/shared';
import { Order } from '../src/modules/orders/model';
import { Survey } from '../src/modules/surveys/model';
import { Engineer } from '../src/modules/network/model';
import { WorkCard } from '../src/modules/cards/model';
import { EngineerScore, OutletScore } from '../src/modules/quality/model';
import { recomputeQualityScores } from '../src/modules/quality/service';
import { rollupDailyStats } from '../src/modules/analytics/rollup';
import { runJobOnce } from '../src/lib/jobs';
import { backgroundJobs } from '../src/modules/jobs';
import { createEngineer, createOutlet, createStaff } from './factories';
import { book, buildWorld, staffToken, uniqueSlot, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

const H = 3600_000;
let t: TestServer;
let w: OrderWorld;
let today: string;

beforeAll(async () => {
  t = await startTestServer();
  w = await buildWorld(t, { capacity: 50 });
  today = shanghaiDay(t.clock.now());
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

let seq = 0;
const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

/**
 * A closed order of `day`, stored as the orders module stores it: on time unless `breached`, with a second visit
 * requested when `reworked`.
 */
function closedOrder(outletId: string, engineerId: string | null, day: string, opts: { breached?: boolean; reworked?: boolean; status?: 'closed' | 'accepted' } = {}) {
  const createdAt = at(day, 9);
  const oid = new Types.ObjectId(outletId);
  const closed = (opts.status ?? 'closed') === 'closed';
  return {
    orderNo: `QQ${Date.now()}${String(seq++).padStart(5, '0')}`,
    customerId: new Types.ObjectId(),
    outletId: oid,
    category: 'air_conditioner',
    serviceType: 'repair',
    reworkOrderId: opts.reworked ? new Types.ObjectId() : null,
    fault: { description: '不制冷', photoIds: [] },
    contact: { name: '测试', phone: '13800000000', districtCode: '330106', detail: '测试地址' },
    slot: { outletId: oid, day, window: '14-16', startAt: at(day, 14), endAt: at(day, 16) },
    status: opts.status ?? 'closed',
    engineerId: engineerId ? new Types.ObjectId(engineerId) : null,
    catalogVersion: 1,
    quotes: [{ no: 1, items: [], totalFen: 0, status: 'confirmed', createdAt, decidedAt: createdAt, rejectReason: null }],
    timeline: [],
    timelineHead: `head-${seq}`,
    createdDay: day,
    closedDay: closed ? day : null,
    sla: {
      respondDueAt: new Date(createdAt.getTime() + 24 * H),
      respondRiskAt: new Date(createdAt.getTime() + 19 * H),
      arriveDueAt: at(day, 16),
      arriveRiskAt: at(day, 15),
      resolveDueAt: at(day, 20),
      resolveRiskAt: at(day, 19),
      pausedMs: 0,
      pausedSince: null,
      atRisk: {},
      breaches: opts.breached ? { arrive: at(day, 16) } : {},
    },
    times: { acceptedAt: at(day, 10), arrivedAt: at(day, opts.breached ? 17 : 15), completedAt: at(day, 18), ...(closed ? { closedAt: at(day, 19) } : {}) },
    createdAt,
    updatedAt: new Date(),
  };
}

async function surveyOf(outletId: string, engineerId: string, day: string, overall: number) {
  await Survey.create({
    orderId: new Types.ObjectId(),
    orderNo: `QS${seq++}`,
    customerId: new Types.ObjectId(),
    outletId,
    engineerId,
    templateId: new Types.ObjectId(),
    scores: { ...Object.fromEntries(SURVEY_ELEMENT_KEYS.map((k) => [k, overall])), overall },
    problemSolved: overall > 2,
    low: overall <= 3,
    submittedAt: at(day, 12),
    submittedDay: day,
  });
}

const sumOf = (terms: Array<{ contribution: number }>) => Math.round(terms.reduce((s, x) => s + x.contribution * 10, 0)) / 10;

describe('GET /api/v1/quality/me', () => {
  it('gives an engineer their own breakdown, term by term, adding up to the score', async () => {
    const e = await createEngineer(w.outlet.id);
    const day = addDays(today, -3);
    await Order.insertMany([closedOrder(w.outlet.id, e.engineerId, day), closedOrder(w.outlet.id, e.engineerId, day, { breached: true, reworked: true })]);
    await surveyOf(w.outlet.id, e.engineerId, day, 4);
    await rollupDailyStats(t.clock);
    await recomputeQualityScores(t.clock);

    const res = await t.request('GET', '/api/v1/quality/me', { token: await staffToken(t, e.username) });
    expect(res.status).toBe(200);
    expect(res.body.subject).toMatchObject({ type: 'engineer', id: e.engineerId, outletId: w.outlet.id });
    expect(res.body.period).toEqual({ from: addDays(today, -89), to: today, days: 90 });
    expect(res.body.terms.map((x: { key: string }) => x.key)).toEqual([...QUALITY_TERM_KEYS]);
    expect(sumOf(res.body.terms)).toBe(res.body.score);
    const byKey = Object.fromEntries(res.body.terms.map((x: { key: string }) => [x.key, x]));
    // One survey: the engineer sees that it arrived, not its score (S7), and the score does not use it yet.
    expect(byKey.satisfaction).toMatchObject({ label: '客户满意度', value: null, sample: 1, weight: QUALITY_WEIGHTS.satisfaction });
    expect(byKey.satisfaction.detail).toContain(SURVEY_PRIVACY_NOTE);
    expect(byKey.sla).toMatchObject({ value: 0.5, sample: 2 });
    expect(byKey.first_time_fix).toMatchObject({ value: 0.5, sample: 2 });
    expect(byKey.complaints).toMatchObject({ value: 0, sample: 2 });
    expect(byKey.off_catalogue).toMatchObject({ value: 0, sample: 2 });
    expect(byKey.sla.detail).toContain('2 单中 1 单无超时');
  });

  it('shows an engineer nothing but their own: staff endpoints are 403, and staff accounts have no "me"', async () => {
    const token = w.engineers[0]!.token;
    expect((await t.request('GET', `/api/v1/quality/engineers/${w.engineers[1]!.engineerId}`, { token })).status).toBe(403);
    expect((await t.request('GET', `/api/v1/quality/outlets/${w.outlet.id}`, { token })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/quality/rankings?scope=engineers', { token })).status).toBe(403);
    const me = await t.request('GET', '/api/v1/quality/me', { token });
    expect(me.body.subject.id).toBe(w.engineers[0]!.engineerId);
    expect((await t.request('GET', '/api/v1/quality/me', { token: w.tokens.manager })).status).toBe(403);
  });
});

describe('GET /api/v1/quality/engineers/:id and /quality/outlets/:id', () => {
  it('answers the engineer’s own outlet manager and the platform admin', async () => {
    for (const token of [w.tokens.manager, w.tokens.admin]) {
      const res = await t.request('GET', `/api/v1/quality/engineers/${w.engineers[0]!.engineerId}`, { token });
      expect(res.status).toBe(200);
      // Without any order the engineer has no score (暂无评分); the terms still explain what it would start from.
      const unscored = res.body.terms.every((x: { sample: number }) => x.sample === 0);
      expect(res.body.score).toBe(unscored ? null : sumOf(res.body.terms));
      const outlet = await t.request('GET', `/api/v1/quality/outlets/${w.outlet.id}?from=${addDays(today, -29)}&to=${today}`, { token });
      expect(outlet.status).toBe(200);
      expect(outlet.body.subject).toMatchObject({ type: 'outlet', id: w.outlet.id });
      expect(outlet.body.period.days).toBe(30);
      expect(sumOf(outlet.body.terms)).toBe(outlet.body.score);
    }
  });

  it('answers 404 to a manager of another outlet, exactly as for an id that does not exist', async () => {
    const engineer = await t.request('GET', `/api/v1/quality/engineers/${w.engineers[0]!.engineerId}`, { token: w.tokens.otherManager });
    expect(engineer.status).toBe(404);
    expect(engineer.body.error.id).toBe('not_found');
    const outlet = await t.request('GET', `/api/v1/quality/outlets/${w.outlet.id}`, { token: w.tokens.otherManager });
    expect(outlet.status).toBe(404);
    const missing = await t.request('GET', `/api/v1/quality/engineers/${new Types.ObjectId()}`, { token: w.tokens.admin });
    expect(missing.status).toBe(404);
  });
});

describe('GET /api/v1/quality/rankings', () => {
  /** Seven outlets with a record in a quiet stretch of the past: two flawless, five missing more and more deadlines. */
  async function rankedWorld() {
    const from = addDays(today, -220);
    const to = addDays(today, -200);
    const outlets = [];
    for (let i = 0; i < 7; i++) outlets.push(await createOutlet({ name: `排名网点${i}`, districtCodes: [] }));
    const docs = [];
    for (const [i, outlet] of outlets.entries()) {
      const orders = i < 2 ? 40 : 10;
      const breached = i < 2 ? 0 : 4 + i; // 6, 7, 8, 9, 10 of 10
      for (let n = 0; n < orders; n++) docs.push(closedOrder(outlet.id, null, addDays(from, n % 20), { breached: n < breached }));
    }
    await Order.insertMany(docs);
    await rollupDailyStats(t.clock);
    return { outlets, from, to };
  }

  it('ranks outlets best first and flags the bottom five', async () => {
    const { outlets, from, to } = await rankedWorld();
    const res = await t.request('GET', `/api/v1/quality/rankings?scope=outlets&from=${from}&to=${to}`, { token: w.tokens.admin });
    expect(res.status).toBe(200);
    const all: Array<{ id: string; rank: number | null; score: number | null; bottomFive: boolean; terms: Record<string, { contribution: number }> }> = res.body.items;
    // Outlets without any order in the period have no score and no rank, and come last.
    const items = all.filter((i) => i.score !== null);
    expect(all.slice(items.length).every((i) => i.score === null && i.rank === null && !i.bottomFive)).toBe(true);
    const scores = items.map((i) => i.score!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(items.map((i) => i.rank)).toEqual(items.map((_, n) => (n > 0 && scores[n - 1] === scores[n] ? items[n - 1]!.rank : n + 1)));
    // The five struggling outlets rank last, worst last; of 7 ranked outlets at most ⌊7/2⌋ = 3 are named at the
    // bottom (bottomOutletIds in shared/src/domain/governance.ts): the three worst; nobody else is flagged.
    expect(items.slice(-5).map((i) => i.id)).toEqual(outlets.slice(2).map((o) => o.id));
    expect(items.filter((i) => i.bottomFive).map((i) => i.id)).toEqual(outlets.slice(4).map((o) => o.id));
    expect(items.slice(0, 2).map((i) => i.id).sort()).toEqual(outlets.slice(0, 2).map((o) => o.id).sort());
    expect(Object.keys(items[0]!.terms).sort()).toEqual([...QUALITY_TERM_KEYS].sort());

    // A manager sees the same outlet ranking.
    const manager = await t.request('GET', `/api/v1/quality/rankings?scope=outlets&from=${from}&to=${to}`, { token: w.tokens.manager });
    expect(manager.status).toBe(200);
    expect(manager.body.items.map((i: { id: string }) => i.id)).toEqual(all.map((i) => i.id));
  });

  it('shows a manager only their own outlet’s engineers, and 404 for another outlet’s', async () => {
    const own = await t.request('GET', '/api/v1/quality/rankings?scope=engineers', { token: w.tokens.manager });
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThanOrEqual(3);
    expect(own.body.items.every((i: { outletId: string }) => i.outletId === w.outlet.id)).toBe(true);
    const otherOutlet = (await createOutlet({ districtCodes: [] })).id;
    const other = await t.request('GET', `/api/v1/quality/rankings?scope=engineers&outletId=${otherOutlet}`, { token: w.tokens.manager });
    expect(other.status).toBe(404);
    const admin = await t.request('GET', `/api/v1/quality/rankings?scope=engineers&outletId=${w.outlet.id}`, { token: w.tokens.admin });
    expect(admin.body.items.map((i: { id: string }) => i.id).sort()).toEqual(own.body.items.map((i: { id: string }) => i.id).sort());
  });

  it('refuses an unknown scope or a reversed period with 400', async () => {
    for (const q of ['', '?scope=people', `?scope=outlets&from=${today}&to=${addDays(today, -1)}`]) {
      const res = await t.request('GET', `/api/v1/quality/rankings${q}`, { token: w.tokens.admin });
      expect(res.status).toBe(400);
    }
  });
});

describe('the quality.recompute job', () => {
  it('writes Engineer.qualityScore, which reorders the dispatch suggestions, and changes nothing when run again', async () => {
    const [first, second] = [w.engineers[0]!, w.engineers[1]!];
    await Engineer.updateOne({ _id: first.engineerId }, { $set: { qualityScore: 90 } });
    await Engineer.updateOne({ _id: second.engineerId }, { $set: { qualityScore: 85 } });
    const order = await book(t, w, { slot: uniqueSlot(w) });
    const before = await t.request('GET', `/api/v1/orders/${order.id}/candidates`, { token: w.tokens.manager });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(before.body.items[0].engineerId).toBe(first.engineerId); // 90 against 85, set by the world

    // The first engineer's recent record: late, reworked and disliked; the second's: flawless.
    const docs = [];
    for (let n = 0; n < 12; n++) {
      const day = addDays(today, -10 - n);
      docs.push(closedOrder(w.outlet.id, first.engineerId, day, { breached: true, reworked: true }));
      docs.push(closedOrder(w.outlet.id, second.engineerId, day));
    }
    await Order.insertMany(docs);
    for (let n = 0; n < 6; n++) {
      await surveyOf(w.outlet.id, first.engineerId, addDays(today, -10 - n), 2);
      await surveyOf(w.outlet.id, second.engineerId, addDays(today, -10 - n), 5);
    }

    const job = backgroundJobs(t.deps).find((j) => j.name === 'quality.recompute')!;
    const run = await runJobOnce(job, t.clock);
    expect(run.ran).toBe(true);
    const [a, b] = await Promise.all([Engineer.findById(first.engineerId).lean(), Engineer.findById(second.engineerId).lean()]);
    expect(b!.qualityScore).toBeGreaterThan(a!.qualityScore!);
    expect(a!.qualityScore).toBeLessThan(60);

    // The stored score is the breakdown's score for the default period.
    const explained = await t.request('GET', `/api/v1/quality/engineers/${first.engineerId}`, { token: w.tokens.manager });
    expect(explained.body.score).toBe(a!.qualityScore);
    expect(explained.body.storedScore).toBe(a!.qualityScore);
    expect(await OutletScore.findById(w.outlet.id).lean()).toMatchObject({ period: { from: addDays(today, -89), to: today } });

    const after = await t.request('GET', `/api/v1/orders/${order.id}/candidates`, { token: w.tokens.manager });
    expect(after.body.items[0].engineerId).toBe(second.engineerId);
    expect(after.body.items[0].qualityScore).toBe(b!.qualityScore);

    const again = await runJobOnce(job, t.clock);
    expect((again.result as { scores: { changed: number } }).scores.changed).toBe(0);
    expect((await Engineer.findById(first.engineerId).lean())!.qualityScore).toBe(a!.qualityScore);
  });

  it('gives an engineer without any record no score (暂无评分) rather than the average or an extreme', async () => {
    const fresh = await createEngineer(w.outlet.id);
    expect((await Engineer.findById(fresh.engineerId).lean())!.qualityScore).toBeNull();
    await runJobOnce(backgroundJobs(t.deps).find((j) => j.name === 'quality.recompute')!, t.clock);
    const res = await t.request('GET', `/api/v1/quality/engineers/${fresh.engineerId}`, { token: w.tokens.admin });
    expect(res.body.terms.every((x: { sample: number; value: number | null }) => x.sample === 0 && x.value === null)).toBe(true);
    expect(res.body.score).toBeNull();
    expect((await Engineer.findById(fresh.engineerId).lean())!.qualityScore).toBeNull();
    expect(await EngineerScore.findById(fresh.engineerId).lean()).toMatchObject({ score: null, rank: null });
  });
});


describe('one score for one engineer (S11)', () => {
  /** A fresh outlet with four engineers: two with the same flawless record, one with late and reworked orders, one without any order. */
  async function outletOfFour() {
    const outlet = await createOutlet({ districtCodes: ['330106'] });
    const engineers = [];
    for (let i = 0; i < 4; i++) {
      const e = await createEngineer(outlet.id);
      await Engineer.updateOne({ _id: e.engineerId }, { $set: { employeeNo: `TIE-${outlet.id.slice(-6)}-${i}` } });
      await WorkCard.create({ serial: `TQ-${outlet.id.slice(-6)}-${i}`, engineerId: e.engineerId, status: 'active', issuedAt: new Date() });
      engineers.push(e);
    }
    const [a, b, c] = engineers;
    const docs = [];
    for (let n = 0; n < 8; n++) {
      const day = addDays(today, -20 - n);
      docs.push(closedOrder(outlet.id, a!.engineerId, day), closedOrder(outlet.id, b!.engineerId, day));
      docs.push(closedOrder(outlet.id, c!.engineerId, day, { breached: n < 5, reworked: n < 3 }));
    }
    await Order.insertMany(docs);
    await rollupDailyStats(t.clock);
    await recomputeQualityScores(t.clock);
    return { outlet, engineers };
  }

  it('ranks ties together (1, 1, 3) in a stable order and lists an engineer without orders last, as 暂无评分', async () => {
    const { outlet, engineers } = await outletOfFour();
    const res = await t.request('GET', `/api/v1/quality/rankings?scope=engineers&outletId=${outlet.id}`, { token: w.tokens.admin });
    expect(res.status).toBe(200);
    const items: Array<{ id: string; rank: number | null; score: number | null }> = res.body.items;
    expect(items.map((i) => i.id)).toEqual(engineers.map((e) => e.engineerId)); // a and b by employee number, then c, then d
    expect(items.map((i) => i.rank)).toEqual([1, 1, 3, null]);
    expect(items[0]!.score).toBe(items[1]!.score);
    expect(items[2]!.score).toBeLessThan(items[0]!.score!);
    expect(items[3]!.score).toBeNull();
    expect(res.body.asOf).toEqual(expect.any(String)); // the stored scores, and when they were computed

    // The same period asked for explicitly is the stored one too.
    const explicit = await t.request('GET', `/api/v1/quality/rankings?scope=engineers&outletId=${outlet.id}&from=${addDays(today, -89)}&to=${today}`, { token: w.tokens.admin });
    expect(explicit.body.items.map((i: { score: number | null }) => i.score)).toEqual(items.map((i) => i.score));
    expect(explicit.body.asOf).toBe(res.body.asOf);
    // Another period (before any of these orders): nobody has a score, nobody is ranked.
    const quiet = await t.request('GET', `/api/v1/quality/rankings?scope=engineers&outletId=${outlet.id}&from=${addDays(today, -300)}&to=${addDays(today, -250)}`, { token: w.tokens.admin });
    expect(quiet.body.items.map((i: { rank: number | null; score: number | null }) => [i.rank, i.score])).toEqual(engineers.map(() => [null, null]));
    expect(quiet.body.asOf).toBeNull(); // computed on read
  });

  it('shows the same number in dispatch, the engineer list and page, the work card, the rankings and the breakdowns', async () => {
    const { outlet, engineers } = await outletOfFour();
    const c = engineers[2]!;
    const stored = (await Engineer.findById(c.engineerId).lean())!.qualityScore;
    expect(typeof stored).toBe('number');
    const admin = w.tokens.admin;

    const manager = await staffToken(t, (await createStaff('outlet_manager', outlet.id)).username);
    const ranking = await t.request('GET', `/api/v1/quality/rankings?scope=engineers`, { token: manager });
    const list = await t.request('GET', `/api/v1/engineers?outletId=${outlet.id}`, { token: admin });
    const one = await t.request('GET', `/api/v1/engineers/${c.engineerId}`, { token: manager });
    const breakdown = await t.request('GET', `/api/v1/quality/engineers/${c.engineerId}`, { token: manager });
    const mine = await t.request('GET', '/api/v1/quality/me', { token: await staffToken(t, c.username) });
    const card = await t.request('GET', '/api/v1/me/card', { token: await staffToken(t, c.username) });
    const order = await book(t, w, { slot: uniqueSlot(w) });
    await Order.updateOne({ _id: order.id }, { $set: { outletId: new Types.ObjectId(outlet.id) } });
    const candidates = await t.request('GET', `/api/v1/orders/${order.id}/candidates`, { token: admin });

    const shown = {
      ranking: ranking.body.items.find((i: { id: string }) => i.id === c.engineerId)?.score,
      list: list.body.items.find((i: { id: string }) => i.id === c.engineerId)?.qualityScore,
      page: one.body.qualityScore,
      breakdown: breakdown.body.score,
      mine: mine.body.score,
      card: card.body.profile?.rating,
      dispatch: candidates.body.items.find((i: { engineerId: string }) => i.engineerId === c.engineerId)?.qualityScore,
    };
    expect(shown).toEqual({ ranking: stored, list: stored, page: stored, breakdown: stored, mine: stored, card: stored, dispatch: stored });
    // Dispatch lists the engineer without orders after every scored one.
    const eligible = candidates.body.items.filter((i: { eligible: boolean }) => i.eligible);
    expect(eligible.at(-1)).toMatchObject({ engineerId: engineers[3]!.engineerId, qualityScore: null });
    expect(eligible.at(-1).reasons[0]).toBe('质量分 暂无评分');
  });
});

describe('survey privacy (S7): an engineer never gets a single survey\'s score', () => {
  it('answers two engineers whose only difference is one survey (1 star against 5) exactly alike, until there are enough surveys', async () => {
    const outlet = await createOutlet({ districtCodes: [] });
    const [low, high] = [await createEngineer(outlet.id), await createEngineer(outlet.id)];
    const day = addDays(today, -5);
    await Order.insertMany([closedOrder(outlet.id, low.engineerId, day), closedOrder(outlet.id, high.engineerId, day)]);
    await surveyOf(outlet.id, low.engineerId, day, 1);
    await surveyOf(outlet.id, high.engineerId, day, 5);
    await rollupDailyStats(t.clock);
    await recomputeQualityScores(t.clock);

    const seen = async (e: { username: string }, q = '') => {
      const res = await t.request('GET', `/api/v1/quality/me${q}`, { token: await staffToken(t, e.username) });
      expect(res.status).toBe(200);
      const { subject: _subject, ...rest } = res.body;
      return rest;
    };
    for (const q of ['', `?from=${addDays(today, -29)}&to=${today}`]) {
      const [a, b] = [await seen(low, q), await seen(high, q)];
      expect(a).toEqual(b);
      const satisfaction = a.terms.find((x: { key: string }) => x.key === 'satisfaction');
      expect(satisfaction).toMatchObject({ sample: 1, value: null });
      expect(satisfaction.detail).toBe(`已收到 1 份评价；${SURVEY_PRIVACY_NOTE}`);
    }
    // Staff see the count and the average, and that the score does not use it yet.
    const staff = await t.request('GET', `/api/v1/quality/engineers/${low.engineerId}`, { token: w.tokens.admin });
    expect(staff.body.terms.find((x: { key: string }) => x.key === 'satisfaction')).toMatchObject({ value: 1, sample: 1 });

    // From SURVEY_PRIVACY_MIN surveys on, the engineer sees the average (an aggregate no single answer can be read from).
    for (let n = 1; n < SURVEY_PRIVACY_MIN; n++) await surveyOf(outlet.id, low.engineerId, day, 4);
    await rollupDailyStats(t.clock);
    await recomputeQualityScores(t.clock);
    const enough = await seen(low);
    const satisfaction = enough.terms.find((x: { key: string }) => x.key === 'satisfaction');
    expect(satisfaction.sample).toBe(SURVEY_PRIVACY_MIN);
    expect(satisfaction.value).toBeCloseTo((1 + 4 * (SURVEY_PRIVACY_MIN - 1)) / SURVEY_PRIVACY_MIN, 4);
  });
});
