import { api, type CallInput } from '@fangxin/shared';
import { requestClient } from './request';

/** What `GET /orders` filters on (outlet-scoped by the server; `StaffOrderListQuery` in shared). */
export type StaffOrderQuery = NonNullable<CallInput<typeof api.orders.list>['query']>;

export const listOrders = (query: StaffOrderQuery) => requestClient.call(api.orders.list, { query });

export const getOrder = (id: string) => requestClient.call(api.orders.get, { params: { id } });

export const getTimeline = (id: string) => requestClient.call(api.orders.timeline, { params: { id } });

export const verifyTimeline = (id: string) => requestClient.call(api.orders.verifyTimeline, { params: { id } });

export const getCandidates = (id: string) => requestClient.call(api.orders.candidates, { params: { id } }).then((r) => r.items);

export const dispatchOrder = (id: string, engineerId: string) => requestClient.call(api.orders.dispatch, { params: { id }, body: { engineerId } });

export const reassignOrder = (id: string, engineerId: string) => requestClient.call(api.orders.reassign, { params: { id }, body: { engineerId } });

export const offerOrder = (id: string) => requestClient.call(api.orders.offer, { params: { id } });

/** Why the order went to its outlet, the outlet's dispatch mode, its offer tiers and escalation (issue 19). */
export const getDispatchInfo = (id: string) => requestClient.call(api.dispatch.orderInfo, { params: { id } });

export const cancelOrder = (id: string, reason: string) => requestClient.call(api.orders.cancel, { params: { id }, body: { reason } });

/** Reveals the customer's full phone and address; the server writes an audit entry for every call (S10). */
export const revealContact = (id: string) => requestClient.call(api.orders.revealContact, { params: { id } });
