import { z } from 'zod';
import {
  AvailabilityQuery,
  CancelBody,
  ChainVerdictView,
  CreateOrderBody,
  IdParams,
  OrderListQuery,
  OrderSummary,
  OrderView,
  RejectQuoteBody,
  ReceiptView,
  RescheduleBody,
  ReworkBody,
  TimelineEventView,
  pageOf,
} from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec, type RouteContext } from '../../http/route';
import { AppError } from '../../core/errors';
import type { AppDeps } from '../../deps';
import { loadOrderFor } from './access';
import { presentEvent, presentOrder } from './presenter';
import * as booking from './booking';
import * as field from './field';
import * as queries from './queries';
import { requestRework } from './rework';
import { availability, outletsCovering, BOOKING_HORIZON_DAYS } from './slots';
import { addDays, shanghaiDay } from '@fangxin/shared';

/** Timeline events whose details the order's engineer must not read. */
const PRIVATE_FROM_ENGINEER = new Set(['survey_submitted']);

const IdempotencyKey = z.string().regex(/^[\w-]{8,64}$/, 'Idempotency-Key 须为 8-64 位字母、数字、- 或 _');
const QuoteParams = IdParams.extend({ no: z.coerce.number().int().min(1) });

export const present = (ctx: RouteContext, deps: AppDeps) => (order: Parameters<typeof presentOrder>[0], relation: Parameters<typeof presentOrder>[1]) =>
  presentOrder(order, relation, ctx.state.user!.role, deps.clock.now());

/** Booking and the customer's side of an order. */
export function customerOrderRoutes(deps: AppDeps): AnyRouteSpec[] {
  const bookingDeps = { clock: deps.clock };
  return [
    defineRoute({
      method: 'get',
      path: '/slots/availability',
      summary: 'Bookable windows for a district and category (public)',
      description: `Remaining capacity per day and window across the outlets covering the district; up to ${BOOKING_HORIZON_DAYS} days ahead, windows starting at least 1 h from now.`,
      tags: ['booking'],
      auth: 'public',
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      query: AvailabilityQuery,
      response: z.object({
        covered: z.boolean(),
        days: z.array(z.object({ day: z.string(), windows: z.array(z.object({ window: z.string(), label: z.string(), startAt: z.string(), endAt: z.string(), remaining: z.number(), bookable: z.boolean() })) })),
      }),
      handler: async (_ctx, { query }) => {
        const today = shanghaiDay(deps.clock.now());
        const from = query.from < today ? today : query.from;
        const last = addDays(today, BOOKING_HORIZON_DAYS);
        const to = query.to > last ? last : query.to;
        const outlets = await outletsCovering(query.districtCode);
        return { covered: outlets.length > 0, days: outlets.length && from <= to ? await availability(outlets, from, to, deps.clock.now()) : [] };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/orders',
      summary: 'Book a service (idempotent with the Idempotency-Key header)',
      description: 'Reserves a slot atomically (409 slot_full when none is left). Retrying with the same Idempotency-Key returns the same order (200) instead of creating another; the same key with a different body is 409 idempotency_conflict.',
      tags: ['booking'],
      auth: ['customer'],
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      body: CreateOrderBody,
      status: 201,
      response: OrderView,
      errors: ['slot_full', 'slot_unavailable', 'outside_coverage', 'idempotency_conflict', 'not_found'],
      handler: async (ctx, { body }) => {
        const key = IdempotencyKey.safeParse(ctx.get('idempotency-key'));
        if (!key.success) throw new AppError('validation_failed', undefined, { fields: [{ path: 'headers.idempotency-key', message: '缺少或无效的 Idempotency-Key 请求头' }] });
        const { order, created } = await booking.createOrder(bookingDeps, ctx.state.user!, body, key.data);
        ctx.status = created ? 201 : 200;
        return presentOrder(order, 'customer', 'customer', deps.clock.now());
      },
    }),
    defineRoute({
      method: 'get',
      path: '/orders/mine',
      summary: 'My orders (customer), newest first',
      tags: ['orders'],
      auth: ['customer'],
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      query: OrderListQuery,
      response: pageOf(OrderSummary),
      handler: (ctx, { query }) => queries.listCustomerOrders(ctx.state.user!, query),
    }),
    defineRoute({
      method: 'get',
      path: '/orders/:id',
      summary: 'One order as the caller may see it, with the actions legal for them now',
      description: 'Customer: own orders. Engineer: assigned orders (and offered ones, without the customer’s identity). Staff: their outlet’s. Anything else is 404.',
      tags: ['orders'],
      auth: 'authenticated',
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 'own', manager: 'outlet', admin: 'any' },
      params: IdParams,
      response: OrderView,
      errors: ['not_found'],
      handler: async (ctx, { params }) => {
        const { order, relation } = await loadOrderFor(deps.clock, ctx.state.user!, params.id);
        return presentOrder(order, relation, ctx.state.user!.role, deps.clock.now());
      },
    }),
    defineRoute({
      method: 'get',
      path: '/orders/:id/timeline',
      summary: 'The order’s hash-chained timeline (S12)',
      tags: ['orders'],
      auth: ['customer', 'engineer', 'outlet_manager', 'platform_admin'],
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 'own', manager: 'outlet', admin: 'any' },
      params: IdParams,
      response: z.object({ events: z.array(TimelineEventView), verdict: ChainVerdictView }),
      errors: ['not_found'],
      handler: async (ctx, { params }) => {
        const { order, relation } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer', 'engineer', 'staff']);
        // S7: survey answers are private — the engineer sees that a survey was submitted, not its scores. The chain
        // verdict is computed on the full events; the engineer's copy of that event is marked redacted.
        const events = order.timeline.map(presentEvent).map((e) => (relation === 'engineer' && PRIVATE_FROM_ENGINEER.has(e.type) ? { ...e, data: { redacted: true } } : e));
        return { events, verdict: queries.chainVerdict(order) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/orders/:id/timeline/verify',
      summary: 'Recompute the timeline’s hash chain: valid, or where it breaks',
      tags: ['orders'],
      auth: ['customer', 'engineer', 'outlet_manager', 'platform_admin'],
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 'own', manager: 'outlet', admin: 'any' },
      params: IdParams,
      response: ChainVerdictView,
      errors: ['not_found'],
      handler: async (ctx, { params }) => queries.chainVerdict((await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer', 'engineer', 'staff'])).order),
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:id/cancel',
      summary: 'Cancel before service starts (customer until the cutoff; outlet staff any time before service)',
      tags: ['orders'],
      auth: ['customer', 'outlet_manager', 'platform_admin'],
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      body: CancelBody,
      response: OrderView,
      errors: ['not_found', 'illegal_transition', 'too_late_to_change'],
      handler: async (ctx, { params, body }) => {
        const { order, relation } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer', 'staff']);
        return present(ctx, deps)(await booking.cancelOrder(bookingDeps, ctx.state.user!, order, body.reason), relation);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:id/reschedule',
      summary: 'Move the booking to another window (customer until the cutoff; outlet staff any time before departure)',
      tags: ['orders'],
      auth: ['customer', 'outlet_manager', 'platform_admin'],
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      body: RescheduleBody,
      response: OrderView,
      errors: ['not_found', 'illegal_transition', 'too_late_to_change', 'slot_full', 'slot_unavailable'],
      handler: async (ctx, { params, body }) => {
        const { order, relation } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer', 'staff']);
        return present(ctx, deps)(await booking.rescheduleOrder(bookingDeps, ctx.state.user!, order, body.slot), relation);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:id/service-code',
      summary: 'Issue the service code the engineer scans on arrival (S4: order-bound, 10 minutes, single use)',
      tags: ['orders'],
      auth: ['customer'],
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      params: IdParams,
      response: z.object({ serviceCode: z.string(), qrText: z.string(), expiresAt: z.string() }),
      errors: ['not_found', 'illegal_transition'],
      handler: async (ctx, { params }) => field.issueServiceCode(deps.clock, ctx.state.user!, (await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer'])).order),
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:id/quotes/:no/confirm',
      summary: 'Confirm the itemised quote; only then may work start',
      tags: ['orders'],
      auth: ['customer'],
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      params: QuoteParams,
      response: OrderView,
      errors: ['not_found', 'illegal_transition'],
      handler: async (ctx, { params }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer']);
        return present(ctx, deps)(await field.confirmQuote(deps.clock, ctx.state.user!, order, params.no), 'customer');
      },
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:id/quotes/:no/reject',
      summary: 'Reject the quote (the engineer may quote again, or the order may be cancelled)',
      tags: ['orders'],
      auth: ['customer'],
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      params: QuoteParams,
      body: RejectQuoteBody,
      response: OrderView,
      errors: ['not_found', 'illegal_transition'],
      handler: async (ctx, { params, body }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer']);
        return present(ctx, deps)(await field.rejectQuote(deps.clock, ctx.state.user!, order, params.no, body.reason), 'customer');
      },
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:id/rework',
      summary: 'Request a free second visit for the same problem (S8), within the warranty of the original work',
      description: 'Creates a linked order at the same outlet; covered items are priced 0. `engineer: same` dispatches to the original engineer at once when still eligible; `different` excludes them.',
      tags: ['orders'],
      auth: ['customer'],
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      params: IdParams,
      body: ReworkBody,
      status: 201,
      response: OrderView,
      errors: ['not_found', 'illegal_transition', 'outside_warranty', 'rework_exists', 'slot_full', 'slot_unavailable'],
      handler: async (ctx, { params, body }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer']);
        return present(ctx, deps)(await requestRework(deps.clock, ctx.state.user!, order, body), 'customer');
      },
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:id/accept-work',
      summary: 'Accept the finished work: the order closes',
      tags: ['orders'],
      auth: ['customer'],
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      params: IdParams,
      response: OrderView,
      errors: ['not_found', 'illegal_transition'],
      handler: async (ctx, { params }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer']);
        return present(ctx, deps)(await field.acceptWork(deps.clock, ctx.state.user!, order), 'customer');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/orders/:id/receipt',
      summary: 'The e-receipt: every item, warranty per item, payment',
      tags: ['orders'],
      auth: ['customer', 'engineer', 'outlet_manager', 'platform_admin'],
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 'own', manager: 'outlet', admin: 'any' },
      params: IdParams,
      response: ReceiptView,
      errors: ['not_found', 'illegal_transition'],
      handler: async (ctx, { params }) => queries.receiptFor((await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer', 'engineer', 'staff'])).order),
    }),
  ];
}
