import mongoose, { Types } from 'mongoose';
import { addDays, shanghaiDayStart } from '@fangxin/shared';
import type { Clock } from '../../lib/clock';
import { ordersByIds, ordersCreatedOrClosedOn, ordersUpdatedIn } from '../orders/reads';
import { surveysCreatedIn, surveysSubmittedOn } from '../surveys/results';
import { complaintsCreatedIn, complaintsFiledBetween } from '../complaints/queries';
import { upheldAppealItems } from '../appeals/reads';
import { DailyStat, OrderBoard, RollupState, type DailyStatRecord, type RollupStateRecord } from './model';
import {
  addDayCounts,
  boardEntry,
  complaintDay,
  countClosed,
  countComplaint,
  countCreated,
  countSurvey,
  emptyDayCounts,
  ENDED_STATUSES,
  STAT_COMPLAINT_PROJECTION,
  STAT_ORDER_PROJECTION,
  STAT_SURVEY_PROJECTION,
  type PairStats,
  type StatComplaint,
  type StatOrder,
  type StatSurvey,
} from './stats';

/**
 * The incremental rollup behind the dashboards and the quality scores.
 *
 * Each run reads what changed since the last one (orders by `updatedAt`, surveys and complaints by creation time),
 * collects the (outlet, day) pairs those records count into, recomputes exactly those pairs from their source
 * records, and replaces their `daily_stats` documents, then the platform totals of the touched days. It also
 * refreshes the live board entry of every changed order.
 *
 * Idempotent: a pair is always recomputed whole from the sources, never incremented, so a repeated or overlapping
 * run writes the same numbers. Safe with several instances: the job runs under a lease (lib/jobs.ts), and even two
 * runs at once cannot go backwards, because every write is conditioned on being newer (`computedAt` for
 * statistics, the order's `updatedAt` for the board) and watermarks only move forward (`$max`).
 */

const STATE_ID = 'daily_stats';
/** Re-read this much before the watermark: writes stamped just before it may commit just after a run read. */
export const ROLLUP_OVERLAP_MS = 60_000;
/** Days recomputed per batch (one read of each source per batch). */
const DAYS_PER_BATCH = 10;
/** Ended orders stay on the board this long as tombstones. */
const TOMBSTONE_MS = 24 * 3600 * 1000;

export interface RollupResult {
  orders: number;
  surveys: number;
  complaints: number;
  pairs: number;
  days: number;
  board: number;
}

const TOUCH_PROJECTION = { outletId: 1, createdDay: 1, closedDay: 1, status: 1, updatedAt: 1 } as const;
type TouchedOrder = Pick<StatOrder, '_id' | 'outletId' | 'createdDay' | 'closedDay' | 'status' | 'updatedAt'>;

const pairKey = (outletId: Types.ObjectId | string, day: string) => `${String(outletId)}:${day}`;
const DUPLICATE = 11000;

function isOnlyDuplicates(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number; err?: { code?: number } }> };
  if (e.code === DUPLICATE && !e.writeErrors) return true;
  return Array.isArray(e.writeErrors) && e.writeErrors.length > 0 && e.writeErrors.every((w) => (w.code ?? w.err?.code) === DUPLICATE);
}

/**
 * Runs writes that replace a document only when the stored one is not newer. A newer document makes the upsert
 * collide on `_id`: that collision is the "someone else already wrote fresher data" answer, not an error.
 */
async function bulkIfNewer(model: mongoose.Model<any>, ops: mongoose.AnyBulkWriteOperation[]): Promise<void> { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!ops.length) return;
  try {
    await model.bulkWrite(ops, { ordered: false });
  } catch (err) {
    if (!isOnlyDuplicates(err)) throw err;
  }
}

/**
 * Orders, surveys and complaints changed since the watermarks, and the pairs they count into. With an overlap the
 * read starts that much before the watermark; without one it starts strictly after it.
 */
async function touched(state: RollupStateRecord | null, overlapMs: number) {
  const afterDate = (mark: Date | null | undefined) =>
    !mark ? null : overlapMs > 0 ? { $gte: new Date(mark.getTime() - overlapMs) } : { $gt: mark };
  const afterId = (mark: Types.ObjectId | null | undefined) =>
    !mark ? null : overlapMs > 0 ? { $gte: Types.ObjectId.createFromTime(Math.floor((mark.getTimestamp().getTime() - overlapMs) / 1000)) } : { $gt: mark };
  const ordersAfter = afterDate(state?.orders);
  // One source at a time and only the keys: the first run reads every order, and the embedded engine holds a whole
  // result in memory. The board reads the few open orders in full later.
  const orders = await ordersUpdatedIn<TouchedOrder>(ordersAfter, TOUCH_PROJECTION);
  const surveys = await surveysCreatedIn<{ _id: Types.ObjectId; outletId: Types.ObjectId; submittedDay: string }>(afterId(state?.surveys), { outletId: 1, submittedDay: 1 });
  const complaints = await complaintsCreatedIn<{ _id: Types.ObjectId; outletId: Types.ObjectId; filedAt: Date }>(afterId(state?.complaints), { outletId: 1, filedAt: 1 });
  const pairs = new Map<string, { outletId: Types.ObjectId; day: string }>();
  const add = (outletId: Types.ObjectId, day: string | null | undefined) => {
    if (day) pairs.set(pairKey(outletId, day), { outletId, day });
  };
  let ordersMark: Date | null = null;
  for (const o of orders) {
    add(o.outletId, o.createdDay);
    add(o.outletId, o.closedDay);
    if (!ordersMark || o.updatedAt > ordersMark) ordersMark = o.updatedAt;
  }
  for (const s of surveys) add(s.outletId, s.submittedDay);
  for (const c of complaints) add(c.outletId, complaintDay(c));
  const maxId = (docs: Array<{ _id: Types.ObjectId }>) => docs.reduce<Types.ObjectId | null>((max, d) => (!max || d._id.toHexString() > max.toHexString() ? d._id : max), null);
  return { orders, surveys: surveys.length, complaints: complaints.length, pairs, marks: { orders: ordersMark, surveys: maxId(surveys), complaints: maxId(complaints) } };
}

/** Recomputes the given pairs of a batch of days from their source records. */
async function computePairs(pairs: Array<{ outletId: Types.ObjectId; day: string }>, days: string[]): Promise<Map<string, PairStats>> {
  const outletIds = [...new Map(pairs.map((p) => [String(p.outletId), p.outletId])).values()];
  const sorted = [...days].sort();
  const orders = await ordersCreatedOrClosedOn<StatOrder>(outletIds, days, STAT_ORDER_PROJECTION);
  const surveys = await surveysSubmittedOn<StatSurvey & { _id: Types.ObjectId }>(outletIds, days, STAT_SURVEY_PROJECTION);
  const complaints = await complaintsFiledBetween<StatComplaint & { _id: Types.ObjectId }>(outletIds, shanghaiDayStart(sorted[0]!), shanghaiDayStart(addDays(sorted.at(-1)!, 1)), STAT_COMPLAINT_PROJECTION);
  // Issue 20.2: complaints and surveys an upheld appeal removed from the quality record.
  const appealed = await upheldAppealItems(outletIds, days);
  const wanted = new Map<string, PairStats>(pairs.map((p) => [pairKey(p.outletId, p.day), { counts: emptyDayCounts(), engineers: {} }]));
  const at = (outletId: Types.ObjectId, day: string | null | undefined) => (day ? wanted.get(pairKey(outletId, day)) : undefined);
  for (const o of orders) {
    const created = at(o.outletId, o.createdDay);
    if (created) countCreated(created, o);
    const closed = o.status === 'closed' ? at(o.outletId, o.closedDay) : undefined;
    if (closed) countClosed(closed, o);
  }
  for (const s of surveys) {
    const pair = at(s.outletId, s.submittedDay);
    if (pair) countSurvey(pair, s, appealed.surveys.has(String(s._id)));
  }
  for (const c of complaints) {
    const pair = at(c.outletId, complaintDay(c));
    if (pair) countComplaint(pair, c, appealed.complaints.has(String(c._id)));
  }
  return wanted;
}

function replaceIfNewer(doc: DailyStatRecord): mongoose.AnyBulkWriteOperation {
  return { replaceOne: { filter: { _id: doc._id, computedAt: { $lte: doc.computedAt } }, replacement: doc, upsert: true } };
}

/** Platform totals of the given days: the sum of that day's outlet documents. */
async function refreshPlatformDays(days: string[]): Promise<void> {
  const computedAt = new Date();
  const docs = await DailyStat.find({ day: { $in: days }, outletId: { $ne: null } }, { engineers: 0 }).lean<DailyStatRecord[]>();
  const byDay = new Map(days.map((d) => [d, emptyDayCounts()]));
  for (const doc of docs) addDayCounts(byDay.get(doc.day)!, doc);
  await bulkIfNewer(
    DailyStat,
    [...byDay].map(([day, counts]) => replaceIfNewer({ _id: `all:${day}`, outletId: null, day, ...counts, engineers: {}, computedAt })),
  );
}

/**
 * Refreshes the board entries of changed orders and forgets ended ones after a day. Open orders are read in full
 * (by id, in chunks); an ended order gets a tombstone only if it is on the board or ended recently, so the first run
 * over a long history reads and writes nothing for the thousands of orders closed long ago.
 */
async function refreshBoard(changed: TouchedOrder[]): Promise<number> {
  const onBoard = new Set((await OrderBoard.find({ open: true }, { _id: 1 }).lean()).map((b) => String(b._id)));
  const recent = Date.now() - TOMBSTONE_MS;
  const ids = changed
    .filter((o) => !ENDED_STATUSES.has(o.status) || onBoard.has(String(o._id)) || o.updatedAt.getTime() >= recent)
    .map((o) => o._id);
  let written = 0;
  for (let i = 0; i < ids.length; i += 2000) {
    const orders = await ordersByIds<StatOrder>(ids.slice(i, i + 2000), STAT_ORDER_PROJECTION);
    await bulkIfNewer(
      OrderBoard,
      orders.map((o) => ({ replaceOne: { filter: { _id: o._id, sourceUpdatedAt: { $lte: o.updatedAt } }, replacement: { _id: o._id, ...boardEntry(o) }, upsert: true } })),
    );
    written += orders.length;
  }
  await OrderBoard.deleteMany({ open: false, sourceUpdatedAt: { $lt: new Date(recent) } });
  return written;
}

/**
 * Recomputes the given (outlet, day) pairs now, whole from their sources, and the platform totals of their days: for
 * a change the incremental pass would not see by itself (an upheld appeal, issue 20.2, changes how a complaint or a
 * survey filed earlier counts). The same conditional writes as the pass, so it races safely with it.
 */
export async function refreshDailyPairs(pairs: Array<{ outletId: Types.ObjectId; day: string }>): Promise<void> {
  const days = [...new Set(pairs.map((p) => p.day))].sort();
  if (!days.length) return;
  const computedAt = new Date();
  const stats = await computePairs(pairs, days);
  await bulkIfNewer(
    DailyStat,
    [...stats].map(([id, { counts, engineers }]) => {
      const [outletId, day] = id.split(':') as [string, string];
      return replaceIfNewer({ _id: id, outletId: new Types.ObjectId(outletId), day, ...counts, engineers, computedAt });
    }),
  );
  await refreshPlatformDays(days);
}

/**
 * One incremental pass (see the module comment). `overlapMs` re-reads a little before the watermarks; tests pass 0
 * to see exactly which pairs a change touches.
 */
export async function rollupDailyStats(clock: Clock, options: { overlapMs?: number } = {}): Promise<RollupResult> {
  const state = await RollupState.findById(STATE_ID).lean<RollupStateRecord>();
  const changes = await touched(state, options.overlapMs ?? ROLLUP_OVERLAP_MS);

  const byDay = new Map<string, Array<{ outletId: Types.ObjectId; day: string }>>();
  for (const pair of changes.pairs.values()) (byDay.get(pair.day) ?? byDay.set(pair.day, []).get(pair.day)!).push(pair);
  const days = [...byDay.keys()].sort();
  for (let i = 0; i < days.length; i += DAYS_PER_BATCH) {
    const batchDays = days.slice(i, i + DAYS_PER_BATCH);
    const computedAt = new Date(); // before the reads: anything written later is at least as fresh
    const stats = await computePairs(batchDays.flatMap((d) => byDay.get(d)!), batchDays);
    const ops = [...stats].map(([id, { counts, engineers }]) => {
      const [outletId, day] = id.split(':') as [string, string];
      return replaceIfNewer({ _id: id, outletId: new Types.ObjectId(outletId), day, ...counts, engineers, computedAt });
    });
    await bulkIfNewer(DailyStat, ops);
    await refreshPlatformDays(batchDays);
  }
  const board = await refreshBoard(changes.orders);

  // Watermarks only move forward ($max), and never past the present: an order stamped in the future must not make
  // the next run skip real changes.
  const marks: Record<string, Date | Types.ObjectId> = {};
  if (changes.marks.orders) marks.orders = changes.marks.orders.getTime() > Date.now() ? new Date() : changes.marks.orders;
  if (changes.marks.surveys) marks.surveys = changes.marks.surveys;
  if (changes.marks.complaints) marks.complaints = changes.marks.complaints;
  await RollupState.updateOne({ _id: STATE_ID }, { ...(Object.keys(marks).length ? { $max: marks } : {}), $set: { ranAt: clock.now() } }, { upsert: true });

  return { orders: changes.orders.length, surveys: changes.surveys, complaints: changes.complaints, pairs: changes.pairs.size, days: days.length, board };
}

/** When the dashboards' read models were last brought up to date (by the injected clock), or null before any run. */
export async function rollupAsOf(): Promise<Date | null> {
  const state = await RollupState.findById(STATE_ID, { ranAt: 1 }).lean<RollupStateRecord>();
  return state?.ranAt ?? null;
}
