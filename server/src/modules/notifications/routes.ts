import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import * as notifications from './service';

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
  ];
}
