import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../../http/route';
import { clientIp } from '../../../http/auth';
import type { AppDeps } from '../../../deps';
import { scopedOutletOr404 } from '../../network/reads';
import { loadOrderFor } from '../access';
import { command } from '../command';
import * as dispatch from './dispatch';
import * as offers from './offers';
import * as queries from '../queries';
import { evidencePack } from '../evidence';
import { setDayCapacity, availability } from '../booking/slots';
import { setDispatchMode } from '../../network/service';
import { staffActor } from '../../users/actor';
import { orderDispatchInfo } from './info';

/** Outlet staff: the order queue, dispatch with explained suggestions, offers, reassignment, slot capacity. */
export function staffOrderRoutes(deps: AppDeps): AnyRouteSpec[] {
  const dispatchDeps = { clock: deps.clock, offerTierMinutes: deps.config.OFFER_TIER_MINUTES };
  return [
    route(api.orders.list, {
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      handler: (ctx, { query }) => queries.listStaffOrders(ctx.state.user!, query),
    }),
    route(api.orders.candidates, {
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params }) => ({ items: await dispatch.rankCandidates((await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['staff'])).order) }),
    }),
    route(api.orders.dispatch, {
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: command(deps, ['staff'], ({ body }) => dispatch.dispatchOrder(dispatchDeps, body.engineerId)),
    }),
    route(api.orders.reassign, {
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: command(deps, ['staff'], ({ body }) => dispatch.reassignOrder(dispatchDeps, body.engineerId)),
    }),
    route(api.dispatch.setOutletMode, {
      access: { record: 'outlet', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: (ctx, { params, body }) => setDispatchMode(deps.clock, staffActor(ctx), params.id, body.mode),
    }),
    route(api.dispatch.orderInfo, {
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params }) => orderDispatchInfo((await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['staff'])).order),
    }),
    route(api.orders.offer, {
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: command(deps, ['staff'], () => offers.offerOrder(dispatchDeps), ({ order, result }, present) => ({ order: present(order), tiers: result })),
    }),
    route(api.orders.revealContact, {
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['staff']);
        return queries.revealContact(deps.clock, ctx.state.user!, order, { ip: clientIp(ctx), requestId: ctx.state.requestId });
      },
    }),
    route(api.orders.evidence, {
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['staff']);
        ctx.set('Content-Disposition', `attachment; filename="evidence-${order.orderNo}.json"`);
        return evidencePack(deps.clock, ctx.state.user!, order, { ip: clientIp(ctx), requestId: ctx.state.requestId });
      },
    }),
    // The slot calendar is declared with the outlets (api.network), served here with the booking code it shares.
    route(api.network.outletSlots, {
      access: { record: 'outlet', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params, query }) => {
        const outlet = await scopedOutletOr404(ctx.state.user!, params.id);
        return { days: await availability([outlet], query.from, query.to, deps.clock.now()) };
      },
    }),
    route(api.network.setDayCapacity, {
      access: { record: 'outlet', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params, body }) => {
        const outlet = await scopedOutletOr404(ctx.state.user!, params.id);
        const slots = await setDayCapacity(outlet, params.day, body.windows);
        return { slots: slots.map((s) => ({ window: s.window, capacity: s.capacity, booked: s.booked })) };
      },
    }),
  ];
}
