import { z } from 'zod';
import { DispatchBody, IdParams, StaffOrderListQuery, OrderSummary, OrderView, api, pageOf } from '@fangxin/shared';
import { defineRoute, route, type AnyRouteSpec } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { AppDeps } from '../../deps';
import { findScopedOr404 } from '../../lib/scope';
import { Outlet, type OutletRecord } from '../network/model';
import { loadOrderFor } from './access';
import { presentOrder } from './presenter';
import * as dispatch from './dispatch';
import * as queries from './queries';
import { evidencePack } from './evidence';
import { setDayCapacity, availability } from './slots';

const STAFF = ['outlet_manager', 'platform_admin'] as const;

const CandidateView = z.object({
  engineerId: z.string(),
  userId: z.string(),
  name: z.string(),
  employeeNo: z.string(),
  qualityScore: z.number(),
  load: z.number(),
  skillScore: z.number().nullable(),
  eligible: z.boolean(),
  rank: z.number().nullable(),
  reasons: z.array(z.string()),
});

/** Outlet staff: the order queue, dispatch with explained suggestions, offers, reassignment, slot capacity. */
export function staffOrderRoutes(deps: AppDeps): AnyRouteSpec[] {
  const dispatchDeps = { clock: deps.clock, offerTierMinutes: deps.config.OFFER_TIER_MINUTES };
  return [
    defineRoute({
      method: 'get',
      path: '/orders',
      summary: 'Orders of my outlet (all outlets for platform admins): filters, order-number / phone-tail search, sorting',
      tags: ['dispatch'],
      auth: STAFF,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      query: StaffOrderListQuery,
      response: pageOf(OrderSummary),
      handler: (ctx, { query }) => queries.listStaffOrders(ctx.state.user!, query),
    }),
    defineRoute({
      method: 'get',
      path: '/orders/:id/candidates',
      summary: 'Ranked dispatch suggestions (S6): why each engineer ranks where they do, why others are excluded',
      tags: ['dispatch'],
      auth: STAFF,
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      response: z.object({ items: z.array(CandidateView) }),
      errors: ['not_found'],
      handler: async (ctx, { params }) => ({ items: await dispatch.rankCandidates((await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['staff'])).order) }),
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:id/dispatch',
      summary: 'Dispatch to an eligible engineer',
      tags: ['dispatch'],
      auth: STAFF,
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      body: DispatchBody,
      response: OrderView,
      errors: ['not_found', 'illegal_transition', 'engineer_not_eligible'],
      handler: async (ctx, { params, body }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['staff']);
        return presentOrder(await dispatch.dispatchOrder(dispatchDeps, ctx.state.user!, order, body.engineerId), 'staff', ctx.state.user!.role, deps.clock.now());
      },
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:id/reassign',
      summary: 'Move the order to another eligible engineer (the previous engineer’s card stops matching at once)',
      tags: ['dispatch'],
      auth: STAFF,
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      body: DispatchBody,
      response: OrderView,
      errors: ['not_found', 'illegal_transition', 'engineer_not_eligible'],
      handler: async (ctx, { params, body }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['staff']);
        return presentOrder(await dispatch.reassignOrder(dispatchDeps, ctx.state.user!, order, body.engineerId), 'staff', ctx.state.user!.role, deps.clock.now());
      },
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:id/offer',
      summary: 'Offer mode: every eligible engineer may take it, higher-scored tiers first',
      tags: ['dispatch'],
      auth: STAFF,
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      response: z.object({ order: OrderView, tiers: z.array(z.object({ engineerId: z.string(), releaseAt: z.string() })) }),
      errors: ['not_found', 'illegal_transition', 'engineer_not_eligible'],
      handler: async (ctx, { params }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['staff']);
        const result = await dispatch.offerOrder(dispatchDeps, ctx.state.user!, order);
        return { order: presentOrder(result.order, 'staff', ctx.state.user!.role, deps.clock.now()), tiers: result.tiers };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:id/contact',
      summary: 'Reveal the customer’s full phone and address (audit-logged, S10)',
      tags: ['dispatch'],
      auth: STAFF,
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      response: z.object({ name: z.string(), phone: z.string(), districtCode: z.string(), detail: z.string(), full: z.boolean() }),
      errors: ['not_found'],
      handler: async (ctx, { params }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['staff']);
        return queries.revealContact(deps.clock, ctx.state.user!, order, { ip: clientIp(ctx), requestId: ctx.state.requestId });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/orders/:id/evidence',
      summary: 'Download the evidence pack for a dispute (timeline with chain check, quotes, photos with hashes, payment, survey, complaints)',
      tags: ['dispatch'],
      auth: STAFF,
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      response: z.unknown().meta({ description: 'A JSON document, sent as an attachment named evidence-<orderNo>.json' }),
      errors: ['not_found'],
      handler: async (ctx, { params }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['staff']);
        ctx.set('Content-Disposition', `attachment; filename="evidence-${order.orderNo}.json"`);
        return evidencePack(deps.clock, ctx.state.user!, order, { ip: clientIp(ctx), requestId: ctx.state.requestId });
      },
    }),
    route(api.network.outletSlots, {
      access: { record: 'outlet', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params, query }) => {
        const outlet = await findScopedOr404<OutletRecord>(Outlet, params.id, ctx.state.user!, { field: '_id', what: '网点' });
        return { days: await availability([outlet], query.from, query.to, deps.clock.now()) };
      },
    }),
    route(api.network.setDayCapacity, {
      access: { record: 'outlet', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params, body }) => {
        const outlet = await findScopedOr404<OutletRecord>(Outlet, params.id, ctx.state.user!, { field: '_id', what: '网点' });
        const slots = await setDayCapacity(outlet, params.day, body.windows);
        return { slots: slots.map((s) => ({ window: s.window, capacity: s.capacity, booked: s.booked })) };
      },
    }),
  ];
}
