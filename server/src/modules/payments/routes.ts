import { api } from '@fangxin/shared';
import { AppError } from '../../core/errors';
import { route, type AccessMatrix, type AnyRouteSpec, type RouteContext } from '../../http/route';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../audit/service';
import { loadOrderFor } from '../orders/access';
import { reconciliation } from './reconciliation';
import { orderPayments, prepay, settleRefundNotice, settleTransaction, staffRefund, syncOrder } from './service';
import type { RemoteRefund, RemoteTransaction } from './wechatPay';

/** Anyone of the order (its customer, its engineer, its outlet's staff). */
const ORDER_READERS: AccessMatrix = { record: 'order', anonymous: 401, customer: 'own', engineer: 'own', manager: 'outlet', admin: 'any' };
const CUSTOMER_ONLY: AccessMatrix = { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 };
const CUSTOMER_OR_STAFF: AccessMatrix = { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 'outlet', admin: 'any' };
const STAFF_ON_ORDER: AccessMatrix = { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' };
const STAFF: AccessMatrix = { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' };
/** WeChat Pay's notifications: anyone may post; only a verified one changes anything. */
const WECHAT_PAY: AccessMatrix = { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' };

const rawBodyOf = (ctx: RouteContext): string => (ctx.request as { rawBody?: string }).rawBody ?? '';

/** Issue 20.4: online payment with refunds (rules: shared/src/domain/payments.ts; WeChat Pay: ./wechatPay.ts). */
export function paymentRoutes(deps: AppDeps): AnyRouteSpec[] {
  const { clock } = deps;
  const payDeps = { clock, wechatPay: deps.wechatPay, logger: deps.logger };

  /** A notification: verified (signature, serial, age, decryption, merchant) before anything is read; refusals are audited. */
  async function verified(ctx: RouteContext) {
    const gateway = await deps.wechatPay.gateway();
    try {
      return gateway.verifyNotification(ctx.headers, rawBodyOf(ctx));
    } catch (err) {
      await recordAudit(clock, { action: 'payment.notify_refused', actorRole: 'system', ip: ctx.ip, requestId: ctx.state.requestId, data: { reason: err instanceof AppError ? err.message : 'unreadable' } });
      throw err;
    }
  }

  return [
    route(api.payments.ofOrder, {
      access: ORDER_READERS,
      handler: async (ctx, { params }) => orderPayments(deps.wechatPay, (await loadOrderFor(clock, ctx.state.user!, params.id)).order),
    }),
    route(api.payments.prepay, {
      access: CUSTOMER_ONLY,
      rateLimit: (ctx) => [{ key: `prepay:${ctx.state.user!.id}`, limit: 30, windowSeconds: 60 }],
      handler: async (ctx, { params, body }) => {
        const { order } = await loadOrderFor(clock, ctx.state.user!, params.id, ['customer']);
        return prepay(payDeps, ctx.state.user!, order, { channel: body.channel, purpose: body.purpose, returnPath: body.returnPath, clientIp: ctx.ip || '127.0.0.1', publicBaseUrl: deps.config.PUBLIC_BASE_URL });
      },
    }),
    route(api.payments.sync, {
      access: CUSTOMER_OR_STAFF,
      handler: async (ctx, { params }) => {
        const { order } = await loadOrderFor(clock, ctx.state.user!, params.id, ['customer', 'staff']);
        await syncOrder(payDeps, order);
        if (ctx.state.user!.role !== 'customer') {
          await recordAudit(clock, { action: 'payment.sync', actorId: ctx.state.user!.id, actorRole: ctx.state.user!.role, outletId: String(order.outletId), target: `order:${order.orderNo}`, ip: ctx.ip, requestId: ctx.state.requestId });
        }
        return orderPayments(deps.wechatPay, (await loadOrderFor(clock, ctx.state.user!, params.id)).order);
      },
    }),
    route(api.payments.standInConfirm, {
      access: CUSTOMER_ONLY,
      handler: async (ctx, { params, body }) => {
        const { order } = await loadOrderFor(clock, ctx.state.user!, params.id, ['customer']);
        if (!deps.wechatPay.standIn) throw new AppError('online_payment_unavailable', '只有开发演示用的模拟微信支付可以这样确认付款');
        const gateway = await deps.wechatPay.gateway();
        const payments = await orderPayments(deps.wechatPay, order);
        if (!payments.payments.some((p) => p.outTradeNo === body.outTradeNo && p.state === 'open')) throw new AppError('not_found', '该订单没有这笔待支付的款项');
        await gateway.standInPay!(body.outTradeNo);
        // The stand-in has notified; a notification that could not arrive is made up for by asking.
        await syncOrder(payDeps, order);
        return orderPayments(deps.wechatPay, (await loadOrderFor(clock, ctx.state.user!, params.id)).order);
      },
    }),
    route(api.payments.refund, {
      access: STAFF_ON_ORDER,
      handler: async (ctx, { params, body }) => {
        const { order } = await loadOrderFor(clock, ctx.state.user!, params.id, ['staff']);
        return staffRefund(payDeps, ctx.state.user!, order, body);
      },
    }),
    route(api.payments.reconciliation, {
      access: STAFF,
      handler: (ctx, { query }) => reconciliation(payDeps, ctx.state.user!, query),
    }),
    route(api.payments.notify, {
      access: WECHAT_PAY,
      handler: async (ctx) => {
        const { eventType, resource } = await verified(ctx);
        if (eventType === 'TRANSACTION.SUCCESS') await settleTransaction(payDeps, resource as unknown as RemoteTransaction, 'notify');
      },
    }),
    route(api.payments.refundNotify, {
      access: WECHAT_PAY,
      handler: async (ctx) => {
        const { eventType, resource } = await verified(ctx);
        if (eventType.startsWith('REFUND.')) await settleRefundNotice(payDeps, resource as unknown as RemoteRefund);
      },
    }),
  ];
}
