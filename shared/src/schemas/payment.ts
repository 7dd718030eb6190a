import { z } from 'zod';
import { Day, DayText, ObjectId } from './common';
import { Fen } from './order';
import { PAYMENT_CHANNELS, PAYMENT_PURPOSES, PAYMENT_STATES, RECONCILIATION_ISSUES, REFUND_REASONS, REFUND_STATES } from '../domain/payments';

/** Issue 20.4: online payment with refunds (rules and words: shared/src/domain/payments.ts). */

export const PrepayBody = z
  .object({
    channel: z.enum(PAYMENT_CHANNELS).meta({ description: '`jsapi` inside the WeChat mini-program (needs a WeChat sign-in), `h5` from a phone browser' }),
    purpose: z.enum(PAYMENT_PURPOSES).optional().meta({ description: 'What to pay; the first amount due when absent (paymentsDue in shared)' }),
    returnPath: z
      .string()
      .max(300)
      .regex(/^\/h5\/[^\s<>"'\\]*$/, '返回页面须为本站 /h5/ 下的地址')
      .optional()
      .meta({ description: 'H5 only: the page of this site WeChat’s cashier returns to (appended to h5Url as redirect_url)' }),
  })
  .meta({ id: 'PrepayBody' });

/** What wx.requestPayment / Taro.requestPayment takes, signed by the merchant key (APIv3 JSAPI signature, RSA). */
export const JsapiPayParams = z
  .object({ appId: z.string(), timeStamp: z.string(), nonceStr: z.string(), package: z.string(), signType: z.literal('RSA'), paySign: z.string() })
  .meta({ id: 'JsapiPayParams' });

export const PaymentView = z
  .object({
    id: ObjectId,
    orderId: ObjectId,
    outTradeNo: z.string().meta({ description: 'Our number for the payment at WeChat Pay (out_trade_no)' }),
    purpose: z.enum(PAYMENT_PURPOSES),
    purposeLabel: z.string(),
    channel: z.enum(PAYMENT_CHANNELS),
    amountFen: z.number().int().meta({ description: 'The amount asked for (the amount due when the payment was opened)' }),
    paidFen: z.number().int().nullable().meta({ description: 'What WeChat Pay says arrived; null until paid' }),
    refundedFen: z.number().int().meta({ description: 'Refunds reserved or made against this payment' }),
    state: z.enum(PAYMENT_STATES),
    stateLabel: z.string(),
    transactionId: z.string().nullable().meta({ description: 'WeChat Pay’s transaction number (the receipt number)' }),
    createdAt: z.string(),
    paidAt: z.string().nullable(),
    expiresAt: z.string(),
    text: z.string().meta({ description: 'In words for the customer' }),
  })
  .meta({ id: 'Payment' });

export const PrepayView = z
  .object({
    payment: PaymentView,
    jsapi: JsapiPayParams.nullable().meta({ description: 'channel jsapi: pass to requestPayment' }),
    h5Url: z.string().nullable().meta({ description: 'channel h5: open it (WeChat’s cashier; the stand-in’s cashier page in development)' }),
    standIn: z
      .boolean()
      .meta({ description: 'The local WeChat Pay stand-in answers (development, tests, demos): the mini-program completes a JSAPI payment with payments.standInConfirm instead of requestPayment' }),
  })
  .meta({ id: 'Prepay' });

export const RefundView = z
  .object({
    id: ObjectId,
    orderId: ObjectId,
    paymentId: ObjectId.nullable().meta({ description: 'The online payment refunded; null when owed by the outlet in cash' }),
    outRefundNo: z.string().nullable(),
    reason: z.enum(REFUND_REASONS),
    reasonLabel: z.string(),
    amountFen: z.number().int(),
    state: z.enum(REFUND_STATES),
    stateLabel: z.string(),
    complaintId: ObjectId.nullable(),
    createdAt: z.string(),
    doneAt: z.string().nullable(),
    text: z.string().meta({ description: 'In words for the customer' }),
  })
  .meta({ id: 'Refund' });

export const PaymentDueView = z
  .object({ purpose: z.enum(PAYMENT_PURPOSES), purposeLabel: z.string(), amountFen: z.number().int(), quoteNo: z.number().int().nullable(), text: z.string() })
  .meta({ id: 'PaymentDue' });

export const OnlinePaymentStatus = z
  .object({
    enabled: z.boolean(),
    standIn: z.boolean().meta({ description: 'The local stand-in plays WeChat Pay (no real money moves)' }),
    reason: z.string().nullable().meta({ description: 'Why online payment is off, in words (null when on)' }),
  })
  .meta({ id: 'OnlinePaymentStatus' });

export const OrderPaymentsView = z
  .object({
    orderId: ObjectId,
    online: OnlinePaymentStatus,
    due: z.array(PaymentDueView).meta({ description: 'What may be paid online now (empty: nothing due)' }),
    payments: z.array(PaymentView),
    refunds: z.array(RefundView),
    paidFen: z.number().int().meta({ description: 'Paid online and counted' }),
    refundedFen: z.number().int().meta({ description: 'Refunded, or being refunded, to WeChat' }),
    owedCashFen: z.number().int().meta({ description: 'Compensation the outlet pays the customer in cash' }),
  })
  .meta({ id: 'OrderPayments' });

export const RefundBody = z
  .object({
    reason: z.enum(REFUND_REASONS),
    amountFen: Fen.min(1, '退款金额须大于 0'),
    paymentId: ObjectId.optional().meta({ description: 'The payment to refund; the order’s paid online payments, newest first, when absent' }),
    note: z.string().trim().max(200).default(''),
  })
  .meta({ id: 'RefundBody' });

export const StandInConfirmBody = z
  .object({ outTradeNo: z.string().regex(/^[A-Za-z0-9_*|-]{6,32}$/, '支付单号格式有误') })
  .meta({ id: 'StandInConfirmBody' });

/** The body WeChat Pay posts to notify_url (APIv3): the resource is AES-256-GCM encrypted with the APIv3 key. */
export const WechatNotifyBody = z
  .looseObject({
    id: z.string().max(64),
    create_time: z.string().max(40),
    event_type: z.string().max(64),
    resource_type: z.string().max(64),
    summary: z.string().max(200).optional(),
    resource: z.looseObject({
      algorithm: z.literal('AEAD_AES_256_GCM'),
      ciphertext: z.string().max(20_000),
      associated_data: z.string().max(200).optional(),
      original_type: z.string().max(64).optional(),
      nonce: z.string().max(64),
    }),
  })
  .meta({ id: 'WechatNotifyBody' });

export const WechatNotifyHeaders = z
  .object({
    'wechatpay-signature': z.string().max(1024).optional(),
    'wechatpay-timestamp': z.string().max(20).optional(),
    'wechatpay-nonce': z.string().max(64).optional(),
    'wechatpay-serial': z.string().max(128).optional(),
  })
  .meta({ id: 'WechatNotifyHeaders' });

export const ReconciliationQuery = z
  .object({
    day: Day.meta({ description: 'Asia/Shanghai day' }),
    outletId: ObjectId.optional().meta({ description: 'Platform admins: one outlet (all when absent); outlet managers always see their own' }),
  })
  .meta({ id: 'ReconciliationQuery' });

export const ReconciliationRow = z
  .object({
    orderId: ObjectId,
    orderNo: z.string(),
    outletId: ObjectId,
    payment: PaymentView.nullable(),
    refund: RefundView.nullable(),
  })
  .meta({ id: 'ReconciliationRow' });

export const ReconciliationIssueView = z
  .object({
    kind: z.enum(RECONCILIATION_ISSUES),
    label: z.string(),
    orderId: ObjectId,
    orderNo: z.string(),
    paymentId: ObjectId.nullable(),
    refundId: ObjectId.nullable(),
    text: z.string().meta({ description: 'What differs, in words (zh-CN)' }),
    textEn: z.string(),
  })
  .meta({ id: 'ReconciliationIssue' });

export const ReconciliationView = z
  .object({
    day: DayText,
    outletId: ObjectId.nullable(),
    totals: z.object({
      paidCount: z.number().int(),
      paidFen: z.number().int(),
      refundCount: z.number().int(),
      refundedFen: z.number().int(),
      owedCashFen: z.number().int(),
      netFen: z.number().int().meta({ description: 'Paid minus refunded (successful refunds)' }),
    }),
    payments: z.array(ReconciliationRow).meta({ description: 'Payments opened or paid that day' }),
    refunds: z.array(ReconciliationRow).meta({ description: 'Refunds recorded that day' }),
    issues: z.array(ReconciliationIssueView),
    checkedRemote: z.number().int().meta({ description: 'How many payments were compared with WeChat Pay’s own answer' }),
  })
  .meta({ id: 'Reconciliation' });

export type PrepayBody = z.infer<typeof PrepayBody>;
export type PaymentView = z.infer<typeof PaymentView>;
export type PrepayView = z.infer<typeof PrepayView>;
export type RefundView = z.infer<typeof RefundView>;
export type OrderPaymentsView = z.infer<typeof OrderPaymentsView>;
export type RefundBody = z.infer<typeof RefundBody>;
export type WechatNotifyBody = z.infer<typeof WechatNotifyBody>;
export type ReconciliationQuery = z.infer<typeof ReconciliationQuery>;
export type ReconciliationView = z.infer<typeof ReconciliationView>;
export type ReconciliationIssueView = z.infer<typeof ReconciliationIssueView>;
