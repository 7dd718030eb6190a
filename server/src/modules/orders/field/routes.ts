import { api } from '@fangxin/shared';
import { route, type AccessMatrix, type AnyRouteSpec, type RouteContext } from '../../../http/route';
import type { AppDeps } from '../../../deps';
import { loadOrderFor } from '../access';
import { presentOrder, presentSummary } from '../presenter';
import * as dispatch from '../dispatch/dispatch';
import * as field from './work';
import * as queries from '../queries';
import type { OrderRecord } from '../model';

/** Each field step: the engineer on their own assigned order; everyone else is refused. */
const FIELD_STEP: AccessMatrix = { record: 'order', anonymous: 401, customer: 403, engineer: 'own', manager: 403, admin: 403 };

/** The engineer's side: offers, tasks, and each step of the field workflow. */
export function engineerOrderRoutes(deps: AppDeps): AnyRouteSpec[] {
  const dispatchDeps = { clock: deps.clock, offerTierMinutes: deps.config.OFFER_TIER_MINUTES };
  /** The caller's assigned order (404 for any other). */
  const assigned = async (ctx: RouteContext, id: string) => (await loadOrderFor(deps.clock, ctx.state.user!, id, ['engineer'])).order;
  const present = (order: OrderRecord) => presentOrder(order, 'engineer', 'engineer', deps.clock.now());

  return [
    route(api.orders.offers, {
      access: { anonymous: 401, customer: 403, engineer: 'any', manager: 403, admin: 403 },
      handler: async (ctx) => ({ items: (await dispatch.listOffers(deps.clock, ctx.state.user!)).map((o) => presentSummary(o, 'offered')) }),
    }),
    route(api.orders.tasks, {
      access: { anonymous: 401, customer: 403, engineer: 'any', manager: 403, admin: 403 },
      handler: (ctx, { query }) => queries.listEngineerOrders(deps.clock, ctx.state.user!, query),
    }),
    route(api.orders.claim, {
      access: { record: 'offer', anonymous: 401, customer: 403, engineer: 'outlet', manager: 403, admin: 403 },
      handler: async (ctx, { params }) => present(await dispatch.claimOrder(dispatchDeps, ctx.state.user!, params.id)),
    }),
    route(api.orders.accept, {
      access: FIELD_STEP,
      handler: async (ctx, { params }) => present(await dispatch.acceptOrder(dispatchDeps, ctx.state.user!, await assigned(ctx, params.id))),
    }),
    route(api.orders.decline, {
      access: FIELD_STEP,
      handler: async (ctx, { params, body }) => present(await dispatch.declineOrder(dispatchDeps, ctx.state.user!, await assigned(ctx, params.id), body.reason)),
    }),
    route(api.orders.depart, {
      access: FIELD_STEP,
      handler: async (ctx, { params }) => present(await field.departOrder(deps.clock, ctx.state.user!, await assigned(ctx, params.id))),
    }),
    route(api.orders.checkIn, {
      access: FIELD_STEP,
      handler: async (ctx, { params, body }) => present(await field.checkIn(deps.clock, ctx.state.user!, await assigned(ctx, params.id), body.serviceCode)),
    }),
    route(api.orders.quote, {
      access: FIELD_STEP,
      handler: async (ctx, { params, body }) => present(await field.quoteOrder(deps.clock, ctx.state.user!, await assigned(ctx, params.id), body)),
    }),
    route(api.orders.start, {
      access: FIELD_STEP,
      handler: async (ctx, { params }) => present(await field.startService(deps.clock, ctx.state.user!, await assigned(ctx, params.id))),
    }),
    route(api.orders.waitForParts, {
      access: FIELD_STEP,
      handler: async (ctx, { params, body }) => present(await field.waitForParts(deps.clock, ctx.state.user!, await assigned(ctx, params.id), body.reason, body.expectedDate)),
    }),
    route(api.orders.resume, {
      access: FIELD_STEP,
      handler: async (ctx, { params }) => present(await field.resumeService(deps.clock, ctx.state.user!, await assigned(ctx, params.id))),
    }),
    route(api.orders.report, {
      access: FIELD_STEP,
      handler: async (ctx, { params, body }) => present(await field.submitReport(deps.clock, ctx.state.user!, await assigned(ctx, params.id), body)),
    }),
    route(api.orders.payment, {
      access: FIELD_STEP,
      handler: async (ctx, { params, body }) => present(await field.recordPayment(deps.clock, ctx.state.user!, await assigned(ctx, params.id), body)),
    }),
    route(api.orders.complete, {
      access: FIELD_STEP,
      handler: async (ctx, { params }) => present(await field.completeOrder(deps.clock, ctx.state.user!, await assigned(ctx, params.id))),
    }),
  ];
}
