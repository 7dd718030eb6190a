import { IdParams } from '../schemas/common';
import {
  OrderPaymentsView,
  PrepayBody,
  PrepayView,
  ReconciliationQuery,
  ReconciliationView,
  RefundBody,
  RefundView,
  StandInConfirmBody,
  WechatNotifyBody,
  WechatNotifyHeaders,
} from '../schemas/payment';
import { endpoint } from './endpoint';

const STAFF = ['outlet_manager', 'platform_admin'] as const;
const ORDER_READERS = ['customer', 'engineer', ...STAFF] as const;
const tags = ['payments'] as const;

/**
 * Issue 20.4: online payment with refunds through WeChat Pay (APIv3), rules in shared/src/domain/payments.ts. The
 * order counts as paid only on WeChat Pay's verified word (a signed notification or a query), for exactly the amount due.
 */
export const payments = {
  ofOrder: endpoint({
    method: 'get',
    path: '/orders/:id/payments',
    summary: 'What is due online on the order now, its payments and refunds (with their states in words)',
    tags,
    auth: ORDER_READERS,
    params: IdParams,
    response: OrderPaymentsView,
    errors: ['not_found'],
  }),
  prepay: endpoint({
    method: 'post',
    path: '/orders/:id/payments',
    summary: 'The customer starts paying what is due: JSAPI (mini-program) or H5 (phone browser)',
    description:
      'One payment per order, purpose and amount: asking again for the same amount answers the open one (with fresh JSAPI parameters); a changed amount ' +
      'closes the old one first. JSAPI answers the signed requestPayment parameters; H5 answers WeChat’s cashier link (h5Url), `returnPath` appended as redirect_url. ' +
      '409 `illegal_transition` when nothing is due, `conflict` when already paid, `online_payment_unavailable` when online payment is off (the reason in words) ' +
      'or JSAPI without a WeChat sign-in; 502 when WeChat Pay does not answer.',
    tags,
    auth: ['customer'],
    params: IdParams,
    body: PrepayBody,
    response: PrepayView,
    errors: ['not_found', 'illegal_transition', 'conflict', 'online_payment_unavailable', 'upstream_unavailable', 'validation_failed'],
  }),
  sync: endpoint({
    method: 'post',
    path: '/orders/:id/payments/sync',
    summary: 'Back from paying: ask WeChat Pay about the order’s open payments now (a SUCCESS marks the order paid, as a notification would)',
    tags,
    auth: ['customer', ...STAFF],
    params: IdParams,
    response: OrderPaymentsView,
    errors: ['not_found', 'upstream_unavailable'],
  }),
  standInConfirm: endpoint({
    method: 'post',
    path: '/orders/:id/payments/stand-in-confirm',
    summary: 'Development and demos only: the customer confirms a JSAPI payment at the local WeChat Pay stand-in (what requestPayment does in WeChat)',
    description:
      'Only while the stand-in plays WeChat Pay (no WECHATPAY_* configuration); 409 `online_payment_unavailable` otherwise. The stand-in marks the transaction paid and ' +
      'sends its signed, encrypted notification to the server, exactly as WeChat Pay would; the answer is the order’s payments after that notification.',
    tags,
    auth: ['customer'],
    params: IdParams,
    body: StandInConfirmBody,
    response: OrderPaymentsView,
    errors: ['not_found', 'conflict', 'online_payment_unavailable', 'upstream_unavailable'],
  }),
  refund: endpoint({
    method: 'post',
    path: '/orders/:id/refunds',
    summary: 'Staff refund part or all of an online payment of the order (overpayment, cancellation, compensation)',
    description:
      'The refunds of a payment never add up to more than was paid (409 `refund_exceeds_paid`, nothing changes). Compensation of a resolved complaint is refunded on its own; this is for the rest.',
    tags,
    auth: STAFF,
    params: IdParams,
    body: RefundBody,
    status: 201,
    response: RefundView,
    errors: ['not_found', 'refund_exceeds_paid', 'illegal_transition', 'validation_failed'],
  }),
  reconciliation: endpoint({
    method: 'get',
    path: '/payments/reconciliation',
    summary: 'The day’s payments, refunds and mismatches (Asia/Shanghai day): all outlets for platform admins, their own for outlet managers',
    description: 'Open and paid payments of the day are compared with WeChat Pay’s own answer (a query each); differences are listed as issues.',
    tags,
    auth: STAFF,
    query: ReconciliationQuery,
    response: ReconciliationView,
    errors: ['validation_failed'],
  }),
  notify: endpoint({
    method: 'post',
    path: '/payments/wechat/notify',
    summary: 'WeChat Pay’s payment notification (TRANSACTION.SUCCESS), signed by the platform key, resource AES-256-GCM encrypted',
    description:
      'Verified before anything is read: Wechatpay-Signature over timestamp, nonce and the raw body with the platform key named by Wechatpay-Serial; a timestamp more ' +
      'than 5 minutes off is refused as a replay; the resource must decrypt with the APIv3 key and name our mchid and appid. Refused: 401 (signature) or 400, nothing changes. ' +
      'A duplicate answers 204 as the first one did.',
    tags,
    auth: 'public',
    headers: WechatNotifyHeaders,
    body: WechatNotifyBody,
    status: 204,
    response: null,
    errors: ['signature_invalid', 'validation_failed', 'online_payment_unavailable'],
  }),
  refundNotify: endpoint({
    method: 'post',
    path: '/payments/wechat/refund-notify',
    summary: 'WeChat Pay’s refund notification (REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED), verified as the payment notification is',
    tags,
    auth: 'public',
    headers: WechatNotifyHeaders,
    body: WechatNotifyBody,
    status: 204,
    response: null,
    errors: ['signature_invalid', 'validation_failed', 'online_payment_unavailable'],
  }),
};
