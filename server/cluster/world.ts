import { Types } from 'mongoose';
import { COMPLAINT_CATEGORY_CODES, addDays, shanghaiDay } from '@fangxin/shared';
import { DailyStat } from '../src/modules/analytics/model';
import { Complaint } from '../src/modules/complaints/model';
import { Notification } from '../src/modules/notifications/model';
import { Order, type OrderRecord } from '../src/modules/orders/model';
import { ReturnVisit } from '../src/modules/returnVisits/model';
import { book, buildWorld, uniqueSlot, type OrderWorld } from '../test/orderKit';
import type { TestServer } from '../test/harness';
import type { Client } from '../faults/kit';

/**
 * Work that is due for every background job, made the way it would be found in production: orders booked through
 * the API (through the proxy, so on any instance), then moved in time in the database (deadlines in the past, work
 * completed a month ago, orders closed two days ago), which is what the clock would have done.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The slice of the test harness `test/orderKit` uses, over one of this suite's clients. */
export function harnessOver(client: Client): TestServer {
  const request: TestServer['request'] = async (method, path, options = {}) => {
    const reply = await client.request(method, path, { body: options.body, token: options.token, headers: options.headers });
    return { status: reply.status, body: reply.body, headers: new Headers(reply.headers as Record<string, string>) };
  };
  return { request, clock: { now: () => new Date() } } as unknown as TestServer;
}

export interface DueWork {
  world: OrderWorld;
  /** Orders whose respond and arrive clocks are past due (and past their at-risk share). */
  sla: string[];
  /** Completed a month ago, never accepted by the customer: due for auto-close. */
  completed: string[];
  /** Closed two days ago and not reviewed: due for a survey reminder. */
  closed: string[];
  /** Complaints (on the closed orders) whose acknowledge and resolve deadlines are past. */
  complaints: string[];
  /** An order offered to every engineer of the outlet at once (OFFER_TIER_MINUTES=0). */
  offered: string;
}

const ids = (orders: Array<{ id: string }>) => orders.map((o) => o.id);
const oids = (list: string[]) => list.map((id) => new Types.ObjectId(id));

export async function makeDueWork(t: TestServer, perKind: number): Promise<DueWork> {
  // Its own district: the booking load of the suite uses another outlet, so these orders all go to this one.
  const world = await buildWorld(t, { district: '330108' });
  const settings = await t.request('PATCH', '/api/v1/admin/settings', { token: world.tokens.admin, body: { returnVisitSampleRate: 1 } });
  if (settings.status !== 200) throw new Error(`settings: ${settings.status} ${JSON.stringify(settings.body)}`);
  const bookMany = async (n: number) => {
    const orders = [];
    for (let i = 0; i < n; i++) orders.push(await book(t, world, { slot: uniqueSlot(world) }));
    return ids(orders);
  };
  const sla = await bookMany(perKind);
  const completed = await bookMany(perKind);
  const closed = await bookMany(perKind);
  const [offered] = await bookMany(1);

  const now = Date.now();
  const past = new Date(now - MINUTE);
  await Order.updateMany(
    { _id: { $in: oids(sla) } },
    { $set: { 'sla.respondDueAt': past, 'sla.respondRiskAt': past, 'sla.arriveDueAt': past, 'sla.arriveRiskAt': past } },
  );
  await Order.updateMany({ _id: { $in: oids(completed) } }, { $set: { status: 'completed', 'times.completedAt': new Date(now - 30 * DAY) } });
  const closedAt = new Date(now - 2 * DAY);
  await Order.updateMany({ _id: { $in: oids(closed) } }, { $set: { status: 'closed', 'times.completedAt': closedAt, 'times.closedAt': closedAt, closedDay: shanghaiDay(closedAt) } });

  const complaints: string[] = [];
  for (const orderId of closed.slice(0, Math.ceil(perKind / 2))) {
    const res = await t.request('POST', `/api/v1/orders/${orderId}/complaints`, {
      token: world.customer.token,
      body: { category: COMPLAINT_CATEGORY_CODES[0], text: '工程师迟到了一个多小时，也没有提前打电话说明情况' },
    });
    if (res.status !== 201) throw new Error(`complaint: ${res.status} ${JSON.stringify(res.body)}`);
    complaints.push(res.body.id);
  }
  await Complaint.updateMany(
    { _id: { $in: oids(complaints) } },
    { $set: { 'deadlines.ack.dueAt': past, 'deadlines.ack.riskAt': past, 'deadlines.resolve.dueAt': past, 'deadlines.resolve.riskAt': past } },
  );

  const offer = await t.request('POST', `/api/v1/orders/${offered}/offer`, { token: world.tokens.manager });
  if (offer.status !== 200) throw new Error(`offer: ${offer.status} ${JSON.stringify(offer.body)}`);
  return { world, sla, completed, closed, complaints, offered: offered! };
}

/** How many times each piece of work was done, as groups of equal keys: every count should be 1. */
export interface Effects {
  /** SLA marks on the timeline, per (order, clock, at-risk or breached). */
  slaMarks: number[];
  /** `auto_closed` timeline events per order due for auto-close. */
  autoClosed: number[];
  /** Survey reminders per order closed two days ago. */
  reminders: number[];
  /** Complaint breaches recorded (history), per (complaint, deadline). */
  complaintBreaches: number[];
  /** Return-visit tasks per auto-closed order (sample rate 1). */
  returnVisits: number[];
  /** `order_accepted` timeline events of the offered order (two engineers claimed it at once on two instances). */
  claims: number;
  /** Every notification about these orders, per (user, type, order, text): a repeat of a job's message shows here. */
  notifications: number[];
  /** Notifications written by the jobs (SLA, closing, reminders, complaint deadlines). */
  jobNotifications: number;
  /** The dashboards' daily statistics of the outlet against a direct count: pairs that differ. */
  rollupMismatches: string[];
}

const tally = (keys: string[]) => [...keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>()).values()];

export async function countEffects(work: DueWork): Promise<Effects> {
  const all = [...work.sla, ...work.completed, ...work.closed, work.offered];
  const orders = await Order.find({ _id: { $in: oids(all) } }, { timeline: 1, status: 1, outletId: 1 }).lean<Array<Pick<OrderRecord, '_id' | 'timeline' | 'status' | 'outletId'>>>();
  const byId = new Map(orders.map((o) => [String(o._id), o]));
  const events = (id: string) => byId.get(id)?.timeline ?? [];

  const slaMarks = tally(
    work.sla.flatMap((id) => events(id).filter((e) => e.type === 'sla_breached' || e.type === 'sla_at_risk').map((e) => `${id}:${e.type}:${(e.data as { clock?: string })?.clock}`)),
  );
  const autoClosed = work.completed.map((id) => events(id).filter((e) => e.type === 'auto_closed').length);
  const claims = events(work.offered).filter((e) => e.type === 'claimed').length;

  const notes = await Notification.find({ orderId: { $in: oids(all) } }, { userId: 1, type: 1, orderId: 1, body: 1 }).lean();
  const reminders = work.closed.map((id) => notes.filter((n) => n.type === 'survey_reminder' && String(n.orderId) === id).length);
  const JOB_TYPES = new Set(['sla_breached', 'sla_at_risk', 'order_closed', 'survey_reminder', 'complaint_breach', 'complaint_at_risk']);

  const complaints = await Complaint.find({ _id: { $in: oids(work.complaints) } }, { history: 1 }).lean();
  const complaintBreaches = tally(
    complaints.flatMap((c) => c.history.filter((h) => h.type === 'breach').map((h) => `${String(c._id)}:${h.data?.kind}`)),
  );

  const visits = await ReturnVisit.find({ orderId: { $in: oids(work.completed) } }, { orderId: 1 }).lean();
  const returnVisits = work.completed.map((id) => visits.filter((v) => String(v.orderId) === id).length);

  return {
    slaMarks,
    autoClosed,
    reminders,
    complaintBreaches,
    returnVisits,
    claims,
    notifications: tally(notes.map((n) => `${String(n.userId)}:${n.type}:${String(n.orderId)}:${n.body}`)),
    jobNotifications: notes.filter((n) => JOB_TYPES.has(n.type)).length,
    rollupMismatches: await rollupMismatches(work),
  };
}

/** The outlet's daily statistics (orders created and closed per day) against the orders themselves. */
async function rollupMismatches(work: DueWork): Promise<string[]> {
  const outletId = new Types.ObjectId(work.world.outlet.id);
  const today = shanghaiDay(new Date());
  const days = [addDays(today, -2), addDays(today, -1), today];
  const problems: string[] = [];
  for (const day of days) {
    const stat = await DailyStat.findById(`${work.world.outlet.id}:${day}`).lean<{ created: number; closed: number }>();
    const created = await Order.countDocuments({ outletId, createdDay: day });
    const closed = await Order.countDocuments({ outletId, status: 'closed', closedDay: day });
    if ((stat?.created ?? 0) !== created || (stat?.closed ?? 0) !== closed) problems.push(`${day}: stats ${stat?.created ?? 0} created / ${stat?.closed ?? 0} closed, orders ${created} / ${closed}`);
  }
  return problems;
}
