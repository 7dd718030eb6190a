import { z } from 'zod';
import { DAY_RANGE_MAX, Day, JsonObject, ObjectId, Pagination, pageOf, withDayRange } from './common';
import { ORDER_STATUSES } from '../domain/orderMachine';

export const AuditQuery = withDayRange(
  Pagination.extend({
  actorId: ObjectId.optional(),
  action: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[\w.:-]+$/, '操作名只能包含字母、数字、点、冒号、下划线和连字符')
    .optional()
    .meta({ description: 'Prefix match: `complaint.` lists every complaint action' }),
  target: z.string().trim().min(1).max(120).optional().meta({ description: 'Exact target, e.g. `order:FX20261124-00001`' }),
  from: Day.optional().meta({ description: 'On or after this day (Asia/Shanghai)' }),
  to: Day.optional().meta({ description: 'On or before this day (Asia/Shanghai)' }),
  }),
  DAY_RANGE_MAX.list,
);

export const AuditEntryView = z
  .object({
    id: ObjectId,
    at: z.string(),
    action: z.string(),
    actorId: ObjectId.nullable(),
    actorRole: z.string().nullable(),
    actorName: z.string().nullable(),
    outletId: ObjectId.nullable(),
    target: z.string().nullable(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    data: JsonObject.meta({ description: 'Details of the action, as recorded' }),
    summary: z
      .object({ zh: z.string(), en: z.string() })
      .meta({ description: 'The entry in one sentence: who did what to which object, and what came of it (no keys, ids or raw data)' }),
  })
  .meta({ id: 'AuditEntry' });

export const AuditPage = pageOf(AuditEntryView).meta({ id: 'AuditPage' });

export type AuditQuery = z.infer<typeof AuditQuery>;
export type AuditEntryView = z.infer<typeof AuditEntryView>;
export type AuditPage = z.infer<typeof AuditPage>;

/** Orders CSV export (admin): a period of Asia/Shanghai days, at most a year; outlet managers get their own outlet. */
export const ORDERS_EXPORT_MAX_DAYS = DAY_RANGE_MAX.list;

export const OrdersExportQuery = withDayRange(
  z.object({
    from: Day.meta({ description: 'Created on or after this day (Asia/Shanghai)' }),
    to: Day.meta({ description: 'Created on or before this day (Asia/Shanghai)' }),
    outletId: ObjectId.optional().meta({ description: 'Platform admins: one outlet (all when absent). Outlet managers: their own only.' }),
    status: z.enum(ORDER_STATUSES).optional(),
  }),
  ORDERS_EXPORT_MAX_DAYS,
);

export type OrdersExportQuery = z.infer<typeof OrdersExportQuery>;
