import { z } from 'zod';
import { CheckInBody, DeclineBody, IdParams, OrderSummary, OrderView, PartsWaitBody, PaymentBody, Pagination, QuoteBody, ReportBody, pageOf } from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import { loadOrderFor } from './access';
import { presentOrder, presentSummary } from './presenter';
import * as dispatch from './dispatch';
import * as field from './field';
import * as queries from './queries';
import type { OrderRecord } from './model';
import type { AuthUser } from '../../core/authUser';

type FieldAction = (order: OrderRecord, user: AuthUser, input: { body: never }) => Promise<OrderRecord>;

/** The engineer's side: offers, tasks, and each step of the field workflow. */
export function engineerOrderRoutes(deps: AppDeps): AnyRouteSpec[] {
  const dispatchDeps = { clock: deps.clock, offerTierMinutes: deps.config.OFFER_TIER_MINUTES };
  const step = (path: string, summary: string, run: FieldAction, options: { body?: z.ZodType; errors?: AnyRouteSpec['errors'] } = {}) =>
    defineRoute({
      method: 'post',
      path: `/orders/:id/${path}`,
      summary,
      tags: ['field'],
      auth: ['engineer'],
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 'own', manager: 403, admin: 403 },
      params: IdParams,
      ...(options.body ? { body: options.body } : {}),
      response: OrderView,
      errors: ['not_found', 'illegal_transition', ...(options.errors ?? [])],
      handler: async (ctx, input) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, input.params.id, ['engineer']);
        return presentOrder(await run(order, ctx.state.user!, input as unknown as { body: never }), 'engineer', 'engineer', deps.clock.now());
      },
    });

  return [
    defineRoute({
      method: 'get',
      path: '/engineer/offers',
      summary: 'Orders offered to me now (district, slot and category; not the customer’s identity)',
      tags: ['field'],
      auth: ['engineer'],
      access: { anonymous: 401, customer: 403, engineer: 'any', manager: 403, admin: 403 },
      response: z.object({ items: z.array(OrderSummary) }),
      handler: async (ctx) => ({ items: (await dispatch.listOffers(deps.clock, ctx.state.user!)).map((o) => presentSummary(o, 'offered')) }),
    }),
    defineRoute({
      method: 'get',
      path: '/engineer/orders',
      summary: 'My tasks: today, upcoming, or history',
      tags: ['field'],
      auth: ['engineer'],
      access: { anonymous: 401, customer: 403, engineer: 'any', manager: 403, admin: 403 },
      query: Pagination.extend({ scope: z.enum(['today', 'upcoming', 'history']).default('today') }),
      response: pageOf(OrderSummary),
      handler: (ctx, { query }) => queries.listEngineerOrders(deps.clock, ctx.state.user!, query),
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:id/claim',
      summary: 'Take an offered order: the first engineer wins, the rest get 409 already_taken',
      tags: ['field'],
      auth: ['engineer'],
      access: { record: 'offer', anonymous: 401, customer: 403, engineer: 'outlet', manager: 403, admin: 403 },
      params: IdParams,
      response: OrderView,
      errors: ['not_found', 'already_taken', 'engineer_not_eligible'],
      handler: async (ctx, { params }) => presentOrder(await dispatch.claimOrder(dispatchDeps, ctx.state.user!, params.id), 'engineer', 'engineer', deps.clock.now()),
    }),
    step('accept', 'Accept the dispatch', (order, user) => dispatch.acceptOrder(dispatchDeps, user, order)),
    step('decline', 'Decline the dispatch with a reason; the order returns to the outlet', (order, user, { body }) => dispatch.declineOrder(dispatchDeps, user, order, (body as { reason: string }).reason), { body: DeclineBody }),
    step('depart', 'Leave for the customer', (order, user) => field.departOrder(deps.clock, user, order)),
    step('check-in', 'Check in by scanning the customer’s service code (S4)', (order, user, { body }) => field.checkIn(deps.clock, user, order, (body as { serviceCode: string }).serviceCode), {
      body: CheckInBody,
      errors: ['service_code_invalid'],
    }),
    step('quotes', 'Quote from the catalogue (S5): the server prices every item and computes the total', (order, user, { body }) => field.quoteOrder(deps.clock, user, order, body), {
      body: QuoteBody,
      errors: ['catalog_item_not_found'],
    }),
    step('start', 'Start the work (only on a confirmed quote)', (order, user) => field.startService(deps.clock, user, order), { errors: ['quote_not_confirmed'] }),
    step('wait-for-parts', 'Pause for parts with a reason and an expected date (the customer sees why)', (order, user, { body }) => {
      const b = body as { reason: string; expectedDate: string };
      return field.waitForParts(deps.clock, user, order, b.reason, b.expectedDate);
    }, { body: PartsWaitBody }),
    step('resume', 'Resume after the parts arrived', (order, user) => field.resumeService(deps.clock, user, order)),
    step('report', 'Submit the service report (parts must match the confirmed quote)', (order, user, { body }) => field.submitReport(deps.clock, user, order, body), {
      body: ReportBody,
      errors: ['parts_mismatch', 'quote_not_confirmed'],
    }),
    step('payment', 'Record the payment: exactly the confirmed total', (order, user, { body }) => field.recordPayment(deps.clock, user, order, body), {
      body: PaymentBody,
      errors: ['bill_exceeds_quote', 'payment_mismatch', 'quote_not_confirmed', 'conflict'],
    }),
    step('complete', 'Complete: report submitted and payment settled', (order, user) => field.completeOrder(deps.clock, user, order), { errors: ['report_required'] }),
  ];
}
