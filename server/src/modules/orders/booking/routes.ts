import { addDays, api, shanghaiDay } from '@fangxin/shared';
import { route, type AnyRouteSpec, type RouteContext } from '../../../http/route';
import type { AppDeps } from '../../../deps';
import { loadOrderFor } from '../access';
import { presentEvent, presentOrder } from '../presenter';
import * as booking from './booking';
import * as field from '../field/work';
import * as queries from '../queries';
import { requestRework } from '../rework/rework';
import { availability, outletsCovering, BOOKING_HORIZON_DAYS } from './slots';

/** Timeline events whose details the order's engineer must not read. */
const PRIVATE_FROM_ENGINEER = new Set(['survey_submitted']);

export const present = (ctx: RouteContext, deps: AppDeps) => (order: Parameters<typeof presentOrder>[0], relation: Parameters<typeof presentOrder>[1]) =>
  presentOrder(order, relation, ctx.state.user!.role, deps.clock.now());

/** Booking and the customer's side of an order. */
export function customerOrderRoutes(deps: AppDeps): AnyRouteSpec[] {
  const bookingDeps = { clock: deps.clock };
  return [
    route(api.orders.availability, {
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      handler: async (_ctx, { query }) => {
        const today = shanghaiDay(deps.clock.now());
        const from = query.from < today ? today : query.from;
        const last = addDays(today, BOOKING_HORIZON_DAYS);
        const to = query.to > last ? last : query.to;
        const outlets = await outletsCovering(query.districtCode);
        return { covered: outlets.length > 0, days: outlets.length && from <= to ? await availability(outlets, from, to, deps.clock.now()) : [] };
      },
    }),
    route(api.orders.create, {
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      handler: async (ctx, { body, headers }) => {
        const { order, created } = await booking.createOrder(bookingDeps, ctx.state.user!, body, headers['idempotency-key']);
        ctx.status = created ? 201 : 200;
        return presentOrder(order, 'customer', 'customer', deps.clock.now());
      },
    }),
    route(api.orders.mine, {
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      handler: (ctx, { query }) => queries.listCustomerOrders(ctx.state.user!, query),
    }),
    route(api.orders.get, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 'own', manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params }) => {
        const { order, relation } = await loadOrderFor(deps.clock, ctx.state.user!, params.id);
        return presentOrder(order, relation, ctx.state.user!.role, deps.clock.now());
      },
    }),
    route(api.orders.timeline, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 'own', manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params }) => {
        const { order, relation } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer', 'engineer', 'staff']);
        // S7: survey answers are private — the engineer sees that a survey was submitted, not its scores. The chain
        // verdict is computed on the full events; the engineer's copy of that event is marked redacted.
        const events = order.timeline.map(presentEvent).map((e) => (relation === 'engineer' && PRIVATE_FROM_ENGINEER.has(e.type) ? { ...e, data: { redacted: true } } : e));
        return { events, verdict: queries.chainVerdict(order) };
      },
    }),
    route(api.orders.verifyTimeline, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 'own', manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params }) => queries.chainVerdict((await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer', 'engineer', 'staff'])).order),
    }),
    route(api.orders.cancel, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params, body }) => {
        const { order, relation } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer', 'staff']);
        return present(ctx, deps)(await booking.cancelOrder(bookingDeps, ctx.state.user!, order, body.reason), relation);
      },
    }),
    route(api.orders.reschedule, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params, body }) => {
        const { order, relation } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer', 'staff']);
        return present(ctx, deps)(await booking.rescheduleOrder(bookingDeps, ctx.state.user!, order, body.slot), relation);
      },
    }),
    route(api.orders.serviceCode, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: async (ctx, { params }) => field.issueServiceCode(deps.clock, ctx.state.user!, (await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer'])).order),
    }),
    route(api.orders.confirmQuote, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: async (ctx, { params }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer']);
        return present(ctx, deps)(await field.confirmQuote(deps.clock, ctx.state.user!, order, params.no), 'customer');
      },
    }),
    route(api.orders.rejectQuote, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: async (ctx, { params, body }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer']);
        return present(ctx, deps)(await field.rejectQuote(deps.clock, ctx.state.user!, order, params.no, body.reason), 'customer');
      },
    }),
    route(api.orders.rework, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: async (ctx, { params, body }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer']);
        return present(ctx, deps)(await requestRework(deps.clock, ctx.state.user!, order, body), 'customer');
      },
    }),
    route(api.orders.acceptWork, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: async (ctx, { params }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer']);
        return present(ctx, deps)(await field.acceptWork(deps.clock, ctx.state.user!, order), 'customer');
      },
    }),
    route(api.orders.receipt, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 'own', manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params }) => queries.receiptFor((await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer', 'engineer', 'staff'])).order),
    }),
  ];
}
