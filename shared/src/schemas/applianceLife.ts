import { z } from 'zod';
import { CATEGORY_CODES, SERVICE_TYPE_CODES } from '../domain/catalog';
import { ORDER_STATUSES } from '../domain/orderMachine';
import { DayText, ObjectId } from './common';
import { Period, periodShape, withPeriodRules } from './analytics';

/** Issue 20.3: an appliance over its life (shared/src/domain/applianceHistory.ts holds the rules). */

const OrderRef = z.object({ orderId: ObjectId, orderNo: z.string() });

/** The free second visit a booking for this appliance is offered instead of a new paid order. */
export const SecondVisitOfferView = z
  .object({
    orderId: ObjectId.meta({ description: 'The original order: book the free second visit with `POST /orders/{orderId}/rework`' }),
    orderNo: z.string(),
    doneDay: DayText.meta({ description: 'When the original work was finished (Asia/Shanghai)' }),
    untilDay: DayText.meta({ description: 'Last day of the original work’s warranty (Asia/Shanghai), covered through its end' }),
    warrantyDays: z.number().int(),
    text: z.string().meta({ description: 'The offer in words for the customer (zh-CN)' }),
  })
  .meta({ id: 'SecondVisitOffer' });

export const SecondVisitOfferAnswer = z.object({ offer: SecondVisitOfferView.nullable() }).meta({ id: 'SecondVisitOfferAnswer' });

export const ApplianceLifeOrder = z
  .object({
    id: ObjectId,
    orderNo: z.string(),
    day: DayText.meta({ description: 'The booked day (Asia/Shanghai)' }),
    serviceType: z.enum(SERVICE_TYPE_CODES),
    serviceName: z.string(),
    status: z.enum(ORDER_STATUSES),
    statusLabel: z.string(),
    fault: z.string(),
    amountFen: z.number().int().nullable().meta({ description: 'Paid, else the confirmed quote’s total; null before a quote is confirmed' }),
    engineerName: z.string().nullable(),
    doneDay: DayText.nullable().meta({ description: 'Closed (else completed) on this day' }),
    warrantyUntil: DayText.nullable().meta({ description: 'Last day of the work warranty (the longest item warranty)' }),
    warrantyRunning: z.boolean(),
    secondVisitOf: OrderRef.nullable().meta({ description: 'This order is the free second visit of that one' }),
    secondVisitOrderId: ObjectId.nullable().meta({ description: 'The free second visit requested for this order' }),
    repeatOf: OrderRef.extend({ declined: z.boolean().meta({ description: 'The customer was offered the free second visit and chose a normal booking' }) })
      .nullable()
      .meta({ description: 'Booked as a normal order while that earlier repair was under warranty' }),
    repeated: z.boolean().meta({ description: 'Counts as a repeated repair of the same fault (applianceHistory.ts)' }),
  })
  .meta({ id: 'ApplianceLifeOrder' });

export const ApplianceLifePart = z
  .object({
    orderId: ObjectId,
    orderNo: z.string(),
    name: z.string(),
    code: z.string().nullable(),
    quantity: z.number().int(),
    newSerialNo: z.string(),
    replacedOn: DayText.nullable(),
    warrantyUntil: DayText.nullable(),
    warrantyRunning: z.boolean(),
  })
  .meta({ id: 'ApplianceLifePart' });

export const ApplianceLifeWarranty = z
  .object({
    orderId: ObjectId,
    orderNo: z.string(),
    name: z.string(),
    kind: z.enum(['labour', 'part']),
    until: DayText,
    daysLeft: z.number().int().meta({ description: 'Days of warranty left, today included' }),
  })
  .meta({ id: 'ApplianceLifeWarranty' });

export const ApplianceLife = z
  .object({
    appliance: z.object({
      id: ObjectId.nullable().meta({ description: 'Null when the customer has deleted the appliance (orders keep their copy)' }),
      category: z.enum(CATEGORY_CODES),
      categoryName: z.string(),
      brand: z.string(),
      model: z.string(),
      purchaseDate: DayText.nullable(),
      serialNo: z.string().nullable(),
    }),
    orders: z.array(ApplianceLifeOrder).meta({ description: 'Newest first; cancelled bookings left out' }),
    parts: z.array(ApplianceLifePart).meta({ description: 'Parts replaced, with their new serials, newest first' }),
    warranties: z.array(ApplianceLifeWarranty).meta({ description: 'Repaired items whose warranty still runs today' }),
    secondVisits: z.number().int(),
    repeatedRepairs: z.number().int(),
    secondVisitOffer: SecondVisitOfferView.nullable(),
  })
  .meta({ id: 'ApplianceLife' });

export const RepeatRepairQuery = withPeriodRules(
  z.object({
    ...periodShape,
    outletId: ObjectId.optional().meta({ description: 'Platform admins: one outlet (default: the whole platform). Managers: only their own outlet.' }),
  }),
);

export const RepeatRepairFigure = z
  .object({
    scope: z.object({ outletId: ObjectId.nullable(), name: z.string() }),
    period: Period,
    closed: z.number().int().meta({ description: 'Orders closed in the period' }),
    repeated: z.number().int().meta({ description: 'Of them, repeated repairs of the same fault' }),
    secondVisits: z.number().int().meta({ description: 'Repeated repairs that were free second visits' }),
    repeatBookings: z.number().int().meta({ description: 'Repeated repairs booked as normal orders within the warranty' }),
    rate: z.number().min(0).max(1).nullable(),
    rateText: z.string(),
    definition: z.string(),
  })
  .meta({ id: 'RepeatRepairFigure' });

export type SecondVisitOfferView = z.infer<typeof SecondVisitOfferView>;
export type ApplianceLife = z.infer<typeof ApplianceLife>;
export type ApplianceLifeOrder = z.infer<typeof ApplianceLifeOrder>;
export type RepeatRepairFigure = z.infer<typeof RepeatRepairFigure>;
