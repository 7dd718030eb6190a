import { z } from 'zod';
import { DISPATCH_MODES, ESCALATION_OUTCOMES, ROUTING_REASONS } from '../domain/routing';
import { ObjectId } from './common';

export const DispatchModeBody = z
  .object({ mode: z.enum(DISPATCH_MODES).meta({ description: 'manual: the manager dispatches; offer: offered in tiers at booking; auto: assigned at booking to the best eligible engineer' }) })
  .meta({ id: 'DispatchModeBody' });

export const OutletDispatchMode = z.object({ outletId: ObjectId, mode: z.enum(DISPATCH_MODES) }).meta({ id: 'OutletDispatchMode' });

/** How an order was routed and dispatched, for outlet staff. */
export const OrderDispatchInfo = z
  .object({
    mode: z.enum(DISPATCH_MODES).meta({ description: 'The order’s outlet’s dispatch mode now' }),
    routing: z
      .object({
        outletId: ObjectId,
        reason: z.enum(ROUTING_REASONS),
        score: z.number().nullable().meta({ description: 'The chosen outlet’s stored quality score at booking; null: 暂无评分' }),
        remaining: z.number().int().meta({ description: 'Places the chosen outlet had left in the window before this booking' }),
        alternatives: z.array(
          z.object({ outletId: ObjectId, name: z.string(), score: z.number().nullable(), remaining: z.number().int(), rank: z.number().int() }),
        ),
        decidedAt: z.string(),
      })
      .nullable()
      .meta({ description: 'Why the booking went to this outlet (null for orders booked before routing was recorded, and second visits)' }),
    escalation: z
      .object({
        at: z.string(),
        afterMinutes: z.number().int(),
        outcome: z.enum(ESCALATION_OUTCOMES),
      })
      .nullable()
      .meta({ description: 'Set once the order, left undispatched, was escalated' }),
    escalationDueAt: z.string().nullable().meta({ description: 'When a pending order will be escalated if nobody dispatches it (null once escalated or dispatched)' }),
    offer: z
      .object({
        tiers: z.array(z.object({ tier: z.number().int(), engineers: z.number().int(), releaseAt: z.string(), told: z.boolean() })),
      })
      .nullable()
      .meta({ description: 'The open offer: each tier, when it sees the order and whether it has been told' }),
  })
  .meta({ id: 'OrderDispatchInfo' });

export type DispatchModeBody = z.infer<typeof DispatchModeBody>;
export type OutletDispatchMode = z.infer<typeof OutletDispatchMode>;
export type OrderDispatchInfo = z.infer<typeof OrderDispatchInfo>;
