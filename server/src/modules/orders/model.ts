import mongoose, { Schema, type Types } from 'mongoose';
import { CATEGORY_CODES, ORDER_STATUSES, SERVICE_TYPE_CODES, SLOT_WINDOW_CODES, type CategoryCode, type OrderStatus, type ServiceTypeCode, type SlotWindowCode } from '@fangxin/shared';
import type { EscalationOutcome, RoutingReason } from '@fangxin/shared';
import type { TimelineEvent } from './timeline';

export interface QuoteItemRecord {
  code: string | null;
  name: string;
  kind: 'labour' | 'part' | 'fee';
  unit: string;
  quantity: number;
  /** The catalogue price of the order's catalogue version (or the engineer's price for an off-catalogue item). */
  unitPriceFen: number;
  /** What the customer pays per unit: 0 when covered by warranty or a free second visit. */
  chargedUnitFen: number;
  amountFen: number;
  warrantyDays: number;
  coveredBy: 'appliance_warranty' | 'rework' | null;
  offCatalogue: boolean;
  reason: string | null;
  /** A serialised part (report with new serial and old-part photo); absent on quotes before issue 18, where every part is. */
  serialised?: boolean;
}

export interface QuoteRecord {
  no: number;
  items: QuoteItemRecord[];
  totalFen: number;
  status: 'pending' | 'confirmed' | 'rejected' | 'superseded';
  createdAt: Date;
  decidedAt: Date | null;
  rejectReason: string | null;
}

export interface OrderRecord {
  _id: Types.ObjectId;
  orderNo: string;
  customerId: Types.ObjectId;
  outletId: Types.ObjectId;
  category: CategoryCode;
  serviceType: ServiceTypeCode;
  parentOrderId: Types.ObjectId | null;
  /** Set on the original when a free second visit was requested (S8); counts against first-time fix. */
  reworkOrderId: Types.ObjectId | null;
  /**
   * Issue 20.3 (applianceHistory.ts): booked as a normal order while this earlier order of the same appliance was under
   * warranty; `codes` are that order's confirmed labour and part codes (a repeated repair when this order's repeat them),
   * `declined` whether the booking screen offered the free second visit and the customer declined it.
   */
  repeatOf?: { orderId: Types.ObjectId; orderNo: string; codes: string[]; declined: boolean } | null;
  /** On a second visit: the customer asked for the same engineer or a different one. */
  reworkPreference: 'same' | 'different' | null;
  /** On a second visit: who did the original work (excluded from dispatch when the customer asked for another). */
  parentEngineerId: Types.ObjectId | null;
  appliance: { applianceId: Types.ObjectId | null; brand: string; model: string; purchaseDate: string | null; inWarranty: boolean } | null;
  fault: { description: string; photoIds: Types.ObjectId[] };
  contact: { name: string; phone: string; districtCode: string; detail: string };
  slot: { outletId: Types.ObjectId; day: string; window: SlotWindowCode; startAt: Date; endAt: Date };
  status: OrderStatus;
  engineerId: Types.ObjectId | null;
  engineerUserId: Types.ObjectId | null;
  /** The reservation of the engineer's window this order holds (engineerWindows.ts), null when it holds none. */
  engineerHold?: { key: string; token: string } | null;
  /**
   * An open offer (offer mode): the ranked eligible engineers in tiers (`tier` 0, 1, …; absent on offers written before
   * tiers were told: 0), each seeing it from `releaseAt`. `told` tiers have been notified (a compare-and-set on it
   * makes each tier told exactly once, also with several instances); `nextReleaseAt` is when the next untold tier is due.
   */
  offer: {
    tiers: Array<{ engineerId: Types.ObjectId; userId: Types.ObjectId; releaseAt: Date; tier?: number }>;
    createdAt: Date;
    told?: number;
    nextReleaseAt?: Date | null;
  } | null;
  /** Accounts this order was ever offered to: a loser of a claim race is told 409 already_taken, not 404. */
  offeredTo?: Types.ObjectId[];
  /** Issue 19: why the booking went to this outlet (shared/domain/routing.ts); absent on older orders and second visits. */
  routing?: {
    outletId: Types.ObjectId;
    reason: RoutingReason;
    score: number | null;
    remaining: number;
    alternatives: Array<{ outletId: Types.ObjectId; code: string; name: string; score: number | null; remaining: number; rank: number }>;
    decidedAt: Date;
  } | null;
  /** Since when the order waits for dispatch (booking, or the last decline); the escalation clock starts here. */
  pendingSince?: Date | null;
  /** Set once when the order, left undispatched, was escalated; cleared when a decline puts it back in the queue. */
  escalation?: { at: Date; afterMinutes: number; outcome: EscalationOutcome } | null;
  catalogVersion: number;
  quotes: QuoteRecord[];
  confirmedQuoteNo: number | null;
  report: {
    diagnosis: string;
    actions: string;
    /** The confirmed quote the report was written against. */
    quoteNo?: number;
    partsUsed: Array<{ code: string | null; line?: number | null; quantity: number; newSerialNo: string; oldPartPhotoId: Types.ObjectId }>;
    photoIds: Types.ObjectId[];
    signatureId: Types.ObjectId;
    submittedAt: Date;
  } | null;
  payment: { method: 'wechat' | 'cash' | 'transfer'; amountFen: number; receiptNo: string; paidAt: Date; quoteNo?: number } | null;
  /** Issue 20.4: the wasted-trip fee paid online after a no-show (shared/src/domain/payments.ts); absent until then. */
  feePayment?: { method: 'wechat'; amountFen: number; receiptNo: string; paidAt: Date } | null;
  /** S4: only a salted hash of the code is kept (`salt` absent on codes issued before it was added); wrong tries count in `attempts`. */
  serviceCode: { hash: string; salt?: string; expiresAt: Date; usedAt: Date | null; attempts?: number } | null;
  partsWait: { reason: string; expectedDate: string; since: Date } | null;
  cancellation: { by: string; reason: string; at: Date } | null;
  /** Issue 20.1 (noShow.ts): the engineer reported nobody home at the door; absent on orders before it. */
  noShow?: NoShowRecord | null;
  /** Issue 20.1: the wasted-trip fee the catalogue published at booking and whether the booking screen showed it. */
  noShowTerms?: { feeFen: number; shownAtBooking: boolean } | null;
  /** Issue 20.1: a new window proposed after departure, waiting for the other side. */
  rescheduleProposal?: { by: 'engineer' | 'customer'; day: string; window: SlotWindowCode; proposedAt: Date } | null;
  /** Issue 19: the customer marked the fault urgent (dispatched first, shorter respond clock); absent on older orders. */
  urgent?: boolean;
  /** Issue 19: the engineer marked the order as needing height work, with a site photo (a `report_photo` upload). */
  heightWork?: { photoId: Types.ObjectId; markedAt: Date } | null;
  idempotencyKey?: string;
  requestHash: string | null;
  offCatalogueCount: number;
  timeline: TimelineEvent[];
  timelineHead: string;
  /** Asia/Shanghai days, stored so daily statistics group by a key instead of by date arithmetic. */
  createdDay: string;
  closedDay: string | null;
  sla: OrderSla;
  times: Partial<Record<'dispatchedAt' | 'acceptedAt' | 'departedAt' | 'arrivedAt' | 'startedAt' | 'completedAt' | 'closedAt' | 'cancelledAt', Date>>;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Deadlines of an order, stored when each clock starts (respond and arrive at booking, resolve at check-in).
 * `...RiskAt` is when the at-risk share of the time is used; `atRisk` and `breaches` are set once by the sweeper.
 * Waiting for parts pauses the resolve clock: `pausedSince`, then the due times move by the pause on resume.
 */
export interface NoShowRecord {
  state: 'waiting' | 'answered' | 'wait_over' | 'no_show' | 'rebooked';
  reportedAt: Date;
  waitUntil: Date;
  waitMinutes: number;
  location: { latitude: number; longitude: number; accuracy: number | null };
  photoId: Types.ObjectId;
  answeredAt: Date | null;
  waitOverAt: Date | null;
  endedAt: Date | null;
  feeFen: number;
}

export interface OrderSla {
  respondDueAt: Date;
  respondRiskAt: Date;
  arriveDueAt: Date;
  arriveRiskAt: Date;
  resolveDueAt: Date | null;
  resolveRiskAt: Date | null;
  pausedMs: number;
  pausedSince: Date | null;
  atRisk: Partial<Record<'respond' | 'arrive' | 'resolve', Date>>;
  breaches: Partial<Record<'respond' | 'arrive' | 'resolve', Date>>;
  /**
   * Issue 20.1: a deadline that does not count against the engineer. `at_door`: he reported nobody home in time (the
   * arrival counts as on time); `no_show`: the visit ended as a customer no-show (neither met nor missed).
   */
  excused?: Partial<Record<'respond' | 'arrive' | 'resolve', { reason: 'at_door' | 'no_show' | 'appeal'; at: Date }>>;
}

const ObjectId = Schema.Types.ObjectId;

// Mixed for nested records keeps the schema readable; the service writes them whole and presenters list fields.
const OrderSchema = new Schema<OrderRecord>(
  {
    orderNo: { type: String, required: true },
    customerId: { type: ObjectId, ref: 'User', required: true },
    outletId: { type: ObjectId, ref: 'Outlet', required: true },
    category: { type: String, enum: CATEGORY_CODES, required: true },
    serviceType: { type: String, enum: SERVICE_TYPE_CODES, required: true },
    parentOrderId: { type: ObjectId, default: null },
    reworkOrderId: { type: ObjectId, default: null },
    reworkPreference: { type: String, enum: ['same', 'different', null], default: null },
    parentEngineerId: { type: ObjectId, default: null },
    repeatOf: { type: Schema.Types.Mixed, default: null },
    appliance: { type: Schema.Types.Mixed, default: null },
    fault: { type: Schema.Types.Mixed, required: true },
    contact: { type: Schema.Types.Mixed, required: true },
    slot: {
      outletId: { type: ObjectId, required: true },
      day: { type: String, required: true },
      window: { type: String, enum: SLOT_WINDOW_CODES, required: true },
      startAt: { type: Date, required: true },
      endAt: { type: Date, required: true },
    },
    status: { type: String, enum: ORDER_STATUSES, required: true },
    engineerId: { type: ObjectId, ref: 'Engineer', default: null },
    engineerUserId: { type: ObjectId, ref: 'User', default: null },
    engineerHold: { type: Schema.Types.Mixed, default: null },
    offer: { type: Schema.Types.Mixed, default: null },
    offeredTo: { type: [ObjectId], default: undefined },
    routing: { type: Schema.Types.Mixed, default: null },
    pendingSince: { type: Date, default: null },
    escalation: { type: Schema.Types.Mixed, default: null },
    catalogVersion: { type: Number, required: true },
    quotes: { type: Schema.Types.Mixed, default: [] },
    confirmedQuoteNo: { type: Number, default: null },
    report: { type: Schema.Types.Mixed, default: null },
    payment: { type: Schema.Types.Mixed, default: null },
    feePayment: { type: Schema.Types.Mixed, default: null },
    serviceCode: { type: Schema.Types.Mixed, default: null },
    partsWait: { type: Schema.Types.Mixed, default: null },
    cancellation: { type: Schema.Types.Mixed, default: null },
    noShow: { type: Schema.Types.Mixed, default: null },
    noShowTerms: { type: Schema.Types.Mixed, default: null },
    rescheduleProposal: { type: Schema.Types.Mixed, default: null },
    urgent: { type: Boolean, default: false },
    heightWork: { type: Schema.Types.Mixed, default: null },
    idempotencyKey: { type: String },
    requestHash: { type: String, default: null },
    offCatalogueCount: { type: Number, default: 0 },
    timeline: { type: Schema.Types.Mixed, default: [] },
    timelineHead: { type: String, required: true },
    times: { type: Schema.Types.Mixed, default: {} },
    createdDay: { type: String, required: true },
    closedDay: { type: String, default: null },
    sla: { type: Schema.Types.Mixed, required: true },
  },
  { timestamps: true, collection: 'orders', minimize: false },
);

OrderSchema.index({ orderNo: 1 }, { unique: true, name: 'order_no_unique' });
// Scoped by customer in the key itself, so one customer's key never collides with another's.
OrderSchema.index({ idempotencyKey: 1 }, { unique: true, sparse: true, name: 'order_idempotency_unique' });
OrderSchema.index({ customerId: 1, createdAt: -1 });
OrderSchema.index({ outletId: 1, status: 1, createdAt: -1 });
OrderSchema.index({ engineerId: 1, status: 1, 'slot.startAt': 1 });
OrderSchema.index({ status: 1, 'times.completedAt': 1 });
OrderSchema.index({ status: 1, 'times.closedAt': 1 });
OrderSchema.index({ 'offer.tiers.userId': 1, status: 1 });
// Issue 19: the offer-tier and escalation jobs' query shapes.
OrderSchema.index({ status: 1, 'offer.nextReleaseAt': 1 });
OrderSchema.index({ status: 1, pendingSince: 1 });
OrderSchema.index({ parentOrderId: 1 });
// Issue 20.3: an appliance's orders (its life, the second visit offered at booking).
OrderSchema.index({ 'appliance.applianceId': 1, createdAt: -1 });
// The SLA sweeper's query shapes: open clocks by status and due time.
OrderSchema.index({ status: 1, 'sla.respondRiskAt': 1 });
OrderSchema.index({ status: 1, 'sla.arriveRiskAt': 1 });
OrderSchema.index({ status: 1, 'sla.resolveRiskAt': 1 });
OrderSchema.index({ outletId: 1, createdDay: 1 });
// The no-show timer's query: waits that ran out.
OrderSchema.index({ 'noShow.state': 1, 'noShow.waitUntil': 1 });
OrderSchema.index({ outletId: 1, closedDay: 1 });
OrderSchema.index({ updatedAt: 1 });
OrderSchema.index({ createdAt: 1 });

export const Order = mongoose.model<OrderRecord>('Order', OrderSchema);

/** Per-day counters for human-readable order numbers (FX20261124-00001). */
const CounterSchema = new Schema<{ _id: string; seq: number }>({ _id: String, seq: { type: Number, default: 0 } }, { versionKey: false, collection: 'counters' });
export const Counter = mongoose.model('Counter', CounterSchema);

/** Capacity and bookings of one outlet's window on one day. Reserved with a conditional $inc (never oversold). */
export interface SlotRecord {
  _id: string; // `${outletId}:${day}:${window}`
  outletId: Types.ObjectId;
  day: string;
  window: SlotWindowCode;
  capacity: number;
  booked: number;
}
const SlotSchema = new Schema<SlotRecord>(
  {
    _id: String,
    outletId: { type: ObjectId, required: true },
    day: { type: String, required: true },
    window: { type: String, enum: SLOT_WINDOW_CODES, required: true },
    capacity: { type: Number, required: true, min: 0 },
    booked: { type: Number, required: true, min: 0 },
  },
  { versionKey: false, collection: 'slots' },
);
SlotSchema.index({ outletId: 1, day: 1 });
export const Slot = mongoose.model<SlotRecord>('Slot', SlotSchema);

/**
 * One engineer's window, held by one active order: `_id` is `${engineerId}:${day}:${window}`, so the unique `_id`
 * makes a second order for the same engineer and window impossible, whatever runs concurrently (see engineerWindows.ts).
 */
export interface EngineerWindowRecord {
  _id: string;
  engineerId: Types.ObjectId;
  orderId: Types.ObjectId;
  /** Names this reservation; the order records it in `engineerHold` once its change is written. */
  token: string;
  day: string;
  window: SlotWindowCode;
  /** Wall-clock time of the reservation, to tell an abandoned reservation from one whose change is in flight. */
  createdAt: Date;
}
const EngineerWindowSchema = new Schema<EngineerWindowRecord>(
  {
    _id: String,
    engineerId: { type: ObjectId, required: true },
    orderId: { type: ObjectId, required: true },
    token: { type: String, required: true },
    day: { type: String, required: true },
    window: { type: String, enum: SLOT_WINDOW_CODES, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'engineer_windows' },
);
EngineerWindowSchema.index({ orderId: 1 });
export const EngineerWindow = mongoose.model<EngineerWindowRecord>('EngineerWindow', EngineerWindowSchema);
