import { z } from 'zod';
import { CATEGORY_CODES, SERVICE_TYPE_CODES } from '../domain/catalog';
import { ORDER_ACTIONS, ORDER_STATUSES } from '../domain/orderMachine';
import { SLOT_WINDOW_CODES } from '../domain/slots';
import { PAYMENT_METHODS, type PaymentMethod } from '../domain/labels';
import { TIMELINE_EVENT_TYPES } from '../domain/timeline';
import { NoShowView, RescheduleProposalView } from '../domain/noShow';
import { readServiceCode, SERVICE_CODE_DIGITS, SERVICE_CODE_TEXT } from '../domain/arrivalCode';
import { DAY_RANGE_MAX, Day, DayText, DistrictCode, IdParams, JsonObject, ObjectId, Pagination, pageOf, withDayRange } from './common';

export const Fen = z.number().int('金额须为整数（分）').min(0, '金额不能为负');

export const SlotChoice = z.object({ day: Day, window: z.enum(SLOT_WINDOW_CODES) });

export const AvailabilityQuery = withDayRange(z.object({ districtCode: DistrictCode, category: z.enum(CATEGORY_CODES), from: Day, to: Day }), DAY_RANGE_MAX.slots);

/** A staff slot calendar: at most the booking horizon per request. */
export const SlotCalendarQuery = withDayRange(z.object({ from: Day, to: Day }), DAY_RANGE_MAX.slots);

/** One time window of a day: its bounds, the bookings it can still take and whether it can be booked now. */
export const WindowAvailability = z
  .object({
    window: z.enum(SLOT_WINDOW_CODES),
    label: z.string(),
    startAt: z.string(),
    endAt: z.string(),
    remaining: z.number().int().meta({ description: 'Bookings still possible; 0 when the window cannot be booked' }),
    bookable: z.boolean().meta({ description: 'Inside the booking horizon, at least 1 h ahead, and not full' }),
  })
  .meta({ id: 'WindowAvailability' });

/** A day's windows with what each can still take (public availability, staff slot calendar). */
export const DayAvailability = z.object({ day: DayText, windows: z.array(WindowAvailability) }).meta({ id: 'DayAvailability' });

/** What the public booking page offers for a district and category. */
export const Availability = z
  .object({ covered: z.boolean().meta({ description: 'False when no outlet serves the district' }), days: z.array(DayAvailability) })
  .meta({ id: 'Availability' });

export type WindowAvailability = z.infer<typeof WindowAvailability>;
export type Availability = z.infer<typeof Availability>;
export type DayAvailability = z.infer<typeof DayAvailability>;

export const CreateOrderBody = z
  .object({
    category: z.enum(CATEGORY_CODES),
    serviceType: z.enum(SERVICE_TYPE_CODES),
    addressId: ObjectId,
    applianceId: ObjectId.optional(),
    faultDescription: z.string().trim().min(2, '请描述故障或需求').max(500),
    photoIds: z.array(ObjectId).max(9).default([]),
    slot: SlotChoice,
    urgent: z
      .boolean()
      .default(false)
      .meta({ description: 'An urgent fault (issue 19): dispatched first, with the shorter respond clock `urgentRespondHours`; the catalogue’s urgent fee, if any, may then be quoted' }),
    noShowFeeShownFen: z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: 'The wasted-trip fee (空跑费) the booking screen showed the customer, in fen (0: none shown). A no-show costs the fee only when this equals the catalogue’s fee (issue 20.1)' }),
    secondVisitDeclined: ObjectId.optional().meta({
      description: 'Issue 20.3: the original order whose free second visit the booking screen offered and the customer declined; the new order records it as `repeatOf` (it does so for any booking made while the offer stands)',
    }),
  })
  .meta({ id: 'CreateOrderBody' });

const IDEMPOTENCY_KEY_MESSAGE = '缺少或无效的 Idempotency-Key 请求头';
/** The booking's Idempotency-Key request header. */
export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string({ error: IDEMPOTENCY_KEY_MESSAGE })
    .regex(/^[\w-]{8,64}$/, IDEMPOTENCY_KEY_MESSAGE)
    .meta({ description: 'Retrying with the same key returns the same order; 8-64 letters, digits, - or _' }),
});

/** A quote of an order, by its number. */
export const QuoteParams = IdParams.extend({ no: z.coerce.number().int().min(1) });

export const CancelBody = z.object({ reason: z.string().trim().min(2, '请填写取消原因').max(200) }).meta({ id: 'CancelBody' });
export const RescheduleBody = z.object({ slot: SlotChoice }).meta({ id: 'RescheduleBody' });
export const DispatchBody = z.object({ engineerId: ObjectId }).meta({ id: 'DispatchBody' });
export const DeclineBody = z.object({ reason: z.string().trim().min(2, '请填写拒单原因').max(200) }).meta({ id: 'DeclineBody' });
export const CheckInBody = z
  .object({
    serviceCode: z
      .string()
      .max(64, SERVICE_CODE_TEXT.format)
      .refine((v) => readServiceCode(v).ok, SERVICE_CODE_TEXT.format)
      .meta({ description: `The customer's ${SERVICE_CODE_DIGITS}-digit service code (spaces and full-width digits allowed) or its QR text \`FXSC:<orderNo>:<code>\`` }),
  })
  .meta({ id: 'CheckInBody' });

/**
 * A quote line: a price-list item by code (its price is the price list's; any price sent is refused by name), or a
 * line outside the price list with its own price and a reason. Unknown keys are refused in both.
 */
export const QuoteItemInput = z.discriminatedUnion('offCatalogue', [
  z.strictObject({ offCatalogue: z.literal(false).optional(), code: z.string().min(1).max(40), quantity: z.number().int().min(1).max(99) }),
  z.strictObject({
    offCatalogue: z.literal(true),
    name: z.string().trim().min(2).max(60),
    kind: z.enum(['labour', 'part', 'fee']),
    unit: z.string().trim().min(1).max(8).default('次'),
    unitPriceFen: Fen.max(10_000_000),
    quantity: z.number().int().min(1).max(99),
    reason: z.string().trim().min(4, '价目表外项目必须说明原因').max(200),
  }),
]);
export const QuoteBody = z
  .object({
    items: z.array(QuoteItemInput).min(1, '至少一项').max(30),
    heightWorkPhotoId: ObjectId.optional().meta({
      description: 'Marks the order as needing height work (issue 19): a `report_photo` upload of this order showing the site; the height-work fee may be quoted only then',
    }),
  })
  .meta({ id: 'QuoteBody', description: 'Totals are computed by the server; any total sent is ignored.' });
export const RejectQuoteBody = z.object({ reason: z.string().trim().min(2).max(200) }).meta({ id: 'RejectQuoteBody' });

export const PartsWaitBody = z.object({ reason: z.string().trim().min(2).max(200), expectedDate: Day }).meta({ id: 'PartsWaitBody' });

export const ReportBody = z
  .object({
    diagnosis: z.string().trim().min(2).max(1000),
    actions: z.string().trim().min(2).max(1000),
    partsUsed: z
      .array(
        z
          .object({
            code: z.string().min(1).max(40).optional().meta({ description: 'A price-list part: its code' }),
            line: z.number().int().min(1).max(30).optional().meta({ description: 'A part outside the price list: its 1-based line in the confirmed quote' }),
            quantity: z.number().int().min(1).max(99),
            newSerialNo: z.string().trim().min(3, '请填写新配件序列号').max(64),
            oldPartPhotoId: ObjectId.meta({ description: 'An `old_part_photo` upload of this order' }),
          })
          .refine((p) => (p.code === undefined) !== (p.line === undefined), { message: '请用 code（价目表配件）或 line（价目表外配件）指明配件，二选一', path: ['code'] }),
      )
      .max(30)
      .default([]),
    photoIds: z.array(ObjectId).min(1, '至少上传一张现场照片').max(12).meta({ description: '`report_photo` uploads of this order' }),
    signatureId: ObjectId.meta({ description: 'A `signature` upload of this order' }),
  })
  .meta({ id: 'ReportBody', description: 'Every part line of the confirmed quote (price list or not) must be reported with its new serial and an old-part photo.' });

/**
 * Which payments need a voucher number (issue 18): a WeChat Pay transaction number or a bank-transfer reference
 * proves the money arrived; cash hands over no such number, so for cash it is optional.
 */
export const RECEIPT_NO_REQUIRED: Record<PaymentMethod, boolean> = { wechat: true, cash: false, transfer: true };
export const RECEIPT_NO_MESSAGE = '请填写收款凭证号（4-40 位）';

export const PaymentBody = z
  .object({
    method: z.enum(PAYMENT_METHODS),
    amountFen: Fen,
    receiptNo: z
      .string()
      .trim()
      .max(40, RECEIPT_NO_MESSAGE)
      .optional()
      .meta({ description: 'WeChat Pay transaction number or transfer reference, 4-40 characters; optional for cash' }),
  })
  .superRefine((p, ctx) => {
    if (RECEIPT_NO_REQUIRED[p.method] && (p.receiptNo ?? '').length < 4) ctx.addIssue({ code: 'custom', path: ['receiptNo'], message: RECEIPT_NO_MESSAGE });
  })
  .meta({ id: 'PaymentBody', description: 'receiptNo is required (4-40 characters) for wechat and transfer, optional for cash' });

export const ReworkBody = z
  .object({
    description: z.string().trim().min(4, '请描述问题').max(500),
    engineer: z.enum(['same', 'different']).meta({ description: 'The same engineer again, or a different one' }),
    slot: SlotChoice,
    photoIds: z.array(ObjectId).max(9).default([]),
  })
  .meta({ id: 'ReworkBody' });

export const OrderListQuery = Pagination.extend({
  status: z.enum(ORDER_STATUSES).optional(),
});

/** The engineer's task list: today, upcoming, or history. */
export const EngineerOrderListQuery = Pagination.extend({ scope: z.enum(['today', 'upcoming', 'history']).default('today') });
export type EngineerTaskScope = z.infer<typeof EngineerOrderListQuery>['scope'];

/** Staff order queue filters (issue 6): all optional, combined with AND, scoped to the caller's outlet. */
export const StaffOrderListQuery = withDayRange(
  OrderListQuery.extend({
  engineerId: ObjectId.optional(),
  category: z.enum(CATEGORY_CODES).optional(),
  districtCode: DistrictCode.optional(),
  from: Day.optional().meta({ description: 'Created on or after this Asia/Shanghai day' }),
  to: Day.optional().meta({ description: 'Created on or before this Asia/Shanghai day' }),
  sla: z.enum(['ok', 'at_risk', 'breached']).optional().meta({ description: 'Any deadline breached, any at risk (and none breached), or neither' }),
  q: z
    .string()
    .trim()
    .regex(/^(FX\d{1,13}|\d{4})$/i, '请输入订单号（FX 开头）或手机号后 4 位')
    .optional()
    .meta({ description: 'An order number (or its beginning, FX…) or the last 4 digits of the customer’s phone' }),
  sort: z.enum(['-createdAt', 'createdAt', 'slot', '-slot']).default('-createdAt'),
  }),
  DAY_RANGE_MAX.list,
);

/** The customer's contact on an order: masked unless the caller may see it in full (S10). */
export const OrderContact = z
  .object({ name: z.string(), phone: z.string(), districtCode: z.string(), detail: z.string(), full: z.boolean().meta({ description: 'Whether name, phone and address are shown in full' }) })
  .meta({ id: 'OrderContact' });

export const QuoteItemView = z.object({
  code: z.string().nullable(),
  name: z.string(),
  kind: z.enum(['labour', 'part', 'fee']),
  unit: z.string(),
  quantity: z.number().int(),
  unitPriceFen: z.number().int(),
  chargedUnitFen: z.number().int(),
  amountFen: z.number().int(),
  warrantyDays: z.number().int(),
  coveredBy: z.enum(['appliance_warranty', 'rework']).nullable(),
  offCatalogue: z.boolean(),
  reason: z.string().nullable(),
  serialised: z
    .boolean()
    .optional()
    .meta({ description: 'A serialised part (new serial and old-part photo in the report); absent on quotes written before the flag existed, where every part is' }),
});

export const QuoteView = z.object({
  no: z.number().int(),
  items: z.array(QuoteItemView),
  totalFen: z.number().int(),
  status: z.enum(['pending', 'confirmed', 'rejected', 'superseded']),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});

/** The service report as submitted by the engineer. */
export const ReportView = z
  .object({
    diagnosis: z.string(),
    actions: z.string(),
    quoteNo: z.number().int().optional().meta({ description: 'The confirmed quote the report was written against (absent on reports written before it was kept)' }),
    partsUsed: z.array(
      z.object({
        code: z.string().nullable(),
        line: z.number().int().nullable().optional(),
        quantity: z.number().int(),
        newSerialNo: z.string(),
        oldPartPhotoId: ObjectId,
      }),
    ),
    photoIds: z.array(ObjectId),
    signatureId: ObjectId,
    submittedAt: z.string().nullable(),
  })
  .meta({ id: 'ServiceReport' });

export const OrderView = z
  .object({
    id: ObjectId,
    orderNo: z.string(),
    status: z.enum(ORDER_STATUSES),
    statusLabel: z.string(),
    category: z.enum(CATEGORY_CODES),
    serviceType: z.enum(SERVICE_TYPE_CODES),
    outletId: ObjectId,
    customerId: ObjectId.nullable().meta({ description: 'Null for an engineer the order is only offered to' }),
    engineerId: ObjectId.nullable(),
    parentOrderId: ObjectId.nullable(),
    appliance: z.object({ brand: z.string(), model: z.string(), purchaseDate: z.string().nullable(), inWarranty: z.boolean() }).nullable(),
    fault: z.object({ description: z.string(), photoIds: z.array(z.string()) }),
    contact: OrderContact,
    slot: z.object({ day: z.string(), window: z.enum(SLOT_WINDOW_CODES), startAt: z.string(), endAt: z.string() }),
    catalogVersion: z.number().int(),
    quotes: z.array(QuoteView),
    confirmedQuoteNo: z.number().int().nullable(),
    report: ReportView.nullable(),
    payment: z.object({ method: z.enum(PAYMENT_METHODS), amountFen: z.number().int(), receiptNo: z.string(), paidAt: z.string(), quoteNo: z.number().int().optional().meta({ description: 'The confirmed quote this payment settles (absent on payments recorded before it was kept)' }) }).nullable(),
    partsWait: z.object({ reason: z.string(), expectedDate: z.string(), since: z.string() }).nullable(),
    cancellation: z.object({ by: z.string(), reason: z.string(), at: z.string() }).nullable(),
    urgent: z.boolean().meta({ description: 'The customer marked the fault urgent (加急): dispatched first, shorter respond clock' }),
    heightWork: z
      .object({ photoId: ObjectId, markedAt: z.string() })
      .nullable()
      .meta({ description: 'The engineer marked the order as needing height work, with this site photo (issue 19)' }),
    deadlines: z
      .array(z.object({ clock: z.enum(['respond', 'arrive', 'resolve']), label: z.string(), dueAt: z.string().nullable(), doneAt: z.string().nullable(), state: z.enum(['met', 'early', 'missed', 'pending', 'at_risk', 'breached', 'paused', 'not_started', 'void']) }))
      .meta({ description: 'Every deadline that applies to the order, when it is due, and whether it was met' }),
    reworkOrderId: ObjectId.nullable(),
    repeatOf: z
      .object({ orderId: ObjectId, orderNo: z.string(), declined: z.boolean() })
      .nullable()
      .optional()
      .meta({ description: 'Issue 20.3: booked as a normal order while this earlier repair of the same appliance was under warranty (declined: the free second visit was offered and declined)' }),
    noShow: NoShowView.nullable().optional().meta({ description: 'Issue 20.1: the engineer reported nobody home; the wait, the answer or the no-show' }),
    rescheduleProposal: RescheduleProposalView.nullable().optional().meta({ description: 'Issue 20.1: a new window proposed after departure, waiting for the other side' }),
    actions: z.array(z.enum(ORDER_ACTIONS)).meta({ description: 'Actions the caller may take now (from the shared state machine)' }),
    times: z.record(z.string(), z.string()),
    createdAt: z.string(),
  })
  .meta({ id: 'Order' });

export const OrderSummary = OrderView.pick({
  id: true,
  orderNo: true,
  status: true,
  statusLabel: true,
  category: true,
  serviceType: true,
  outletId: true,
  engineerId: true,
  slot: true,
  createdAt: true,
  urgent: true,
}).extend({
  contact: OrderContact,
  slaState: z.enum(['ok', 'at_risk', 'breached']).optional().meta({ description: 'Worst deadline state: breached, at risk, or ok' }),
}).meta({ id: 'OrderSummary' });

export const OrderPage = pageOf(OrderSummary).meta({ id: 'OrderPage' });
export const OrderSummaryList = z.object({ items: z.array(OrderSummary) }).meta({ id: 'OrderSummaryList' });

export const TimelineEventView = z.object({
  seq: z.number().int(),
  type: z.enum(TIMELINE_EVENT_TYPES),
  at: z.string(),
  actor: z.object({ id: z.string().nullable(), role: z.string(), name: z.string() }),
  data: JsonObject,
  prevHash: z.string(),
  hash: z.string(),
});

export const ChainVerdictView = z
  .object({ valid: z.boolean(), events: z.number().int(), brokenAt: z.number().int().optional(), reason: z.string().optional(), head: z.string() })
  .meta({ id: 'ChainVerdict' });

export const OrderTimeline = z.object({ events: z.array(TimelineEventView), verdict: ChainVerdictView }).meta({ id: 'OrderTimeline' });

/**
 * Who to call about an order (S10): the customer sees the engineer's work phone and the outlet's phone only while the
 * order is active; the assigned engineer sees the customer's phone and address only while the order is his and active.
 * The platform hotline (a setting) is always there.
 */
export const OrderContacts = z
  .object({
    hotline: z.string().meta({ description: 'The platform’s customer-service hotline' }),
    engineer: z.object({ name: z.string(), phone: z.string() }).nullable().meta({ description: 'For the customer of an active, assigned order' }),
    outlet: z.object({ name: z.string(), phone: z.string() }).nullable().meta({ description: 'For the customer of an active order' }),
    customer: z
      .object({ name: z.string(), phone: z.string(), address: z.string() })
      .nullable()
      .meta({ description: 'For the assigned engineer of an active order: name, phone and the full address (province, city, district, street)' }),
    notice: z.string().nullable().meta({ description: 'Why a phone number is not shown, in words for the reader' }),
  })
  .meta({ id: 'OrderContacts' });

/** S4: what the customer shows the engineer on arrival. */
export const ServiceCodeView = z
  .object({
    serviceCode: z.string(),
    qrText: z.string().meta({ description: 'What the QR code holds: `FXSC:<orderNo>:<code>`' }),
    expiresAt: z.string(),
  })
  .meta({ id: 'ServiceCode' });

/** One ranked dispatch suggestion, or an excluded engineer with the reasons (S6). */
export const DispatchCandidate = z
  .object({
    engineerId: ObjectId,
    userId: ObjectId,
    name: z.string(),
    employeeNo: z.string(),
    qualityScore: z.number().nullable().meta({ description: 'The stored quality score (S11); null: 暂无评分' }),
    load: z.number().int(),
    skillScore: z.number().nullable(),
    eligible: z.boolean(),
    rank: z.number().int().nullable(),
    reasons: z.array(z.string()),
  })
  .meta({ id: 'DispatchCandidate' });
export const DispatchCandidates = z.object({ items: z.array(DispatchCandidate) }).meta({ id: 'DispatchCandidates' });

export const OfferResult = z
  .object({ order: OrderView, tiers: z.array(z.object({ engineerId: ObjectId, releaseAt: z.string() })) })
  .meta({ id: 'OfferResult' });

export const ReceiptView = z
  .object({
    orderNo: z.string(),
    receiptNo: z.string(),
    service: z.string(),
    outlet: z.object({ name: z.string(), phone: z.string(), address: z.string() }),
    engineer: z.object({ name: z.string(), employeeNo: z.string() }).nullable(),
    catalogVersion: z.number().int(),
    quoteNo: z.number().int(),
    items: z.array(
      QuoteItemView.extend({ warrantyUntil: z.string().nullable().meta({ description: 'Last day of this item’s repair warranty (Asia/Shanghai)' }) }),
    ),
    totalFen: z.number().int(),
    payment: z.object({ method: z.enum(PAYMENT_METHODS), amountFen: z.number().int(), paidAt: z.string() }),
  })
  .meta({ id: 'Receipt' });

export type CreateOrderBody = z.infer<typeof CreateOrderBody>;
export type QuoteBody = z.infer<typeof QuoteBody>;
export type ReportBody = z.infer<typeof ReportBody>;
export type PaymentBody = z.infer<typeof PaymentBody>;
export type OrderView = z.infer<typeof OrderView>;
export type OrderSummary = z.infer<typeof OrderSummary>;
export type StaffOrderListQuery = z.output<typeof StaffOrderListQuery>;
export type ReportView = z.infer<typeof ReportView>;
export type OrderContact = z.infer<typeof OrderContact>;
export type OrderContacts = z.infer<typeof OrderContacts>;
export type TimelineEventView = z.infer<typeof TimelineEventView>;
export type ChainVerdictView = z.infer<typeof ChainVerdictView>;
export type OrderTimeline = z.infer<typeof OrderTimeline>;
export type ReceiptView = z.infer<typeof ReceiptView>;
export type ServiceCodeView = z.infer<typeof ServiceCodeView>;
export type DispatchCandidate = z.infer<typeof DispatchCandidate>;
export type OfferResult = z.infer<typeof OfferResult>;
export type RescheduleBody = z.infer<typeof RescheduleBody>;
export type ReworkBody = z.input<typeof ReworkBody>;
