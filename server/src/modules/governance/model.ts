import mongoose, { Schema, type Types } from 'mongoose';
import { RECTIFICATION_STATUSES, SANCTION_KINDS, type RectificationStatus, type SanctionKind } from '@fangxin/shared';

/**
 * The governance loop's records (issue 19, part 3): a published month (its `_id` is the month, so a month is
 * published once: the unique key decides between two admins publishing at the same moment), the rectification
 * tasks it opened (one per outlet and month, unique), and warnings and fines.
 */
export interface MonthOutlet {
  id: string;
  name: string;
  code: string;
  rank: number | null;
  score: number | null;
  orders: number;
  closed: number;
  bottom: boolean;
}
export interface MonthEngineer {
  id: string;
  name: string;
  code: string;
  outletId: string;
  outletName: string;
  rank: number | null;
  score: number | null;
  closed: number;
  exemplar: boolean;
}

export interface GovernanceMonthRecord {
  _id: string;
  period: { from: string; to: string };
  publishedAt: Date;
  publishedBy: { id: string; name: string };
  outlets: MonthOutlet[];
  engineers: MonthEngineer[];
  /** Engineer ids named 服务标兵 (indexed: an engineer's titles are one indexed read). */
  exemplarIds: string[];
  tasks: number;
}

const GovernanceMonthSchema = new Schema<GovernanceMonthRecord>(
  {
    _id: { type: String, required: true },
    period: { type: Schema.Types.Mixed, required: true },
    publishedAt: { type: Date, required: true },
    publishedBy: { type: Schema.Types.Mixed, required: true },
    outlets: { type: Schema.Types.Mixed, default: [] },
    engineers: { type: Schema.Types.Mixed, default: [] },
    exemplarIds: { type: [String], default: [] },
    tasks: { type: Number, default: 0 },
  },
  { versionKey: false, collection: 'governance_months' },
);
GovernanceMonthSchema.index({ exemplarIds: 1 });

export const GovernanceMonth = mongoose.model<GovernanceMonthRecord>('GovernanceMonth', GovernanceMonthSchema);

export interface RectificationHistoryEntry {
  at: Date;
  action: 'opened' | 'overdue' | 'submit' | 'accept' | 'return';
  actor: { id: string | null; name: string };
  text: string;
}

export interface RectificationRecord {
  _id: Types.ObjectId;
  month: string;
  outletId: Types.ObjectId;
  outletName: string;
  rank: number | null;
  score: number | null;
  status: RectificationStatus;
  dueAt: Date;
  /** Set once by the overdue job (a conditional update), never cleared: the task was late. */
  overdueAt: Date | null;
  report: { causes: string; measures: string; photoIds: Types.ObjectId[]; submittedAt: Date; submittedBy: { id: string; name: string } } | null;
  returnReason: string | null;
  /** Bumped by every step: the compare-and-set key. */
  version: number;
  history: RectificationHistoryEntry[];
  createdAt: Date;
}

const RectificationSchema = new Schema<RectificationRecord>(
  {
    month: { type: String, required: true },
    outletId: { type: Schema.Types.ObjectId, required: true },
    outletName: { type: String, required: true },
    rank: { type: Number, default: null },
    score: { type: Number, default: null },
    status: { type: String, enum: RECTIFICATION_STATUSES, required: true },
    dueAt: { type: Date, required: true },
    overdueAt: { type: Date, default: null },
    report: { type: Schema.Types.Mixed, default: null },
    returnReason: { type: String, default: null },
    version: { type: Number, default: 0 },
    history: { type: Schema.Types.Mixed, default: [] },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'rectifications', minimize: false },
);
RectificationSchema.index({ outletId: 1, month: 1 }, { unique: true });
RectificationSchema.index({ status: 1, dueAt: 1 });
RectificationSchema.index({ createdAt: -1 });

export const Rectification = mongoose.model<RectificationRecord>('Rectification', RectificationSchema);

export interface SanctionRecord {
  _id: Types.ObjectId;
  subjectType: 'outlet' | 'engineer';
  subjectId: Types.ObjectId;
  subjectName: string;
  outletId: Types.ObjectId;
  kind: SanctionKind;
  amountFen: number | null;
  reason: string;
  orderNo: string | null;
  by: { id: string; name: string; role: string };
  at: Date;
}

const SanctionSchema = new Schema<SanctionRecord>(
  {
    subjectType: { type: String, enum: ['outlet', 'engineer'], required: true },
    subjectId: { type: Schema.Types.ObjectId, required: true },
    subjectName: { type: String, required: true },
    outletId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: SANCTION_KINDS, required: true },
    amountFen: { type: Number, default: null },
    reason: { type: String, required: true },
    orderNo: { type: String, default: null },
    by: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'sanctions' },
);
SanctionSchema.index({ subjectId: 1, at: -1 });
SanctionSchema.index({ outletId: 1, at: -1 });
SanctionSchema.index({ at: -1 });

export const Sanction = mongoose.model<SanctionRecord>('Sanction', SanctionSchema);
