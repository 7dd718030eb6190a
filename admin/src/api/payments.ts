import { api, type ReconciliationQuery, type RefundBody } from '@fangxin/shared';
import { requestClient } from './request';

/** Issue 20.4: an order's online payments and refunds, staff refunds, and the daily reconciliation. */
/** `silent` for a section beside the main content (a drawer's part): its own line says it failed, no toast. */
export const getOrderPayments = (orderId: string, options: { silent?: boolean } = {}) =>
  requestClient.call(api.payments.ofOrder, { params: { id: orderId } }, { silent: options.silent ?? false });

export const syncOrderPayments = (orderId: string) => requestClient.call(api.payments.sync, { params: { id: orderId } });

export const refundOrder = (orderId: string, body: RefundBody) => requestClient.call(api.payments.refund, { params: { id: orderId }, body });

export const getReconciliation = (query: ReconciliationQuery) => requestClient.call(api.payments.reconciliation, { query });
