import mongoose, { Schema, type Types } from 'mongoose';
import { RETURN_VISIT_REASONS, RETURN_VISIT_STATUSES, type ReturnVisitReason, type ReturnVisitStatus } from '@fangxin/shared';

export interface ReturnVisitOutcome {
  reached: boolean;
  satisfied: boolean | null;
  notes: string;
  recordedBy: { id: Types.ObjectId; name: string };
  recordedAt: Date;
}

/** A call back to the customer of one order, for one trigger. */
export interface ReturnVisitRecord {
  _id: Types.ObjectId;
  orderId: Types.ObjectId;
  orderNo: string;
  outletId: Types.ObjectId;
  engineerId: Types.ObjectId | null;
  reason: ReturnVisitReason;
  surveyId: Types.ObjectId | null;
  /** Always stored (null when the trigger is not a complaint): it is part of the unique trigger key. */
  complaintId: Types.ObjectId | null;
  assigneeId: Types.ObjectId | null;
  dueAt: Date;
  status: ReturnVisitStatus;
  outcome: ReturnVisitOutcome | null;
  createdAt: Date;
  updatedAt: Date;
}

const ObjectId = Schema.Types.ObjectId;

const ReturnVisitSchema = new Schema<ReturnVisitRecord>(
  {
    orderId: { type: ObjectId, required: true },
    orderNo: { type: String, required: true },
    outletId: { type: ObjectId, required: true },
    engineerId: { type: ObjectId, default: null },
    reason: { type: String, enum: RETURN_VISIT_REASONS, required: true },
    surveyId: { type: ObjectId, default: null },
    complaintId: { type: ObjectId, default: null },
    assigneeId: { type: ObjectId, default: null },
    dueAt: { type: Date, required: true },
    status: { type: String, enum: RETURN_VISIT_STATUSES, required: true },
    outcome: { type: Schema.Types.Mixed, default: null },
  },
  { timestamps: true, collection: 'return_visits', minimize: false },
);

// The same trigger never creates two tasks, however many times (or instances) it fires.
ReturnVisitSchema.index({ orderId: 1, reason: 1, complaintId: 1 }, { unique: true, name: 'return_visit_trigger_unique' });
ReturnVisitSchema.index({ outletId: 1, status: 1, dueAt: 1 });
ReturnVisitSchema.index({ assigneeId: 1, status: 1, dueAt: 1 });
ReturnVisitSchema.index({ status: 1, dueAt: 1 });

export const ReturnVisit = mongoose.model<ReturnVisitRecord>('ReturnVisit', ReturnVisitSchema);

/** How far the sampling job has looked: orders closed up to `closedUntil` were considered. */
interface SamplingStateRecord {
  _id: string;
  closedUntil: Date;
}
const SamplingStateSchema = new Schema<SamplingStateRecord>({ _id: String, closedUntil: { type: Date, required: true } }, { versionKey: false, collection: 'return_visit_sampling' });
export const ReturnVisitSampling = mongoose.model<SamplingStateRecord>('ReturnVisitSampling', SamplingStateSchema);
