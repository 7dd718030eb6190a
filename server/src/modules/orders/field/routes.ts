import { api } from '@fangxin/shared';
import { route, type AccessMatrix, type AnyRouteSpec } from '../../../http/route';
import type { AppDeps } from '../../../deps';
import { command } from '../command';
import { presentOrder, presentSummary } from '../presenter';
import { clientIp } from '../../../http/auth';
import * as dispatch from '../dispatch/dispatch';
import * as offers from '../dispatch/offers';
import * as queries from '../queries';
import * as arrival from './arrival';
import * as quotes from './quotes';
import * as work from './work';

/** Each field step: the engineer on their own assigned order; everyone else is refused. */
const FIELD_STEP: AccessMatrix = { record: 'order', anonymous: 401, customer: 403, engineer: 'own', manager: 403, admin: 403 };

/** The engineer's side: offers, tasks, and each step of the field workflow. */
export function engineerOrderRoutes(deps: AppDeps): AnyRouteSpec[] {
  const dispatchDeps = { clock: deps.clock, offerTierMinutes: deps.config.OFFER_TIER_MINUTES };
  const clock = deps.clock;
  /** A step of the caller's assigned order (404 for any other). */
  const assigned = ['engineer'] as const;

  return [
    route(api.orders.offers, {
      access: { anonymous: 401, customer: 403, engineer: 'any', manager: 403, admin: 403 },
      handler: async (ctx) => ({ items: (await offers.listOffers(deps.clock, ctx.state.user!)).map((o) => presentSummary(o, 'offered')) }),
    }),
    route(api.orders.tasks, {
      access: { anonymous: 401, customer: 403, engineer: 'any', manager: 403, admin: 403 },
      handler: (ctx, { query }) => queries.listEngineerOrders(deps.clock, ctx.state.user!, query),
    }),
    route(api.orders.claim, {
      access: { record: 'offer', anonymous: 401, customer: 403, engineer: 'outlet', manager: 403, admin: 403 },
      // Offered before, assigned once claimed: presented as the engineer's own order.
      handler: command(deps, ['offered'], (_input, user) => offers.claimOrder(dispatchDeps, user), ({ order }, present) => present(order, 'engineer')),
    }),
    route(api.orders.accept, { access: FIELD_STEP, handler: command(deps, assigned, () => dispatch.acceptOrder(dispatchDeps)) }),
    route(api.orders.decline, { access: FIELD_STEP, handler: command(deps, assigned, ({ body }) => dispatch.declineOrder(dispatchDeps, body.reason)) }),
    route(api.orders.depart, { access: FIELD_STEP, handler: command(deps, assigned, () => arrival.departOrder(clock)) }),
    route(api.orders.checkIn, {
      access: FIELD_STEP,
      // Besides each code's own limit of wrong tries (S4): no engineer or address guesses codes across orders quickly.
      rateLimit: (ctx) => [
        { key: `check-in-user:${ctx.state.user?.id ?? 'anonymous'}`, limit: 20, windowSeconds: 60, message: '签到尝试过于频繁，请稍后再试' },
        { key: `check-in-ip:${clientIp(ctx)}`, limit: 60, windowSeconds: 60, message: '签到尝试过于频繁，请稍后再试' },
      ],
      handler: async (ctx, { params, body }) => {
        const user = ctx.state.user!;
        const { order, relation } = await arrival.checkInWithCode(clock, user, params.id, body.serviceCode);
        return presentOrder(order, relation!, user.role, clock.now());
      },
    }),
    route(api.orders.quote, { access: FIELD_STEP, handler: command(deps, assigned, ({ body }) => quotes.quoteOrder(clock, body)) }),
    route(api.orders.start, { access: FIELD_STEP, handler: command(deps, assigned, () => work.startService(clock)) }),
    route(api.orders.waitForParts, { access: FIELD_STEP, handler: command(deps, assigned, ({ body }) => work.waitForParts(clock, body.reason, body.expectedDate)) }),
    route(api.orders.resume, { access: FIELD_STEP, handler: command(deps, assigned, () => work.resumeService(clock)) }),
    route(api.orders.report, { access: FIELD_STEP, handler: command(deps, assigned, ({ body }) => work.submitReport(clock, body)) }),
    route(api.orders.payment, { access: FIELD_STEP, handler: command(deps, assigned, ({ body }) => work.recordPayment(clock, body)) }),
    route(api.orders.complete, { access: FIELD_STEP, handler: command(deps, assigned, () => work.completeOrder(clock)) }),
  ];
}
