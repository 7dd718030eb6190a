import { z } from 'zod';
import { IdParams, Pagination } from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import * as notifications from './service';

const NotificationView = z
  .object({ id: z.string(), type: z.string(), title: z.string(), body: z.string(), orderId: z.string().nullable(), read: z.boolean(), createdAt: z.string() })
  .meta({ id: 'Notification' });

export function notificationRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/notifications',
      summary: 'My in-app notifications, newest first',
      tags: ['notifications'],
      auth: 'authenticated',
      access: { anonymous: 401, customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      query: Pagination.extend({ unread: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }),
      response: z.object({ items: z.array(NotificationView), total: z.number(), unread: z.number(), page: z.number(), pageSize: z.number() }),
      handler: (ctx, { query }) => notifications.listNotifications(ctx.state.user!.id, query),
    }),
    defineRoute({
      method: 'post',
      path: '/notifications/:id/read',
      summary: 'Mark one of my notifications read',
      tags: ['notifications'],
      auth: 'authenticated',
      access: { record: 'notification', anonymous: 401, customer: 'own', engineer: 'own', manager: 'own', admin: 'own' },
      params: IdParams,
      response: NotificationView,
      errors: ['not_found'],
      handler: (ctx, { params }) => notifications.markRead(deps.clock, ctx.state.user!.id, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/notifications/read-all',
      summary: 'Mark all my notifications read',
      tags: ['notifications'],
      auth: 'authenticated',
      access: { anonymous: 401, customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      response: z.object({ updated: z.number() }),
      handler: (ctx) => notifications.markAllRead(deps.clock, ctx.state.user!.id),
    }),
  ];
}
