import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import { loadOrderFor } from '../orders/access';
import * as notifications from './service';
import * as messaging from './messaging';

export function notificationRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    route(api.notifications.list, {
      access: { anonymous: 401, customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      handler: (ctx, { query }) => notifications.listNotifications(ctx.state.user!.id, query),
    }),
    route(api.notifications.markRead, {
      access: { record: 'notification', anonymous: 401, customer: 'own', engineer: 'own', manager: 'own', admin: 'own' },
      handler: (ctx, { params }) => notifications.markRead(deps.clock, ctx.state.user!.id, params.id),
    }),
    route(api.notifications.markAllRead, {
      access: { anonymous: 401, customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      handler: (ctx) => notifications.markAllRead(deps.clock, ctx.state.user!.id),
    }),
      route(api.notifications.subscribeTemplates, {
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      handler: () => messaging.subscribeTemplates(deps.config),
    }),
    route(api.notifications.reportConsent, {
      access: { anonymous: 401, customer: 'any', engineer: 'any', manager: 403, admin: 403 },
      handler: (ctx, { body }) => messaging.reportConsent(deps.config, deps.clock, ctx.state.user!.id, body),
    }),
    route(api.notifications.channels, {
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      handler: (ctx) => messaging.channelsOf(ctx.state.user!.id),
    }),
    route(api.notifications.setChannels, {
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      handler: (ctx, { body }) => messaging.setChannels(deps.clock, ctx.state.user!.id, body),
    }),
    route(api.notifications.orderMessages, {
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params }) => {
        const { order } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['staff']);
        return messaging.orderMessages(order._id);
      },
    }),
  ];
}
