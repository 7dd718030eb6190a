import { IdParams } from '../schemas/common';
import { ApplianceLife, RepeatRepairFigure, RepeatRepairQuery, SecondVisitOfferAnswer } from '../schemas/applianceLife';
import { endpoint } from './endpoint';

/**
 * Issue 20.3: an appliance over its life (its orders, parts replaced with serials, warranties still running), the free
 * second visit offered at booking, and the repeated-repair figure. Rules in shared/src/domain/applianceHistory.ts.
 */
export const appliances = {
  life: endpoint({
    method: 'get',
    path: '/me/appliances/:id/life',
    summary: 'One of my appliances over its life: orders, parts with serials, warranties still running, the second visit on offer',
    tags: ['customer'],
    auth: ['customer'],
    params: IdParams,
    response: ApplianceLife,
    errors: ['not_found'],
  }),
  secondVisitOffer: endpoint({
    method: 'get',
    path: '/me/appliances/:id/second-visit-offer',
    summary: 'Booking check: is an earlier repair of this appliance still under warranty (book the free second visit instead)?',
    description:
      'Answers the original order to book the free second visit for (`POST /orders/{orderId}/rework`), or `offer: null`. ' +
      'A normal booking for the appliance stays possible; while an offer stands the new order records it as `repeatOf`, ' +
      'and counts as a repeated repair when its confirmed work repeats the original’s.',
    tags: ['customer'],
    auth: ['customer'],
    params: IdParams,
    response: SecondVisitOfferAnswer,
    errors: ['not_found'],
  }),
  orderApplianceLife: endpoint({
    method: 'get',
    path: '/orders/:id/appliance-life',
    summary: 'Staff: the life of the appliance an order is for (managers: orders of their outlet; platform admins: any)',
    description: '404 when the order names no registered appliance.',
    tags: ['orders'],
    auth: ['outlet_manager', 'platform_admin'],
    params: IdParams,
    response: ApplianceLife,
    errors: ['not_found'],
  }),
  repeatRepairs: endpoint({
    method: 'get',
    path: '/analytics/repeat-repairs',
    summary: '重复维修率: repeated repairs of the same fault among the orders closed in a period',
    description: 'Managers: their own outlet only (another outletId → 404). The definition is in the answer and in shared/src/domain/applianceHistory.ts.',
    tags: ['analytics'],
    auth: ['outlet_manager', 'platform_admin'],
    query: RepeatRepairQuery,
    response: RepeatRepairFigure,
    errors: ['not_found'],
  }),
};
