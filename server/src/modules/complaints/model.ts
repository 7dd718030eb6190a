import mongoose, { Schema, type Types } from 'mongoose';
import {
  COMPLAINT_CATEGORY_CODES,
  COMPLAINT_STATUSES,
  type ComplaintApprovalStatus,
  type ComplaintCategory,
  type ComplaintDeadlineKind,
  type ComplaintDeadlines,
  type ComplaintStatus,
} from '@fangxin/shared';

/** One entry of a complaint's append-only history. `internal` entries (notes, escalations) are for staff only. */
export interface ComplaintHistoryEntry {
  at: Date;
  type: string;
  actor: { id: string | null; role: string; name: string };
  from: ComplaintStatus | null;
  to: ComplaintStatus | null;
  text: string | null;
  data: ComplaintHistoryEntryData;
  internal: boolean;
}

/** What an entry records besides its text (ComplaintHistoryData in shared, with the instant stored as a Date). */
export interface ComplaintHistoryEntryData {
  category?: ComplaintCategory;
  compensationFen?: number | null;
  kind?: ComplaintDeadlineKind;
  dueAt?: Date;
  detectedBy?: BreachRecord['detectedBy'];
}

export interface ApprovalRecord {
  status: ComplaintApprovalStatus;
  compensationFen: number;
  capFen: number;
  requestedAt: Date;
  requestedBy: { id: string; name: string };
  decidedAt: Date | null;
  decidedBy: { id: string; name: string } | null;
  reason: string | null;
}

export interface BreachRecord {
  at: Date;
  dueAt: Date;
  /** `sweeper`: found open past due; `late_action`: met, but after the due time. */
  detectedBy: 'sweeper' | 'late_action';
}

export interface ComplaintRecord {
  _id: Types.ObjectId;
  orderId: Types.ObjectId;
  orderNo: string;
  customerId: Types.ObjectId;
  outletId: Types.ObjectId;
  /** The order's engineer when the complaint was filed (Engineer id and their user id), for quality scores. */
  engineerId: Types.ObjectId | null;
  engineerUserId: Types.ObjectId | null;
  category: ComplaintCategory;
  text: string;
  photoIds: Types.ObjectId[];
  status: ComplaintStatus;
  reopenCount: number;
  /** The resolution offered; while `awaiting_approval` it is the one waiting for a platform admin (never shown to the customer). */
  resolution: { text: string; compensationFen: number | null; at: Date; byId: string } | null;
  /** The latest compensation above the cap and the platform admin's decision on it (issue 18); null when none was needed. */
  approval: ApprovalRecord | null;
  deadlines: ComplaintDeadlines;
  /**
   * The nearest open deadline: the staff list's sort key. NO_DUE (far future) when none is open, so that ascending
   * order puts those last on every engine (MongoDB sorts null first); presenters show it as null.
   */
  nextDueAt: Date;
  /** Set once per deadline kind by a conditional update: one notification per at-risk deadline, one record per breach. */
  atRisk: Partial<Record<ComplaintDeadlineKind, Date>>;
  breaches: Partial<Record<ComplaintDeadlineKind, BreachRecord>>;
  /** Any breach recorded (for counting without looking inside `breaches`). */
  breached: boolean;
  /** The return-visit task opened on the first resolution. */
  returnVisitTaskId: Types.ObjectId | null;
  history: ComplaintHistoryEntry[];
  filedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export const NO_DUE = new Date('9999-12-31T00:00:00Z');

const ObjectId = Schema.Types.ObjectId;

// Nested records are Mixed: the service writes them whole or by dotted path, presenters list the fields.
const ComplaintSchema = new Schema<ComplaintRecord>(
  {
    orderId: { type: ObjectId, ref: 'Order', required: true },
    orderNo: { type: String, required: true },
    customerId: { type: ObjectId, ref: 'User', required: true },
    outletId: { type: ObjectId, ref: 'Outlet', required: true },
    engineerId: { type: ObjectId, ref: 'Engineer', default: null },
    engineerUserId: { type: ObjectId, ref: 'User', default: null },
    category: { type: String, enum: COMPLAINT_CATEGORY_CODES, required: true },
    text: { type: String, required: true },
    photoIds: { type: [ObjectId], default: [] },
    status: { type: String, enum: COMPLAINT_STATUSES, required: true },
    reopenCount: { type: Number, default: 0 },
    resolution: { type: Schema.Types.Mixed, default: null },
    approval: { type: Schema.Types.Mixed, default: null },
    deadlines: { type: Schema.Types.Mixed, required: true },
    nextDueAt: { type: Date, required: true },
    atRisk: { type: Schema.Types.Mixed, default: {} },
    breaches: { type: Schema.Types.Mixed, default: {} },
    breached: { type: Boolean, default: false },
    returnVisitTaskId: { type: ObjectId, default: null },
    history: { type: Schema.Types.Mixed, default: [] },
    filedAt: { type: Date, required: true },
  },
  { timestamps: true, collection: 'complaints', minimize: false },
);

ComplaintSchema.index({ customerId: 1, filedAt: -1 });
ComplaintSchema.index({ orderId: 1, filedAt: -1 });
// The staff list (outlet-scoped, by status, nearest deadline first) and the sweeper (open statuses).
ComplaintSchema.index({ outletId: 1, status: 1, nextDueAt: 1 });
ComplaintSchema.index({ status: 1, nextDueAt: 1 });
// Quality scores and analytics: complaints of an outlet or an engineer in a period.
ComplaintSchema.index({ outletId: 1, filedAt: -1 });
ComplaintSchema.index({ engineerId: 1, filedAt: -1 });
ComplaintSchema.index({ photoIds: 1 });
// Resolutions whose return-visit task is still to be opened (retried by the sweeper).
ComplaintSchema.index({ status: 1, returnVisitTaskId: 1 });

export const Complaint = mongoose.model<ComplaintRecord>('Complaint', ComplaintSchema);
