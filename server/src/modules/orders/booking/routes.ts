import { addDays, api, shanghaiDay } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../../http/route';
import type { AppDeps } from '../../../deps';
import { loadOrderFor } from '../access';
import { presentEvent, presentOrder } from '../presenter';
import * as booking from './booking';
import * as arrival from '../field/arrival';
import * as quotes from '../field/quotes';
import * as work from '../field/work';
import { command } from '../command';
import * as queries from '../queries';
import { requestRework } from '../rework/rework';
import { availability, outletsCovering, BOOKING_HORIZON_DAYS } from './slots';

/** Timeline events whose details the order's engineer must not read. */
const PRIVATE_FROM_ENGINEER = new Set(['survey_submitted']);

/** Booking and the customer's side of an order. */
export function customerOrderRoutes(deps: AppDeps): AnyRouteSpec[] {
  // Dispatch at booking follows the outlet's mode (issue 19).
  const bookingDeps = { clock: deps.clock, dispatch: { clock: deps.clock, offerTierMinutes: deps.config.OFFER_TIER_MINUTES } };
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
      handler: command(deps, ['customer', 'staff'], ({ body }, user) => booking.cancelOrder(bookingDeps, user, body.reason)),
    }),
    route(api.orders.reschedule, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 'outlet', admin: 'any' },
      handler: command(deps, ['customer', 'staff'], ({ body }, user) => booking.rescheduleOrder(bookingDeps, user, body.slot)),
    }),
    route(api.orders.serviceCode, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: command(deps, ['customer'], (_input, user) => arrival.issueServiceCode(deps.clock, user), ({ result }) => result),
    }),
    route(api.orders.confirmQuote, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: command(deps, ['customer'], ({ params }) => quotes.confirmQuote(deps.clock, params.no)),
    }),
    route(api.orders.rejectQuote, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: command(deps, ['customer'], ({ params, body }) => quotes.rejectQuote(deps.clock, params.no, body.reason)),
    }),
    route(api.orders.rework, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      // The new visit is presented, to its customer.
      handler: command(deps, ['customer'], ({ body }, user) => requestRework(deps.clock, user, body), ({ result }, present) => present(result)),
    }),
    route(api.orders.acceptWork, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: command(deps, ['customer'], () => work.acceptWork(deps.clock)),
    }),
    route(api.orders.receipt, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 'own', manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params }) => queries.receiptFor((await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer', 'engineer', 'staff'])).order),
    }),
  ];
}
