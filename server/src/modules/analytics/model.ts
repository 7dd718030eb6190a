import mongoose, { Schema, type Types } from 'mongoose';
import type { QualityCounts, SlaClock } from '@fangxin/shared';

/**
 * Read models for the dashboards, written only by the rollup job (rollup.ts) and read by analytics and quality.
 * On the embedded engine every filter on `orders` scans 100,000 documents; these collections are small (one
 * document per outlet and day, one per open order), so the dashboards never scan `orders`.
 */

export interface ClockCounts {
  met: number;
  missed: number;
}

/** What one outlet (or, summed, the platform) did on one Asia/Shanghai day. Plain counts, so days add up. */
export interface DayCounts {
  /** Orders created that day, and how many of them are now in each status / category. */
  created: number;
  byStatus: Record<string, number>;
  byCategory: Record<string, number>;
  /** Second-visit orders created that day. */
  reworkOrders: number;
  /** Deadlines of orders created that day that have an outcome (met in time, or missed). */
  sla: Record<SlaClock, ClockCounts>;
  /** Orders closed that day. */
  closed: number;
  /** Surveys submitted that day: per element the sum and number of answers (templates may skip elements). */
  surveys: { count: number; low: number; sums: Record<string, number>; counts: Record<string, number> };
  /** Complaints filed that day. */
  complaints: { count: number; byCategory: Record<string, number> };
  /** The record the S11 score is built from (see QualityCounts in @fangxin/shared). */
  quality: QualityCounts;
}

/** An engineer's share of an outlet's day: orders created that day and assigned to them, closed, and quality. */
export interface EngineerDay extends QualityCounts {
  orders: number;
}

export interface DailyStatRecord extends DayCounts {
  /** `${outletId}:${day}`, or `all:${day}` for the platform total of a day. */
  _id: string;
  outletId: Types.ObjectId | null;
  day: string;
  /** Per engineer id (outlet documents only). */
  engineers: Record<string, EngineerDay>;
  /** When the sources were read: a concurrent rollup never replaces a newer computation with an older one. */
  computedAt: Date;
}

const DailyStatSchema = new Schema<DailyStatRecord>(
  {
    _id: String,
    outletId: { type: Schema.Types.ObjectId, default: null },
    day: { type: String, required: true },
    created: Number,
    byStatus: Schema.Types.Mixed,
    byCategory: Schema.Types.Mixed,
    reworkOrders: Number,
    sla: Schema.Types.Mixed,
    closed: Number,
    surveys: Schema.Types.Mixed,
    complaints: Schema.Types.Mixed,
    quality: Schema.Types.Mixed,
    engineers: Schema.Types.Mixed,
    computedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'daily_stats', minimize: false },
);
// An outlet's days in a period; the platform's days are the same shape with outletId null.
DailyStatSchema.index({ outletId: 1, day: 1 });
DailyStatSchema.index({ day: 1 });
export const DailyStat = mongoose.model<DailyStatRecord>('DailyStat', DailyStatSchema);

/**
 * One document per order that is (or recently was) open: the live side of the dashboard (waiting for dispatch,
 * at risk, breached) without scanning `orders`. Orders that end are kept as `open: false` for a day (a tombstone,
 * so a late concurrent rollup cannot bring them back), then purged.
 */
export interface OrderBoardRecord {
  _id: Types.ObjectId;
  outletId: Types.ObjectId;
  orderNo: string;
  status: string;
  category: string;
  engineerId: Types.ObjectId | null;
  open: boolean;
  /** Any deadline of the order missed so far. */
  breached: boolean;
  /** The running deadline due first (null when none runs, e.g. paused for parts). */
  nextClock: SlaClock | null;
  nextDueAt: Date | null;
  nextRiskAt: Date | null;
  /** The order's updatedAt when this was written: only a newer version replaces it. */
  sourceUpdatedAt: Date;
}

const OrderBoardSchema = new Schema<OrderBoardRecord>(
  {
    outletId: { type: Schema.Types.ObjectId, required: true },
    orderNo: { type: String, required: true },
    status: { type: String, required: true },
    category: { type: String, required: true },
    engineerId: { type: Schema.Types.ObjectId, default: null },
    open: { type: Boolean, required: true },
    breached: { type: Boolean, required: true },
    nextClock: { type: String, default: null },
    nextDueAt: { type: Date, default: null },
    nextRiskAt: { type: Date, default: null },
    sourceUpdatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'order_board' },
);
// Dashboard cards and the at-risk list, per outlet and platform-wide; the purge of tombstones.
OrderBoardSchema.index({ outletId: 1, open: 1, status: 1 });
OrderBoardSchema.index({ outletId: 1, open: 1, nextRiskAt: 1 });
OrderBoardSchema.index({ open: 1, nextRiskAt: 1 });
OrderBoardSchema.index({ open: 1, status: 1 });
OrderBoardSchema.index({ open: 1, sourceUpdatedAt: 1 });
export const OrderBoard = mongoose.model<OrderBoardRecord>('OrderBoard', OrderBoardSchema);

/**
 * How far the rollup has read each source. `orders` is the newest `updatedAt` seen; surveys and complaints are never
 * edited in what the statistics count, so their watermark is the newest ObjectId seen (ObjectIds grow with time).
 */
export interface RollupStateRecord {
  _id: string;
  orders: Date | null;
  surveys: Types.ObjectId | null;
  complaints: Types.ObjectId | null;
  /** When the last run finished (by the injected clock): the dashboards' "as of". */
  ranAt: Date | null;
}
const RollupStateSchema = new Schema<RollupStateRecord>(
  { _id: String, orders: { type: Date, default: null }, surveys: { type: Schema.Types.ObjectId, default: null }, complaints: { type: Schema.Types.ObjectId, default: null }, ranAt: { type: Date, default: null } },
  { versionKey: false, collection: 'rollup_state' },
);
export const RollupState = mongoose.model<RollupStateRecord>('RollupState', RollupStateSchema);
