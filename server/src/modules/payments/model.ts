import mongoose, { Schema, type Types } from 'mongoose';
import { PAYMENT_CHANNELS, PAYMENT_PURPOSES, PAYMENT_STATES, REFUND_REASONS, REFUND_STATES, type PaymentChannel, type PaymentPurpose, type PaymentState, type RefundReason, type RefundState } from '@fangxin/shared';

/**
 * One payment intent at WeChat Pay (out_trade_no unique): for one order, purpose and amount. Its state changes only by
 * compare-and-set on the state it was read in. `refundableFen` is what is left to refund: a refund reserves its amount
 * with `$inc` on the condition `refundableFen >= amount`, so refunds never add up to more than was paid.
 */
export interface PaymentRecord {
  _id: Types.ObjectId;
  orderId: Types.ObjectId;
  outletId: Types.ObjectId;
  customerId: Types.ObjectId | null;
  purpose: PaymentPurpose;
  channel: PaymentChannel;
  outTradeNo: string;
  /** `<orderId>:<purpose>` while open (unique): one open payment per order and purpose, also when requests race. */
  openKey?: string;
  amountFen: number;
  quoteNo: number | null;
  state: PaymentState;
  prepayId: string | null;
  h5Url: string | null;
  transactionId: string | null;
  paidFen: number | null;
  refundableFen: number;
  refundedFen: number;
  mismatchReason: string | null;
  day: string;
  paidDay: string | null;
  createdAt: Date;
  paidAt: Date | null;
  closedAt: Date | null;
  expiresAt: Date;
  lastQueriedAt: Date | null;
}

const PaymentSchema = new Schema<PaymentRecord>(
  {
    orderId: { type: Schema.Types.ObjectId, required: true },
    outletId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, default: null },
    purpose: { type: String, enum: PAYMENT_PURPOSES, required: true },
    channel: { type: String, enum: PAYMENT_CHANNELS, required: true },
    outTradeNo: { type: String, required: true },
    openKey: { type: String },
    amountFen: { type: Number, required: true },
    quoteNo: { type: Number, default: null },
    state: { type: String, enum: PAYMENT_STATES, required: true },
    prepayId: { type: String, default: null },
    h5Url: { type: String, default: null },
    transactionId: { type: String, default: null },
    paidFen: { type: Number, default: null },
    refundableFen: { type: Number, default: 0 },
    refundedFen: { type: Number, default: 0 },
    mismatchReason: { type: String, default: null },
    day: { type: String, required: true },
    paidDay: { type: String, default: null },
    createdAt: { type: Date, required: true },
    paidAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    expiresAt: { type: Date, required: true },
    lastQueriedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
PaymentSchema.index({ outTradeNo: 1 }, { unique: true, name: 'payment_out_trade_no_unique' });
PaymentSchema.index({ openKey: 1 }, { unique: true, sparse: true, name: 'payment_open_key_unique' });
PaymentSchema.index({ orderId: 1, createdAt: 1 }, { name: 'payment_order' });
PaymentSchema.index({ state: 1, createdAt: 1 }, { name: 'payment_state_created' });
PaymentSchema.index({ day: 1 }, { name: 'payment_day' });
PaymentSchema.index({ paidDay: 1 }, { name: 'payment_paid_day' });

export const Payment = mongoose.model<PaymentRecord>('Payment', PaymentSchema, 'payments');

/**
 * A refund against one payment, or compensation owed by the outlet in cash (no payment). `key` makes the automatic
 * ones happen once (a mismatch's refund, a compensation per complaint resolution).
 */
export interface RefundRecord {
  _id: Types.ObjectId;
  orderId: Types.ObjectId;
  outletId: Types.ObjectId;
  paymentId: Types.ObjectId | null;
  outRefundNo: string | null;
  reason: RefundReason;
  amountFen: number;
  state: RefundState;
  complaintId: Types.ObjectId | null;
  key?: string;
  note: string;
  attempts: number;
  lastError: string | null;
  day: string;
  createdAt: Date;
  doneAt: Date | null;
  byId: string | null;
}

const RefundSchema = new Schema<RefundRecord>(
  {
    orderId: { type: Schema.Types.ObjectId, required: true },
    outletId: { type: Schema.Types.ObjectId, required: true },
    paymentId: { type: Schema.Types.ObjectId, default: null },
    outRefundNo: { type: String, default: null },
    reason: { type: String, enum: REFUND_REASONS, required: true },
    amountFen: { type: Number, required: true },
    state: { type: String, enum: REFUND_STATES, required: true },
    complaintId: { type: Schema.Types.ObjectId, default: null },
    key: { type: String },
    note: { type: String, default: '' },
    attempts: { type: Number, default: 0 },
    lastError: { type: String, default: null },
    day: { type: String, required: true },
    createdAt: { type: Date, required: true },
    doneAt: { type: Date, default: null },
    byId: { type: String, default: null },
  },
  { versionKey: false },
);
RefundSchema.index({ key: 1 }, { unique: true, sparse: true, name: 'refund_key_unique' });
RefundSchema.index({ orderId: 1, createdAt: 1 }, { name: 'refund_order' });
RefundSchema.index({ state: 1, createdAt: 1 }, { name: 'refund_state_created' });
RefundSchema.index({ day: 1 }, { name: 'refund_day' });

export const Refund = mongoose.model<RefundRecord>('Refund', RefundSchema, 'refunds');
