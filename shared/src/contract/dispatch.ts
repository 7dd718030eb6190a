import { IdParams } from '../schemas/common';
import { DispatchModeBody, OrderDispatchInfo, OutletDispatchMode } from '../schemas/dispatch';
import { endpoint } from './endpoint';

const STAFF = ['outlet_manager', 'platform_admin'] as const;

/** Dispatch across outlets and inside one (issue 19): each outlet's dispatch mode; why an order went where it did. */
export const dispatch = {
  setOutletMode: endpoint({
    method: 'put',
    path: '/outlets/:id/dispatch-mode',
    summary: 'Set how an outlet hands its new orders to engineers: manual, offers in tiers, or automatic',
    description: 'The outlet’s manager or a platform admin; another outlet is 404. Applies to orders booked from now on and to escalations. Audit-logged.',
    tags: ['dispatch'],
    auth: STAFF,
    params: IdParams,
    body: DispatchModeBody,
    response: OutletDispatchMode,
    errors: ['not_found'],
  }),
  orderInfo: endpoint({
    method: 'get',
    path: '/orders/:id/dispatch-info',
    summary: 'Why the order went to its outlet (routing), its outlet’s dispatch mode, its offer tiers and its escalation',
    tags: ['dispatch'],
    auth: STAFF,
    params: IdParams,
    response: OrderDispatchInfo,
    errors: ['not_found'],
  }),
};
