/**
 * Benchmark data shared by `bench:analytics` and `pnpm bench`: the demo outlets, staff and engineers, then N realistic
 * orders over `days` days inserted with insertMany (every status, breaches, second visits, quotes with off-catalogue
 * items), with surveys and complaints for some closed ones. Deterministic: the same call seeds the same data.
 */
import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { addDays, CATEGORY_CODES, COMPLAINT_CATEGORY_CODES, shanghaiDay, SLOT_WINDOWS, SURVEY_ELEMENT_KEYS, type CategoryCode, type OrderStatus } from '@fangxin/shared';
import { systemClock } from '../src/lib/clock';
import { seedDemoData } from '../src/seed/seed';
import { Engineer, Outlet } from '../src/modules/network/model';
import { Order } from '../src/modules/orders/model';
import { Survey } from '../src/modules/surveys/model';
import { Complaint, NO_DUE } from '../src/modules/complaints/model';

const H = 3600_000;

export interface SeedOptions {
  now: Date;
  orders: number;
  days: number;
  /**
   * Also store what the order lists show (contact, the slot's window and outlet). Taken from the order's number,
   * not from the random stream, so the rest of the data is the same with or without it.
   */
  listFields?: boolean;
  progress?: (inserted: number) => void;
}

export interface SeedResult {
  outlets: number;
  engineers: number;
  surveys: number;
  complaints: number;
}

/** Deterministic randomness, so every run seeds the same data. */
function randomStream(seed: number) {
  let state = seed;
  const rand = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const chance = (p: number) => rand() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  function weighted<T>(pairs: Array<[T, number]>): T {
    let r = rand() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of pairs) if ((r -= w) <= 0) return v;
    return pairs[0]![0];
  }
  return { rand, chance, pick, weighted };
}
type Random = ReturnType<typeof randomStream>;

/** An ObjectId minted at `at`, as the record would have got when it was really created. */
const idAt = (at: Date) => new Types.ObjectId(Math.floor(at.getTime() / 1000).toString(16).padStart(8, '0') + crypto.randomBytes(8).toString('hex'));

const CATEGORY_WEIGHTS: Array<[CategoryCode, number]> = CATEGORY_CODES.map((c, i) => [c, c === 'air_conditioner' ? 30 : c === 'washing_machine' ? 15 : 10 - i * 0.5]);

/**
 * Seeded orders carry what the statistics, the SLA sweeper and dispatch read (status, outlet, engineer, category,
 * days, deadlines, times, quotes, rework links), but not the fault text, timeline or quote lines (nor, without
 * `listFields`, the customer's contact): the memory backend holds each document as Java maps (about 10 KB for a full
 * order, measured with a class histogram), and 100,000 full orders plus their surveys would need over 1 GB of the
 * 2 GB heap the benchmarks run with, leaving the engine collecting garbage during the measurements.
 */

/** An order's status by its age: old orders are closed or cancelled, today's are spread over the lifecycle. */
function statusFor(r: Random, age: number): OrderStatus {
  if (age >= 3) return r.weighted([['closed', 92], ['cancelled', 8]]);
  if (age >= 1) return r.weighted([['closed', 55], ['completed', 12], ['in_service', 8], ['awaiting_parts', 4], ['accepted', 8], ['on_the_way', 5], ['cancelled', 8]]);
  return r.weighted([['pending', 22], ['dispatched', 18], ['accepted', 18], ['on_the_way', 10], ['arrived', 6], ['quoted', 6], ['in_service', 12], ['cancelled', 8]]);
}

const REACHED: Record<string, number> = { pending: 0, dispatched: 0, cancelled: 0, accepted: 1, on_the_way: 1, arrived: 2, quoted: 3, in_service: 4, awaiting_parts: 4, completed: 5, closed: 6 };

type SeedOutlet = { _id: Types.ObjectId; districtCodes: string[]; engineers: Array<{ _id: Types.ObjectId; userId: Types.ObjectId }> };

function buildOrder(r: Random, opts: SeedOptions, outlet: SeedOutlet, n: number) {
  const { now, days } = opts;
  const age = Math.floor(r.rand() ** 1.15 * days); // a little busier lately
  const day = addDays(shanghaiDay(now), -age);
  const createdAt = new Date(Math.min(now.getTime() - 5 * 60_000, new Date(`${day}T08:00:00+08:00`).getTime() + r.rand() * 12 * H));
  const status = statusFor(r, age);
  const reached = REACHED[status]!;
  const engineer = status === 'pending' || (status === 'cancelled' && r.chance(0.6)) ? null : r.pick(outlet.engineers);
  const slotStart = new Date(createdAt.getTime() + (4 + Math.floor(r.rand() * 20)) * H);
  const slotEnd = new Date(slotStart.getTime() + 2 * H);
  const respondBreach = r.chance(0.07);
  const arriveBreach = reached >= 2 && r.chance(0.05);
  const resolveBreach = reached >= 5 && r.chance(0.03);
  const times: Record<string, Date> = {};
  if (engineer) times.dispatchedAt = new Date(createdAt.getTime() + 0.5 * H);
  if (reached >= 1) times.acceptedAt = new Date(createdAt.getTime() + (respondBreach ? 26 : 2) * H);
  if (reached >= 2) times.arrivedAt = new Date(slotStart.getTime() + (arriveBreach ? 2.5 : 0.5) * H);
  if (reached >= 5) times.completedAt = new Date(times.arrivedAt!.getTime() + (resolveBreach ? 80 : 2) * H);
  if (status === 'closed') times.closedAt = new Date(times.completedAt!.getTime() + (r.chance(0.5) ? 1 : 48) * H);
  if (status === 'cancelled') times.cancelledAt = new Date(createdAt.getTime() + 3 * H);
  const cap = (d: Date | undefined) => (d && d.getTime() > now.getTime() - 5 * 60_000 ? new Date(now.getTime() - 5 * 60_000 - r.rand() * H) : d);
  for (const k of Object.keys(times)) times[k] = cap(times[k])!;
  const closedDay = times.closedAt ? shanghaiDay(times.closedAt) : null;
  const resolveDueAt = times.arrivedAt ? new Date(times.arrivedAt.getTime() + 72 * H) : null;
  const quoted = reached >= 3 && r.chance(0.75);
  const offCatalogue = quoted && r.chance(0.03) ? 1 : 0;
  const category = r.weighted(CATEGORY_WEIGHTS);
  const _id = idAt(createdAt);
  return {
    _id,
    orderNo: `BX${day.replace(/-/g, '')}-${String(n).padStart(6, '0')}`,
    customerId: new Types.ObjectId(),
    outletId: outlet._id,
    category,
    serviceType: r.weighted([['repair', 70], ['installation', 15], ['cleaning', 8], ['maintenance', 7]]),
    ...(r.chance(0.03) ? { parentOrderId: new Types.ObjectId() } : {}),
    ...(status === 'closed' && r.chance(0.04) ? { reworkOrderId: new Types.ObjectId() } : {}),
    slot: {
      day: shanghaiDay(slotStart),
      startAt: slotStart,
      endAt: slotEnd,
      ...(opts.listFields ? { outletId: outlet._id, window: SLOT_WINDOWS[n % SLOT_WINDOWS.length]!.code } : {}),
    },
    ...(opts.listFields
      ? { contact: { name: `客户${n}`, phone: `139${String(n).padStart(8, '0')}`, districtCode: outlet.districtCodes[n % outlet.districtCodes.length], detail: `文三路 ${n % 900} 号 ${n % 30} 幢 ${n % 2000} 室` } }
      : {}),
    status,
    engineerId: engineer?._id ?? null,
    quotes: quoted
      ? [{ no: 1, items: [], totalFen: 8000, status: 'confirmed' }]
      : [],
    ...(status === 'awaiting_parts' ? { partsWait: { reason: '等待压缩机', expectedDate: addDays(day, 3), since: createdAt } } : {}),
    offCatalogueCount: offCatalogue,
    createdDay: day,
    closedDay,
    sla: {
      respondDueAt: new Date(createdAt.getTime() + 24 * H),
      respondRiskAt: new Date(createdAt.getTime() + 19.2 * H),
      arriveDueAt: slotEnd,
      arriveRiskAt: new Date(slotEnd.getTime() - 0.4 * H),
      resolveDueAt,
      resolveRiskAt: resolveDueAt ? new Date(resolveDueAt.getTime() - 14.4 * H) : null,
      ...(status === 'awaiting_parts' ? { pausedSince: createdAt } : {}),
      atRisk: respondBreach ? { respond: new Date(createdAt.getTime() + 19.2 * H) } : {},
      breaches: {
        ...(respondBreach && createdAt.getTime() + 24 * H < now.getTime() ? { respond: new Date(createdAt.getTime() + 24 * H) } : {}),
        ...(arriveBreach ? { arrive: slotEnd } : {}),
        ...(resolveBreach && resolveDueAt ? { resolve: resolveDueAt } : {}),
      },
    },
    times,
    createdAt,
    updatedAt: cap(times.closedAt ?? times.completedAt ?? times.cancelledAt ?? times.arrivedAt ?? times.acceptedAt ?? createdAt)!,
  };
}
type SeededOrder = ReturnType<typeof buildOrder>;

function surveyFor(r: Random, order: SeededOrder) {
  const overall = r.weighted([[5, 60], [4, 25], [3, 8], [2, 4], [1, 3]]);
  const scores = Object.fromEntries(SURVEY_ELEMENT_KEYS.map((k) => [k, k === 'overall' ? overall : Math.max(1, Math.min(5, overall + r.pick([-1, 0, 0, 0, 1])))]));
  const submittedAt = new Date(order.times.closedAt!.getTime() + 2 * H);
  return {
    _id: idAt(submittedAt),
    orderId: order._id,
    orderNo: order.orderNo,
    customerId: order.customerId,
    outletId: order.outletId,
    engineerId: order.engineerId,
    templateId: new Types.ObjectId(),
    scores,
    problemSolved: overall > 2,
    low: overall <= 3,
    submittedAt,
    submittedDay: shanghaiDay(submittedAt),
  };
}

function complaintFor(r: Random, order: SeededOrder) {
  const filedAt = new Date(order.times.closedAt!.getTime() + 5 * H);
  return {
    _id: idAt(filedAt),
    orderId: order._id,
    orderNo: order.orderNo,
    customerId: order.customerId,
    outletId: order.outletId,
    engineerId: order.engineerId,
    category: r.pick(COMPLAINT_CATEGORY_CODES),
    text: '维修后又出现同样的问题',
    status: 'closed',
    reopenCount: 0,
    deadlines: {},
    nextDueAt: NO_DUE,
    atRisk: {},
    breaches: {},
    breached: false,
    filedAt,
    createdAt: filedAt,
    updatedAt: filedAt,
  };
}

/** The demo data (outlets, staff, engineers, cards, catalogue, customers), then the orders with their surveys and complaints. */
export async function seedBenchData(opts: SeedOptions): Promise<SeedResult> {
  const r = randomStream(20261124);
  await seedDemoData(systemClock, { history: false });
  const outlets = await Outlet.find({}, { _id: 1, districtCodes: 1 }).lean();
  const engineers = await Engineer.find({ status: 'active' }, { _id: 1, userId: 1, outletId: 1 }).lean();
  const withEngineers: SeedOutlet[] = outlets.map((o) => ({
    _id: o._id,
    districtCodes: o.districtCodes,
    engineers: engineers.filter((e) => String(e.outletId) === String(o._id)),
  }));
  let surveys = 0;
  let complaints = 0;
  const batch = 5000;
  for (let i = 0; i < opts.orders; i += batch) {
    const orders = Array.from({ length: Math.min(batch, opts.orders - i) }, (_, k) => buildOrder(r, opts, r.pick(withEngineers), i + k));
    await Order.collection.insertMany(orders, { ordered: false });
    const closed = orders.filter((o) => o.status === 'closed' && o.times.closedAt!.getTime() + 6 * H < opts.now.getTime());
    const s = closed.filter(() => r.chance(0.35)).map((o) => surveyFor(r, o));
    const c = closed.filter(() => r.chance(0.02)).map((o) => complaintFor(r, o));
    if (s.length) await Survey.collection.insertMany(s, { ordered: false });
    if (c.length) await Complaint.collection.insertMany(c, { ordered: false });
    surveys += s.length;
    complaints += c.length;
    opts.progress?.(i + orders.length);
  }
  return { outlets: outlets.length, engineers: engineers.length, surveys, complaints };
}
