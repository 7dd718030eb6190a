import mongoose, { Schema, type Types } from 'mongoose';
import { APPEAL_KINDS, APPEAL_STATES, type AppealDecision, type AppealKind, type AppealState, type SlaClock } from '@fangxin/shared';

/** One entry of an appeal's append-only history. */
export interface AppealHistoryEntry {
  at: Date;
  action: 'filed' | 'upheld' | 'rejected' | 'withdrawn';
  actor: { id: string; name: string };
  text: string;
}

/**
 * Issue 20.2: an appeal of one item counting against an engineer (rules in shared/src/domain/appeals.ts). One
 * document per appeal; every change of state is a compare-and-set on `state` with its history entry.
 */
export interface AppealRecord {
  _id: Types.ObjectId;
  orderId: Types.ObjectId;
  orderNo: string;
  outletId: Types.ObjectId;
  /** The engineer the item counts against (Engineer id and his user id). */
  engineerId: Types.ObjectId | null;
  engineerUserId: Types.ObjectId | null;
  kind: AppealKind;
  complaintId: Types.ObjectId | null;
  surveyId: Types.ObjectId | null;
  clock: SlaClock | null;
  /** The complaint's category, for words (投诉（维修质量）). */
  category: string | null;
  /** When the item happened (the filing window runs from here). */
  itemAt: Date;
  /** Where the item counts in the daily statistics: the outlet and Asia/Shanghai day the rollup recomputes when upheld. */
  countsOn: { outletId: Types.ObjectId; day: string };
  /** `complaint:<id>`, `survey:<orderId>`, `breach:<orderId>:<clock>`. */
  itemKey: string;
  /** The item key while the appeal is live (submitted or decided); absent once withdrawn. Unique: one live appeal per item. */
  liveKey?: string;
  reason: string;
  timelineSeqs: number[];
  photoIds: Types.ObjectId[];
  state: AppealState;
  filedAt: Date;
  filedBy: { id: string; name: string; role: 'engineer' | 'outlet_manager' };
  decision: { decision: AppealDecision; reason: string; at: Date; by: { id: string; name: string } } | null;
  history: AppealHistoryEntry[];
}

const ObjectId = Schema.Types.ObjectId;

const AppealSchema = new Schema<AppealRecord>(
  {
    orderId: { type: ObjectId, required: true },
    orderNo: { type: String, required: true },
    outletId: { type: ObjectId, required: true },
    engineerId: { type: ObjectId, default: null },
    engineerUserId: { type: ObjectId, default: null },
    kind: { type: String, enum: APPEAL_KINDS, required: true },
    complaintId: { type: ObjectId, default: null },
    surveyId: { type: ObjectId, default: null },
    clock: { type: String, default: null },
    category: { type: String, default: null },
    itemAt: { type: Date, required: true },
    countsOn: { type: Schema.Types.Mixed, required: true },
    itemKey: { type: String, required: true },
    liveKey: { type: String },
    reason: { type: String, required: true },
    timelineSeqs: { type: [Number], default: [] },
    photoIds: { type: [ObjectId], default: [] },
    state: { type: String, enum: APPEAL_STATES, required: true },
    filedAt: { type: Date, required: true },
    filedBy: { type: Schema.Types.Mixed, required: true },
    decision: { type: Schema.Types.Mixed, default: null },
    history: { type: Schema.Types.Mixed, default: [] },
  },
  { versionKey: false, collection: 'appeals', minimize: false },
);
// One live appeal per item: two filings at once give one appeal; a withdrawn one frees the item (liveKey unset).
AppealSchema.index({ liveKey: 1 }, { unique: true, sparse: true, name: 'appeal_live_item_unique' });
// Lists: the platform's queue by state, an outlet's, an engineer's; an order's items.
AppealSchema.index({ state: 1, filedAt: -1 });
AppealSchema.index({ outletId: 1, filedAt: -1 });
AppealSchema.index({ engineerUserId: 1, filedAt: -1 });
AppealSchema.index({ orderId: 1 });
// The rollup's read of upheld appeals on the (outlet, day) pairs it recomputes.
AppealSchema.index({ 'countsOn.outletId': 1, 'countsOn.day': 1, state: 1 });

export const Appeal = mongoose.model<AppealRecord>('Appeal', AppealSchema);
